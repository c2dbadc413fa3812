"""[tool.docenv] settings, overrides, `docenv explain`, and running on a doc with no settings at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docenv.cli import main

from .conftest import ROOT, SEED


def write_project(root: Path, docenv_table: str) -> None:
    (root / "spec").mkdir(exist_ok=True)
    shutil.copy(SEED, root / "spec" / "env.md")
    (root / "pyproject.toml").write_text(docenv_table)


def test_overrides_change_the_model_and_explain_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, """
[tool.docenv]
[[tool.docenv.docs]]
path = "spec/env.md"
name = "neo"
[tool.docenv.docs.overrides]
DB_MIGRATIONS_TABLE_QUOTED = { type = "bool" }
"worker.REDIS_URL" = { secret = true }
""")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--quiet"]) == 0
    model = json.loads((tmp_path / "generated" / "neo" / "model.json").read_text())
    variables = {(s["id"], v["name"]): v for s in model["sections"] for v in s["variables"]}
    assert variables[("backend_api_database_migrations", "DB_MIGRATIONS_TABLE_QUOTED")]["type"] == "bool"
    assert variables[("worker", "REDIS_URL")]["secret"] is True
    assert variables[("backend_api", "DB_HOST")]["secret"] is False
    worker = (tmp_path / "generated" / "neo_config" / "worker.py").read_text()
    assert "redis_url: Secret[str] | None" in worker
    capsys.readouterr()
    assert main(["explain", "DB_MIGRATIONS_TABLE_QUOTED"]) == 0
    out = capsys.readouterr().out
    assert "override in pyproject.toml: 'bool'" in out


def test_an_override_that_matches_nothing_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, """
[tool.docenv]
[[tool.docenv.docs]]
path = "spec/env.md"
[tool.docenv.docs.overrides]
NO_SUCH_VAR = { type = "int" }
PORT = { type = "bool" }
""")
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 1
    out = capsys.readouterr().out
    assert "DV112 warning: override 'NO_SUCH_VAR' matches no documented variable" in out
    assert "DV112 error: override of PORT makes it bool, but its documented default '8080'" in out


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[tool.other]\n", "has no [tool.docenv] table"),
        ("[tool.docenv]\n", "needs at least one [[tool.docenv.docs]] entry"),
        ("[tool.docenv]\n[[tool.docenv.docs]]\npath = 'spec/env.md'\noutputs = ['pdf']\n", "outputs must be a list"),
        ("[tool.docenv]\n[[tool.docenv.docs]]\npath = 'spec/env.md'\npackage = 'not-valid'\n", "Python identifiers"),
        ("[tool.docenv\n", "is not valid TOML"),
        ("[tool.docenv]\n[[tool.docenv.docs]]\npath = 'spec/missing.md'\n", "spec/missing.md: no such file"),
    ],
)
def test_bad_settings_are_one_clear_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], table: str, message: str
) -> None:
    write_project(tmp_path, table)
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "generated").exists()


def test_explain_shows_rule_and_evidence_for_each_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "AUTH_SCOPE", "--doc", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("AUTH_SCOPE in Frontend App (")
    assert "list in the description: 'space separated'" in out
    assert "condition in the description: 'Required if AUTH_ENABLED is true'" in out
    assert '"required_if"' not in out and "required_if  {" in out


def test_explain_a_variable_in_two_sections_and_narrow_by_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "TEMPORAL_URL", "--doc", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "TEMPORAL_URL in Backend API" in out and "TEMPORAL_URL in Worker" in out
    assert "default is no url; loosened to str: 'RS256'" in out
    assert main(["explain", "TEMPORAL_URL", "--doc", str(SEED), "--section", "worker"]) == 0
    out = capsys.readouterr().out
    assert "Backend API" not in out and "'localhost:7233'" in out


def test_explain_unknown_variable_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "NOPE", "--doc", str(SEED)]) == 2
    assert "NOPE is not documented" in capsys.readouterr().err


def test_every_command_runs_on_a_doc_without_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "acme" / "environment-variables.md"
    doc.parent.mkdir()
    shutil.copy(SEED, doc)
    monkeypatch.chdir(tmp_path)
    assert main(["parse", str(doc), "--format", "text"]) == 0
    assert "Worker [worker] line 94: 18 variables" in capsys.readouterr().out
    assert main(["lint", str(doc)]) == 0
    assert main(["generate", str(doc), "--out", "out", "--quiet"]) == 0
    assert (tmp_path / "out" / "acme_config" / "worker.py").is_file()  # name from the folder
    assert (tmp_path / "out" / "acme" / "model.json").is_file()
    assert main(["check", str(doc), "--out", "out", "--quiet"]) == 0


def test_output_does_not_depend_on_hash_seed_cwd_or_path_spelling(tmp_path: Path) -> None:
    doc = ROOT / "spec" / "neosync" / "environment-variables.md"
    runs = [
        ({"PYTHONHASHSEED": "0"}, ROOT, "spec/neosync/environment-variables.md", ROOT / "generated-a"),
        ({"PYTHONHASHSEED": "1"}, tmp_path, str(doc), ROOT / "generated-b"),
    ]
    trees = []
    try:
        for env, cwd, doc_arg, out in runs:
            result = subprocess.run(
                [sys.executable, "-m", "docenv", "generate", doc_arg, "--out", str(out), "--package", "pkg",
                 "--name", "neo", "--quiet"],
                cwd=cwd, env=os.environ | env, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    finally:
        for _, _, _, out in runs:
            shutil.rmtree(out, ignore_errors=True)
    assert trees[0] == trees[1]
    everything = b"".join(trees[0].values())
    assert str(ROOT).encode() not in everything and str(tmp_path).encode() not in everything
