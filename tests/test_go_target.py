"""The Go target with the real toolchain: the seed's package is gofmt-clean, passes go vet and its behaviour
tests (tests/go/seed_test.go); every conformance case passes under `go test`, each a subtest named after
its case; every corpus page's package and the hostile golden doc's compile and vet in one run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from docenv.generate.project import DocSettings, Settings
from docenv.model.document import Document
from docenv.generate.render import render_all
from docenv.generate.settings import go_settings
from docenv.generate.parse import parse_document
from docenv.targets.go.package import section_codes

from .conftest import ROOT, SHARED
from .conformance.cases import CASES_FILE, conformance_doc, load_cases
from .gotool import gofmt_unformatted, need_go, run_go
from .test_hostile_text import Row, hostile_docs, markdown

GO_TESTS = Path(__file__).resolve().parent / "go"
SEED_GO = ROOT / "generated" / "neosync" / "go"


def generate_go(doc: Path, out: Path, name: str) -> Path:
    """Render `doc`'s Go package into `out` (through the pipeline, as `docenv generate` does); its folder."""
    entry = DocSettings(doc, doc.name, name, f"{name}_config", ("go",), None, **go_settings({}, name, "test"))
    for path, data in render_all(Settings(out, out, (entry,), "test")).files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return out / entry.go_dir


def _with_test(folder: Path, test: Path, package: str) -> None:
    text = test.read_text(encoding="utf-8").replace("package PACKAGE", f"package {package}", 1)
    (folder / test.name).write_text(text, encoding="utf-8")


def _with_harness(folder: Path, document: Document, package: str) -> int:
    """The conformance harness beside a generated package, with loaders_test.go listing each section's
    loader in doc order (the harness runs case i with loader i); the number of sections."""
    codes = [code for _, code in section_codes(document)]
    loaders = [f"\tfunc(environ []string) (any, error) {{ return {c.loader_environ}(environ) }}," if c.loader_environ
               else f"\tfunc(environ []string) (any, error) {{ return {c.loader_from}(environLookup(environ)) }},"
               for c in codes]
    (folder / "loaders_test.go").write_text(f"package {package}\n\nvar conformanceLoaders = []func([]string) "
                                            "(any, error){\n" + "\n".join(loaders) + "\n}\n", encoding="utf-8")
    _with_test(folder, GO_TESTS / "conformance_test.go", package)
    return len(codes)


def _passed(done: object) -> None:
    assert getattr(done, "returncode") == 0, getattr(done, "stdout") + getattr(done, "stderr")


def test_seed_package_is_gofmt_clean_vets_and_passes_its_behaviour_tests(tmp_path: Path) -> None:
    need_go()
    assert gofmt_unformatted(SEED_GO) == []
    folder = tmp_path / "seed"
    shutil.copytree(SEED_GO, folder)
    shutil.copy(GO_TESTS / "seed_test.go", folder / "seed_test.go")
    _passed(run_go(["vet", "./..."], folder))
    _passed(run_go(["test", "-count=1", "./..."], folder))


def test_every_conformance_case_passes_under_go_test(tmp_path: Path) -> None:
    need_go()
    cases = load_cases()
    doc = tmp_path / "conformance.md"
    doc.write_text(conformance_doc(cases), encoding="utf-8")
    folder = generate_go(doc, tmp_path / "out", "conformance")
    assert gofmt_unformatted(folder) == []
    document = parse_document(doc.read_text(encoding="utf-8"), doc.name, outputs=("go",)).document
    assert _with_harness(folder, document, "conformanceconfig") == len(cases)
    _passed(run_go(["vet", "./..."], folder))
    done = run_go(["test", "-count=1", "-run", "TestConformance", "-v", "./..."], folder,
                  {"CONFORMANCE_CASES": str(CASES_FILE)})
    failed = re.findall(r"--- FAIL: TestConformance/(\S+)", done.stdout)
    assert done.returncode == 0 and not failed, f"cases failing in Go: {failed}\n{done.stdout[-6000:]}"
    assert len(re.findall(r"--- PASS: TestConformance/", done.stdout)) == len(cases)


def _one_module(tmp_path: Path, docs: list[tuple[str, Path]]) -> Path:
    """Each doc's package as a folder of one module, so one `go vet ./...` covers them all."""
    root = tmp_path / "module"
    root.mkdir()
    (root / "go.mod").write_text("module corpus\n\ngo 1.22\n", encoding="utf-8")
    for name, doc in docs:
        folder = generate_go(doc, tmp_path / "out" / name, name)
        (folder / "go.mod").unlink()
        shutil.copytree(folder, root / name)
    return root


def _corpus_pages() -> list[Path]:
    manifest = SHARED / "corpus" / "MANIFEST.tsv"
    if not manifest.is_file():
        pytest.skip("../shared/corpus is not here")
    rows = [line.split("\t") for line in manifest.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return [SHARED / "corpus" / row[0] for row in rows]


def test_every_corpus_page_generates_go_that_compiles(tmp_path: Path) -> None:
    need_go()
    pages = _corpus_pages()
    root = _one_module(tmp_path, [(f"page{i}", page) for i, page in enumerate(pages)])
    assert len([p for p in root.iterdir() if p.is_dir()]) == len(pages)
    assert gofmt_unformatted(root) == []
    _passed(run_go(["vet", "./..."], root))


def test_hostile_golden_doc_generates_go_that_compiles(tmp_path: Path) -> None:
    need_go()
    root = _one_module(tmp_path, [("hostile", ROOT / "tests" / "golden" / "hostile" / "doc.md")])
    assert gofmt_unformatted(root) == []
    _passed(run_go(["vet", "./..."], root))


def _same_as_python(tmp_path: Path, text: str, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Generate `text` for Python and Go; Go must give every section's variables the values Python gives,
    for the environment each needs (so no doc text changed a literal, a name or a choice in Go)."""
    from .targets import generate_both, targets_of
    from .test_conformance import _values
    from .test_hostile_text import needed_env

    doc = tmp_path / "doc.md"
    doc.write_text(text, encoding="utf-8")
    config, settings = generate_both(doc, tmp_path / "py", name)
    stdlib, _ = targets_of(doc, config, settings)
    document = parse_document(text, doc.name, outputs=("go",)).document
    monkeypatch.setenv("HOME", "/home/conformance")
    cases = [{"name": section.id, "env": (env := needed_env(document, section)),
              "values": _values(stdlib, stdlib.load(section.id, env))} for section in document.sections]
    folder = generate_go(doc, tmp_path / "go", name)
    assert gofmt_unformatted(folder) == []
    _with_harness(folder, document, f"{name}config")
    expected = tmp_path / "cases.json"
    expected.write_text(json.dumps({"cases": cases}, ensure_ascii=False), encoding="utf-8")
    _passed(run_go(["vet", "./..."], folder))
    _passed(run_go(["test", "-count=1", "-run", "TestConformance", "./..."], folder,
                   {"CONFORMANCE_CASES": str(expected)}))


def test_the_hostile_golden_doc_means_the_same_in_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    need_go()
    from .test_hostile_text import golden_text

    _same_as_python(tmp_path, golden_text(), "golden", monkeypatch)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(doc=hostile_docs())
def test_hostile_docs_mean_the_same_in_go(doc: list[tuple[str, list[Row]]], tmp_path_factory: pytest.TempPathFactory,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    need_go()
    _same_as_python(tmp_path_factory.mktemp("hostile-go"), markdown(doc), "random", monkeypatch)


def test_go_output_does_not_depend_on_the_hash_seed() -> None:
    probe = ("import hashlib, sys; from docenv.generate.parse import parse_document; "
             "from docenv.read.sources import read_doc; from docenv.targets.go.package import render_package; "
             "doc = parse_document(read_doc(sys.argv[1]), 'doc.md').document; "
             "files = render_package(doc, 'go', 'm', 'p'); "
             "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())")
    seen = {subprocess.run([sys.executable, "-c", probe, str(doc)], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True, cwd=ROOT).stdout
            for seed in ("0", "1", "2") for doc in [ROOT / "tests" / "golden" / "hostile" / "doc.md"]}
    assert len(seen) == 1


@pytest.mark.parametrize("setting, message", [
    ('go_package = "Config"', "go_package must be a Go package name"),
    ('go_package = "my-config"', "go_package must be a Go package name"),
    ('go_module = "/abs/module"', "go_module must be a Go module path"),
    ('go_module = "a b"', "go_module must be a Go module path"),
    ('go_dir = "../outside"', "go_dir must be a folder inside the output directory"),
    ('go_dir = "/abs"', "go_dir must be a folder inside the output directory"),
])
def test_bad_go_settings_stop_with_one_line(setting: str, message: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from docenv.cli import main

    (tmp_path / "doc.md").write_text("## App\n\n| Variable | Description |\n| --- | --- |\n| PORT | p |\n")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.docenv]\nout = "out"\n\n[[tool.docenv.docs]]\npath = "doc.md"\noutputs = ["go"]\n{setting}\n')
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "pyproject.toml" in err and "\n" not in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_go_settings_place_and_name_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docenv.cli import main

    (tmp_path / "doc.md").write_text("## App\n\n| Variable | Description |\n| --- | --- |\n| PORT | p |\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.docenv]\nout = "out"\n\n[[tool.docenv.docs]]\npath = "doc.md"\noutputs = ["go"]\n'
        'go_dir = "services/env"\ngo_package = "appenv"\ngo_module = "example.com/team/appenv"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--quiet"]) == 0
    folder = tmp_path / "out" / "services" / "env"
    assert sorted(p.name for p in folder.iterdir()) == ["app.go", "docenv_runtime.go", "go.mod"]
    assert "module example.com/team/appenv\n" in (folder / "go.mod").read_text()
    assert "\npackage appenv\n" in (folder / "app.go").read_text()
    assert main(["check", "--full"]) == 0
    (folder / "app.go").write_text("// edited\n")
    assert main(["check", "--full"]) == 1
