"""The pre-commit hooks this repository offers, run by pre-commit itself (`try-repo`) on a project."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEED

PYPROJECT = """
[tool.docenv]
out = "generated"

[[tool.docenv.docs]]
path = "docs/env.md"
name = "svc"
package = "svc_config"
"""
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture(scope="module")
def hook_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module: the hooks' environment (docenv installed from this checkout) is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    shutil.copy(SEED, tmp_path / "docs" / "env.md")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    subprocess.run([str(Path(sys.executable).parent / "docenv"), "generate", "--quiet"], cwd=tmp_path, check=True)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "generated")
    return tmp_path


def try_repo(project: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "SKIP": ""}
    return subprocess.run([*PRE_COMMIT, "try-repo", str(ROOT), hook, "--all-files", "--color", "never"],
                          cwd=project, env=env, capture_output=True, text=True, check=False)


def test_check_hook_passes_on_a_generated_tree_and_fails_on_drift(project: Path, hook_home: Path) -> None:
    done = try_repo(project, "docenv-check", hook_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "docenv check" in done.stdout and "Passed" in done.stdout

    doc = project / "docs" / "env.md"
    doc.write_text(doc.read_text().replace("| DB_HOST ", "| DB_HOSTNAME ", 1))
    done = try_repo(project, "docenv-check", hook_home)
    assert done.returncode == 1
    assert "Failed" in done.stdout and "out of date" in done.stdout


def test_lint_hook_fails_on_a_doc_with_errors(project: Path, hook_home: Path) -> None:
    assert try_repo(project, "docenv-lint", hook_home).returncode == 0
    doc = project / "docs" / "env.md"
    lines = doc.read_text().splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("| DB_PORT "))
    lines.insert(row + 1, lines[row].replace("| true ", "| false"))  # the same variable twice, conflicting
    doc.write_text("".join(lines))
    done = try_repo(project, "docenv-lint", hook_home)
    assert done.returncode == 1
    assert "DV103 error: DB_PORT" in done.stdout
