"""The TypeScript target with the real consumers: tsc (pinned in tests/typescript/package-lock.json, installed
by `npm ci`) under --strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes, and Node's own test
runner. One tsc run per group: the seed with the typed-usage file, the conformance doc, the hostile docs,
the corpus pages. Skipped, with the reason, only where node or npm are not installed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from docenv.cli import main
from docenv.generate.parse import parse_document
from docenv.model.document import Document
from docenv.model.types import parser_for
from docenv.read.sources import read_doc
from docenv.targets.typescript.package import module_names, render_package

from .conformance.cases import CASES_FILE, conformance_doc, load_cases
from .test_hostile_text import cell, code_span, golden_text, hostile_docs, markdown, needed_env

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tests" / "typescript"
STRICT = TOOLS / "tsconfig.strict.json"
SEED = ROOT / "generated" / "neosync" / "ts"
CORPUS = ROOT.parent / "shared" / "corpus"
NODE, NPM = shutil.which("node"), shutil.which("npm")

if NODE is None or NPM is None:
    pytest.skip("the TypeScript target's tests need node and npm (Node 20+) on PATH", allow_module_level=True)


@pytest.fixture(scope="session")
def tsc() -> Path:
    """The pinned compiler; `make test` installs it with `npm ci`, a bare pytest run does the same once."""
    binary = TOOLS / "node_modules" / ".bin" / "tsc"
    if not binary.exists():
        done = subprocess.run([str(NPM), "ci", "--no-audit", "--no-fund"], cwd=TOOLS, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
    return binary


def compile_ts(tsc: Path, files: list[Path], folder: Path, out: Path | None = None) -> None:
    """One tsc run over `files` with the strict flags; emit ES modules into `out`, or check only."""
    options: dict[str, Any] = {"outDir": str(out), "rootDir": str(folder)} if out else {"noEmit": True}
    config = folder / "tsconfig.json"
    config.write_text(json.dumps({"extends": str(STRICT), "compilerOptions": options,
                                  "files": [str(f) for f in files]}), encoding="utf-8")
    done = subprocess.run([str(tsc), "-p", str(config)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-6000:]


def write_ts(document: Document, folder: Path) -> Path:
    """The document's TypeScript in `folder` (an ES-module package); returns its index.ts."""
    for path, text in render_package(document, "ts").items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (folder / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    return folder / "ts" / "index.ts"


def test_seed_compiles_strict_and_the_types_hold(tsc: Path, tmp_path: Path) -> None:
    """The committed seed output and tests/typescript/usage.ts, whose every @ts-expect-error must be an error."""
    usage = TOOLS / "usage.ts"
    assert len(re.findall(r"@ts-expect-error", usage.read_text(encoding="utf-8"))) >= 8
    compile_ts(tsc, [SEED / "index.ts", usage], tmp_path)


def test_conformance_cases_under_node_test(tsc: Path, tmp_path: Path) -> None:
    cases = load_cases()
    document = parse_document(conformance_doc(cases), "conformance.md").document
    assert len(document.sections) == len(cases)
    index = write_ts(document, tmp_path / "src")
    compile_ts(tsc, [index], tmp_path / "src", tmp_path / "src" / "dist")
    done = subprocess.run([str(NODE), "--test", "--test-reporter=tap", str(TOOLS / "conformance.test.mjs")],
                          capture_output=True, text=True,
                          env=os.environ | {"DOCENV_TS_DIST": str(tmp_path / "src" / "dist" / "ts"),
                                            "DOCENV_CASES": str(CASES_FILE)})
    summary = dict(re.findall(r"^# (pass|fail|skipped) (\d+)$", done.stdout, re.M))
    failed = re.findall(r"^not ok \d+ - (.*)$", done.stdout, re.M)
    assert done.returncode == 0 and not failed, (failed, done.stdout[-4000:], done.stderr[-2000:])
    # Every case ran (one test each, plus the section count); the skips are the target's documented limits.
    assert int(summary["pass"]) + int(summary["skipped"]) == len(cases) + 1
    assert int(summary["skipped"]) <= 1, done.stdout
    # With no `process` at all (a browser bundle), the same modules load and report, never crash.
    twin = next((s, v) for s in document.sections for v in s.variables if v.file_twin)
    bare = subprocess.run([str(NODE), str(TOOLS / "no_process.mjs"), str(tmp_path / "src" / "dist" / "ts"),
                           twin[0].id, str(twin[1].file_twin)], capture_output=True, text=True)
    assert bare.returncode == 0, bare.stderr[-3000:]
    result = json.loads(bare.stdout)
    assert result["loaded"] + result["configErrors"] == len(cases) and result["loaded"] > 0
    assert len(result["twin"]) == 1 and "cannot be read: this runtime has no file system" in result["twin"][0]


# ---- hostile text: always compiles, never changes meaning

# The brief's list, in descriptions, defaults, choices and titles at once.
NASTY = ["*/ x /*", "`${process.exit(1)}`", "</script><script>alert(1)</script>", "a\u2028b\u2029c", "nul\x00here",
         "trailing\\", "héllo ✓ 日本 😀", "@deprecated {@link x}", "\\u0041 \\n \"'"]


def nasty_doc() -> str:
    rows = "".join(f"| `NASTY_{i}` | {cell(t)} | no | {code_span(t)} |\n" for i, t in enumerate(NASTY))
    choices = "| `NASTY_CHOICE` | Options are a*/b, c`${d} or </script> | no | `a*/b` |\n"
    title = "Nasty */ ` ${x} </script> \\"
    return ("<!-- " + "padding " * 1100 + "-->\n\n" + f"## {title}\n\n"
            + "| Variable | Description | Required | Default |\n| --- | --- | --- | --- |\n" + rows + choices)


def hostile_texts() -> list[str]:
    """The golden hostile doc, the brief's list, and random hostile docs (Hypothesis, derandomized)."""
    drawn: list[str] = []

    @settings(max_examples=25, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(doc=hostile_docs())
    def draw(doc: Any) -> None:
        drawn.append(markdown(doc))

    draw()
    table = "| Variable | Description |\n| --- | --- |\n"
    # Names that collide once camel- or Pascal-cased (FooPublicConfig twice, toEnv, a leading digit).
    clashing = (f"## Foo\n\n{table}| A_B | a |\n| A__B | b |\n| TO_ENV | c |\n\n## Foo public\n\n{table}"
                f"| NEXT_PUBLIC_X | x |\n| Y | y |\n\n## 2fa\n\n{table}| CONSTRUCTOR | c |\n")
    return [golden_text(), nasty_doc(), clashing, *drawn]


def same_value(var: Any, got: str, literal: str) -> bool:
    parse = parser_for(var.type, var.choices, var.separator)
    return bool(parse(got) == parse(literal))


def test_hostile_text_compiles_and_keeps_its_meaning(tsc: Path, tmp_path: Path) -> None:
    documents: list[Document] = []
    indexes: list[Path] = []
    for i, text in enumerate(hostile_texts()):
        document = parse_document(text, "doc.md").document
        documents.append(document)
        indexes.append(write_ts(document, tmp_path / "src" / f"doc{i}"))
    compile_ts(tsc, indexes, tmp_path / "src", tmp_path / "dist")
    jobs = [{"dist": str(tmp_path / "dist" / f"doc{i}" / "ts"),
             "envs": [needed_env(d, s) for s in d.sections]} for i, d in enumerate(documents)]
    (tmp_path / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    done = subprocess.run([str(NODE), str(TOOLS / "read_back.mjs"), str(tmp_path / "jobs.json")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    checked = 0
    for document, result in zip(documents, json.loads(done.stdout)):
        # Only what the index declares: no doc text became an export.
        assert {n for n in result["exports"] if not n.startswith("load") and not n.endswith("Variables")} \
            == {"ConfigError", "SECTIONS", "Secret"}
        for section, read in zip(document.sections, result["sections"]):
            assert (read["id"], read["title"]) == (section.id, section.title)
            assert read["variables"] == [[v.name, v.description] for v in section.variables]
            assert "error" not in read, read["error"]
            env = needed_env(document, section)
            for var in section.variables:
                if var.has_default and var.name not in env and var.default_literal is not None:
                    assert same_value(var, read["toEnv"][var.name], var.default_literal), (var, read["toEnv"])
                    checked += 1
    assert checked > 20


# ---- corpus: every page that generates Python also generates TypeScript that compiles


def test_every_corpus_page_generates_typescript_that_compiles(tsc: Path, tmp_path: Path) -> None:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        pytest.skip(f"corpus not found at {CORPUS}")
    files = [line.split("\t")[0] for line in manifest.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    indexes = [write_ts(parse_document(read_doc(str(CORPUS / f)), f).document, tmp_path / f"page{i}")
               for i, f in enumerate(files)]
    assert len(indexes) == len(files) > 0
    compile_ts(tsc, indexes, tmp_path)


# ---- docenv owns the files: deterministic, checked, configurable


def test_output_is_deterministic_and_machine_free() -> None:
    text = (ROOT / "spec" / "neosync" / "environment-variables.md").read_text(encoding="utf-8")
    first = render_package(parse_document(text, "spec/neosync/environment-variables.md").document, "neosync/ts")
    second = render_package(parse_document(text, "spec/neosync/environment-variables.md").document, "neosync/ts")
    assert first == second
    assert all(t.startswith("// Generated by docenv from spec/neosync/") for t in first.values())
    assert not [p for p, t in first.items() if str(ROOT) in t or "/home/" in t]
    committed = {f"neosync/ts/{p.name}": p.read_text(encoding="utf-8") for p in SEED.glob("*.ts")}
    assert committed == first


@pytest.mark.parametrize("setting, message", [
    ('typescript_dir = "../outside"', "typescript_dir must be a relative folder"),
    ('typescript_dir = "/abs"', "typescript_dir must be a relative folder"),
    ('typescript_public_prefixes = ["NEXT PUBLIC"]', "typescript_public_prefixes must be a list"),
])
def test_bad_typescript_settings_stop_with_one_line(setting: str, message: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "doc.md").write_text("## App\n\n| Variable | Description |\n| --- | --- |\n| PORT | p |\n")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.docenv]\nout = "out"\n\n[[tool.docenv.docs]]\npath = "doc.md"\noutputs = ["typescript"]\n{setting}\n')
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "pyproject.toml" in err and "\n" not in err and "Traceback" not in err


def test_typescript_dir_places_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "doc.md").write_text("## App\n\n| Variable | Description |\n| --- | --- |\n| PORT | p |\n")
    (tmp_path / "pyproject.toml").write_text('[tool.docenv]\nout = "out"\n\n[[tool.docenv.docs]]\npath = "doc.md"\n'
                                             'outputs = ["typescript"]\ntypescript_dir = "web/src/env"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--quiet"]) == 0
    assert sorted(p.name for p in (tmp_path / "out" / "web" / "src" / "env").iterdir()) == \
        ["app.ts", "index.ts", "runtime.ts"]
    assert main(["check", "--full"]) == 0
    (tmp_path / "out" / "web" / "src" / "env" / "app.ts").write_text("// edited\n")
    assert main(["check", "--full"]) == 1


def test_readers_write_every_name_out_and_public_readers_read_only_public_names() -> None:
    """Bundlers inline `process.env.NAME` only where it is written out: no section without a templated
    family reads a computed key, and each public reader reads public names only."""
    text = (ROOT / "spec" / "neosync" / "environment-variables.md").read_text(encoding="utf-8")
    document = parse_document(text, "spec/neosync/environment-variables.md").document
    files = render_package(document, "ts")
    public_readers = 0
    for section, stem, _ in module_names(document):
        path = f"ts/{stem}.ts"
        module = files[path]
        reads = re.findall(r"process\.env\.([A-Z0-9_]+)", module)
        assert "process.env[" not in module
        assert set(reads) >= {v.name for v in section.variables}, path
        for body in re.findall(r"function \w+PublicProcessEnv\(\): rt\.Env \{(.*?)\n\}", module, re.S):
            public_readers += 1
            names = re.findall(r"process\.env\.([A-Z0-9_]+)", body)
            assert names and all(n.startswith(("NEXT_PUBLIC_", "VITE_")) for n in names), names
    assert public_readers == 1  # the seed's Frontend App: NEXT_PUBLIC_APP_BASE_URL


def test_docenv_owns_its_typescript_files_by_their_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Without the manifest, the `// Generated by docenv` line still marks a file docenv may overwrite; a
    file a person wrote at an output path is never overwritten."""
    (tmp_path / "doc.md").write_text("## App\n\n| Variable | Description |\n| --- | --- |\n| PORT | p |\n")
    (tmp_path / "pyproject.toml").write_text('[tool.docenv]\nout = "out"\n\n[[tool.docenv.docs]]\npath = "doc.md"\n'
                                             'outputs = ["typescript"]\n')
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "--quiet"]) == 0
    (tmp_path / "out" / ".docenv-manifest.json").unlink()
    (tmp_path / "doc.md").write_text("## App\n\n| Variable | Description |\n| --- | --- |\n| PORT | the port |\n")
    assert main(["generate", "--quiet"]) == 0
    assert "the port" in (tmp_path / "out" / "doc" / "ts" / "app.ts").read_text()
    (tmp_path / "out" / ".docenv-manifest.json").unlink()
    (tmp_path / "out" / "doc" / "ts" / "app.ts").write_text("export const mine = 1;\n")
    capsys.readouterr()
    assert main(["generate", "--quiet"]) == 2
    assert "app.ts" in capsys.readouterr().err
    assert (tmp_path / "out" / "doc" / "ts" / "app.ts").read_text() == "export const mine = 1;\n"


def test_fixed_a_secret_choice_with_a_default_compiles(tsc: Path, tmp_path: Path) -> None:
    """Found in CI by the hostile docs: a secret enum's literal default was `new rt.Secret("y")`, which
    TypeScript types as Secret<string>, not the choices' Secret; the type argument is now written out."""
    text = ("## S\n\n| Variable | Description | Required | Default |\n| --- | --- | --- | --- |\n"
            "| API_TOKEN | Options are 1e3, _ or y | no | `y` |\n")
    document = parse_document(text, "doc.md", outputs=("typescript",)).document
    assert document.sections[0].variables[0].secret and document.sections[0].variables[0].type == "enum"
    index = write_ts(document, tmp_path / "src")
    compile_ts(tsc, sorted(index.parent.glob("*.ts")), tmp_path / "src")
