"""Goldens for the seed: its model, field by field, and every generated file under generated/.

After a reviewed change, `make goldens` rewrites both; the diff is the review.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
from pathlib import Path

import pytest

from docenv.generate import settings
from docenv.cli import main
from docenv.generate.check import compare
from docenv.generate.render import render_all

from .conftest import ROOT

GOLDEN_MODEL = Path(__file__).resolve().parent / "golden" / "seed_model.json"
SEED_ARG = "spec/neosync/environment-variables.md"


def _readable_diff(expected: str, actual: str, name: str) -> str:
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        f"{name} (golden)", f"{name} (now)"))


def test_seed_model_matches_the_reviewed_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["parse", SEED_ARG]) == 0
    expected = GOLDEN_MODEL.read_text(encoding="utf-8")
    assert buffer.getvalue() == expected, "model changed; if intended, run `make goldens`:\n" + _readable_diff(
        expected, buffer.getvalue(), "seed_model.json")


def test_golden_model_shape() -> None:
    data = json.loads(GOLDEN_MODEL.read_text(encoding="utf-8"))
    assert [s["id"] for s in data["sections"]] == [
        "backend_api", "backend_api_database_migrations", "frontend_app", "worker", "cli"]
    assert sum(len(s["variables"]) for s in data["sections"]) == 86


def test_generated_tree_matches_the_doc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    project = settings.load()
    rendered = render_all(project)
    drift = compare(project.out, rendered)
    assert drift.clean, ("generated/ differs from what the doc gives; run `make generate`:\n"
                         f"missing={drift.missing} outdated={drift.outdated} edited={drift.edited} "
                         f"stale={drift.stale}\n" + "".join(drift.diffs))
