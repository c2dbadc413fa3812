"""Shared helpers: where things are, and generating a package from a doc into a temporary folder."""

from __future__ import annotations

import importlib
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest
from dotenv import dotenv_values

from docenv.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "spec" / "neosync" / "environment-variables.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def read_dotenv(text: str, interpolate: bool = True) -> dict[str, str | None]:
    """What python-dotenv, the real consumer of .env files, reads from `text`."""
    return dict(dotenv_values(stream=io.StringIO(text), interpolate=interpolate))


def uncomment_last_lines(text: str) -> str:
    """Uncomment the assignment that ends each blank-line-separated block, as a user would."""
    blocks = text.split("\n\n")
    out = [blocks[0]]
    for block in blocks[1:]:
        lines = block.rstrip("\n").split("\n")
        if lines[-1].startswith("# "):
            lines[-1] = lines[-1][2:]
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def generate_into(doc: Path, out: Path, package: str) -> Path:
    """Run `docenv generate DOC --out OUT --package PACKAGE`; fail the test if it does not exit 0."""
    code = main(["generate", str(doc), "--out", str(out), "--package", package, "--quiet"])
    assert code == 0, f"docenv generate exited {code}"
    return out


def import_generated(out: Path, package: str) -> ModuleType:
    """Import a freshly generated package from `out` (dropping any earlier import of that name)."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(out))
    try:
        importlib.invalidate_caches()
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


@pytest.fixture(scope="session")
def sample_package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The package generated from tests/fixtures/all_types.md: every type, a reference, conditions."""
    out = tmp_path_factory.mktemp("sample")
    generate_into(FIXTURES / "all_types.md", out, "sample_config")
    return import_generated(out, "sample_config")
