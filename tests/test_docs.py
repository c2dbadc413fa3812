"""The docs cannot drift: every example runs and prints what it shows, code examples compile or run, links and
anchors resolve, the CLI reference is the commands' own --help, and the README stays a short front door."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .docs_examples import PAGES, ROOT, Example, examples, normalise, prepare, run
from .gotool import go_env, need_go

EXAMPLES = examples()
CONSOLE = [e for e in EXAMPLES if e.info == "console"]
CODE = [e for e in EXAMPLES if e.info in ("python", "go", "ts", "typescript")]
TSC = ROOT / "tests" / "typescript" / "node_modules" / ".bin" / "tsc"


def test_the_readme_is_a_short_front_door() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    for command in ("uvx docenv", "docenv init", "docenv generate", "docenv check", "docenv scan", "docenv fix",
                    "--draft-doc", "make generate", "make test"):
        assert command in text, command


def test_every_docs_page_says_what_it_is_for_first() -> None:
    for page in PAGES[1:]:
        lines = page.read_text(encoding="utf-8").splitlines()
        first = lines[2:lines.index("", 2)] if "" in lines[2:] else lines[2:]
        assert lines[0].startswith("# ") and lines[1] == "" and first and " ".join(first).endswith("."), page


@pytest.mark.parametrize("example", CONSOLE, ids=[e.name for e in CONSOLE])
def test_a_console_example_prints_what_it_shows(example: Example, tmp_path: Path) -> None:
    assert "dir" in example.args, f"{example.name}: say where it runs (<!-- example: dir=... -->)"
    folder = prepare(example, tmp_path)
    for command, shown in example.commands:
        assert run(command, folder) == normalise(shown, folder), f"{example.name}: `{command}`"


def test_every_block_that_shows_docenv_running_is_an_example() -> None:
    for page in PAGES:
        for match in re.finditer(r"(<!-- example:[^>]*-->\n)?```(\w*)\n(\$ docenv[^\n]*)", page.read_text("utf-8")):
            assert match.group(1) and match.group(2) == "console", f"{page.name}: {match.group(3)}"


@pytest.mark.parametrize("example", CODE, ids=[e.name for e in CODE])
def test_a_code_example_compiles_or_runs(example: Example, tmp_path: Path) -> None:
    kind = example.args.get("run")
    assert kind in ("python", "go", "typescript"), f"{example.name}: mark it <!-- example: run=... -->"
    if kind == "python":
        (tmp_path / "example.py").write_text(example.body)
        done = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", **json.loads(example.args.get("env", "{}"))})
        assert done.returncode == 0, done.stderr[-3000:]
    elif kind == "go":
        go = need_go()
        (tmp_path / "go.mod").write_text(f"module example.com/app\n\ngo 1.22\n\nrequire neosyncconfig v0.0.0\n\n"
                                         f"replace neosyncconfig => {ROOT / 'generated' / 'neosync' / 'go'}\n")
        (tmp_path / "main.go").write_text(example.body)
        for command in (["vet", "."], ["build", "-o", str(tmp_path / "app"), "."]):
            done = subprocess.run([go, *command], cwd=tmp_path, env=go_env(), capture_output=True, text=True)
            assert done.returncode == 0, done.stderr[-3000:]
    else:
        if not TSC.exists():
            pytest.skip("the pinned tsc is installed by `make test` (npm ci in tests/typescript)")
        shutil.copytree(ROOT / "generated" / "neosync" / "ts", tmp_path / "neosync")
        (tmp_path / "example.ts").write_text(example.body)
        config = tmp_path / "tsconfig.json"
        config.write_text(json.dumps({"extends": str(ROOT / "tests" / "typescript" / "tsconfig.strict.json"),
                                      "compilerOptions": {"noEmit": True, "types": [], "lib": ["ES2022", "DOM"]},
                                      "files": [str(tmp_path / "example.ts")]}))
        done = subprocess.run([str(TSC), "-p", str(config)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-3000:]


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes, repeats numbered."""
    seen: dict[str, int] = {}
    found = set()
    in_fence = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        if in_fence or not line.startswith("#"):
            continue
        title = line.lstrip("#").strip()
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if not count else f"{slug}-{count}")
    return found


def test_relative_links_and_anchors_resolve() -> None:
    for page in PAGES:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            assert linked.exists(), f"{page.relative_to(ROOT)}: {target} does not exist"
            if anchor and linked.suffix == ".md":
                assert anchor in _anchors(linked), f"{page.relative_to(ROOT)}: no #{anchor} in {path or page.name}"


def test_the_cli_reference_is_the_commands_own_help() -> None:
    from .update_docs import cli_reference

    text = (ROOT / "docs" / "cli-reference.md").read_text(encoding="utf-8")
    start, end = text.index("<!-- help:start -->"), text.index("<!-- help:end -->")
    assert text[start:end] == cli_reference(), "run `python -m tests.update_docs` after changing an option"
