"""The composite GitHub Action (action.yml), its shell steps run here the way a runner runs them.

A runner substitutes `${{ ... }}` expressions, runs each `run:` with `bash --noprofile --norc -eo
pipefail`, prepends the folders steps append to $GITHUB_PATH, and stops at the first failing step.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, SEED

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
PYPROJECT = '[tool.docenv]\nout = "generated"\n\n[[tool.docenv.docs]]\npath = "docs/env.md"\nname = "svc"\n'


class Runner:
    """Just enough of a GitHub runner for composite actions with bash steps."""

    def __init__(self, temp: Path) -> None:
        self.temp = temp
        self.github_path = temp / "github_path"
        self.github_path.touch()

    def value(self, expression: str, inputs: dict[str, str]) -> str:
        if expression == "github.action_path":
            return str(ROOT)
        comparison = re.fullmatch(r"inputs\.([\w-]+) == '([^']*)'", expression)
        if comparison:
            return "true" if self.input(comparison[1], inputs) == comparison[2] else "false"
        name = re.fullmatch(r"inputs\.([\w-]+)", expression)
        assert name, f"the harness does not know {expression!r}"
        return self.input(name[1], inputs)

    @staticmethod
    def input(name: str, inputs: dict[str, str]) -> str:
        return inputs.get(name, str(ACTION["inputs"][name].get("default", "")))

    def substitute(self, text: str, inputs: dict[str, str]) -> str:
        return EXPRESSION.sub(lambda m: self.value(m[1], inputs), text)

    def run(self, step: dict[str, Any], workspace: Path, inputs: dict[str, str]) -> subprocess.CompletedProcess[str]:
        added = [line for line in self.github_path.read_text().splitlines() if line]
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
        env.update(RUNNER_TEMP=str(self.temp), GITHUB_PATH=str(self.github_path),
                   PATH=os.pathsep.join([*reversed(added), env.get("PATH", "")]))
        env.update({k: self.substitute(str(v), inputs) for k, v in step.get("env", {}).items()})
        cwd = workspace / self.substitute(step.get("working-directory", "."), inputs)
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd,
                              env=env, capture_output=True, text=True, check=False)

    def run_action(self, workspace: Path, inputs: dict[str, str], skip_install: bool = True) -> list[tuple[str, int, str]]:
        """(step name, exit code, output) for each step run, stopping at the first failure."""
        results = []
        for step in ACTION["runs"]["steps"]:
            if skip_install and step["name"] == "Install docenv":
                continue
            if "if" in step and self.substitute(step["if"], inputs) != "true":
                continue
            done = self.run(step, workspace, inputs)
            results.append((step["name"], done.returncode, done.stdout + done.stderr))
            if done.returncode:
                break
        return results


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """A runner whose install step has run once: docenv installed from this checkout into a fresh venv."""
    runner = Runner(tmp_path_factory.mktemp("runner"))
    install = next(s for s in ACTION["runs"]["steps"] if s["name"] == "Install docenv")
    done = runner.run(install, ROOT, {"python": sys.executable})
    assert done.returncode == 0, done.stdout + done.stderr
    return runner


@pytest.fixture()
def workspace(tmp_path: Path, runner: Runner) -> Path:
    (tmp_path / "svc" / "docs").mkdir(parents=True)
    shutil.copy(SEED, tmp_path / "svc" / "docs" / "env.md")
    (tmp_path / "svc" / "pyproject.toml").write_text(PYPROJECT)
    docenv = next(Path(p) / "docenv" for p in runner.github_path.read_text().split())
    subprocess.run([str(docenv), "generate", "--quiet"], cwd=tmp_path / "svc", check=True)
    return tmp_path


def test_the_install_step_puts_docenv_from_this_checkout_on_the_path(runner: Runner) -> None:
    (folder,) = runner.github_path.read_text().split()
    assert folder.startswith(str(runner.temp))
    version = subprocess.run([str(Path(folder) / "docenv"), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("docenv ")


def test_a_clean_project_passes_check_and_lint(runner: Runner, workspace: Path) -> None:
    results = runner.run_action(workspace, {"working-directory": "svc"})
    assert [(name, code) for name, code, _ in results] == [("docenv check", 0), ("docenv lint", 0)]
    # The seed's warnings arrive as annotations on the doc.
    assert "::warning file=docs/env.md,line=" in results[1][2]


def test_drift_fails_the_check_step_and_stops_the_action(runner: Runner, workspace: Path) -> None:
    doc = workspace / "svc" / "docs" / "env.md"
    doc.write_text(doc.read_text().replace("| DB_HOST ", "| DB_HOSTNAME ", 1))
    results = runner.run_action(workspace, {"working-directory": "svc"})
    assert [(name, code) for name, code, _ in results] == [("docenv check", 1)]
    assert "out of date" in results[0][2]


def test_strict_fails_on_lint_warnings(runner: Runner, workspace: Path) -> None:
    results = runner.run_action(workspace, {"working-directory": "svc", "strict": "true"})
    assert [(name, code) for name, code, _ in results] == [("docenv check", 0), ("docenv lint", 1)]


def test_scan_runs_only_when_asked_and_annotates_undocumented_reads(runner: Runner, workspace: Path) -> None:
    (workspace / "svc" / "app.py").write_text('import os\nCACHE = os.getenv("CACHE_URL")\n')
    assert [name for name, _, _ in runner.run_action(workspace, {"working-directory": "svc"})] == [
        "docenv check", "docenv lint"]
    results = runner.run_action(workspace, {"working-directory": "svc", "scan": "true"})
    assert [(name, code) for name, code, _ in results][-1] == ("docenv scan", 1)
    assert "::error file=app.py,line=2,col=20::DV301: CACHE_URL is read here but not documented" in results[-1][2]


def test_no_expression_reaches_a_script() -> None:
    """Inputs pass through env, never pasted into a script, so an input cannot inject shell code."""
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step["run"], step["name"]
