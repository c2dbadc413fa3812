"""Go syntax the Go readers share: what is not code (comments, strings, runes), string constants, call
arguments; and for the config libraries the package clause, imports, struct types with their fields and tags,
and the declared type of a variable. Regular expressions and bracket matching over one file, not a Go parser:
enough for the declarations config is written with, bounded on hostile text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

Position = Callable[[int], tuple[int, int]]

# Everything that is not code. Interpreted strings and runes end at the line's end when unterminated,
# a block comment or raw string at the text's end.
COMMENTS_AND_STRINGS = (
    r"//[^\n]*"
    r"|/\*.*?(?:\*/|\Z)"
    r'|"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"?'
    r"|`[^`]*`?"
    r"|'[^'\\\n]*(?:\\[^\n][^'\\\n]*)*'?"
)
NOISE = re.compile(COMMENTS_AND_STRINGS, re.S)
# Inside a call's parentheses: what to skip (comments, strings) and what to count.
ARGUMENT_TOKEN = re.compile(COMMENTS_AND_STRINGS + r"|[()\[\]{},]", re.S)
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
LITERAL = re.compile(r'"(?P<value>[^"\\\n]*)"|`(?P<raw>[^`]*)`')
# `const X = "v"`, `var X = "v"`, `X := "v"`, `X string = "v"` and `X = "v"` inside const/var blocks.
CONSTANT = re.compile(
    r'(?m)^[ \t]*(?:(?:const|var)[ \t]+)?(?P<name>[A-Za-z_]\w*)(?:[ \t]+[\w.]+)?[ \t]*:?=[ \t]*'
    r'"(?P<value>[^"\\\n]*)"[ \t]*(?=\r?$|//|;)'
)

# Comments and every literal that may hold a brace, a quote or `//`: struct tags are raw strings.
_LITERALS = (
    r'`[^`]*`?'
    r'|"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"?'
    r"|'[^'\\\n]*(?:\\[^\n][^'\\\n]*)*'?"
)
_COMMENT = r"//[^\n]*|/\*.*?(?:\*/|\Z)"
_TOKENS = re.compile(rf"(?P<comment>{_COMMENT})|(?P<literal>{_LITERALS})|[{{}};\n]", re.S)

_PACKAGE = re.compile(r"(?m)^package[ \t]+(?P<name>[A-Za-z_]\w*)")
_IMPORT_BLOCK = re.compile(r"(?m)^import[ \t]*\((?P<body>[^)]*)\)")
_IMPORT_ONE = re.compile(r'(?m)^import[ \t]+(?P<alias>[A-Za-z_]\w*|\.)?[ \t]*"(?P<path>[^"\n]+)"')
_IMPORT_SPEC = re.compile(r'(?P<alias>[A-Za-z_]\w*|\.)?[ \t]*"(?P<path>[^"\n]+)"')
_VERSION = re.compile(r"v\d+")

# `type Config struct {` (also inside a `type (...)` group, where the `type` keyword is not repeated), and an
# anonymous struct a variable is declared with, `var cfg struct {`, read as the struct `var.cfg`.
_STRUCT_TYPE = re.compile(
    r"(?m)^[ \t]*(?:(?P<keyword>type|var)[ \t]+)?(?P<name>[A-Za-z_]\w*)(?:\[[^\]\n]*\])?[ \t]+struct[ \t]*\{")
_FIELD = re.compile(
    r"(?P<names>[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)[ \t]+(?P<type>[^`\"\s][^`\"]*?)[ \t]*(?P<tag>`[^`]*`)?[ \t]*")
_EMBEDDED = re.compile(r"(?P<type>\*?[A-Za-z_][\w.]*)[ \t]*(?P<tag>`[^`]*`)?[ \t]*")
_TAG_PAIR = re.compile(r'(?P<key>[^\s:"`]+):"(?P<value>[^"\\\n]*(?:\\[^\n][^"\\\n]*)*)"')
_LONGEST_STRUCT = 200_000  # characters; a body left open longer is not a struct this reader follows


@dataclass(frozen=True, slots=True)
class Tag:
    key: str
    value: str
    line: int  # where the value starts (after the quote)
    column: int


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the embedded type's name for an embedded field
    type: str  # as written (`*Nested`, `[]string`, `time.Duration`); an inline struct: its Struct.name
    tags: tuple[Tag, ...]
    line: int
    column: int
    embedded: bool = False
    inline: bool = False  # `Name struct { ... }`: `type` names the inline struct

    def tag(self, key: str) -> Tag | None:
        return next((t for t in self.tags if t.key == key), None)

    @property
    def exported(self) -> bool:
        return self.name[:1].isupper()


@dataclass(frozen=True, slots=True)
class Struct:
    name: str  # an inline struct: its parent's name and field, `Config.Server`
    fields: tuple[Field, ...]
    line: int


def package_name(text: str) -> str:
    found = _PACKAGE.search(text)
    return found.group("name") if found else ""


def imports(text: str) -> dict[str, str]:
    """Local name -> import path (`env` for "github.com/caarlos0/env/v11", the alias where one is given)."""
    found: dict[str, str] = {}
    specs = [m for block in _IMPORT_BLOCK.finditer(text) for m in _IMPORT_SPEC.finditer(block.group("body"))]
    for spec in [*specs, *_IMPORT_ONE.finditer(text)]:
        path, alias = spec.group("path"), spec.group("alias")
        found[alias or default_import_name(path)] = path
    return found


def default_import_name(path: str) -> str:
    """The name a package is used by without an alias: its last element, less a `/v11` major version and a
    `go-` prefix (go-envconfig declares `package envconfig`)."""
    parts = path.split("/")
    last = parts[-2] if len(parts) > 1 and _VERSION.fullmatch(parts[-1]) else parts[-1]
    return last.removeprefix("go-").replace("-", "_").replace(".", "_")


def structs(text: str, position: Position) -> list[Struct]:
    """Every struct type of the file, and every inline struct in one, with its fields."""
    found: list[Struct] = []
    covered = -1  # the end of the last struct read: a match before it is an inline field, read with it
    pairs: dict[int, int] | None = None
    for match in _STRUCT_TYPE.finditer(text):
        if match.start() < covered:
            continue
        if pairs is None:  # one pass from the first struct: every later brace is matched by lookup
            pairs = _brace_pairs(text, match.start())
        end = pairs.get(match.end() - 1)
        if end is None:
            continue
        line, _ = position(match.start("name"))
        name = f"var.{match.group('name')}" if match.group("keyword") == "var" else match.group("name")
        found.extend(_read_struct(text, name, match.end(), end, line, position, pairs))
        covered = end
    return found


def _brace_pairs(text: str, start: int) -> dict[int, int]:
    """Opening brace -> its closing brace, braces in comments and literals left out; unclosed ones absent.
    A body longer than _LONGEST_STRUCT is no struct this reader follows."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for token in _TOKENS.finditer(text, start):
        mark = token.group()
        if mark == "{":
            opened.append(token.start())
        elif mark == "}" and opened:
            begin = opened.pop()
            if token.start() - begin <= _LONGEST_STRUCT:
                pairs[begin] = token.start()
    return pairs


def _read_struct(text: str, name: str, start: int, end: int, line: int, position: Position,
                 pairs: dict[int, int], depth: int = 0) -> list[Struct]:
    """The struct whose body is text[start:end], then the inline structs of its fields."""
    fields: list[Field] = []
    inner: list[Struct] = []
    for begin, finish in _statements(text, start, end):
        statement = text[begin:finish]
        brace = statement.find("{")
        if brace != -1:  # `Server struct {...}`: an inline struct type
            head = re.fullmatch(r"[ \t]*(?P<name>[A-Za-z_]\w*)[ \t]+(?P<ptr>\*?)struct[ \t]*", statement[:brace])
            close = pairs.get(begin + brace)
            if head is None or close is None or depth >= _DEEPEST_INLINE:
                continue
            inline = f"{name}.{head.group('name')}"
            field_line, column = position(begin + head.start("name"))
            inner.extend(_read_struct(text, inline, begin + brace + 1, close, field_line, position, pairs,
                                      depth + 1))
            tag = re.match(r"[ \t]*(`[^`]*`)", text[close + 1: finish])
            tags = _tags(tag.group(1), close + 1 + tag.start(1), position) if tag else ()
            fields.append(Field(head.group("name"), inline, tags, field_line, column, inline=True))
            continue
        fields.extend(_fields(statement, begin, position))
    return [Struct(name, tuple(fields), line), *inner]


_DEEPEST_INLINE = 16  # inline structs nested deeper than this are not read (no config nests so deep)


def _statements(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The [start, end) spans of a struct body's field declarations: split at newlines and `;` outside braces
    and literals, comments left out."""
    spans: list[tuple[int, int]] = []
    depth, begin = 0, start
    cut: list[tuple[int, int]] = []  # comments inside the current statement
    for token in _TOKENS.finditer(text, start, end):
        mark = token.group()
        if token.lastgroup == "comment":
            cut.append(token.span())
        elif mark == "{":
            depth += 1
        elif mark == "}":
            depth -= 1
        elif mark in ("\n", ";") and depth == 0:
            spans.append(_without_comments(begin, token.start(), cut))
            begin, cut = token.end(), []
    spans.append(_without_comments(begin, end, cut))
    return [s for s in spans if text[s[0]:s[1]].strip()]


def _without_comments(begin: int, end: int, comments: list[tuple[int, int]]) -> tuple[int, int]:
    """A statement ends where a trailing comment starts (a comment inside a field is not Go style)."""
    return begin, min([end, *(start for start, _ in comments)])


def _fields(statement: str, offset: int, position: Position) -> list[Field]:
    stripped = statement.strip()
    lead = statement.index(stripped[0]) if stripped else 0
    match = _FIELD.fullmatch(statement, lead, lead + len(stripped.rstrip()))
    embedded = _EMBEDDED.fullmatch(statement, lead, lead + len(stripped.rstrip()))
    if match is None and embedded is not None:
        kind = embedded.group("type")
        tags = _tags(embedded.group("tag"), offset + embedded.start("tag"), position) if embedded.group("tag") else ()
        line, column = position(offset + embedded.start("type") + (1 if kind.startswith("*") else 0))
        return [Field(kind.lstrip("*").rsplit(".", 1)[-1], kind, tags, line, column, embedded=True)]
    if match is None:
        return []
    kind = match.group("type").strip()
    tags = _tags(match.group("tag"), offset + match.start("tag"), position) if match.group("tag") else ()
    out = []
    for name in re.finditer(r"[A-Za-z_]\w*", match.group("names")):
        line, column = position(offset + match.start("names") + name.start())
        out.append(Field(name.group(), kind, tags, line, column))
    return out


def _tags(raw: str, offset: int, position: Position) -> tuple[Tag, ...]:
    tags = []
    for pair in _TAG_PAIR.finditer(raw):
        line, column = position(offset + pair.start("value"))
        tags.append(Tag(pair.group("key"), pair.group("value"), line, column))
    return tuple(tags)


def declared_type(text: str, name: str, before: int) -> str | None:
    """The type a variable is declared with, nearest before `before`: `var c Config`, `c := Config{}`,
    `c := &Config{...}`, `c := new(Config)`, `var c = Config{}`, a parameter `c *Config`. None when unknown."""
    ident = re.escape(name)
    kind = r"(?P<type>[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)?)"
    patterns = (
        rf"\bvar[ \t]+{ident}[ \t]+\*?{kind}",
        rf"(?<![\w.]){ident}[ \t]*(?::=|=)[ \t]*&?{kind}[ \t]*\{{",
        rf"(?<![\w.]){ident}[ \t]*(?::=|=)[ \t]*new\({kind}\)",
        rf"\bvar[ \t]+{ident}[ \t]*=[ \t]*&?{kind}[ \t]*\{{",
        rf"[(,][ \t]*{ident}[ \t]+\*?{kind}[ \t]*[,)]",
    )
    best: tuple[int, str] | None = None
    window = text[max(0, before - 20_000):before]
    base = max(0, before - 20_000)
    for pattern in patterns:
        for found in re.finditer(pattern, window):
            if found.group("type") in ("struct", "map", "func", "chan", "interface"):
                continue
            if best is None or base + found.start() > best[0]:
                best = (base + found.start(), found.group("type"))
    return best[1] if best else None
