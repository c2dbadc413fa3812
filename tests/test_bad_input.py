"""Every way a doc or an output directory can be wrong: one clear line, exit 2, nothing written.

Each case runs the real command in a subprocess (so a traceback would show) against a project
whose generated/ tree is snapshotted before and compared after.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from docenv.generate import write as output
from docenv.cli import main

from .conftest import SEED

GOOD_TABLE = "## Service\n\n| Variable | Description | Default |\n| --- | --- | --- |\n| APP_PORT | The port | `80` |\n"


def docenv(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "docenv", *args], cwd=cwd, capture_output=True, text=True,
                          env=os.environ | {"PYTHONHASHSEED": "0"})


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project whose doc generated fine once; each test then breaks the doc and generates again."""
    (tmp_path / "doc.md").write_text(GOOD_TABLE)
    result = docenv("generate", "doc.md", "--out", "generated", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def write_bytes(data: bytes) -> Callable[[Path], str]:
    def make(root: Path) -> str:
        (root / "doc.md").write_bytes(data)
        return "doc.md"
    return make


def make_dir(root: Path) -> str:
    (root / "docs").mkdir()
    return "docs"


CASES: list[tuple[str, Callable[[Path], str], str]] = [
    ("missing path", lambda root: "nope.md", "nope.md: no such file"),
    ("a directory", make_dir, "docs: is a directory"),
    ("empty file", write_bytes(b""), "doc.md: is empty"),
    ("blank file", write_bytes(b"  \n\n"), "doc.md: is empty"),
    ("no tables", write_bytes(b"# Title\n\nJust prose.\n"), "doc.md: has no tables"),
    ("no variable column", write_bytes(b"## Ports\n\n| Port | Use |\n| --- | --- |\n| 80 | http |\n"),
     "doc.md: has tables, but none that documents environment variables"),
    ("not UTF-8", write_bytes(GOOD_TABLE.encode() + b"| X | caf\xe9 | |\n"),
     f"doc.md:6: is not UTF-8 text (byte 0xe9 at offset {len(GOOD_TABLE) + len('| X | caf')})"),
    ("binary", write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "doc.md: is a binary file"),
    ("unclosed fence", write_bytes(b"```sh\necho hi\n\n" + GOOD_TABLE.encode()),
     "doc.md:1: the code fence ``` opened here is never closed"),
    ("unclosed HTML comment", write_bytes(b"# Doc\n\n<!-- draft\n\n" + GOOD_TABLE.encode()),
     "doc.md:3: the HTML comment <!-- opened here is never closed"),
    ("name with a space", write_bytes(GOOD_TABLE.replace("APP_PORT", "APP PORT").encode()),
     "doc.md:5:3: DV101 error: 'APP PORT' is not a valid environment-variable name"),
    ("name with a leading digit", write_bytes(GOOD_TABLE.replace("APP_PORT", "2FA_CODE").encode()),
     "doc.md:5:3: DV101 error: '2FA_CODE' is not a valid"),
    ("name with =", write_bytes(GOOD_TABLE.replace("APP_PORT", "A=B").encode()),
     "doc.md:5:3: DV101 error: 'A=B' is not a valid"),
    ("conflicting duplicate", write_bytes((GOOD_TABLE + "| APP_PORT | Another port | `81` |\n").encode()),
     "doc.md:6:3: DV103 error: APP_PORT is documented twice in section 'Service' (lines 5 and 6)"),
]


@pytest.mark.parametrize(("label", "make", "message"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["generate", "check"])
def test_bad_doc_exits_2_with_one_clear_message_and_writes_nothing(
    project: Path, label: str, make: Callable[[Path], str], message: str, command: str
) -> None:
    before = snapshot(project / "generated")
    doc = make(project)
    result = docenv(command, doc, "--out", "generated", "--name", "doc", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(message), result.stderr
    assert snapshot(project / "generated") == before


def test_unreadable_doc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Tests run as root, for whom file modes do not deny reads: make the read itself fail.
    doc = tmp_path / "doc.md"
    doc.write_text(GOOD_TABLE)

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    assert main(["lint", str(doc)]) == 2
    assert capsys.readouterr().err == f"{doc}: cannot be read (Permission denied)\n"


def test_output_directory_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text(GOOD_TABLE)
    (tmp_path / "generated").write_text("not a folder\n")
    result = docenv("generate", "doc.md", "--out", "generated", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("generated: the output directory is a file")
    assert (tmp_path / "generated").read_text() == "not a folder\n"


def test_read_only_output_directory(project: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    # Root ignores directory modes too; fail the first write of a staged file as a read-only disk would.
    (project / "doc.md").write_text(GOOD_TABLE.replace("`80`", "`8080`"))
    before = snapshot(project / "generated")
    real_mkstemp = output.tempfile.mkstemp
    calls = {"n": 0}

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        calls["n"] += 1
        if calls["n"] > 2:  # some files are already staged when the disk refuses
            raise OSError(30, "Read-only file system")
        return real_mkstemp(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(output.tempfile, "mkstemp", read_only)
    monkeypatch.chdir(project)
    assert main(["generate", "doc.md", "--out", "generated"]) == 2
    err = capsys.readouterr().err
    assert "cannot be written (Read-only file system); nothing was changed" in err
    assert snapshot(project / "generated") == before
    assert not list((project / "generated").rglob("*.docenv-tmp"))


def test_rows_with_wrong_cell_counts_warn_and_go_on(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(GOOD_TABLE + "| APP_HOST | The host |\n| APP_NAME | The name | `x` | extra |\n")
    result = docenv("generate", "doc.md", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0
    lint = docenv("lint", "doc.md", cwd=tmp_path)
    assert "doc.md:6:1: DV003 warning: row has 2 cells but the header has 3" in lint.stdout
    assert "doc.md:7:1: DV003 warning: row has 4 cells but the header has 3" in lint.stdout
    assert "app_host" in (tmp_path / "out" / "doc_config" / "service.py").read_text()


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    text = SEED.read_text()
    (tmp_path / "crlf.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    (tmp_path / "lf.md").write_text(text)
    a = docenv("parse", "crlf.md", cwd=tmp_path)
    b = docenv("parse", "lf.md", cwd=tmp_path)
    assert a.returncode == 0
    assert a.stdout.replace('"crlf.md"', '"lf.md"') == b.stdout


def test_a_doc_of_20000_variables_generates(tmp_path: Path) -> None:
    rows = "".join(f"| VAR_{i:05d}_PORT | Port number {i} | `{1000 + i % 50000}` |\n" for i in range(20_000))
    sections = "".join(f"## Part {p}\n\n| Variable | Description | Default |\n| --- | --- | --- |\n"
                       + "".join(rows.splitlines(True)[p * 2000:(p + 1) * 2000]) + "\n" for p in range(10))
    (tmp_path / "big.md").write_text(sections)
    result = docenv("generate", "big.md", "--out", "out", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    modules = sorted((tmp_path / "out" / "big_config").glob("part_*.py"))
    assert len(modules) == 10
    assert "var_19999_port: int" in (tmp_path / "out" / "big_config" / "part_9.py").read_text()


def test_killed_generate_leaves_every_file_old_or_new_and_the_next_run_repairs(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    shutil.copy(SEED, doc)
    assert docenv("generate", "doc.md", "--out", "out", "--quiet", cwd=tmp_path).returncode == 0
    old = snapshot(tmp_path / "out")
    doc.write_text(SEED.read_text().replace("| 8080 ", "| 9090 ").replace("| 4242 ", "| 4343 "))
    new_dir = tmp_path / "expected"
    assert docenv("generate", "doc.md", "--out", str(new_dir), "--quiet", cwd=tmp_path).returncode == 0
    new = snapshot(new_dir)
    assert old != new
    kills = 0
    for attempt in range(12):
        proc = subprocess.Popen([sys.executable, "-m", "docenv", "generate", "doc.md", "--out", "out", "--quiet"],
                                cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.05 + 0.07 * attempt)  # from start-up to the last renames
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        now = snapshot(tmp_path / "out")
        for rel, data in now.items():
            if rel.endswith(".docenv-tmp"):
                continue  # a staged file a kill left behind: never at an output path
            assert data in (old.get(rel), new.get(rel)), f"{rel} is neither the old nor the new content"
    assert kills > 0
    assert docenv("generate", "doc.md", "--out", "out", "--quiet", cwd=tmp_path).returncode == 0
    assert snapshot(tmp_path / "out") == new
    assert docenv("check", "doc.md", "--out", "out", "--quiet", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_output_is_the_same_in_every_locale(tmp_path: Path, locale: str) -> None:
    shutil.copy(SEED, tmp_path / "doc.md")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | {"LC_ALL": locale, "LANG": locale}
    result = subprocess.run([sys.executable, "-m", "docenv", "generate", "doc.md", "--out", "out", "--quiet"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    reference = tmp_path / "reference"
    assert main(["generate", str(tmp_path / "doc.md"), "--out", str(reference), "--quiet"]) == 0
    assert snapshot(tmp_path / "out") == snapshot(reference)


def test_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "doc.md")
    result = subprocess.run([sys.executable, "-m", "docenv", "parse", "doc.md"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("doc.md: is not a regular file")


def test_a_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    for command in ("parse", "generate", "check"):
        result = docenv(command, "a.md", cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (command, result.stderr)
        assert "a.md:" in result.stderr


@pytest.mark.parametrize("out", ["file.txt", "file.txt/sub"])
def test_check_with_an_output_path_through_a_file_cannot_run(tmp_path: Path, out: str) -> None:
    (tmp_path / "doc.md").write_text(GOOD_TABLE)
    (tmp_path / "file.txt").write_text("x\n")
    result = docenv("check", "doc.md", "--out", out, cwd=tmp_path)
    assert result.returncode == 2
    assert "the output directory is a file" in result.stderr


def test_the_manifest_can_never_make_generate_delete_outside_the_output(project: Path) -> None:
    victim = project / "victim.txt"
    victim.write_text("keep me\n")
    manifest = project / "generated" / ".docenv-manifest.json"
    data = __import__("json").loads(manifest.read_text())
    data["files"]["../victim.txt"] = "0" * 64
    data["files"][str(victim)] = "0" * 64
    manifest.write_text(__import__("json").dumps(data))
    assert docenv("generate", "doc.md", "--out", "generated", "--quiet", cwd=project).returncode == 0
    assert victim.read_text() == "keep me\n"


@pytest.mark.parametrize(
    ("override", "message"),
    [('{ secret = "no" }', "secret must be true or false"), ('{ required = 1 }', "required must be true or false"),
     ('{ choices = "abc" }', "choices must be a non-empty list"), ('{ separator = "" }', "separator must be")],
)
def test_override_values_of_the_wrong_kind_are_refused(tmp_path: Path, override: str, message: str) -> None:
    (tmp_path / "doc.md").write_text(GOOD_TABLE)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.docenv]\n[[tool.docenv.docs]]\npath = "doc.md"\n[tool.docenv.docs.overrides]\nAPP_PORT = {override}\n')
    result = docenv("generate", cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / "generated").exists()


@pytest.mark.parametrize("flags", [["--package", "import"], ["--section-level", "0"], ["--section-level", "7"]])
def test_bad_command_line_values_exit_2(tmp_path: Path, flags: list[str]) -> None:
    (tmp_path / "doc.md").write_text(GOOD_TABLE)
    result = docenv("generate", "doc.md", "--out", "out", *flags, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_kill_between_the_last_rename_and_the_stale_removal_is_repaired(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Two sections, then one: the chart and module of the second become stale. Stop the run right
    # after the stale files are removed and before the manifest lands, as a kill would.
    doc = tmp_path / "doc.md"
    doc.write_text(GOOD_TABLE + "\n## Beta\n\n| Variable | Description |\n| --- | --- |\n| BETA_X | x |\n")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "doc.md", "--out", "out", "--quiet"]) == 0
    assert (tmp_path / "out" / "helm" / "doc-beta" / "values.schema.json").exists()
    doc.write_text(GOOD_TABLE)
    real_replace = os.replace

    def killed_at_the_manifest(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst).endswith(".docenv-manifest.json"):
            raise KeyboardInterrupt  # the process dies here
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", killed_at_the_manifest)
    with pytest.raises(KeyboardInterrupt):
        output.write(tmp_path / "out", __import__("docenv.generate.render", fromlist=["render_all"]).render_all(
            __import__("docenv.generate.settings", fromlist=["for_doc"]).for_doc("doc.md", "out")))
    monkeypatch.setattr(output.os, "replace", real_replace)
    assert main(["generate", "doc.md", "--out", "out", "--quiet"]) == 0
    assert not (tmp_path / "out" / "helm" / "doc-beta").exists()
    assert main(["check", "doc.md", "--out", "out", "--quiet", "--full"]) == 0
