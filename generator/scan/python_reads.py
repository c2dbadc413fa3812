"""Environment reads in Python: `os.environ[...]`, `.get`, `os.getenv`, `"X" in os.environ`.

Also through `import os as o`, `from os import environ, getenv` (with `as`) and a name bound
to the environment (`env = os.environ`). An argument that is not a literal, or a constant bound
once in the file, is a name built at run time: reported as unresolved, never guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .found import READ, SET, Found
from .lexing import Spans, noise, one_line, single_constants

_TRIGGERS = ("environ", "getenv")

_IMPORT_OS_AS = re.compile(r"^[ \t]*import[ \t]+os[ \t]+as[ \t]+(\w+)", re.M)
_FROM_OS_IMPORT = re.compile(r"^[ \t]*from[ \t]+os[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.M)
_IMPORTED = re.compile(r"\b(environ|getenv)\b(?:\s+as\s+(\w+))?")

# Comments and every string literal. A pattern starting only at `#` and quotes keeps the lexer fast;
# the string's prefix is read behind it, as f-strings stay code: their {} hold reads.
_LEXER = re.compile(
    r"""(?P<comment>\#[^\n]*)
    |\"\"\"(?:[^"\\]|\\.|"(?!""))*+\"\"\"
    |'''(?:[^'\\]|\\.|'(?!''))*+'''
    |"(?:[^"\\\n]|\\.)*+"
    |'(?:[^'\\\n]|\\.)*+'""",
    re.X | re.S,
)
_PREFIX = re.compile(r"(?<![\w])[rRbBuUfF]{1,2}$")

_LITERAL = r"""(?<![\w])[rRuUfF]?(?P<quote>["'])(?P<name>[^"'\\\n{}]*)(?P=quote)"""
_ARGUMENT = re.compile(rf"\s*(?:{_LITERAL}|(?P<ident>[A-Za-z_]\w*))\s*(?P<after>[,)\]])")
_CONSTANT = re.compile(r"""^[ \t]*(?P<name>[A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=[ \t]*(?P<q>["'])(?P<value>[^"'\\\n]*)(?P=q)[ \t]*(?:\#[^\n]*)?$""", re.M)
_ASSIGNS = re.compile(r"\s*=(?!=)")


def find(text: str) -> list[Found]:
    if not any(trigger in text for trigger in _TRIGGERS):
        return []
    names = _Names.of(text)
    candidates = list(_pattern(names.modules, names.environs, names.getenvs).finditer(text))
    if not candidates:
        return []
    spans = noise(text, _LEXER, lambda m: m.group("comment") is not None or not _is_fstring(text, m.start()))
    constants = single_constants(text, _CONSTANT)
    found = [f for m in candidates for f in _read(text, m, spans, constants)]
    return sorted(found, key=lambda f: f.offset)


def _is_fstring(text: str, quote: int) -> bool:
    prefix = _PREFIX.search(text, max(0, quote - 3), quote)
    return prefix is not None and "f" in prefix.group().lower()


class _Names:
    """How this file spells the os module, os.environ and os.getenv."""

    def __init__(self, modules: tuple[str, ...], environs: tuple[str, ...], getenvs: tuple[str, ...]) -> None:
        self.modules, self.environs, self.getenvs = modules, environs, getenvs

    @classmethod
    def of(cls, text: str) -> _Names:
        modules = {"os", *_IMPORT_OS_AS.findall(text)}
        environs: set[str] = set()
        getenvs: set[str] = set()
        for imported in _FROM_OS_IMPORT.finditer(text):
            for original, alias in _IMPORTED.findall(imported.group(1)):
                (environs if original == "environ" else getenvs).add(alias or original)
        sources = "|".join([*(rf"{re.escape(m)}\.environ" for m in sorted(modules)), *map(re.escape, sorted(environs))])
        bound = re.compile(rf"^[ \t]*(\w+)[ \t]*(?::[^=\n]+)?=[ \t]*(?:{sources})[ \t]*(?:\#[^\n]*)?$", re.M)
        environs.update(bound.findall(text))
        return cls(tuple(sorted(modules)), tuple(sorted(environs)), tuple(sorted(getenvs)))


@lru_cache(maxsize=64)
def _pattern(modules: tuple[str, ...], environs: tuple[str, ...], getenvs: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every read this file can spell: subscript, method call, getenv call, `in`."""
    mapping = "|".join([*(rf"\b{re.escape(m)}\.environ" for m in modules),
                        *(rf"(?<![\w.]){re.escape(e)}" for e in environs)])
    getenv = "|".join([*(rf"\b{re.escape(m)}\.getenv" for m in modules),
                       *(rf"(?<![\w.]){re.escape(g)}" for g in getenvs)])
    return re.compile(
        rf"""(?P<mapping>(?:{mapping})(?!\w))\s*(?:(?P<subscript>\[)|\.(?P<method>get|setdefault|pop)\s*\()
        |(?P<getenv>(?:{getenv})(?!\w))\s*\(
        |{_LITERAL.replace("quote", "mq").replace("name", "member")}\s+(?:not\s+)?in\s+(?:{mapping})(?![\w.\[])""",
        re.X,
    )


def _read(text: str, m: re.Match[str], spans: Spans, constants: dict[str, str]) -> list[Found]:
    if spans.inside(m.start()):
        return []
    if m.group("member") is not None:
        return [Found(m.start("member"), m.group("member") or None, READ, one_line(m.group()))]
    arg = _ARGUMENT.match(text, m.end())
    expression = one_line(_call_text(text, m.start(), m.end() - 1))
    closer = "]" if m.group("subscript") else ")"
    if arg is None or (arg.group("after") != closer and arg.group("after") != ","):
        return [Found(m.start(), None, READ, expression)]
    kind = SET if m.group("subscript") and _ASSIGNS.match(text, arg.end()) else READ
    if arg.group("ident") is not None:
        name = constants.get(arg.group("ident"))
        return [Found(m.start(), None, kind, expression) if name is None else Found(arg.start("ident"), name, kind, expression)]
    if not arg.group("name"):
        return [Found(m.start(), None, READ, expression)]
    return [Found(arg.start("name"), arg.group("name"), kind, expression)]


def _call_text(text: str, start: int, opened: int) -> str:
    """The read from `start` to the bracket closing the one at `opened` (or the end of its line)."""
    depth = 0
    limit = min(len(text), opened + 300)
    for at in range(opened, limit):
        char = text[at]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return text[start: at + 1]
        elif char == "\n" and depth <= 1 and at > opened + 1 and text[at - 1] not in "([{,":
            break
    end = text.find("\n", opened)
    return text[start: end if end != -1 else limit]
