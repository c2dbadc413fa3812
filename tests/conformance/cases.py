"""The conformance cases (cases.json) as every runner reads them: one doc holding one section per case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CASES_FILE = Path(__file__).resolve().parent / "cases.json"
HOME = "/home/conformance"  # the process's HOME while cases run: `~` in a path expands to it


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    return cases


def conformance_doc(cases: list[dict[str, Any]]) -> str:
    """One doc, one `##` section per case, in the cases' order (so section i is case i)."""
    return "# Conformance\n\n" + "".join(f"## {case['name']}\n\n{case['doc']}\n" for case in cases)


def case_env(case: dict[str, Any], files: Path | None) -> dict[str, str]:
    """The case's environment, `{files}` replaced by the folder its `files` were written to."""
    env: dict[str, str] = case["env"]
    if files is None:
        return dict(env)
    return {name: value.replace("{files}", str(files)) for name, value in env.items()}


def write_files(case: dict[str, Any], folder: Path) -> Path | None:
    if not case.get("files"):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in case["files"].items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
