"""The generated `_runtime.py`: the code of the modules of model/values, one after another, under one
docstring and one block of imports (templates/python/_runtime.py.jinja).

docenv parses documented defaults with those very modules, so the generator and the generated code can
never disagree about a value. Each module's own docstring, imports and type variables stay behind; the
rest is copied verbatim (a test holds the template's imports to what the modules import).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from types import ModuleType

from ...model.values import family_keys, problems, reading, secret, text
from ..templating import render

# In the order they appear in _runtime.py: each may use only those before it.
MODULES: tuple[ModuleType, ...] = (secret, problems, text, reading, family_keys)


@cache
def runtime_source() -> str:
    bodies = {module.__name__.rpartition(".")[2]: module_body(module) for module in MODULES}
    return render("python/_runtime.py.jinja", **bodies)


def module_body(module: ModuleType) -> str:
    """The module's code after its docstring, imports and `T = TypeVar(...)` lines."""
    assert module.__file__ is not None
    source = Path(module.__file__).read_text(encoding="utf-8")
    end = 0
    for node in ast.parse(source).body:
        if not _preamble(node):
            break
        assert node.end_lineno is not None
        end = node.end_lineno
    return "\n".join(source.split("\n")[end:]).strip("\n")


def _preamble(node: ast.stmt) -> bool:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return True  # the docstring
    return (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id == "TypeVar")
