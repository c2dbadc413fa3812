"""JavaScript and TypeScript (also the scripts of .vue, .svelte and .astro files): environment reads.

Reads:
- members of an environment object: `process.env.X`, `process.env?.X`, `process.env["X"]`,
  `` process.env[`X`] ``, `import.meta.env.X`, `Bun.env.X`, and the same on an alias of one
  (`const env = process.env`, `const { env } = process` or `= require("process")`,
  `import { env } from "node:process"`); `process.env.hasOwnProperty("X")`; `"X" in process.env`;
  `Deno.env.get("X")` and `Deno.env.has("X")`.
- destructuring `const { X, Y: y, Z = "d", ...rest } = process.env`: each key is a read at its
  own offset; `...rest` and a computed key are unresolved reads.
A member read followed by `?? "3000"` or `|| 3000` (a literal that ends the expression) declares that
default (library "process.env"; `?? ""` declares none).
A bracket or call argument that is an identifier bound once in the file to a string literal is
resolved; any other computed name (`process.env[name]`, `` `${p}_X` ``) is an unresolved read.
Assigning (`process.env.X = "1"`) and deleting a variable are not reads.

Noise: comments (also `<!-- -->`, for the markup around components), '...' and "..." strings, and
the text of template literals, while code inside `${ ... }` is code. Regex literals are not
recognised: a quote inside one may hide the rest of its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .found import READ, Declared, Found
from .lexing import Constants, Spans, argument_name, call_arguments, one_line

_TRIGGERS = ("process", "import.meta", "Bun.env", "Deno.env")  # with "env": worth a closer look
# IDENT, CONSTANT, LITERAL, STRINGS_AND_COMMENTS, TEMPLATE, `noise` and `fallback` are shared with js_libraries.
IDENT = r"[A-Za-z_$][\w$]*"
_ENV_OBJECTS = frozenset({"process.env", "process?.env", "import.meta.env", "Bun.env"})
_ENV_OBJECT_SOURCE = r"(?:process\??\.env|import\.meta\.env|Bun\.env)(?![\w$])"

# Patterns start with literal text where they can, so that `re` skips ahead quickly; what must not
# precede them (a longer identifier, a property of something else) is checked afterwards.
_CANDIDATE = re.compile(  # worth lexing for: an environment object, or `process` destructured or imported
    r"(?:process\??\.env|import\.meta\.env|Bun\.env|Deno\.env)(?![\w$])|\}\s*=\s*process(?![\w$])"
    r"|[\"'](?:node:)?process[\"']"
)
_ENV_OBJECT = re.compile(_ENV_OBJECT_SOURCE)
_DENO_CALL = re.compile(r"Deno\.env\.(?:get|has)[ \t]*\(")

# `const env = process.env` (not `process.env.X`): the right-hand side, then the name before it,
# with an optional type annotation (`: NodeJS.ProcessEnv`).
_ALIASED = re.compile(rf"=\s*{_ENV_OBJECT_SOURCE}(?!\s*(?:\?\.|\.|\[))")
_DECLARED_NAME = re.compile(rf"\b(?:const|let|var)\s+(?P<name>{IDENT})\s*(?::[^=;\n]*)?\Z")
_IMPORTED_ENV = re.compile(r"import\s*\{(?P<body>[^{}]*)\}\s*from\s*[\"'](?:node:)?process[\"']")
_IMPORTED_NAME = re.compile(rf"(?<![\w$])env(?:\s+as\s+(?P<local>{IDENT}))?(?![\w$])")

# `const { ... } = source`: the closing brace and source, then the opening brace and declaration.
_PATTERN_END = re.compile(
    r"\}\s*=(?![=>])\s*(?P<source>process\??\.env|import\.meta\.env|Bun\.env"
    rf"|require\(\s*(?P<quote>[\"'])(?:node:)?process(?P=quote)\s*\)|{IDENT})(?![\w$.\[]|\?\.)"
)
_DECLARATION = re.compile(r"\b(?P<keyword>const|let|var)\s*\Z")

# `"X" in process.env`: the operator and its target, then the quoted name before it.
_IN_OPERATOR = re.compile(rf" in[ \t]+(?P<target>{IDENT}(?:\??\.{IDENT})*)(?![\w$.\[])")
_QUOTED_NAME = re.compile(r"(?P<quote>[\"'])(?P<name>[^\"'\\\s]*)(?P=quote)[ \t]*\Z")

# What follows an environment object: `.X` / `?.X`, `[...]`, a call's `(`, an assignment.
_DOT_MEMBER = re.compile(rf"\s*\??\.\s*(?P<name>{IDENT})")
_OPEN_BRACKET = re.compile(r"\s*(?:\?\.\s*)?\[")
_OPEN_CALL = re.compile(r"\s*\(")
_ASSIGNED = re.compile(r"\s*=(?![=>])")
_DELETED = re.compile(r"\bdelete\s+\Z")
# `?? "3000"` or `|| 3000` after a read, the literal ending the expression (not `|| "a" + b`).
_FALLBACK = re.compile(
    r"\s*(?:\?\?|\|\|)\s*(?:\"([^\"\\\n]*)\"|'([^'\\\n]*)'|`([^`\\$\n]*)`|(-?\d+(?:\.\d+)?))"
    r"(?=[ \t]*(?:[),;\]}\r\n]|\Z))"
)

# `const K = "X"` (also let/var, `: string`, `as const`); a bare `K = "Y"` at a line's start binds K again.
CONSTANT = re.compile(
    rf"(?m)(?:\b(?:const|let|var)[ \t]+|^[ \t]*)(?P<name>{IDENT})[ \t]*(?::[ \t]*string[ \t]*)?=[ \t]*"
    r"(?P<quote>[\"'`])(?P<value>[^\"'`\\\n$]*)(?P=quote)(?:[ \t]+as[ \t]+const)?(?=[ \t]*(?:[;,)\r\n]|//|$))"
)
LITERAL = re.compile(r"([\"'])(?P<value>[^\"'\\\n]*)\1|`(?P<template>[^`\\$]*)`")
_IDENTIFIER = re.compile(IDENT)

STRINGS_AND_COMMENTS = (
    r"//[^\n]*"
    r"|/\*.*?(?:\*/|\Z)"
    r"|<!--.*?(?:-->|\Z)"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?'
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'?"
)
# Code between tokens is skipped by `search`; a backtick opens a template literal.
_CODE_TOKEN = re.compile(STRINGS_AND_COMMENTS + r"|`", re.S)
_INTERPOLATION_TOKEN = re.compile(STRINGS_AND_COMMENTS + r"|`|[{}]", re.S)
# A template's text up to its closing backtick, its next `${`, or a lone trailing backslash.
_TEMPLATE_TEXT = re.compile(r"[^`\\$]*(?:(?:\\.|\$(?!\{))[^`\\$]*)*", re.S)

# Inside brackets and parentheses: what to skip and what to count. A template is taken whole
# (a backtick inside its `${}` ends it early: rare in a variable's name).
TEMPLATE = r"|`[^`\\]*(?:\\.[^`\\]*)*`?"
_ARGUMENT_TOKEN = re.compile(STRINGS_AND_COMMENTS + TEMPLATE + r"|[()\[\]{},]", re.S)
# Inside a destructuring pattern: every token, to tell keys, renames and defaults apart.
_PATTERN_TOKEN = re.compile(STRINGS_AND_COMMENTS + TEMPLATE + r"|\.\.\.|" + IDENT + r"|[()\[\]{},:=]|\S", re.S)
_COMMENT_STARTS = ("//", "/*", "<!--")
_LOOK_BACK = 200  # characters searched before an anchor for the declaration or name it ends
_LONGEST_PATTERN = 2000  # characters between a destructuring pattern's braces


@dataclass(frozen=True, slots=True)
class _Binding:
    """One entry of a destructuring pattern: `key: local`; key None for `...rest` and `[computed]`."""

    key: str | None
    offset: int
    local: str | None  # the name it is bound to, when not the key's own
    source: str  # the entry's text


@dataclass(frozen=True, slots=True)
class _Destructuring:
    """`keyword { body } = source` in code."""

    keyword: str
    body: tuple[int, int]  # the span between the braces
    source: str
    from_process: bool  # the source is `process` itself (or `require("process")`), not its env


def find(text: str) -> list[Found]:
    """Every environment variable read in the JavaScript/TypeScript source `text`, sorted by offset."""
    if "env" not in text or not any(trigger in text for trigger in _TRIGGERS):
        return []
    if not _CANDIDATE.search(text):
        return []
    noise = _noise(text)
    constants = Constants(text, CONSTANT)
    patterns = _destructurings(text, noise)
    aliases = _aliases(text, noise, patterns)
    finds: dict[tuple[int, str | None], Found] = {}
    for found in [
        *_member_reads(text, _ENV_OBJECT, noise, constants, property_ok=True),  # globalThis.process.env
        *_member_reads(text, _alias_pattern(aliases), noise, constants, property_ok=False),  # not x.env
        *_deno_reads(text, noise, constants),
        *_in_checks(text, noise, aliases),
        *_destructured_reads(text, patterns, aliases),
    ]:
        finds.setdefault((found.offset, found.name), found)
    return sorted(finds.values(), key=lambda found: found.offset)


def noise(text: str) -> Spans:
    """Comments, strings and template text of `text`: what is not code."""
    return _noise(text)


def _noise(text: str) -> Spans:
    """Comments, strings and template text; the `${ ... }` of a template is code, templates nest."""
    ranges: list[tuple[int, int]] = []
    depths: list[int] = []  # per open `${`: how many `{` deep its code is
    template_start: int | None = None
    at = 0
    while True:
        if template_start is not None:
            text_part = _TEMPLATE_TEXT.match(text, at)
            end = text_part.end() if text_part else at  # it matches the empty string: never None
            if text.startswith("`", end):
                ranges.append((template_start, end + 1))
                at, template_start = end + 1, None
            elif text.startswith("${", end):
                ranges.append((template_start, end + 2))
                depths.append(0)
                at, template_start = end + 2, None
            else:  # unterminated: the template runs to the end
                ranges.append((template_start, len(text)))
                break
            continue
        token = (_INTERPOLATION_TOKEN if depths else _CODE_TOKEN).search(text, at)
        if token is None:
            break
        mark, at = token.group(), token.end()
        if mark == "`":
            template_start = token.start()
        elif mark == "{":
            depths[-1] += 1
        elif mark == "}" and depths[-1]:
            depths[-1] -= 1
        elif mark == "}":
            depths.pop()
            template_start = token.start()
        else:
            ranges.append(token.span())
    return Spans(ranges)


def _destructurings(text: str, noise: Spans) -> list[_Destructuring]:
    """Every `const|let|var { ... } = source` in code whose pattern holds no nested braces."""
    found = []
    for end in _PATTERN_END.finditer(text):
        opening = text.rfind("{", max(0, end.start() - _LONGEST_PATTERN), end.start())
        if opening < 0 or "}" in text[opening : end.start()]:
            continue
        declaration = _DECLARATION.search(text, max(0, opening - _LOOK_BACK), opening)
        if declaration is None or noise.inside(declaration.start()):
            continue
        from_process = end.group("source") == "process" or end.group("quote") is not None
        body = (opening + 1, end.start())
        found.append(_Destructuring(declaration.group("keyword"), body, end.group("source"), from_process))
    return found


def _aliases(text: str, noise: Spans, patterns: list[_Destructuring]) -> set[str]:
    """Local names bound to an environment object in code."""
    aliases = set()
    for assignment in _ALIASED.finditer(text):
        declared = _DECLARED_NAME.search(text, max(0, assignment.start() - _LOOK_BACK), assignment.start())
        if declared and not noise.inside(declared.start()):
            aliases.add(declared.group("name"))
    for statement in _IMPORTED_ENV.finditer(text):
        if not noise.inside(statement.start()):
            for name in _IMPORTED_NAME.finditer(statement.group("body")):
                aliases.add(name.group("local") or "env")
    for pattern in patterns:
        if pattern.from_process:
            aliases.update(b.local or "env" for b in _bindings(text, *pattern.body) if b.key == "env")
    return aliases


def _alias_pattern(aliases: set[str]) -> re.Pattern[str] | None:
    if not aliases:
        return None
    return re.compile(rf"(?:{'|'.join(re.escape(alias) for alias in sorted(aliases))})(?![\w$])")


def _member_reads(
    text: str, objects: re.Pattern[str] | None, noise: Spans, constants: Constants, *, property_ok: bool
) -> list[Found]:
    """Reads of a member of each environment object `objects` matches, as `.X`, `[...]` or hasOwnProperty.

    `property_ok`: the object may itself be a property of something (`globalThis.process.env`).
    """
    if objects is None:
        return []
    finds = []
    for obj in objects.finditer(text):
        start = obj.start()
        if _continues(text, start, property_ok) or noise.inside(start):
            continue
        if _DELETED.search(text, max(0, start - 12), start):
            continue
        found, end = _member_read(text, start, obj.end(), constants)
        if found is not None and not _ASSIGNED.match(text, end):
            finds.append(_with_fallback(text, found, end))
    return finds


def _with_fallback(text: str, found: Found, end: int) -> Found:
    """`process.env.PORT ?? "3000"` (or `||`) with a literal that ends the expression: the read's default."""
    value = fallback(text, end) if found.name is not None else None
    return replace(found, declared=Declared("process.env", default=value)) if value else found


def fallback(text: str, end: int) -> str | None:
    """The literal after `??` or `||` at `end` when it ends the expression; `?? ""` declares none."""
    found = _FALLBACK.match(text, end)
    return next((value for value in found.groups() if value), None) if found else None


def _continues(text: str, start: int, property_ok: bool) -> bool:
    """True when what starts at `start` continues an identifier, or is a property (`x.env`) unless `property_ok`."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in ("_$" if property_ok else "_$."))


def _member_read(text: str, start: int, at: int, constants: Constants) -> tuple[Found | None, int]:
    """The read of the member after the object ending at `at`, and where that member ends."""
    bracket = _OPEN_BRACKET.match(text, at)
    if bracket:
        parsed = call_arguments(text, bracket.end() - 1, _ARGUMENT_TOKEN)
        if parsed is None:
            return None, at
        arguments, close = parsed
        return _computed_read(text, start, arguments, close, constants), close + 1
    member = _DOT_MEMBER.match(text, at)
    if member is None:
        return None, at
    name, end = member.group("name"), member.end()
    call = _OPEN_CALL.match(text, end)
    if call is None:
        return Found(member.start("name"), name, READ, one_line(text[start:end])), end
    if name != "hasOwnProperty":  # a method of the object (toString, ...), not a variable
        return None, end
    parsed = call_arguments(text, call.end() - 1, _ARGUMENT_TOKEN)
    if parsed is None:
        return None, end
    arguments, close = parsed
    return _computed_read(text, start, arguments, close, constants), close + 1


def _computed_read(
    text: str, start: int, arguments: list[tuple[int, int]], close: int, constants: Constants
) -> Found | None:
    """The read named by the first of `arguments` (a bracket's content or a call's arguments)."""
    if not arguments:
        return None
    expression = one_line(text[start : close + 1])
    name, offset = argument_name(text, arguments[0], LITERAL, _IDENTIFIER, constants)
    if name is None:
        return Found(start, None, READ, expression)
    return Found(offset, name, READ, expression) if name else None


def _deno_reads(text: str, noise: Spans, constants: Constants) -> list[Found]:
    if "Deno.env" not in text:
        return []
    finds = []
    for call in _DENO_CALL.finditer(text):
        if _continues(text, call.start(), property_ok=True) or noise.inside(call.start()):
            continue
        parsed = call_arguments(text, call.end() - 1, _ARGUMENT_TOKEN)
        if parsed is not None:
            found = _computed_read(text, call.start(), *parsed, constants)
            if found is not None:
                finds.append(found)
    return finds


def _in_checks(text: str, noise: Spans, aliases: set[str]) -> list[Found]:
    """`"X" in process.env`: the quoted name starts the read, so a string's first character is code."""
    targets = _ENV_OBJECTS | aliases
    finds = []
    for operator in _IN_OPERATOR.finditer(text):
        if operator.group("target") not in targets:
            continue
        quoted = _QUOTED_NAME.search(text, max(0, operator.start() - _LOOK_BACK), operator.start())
        if quoted and quoted.group("name") and not noise.inside(quoted.start()):
            expression = one_line(text[quoted.start() : operator.end()])
            finds.append(Found(quoted.start("name"), quoted.group("name"), READ, expression))
    return finds


def _destructured_reads(text: str, patterns: list[_Destructuring], aliases: set[str]) -> list[Found]:
    sources = _ENV_OBJECTS | aliases
    finds = []
    for pattern in patterns:
        if pattern.source not in sources:
            continue
        for binding in _bindings(text, *pattern.body):
            # The statement as if it destructured only this entry: comments and other keys left out.
            expression = one_line(f"{pattern.keyword} {{ {binding.source} }} = {pattern.source}")
            finds.append(Found(binding.offset, binding.key, READ, expression))
    return finds


def _bindings(text: str, start: int, end: int) -> list[_Binding]:
    """The entries of the object pattern between `start` and `end` (inside its braces)."""
    bindings = []
    for entry in _pattern_entries(text, start, end):
        first, source = entry[0], text[entry[0].start() : entry[-1].end()]
        marks = [token.group() for token in entry]
        local = marks[2] if len(marks) > 2 and marks[1] == ":" and _IDENTIFIER.fullmatch(marks[2]) else None
        if _IDENTIFIER.fullmatch(marks[0]):
            bindings.append(_Binding(marks[0], first.start(), local, source))
        elif LITERAL.fullmatch(marks[0]) and marks[0][0] != "`":
            bindings.append(_Binding(marks[0][1:-1], first.start() + 1, local, source))
        elif marks[0] in ("...", "["):  # the rest, or a computed key: names only known at run time
            bindings.append(_Binding(None, first.start(), None, source))
    return bindings


def _pattern_entries(text: str, start: int, end: int) -> list[list[re.Match[str]]]:
    """The tokens of each top-level, comma-separated entry between `start` and `end`, without comments."""
    entries: list[list[re.Match[str]]] = [[]]
    depth = 0
    for token in _PATTERN_TOKEN.finditer(text, start, end):
        mark = token.group()
        if mark.startswith(_COMMENT_STARTS):
            continue
        if mark == "," and not depth:
            entries.append([])
            continue
        if mark in "([{":
            depth += 1
        elif mark in ")]}":
            depth = max(0, depth - 1)
        entries[-1].append(token)
    return [entry for entry in entries if entry]
