"""`docenv diff`: each kind of change and its breaking flag, a doc's history read through git,
the three formats, hostile text in Markdown, and every way an argument can fail to name a doc."""

from __future__ import annotations

import html
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from docenv.generate.parse import parse_document
from docenv.cli import main
from docenv.diff.command import run
from docenv.diff.compare import Change, Report, SectionChanges, compare
from docenv.diff.formats import markdown, render
from docenv.targets.escaping import markdown_cell as markdown_text
from docenv.diff.sources import git_location
from docenv.model.errors import DocenvError

from .conftest import FIXTURES

HISTORY = FIXTURES / "diff" / "history"
HEADER = "| Variable | Description | Required | Default | Type |\n| --- | --- | --- | --- | --- |\n"
Row = tuple[str, str, str, str, str]


def doc(*rows: Row, section: str = "Service") -> str:
    return f"# Doc\n\n## {section}\n\n{HEADER}" + "".join(f"| {' | '.join(row)} |\n" for row in rows)


def changes(old: str, new: str) -> list[tuple[str, str, str | None, str | None, bool]]:
    report = compare(parse_document(old, "old.md").document, parse_document(new, "new.md").document,
                     "old.md", "new.md")
    return [(c.kind, c.name, c.old, c.new, c.breaking) for c in report.changes]


def row(name: str, description: str = "A setting", required: str = "No", default: str = "", kind: str = "") -> Row:
    return (name, description, required, default, kind)


PORT = row("`PORT`", "Port the server listens on", default="`8080`")
HOST = row("`HOST`", "Host the server binds", default="`0.0.0.0`")
AUTH = row("`AUTH_ENABLED`", "Turns on login", default="`false`")
AUTH_URL = row("`AUTH_URL`", "Login server")
AUTH_URL_IF_TRUE = row("`AUTH_URL`", "Login server", "Required if `AUTH_ENABLED` is `true`")
MODE_AB = row("`MODE`", kind="enum: a, b")
DB_HOST = row("`DB_HOST`", "Database host")
DB_HOST_REQUIRED = row("`DB_HOST`", "Database host", "Yes")
Expected = list[tuple[str, str, str | None, str | None, bool]]

# name: (old rows, new rows, expected (kind, name, old, new, breaking))
CASES: dict[str, tuple[tuple[Row, ...], tuple[Row, ...], Expected]] = {
    "added optional": ((PORT,), (PORT, HOST), [("added", "HOST", None, "str, default 0.0.0.0", False)]),
    "added required": ((PORT,), (PORT, DB_HOST_REQUIRED), [("added", "DB_HOST", None, "str, required", True)]),
    "added required with a default (never applied)": (
        (PORT,), (PORT, row("`DB_HOST`", "Database host", "Yes", "`db`")),
        [("added", "DB_HOST", None, "str, required", True)]),
    "added required-if": ((AUTH,), (AUTH, AUTH_URL_IF_TRUE),
                          [("added", "AUTH_URL", None, "url, required if AUTH_ENABLED is true", False)]),
    "removed": ((PORT, HOST), (PORT,), [("removed", "HOST", "str, default 0.0.0.0", None, True)]),
    "renamed, same description up to case and spaces": (
        (PORT, HOST), (PORT, row("`BIND_HOST`", "host  the server BINDS", default="`0.0.0.0`")),
        [("renamed", "BIND_HOST", "HOST", "BIND_HOST", True)]),
    "renamed, old name kept as an alias": (
        (PORT, HOST), (PORT, row("`BIND_HOST`, `HOST`", "Address to bind", default="`0.0.0.0`")),
        [("renamed", "BIND_HOST", "HOST", "BIND_HOST", False)]),
    "renamed and its default changed": (
        (HOST,), (row("`BIND_HOST`", "Host the server binds", default="`::`"),),
        [("renamed", "BIND_HOST", "HOST", "BIND_HOST", True), ("default", "BIND_HOST", "0.0.0.0", "::", True)]),
    "different description: not a rename": (
        (HOST,), (row("`BIND_HOST`", "Interface to bind", default="`0.0.0.0`"),),
        [("added", "BIND_HOST", None, "str, default 0.0.0.0", False),
         ("removed", "HOST", "str, default 0.0.0.0", None, True)]),
    "empty descriptions: not a rename": (
        (row("`HOST`", ""),), (row("`BIND_HOST`", ""),),
        [("added", "BIND_HOST", None, "str, optional", False), ("removed", "HOST", "str, optional", None, True)]),
    "each variable renamed at most once": (
        (row("`A_HOST`", "Host"), row("`B_HOST`", "Host")), (row("`C_HOST`", "Host"),),
        [("removed", "B_HOST", "str, optional", None, True), ("renamed", "C_HOST", "A_HOST", "C_HOST", True)]),
    "type int -> str widens": ((PORT,), (row("`PORT`", "Port the server listens on", default="`8080`", kind="string"),),
                               [("type", "PORT", "int", "str", False)]),
    "type int -> float widens": ((row("`RATIO`", kind="int"),), (row("`RATIO`", kind="float"),),
                                 [("type", "RATIO", "int", "float", False)]),
    "type float -> int narrows": ((row("`RATIO`", kind="float"),), (row("`RATIO`", kind="int"),),
                                  [("type", "RATIO", "float", "int", True)]),
    "type str -> int narrows": ((row("`LIMIT`"),), (row("`LIMIT`", kind="integer"),),
                                [("type", "LIMIT", "str", "int", True)]),
    "type enum -> str widens": ((MODE_AB,), (row("`MODE`", kind="string"),),
                                [("type", "MODE", "enum (a, b)", "str", False)]),
    "type str -> enum narrows": ((row("`MODE`"),), (MODE_AB,), [("type", "MODE", "str", "enum (a, b)", True)]),
    "type bool -> int narrows": ((row("`LEVEL`", kind="bool"),), (row("`LEVEL`", kind="int"),),
                                 [("type", "LEVEL", "bool", "int", True)]),
    "list separator changed narrows": (
        (row("`TAGS`", "Tags, comma separated"),), (row("`TAGS`", "Tags, space separated"),),
        [("type", "TAGS", "list[str] split on ','", "list[str] split on ' '", True)]),
    "choices added only": ((MODE_AB,), (row("`MODE`", kind="enum: a, b, c"),),
                           [("choices", "MODE", "a, b", "a, b, c", False)]),
    "choice removed": ((MODE_AB,), (row("`MODE`", kind="enum: a, c"),), [("choices", "MODE", "a, b", "a, c", True)]),
    "choices reordered: no change": ((MODE_AB,), (row("`MODE`", kind="enum: b, a"),), []),
    "default changed": ((PORT,), (row("`PORT`", "Port the server listens on", default="`9090`"),),
                        [("default", "PORT", "8080", "9090", True)]),
    "default added": ((row("`PORT`"),), (row("`PORT`", default="`8080`"),), [("default", "PORT", None, "8080", True)]),
    "default removed": ((PORT,), (row("`PORT`", "Port the server listens on"),),
                        [("default", "PORT", "8080", None, True)]),
    "default becomes a reference": ((HOST,), (row("`HOST`", "Host the server binds", default="`$BIND`"),),
                                    [("default", "HOST", "0.0.0.0", "$BIND", True)]),
    "default written differently, same value": ((row("`FLAG`", default="`true`", kind="bool"),),
                                                (row("`FLAG`", default="`True`", kind="bool"),), []),
    "default of a required variable: not applied": (
        (row("`DB_HOST`", "Database host", "Yes", "`a`"),), (row("`DB_HOST`", "Database host", "Yes", "`b`"),),
        [("default", "DB_HOST", "a", "b", False)]),
    "required no -> yes": ((DB_HOST,), (DB_HOST_REQUIRED,), [("required", "DB_HOST", "no", "yes", True)]),
    "required yes -> no": ((DB_HOST_REQUIRED,), (DB_HOST,), [("required", "DB_HOST", "yes", "no", False)]),
    "required-if added": ((AUTH, AUTH_URL), (AUTH, AUTH_URL_IF_TRUE),
                          [("required_if", "AUTH_URL", None, "AUTH_ENABLED is true", True)]),
    "required-if changed": (
        (AUTH, AUTH_URL_IF_TRUE), (AUTH, row("`AUTH_URL`", "Login server", "Required if `AUTH_ENABLED` is set")),
        [("required_if", "AUTH_URL", "AUTH_ENABLED is true", "AUTH_ENABLED is set", True)]),
    "required-if removed": ((AUTH, AUTH_URL_IF_TRUE), (AUTH, AUTH_URL),
                            [("required_if", "AUTH_URL", "AUTH_ENABLED is true", None, False)]),
    "secret flag set": ((row("`ADMIN_CODE`", "Code of the admin user"),),
                        (row("`ADMIN_CODE`", "Password of the admin user"),),
                        [("secret", "ADMIN_CODE", "no", "yes", False)]),
    "alias dropped": ((row("`REDIS_URL`, `CACHE_URL`"),), (row("`REDIS_URL`"),),
                      [("aliases", "REDIS_URL", "CACHE_URL", None, True)]),
    "alias added": ((row("`REDIS_URL`"),), (row("`REDIS_URL`, `CACHE_URL`"),),
                    [("aliases", "REDIS_URL", None, "CACHE_URL", False)]),
    "family member, by its pattern": (
        (row("`STORAGE_<LOCATION>_DRIVER`", "Driver of a location", default="`s3`"),),
        (row("`STORAGE_<LOCATION>_DRIVER`", "Driver of a location", default="`gcs`"),
         row("`STORAGE_<LOCATION>_BUCKET`", "Bucket of a location")),
        [("added", "STORAGE_<LOCATION>_BUCKET", None, "str, optional", False),
         ("default", "STORAGE_<LOCATION>_DRIVER", "s3", "gcs", True)]),
    "nothing changed but the description": ((PORT,), (row("`PORT`", "TCP port to listen on", default="`8080`"),), []),
}


@pytest.mark.parametrize("case", list(CASES))
def test_change_kinds(case: str) -> None:
    old_rows, new_rows, expected = CASES[case]
    assert changes(doc(*old_rows), doc(*new_rows)) == expected


def test_sections_added_and_removed_in_order() -> None:
    old = doc(PORT, section="API") + f"\n## Worker\n\n{HEADER}| `QUEUE` | Queue | Yes | | |\n"
    new = doc(PORT, HOST, section="Gateway") + f"\n## API\n\n{HEADER}| `PORT` | Port | No | `8080` | |\n"
    report = compare(parse_document(old, "old.md").document, parse_document(new, "new.md").document, "a", "b")
    assert [(s.id, s.status) for s in report.sections] == [("gateway", "added"), ("worker", "removed")]
    assert [(c.kind, c.name, c.breaking) for c in report.sections[0].changes] == [
        ("added", "HOST", False), ("added", "PORT", False)]
    assert [(c.kind, c.name, c.breaking, c.reason) for c in report.sections[1].changes] == [
        ("removed", "QUEUE", True, "section 'Worker' was removed")]


# ---- a doc's history, read through git ----------------------------------------------

def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Docenv Tests", "-c", "user.email=tests@docenv.invalid",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True)


def _change(kind: str, name: str, old: str | None, new: str | None, breaking: bool, reason: str,
            old_line: int | None, new_line: int | None) -> dict[str, Any]:
    return {"kind": kind, "name": name, "old": old, "new": new, "breaking": breaking, "reason": reason,
            "old_line": old_line, "new_line": new_line}


def _report(sections: list[dict[str, Any]]) -> dict[str, Any]:
    every = [c for s in sections for c in s["changes"]]
    return {"old": "HEAD~1:doc.md", "new": "doc.md", "sections": sections,
            "breaking": sum(c["breaking"] for c in every), "changes": len(every)}


API = {"id": "api_server", "title": "API server", "status": "changed"}
WORKER = {"id": "worker", "title": "Worker", "status": "changed"}

# The report of each revision against the one before it, and the exit code with --fail-on-breaking.
HISTORY_STEPS: list[tuple[str, dict[str, Any], int]] = [
    ("02.md", _report([
        {**API, "changes": [
            _change("added", "CACHE_URL", None, "url, optional", False, "", None, 15),
            _change("added", "REQUEST_TIMEOUT", None, "duration, default 30s", False, "", None, 16),
            _change("added", "SIGNING_KEY", None, "str, required, secret", True,
                    "new required variable without a default: deployments that do not set it fail", None, 17)]},
        {**WORKER, "changes": [
            _change("added", "METRICS_PORT", None, "int, default 9090", False, "", None, 28)]}]), 1),
    ("03.md", _report([
        {**API, "changes": [
            _change("renamed", "REDIS_URL", "CACHE_URL", "REDIS_URL", False, "CACHE_URL is still read as an alias",
                    15, 15)]},
        {**WORKER, "changes": [
            _change("renamed", "WORKER_QUEUE", "QUEUE_NAME", "WORKER_QUEUE", True,
                    "QUEUE_NAME is no longer read; list it as an alias to keep it working", 26, 26)]}]),
     1),
    ("04.md", _report([
        {**WORKER, "changes": [
            _change("default", "CONCURRENCY", "4", "8", True, "deployments that leave it unset get a different value",
                    27, 27)]}]), 1),
    # The copied LOG_LEVEL row conflicts with the first (DV103): the first is what could be read.
    ("05.md", _report([]), 0),
    ("06.md", _report([
        {**API, "changes": [
            _change("added", "LOG_FORMAT", None, "enum (json, text), default json", False, "", None, 19),
            _change("choices", "LOG_LEVEL", "debug, info, warn, error, trace", "debug, info, warn, error", True,
                    "no longer accepted: trace", 18, 18)]}]), 1),
]


@pytest.fixture
def history_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "ledger"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "doc.md").write_text((HISTORY / "01.md").read_text(encoding="utf-8"), encoding="utf-8")
    _git(repo, "add", "doc.md")
    _git(repo, "commit", "-q", "-m", "01.md")
    monkeypatch.chdir(repo)
    return repo


def test_history_step_by_step(history_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for revision, expected, exit_code in HISTORY_STEPS:
        (history_repo / "doc.md").write_text((HISTORY / revision).read_text(encoding="utf-8"), encoding="utf-8")
        _git(history_repo, "commit", "-q", "-a", "-m", revision)
        assert main(["diff", "HEAD~1:doc.md", "doc.md", "--format", "json", "--fail-on-breaking"]) == exit_code
        out, err = capsys.readouterr()
        assert json.loads(out) == expected, revision
        if revision == "05.md":
            assert err.splitlines()[0].startswith("doc.md:19:3: DV103 error: LOG_LEVEL is documented twice")
            assert err.splitlines()[1] == ("docenv diff: doc.md has 1 error(s) (see `docenv lint`); "
                                           "the comparison uses what could be read")
        elif revision == "06.md":
            assert "HEAD~1:doc.md:19:3: DV103 error" in err  # now the old side holds the duplicate
        else:
            assert err == ""
        # Without the flag, breaking changes are reported but do not fail.
        assert main(["diff", "HEAD~1:doc.md", "doc.md", "--format", "json"]) == 0
        capsys.readouterr()


def test_rename_step_in_text_and_markdown(history_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for revision in ("02.md", "03.md"):
        (history_repo / "doc.md").write_text((HISTORY / revision).read_text(encoding="utf-8"), encoding="utf-8")
        _git(history_repo, "commit", "-q", "-a", "-m", revision)
    assert run("HEAD~1:doc.md", "HEAD:doc.md", "text", False, None, False) == 0
    assert capsys.readouterr().out == (
        "api_server: REDIS_URL: renamed (CACHE_URL -> REDIS_URL)  (CACHE_URL is still read as an alias)\n"
        "worker: WORKER_QUEUE: renamed (QUEUE_NAME -> WORKER_QUEUE)  BREAKING: QUEUE_NAME is no longer read; "
        "list it as an alias to keep it working\n"
        "docenv diff: 2 change(s) in 2 section(s), 1 breaking\n")
    assert run("HEAD~1:doc.md", "HEAD:doc.md", "markdown", False, None, False) == 0
    assert capsys.readouterr().out == (
        "## Environment variable changes\n\n"
        "From <code>HEAD&#126;1&#58;doc.md</code> to <code>HEAD&#58;doc.md</code>: 2 change(s), **1 breaking**\n\n"
        "### API server (<code>api_server</code>)\n\n"
        "| Change | Variable | Old | New | Breaking |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| renamed | <code>REDIS_URL</code> | <code>CACHE_URL</code> | <code>REDIS_URL</code> | "
        "no: CACHE_URL is still read as an alias |\n\n"
        "### Worker (<code>worker</code>)\n\n"
        "| Change | Variable | Old | New | Breaking |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| renamed | <code>WORKER_QUEUE</code> | <code>QUEUE_NAME</code> | <code>WORKER_QUEUE</code> | "
        "⚠️ **breaking**: QUEUE_NAME is no longer read; list it as an alias to keep it working |\n")


def test_revision_path_is_relative_to_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    (repo / "spec" / "ledger").mkdir(parents=True)
    _git(repo, "init", "-q")
    doc_path = repo / "spec" / "ledger" / "env.md"
    for revision in ("01.md", "02.md"):
        doc_path.write_text((HISTORY / revision).read_text(encoding="utf-8"), encoding="utf-8")
        _git(repo, "add", ".")
        _git(repo, "commit", "-q", "-m", revision)
    monkeypatch.chdir(repo / "spec")
    assert run("HEAD~1:ledger/env.md", "ledger/env.md", "json", False, None, False) == 0
    from_subfolder = json.loads(capsys.readouterr().out)
    monkeypatch.chdir(repo)
    assert run("HEAD~1:spec/ledger/env.md", str(doc_path), "json", False, None, False) == 0
    from_top = json.loads(capsys.readouterr().out)
    assert from_subfolder["sections"] == from_top["sections"]
    assert from_top["changes"] == 4


# ---- formats -------------------------------------------------------------------------

HOSTILE = ("a|b `code` <script>alert(1)</script> **bold** _em_ __strong__ ~~gone~~ $x$ @team "
           "[link](http://x) \\| line\nbreak")


def _hostile_report() -> Report:
    change = Change("default", HOSTILE, HOSTILE, HOSTILE + "|", True, HOSTILE, 3, 4)
    return Report(HOSTILE, "new.md", (SectionChanges("s", HOSTILE, "changed", (change,)),))


def test_markdown_text_shows_hostile_text_exactly_and_acts_on_nothing() -> None:
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown(_hostile_report()))
    for acted_on in ("<script", "<strong>bold", "<strong>strong", "<em>", "<s>", "<a "):
        assert acted_on not in rendered
    flat = " ".join(HOSTILE.split())
    assert html.unescape(rendered).count(flat) >= 4  # title, name, old value, reason: each verbatim
    table = rendered[rendered.index("<table>"):]
    assert table.count("<tr>") == 2 and table.count("<td>") == 5  # header, one row of exactly five cells


def test_markdown_escapes_a_hostile_default_from_a_real_doc() -> None:
    old = doc(("`MODE`", "Mode", "No", r"`a\|b`", ""), section="Pipes | and `ticks`")
    new = doc(("`MODE`", "Mode <script>alert(1)</script>", "No", "`<script>alert(1)</script>`", ""),
              section="Pipes | and `ticks`")
    report = compare(parse_document(old, "old.md").document, parse_document(new, "new.md").document, "o", "n")
    assert [(c.old, c.new) for c in report.changes] == [("a|b", "<script>alert(1)</script>")]
    rendered = MarkdownIt("commonmark").enable("table").render(markdown(report))
    assert "<script" not in rendered
    assert "<td><code>a|b</code></td>" in html.unescape(rendered)
    assert rendered.count("<td>") == 5


def test_text_keeps_each_change_on_one_line() -> None:
    out = render(_hostile_report(), "text")
    assert len(out.splitlines()) == 2  # the change and the summary
    assert "line\\x0abreak" in out


def test_markdown_when_nothing_changed() -> None:
    report = Report("a.md", "b.md", ())
    assert markdown(report) == ("## Environment variable changes\n\n"
                                "From <code>a.md</code> to <code>b.md</code>: No changes.\n")
    assert render(report, "text") == "docenv diff: no changes\n"
    assert json.loads(render(report, "json")) == {"old": "a.md", "new": "b.md", "sections": [], "breaking": 0,
                                                  "changes": 0}


def test_markdown_text_is_one_line() -> None:
    assert markdown_text("a\nb\r\n|c\u2028d") == "a b &#124;c d"
    assert markdown_text("DB_HOST _x_ a__b") == "DB_HOST &#95;x&#95; a&#95;&#95;b"


def test_output_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = set()
    for _ in range(3):
        for fmt in ("text", "markdown", "json"):
            run(str(HISTORY / "01.md"), str(HISTORY / "06.md"), fmt, False, None, False)
            outputs.add((fmt, capsys.readouterr().out))
    assert len(outputs) == 3
    report = json.loads(next(out for fmt, out in outputs if fmt == "json"))
    assert list(report) == ["old", "new", "sections", "breaking", "changes"]
    kinds = [(c["kind"], c["name"]) for s in report["sections"] for c in s["changes"]]
    assert kinds == [
        ("added", "LOG_FORMAT"), ("added", "REDIS_URL"), ("added", "REQUEST_TIMEOUT"), ("added", "SIGNING_KEY"),
        ("choices", "LOG_LEVEL"),
        ("added", "METRICS_PORT"), ("renamed", "WORKER_QUEUE"), ("default", "CONCURRENCY")]


def test_fail_on_breaking_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(HISTORY / "03.md"), str(HISTORY / "04.md"), "text", True, None, False) == 1
    assert run(str(HISTORY / "03.md"), str(HISTORY / "04.md"), "text", False, None, False) == 0
    assert run(str(HISTORY / "03.md"), str(HISTORY / "03.md"), "text", True, None, False) == 0
    capsys.readouterr()


# ---- arguments that name no doc --------------------------------------------------------

def _error(old: str, new: str = "doc.md") -> str:
    with pytest.raises(DocenvError) as raised:
        run(old, new, "text", False, None, False)
    return str(raised.value)


def test_unknown_revision(history_repo: Path) -> None:
    assert _error("nope~3:doc.md") == "nope~3:doc.md: unknown git revision 'nope~3' (try `git log --oneline` for one)"


def test_path_not_in_revision(history_repo: Path) -> None:
    assert _error("HEAD:other.md") == "HEAD:other.md: other.md does not exist in revision HEAD"


def test_folder_in_revision(history_repo: Path) -> None:
    (history_repo / "docs").mkdir()
    (history_repo / "docs" / "a.md").write_text("x", encoding="utf-8")
    _git(history_repo, "add", ".")
    _git(history_repo, "commit", "-q", "-m", "folder")
    assert _error("HEAD:docs") == ("HEAD:docs: docs is a tree in revision HEAD, not a file; "
                                   "give the Markdown file itself")


def test_no_path_after_the_colon(history_repo: Path) -> None:
    assert _error("HEAD:").startswith("HEAD:: names no file after the ':'")


def test_option_looking_revision_is_refused(history_repo: Path) -> None:
    assert _error("--output=x:doc.md") == "--output=x:doc.md: '--output=x' is not a git revision"


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert _error("HEAD~1:doc.md").startswith("HEAD~1:doc.md: looks like REV:path, but the current directory is not "
                                              "inside a git repository")


def test_git_not_installed(history_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(history_repo / "no-bin"))
    assert _error("HEAD:doc.md") == ("HEAD:doc.md: looks like REV:path, but git is not installed "
                                     "(and no file has this name)")


def test_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new.md").write_text((HISTORY / "01.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert _error("old.md", "new.md") == "old.md: no such file; check the path (or the docs path in the settings file)"


def test_a_file_named_with_a_colon_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v1:env.md").write_text((HISTORY / "01.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert run("v1:env.md", str(HISTORY / "01.md"), "text", True, None, False) == 0
    assert capsys.readouterr().out == "docenv diff: no changes\n"


def test_windows_drive_is_a_path() -> None:
    assert git_location(r"C:\docs\env.md") is None
    assert git_location("c:/docs/env.md") is None
    location = git_location("origin/main:spec/env.md")
    assert location is not None and (location.revision, location.path) == ("origin/main", "spec/env.md")


def test_binary_blob_in_revision(history_repo: Path) -> None:
    (history_repo / "doc.md").write_bytes(b"\x00\x01binary")
    _git(history_repo, "commit", "-q", "-a", "-m", "binary")
    assert _error("HEAD:doc.md") == "HEAD:doc.md: is a binary file, not a Markdown doc"


def test_empty_revision_reads_the_index(history_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (history_repo / "doc.md").write_text((HISTORY / "02.md").read_text(encoding="utf-8"), encoding="utf-8")
    _git(history_repo, "add", "doc.md")
    assert run("HEAD:doc.md", ":doc.md", "text", True, None, False) == 1  # staged: SIGNING_KEY is new and required
    assert "SIGNING_KEY: added" in capsys.readouterr().out
