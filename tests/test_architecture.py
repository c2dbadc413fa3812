"""The package's folders follow the data: read -> model, targets -> model, generate -> read and targets,
and the commands around them may use anything below. This test reads every import in generator/ (at
module level, inside functions and under TYPE_CHECKING alike) and fails on one that runs the wrong way,
and on any circle of imports, so the house stays this way.
"""

from __future__ import annotations

import ast
import tomllib
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# What each folder may import, besides itself and the package root (its version).
ALLOWED = {
    "model": set(),
    "read": {"model"},
    "targets": {"model"},
    "generate": {"model", "read", "targets"},
    "repo": {"model", "generate"},  # the repository around the doc: compose files, the service map
}
COMMANDS = "commands"  # cli, explain, terminal and the command folders: anything below them
# A target is rendered on its own: it uses the shared target helpers (escaping, templating, marks...)
# and never another target, except where one is declared a variant of another.
SHARED_TARGET_MODULES = {"targets", "targets.escaping", "targets.templating", "targets.marks"}
TARGET_VARIANTS = {"pydantic": {"python"}}  # pydantic-settings classes keep the stdlib classes' names and parsers


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    return imports_in(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py")


def imports_in(source: str, name: str, is_package: bool) -> set[str]:
    """Every generator module the module `name` imports, as absolute names (a `from x import name` counts
    x.name when that is a module)."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("generator"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in modules() else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
    return found - {name}


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def layer(module: str) -> str:
    """`generator.read.rows` -> "read"; the root package -> ""; everything else is a command."""
    parts = module.split(".")
    if len(parts) == 1:
        return ""
    return parts[1] if parts[1] in ALLOWED else COMMANDS


def graph() -> dict[str, set[str]]:
    return {name: imports_of(path) for name, path in modules().items()}


def test_every_module_is_seen() -> None:
    assert {"generator.read.builder", "generator.model.lint", "generator.generate.render", "generator.cli"} \
        <= set(modules())
    assert graph()["generator.cli"], "the reader found no imports at all"


@pytest.mark.parametrize("module", sorted(modules()))
def test_imports_run_one_way(module: str) -> None:
    here = layer(module)
    if here in ("", COMMANDS):
        return
    wrong = sorted(t for t in graph()[module] if layer(t) not in {"", here, *ALLOWED[here]})
    assert not wrong, f"{module} ({here}/) imports {wrong}; {here}/ may import only {sorted(ALLOWED[here])}"


@pytest.mark.parametrize("module", sorted(m for m in modules() if layer(m) == "targets"))
def test_a_target_uses_no_other_target(module: str) -> None:
    own = _target_of(module)
    others = {_target_of(t) for t in graph()[module]
              if layer(t) == "targets" and t.removeprefix("generator.") not in SHARED_TARGET_MODULES}
    wrong = sorted(others - {own, None} - TARGET_VARIANTS.get(own or "", set()))
    assert not wrong, f"{module} imports the target(s) {wrong}"


def _target_of(module: str) -> str | None:
    parts = module.removeprefix("generator.").split(".")
    return parts[1] if len(parts) > 1 and ".".join(parts) not in SHARED_TARGET_MODULES else None


def test_no_import_circle() -> None:
    edges = graph()
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if target not in edges:
                continue
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


def test_the_rule_catches_wrong_imports() -> None:
    """The checker itself: relative, absolute and lazy imports are all seen, and each is judged."""
    source = ("from ..targets import escaping\nfrom generator.read.rows import cell\n"
              "def f():\n    from ..generate.render import render_all\n")
    found = imports_in(source, "generator.model.probe", is_package=False)
    assert found == {"generator.targets.escaping", "generator.read.rows", "generator.generate.render"}
    assert not {layer(t) for t in found} & ALLOWED["model"]
    assert layer("generator.scan.report") == COMMANDS and layer("generator") == ""


def test_every_package_is_shipped() -> None:
    """pyproject.toml lists the packages a wheel holds: a folder missing there breaks an installed docenv."""
    listed = set(tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    # The source folder generator/ is the import package docenv (package-dir maps it).
    folders = {"docenv" + module_name(p.parent / "__init__.py").removeprefix("generator")
               for p in PACKAGE.rglob("__init__.py")}
    assert folders <= listed, f"not in [tool.setuptools] packages: {sorted(folders - listed)}"
    assert {"docenv", "docenv.templates"} <= listed and not {p for p in listed if not p.startswith("docenv")}
