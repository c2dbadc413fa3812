"""Real-world env-var docs (../shared/corpus): each page parses, and docenv counts its variable rows as a reader does.

MANIFEST.tsv columns: file, repo, path, commit_sha, env_var_rows, tables. `env_var_rows` is the number of
rows in every table that has a variable column, counted by hand; `tables` the number of tables on the page.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docenv.generate.parse import parse_document
from docenv.cli import main
from docenv.read.sources import read_doc

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
MANIFEST = CORPUS / "MANIFEST.tsv"

if not MANIFEST.is_file():
    pytest.skip(f"corpus not found at {CORPUS}", allow_module_level=True)


def _rows() -> list[dict[str, str]]:
    with MANIFEST.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


ROWS = _rows()

# Pages whose count docenv gets wrong, with the exact cause: {file: reason}. Empty: every page matches.
KNOWN_MISCOUNTS: dict[str, str] = {}


def _params() -> list[object]:
    params: list[object] = []
    for row in ROWS:
        marks = []
        if row["file"] in KNOWN_MISCOUNTS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_MISCOUNTS[row["file"]]))
        params.append(pytest.param(row, id=row["file"], marks=marks))
    return params


def test_manifest_lists_existing_pages() -> None:
    assert ROWS, "MANIFEST.tsv has no rows"
    assert list(ROWS[0]) == ["file", "repo", "path", "commit_sha", "env_var_rows", "tables"]
    missing = [row["file"] for row in ROWS if not (CORPUS / row["file"]).is_file()]
    assert missing == []


@pytest.mark.parametrize("row", _params())
def test_page_variable_rows_match_the_manifest(row: dict[str, str]) -> None:
    page = CORPUS / row["file"]
    result = parse_document(read_doc(str(page)), row["file"])
    assert result.variable_rows == int(row["env_var_rows"])


# Rows that name a variable but add none to the model, per page: (twin rows, repeated rows merged).
FEWER_VARIABLES: dict[str, tuple[int, int]] = {
    # The "Docker Secrets" table maps six variables documented above to their _FILE twins.
    "real/immich__environment-variables.md": (6, 0),
    # STORAGE_<LOCATION>_ROOT is repeated under "Local"; _BUCKET and _ENDPOINT are described again
    # under the GCS, Azure and Supabase drivers: one setting each, merged (DV102, DV115).
    "real/directus__configuration-files.md": (0, 5),
}


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_model_holds_the_manifest_count_less_twins_and_merged_repeats(row: dict[str, str]) -> None:
    result = parse_document(read_doc(str(CORPUS / row["file"])), row["file"])
    twins, repeats = FEWER_VARIABLES.get(row["file"], (0, 0))
    assert result.document.variable_count == int(row["env_var_rows"]) - twins - repeats
    every = [v for s in result.document.sections for v in s.every_variable]
    assert sum(v.file_twin is not None for v in every) == twins
    assert len([d for d in result.diagnostics if d.code in ("DV102", "DV115")]) == repeats


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_page_table_count_matches_the_manifest(row: dict[str, str]) -> None:
    result = parse_document(read_doc(str(CORPUS / row["file"])), row["file"])
    assert result.tables == int(row["tables"])


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_docenv_parse_page(row: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    page = str(CORPUS / row["file"])
    assert main(["parse", page]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["source"] == page
    assert data["sections"], "no section with variables"
    assert all(section["variables"] for section in data["sections"])
    assert "Traceback" not in captured.err
    errors = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert errors == [], "the page parses without error diagnostics"


def test_mealie_versioned_name_cell_keeps_the_variable() -> None:
    row = next((r for r in ROWS if r["file"] == "real/mealie__backend-config.md"), None)
    if row is None:
        pytest.skip("mealie page not in the manifest")
    result = parse_document(read_doc(str(CORPUS / row["file"])), row["file"])
    names = {v.name for s in result.document.sections for v in s.variables}
    assert "OIDC_CLIENT_SECRET" in names
    assert not [d for d in result.diagnostics if d.code == "DV101"]


def test_every_page_generates_code_that_passes_mypy_strict_and_black(tmp_path: Path) -> None:
    packages = []
    for index, row in enumerate(ROWS):
        package = f"page{index}_config"
        out = tmp_path / f"out{index}"  # each generate owns its output folder
        code = main(["generate", str(CORPUS / row["file"]), "--out", str(out), "--name", f"page{index}",
                     "--package", package, "--quiet"])
        assert code == 0, row["file"]
        packages.append(package)
    folders = [str(tmp_path / f"out{index}") for index in range(len(ROWS))]
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           *[arg for p in packages for arg in ("-p", p)]],
                          cwd=tmp_path, capture_output=True, text=True,
                          env=os.environ | {"MYPYPATH": os.pathsep.join(folders)})
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    black = subprocess.run([sys.executable, "-m", "black", "--check", "--quiet",
                            *[f"{folder}/{package}" for folder, package in zip(folders, packages)]], cwd=tmp_path,
                           capture_output=True, text=True)
    assert black.returncode == 0, black.stderr[-3000:]


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_every_page_round_trips_an_environment_through_its_generated_classes(row: dict[str, str],
                                                                            tmp_path: Path) -> None:
    """from_env(cfg.to_env()) == cfg for an environment that sets every variable (and two family keys)."""
    from docenv.targets.python.naming import unique_identifiers

    from .conftest import import_generated

    package = "page_config"
    code = main(["generate", str(CORPUS / row["file"]), "--out", str(tmp_path), "--name", "page",
                 "--package", package, "--quiet"])
    assert code == 0
    generated = import_generated(tmp_path, package)
    document = parse_document(read_doc(str(CORPUS / row["file"])), row["file"]).document
    modules = unique_identifiers([s.id for s in document.sections])
    for section, (module, _) in zip(document.sections, modules):
        classes = [c for c in vars(getattr(generated, module)).values()
                   if isinstance(c, type) and hasattr(c, "from_env") and c.__module__.endswith(module)]
        (cls,) = classes
        env = {v.name: _valid_value(v) for v in section.variables}
        for family in section.families:
            keys = ["main", "backup_2"]
            if family.keys_variable:
                env[family.keys_variable] = ",".join(keys)
            for key in keys:
                env.update({family.env_name(m, key.upper()): _valid_value(m) for m in family.members})
        cfg = cls.from_env(env)
        mappings = [getattr(cfg, f.name) for f in dataclasses.fields(cfg) if f.metadata["env"].endswith("*")]
        assert len(mappings) == len(section.families)
        assert all(set(entries) == {"main", "backup_2"} for entries in mappings)
        assert cls.from_env(cfg.to_env()) == cfg, section.id
        assert cls.from_env(cfg.to_env()).to_env() == cfg.to_env()


def _valid_value(var: object) -> str:
    """A value every variable of its type accepts."""
    from docenv.model.document import Variable

    assert isinstance(var, Variable)
    return {
        "int": "42", "float": "1.5", "bool": "true", "url": "https://example.com/x", "path": "/tmp/x",
        "duration": "1m30s", "json": '{"a": [1, 2]}', "list[str]": "a,b",
    }.get(var.type, var.choices[0] if var.choices else "some text")
