"""Precision and recall of `docenv scan` on fixture trees written with every read they hold listed.

Each folder under tests/fixtures/scan has source files and an `expected.tsv` naming every
variable they read or set (file, line, column, name, kind; `-` for a name built at run time).
The whole scanner runs on the folder: file listing, reader choice, lexing and positions.

A fixture of config libraries also lists what each read declares: columns library, type, default,
required (`true`/`false`) and choices (`a|b`); an empty cell is "not declared", a library of `-` is
no declaration at all.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from docenv.scan.files import list_files
from docenv.scan.scanner import scan

from .conftest import FIXTURES

SCAN_FIXTURES = FIXTURES / "scan"
FOLDERS = sorted(p.name for p in SCAN_FIXTURES.iterdir() if (p / "expected.tsv").is_file())

Row = tuple[str, int, int, str, str]


def expected(folder: Path) -> set[Row]:
    with open(folder / "expected.tsv", newline="", encoding="utf-8") as handle:
        return {(r["file"], int(r["line"]), int(r["column"]), r["name"], r["kind"])
                for r in csv.DictReader(handle, delimiter="\t")}


def found(folder: Path) -> set[Row]:
    result = scan(folder, list_files(folder, ["."], [], None))
    return {(p.path, p.line, p.column, p.name or "-", p.kind) for p in result.places}


Declaration = tuple[str, str | None, str | None, bool | None, tuple[str, ...]] | None


def expected_declarations(folder: Path) -> dict[Row, Declaration] | None:
    """Row -> (library, type, default, required, choices) as the fixture lists them; None without the columns."""
    with open(folder / "expected.tsv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if "library" not in (reader.fieldnames or ()):
            return None
        out: dict[Row, Declaration] = {}
        for r in reader:
            key = (r["file"], int(r["line"]), int(r["column"]), r["name"], r["kind"])
            required = {"true": True, "false": False, "": None}[r.get("required") or ""]
            choices = tuple(c for c in (r.get("choices") or "").split("|") if c)
            out[key] = None if r["library"] in ("-", "") else (
                r["library"], r.get("type") or None, r.get("default") or None, required, choices)
        return out


def found_declarations(folder: Path) -> dict[Row, Declaration]:
    result = scan(folder, list_files(folder, ["."], [], None))
    return {(p.path, p.line, p.column, p.name or "-", p.kind):
            None if p.declared is None else (p.declared.library, p.declared.type, p.declared.default,
                                             p.declared.required, p.declared.choices)
            for p in result.places}


def test_every_language_has_a_fixture() -> None:
    assert {"python", "go", "js", "deploy", "shell"} <= set(FOLDERS)


@pytest.mark.parametrize("name", FOLDERS)
def test_precision_and_recall_are_complete(name: str) -> None:
    folder = SCAN_FIXTURES / name
    want, got = expected(folder), found(folder)
    assert want, "a fixture with nothing to find measures nothing"
    true_positives = want & got
    precision = len(true_positives) / len(got) if got else 0.0
    recall = len(true_positives) / len(want)
    assert (sorted(got - want), sorted(want - got)) == ([], []), "found but not expected / expected but missed"
    assert precision == recall == 1.0


@pytest.mark.parametrize("name", FOLDERS)
def test_unresolved_reads_are_listed_not_guessed(name: str) -> None:
    """Every fixture holds reads whose name is built at run time; each is reported without a name."""
    folder = SCAN_FIXTURES / name
    unresolved = {row for row in found(folder) if row[3] == "-"}
    assert unresolved, f"the {name} fixture has no read built at run time"
    assert unresolved == {row for row in expected(folder) if row[3] == "-"}


def test_workers_find_what_one_process_finds() -> None:
    listing = list_files(SCAN_FIXTURES, ["."], [], None)
    assert len(listing.candidates) > 10
    one = scan(SCAN_FIXTURES, listing, workers=1)
    two = scan(SCAN_FIXTURES, listing, workers=2)
    assert one.places == two.places and one.places
    assert (one.scanned, one.skipped, one.other) == (two.scanned, two.skipped, two.other)


LIBRARY_FOLDERS = [name for name in FOLDERS if expected_declarations(SCAN_FIXTURES / name) is not None]


def test_every_config_library_has_a_fixture_with_its_declarations() -> None:
    assert {"caarlos0_env", "go_envconfig", "kelseyhightower_envconfig", "viper_unmarshal", "pydantic_settings",
            "environs", "django_environ", "python_decouple", "t3_env", "envalid", "zod", "nestjs_config", "rust",
            "envy"} <= set(LIBRARY_FOLDERS)


@pytest.mark.parametrize("name", LIBRARY_FOLDERS)
def test_declared_types_and_defaults_are_recorded_with_the_reads(name: str) -> None:
    folder = SCAN_FIXTURES / name
    want = expected_declarations(folder)
    assert want is not None
    got = found_declarations(folder)
    assert any(want.values()), "a fixture of config libraries with nothing declared measures nothing"
    assert {k: v for k, v in got.items() if v != want.get(k)} == {}
