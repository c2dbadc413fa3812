"""The conformance cases (tests/conformance/cases.json) on both Python targets: the stdlib classes and
the pydantic-settings classes decide every case as the data says, one test per case and target."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from docenv.model.values import env_key

from .conformance.cases import HOME, case_env, conformance_doc, load_cases, write_files
from .targets import PydanticTarget, StdlibTarget, Target, generate_both, targets_of

CASES = load_cases()
# pydantic-settings has no names filled in at run time: templated families are not read (README).
PYDANTIC_SKIPS = {c["name"] for c in CASES if "<" in c["doc"]}
# A missing value is reported by pydantic itself, in its own words.
PYDANTIC_WORDS = {"is required but not set": "Field required"}


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Target, list[str]]]:
    folder = tmp_path_factory.mktemp("conformance")
    doc = folder / "conformance.md"
    doc.write_text(conformance_doc(CASES), encoding="utf-8")
    config, settings = generate_both(doc, folder / "out", "conformance")
    stdlib, pyd = targets_of(doc, config, settings)
    sections = list(stdlib.classes)
    assert len(sections) == len(CASES), "each case must make exactly one section"
    return {"stdlib": (stdlib, sections), "pydantic": (pyd, sections)}


def _neutral(target: Target, value: Any) -> Any:
    if target.is_secret(value):
        value = target.reveal(value)
    if isinstance(value, timedelta):
        return {"microseconds": value // timedelta(microseconds=1)}
    if isinstance(value, Path):
        return str(value)
    return value


def _values(target: Target, config: Any) -> dict[str, Any]:
    """Variable name -> neutral value, a family's members under their concrete names."""
    found: dict[str, Any] = {}
    if isinstance(target, StdlibTarget):
        for spec in dataclasses.fields(config):
            env = spec.metadata["env"]
            value = getattr(config, spec.name)
            if env.endswith("*"):  # a family: key -> entry, each entry's fields named by their pattern
                for key, entry in value.items():
                    for member in dataclasses.fields(entry):
                        name = re.sub(r"<[A-Z0-9_]+>", env_key(key), member.metadata["env"])
                        found[name] = _neutral(target, getattr(entry, member.name))
            else:
                found[env] = _neutral(target, value)
        return found
    for field, env in target.fields(_section_of(target, config)).items():
        found[env] = _neutral(target, getattr(config, field))
    return found


def _section_of(target: Target, config: Any) -> str:
    return next(section for section, cls in target.classes.items() if isinstance(config, cls))


@pytest.mark.parametrize("target_name", ["stdlib", "pydantic"])
@pytest.mark.parametrize("index", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_case(index: int, target_name: str, targets: dict[str, tuple[Target, list[str]]], tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[index]
    if target_name == "pydantic" and case["name"] in PYDANTIC_SKIPS:
        pytest.skip("pydantic-settings classes do not read templated families")
    target, sections = targets[target_name]
    section = sections[index]
    monkeypatch.setenv("HOME", HOME)
    env = case_env(case, write_files(case, tmp_path / "files"))
    if isinstance(target, PydanticTarget):
        env["HOME"] = HOME  # the process environment is the case's alone while pydantic reads it
    hidden = case.get("hidden", [])
    if "problems" in case:
        error = target.caught(section, env)
        messages = target.messages(section, env)
        assert sorted(messages) == sorted(case["problems"]), messages
        for variable, text in case["problems"].items():
            if isinstance(target, PydanticTarget):
                text = PYDANTIC_WORDS.get(text, text)
            assert text in messages[variable], (variable, messages[variable])
        shown = str(error) + repr(error)
    else:
        config = target.load(section, env)
        assert _values(target, config) == case["values"]
        shown = str(config) + repr(config)
    for text in hidden:
        assert text not in shown, f"{text!r} shows"
