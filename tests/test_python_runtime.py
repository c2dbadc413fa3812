"""The Python targets' `_runtime.py` is the code of model/values, module by module, verbatim: the very
functions docenv checks documented defaults with."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

from docenv.model import values
from docenv.targets.python.runtime import MODULES, module_body, runtime_source

ROOT = Path(__file__).resolve().parent.parent


def _imports(tree: ast.Module) -> set[tuple[str, str]]:
    """(module, name) of every top-level import that is not of the values package itself."""
    found: set[tuple[str, str]] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and not node.level:
            found.update((node.module or "", a.name) for a in node.names)
        elif isinstance(node, ast.Import):
            found.update((a.name, "") for a in node.names)
    return found


def test_every_values_module_is_in_the_runtime_in_order() -> None:
    source = runtime_source()
    positions = [source.index(module_body(module)) for module in MODULES]
    assert positions == sorted(positions)
    listed = {m.__name__.rpartition(".")[2] for m in MODULES}
    assert listed == {m.name for m in pkgutil.iter_modules(values.__path__)}, "a values module is not in the runtime"


def test_the_runtime_imports_what_the_modules_import() -> None:
    wanted = set().union(*(_imports(ast.parse(Path(str(m.__file__)).read_text(encoding="utf-8"))) for m in MODULES))
    assert _imports(ast.parse(runtime_source())) == wanted


def test_the_runtime_defines_every_public_name_of_values() -> None:
    tree = ast.parse(runtime_source())
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))} | {
        t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    assert set(values.__all__) <= defined


def test_the_committed_runtime_is_the_assembled_one() -> None:
    on_disk = (ROOT / "generated" / "neosync_config" / "_runtime.py").read_text(encoding="utf-8")
    assert on_disk.split("\n", 1)[1] == runtime_source()
