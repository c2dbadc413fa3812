"""`--doc` on scan and validate: a configured doc by its path or its name (the entry's settings apply), else
a doc file read on its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from docenv.cli import main

API = """# API

| Variable | Description |
| --- | --- |
| `API_FLAG` | Turns the thing on |
| `API_HOST` | Host to bind |
"""

WORKER = """# Worker

| Variable | Description |
| --- | --- |
| `WORKER_QUEUE` | Queue to read |
"""

# The override makes API_FLAG a bool: only a run that uses the configured entry knows it.
PYPROJECT = """
[tool.docenv]
out = "generated"

[[tool.docenv.docs]]
path = "docs/api.md"
name = "api"

[tool.docenv.docs.overrides]
API_FLAG = { type = "bool" }

[[tool.docenv.docs]]
path = "docs/worker.md"
name = "worker"
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "api.md").write_text(API)
    (tmp_path / "docs" / "worker.md").write_text(WORKER)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / ".env").write_text("API_FLAG=maybe\nAPI_HOST=h\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("doc", ["api", "docs/api.md", "./docs/../docs/api.md"])
def test_validate_doc_by_name_or_path_uses_the_configured_entry(
        project: Path, doc: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--doc", doc, "--env-file", ".env", "-q"]) == 1
    out = capsys.readouterr().out
    assert ".env:1: error: API_FLAG 'maybe' is not a boolean" in out, out
    assert "WORKER_QUEUE" not in out  # only the doc --doc names is checked


def test_validate_doc_path_no_entry_has_is_read_on_its_own(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "loose.md").write_text(API)
    assert main(["validate", "--doc", "loose.md", "--env-file", ".env", "-q"]) == 0  # no override: API_FLAG is text
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("doc", ["worker", str(Path("docs") / "worker.md")])
def test_scan_doc_by_name_or_path_scans_against_that_doc_only(
        project: Path, doc: str, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "app.py").write_text("import os\nos.environ['WORKER_QUEUE']\nos.environ['API_HOST']\n")
    assert main(["scan", "--doc", doc, "--format", "text", "-q"]) == 1
    out = capsys.readouterr().out
    assert "DV301 error: API_HOST is read here but not documented" in out, out
    assert "WORKER_QUEUE" not in out and "API_FLAG" not in out


@pytest.mark.parametrize("doc", ["api", "docs/api.md"])
def test_explain_doc_by_name_or_path_shows_the_entrys_override(
        project: Path, doc: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "API_FLAG", "--doc", doc]) == 0
    assert '"bool"' in capsys.readouterr().out
    (project / "loose.md").write_text(API)
    assert main(["explain", "API_FLAG", "--doc", "loose.md"]) == 0
    assert '"str"' in capsys.readouterr().out
