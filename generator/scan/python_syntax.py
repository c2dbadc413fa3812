"""Python syntax the readers of config libraries share (pydantic-settings, environs, django-environ, decouple).

They parse with `ast`, the real parser, and only files whose text names a library: a file that does not parse
gives them nothing. Here: parsing without warnings, where a node starts in the text (ast counts columns in
UTF-8 bytes, reports count characters), where a string literal's text starts, the file's imports and its
module-level string constants, and a literal default written as the variable would be set.
"""

from __future__ import annotations

import ast
import bisect
import json
import warnings
from typing import Iterator

from .lexing import one_line

_PREFIX_LETTERS = frozenset("rRbBuUfF")


def parse(text: str) -> ast.Module | None:
    """The module, or None when it does not parse (a syntax error, another Python's grammar, null bytes)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes in scanned code are not ours to report
        try:
            return ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None


class Source:
    """Offsets and positions of nodes in the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0]
        at = text.find("\n")
        while at != -1:
            self._starts.append(at + 1)
            at = text.find("\n", at + 1)

    def offset(self, line: int, byte_column: int) -> int:
        start = self._starts[min(line, len(self._starts)) - 1]
        end = self._starts[line] if line < len(self._starts) else len(self.text)
        head = self.text[start:end]
        if not head.isascii():  # columns count UTF-8 bytes
            byte_column = len(head.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore"))
        return start + byte_column

    def start(self, node: ast.expr | ast.stmt | ast.arg | ast.keyword) -> int:
        return self.offset(node.lineno, node.col_offset)

    def end(self, node: ast.expr | ast.stmt) -> int:
        if node.end_lineno is None or node.end_col_offset is None:
            return self.start(node)
        return self.offset(node.end_lineno, node.end_col_offset)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based; columns count characters."""
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def literal_text(self, node: ast.expr) -> int:
        """Where a string literal's text starts: after its prefix (`r`, `u`) and its quotes."""
        at = self.start(node)
        while at < len(self.text) and self.text[at] in _PREFIX_LETTERS:
            at += 1
        quote = self.text[at: at + 3]
        return at + (3 if quote in ('"""', "'''") else 1)

    def expression(self, node: ast.expr | ast.stmt) -> str:
        return one_line(self.text[self.start(node): self.end(node)])


def top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """A module's statements, those inside its `if`, `try` and `with` blocks too (not inside functions)."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.If, ast.Try, ast.With)):
            for block in _blocks(statement):
                yield from top_level(block)


def _blocks(statement: ast.If | ast.Try | ast.With) -> Iterator[list[ast.stmt]]:
    yield statement.body
    if isinstance(statement, ast.If):
        yield statement.orelse
    elif isinstance(statement, ast.Try):
        yield statement.orelse
        yield statement.finalbody
        for handler in statement.handlers:
            yield handler.body


def imports(module: ast.Module) -> dict[str, str]:
    """Local name -> what it names, dotted: `from a.b import C as D` gives D -> a.b.C, `import a.b` gives a -> a.

    A relative import keeps its dots (`from .base import X` gives X -> .base.X): only the file's path says
    which package they start from.
    """
    names: dict[str, str] = {}
    for statement in top_level(module.body):
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                head = alias.name.partition(".")[0]  # `import a.b` binds a
                names[alias.asname or head] = alias.name if alias.asname else head
        elif isinstance(statement, ast.ImportFrom):
            base = "." * statement.level + (statement.module or "")
            joint = "." if statement.module else ""  # `from . import x` gives .x, not ..x
            for alias in statement.names:
                if alias.name != "*":
                    names[alias.asname or alias.name] = f"{base}{joint}{alias.name}"
    return names


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` as written; None for anything but names and attributes."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr}" if head is not None else None
    return None


def constants(module: ast.Module) -> dict[str, str]:
    """Module-level names bound exactly once, to a string literal: `PREFIX = "APP_"`."""
    seen: dict[str, str | None] = {}
    for statement in top_level(module.body):
        target, value = _assignment(statement)
        if target is not None:
            literal = value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else None
            seen[target] = literal if target not in seen else None
    return {name: value for name, value in seen.items() if value is not None}


def _assignment(statement: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0],
                                                                                        ast.Name):
        return statement.targets[0].id, statement.value
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id, statement.value
    return None, None


def string(node: ast.expr | None, names: dict[str, str]) -> str | None:
    """The string an argument gives: a literal, or a module constant bound once."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    return None


def env_value(node: ast.expr | None, kind: str | None, delimiter: str = ",") -> str | None:
    """A literal default as the variable would be set (`8080`, `true`, `a,b`); None when not a literal.

    A list is joined with `delimiter` (`[]` sets nothing: None); a dict, or a list of a `json` variable,
    is JSON.
    """
    if node is None:
        return None
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return _rendered(value, kind, delimiter)


def _rendered(value: object, kind: str | None, delimiter: str) -> str | None:
    if value is None or isinstance(value, bytes):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)) and kind != "json":
        items = [_rendered(item, None, delimiter) for item in value]
        if not items or any(item is None for item in items):
            return None
        return delimiter.join(item for item in items if item is not None)
    try:
        return json.dumps(value if not isinstance(value, (set, frozenset, tuple)) else list(value))
    except (TypeError, ValueError):
        return None
