"""Output for humans: progress and colour on a terminal only, --quiet and --verbose everywhere."""

from __future__ import annotations

import io
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docenv.cli import main
from docenv.terminal import Progress, colour_enabled

from .conftest import SEED

DOCENV = str(Path(sys.executable).parent / "docenv")


class FakeTerminal(io.StringIO):
    def __init__(self, tty: bool = True) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")


def test_progress_appears_only_after_a_second_and_clears_its_line() -> None:
    stream, clock = FakeTerminal(), Clock()
    with Progress("files scanned", 100, stream, clock=clock) as progress:
        progress.advance(10)
        assert stream.getvalue() == ""  # a short run prints nothing
        clock.now = 1.5
        progress.advance(10)
        assert stream.getvalue() == "\r\x1b[K20/100 files scanned"
        clock.now = 1.55
        progress.advance(10)  # within a tenth of a second: not redrawn
        assert stream.getvalue().count("\r\x1b[K") == 1
        clock.now = 1.7
        progress.advance(10)
    assert stream.getvalue() == "\r\x1b[K20/100 files scanned\r\x1b[K40/100 files scanned\r\x1b[K"


@pytest.mark.parametrize("tty, ci, quiet", [(False, "", False), (True, "true", False), (True, "", True)])
def test_no_progress_in_pipes_ci_logs_or_quiet_runs(tty: bool, ci: str, quiet: bool,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    if ci:
        monkeypatch.setenv("CI", ci)
    stream, clock = FakeTerminal(tty), Clock()
    with Progress("files", 10, stream, quiet=quiet, clock=clock) as progress:
        clock.now = 5.0
        progress.advance(5)
    assert stream.getvalue() == ""
    assert progress.done == 5


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert colour_enabled(FakeTerminal(True))
    assert not colour_enabled(FakeTerminal(False))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour_enabled(FakeTerminal(True))
    monkeypatch.setenv("NO_COLOR", "")  # no-color.org: only a non-empty value counts
    assert colour_enabled(FakeTerminal(True))
    monkeypatch.setenv("TERM", "dumb")
    assert not colour_enabled(FakeTerminal(True))


def run_in_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run docenv with stdout and stderr on a pseudo-terminal, as a user at a shell would."""
    main_fd, child_fd = pty.openpty()
    done = subprocess.Popen([DOCENV, *args], stdout=child_fd, stderr=child_fd, cwd=cwd, env=env)
    os.close(child_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    done.wait()
    os.close(main_fd)
    return b"".join(chunks).decode()


def test_lint_is_coloured_on_a_terminal_only(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "env.md")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI")} | {"TERM": "xterm"}
    coloured = run_in_terminal(["lint", "env.md"], env, tmp_path)
    assert "DV104 \x1b[33mwarning\x1b[0m:" in coloured
    assert "\x1b[" not in run_in_terminal(["lint", "env.md"], env | {"NO_COLOR": "1"}, tmp_path)
    piped = subprocess.run([DOCENV, "lint", "env.md"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "DV104 warning:" in piped.stdout and "\x1b[" not in piped.stdout + piped.stderr


def test_quiet_drops_summaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SEED, tmp_path / "env.md")
    monkeypatch.chdir(tmp_path)
    main(["lint", "env.md"])
    assert "docenv lint: 0 error(s), 7 warning(s)" in capsys.readouterr().err
    main(["lint", "env.md", "-q"])
    out, err = capsys.readouterr()
    assert err == "" and "DV104" in out
    main(["validate", "--doc", "env.md", "--section", "cli", "-q"])
    assert capsys.readouterr().err == ""


def test_verbose_says_what_was_read_skipped_and_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SEED, tmp_path / "env.md")
    (tmp_path / "big.py").write_text("#" * 1_000_001)
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "env.md", "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["generate", "env.md", "-v"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"^unchanged generated/\w+_config/__init__.py$", err, re.M)
    main(["scan", "--doc", "env.md", "-v"])
    assert "skipped big.py: over 1 MB" in capsys.readouterr().err
    assert main(["check", "env.md", "--full", "-v"]) == 0
    assert "files rendered and compared" in capsys.readouterr().err


def test_quiet_and_verbose_together_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["scan", "-q", "-v"])
    assert exit_.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
