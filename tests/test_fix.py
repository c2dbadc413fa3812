"""`docenv fix`: rows added to hand-written tables in their own style, every other byte kept; and
`docenv init --draft-doc`."""

from __future__ import annotations

import csv
import json
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docenv.cli import main
from docenv.fix.command import add_rows, _write
from docenv.fix.rows import NewRow
from docenv.generate.check import common_ends
from docenv.generate.parse import parse_document
from docenv.model.errors import DocenvError
from docenv.targets.model_json import variable_json

from .conftest import FIXTURES

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def row(name: str, default: str | None = None, required: bool | None = None, kind: str | None = None) -> NewRow:
    return NewRow(name, kind, default, required, (), "app/main.py:3")


def shape(text: str) -> dict[tuple[str, str], object]:
    document = parse_document(text, "doc.md").document
    return {(s.id, v.name): {k: x for k, x in variable_json(v).items() if k not in ("line", "column")}
            for s in document.sections for v in s.every_variable}


def outside(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines of both texts before the first and after the last that differ."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    head, tail = common_ends(a, b)
    return a[:head] + a[len(a) - tail:], b[:head] + b[len(b) - tail:]


STYLES = {
    "aligned": """
        | Variable   | Description         | Required | Default |
        | ---------- | ------------------- | -------- | ------- |
        | `APP_PORT` | Port to listen on.  | false    | 8080    |
        | `APP_MODE` | Mode, fast or safe. | true     |         |
        """,
    "compact": """
        | Variable | Description | Required | Default |
        | --- | --- | --- | --- |
        | `APP_PORT` | Port to listen on. | false | 8080 |
        """,
    "no outer pipes": """
        Variable | Description | Default
        --- | --- | ---
        APP_PORT | Port to listen on. | 8080
        """,
    "names without backticks, aligned colons": """
        | Name     | Required | Default | Description        |
        | :------- | :------: | ------: | ------------------ |
        | APP_PORT |    no    |    8080 | Port to listen on. |
        """,
    "extra columns, default before required": """
        | Variable | Default | Required | Containers | Description |
        | --- | --- | --- | --- | --- |
        | `APP_PORT` | `8080` | No | api | Port to listen on. |
        """,
}


@pytest.mark.parametrize("style", sorted(STYLES))
def test_rows_join_the_table_in_its_style_and_nothing_else_changes(style: str) -> None:
    text = "# App\n\nIntro text.\n\n## Server\n\n" + textwrap.dedent(STYLES[style]).lstrip() + "\nAfter it.\n"
    new, notes = add_rows(text, "doc.md", {"server": [row("APP_WORKERS", "4", False), row("APP_TOKEN", None, True),
                                                      row("APP_SEP", "a|b <c>"), row("APP_QUOTE", "`x`")]})
    assert notes == []
    before, after = outside(text, new)
    assert before == after and "After it.\n" in "".join(after)  # every line outside the table is the same
    old, changed = shape(text), shape(new)
    assert {k: v for k, v in changed.items() if k[1] not in ("APP_WORKERS", "APP_TOKEN", "APP_SEP", "APP_QUOTE")} == old
    assert changed[("server", "APP_WORKERS")]["default"] == 4  # type: ignore[index]
    assert changed[("server", "APP_SEP")]["default"] == "a|b <c>"  # type: ignore[index]
    assert changed[("server", "APP_QUOTE")]["default_text"] == ""  # type: ignore[index]  # cannot be written back
    table = [line for line in new.splitlines() if "|" in line]
    if style.startswith("aligned") or "colons" in style:
        assert len({len(line) for line in table}) == 1, "an aligned table stays aligned"
    if "colons" in style:
        assert table[1].split("|")[2].strip().startswith(":") and table[1].split("|")[3].strip().endswith(":")
    if style == "no outer pipes":  # a row with an empty first or last cell needs its outer pipes
        assert [line.startswith("|") for line in table] == [False] * 4 + [True, False, True]
    assert ("`APP_WORKERS`" in new) == (style not in ("no outer pipes", "names without backticks, aligned colons"))


def test_crlf_and_a_bom_are_kept() -> None:
    text = "\ufeff# App\r\n\r\n| Variable | Description |\r\n| --- | --- |\r\n| `A_ONE` | One. |\r\n\r\nEnd\r\n"
    new, notes = add_rows(text, "doc.md", {"app": [row("A_TWO")]})
    assert notes == [] and new.startswith("\ufeff# App\r\n") and new.endswith("\r\n\r\nEnd\r\n")
    assert "| `A_TWO` | TODO(docenv): describe A_TWO (found at app/main.py:3) |\r\n" in new
    assert "\n" not in new.replace("\r\n", "")


@pytest.mark.parametrize(("text", "why"), [
    ("## S\n\n<table><tr><th>Variable</th></tr><tr><td>A_ONE</td></tr></table>\n", "HTML table"),
    ("## S\n\n:::note\n\n| Variable | Description |\n| --- | --- |\n| `A_ONE` | One. |\n\n:::\n", "admonition"),
    ("## S\n\n<details>\n\n| Variable | Description |\n| --- | --- |\n| `A_ONE` | One |\ncontinued here\n\n</details>\n",
     "admonition"),
], ids=["html", "admonition", "jsx"])
def test_a_table_docenv_cannot_rewrite_safely_is_left_and_said(text: str, why: str) -> None:
    new, notes = add_rows(text, "doc.md", {"s": [row("A_TWO")]})
    assert new == text
    assert len(notes) == 1 and notes[0].startswith("could not add A_TWO to S's table") and why in notes[0], notes


@pytest.mark.parametrize("glued", ["continued below |", "continued below"])
def test_a_row_continued_on_the_next_line_is_left_alone(glued: str) -> None:
    text = f"## S\n\n| Variable | Description |\n| --- | --- |\n| `A_ONE` | The first |\n{glued}\n\nEnd\n"
    new, notes = add_rows(text, "doc.md", {"s": [row("A_TWO")]})
    assert new == text
    assert notes == ["could not add A_TWO to S's table (line 3): a row is continued on the line below it (line 6); "
                     "add them by hand"]


# ---- the property: any table, any rows ---------------------------------------------------------------------

NAMES = st.from_regex(r"[A-Z][A-Z0-9]{1,6}_[A-Z0-9]{1,6}", fullmatch=True)
VALUES = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[NewRow]]:
    headers = draw(st.permutations(["Variable", "Description", "Required", "Default"]))
    outer, aligned, ticks = draw(st.booleans()), draw(st.booleans()), draw(st.booleans())
    existing = draw(st.lists(NAMES, min_size=1, max_size=4, unique=True))
    added = draw(st.lists(NAMES.filter(lambda n: n not in existing), min_size=1, max_size=3, unique=True))
    rows = []
    for name in existing:
        cells = {"Variable": f"`{name}`" if ticks else name, "Description": "Something.",
                 "Required": draw(st.sampled_from(["true", "false", ""])), "Default": draw(st.sampled_from(["", "1", "x"]))}
        rows.append([cells[h] for h in headers])
    grid = [list(headers), ["---"] * 4, *rows]
    widths = [max(len(r[i]) for r in grid) for i in range(4)] if aligned else [0] * 4
    lines = []
    for index, cells in enumerate(grid):
        padded = [("-" * widths[i] if index == 1 and aligned else c.ljust(widths[i])) for i, c in enumerate(cells)]
        inner = " | ".join(padded)
        blank_edge = not cells[0] or not cells[-1]  # GFM needs outer pipes around an empty edge cell
        lines.append(f"| {inner} |" if outer or blank_edge else inner)
    news = [NewRow(n, None, draw(st.one_of(st.none(), VALUES.filter(str.strip))), draw(st.one_of(st.none(), st.booleans())),
                   (), "x.py:1") for n in added]
    return "# Doc\n\n## Sec\n\nBefore.\n\n" + "\n".join(lines) + "\n\nAfter | with a pipe.\n", news


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_any_table_reads_back_as_the_old_model_plus_the_new_rows(case: tuple[str, list[NewRow]]) -> None:
    text, rows = case
    new, notes = add_rows(text, "doc.md", {"sec": rows})
    assert notes == []
    before, after = outside(text, new)
    assert before == after
    old, changed = shape(text), shape(new)
    added = {("sec", r.name) for r in rows}
    assert {k: v for k, v in changed.items() if k not in added} == old
    assert added <= set(changed)
    for r in rows:  # a default is written only where it reads back as itself
        model = changed[("sec", r.name)]
        assert isinstance(model, dict)
        if model["default_text"] and r.required is not True:
            assert model["default_literal"] == r.default, (r.default, model["default_text"])


# ---- real pages ----------------------------------------------------------------------------------------------


def _corpus_pages() -> list[Path]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8", newline="") as handle:
        return [CORPUS / r["file"] for r in csv.DictReader(handle, delimiter="\t")]


@pytest.mark.skipif(not _corpus_pages(), reason=f"corpus not found at {CORPUS}")
def test_every_corpus_page_takes_a_row_per_section_or_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    placed = refused = 0
    for page in _corpus_pages():
        text = page.read_bytes().decode("utf-8")
        document = parse_document(text, page.name).document
        rows = {s.id: [row("DOCENV_PROBE_VAR", "1")] for s in document.sections}
        new, notes = add_rows(text, page.name, rows)
        before, after = outside(text, new)
        assert before == after, page.name
        placed += len(rows) - len(notes)
        refused += len(notes)
        # With nothing to do, `docenv fix` leaves the page byte for byte.
        (tmp_path / "doc.md").write_bytes(page.read_bytes())
        (tmp_path / "docenv.toml").write_text('[[docs]]\npath = "doc.md"\n')
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("GIT_DIR", str(tmp_path / "no-git"))
        assert main(["fix", "--write", "--quiet"]) == 0
        assert (tmp_path / "doc.md").read_bytes() == page.read_bytes(), page.name
    capsys.readouterr()
    assert placed == 60 and refused == 0  # every section of every page takes a row


# ---- the command, on the monorepo ----------------------------------------------------------------------------


@pytest.fixture
def monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ledger"
    shutil.copytree(FIXTURES / "monorepo", root)
    shutil.copy(root / "pyproject.mapped.toml", root / "pyproject.toml")
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "no-git"))
    return root


def test_fix_turns_the_findings_into_rows_and_scan_comes_back_clean(monorepo: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    doc = monorepo / "docs" / "environment-variables.md"
    original = doc.read_bytes()
    assert main(["scan", "--quiet"]) == 1
    capsys.readouterr()
    assert main(["fix"]) == 1  # the diff, nothing written
    out = capsys.readouterr().out
    assert out.startswith("--- docs/environment-variables.md (now)\n+++ docs/environment-variables.md (fixed)\n")
    assert "+| `JOB_TIMEOUT_SECONDS` | TODO(docenv): describe JOB_TIMEOUT_SECONDS (found at worker/app/settings.py:9) |" \
           " false    | 300     |" in out
    assert doc.read_bytes() == original
    assert main(["fix", "--write"]) == 0
    err = capsys.readouterr().err
    assert "wrote docs/environment-variables.md: 7 row(s) added" in err
    assert "left alone in Backend API" not in err
    assert main(["scan", "--quiet"]) == 0  # what was undocumented is now documented
    report = capsys.readouterr()
    assert "DV301" not in report.out
    old = shape(original.decode())
    new = shape(doc.read_text())
    assert {k: v for k, v in new.items() if k in old} == old and len(new) == len(old) + 7
    assert main(["generate", "--quiet"]) == 0
    assert main(["lint"]) == 0 and capsys.readouterr().out.count("DV119 warning") == 7
    assert main(["fix"]) == 0  # nothing left to do


def test_fix_limited_to_a_section(monorepo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", "--write", "--section", "Worker"]) == 0
    text = (monorepo / "docs" / "environment-variables.md").read_text()
    assert "JOB_TIMEOUT_SECONDS" in text and "SENTRY_DSN" not in text


def test_a_doc_changed_while_fix_ran_is_not_written(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_bytes(b"old\n")
    doc.write_bytes(b"edited meanwhile\n")
    with pytest.raises(DocenvError, match="changed on disk while fix was running; nothing was written"):
        _write(doc, b"old\n", b"new\n", "doc.md")
    assert doc.read_bytes() == b"edited meanwhile\n" and not list(tmp_path.glob(".*tmp"))


def test_draft_doc_from_the_code_generates_and_scans_clean(monorepo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("pyproject.toml", "pyproject.mapped.toml", "docs/environment-variables.md"):
        (monorepo / name).unlink()
    assert main(["init", "--draft-doc", "docs/environment-variables.md"]) == 0
    text = (monorepo / "docs" / "environment-variables.md").read_text()
    assert "## Backend\n" in text and "## Worker\n" in text
    assert "| `PORT`                  | TODO(docenv): describe PORT" in text
    entry = json.loads(json.dumps(__import__("tomllib").loads((monorepo / "docenv.toml").read_text())["docs"][0]))
    assert entry["path"] == "docs/environment-variables.md" and entry["services"]["worker"]["code"] == ["worker/**"]
    assert main(["generate", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["scan", "--quiet"]) == 0
    assert "DV301" not in capsys.readouterr().out
    (monorepo / "docenv.toml").unlink()
    assert main(["init", "--draft-doc", "docs/environment-variables.md"]) == 2  # never over a doc
    assert "docs/environment-variables.md: exists; --draft-doc writes a new doc" in capsys.readouterr().err
