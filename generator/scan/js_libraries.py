"""JavaScript and TypeScript config libraries: the variables a schema declares, with its types and defaults.

Reads (each variable at its key's name, declared with the library's type, default, required and choices):
- t3-env (`@t3-oss/env-core`, `env-nextjs`, `env-nuxt`): `createEnv({ server, client, shared })`: every key
  of the three objects, written inline or bound to an object in the file, spreads of such objects too. A key
  that an object `runtimeEnv` (`runtimeEnvStrict`, `experimental__runtimeEnv`) feeds from another variable
  (`PORT: process.env.SERVER_PORT`) or from a literal is not read under its own name. The `process.env.X`
  of runtimeEnv are js_reads' plain reads, not reported again; `clientPrefix` and the other options are not
  variables. Values are zod or valibot schemas, typed as below.
- envalid: `cleanEnv(env, specs)`, `customCleanEnv(env, specs, ...)`: every key of the specs (inline or bound
  in the file). str, email, host: str; bool; num: int with an integer default, else float; port: int; url;
  json; other validators (`makeValidator`) are untyped. `default` is the default and makes the variable
  optional; `devDefault` and `testDefault` apply outside production only, so it stays required;
  `requiredWhen` leaves required unknown; `choices` make an enum.
- zod and valibot: an object schema parsed against the environment: `S.parse(process.env)`, `safeParse`,
  `parseAsync`, `safeParseAsync` (also on `import.meta.env`, `Bun.env`, `Deno.env.toObject()`) and
  `v.parse(S, process.env)`, where S is `z.object({...})` (`strictObject`, `looseObject`), a name bound to
  one in the file, `.extend({...})`, `.merge(S2)`, `.partial()`, `.pick`, `.omit`, spreads of `S2.shape`,
  `S2.entries` or a bound object; valibot's `partial`, `pick`, `omit`, `pipe` around one. Types: string: str;
  url: url; number, coerce.number: int with `.int()`/`integer()` or an integer default, else float;
  boolean, coerce.boolean, stringbool: bool; enum, picklist, literal: enum; a transform with `.split(`:
  list[str], `JSON.parse`: json, `parseInt`: int, `Number`: int/float, `=== "true"`: bool. `.default(x)`,
  `.catch(x)`, `.prefault(x)`, valibot's `optional(S, x)` and `fallback(S, x)`: the default, not
  required; `.optional()`, `.nullish()`: not required; any other schema of the library: required.
- @nestjs/config, in a file that imports it: `get("X")`, `get<T>("X", default)` (also `get("X") ?? 3000`
  or `|| 3000`, a literal ending the expression), `getOrThrow("X")` (required) on a ConfigService: a name
  typed `ConfigService` (a constructor parameter, a property, a factory's parameter), injected with
  `@Inject(ConfigService)`, got with `app.get(ConfigService)` or `new ConfigService()`; `this.x.get(...)`
  too. The keys of `validationSchema: Joi.object({...})` (Joi keys are optional unless `.required()`).
  A key with a dot or a lower-case letter (`"database.host"`, `"port"`) names a property of a registered
  config object (`registerAs`, `load`), whose factory reads its own variables with process.env (reported
  there): it is not reported.
Unresolved (listed, never guessed): a schema, specs object or server/client/shared object imported or not
bound in the file, a spread of one, a computed key not bound once to a string in the file, a t3-env preset
in `extends` (its variables are declared in another module), a ConfigService key built at run time.
Not reads: a schema parsed against anything but the environment (a request body); envalid's own read of
NODE_ENV (for devDefault).

Noise as js_reads lexes it (a quote inside a regex literal may hide the rest of its line); brackets are
paired once per file by a lexer that also skips regex literals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Callable

from .found import READ, Declared, Found
from .js_reads import CONSTANT, IDENT, LITERAL, STRINGS_AND_COMMENTS, TEMPLATE, fallback, noise
from .lexing import Constants, Spans, argument_name, one_line

Span = tuple[int, int]

# ---- syntax: brackets, chains of calls, object literals, literals

# A regex literal where an expression starts: its quotes and brackets are not code.
_REGEX_LITERAL = r"|(?<=[(,=:\[!&|?{};])[ \t]*/(?![/*])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+/[a-z]*"
_GROUP_TOKEN = re.compile(STRINGS_AND_COMMENTS + TEMPLATE + _REGEX_LITERAL + r"|[()\[\]{},]", re.S)
_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")
_COMMENT_STARTS = ("//", "/*", "<!--")
_DEEPEST = 6  # names followed from binding to binding, schemas nested in schemas
_SHOWN = 80  # characters of a read's expression

_GAP = r"(?:\s+|//[^\n]*|/\*.*?\*/)*"  # between the links of a chain
_MEMBER = re.compile(rf"{_GAP}(?:\?\.|\.)\s*(?P<name>{IDENT})", re.S)
_CALL = re.compile(rf"{_GAP}(?:\?\.\s*)?\(", re.S)
_ANGLE = re.compile(r"\s*<")
_IDENTIFIER = re.compile(IDENT)
_NAME_BEFORE = re.compile(rf"{IDENT}\Z")

_KEY = re.compile(  # what starts an object literal's entry
    rf"(?P<spread>\.\.\.)|(?P<quote>[\"'])(?P<quoted>[^\"'\\\n]*)(?P=quote)|(?P<name>{IDENT})|(?P<number>\d+)|\["
)
_COLON = re.compile(r"\s*:\s*")
_STRING = re.compile(
    r"\"(?P<double>(?:\\.|[^\"\\\n])*)\"|'(?P<single>(?:\\.|[^'\\\n])*)'|`(?P<template>(?:\\.|[^`\\$])*)`"
)
_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?")
_INTEGER = re.compile(r"-?\d+")
_AS_CONST = re.compile(r"\s+(?:as\s+const|satisfies\s+[^,]*)\Z")

# `const X = ...` (also let/var, with a type): where the bound value starts.
_BINDING = re.compile(rf"\b(?:const|let|var)\s+(?P<name>{IDENT})\s*(?::[^=;]*?)?=(?![=>])\s*")
_IMPORT = re.compile(r"\bimport\s+(?:type\s+)?(?P<what>[^;'\"]*?)\s*from\s*[\"']"
                     r"|\b(?:const|let|var)\s+(?P<required>[^=;]*?)=\s*require\s*\(")


@dataclass(frozen=True, slots=True)
class _Link:
    """One step of a chain `a.b<T>(x, y).c`: a name, and its arguments when it is called (types skipped)."""

    name: str
    start: int
    args: tuple[Span, ...] | None = None


@dataclass(frozen=True, slots=True)
class _Field:
    """A key of an object literal, or what stands for keys not known here (a spread, a computed key)."""

    key: str | None  # None: unresolved, see `why`
    offset: int  # where the key's name starts (after a quote); for the unresolved, where the entry starts
    value: Span | None  # the value's text; for a spread, the spread expression
    source: Span  # the whole entry
    why: str | None = None
    spread: bool = False
    optional: bool = False  # made optional by the schema around it (`.partial()`)


@dataclass(frozen=True, slots=True)
class _Brackets:
    """Every bracket of a file paired with its closer (strings, comments, templates and regex literals
    skipped), the top-level commas inside each, and the comments: found in one pass, so that reading any
    number of calls, however nested or unclosed, stays linear."""

    closing: dict[int, int]  # opening offset -> closing offset
    opening: dict[int, int]  # closing offset -> opening offset
    commas: dict[int, list[int]]  # opening offset -> its top-level commas
    comment_at: dict[int, int]  # comment start -> end
    comment_before: dict[int, int]  # comment end -> start

    @classmethod
    def of(cls, text: str) -> _Brackets:
        closing: dict[int, int] = {}
        commas: dict[int, list[int]] = {}
        comments: dict[int, int] = {}
        stack: list[int] = []
        for token in _GROUP_TOKEN.finditer(text):
            mark, at = token.group(), token.start()
            if mark in _OPENERS:
                stack.append(at)
            elif mark in _CLOSERS and stack:
                closing[stack.pop()] = at
            elif mark == "," and stack:
                commas.setdefault(stack[-1], []).append(at)
            elif mark.startswith(_COMMENT_STARTS):
                comments[at] = token.end()
        return cls(closing, {close: open_ for open_, close in closing.items()}, commas, comments,
                   {end: start for start, end in comments.items()})


class _File:
    """One file's text and what readers ask of it more than once, each found when first asked for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.constants = Constants(text, CONSTANT)
        self._noise: Spans | None = None
        self._bound: dict[str, int] | None = None
        self._imported: set[str] | None = None

    def code(self, offset: int) -> bool:
        if self._noise is None:
            self._noise = noise(self.text)
        return not self._noise.inside(offset)

    @cached_property
    def mentions(self) -> tuple[bool, bool]:
        """Whether the file names valibot, and zod."""
        return "valibot" in self.text, "zod" in self.text

    @cached_property
    def brackets(self) -> _Brackets:
        return _Brackets.of(self.text)

    def bound(self, name: str) -> int | None:
        """Where the value bound to `name` starts, when the file binds it exactly once in code."""
        if self._bound is None:
            seen: dict[str, int | None] = {}
            for m in _BINDING.finditer(self.text):
                if self.code(m.start()):
                    seen[m.group("name")] = m.end() if m.group("name") not in seen else None
            self._bound = {name: at for name, at in seen.items() if at is not None}
        return self._bound.get(name)

    def imported(self, name: str) -> bool:
        if self._imported is None:
            self._imported = {word for m in _IMPORT.finditer(self.text)
                              for word in _IDENTIFIER.findall(m.group("what") or m.group("required") or "")}
        return name in self._imported


def _group(file: _File, opening: int) -> tuple[list[Span], int] | None:
    """The comma-separated parts inside the bracket at `opening` (without the comments around them), and
    where it closes; None when it does not close."""
    brackets = file.brackets
    close = brackets.closing.get(opening)
    if close is None:
        return None
    bounds = [opening, *brackets.commas.get(opening, ()), close]
    parts = [_code_span(file, start + 1, end) for start, end in zip(bounds, bounds[1:])]
    return [part for part in parts if part[0] < part[1]], close


def _code_span(file: _File, start: int, end: int) -> Span:
    """`start`..`end` without the whitespace and comments around its code."""
    text, brackets = file.text, file.brackets
    while start < end:
        if text[start].isspace():
            start += 1
        elif start in brackets.comment_at:
            start = brackets.comment_at[start]
        else:
            break
    while end > start:
        if text[end - 1].isspace():
            end -= 1
        elif end in brackets.comment_before:
            end = brackets.comment_before[end]
        else:
            break
    return start, end


def _chain(file: _File, start: int) -> tuple[list[_Link], int]:
    """The chain of names and calls starting at `start` (`z.coerce.number().default(3000)`), and its end."""
    first = _IDENTIFIER.match(file.text, start)
    if first is None:
        return [], start
    links = [_Link(first.group(), start)]
    at = first.end()
    while (step := _step(file, at, links)) is not None:
        at = step
    return links, at


def _step(file: _File, at: int, links: list[_Link]) -> int | None:
    """Reads one `.name`, `<T>(...)` or `(...)` at `at` onto `links`; where it ends, None at the chain's end."""
    text = file.text
    member = _MEMBER.match(text, at)
    if member:
        links.append(_Link(member.group("name"), member.start("name")))
        return member.end()
    angle = _ANGLE.match(text, at)
    if angle and links[-1].args is None:  # type arguments, skipped: `json<Flags>()`
        close = _closing_angle(text, angle.end() - 1)
        if close is None:
            return None
        at = close + 1
    call = _CALL.match(text, at)
    parsed = _group(file, call.end() - 1) if call else None
    if parsed is None:
        return None
    args, close = parsed
    last = links[-1]
    if last.args is None:
        links[-1] = replace(last, args=tuple(args))
    else:  # a call of what a call returned: `f()()`
        links.append(_Link("", close, tuple(args)))
    return close + 1


def _closing_angle(text: str, opening: int) -> int | None:
    """The `>` closing the type arguments opened at `opening`, when a call follows them (`get<string>(`)."""
    depth = 0
    for at in range(opening, min(len(text), opening + 200)):
        mark = text[at]
        if mark == "<":
            depth += 1
        elif mark == ">" and text[at - 1] != "=":
            depth -= 1
            if not depth:
                return at if _CALL.match(text, at + 1) else None
        elif mark in ";()":
            return None
    return None


def _receiver_start(file: _File, end: int) -> int | None:
    """Where the chain ending at `end` (`z.object({...}).extend({...})`) starts, read backwards over
    names, dots and brackets; the caller reads it forwards to check it."""
    text, at = file.text, end
    while at > 0:
        at = _back_over_space(text, at)
        if at and text[at - 1] in _CLOSERS:
            opening = file.brackets.opening.get(at - 1)
            if opening is None:
                return None
            at = opening
            continue
        name = _NAME_BEFORE.search(text, max(0, at - 200), at)
        if name is None:
            return None
        before = _back_over_space(text, name.start())
        if before and text[before - 1] == "." and not text.startswith("..", before - 2):
            at = before - 2 if text.startswith("?.", before - 2) else before - 1
            continue
        return name.start()
    return None


def _back_over_space(text: str, at: int) -> int:
    while at and text[at - 1].isspace():
        at -= 1
    return at


def _entries(file: _File, opening: int) -> list[_Field] | None:
    """The entries of the object literal whose `{` is at `opening`; None when it does not close."""
    parsed = _group(file, opening)
    if parsed is None:
        return None
    return [entry for part in parsed[0] if (entry := _entry(file, part)) is not None]


def _entry(file: _File, part: Span) -> _Field | None:
    """`key: value`, `"key": value`, `key` (shorthand), `[computed]: value` or `...spread`; None for a method."""
    text, (start, end) = file.text, part
    key = _KEY.match(text, start)
    if key is None:
        return None
    if key.group("spread"):
        return _Field(None, start, (key.end(), end), part, spread=True)
    if key.group() == "[":
        return _computed_entry(file, part)
    name = key.group("quoted") if key.group("quote") else key.group("name") or key.group("number")
    offset = key.start("quoted") if key.group("quote") else start
    colon = _COLON.match(text, key.end())
    if colon:
        return _Field(name, offset, (colon.end(), end), part)
    if key.group("name") and key.end() == end:  # `{ DATABASE_URL }`: the value is the name's
        return _Field(name, offset, (start, end), part)
    return None


def _computed_entry(file: _File, part: Span) -> _Field | None:
    """`[KEY]: value`: KEY a string literal or a name bound once to one in the file."""
    text, (start, end) = file.text, part
    parsed = _group(file, start)
    if parsed is None or len(parsed[0]) != 1:
        return None
    colon = _COLON.match(text, parsed[1] + 1)
    if colon is None:
        return None
    name, offset = argument_name(text, parsed[0][0], LITERAL, _IDENTIFIER, file.constants)
    if name is None:
        return _Field(None, start, (colon.end(), end), part, why="the key is computed at run time")
    return _Field(name, offset, (colon.end(), end), part)


def _literal(text: str, span: Span) -> str | None:
    """A string, number or boolean literal as the environment would hold it (`3000`, `true`); None otherwise."""
    start, end = span
    suffix = _AS_CONST.search(text, start, end)
    end = suffix.start() if suffix else end
    string = _STRING.fullmatch(text, start, end)
    if string:
        return re.sub(r"\\(.)", r"\1", string.group(string.lastgroup or 0))
    if _NUMBER.fullmatch(text, start, end):
        return text[start:end].replace("_", "").lstrip("+")
    word = text[start:end]
    return word if word in ("true", "false") else None


def _strings(file: _File, span: Span, depth: int = 0) -> tuple[str, ...] | None:
    """The literals of an array literal (`["a", "b"] as const`) or of a name bound once to one; None otherwise."""
    text, start = file.text, span[0]
    if not text.startswith("[", start):
        bound = file.bound(text[start : span[1]]) if _IDENTIFIER.fullmatch(text, *span) else None
        return None if bound is None or depth >= _DEEPEST else _strings(file, (bound, bound), depth + 1)
    parsed = _group(file, start)
    if parsed is None:
        return None
    values = [_literal(text, item) for item in parsed[0]]
    return tuple(v for v in values if v is not None) if None not in values else None


def _expression(text: str, span: Span) -> str:
    """The source at `span` on one line, from a bounded slice: a huge nested entry costs no more than a small one."""
    start, end = span
    cut = min(end, start + 4 * _SHOWN)
    shown = one_line(text[start:cut], _SHOWN)
    return shown if cut == end or shown.endswith("…") else shown + "…"


def _found(file: _File, field: _Field, declared: Declared | None) -> Found:
    expression = _expression(file.text, field.source)
    if field.key is None:
        return Found(field.offset, None, READ, expression, why=field.why)
    return Found(field.offset, field.key, READ, expression, declared)


# ---- what a schema declares: type, default, required, choices


@dataclass(slots=True)
class _Shape:
    """What one value's schema says, gathered link by link."""

    type: str | None = None  # "number" until int or float is known
    choices: tuple[str, ...] = ()
    default: str | None = None
    defaulted: bool = False  # a default is given, literal or not
    optional: bool = False
    integer: bool = False
    required: bool | None = None  # said outright (Joi's `.required()`)
    known: bool = False  # a schema of the library, which rejects a missing value unless told otherwise

    def base(self, kind: str) -> None:
        """A type the schema names; a string is only the form the others are written in."""
        if kind == "str" and self.type is not None:
            return
        if kind == "url" and self.type not in (None, "str"):
            return
        if kind == "int":
            kind, self.integer = "number", True
        self.type = kind

    def set_default(self, text: str, span: Span | None) -> None:
        self.defaulted = True
        self.default = _literal(text, span) if span is not None else None

    def declared(self, library: str) -> Declared:
        kind = self.type
        if kind == "number":
            kind = "int" if self.integer or (self.default and _INTEGER.fullmatch(self.default)) else "float"
        if self.required is not None:
            required: bool | None = self.required
        elif self.defaulted or self.optional:
            required = False
        else:
            required = True if self.known else None
        return Declared(library, kind, self.default, required, self.choices)


Rule = Callable[[_File, _Shape, _Link, int], None]


def _describe(file: _File, start: int, rule: Rule, shape: _Shape, depth: int = 0) -> _Shape:
    """What the schema starting at `start` declares, each link applied by `rule`; a name bound once in the
    file is followed (`PORT: portSchema.default(3000)`)."""
    links, _ = _chain(file, start)
    if links and links[0].args is None and depth < _DEEPEST:
        bound = file.bound(links[0].name)
        if bound is not None:
            _describe(file, bound, rule, shape, depth + 1)
    for link in links:
        rule(file, shape, link, depth)
    return shape


_SCHEMA_TYPES = {
    "string": "str", "email": "str", "uuid": "str", "url": "url", "httpUrl": "url",
    "number": "number", "float": "number", "float32": "number", "float64": "number",
    "int": "int", "integer": "int", "safeint": "int", "int32": "int", "bigint": "int",
    "boolean": "bool", "stringbool": "bool",
}  # fmt: skip
_SCHEMA_ARGUMENTS = {  # which arguments of a wrapper are the schema it wraps
    "optional": (0,), "nullish": (0,), "undefinedable": (0,), "exactOptional": (0,), "nullable": (0,),
    "nonOptional": (0,), "fallback": (0,), "preprocess": (1,), "pipe": None,
}  # fmt: skip
_OPTIONAL = frozenset({"optional", "nullish", "undefinedable", "exactOptional", "any", "unknown"})
_DEFAULTS = frozenset({"default", "prefault", "catch"})
_TRANSFORMS = (  # what a transform's function makes of the string
    (re.compile(r"\.split\("), "list[str]"),
    (re.compile(r"\bJSON\.parse\b"), "json"),
    (re.compile(r"\bparseInt\b"), "int"),
    (re.compile(r"\b(?:Number|parseFloat)\b"), "number"),
    (re.compile(r"===?\s*[\"'](?:true|1)[\"']"), "bool"),
)


def _schema_rule(file: _File, shape: _Shape, link: _Link, depth: int) -> None:
    """zod and valibot: `z.coerce.number().int().default(3000)`, `v.optional(v.pipe(v.string(), v.url()), "x")`."""
    name, args, text = link.name, link.args, file.text
    if args is None:
        return  # a namespace (`z`, `coerce`) or a property
    if name in _SCHEMA_TYPES:
        shape.base(_SCHEMA_TYPES[name])
        shape.known = True
    if name in _SCHEMA_ARGUMENTS and depth < _DEEPEST:
        indexes = _SCHEMA_ARGUMENTS[name]
        for index in range(len(args)) if indexes is None else indexes:
            if index < len(args):
                _describe(file, args[index][0], _schema_rule, shape, depth + 1)
    _choices(file, shape, name, args)
    if name in _OPTIONAL:
        shape.optional = shape.known = True
        if len(args) > 1:  # valibot's `optional(schema, default)`
            shape.set_default(text, args[1])
    elif name in _DEFAULTS:
        shape.set_default(text, args[0] if args else None)
    elif name == "fallback" and len(args) > 1:
        shape.set_default(text, args[1])
    elif name == "transform" and args:
        _transformed(shape, text[args[-1][0] : args[-1][1]])


def _choices(file: _File, shape: _Shape, name: str, args: tuple[Span, ...]) -> None:
    if name in ("enum", "picklist", "nativeEnum", "literal"):
        shape.known = True
    if not args or name not in ("enum", "picklist", "literal"):
        return
    value = _literal(file.text, args[0]) if name == "literal" else None
    choices = (value,) if value is not None else _strings(file, args[0])
    if choices:
        shape.type, shape.choices = "enum", choices


def _transformed(shape: _Shape, function: str) -> None:
    for pattern, kind in _TRANSFORMS:
        if pattern.search(function):
            shape.base(kind)
            return


# ---- object schemas: the keys a schema or a plain object holds

_OBJECT_SCHEMAS = frozenset({"object", "strictObject", "looseObject", "objectWithRest"})
_WRAPPING_SCHEMAS = frozenset({"partial", "pick", "omit", "pipe", "required", "strict", "readonly"})


def _object_fields(file: _File, span: Span, depth: int, noun: str) -> list[_Field]:
    """The keys of an object literal at `span`, of a name bound to one in the file, or of `S.shape`."""
    text, start = file.text, span[0]
    if depth > _DEEPEST:
        return [_too_deep(file, start, noun)]
    if text.startswith("{", start):
        return [f for entry in _entries(file, start) or () for f in _spread_or_entry(file, entry, depth)]
    links, end = _chain(file, start)
    if len(links) == 2 and links[1].name in ("shape", "entries") and links[1].args is None:
        return _schema_fields(file, links[:1], depth + 1, (start, end))
    if len(links) == 1 and links[0].args is None:
        bound = file.bound(links[0].name)
        if bound is not None:
            return _object_fields(file, (bound, bound), depth + 1, noun)
        return [_unbound(file, links[0].name, (start, end), noun)]
    return [_Field(None, start, None, (start, end), why=f"{noun} is built at run time")]


def _unbound(file: _File, name: str, span: Span, noun: str) -> _Field:
    where = "imported from another module" if file.imported(name) else "not bound in this file"
    return _Field(None, span[0], None, span, why=f"{noun} is {where}")


def _too_deep(file: _File, start: int, noun: str) -> _Field:
    """Past _DEEPEST names or nested schemas (a name bound to itself, a schema merged into itself)."""
    closing = file.brackets.closing.get(start)
    end = closing + 1 if closing is not None else _chain(file, start)[1]
    return _Field(None, start, None, (start, end), why=f"{noun} is nested too deep to follow")


def _spread_or_entry(file: _File, entry: _Field, depth: int) -> list[_Field]:
    """An entry as it is; a spread as the keys it spreads (`...base`, `...Base.shape`) when the file says."""
    if not entry.spread or entry.value is None:
        return [entry]
    links, _ = _chain(file, entry.value[0])
    named = len(links) in (1, 2) and links[0].args is None and file.bound(links[0].name) is not None
    schema = len(links) == 1 or (links[1].name in ("shape", "entries") and links[1].args is None)
    if named and schema:
        return _object_fields(file, entry.value, depth + 1, "a spread")
    imported = bool(links) and file.imported(links[0].name)
    why = "a spread of an object imported from another module" if imported else "a spread of a variable"
    return [replace(entry, why=why)]


def _schema_fields(file: _File, links: list[_Link], depth: int, whole: Span) -> list[_Field]:
    """The keys of the object schema a chain makes: its base, then `.extend`, `.merge`, `.partial`..."""
    at, fields = _schema_base(file, links, depth, whole)
    for link in links[at:]:
        fields = _modified(file, fields, link, link.args or (), depth)
    return fields


def _schema_base(file: _File, links: list[_Link], depth: int, whole: Span) -> tuple[int, list[_Field]]:
    """(how many links the base takes, its keys): `z.object({...})`, a bound name, `v.partial(S)`."""
    at = _namespace(file, links)
    link = links[at]
    if link.args is None:
        bound = file.bound(link.name)
        if bound is None:
            return at + 1, [_unbound(file, link.name, whole, "the schema")]
        return at + 1, _schema_at(file, bound, depth + 1)
    if link.name in _OBJECT_SCHEMAS and link.args:
        return at + 1, _object_fields(file, link.args[0], depth + 1, "the schema's shape")
    if link.name in _WRAPPING_SCHEMAS and link.args:  # valibot: partial(S), pick(S, keys)
        inner = _schema_at(file, link.args[0][0], depth + 1)
        return at + 1, _modified(file, inner, link, link.args[1:], depth)
    return at + 1, [_run_time(whole)]


def _namespace(file: _File, links: list[_Link]) -> int:
    """1 when the first link is a library's namespace (`z.object(...)`, `v.partial(S)`), else 0 (`Env.extend`)."""
    second = links[1] if len(links) > 1 else None
    if second is None or links[0].args is not None or not second.args:
        return 0
    if second.name in _OBJECT_SCHEMAS:
        return 1
    schema_first = not file.text.startswith(("{", "["), second.args[0][0])  # not zod's `.pick({ A: true })`
    wraps = second.name in _WRAPPING_SCHEMAS and schema_first and file.bound(links[0].name) is None
    return 1 if wraps else 0


def _schema_at(file: _File, start: int, depth: int) -> list[_Field]:
    if depth > _DEEPEST:
        return [_too_deep(file, start, "the schema")]
    links, end = _chain(file, start)
    return _schema_fields(file, links, depth, (start, end)) if links else [_run_time((start, start))]


def _modified(file: _File, fields: list[_Field], link: _Link, args: tuple[Span, ...], depth: int) -> list[_Field]:
    """`fields` after one more link: `extend({...})`, `merge(S)`, `partial()`, `pick`/`omit` (zod's
    `{ A: true }` or valibot's `["A"]`); links that keep the keys (`refine`, `strict`) change nothing."""
    name = link.name
    if name == "extend" and args:
        return fields + _object_fields(file, args[0], depth + 1, "the extension")
    if name == "merge" and args:
        return fields + _schema_at(file, args[0][0], depth + 1)
    if name in ("partial", "pick", "omit"):
        keys = _keys(file, args[0]) if args else None
        if name == "partial":
            return [replace(f, optional=True) if keys is None or f.key in keys else f for f in fields]
        if keys is not None and name == "pick":
            return [f for f in fields if f.key in keys]
        if keys is not None:
            return [f for f in fields if f.key not in keys]
    return fields


def _keys(file: _File, span: Span) -> set[str] | None:
    """`{ A: true, B: true }` or `["A", "B"]`: the keys named."""
    if file.text.startswith("{", span[0]):
        return {entry.key for entry in _entries(file, span[0]) or () if entry.key is not None}
    strings = _strings(file, span)
    return set(strings) if strings is not None else None


def _schema_declared(file: _File, field: _Field, library: str) -> Declared | None:
    if field.key is None or field.value is None:
        return None
    shape = _describe(file, field.value[0], _schema_rule, _Shape(optional=field.optional))
    return shape.declared(library)


# ---- t3-env

_CREATE_ENV = re.compile(r"(?<![\w$])createEnv\s*(?:<[^()]{0,200}>)?\s*\(")
_T3_SCHEMAS = ("server", "client", "shared")
_T3_RUNTIME = ("runtimeEnv", "runtimeEnvStrict", "experimental__runtimeEnv")
_ENV_MEMBER = re.compile(  # `process.env.X`, `process.env["X"]`
    rf"(?:process\.env|import\.meta\.env|Bun\.env)\s*"
    rf"(?:\??\.\s*(?P<name>{IDENT})|\[\s*[\"'`](?P<quoted>[^\"'`]*)[\"'`]\s*\])"
)


def _t3_env(file: _File) -> list[Found]:
    finds: list[Found] = []
    for call in _CREATE_ENV.finditer(file.text):
        options = _options(file, call.end() - 1) if file.code(call.start()) else None
        if options is None or not any(key in options for key in _T3_SCHEMAS):
            continue
        elsewhere = _fed_elsewhere(file, options)
        for key in _T3_SCHEMAS:
            value = options[key].value if key in options else None
            fields = _object_fields(file, value, 0, f"the {key} schema") if value is not None else []
            kept = [field for field in fields if field.key not in elsewhere]
            finds.extend(_found(file, field, _schema_declared(file, field, "t3-env")) for field in kept)
        if "extends" in options:
            finds.extend(_presets(file, options["extends"]))
    return finds


def _options(file: _File, opening: int) -> dict[str, _Field] | None:
    """The keys of the object literal a call at `opening` takes first."""
    parsed = _group(file, opening)
    if parsed is None or not parsed[0] or not file.text.startswith("{", parsed[0][0][0]):
        return None
    entries = _entries(file, parsed[0][0][0])
    return {entry.key: entry for entry in entries or () if entry.key is not None}


def _fed_elsewhere(file: _File, options: dict[str, _Field]) -> set[str]:
    """Keys an object runtimeEnv feeds from another variable, or from a literal: not their own variable."""
    keys: set[str] = set()
    for option in _T3_RUNTIME:
        value = options[option].value if option in options else None
        if value is None or not file.text.startswith("{", value[0]):
            continue
        for entry in _entries(file, value[0]) or ():
            if entry.key is None or entry.value is None or entry.spread:
                continue
            member = _ENV_MEMBER.match(file.text, entry.value[0])
            variable = (member.group("name") or member.group("quoted")) if member else None
            if (variable is not None and variable != entry.key) or _literal(file.text, entry.value) is not None:
                keys.add(entry.key)
    return keys


def _presets(file: _File, option: _Field) -> list[Found]:
    """`extends: [vercel(), shared]`: a preset made in another module is unresolved; one made with
    createEnv in this file is read where it is made."""
    text, value = file.text, option.value
    if value is None:
        return []
    parsed = _group(file, value[0]) if text.startswith("[", value[0]) else ([value], value[1])
    finds = []
    for item in parsed[0] if parsed else ():
        bound = file.bound(text[item[0] : item[1]]) if _IDENTIFIER.fullmatch(text, *item) else None
        if bound is not None and _CREATE_ENV.match(text, bound):
            continue
        why = "a preset's variables are declared in another module"
        finds.append(Found(item[0], None, READ, _expression(text, item), why=why))
    return finds


# ---- zod and valibot schemas parsed against the environment

_PARSE = re.compile(r"(?<![\w$])(?P<method>safeParse|parse|safeParseAsync|parseAsync)\s*\(")
_ENVIRONMENT_OBJECT = r"(?:process\.env|import\.meta\.env|Bun\.env|Deno\.env\.toObject\(\s*\))"
_ENVIRONMENT = re.compile(_ENVIRONMENT_OBJECT + r"(?:\s+as\s+[\s\S]+)?")  # an argument that is the environment
# The environment passed whole (`process.env)`, `import.meta.env,`): without one, no call parses it.
_WHOLE_ENVIRONMENT = re.compile(_ENVIRONMENT_OBJECT + r"\s*(?:[),]|as\s)")
_DOT_BEFORE = re.compile(r"(?:\?\.|\.)\s*\Z")
_ENVIRONMENT_NAMES = ("process.env", "import.meta.env", "Bun.env", "Deno.env")


def _parsed_schemas(file: _File) -> list[Found]:
    finds: list[Found] = []
    text = file.text
    if not _WHOLE_ENVIRONMENT.search(text):
        return finds
    for call in _PARSE.finditer(text):
        parsed = _group(file, call.end() - 1)
        args, close = parsed if parsed is not None else ([], 0)
        if not any(_is_environment(text, arg) for arg in args[:2]) or not file.code(call.start()):
            continue  # lexed only for a call on the environment (`JSON.parse(process.env.X)` is not)
        dot = _DOT_BEFORE.search(text, max(0, call.start() - 40), call.start())
        if len(args) > 1 and _is_environment(text, args[1]) and not _is_environment(text, args[0]):
            namespace = _NAME_BEFORE.search(text, max(0, call.start() - 240), dot.start()) if dot else None
            whole = (namespace.start() if namespace else call.start(), close + 1)
            links, _ = _chain(file, args[0][0])  # valibot's `v.parse(Schema, process.env)`
            fields = _schema_fields(file, links, 0, whole) if links else [_run_time(whole)]
            finds.extend(_schema_reads(file, fields, _library(file, functional=True)))
        elif _is_environment(text, args[0]) and dot is not None:
            finds.extend(_method_parse(file, call.start(), dot.start(), close + 1))
    return finds


def _method_parse(file: _File, method: int, dot: int, end: int) -> list[Found]:
    """`Schema.parse(process.env)`: the chain before the method, read back to its start, then forwards."""
    start = _receiver_start(file, dot)
    links, _ = _chain(file, start) if start is not None else ([], method)
    at = next((i for i, link in enumerate(links) if link.start == method), 0)
    whole = (method if start is None else start, end)
    fields = _schema_fields(file, links[:at], 0, whole) if at else [_run_time(whole)]
    return _schema_reads(file, fields, _library(file, functional=False))


def _run_time(whole: Span) -> _Field:
    return _Field(None, whole[0], None, whole, why="the schema is built at run time")


def _schema_reads(file: _File, fields: list[_Field], library: str) -> list[Found]:
    return [_found(file, field, _schema_declared(file, field, library)) for field in fields]


def _is_environment(text: str, span: Span) -> bool:
    return _ENVIRONMENT.fullmatch(text, *span) is not None


def _library(file: _File, functional: bool) -> str:
    """valibot when the file uses it and the call is valibot's shape (or zod is not there), else zod."""
    valibot, zod = file.mentions
    return "valibot" if valibot and (functional or not zod) else "zod"


# ---- envalid

_CLEAN_ENV = re.compile(r"(?<![\w$])(?:cleanEnv|customCleanEnv)\s*(?:<[^()]{0,200}>)?\s*\(")
_ENVALID_TYPES = {
    "str": "str", "email": "str", "host": "str", "bool": "bool", "num": "number", "port": "int",
    "url": "url", "json": "json",
}  # fmt: skip


def _envalid(file: _File) -> list[Found]:
    finds: list[Found] = []
    for call in _CLEAN_ENV.finditer(file.text):
        parsed = _group(file, call.end() - 1) if file.code(call.start()) else None
        if parsed is None or len(parsed[0]) < 2:
            continue
        for field in _object_fields(file, parsed[0][1], 0, "the specs object"):
            finds.append(_found(file, field, _envalid_declared(file, field)))
    return finds


def _envalid_declared(file: _File, field: _Field) -> Declared | None:
    """`port({ default: 3000 })`: the validator's type; the spec's default, choices and requiredWhen."""
    if field.key is None or field.value is None:
        return None
    text = file.text
    links, _ = _chain(file, field.value[0])
    calls = [link for link in links if link.args is not None]
    if not calls:
        return Declared("envalid")  # a spec made elsewhere: nothing known
    validator = calls[-1]
    options = _spec_options(file, validator.args[0]) if validator.args else {}
    shape = _Shape(known=options is not None)  # a spec object made elsewhere may hold a default
    if validator.name in _ENVALID_TYPES:
        shape.base(_ENVALID_TYPES[validator.name])
    options = options or {}
    if "default" in options:
        shape.set_default(text, options["default"])
    choices = _strings(file, options["choices"]) if "choices" in options else None
    if choices:
        shape.type, shape.choices = "enum", choices
    declared = shape.declared("envalid")
    return replace(declared, required=None) if "requiredWhen" in options else declared  # required at times


def _spec_options(file: _File, spec: Span) -> dict[str, Span] | None:
    """The options of `str({ default: "x", choices: [...] })`; None when the spec is not written here."""
    if not file.text.startswith("{", spec[0]):
        return None
    return {entry.key: entry.value for entry in _entries(file, spec[0]) or () if entry.key and entry.value}


# ---- @nestjs/config

_NEST_TYPED = re.compile(rf"(?P<name>{IDENT})\s*[?!]?\s*:\s*ConfigService\b")
_NEST_ASSIGNED = re.compile(
    rf"(?P<name>{IDENT})\s*=\s*(?:await\s+)?(?:new\s+ConfigService\b|[\w$.]+\.(?:get|resolve)\(\s*ConfigService\b)"
)
_NEST_INJECTED = re.compile(
    rf"@Inject\(\s*ConfigService\s*\)\s*(?:(?:private|public|protected|readonly)\s+)*(?P<name>{IDENT})"
)
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_GENERIC_TYPES = {"string": "str", "number": "number", "boolean": "bool"}
_VALIDATION_SCHEMA = re.compile(r"\bvalidationSchema\s*:\s*")


def _nest(file: _File) -> list[Found]:
    return _config_service_reads(file) + _validation_schema_reads(file)


def _config_service_reads(file: _File) -> list[Found]:
    text = file.text
    names = {m.group("name") for pattern in (_NEST_TYPED, _NEST_ASSIGNED, _NEST_INJECTED)
             for m in pattern.finditer(text) if file.code(m.start())}
    if not names:
        return []
    alternatives = "|".join(map(re.escape, sorted(names)))
    calls = re.compile(rf"(?<![\w$.])(?:this\s*\.\s*)?(?:{alternatives})\s*(?:\?\.|\.)\s*"
                       r"(?P<method>getOrThrow|get)\s*(?:<(?P<type>[^()]{0,200}?)>)?\s*\(")
    finds = []
    for call in calls.finditer(text):
        parsed = _group(file, call.end() - 1) if file.code(call.start()) else None
        if parsed is not None and parsed[0]:
            found = _config_get(file, call, *parsed)
            if found is not None:
                finds.append(found)
    return finds


def _config_get(file: _File, call: re.Match[str], args: list[Span], close: int) -> Found | None:
    """`config.get<number>("PORT", 3000)`; a key with a dot or a lower-case letter is a config object's."""
    text = file.text
    expression = _expression(text, (call.start(), close + 1))
    name, offset = argument_name(text, args[0], LITERAL, _IDENTIFIER, file.constants)
    if name is None:
        return Found(call.start(), None, READ, expression, why="the key is built at run time")
    if not _ENV_NAME.fullmatch(name):
        return None
    shape = _Shape(type=_generic_type(call.group("type")))
    default = args[1] if len(args) > 1 and not text.startswith("{", args[1][0]) else None  # not `{ infer: true }`
    after = fallback(text, close + 1)  # `config.get("PORT") || 3000`
    if default is not None:
        shape.set_default(text, default)
    elif after is not None:
        shape.defaulted, shape.default = True, after
    elif call.group("method") == "getOrThrow":
        shape.required = True
    return Found(offset, name, READ, expression, shape.declared("@nestjs/config"))


def _generic_type(written: str | None) -> str | None:
    kinds = [part.strip() for part in (written or "").split("|") if part.strip() not in ("undefined", "null")]
    return _GENERIC_TYPES.get(kinds[0]) if len(kinds) == 1 else None


def _validation_schema_reads(file: _File) -> list[Found]:
    """`ConfigModule.forRoot({ validationSchema: Joi.object({...}) })`: Joi validates the environment."""
    finds = []
    for option in _VALIDATION_SCHEMA.finditer(file.text):
        if file.code(option.start()):
            for field in _joi_fields(file, option.end(), 0):
                declared = _joi_declared(file, field) if field.key is not None else None
                finds.append(_found(file, field, declared))
    return finds


def _joi_fields(file: _File, start: int, depth: int) -> list[_Field]:
    links, end = _chain(file, start)
    if len(links) == 1 and links[0].args is None:
        bound = file.bound(links[0].name)
        if bound is None:
            return [_unbound(file, links[0].name, (start, end), "the validation schema")]
        return _joi_fields(file, bound, depth + 1) if depth < _DEEPEST else [_too_deep(file, start, "the schema")]
    objects = [link.args[0] for link in links if link.name in ("object", "keys", "append") and link.args]
    return [f for shape in objects for f in _object_fields(file, shape, depth + 1, "the validation schema")]


def _joi_declared(file: _File, field: _Field) -> Declared | None:
    if field.value is None:
        return None
    shape = _describe(file, field.value[0], _joi_rule, _Shape(optional=field.optional))
    if shape.required is None and not shape.defaulted:
        shape.required = False  # Joi keys are optional unless `.required()`
    return shape.declared("@nestjs/config")


_JOI_TYPES = {"string": "str", "uri": "url", "number": "number", "integer": "int", "port": "int", "boolean": "bool"}


def _joi_rule(file: _File, shape: _Shape, link: _Link, depth: int) -> None:
    """`Joi.number().port().default(3000)`, `Joi.string().valid("a", "b").required()`."""
    name, args = link.name, link.args
    if args is None:
        return
    if name in _JOI_TYPES:
        shape.base(_JOI_TYPES[name])
    elif name in ("valid", "equal") and args:
        choices = _valid_values(file, args)
        if choices:
            shape.type, shape.choices = "enum", choices
    elif name == "default":
        shape.set_default(file.text, args[0] if args else None)
    elif name in ("required", "exist"):
        shape.required = True
    elif name == "optional":
        shape.optional = True


def _valid_values(file: _File, args: tuple[Span, ...]) -> tuple[str, ...] | None:
    """Joi's `valid("a", "b")` or `valid(...["a", "b"])`/`valid(["a", "b"])`: the literals."""
    if len(args) == 1 and file.text.startswith(("[", "..."), args[0][0]):
        start = args[0][0] + (3 if file.text.startswith("...", args[0][0]) else 0)
        return _strings(file, (start, args[0][1]))
    values = [_literal(file.text, arg) for arg in args]
    return tuple(v for v in values if v is not None) if None not in values else None


# ---- which readers a file needs

Reader = Callable[[_File], list[Found]]
# Per reader: groups of trigger words, one of each group in the text before any regex runs.
_READERS: tuple[tuple[tuple[tuple[str, ...], ...], Reader], ...] = (
    ((("createEnv",),), _t3_env),
    ((("leanEnv",),), _envalid),  # cleanEnv, customCleanEnv
    ((("arse",), _ENVIRONMENT_NAMES), _parsed_schemas),
    ((("@nestjs/config",),), _nest),
)


def find(text: str) -> list[Found]:
    """Every variable a config library reads in the JavaScript/TypeScript source `text`, sorted by offset."""
    readers = [read for triggers, read in _READERS if all(any(t in text for t in group) for group in triggers)]
    if not readers:
        return []
    file = _File(text)
    finds: dict[tuple[int, str | None], Found] = {}
    for read in readers:
        for found in read(file):
            finds.setdefault((found.offset, found.name), found)
    return sorted(finds.values(), key=lambda found: found.offset)
