"""Environment reads in Python: `os.environ[...]`, `.get`, `os.getenv`, `"X" in os.environ`.

Also through `import os as o`, `from os import environ, getenv` (with `as`) and a name bound
to the environment (`env = os.environ`). An argument that is not a literal, or a constant bound
once in the file, is a name built at run time: reported as unresolved, never guessed.

A string-literal fallback, `os.getenv("X", "8080")` or `os.environ.get("X", default="8080")`, is recorded
as what the read declares (library "os").

Speed: `str.find` locates `environ` and `getenv`; patterns run only where those words are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from .found import READ, SET, Declared, Found
from .lexing import Spans, noise, one_line, single_constants

_TRIGGERS = ("environ", "getenv")

_IMPORT_OS_AS = re.compile(r"^[ \t]*import[ \t]+os[ \t]+as[ \t]+(\w+)", re.M)
_FROM_OS_IMPORT = re.compile(r"^[ \t]*from[ \t]+os[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.M)
_IMPORTED = re.compile(r"\b(environ|getenv)\b(?:\s+as\s+(\w+))?")

# Comments and every string literal. f-strings are lexed too (so that a quote or `#` inside one
# is consumed) but stay code: their {} hold reads. Lookbehinds tell them from other prefixes.
_NOT_F = r"(?<![fF])(?<![fF][rRbB])(?<![rR][fF])"
_STRINGS = r"""\"\"\"(?:[^"\\]|\\.|"(?!""))*+\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*+'''|"(?:[^"\\\n]|\\.)*+"|'(?:[^'\\\n]|\\.)*+'"""
_LEXER = re.compile(rf"(?P<comment>\#[^\n]*)|{_NOT_F}(?:{_STRINGS})|(?P<fstring>{_STRINGS})", re.S)

_LITERAL = r"""(?<![\w])[rRuUfF]?(?P<quote>["'])(?P<name>[^"'\\\n{}]*)(?P=quote)"""
_MEMBER = r"""(?<![\w])[rRuUfF]?(?P<mq>["'])(?P<member>[^"'\\\n{}]*)(?P=mq)"""
_ARGUMENT = re.compile(rf"\s*(?:{_LITERAL}|(?P<ident>[A-Za-z_]\w*))\s*(?P<after>[,)\]])")
_CONSTANT = re.compile(
    r"""^[ \t]*(?P<name>[A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=[ \t]*(?P<q>["'])(?P<value>[^"'\\\n]*)(?P=q)[ \t]*(?:\#[^\n]*)?$""",
    re.M)
_ASSIGNS = re.compile(r"\s*=(?!=)")
_FALLBACK = re.compile(r"""\s*(?:default\s*=\s*)?[uU]?(?P<q>["'])(?P<default>[^"'\\\n]*)(?P=q)\s*,?\s*\)""")
_RECEIVER = re.compile(r"(?<![\w.])\w+\.\Z")  # the `os.` right before a hit
_MEMBER_BEFORE = re.compile(r"""(?<![\w])[rRuUfF]?(["'])[^"'\\\n{}]*\1\s+(?:not\s+)?in\s+\Z""")


def find(text: str) -> list[Found]:
    hits = _hits(text)
    if not hits:
        return []
    names = _Names.of(text, hits)
    pattern = _pattern(names.modules, names.environs, names.getenvs)
    matches: dict[int, re.Match[str]] = {}
    for start in _starts(text, hits, names.aliases):
        m = pattern.match(text, start)
        if m is not None:
            matches[m.start()] = m
    if not matches:
        return []
    spans = noise(text, _LEXER, "fstring", until=max(matches))
    constants = single_constants(text, _CONSTANT)
    found = [f for _, m in sorted(matches.items()) for f in _read(text, m, spans, constants)]
    return sorted(found, key=lambda f: f.offset)


def _hits(text: str) -> list[int]:
    """Where `environ` and `getenv` appear: str.find is far faster than a regex over the file."""
    return [at for word in _TRIGGERS for at in _occurrences(text, word)]


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def _starts(text: str, hits: list[int], aliases: tuple[str, ...]) -> list[int]:
    """Where a read could start: at each hit's receiver (`os.`), at a string before ` in `, at an alias."""
    starts = []
    for hit in hits:
        receiver = _RECEIVER.search(text, max(0, hit - 64), hit)
        start = receiver.start() if receiver else hit
        starts.append(start)
        member = _MEMBER_BEFORE.search(text, max(0, start - 200), start)
        if member is not None:
            starts.append(member.start())
    starts.extend(at for alias in aliases for at in _occurrences(text, alias))
    return starts


class _Names:
    """How this file spells the os module, os.environ and os.getenv."""

    def __init__(self, modules: tuple[str, ...], environs: tuple[str, ...], getenvs: tuple[str, ...],
                 aliases: tuple[str, ...]) -> None:
        self.modules, self.environs, self.getenvs = modules, environs, getenvs
        self.aliases = aliases  # names not spelled environ or getenv: `env = os.environ`, `getenv as ge`

    @classmethod
    def of(cls, text: str, hits: list[int]) -> _Names:
        modules = {"os", *(_IMPORT_OS_AS.findall(text) if "import os as" in text else ())}
        imported: dict[str, set[str]] = {"environ": set(), "getenv": set()}
        for statement in _FROM_OS_IMPORT.finditer(text) if "from os import" in text else ():
            for original, alias in _IMPORTED.findall(statement.group(1)):
                imported[original].add(alias or original)
        sources = "|".join([*(rf"{re.escape(m)}\.environ" for m in sorted(modules)),
                            *map(re.escape, sorted(imported["environ"]))])
        bound = re.compile(rf"[ \t]*(\w+)[ \t]*(?::[^=\n]+)?=[ \t]*(?:{sources})[ \t]*(?:\#[^\n]*)?")
        aliases = set()
        for hit in hits:  # `env = os.environ` is a line holding a hit
            line_end = text.find("\n", hit)
            alias = bound.fullmatch(text, text.rfind("\n", 0, hit) + 1, line_end if line_end != -1 else len(text))
            if alias is not None:
                aliases.add(alias.group(1))
        renamed = {name for names in imported.values() for name in names} - set(_TRIGGERS)
        return cls(tuple(sorted(modules)), tuple(sorted(imported["environ"] | aliases)),
                   tuple(sorted(imported["getenv"])), tuple(sorted(aliases | renamed)))


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
        |{_MEMBER}\s+(?:not\s+)?in\s+(?:{mapping})(?![\w.\[])""",
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
    if arg is None or arg.group("after") not in (closer, ","):
        return [Found(m.start(), None, READ, expression)]
    kind = SET if m.group("subscript") and _ASSIGNS.match(text, arg.end()) else READ
    if arg.group("ident") is not None:
        name = constants.get(arg.group("ident"))
        if name is None:
            return [Found(m.start(), None, kind, expression)]
        return [Found(arg.start("ident"), name, kind, expression, _fallback(text, m, arg))]
    if not arg.group("name"):
        return [Found(m.start(), None, READ, expression)]
    return [Found(arg.start("name"), arg.group("name"), kind, expression, _fallback(text, m, arg))]


def _fallback(text: str, m: re.Match[str], arg: re.Match[str]) -> Declared | None:
    """`os.getenv("X", "8080")`, `os.environ.get("X", default="8080")`: the string-literal default."""
    if arg.group("after") != "," or not (m.group("getenv") is not None or m.group("method") == "get"):
        return None
    default = _FALLBACK.match(text, arg.end())
    return Declared("os", default=default.group("default")) if default else None


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
    end = text.find("\n", opened)
    return text[start: end if end != -1 else limit]
