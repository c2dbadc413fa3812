"""Where each setting is written in its TOML file, so that a wrong one is reported as `docenv.toml:LINE: ...`.

tomllib gives values, not positions; this reads the headers (`[scan]`, `[[docs]]`, `[docs.services.worker]`)
and `key =` lines of the file once and maps each key path (`("docs", 1, "outputs")`) to its line. A path not
written as such (a key of an inline table) is placed at the nearest enclosing key or table.
"""

from __future__ import annotations

import re
from typing import Any

from ..model.errors import DocenvError

_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([^\]#]+?)[ \t]*\]\]?")
_KEY = re.compile(r"""^[ \t]*((?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+)(?:[ \t]*\.[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+))*)[ \t]*=""")
_PART = re.compile(r""""([^"\n]*)"|'([^'\n]*)'|([A-Za-z0-9_-]+)""")

Path = tuple[Any, ...]  # keys and array indexes: ("docs", 0, "outputs")


def _parts(dotted: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _PART.finditer(dotted)]


class Located:
    """One settings file: its name for messages, and the line of every key."""

    def __init__(self, shown: str, text: str, prefix: str) -> None:
        self.shown = shown
        self.prefix = prefix  # "tool.docenv." in pyproject.toml, "" in docenv.toml
        self.lines = self._index(text, tuple(_parts(prefix)) if prefix else ())

    @staticmethod
    def _index(text: str, strip: tuple[str, ...]) -> dict[Path, int]:
        lines: dict[Path, int] = {}
        arrays: dict[tuple[str, ...], int] = {}  # array-of-tables path -> index of its last element
        current: Path = ()
        for number, line in enumerate(text.splitlines(), 1):
            header = _HEADER.match(line)
            if header:
                names = tuple(_parts(header.group(2)))
                if names[:len(strip)] != strip:
                    current = ("<other>",)
                    continue
                names = names[len(strip):]
                path: list[Any] = []
                for depth in range(1, len(names) + 1):  # nest under the last element of enclosing arrays
                    path.append(names[depth - 1])
                    if names[:depth] in arrays and (depth < len(names) or header.group(1) != "[["):
                        path.append(arrays[names[:depth]])
                if header.group(1) == "[[":
                    arrays[names] = arrays.get(names, -1) + 1
                    path.append(arrays[names])
                current = tuple(path)
                lines.setdefault(current, number)
                continue
            key = _KEY.match(line)
            if key and current != ("<other>",):
                lines.setdefault((*current, *_parts(key.group(1))), number)
        return lines

    def at(self, path: Path) -> str:
        """`file:LINE` of `path`, or of the nearest enclosing key or table that is written."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return f"{self.shown}:{self.lines[path[:end]]}"
        return self.shown

    def table(self, dotted: str, array: bool = False) -> str:
        name = f"{self.prefix}{dotted}" if dotted else self.prefix.rstrip(".")
        return f"[[{name}]]" if array else f"[{name}]" if name else "the top level"

    def unknown(self, table: dict[str, Any], path: Path, known: tuple[str, ...], where: str | None = None) -> None:
        """Stop on the first key of `table` that is not `known`, at its line."""
        extra = [key for key in table if key not in known]
        if extra:
            name = where or self.table(".".join(str(p) for p in path if not isinstance(p, int)))
            raise DocenvError(f"{name} has unknown key {extra[0]!r}; known: {', '.join(known)}",
                              self.at((*path, extra[0])))
