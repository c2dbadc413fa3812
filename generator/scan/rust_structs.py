"""envy: the variables a struct filled by `envy::from_env` reads, from its fields wherever it is defined.

Reads:
- loads: `envy::from_env::<T>()`, `envy::prefixed("APP_").from_env::<T>()` (the prefix a literal or a `&str`
  constant of the file), `envy::keep_names().from_env::<T>()`, also spelled through `use envy::...`. T comes from
  the turbofish, from `let c: T = ...` (`Result<T, _>` too), or, when the load is a function's tail expression
  (`Ok(..?)`, `.map_err(..)` allowed), from the function's `-> Result<T, ..>`; `Self` is the enclosing impl's type.
- each named field of T (a `#[derive(Deserialize)]` struct) reads one variable, placed at the field's name.

Naming, as envy and serde do it (envy src/lib.rs: `Vars::next` lower-cases every variable name unless
`keep_names()`; `Prefixed::from_iter` keeps the variables that start with the prefix, case-sensitively, and
strips it; serde_derive src/internals/attr.rs and case.rs for the serde names):
- a field `database_url` reads DATABASE_URL (any capitalisation matches; the upper-case one is reported); with
  `prefixed("APP_")`, APP_DATABASE_URL. `r#type` is `type`.
- `#[serde(rename = "x")]` or `rename(deserialize = "x")`, else the struct's `rename_all` as serde applies it
  to fields; each `alias = "y"` reads Y too. A serde name with capitals (`rename = "DB_HOST"`,
  `rename_all = "SCREAMING_SNAKE_CASE"`) matches no variable, since envy lower-cases them: such a field is an
  unresolved read saying so. Under `keep_names()` names are read exactly as serde spells them, unprefixed.
- `#[serde(flatten)]` reads the inner struct's fields with the same prefix (their own rename_all, not the
  outer one; envy issue #26: serde hands them strings, so only string fields parse); a flattened map reads
  every other variable and names none. `skip`/`skip_deserializing` read nothing.
Declared (library "envy"): required False for `Option<T>` (unless `deserialize_with`/`with`), `#[serde(default)]`
or `default = "f"` on the field or the struct, fields of an optional flatten; True otherwise. Default: the
literal a `default = "f"` function returns when `f` is in the same file. Type: String -> str, integers -> int,
f32/f64 -> float, bool -> bool, PathBuf -> path, Url -> url, Vec/HashSet of String -> list[str], Duration with
a humantime `with` -> duration; a field whose type is an enum of unit variants -> enum, its serde names as choices.

Matching a type name across files: T's written path is resolved through the calling file's `use`s; every
`Deserialize` struct of that last name in the scanned files is a candidate. One candidate is it. Among several:
the one in the calling file when T is written bare; else the one whose module path (the crate folder, then the
folders and file under `src/`) ends with, or starts with (a re-export), the path written before the name
(`crate::` being the caller's crate). None, or still several: an unresolved read at the load, saying which.
Structs, enums and loads in comments, strings and test code (see rust_reads) do not count.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable, Iterator, TypeVar, Union

from .found import READ, Declared, Place
from .lexing import Constants, Spans, call_arguments, one_line
from .rust_reads import (ARGUMENT_TOKEN, PARSED_TYPES, Path, blank_comments, lex, literal,
                         path_before, resolve_path, string_literal, use_bindings)

_LIBRARY = "envy"
_LONGEST_EXPRESSION = 100

# --- Facts ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldFact:
    name: str  # the Rust identifier, `r#` dropped: serde's name before rename_all
    line: int
    column: int
    expression: str
    type: str | None  # in the doc's vocabulary, from the written type
    type_path: Path  # the written type's path (inside Option<>), through the file's `use`s; () for other types
    optional: bool  # Option<T> without a custom deserializer: absent is None
    rename: str | None
    aliases: tuple[str, ...]
    default: bool
    default_value: str | None
    flatten: bool


@dataclass(frozen=True, slots=True)
class StructFact:
    name: str
    line: int
    column: int
    fields: tuple[FieldFact, ...]
    rename_all: str | None
    default: bool  # `#[serde(default)]` on the struct


@dataclass(frozen=True, slots=True)
class EnumFact:
    name: str
    choices: tuple[str, ...] | None  # the variants' serde names; None when one holds data or is `other`


@dataclass(frozen=True, slots=True)
class LoadFact:
    line: int
    column: int
    expression: str
    type_path: Path | None  # None: not written where it can be read
    prefix: str
    keep_names: bool
    why: str | None = None  # set when the load cannot be followed (a prefix computed at run time)


Fact = Union[StructFact, EnumFact, LoadFact]
Position = Callable[[int], tuple[int, int]]

# Bounded repeats keep every pattern linear on text that never closes what it opens.
_ATTRIBUTES = r"(?:\#\s*\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]\s*)"
_GENERICS = r"(?:<[^{};]{0,300}?>\s*)?"
_WHERE = r"(?:where\b[^{};]{0,300})?"
_ITEM = re.compile(rf"\b(?P<kind>struct|enum)\s+(?P<name>[A-Za-z_]\w*)\s*{_GENERICS}{_WHERE}\{{")
_VISIBILITY_BEFORE = re.compile(r"\bpub\s*(?:\([^()]{0,100}\)\s*)?\Z")
_LONGEST_ATTRIBUTE = 2000
_DERIVES_DESERIALIZE = re.compile(r"\bderive\s*\([^)]*\bDeserialize\b")
_SERDE = re.compile(r"\#\s*\[\s*serde\s*\((?P<body>.*?)\)\s*\]", re.S)
_SERDE_ITEM = re.compile(r'\s*(?P<key>\w+)\s*(?:=\s*"(?P<value>[^"\\]*)"|\((?P<inner>[^()]*)\))?\s*(?:,|\Z)')
_DESERIALIZE_NAME = re.compile(r'\bdeserialize\s*=\s*"(?P<value>[^"\\]*)"')
_FIELD = re.compile(rf"\s*(?P<attrs>{_ATTRIBUTES}*)(?:pub\s*(?:\([^()]*\)\s*)?)?(?P<name>(?:r\#)?[A-Za-z_]\w*)\s*:"
                    r"\s*(?P<type>\S.*?)\s*\Z", re.S)
_VARIANT = re.compile(rf"\s*(?P<attrs>{_ATTRIBUTES}*)(?P<name>[A-Za-z_]\w*)\s*(?P<data>[({{])?", re.S)
_SEPARATORS = re.compile(r"->|=>|[()\[\]{}<>,]")
_OPTION = re.compile(r"(?:(?:::)?\s*(?:std|core)\s*::\s*option\s*::\s*)?Option\s*<(?P<inner>.*)>\s*\Z", re.S)
_TYPE_PATH = re.compile(r"(?P<path>(?:::\s*)?[A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*)\s*(?:<(?P<args>.*)>)?\s*\Z", re.S)
_NON_ZERO = re.compile(r"NonZero(?:U|I)(?:8|16|32|64|128|size)")
_LISTS = frozenset({"Vec", "VecDeque", "HashSet", "BTreeSet"})
_MAPS = frozenset({"HashMap", "BTreeMap", "IndexMap", "Map"})
_DEFAULT_FUNCTION = re.compile(
    r"\bfn\s+(?P<name>[A-Za-z_]\w*)\s*\(\s*\)\s*->\s*[^{};]{1,200}?\{(?P<body>[^{}]{0,200})\}")

_TURBOFISH = r"(?:::\s*<\s*(?P<turbofish>[^<>()]*(?:<[^<>()]*>[^<>()]*)*?)\s*>\s*)?"
_LOAD = re.compile(rf"\b(?P<name>from_env|prefixed|keep_names)\s*{_TURBOFISH}\(")
_FROM_ENV_AFTER = re.compile(rf"\s*\.\s*from_env\s*{_TURBOFISH}\(\s*\)")
_LET_TYPE = re.compile(r"\blet\s+(?:mut\s+)?[A-Za-z_]\w*\s*:\s*(?P<type>[^=;{}]+?)\s*=\s*\Z")
_RESULT = re.compile(r"(?:\w+\s*::\s*)*Result\s*<\s*(?P<inner>[^,<>]+(?:<[^<>]*>)?)")
# After a load that ends its function: `?`, `.map_err(..)` and the like, a closing `)` of `Ok(`, then `}`.
_TAIL = re.compile(
    r"(?:\s*(?:\?|\.\s*(?:unwrap|expect|map_err|context|with_context|wrap_err)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)))*"
    r"\s*\)?\s*\}")
# What comes before a block's `{`: a function returning something, or an impl (its type after any `Trait for`).
_FUNCTION = re.compile(rf"fn\s+[A-Za-z_]\w*\s*{_GENERICS}\([^{{}};]{{0,500}}\)\s*->\s*(?P<returns>[^{{}};]{{1,200}}?)"
                       rf"\s*{_WHERE}\s*")
_IMPL = re.compile(rf"impl\b\s*{_GENERICS}(?:[^{{}};]{{1,200}}?\s+for\s+)?(?P<type>[A-Za-z_][\w:]*)\s*{_GENERICS}"
                   rf"{_WHERE}\s*")
_HEADER_KEYWORD = re.compile(r"\b(?:fn|impl)\b")
_LONGEST_HEADER = 1000
_CONSTANT = re.compile(
    r"(?m)^[ \t]*(?:pub(?:[ \t]*\([^)\n]*\))?[ \t]+)?(?:const|static)[ \t]+(?P<name>[A-Za-z_]\w*)[ \t]*:"
    r"[ \t]*&[ \t]*(?:'static[ \t]+)?str[ \t]*=[ \t]*\"(?P<value>[^\"\\\n]*)\"[ \t]*;")
_LONGEST_LOOKBACK = 200


class _Blocks:
    """A file's `{ }` blocks in code, each with its closing brace and the block around it: built in one pass,
    so that finding the block around an offset costs its nesting depth."""

    def __init__(self, code: str, noise: Spans) -> None:
        self.opens: list[int] = []
        self.closes: list[int] = []
        self.parents: list[int] = []
        self.end = len(code)
        stack: list[int] = []
        for brace in re.finditer(r"[{}]", code):
            if noise.covers(brace.start()):
                continue
            if brace.group() == "{":
                self.parents.append(stack[-1] if stack else -1)
                stack.append(len(self.opens))
                self.opens.append(brace.start())
                self.closes.append(self.end)  # until closed
            elif stack:
                self.closes[stack.pop()] = brace.start()

    def closing(self, opening: int) -> int:
        """Where the block opened at `opening` closes (the text's end when it does not)."""
        block = bisect.bisect_left(self.opens, opening)
        return self.closes[block] if block < len(self.opens) and self.opens[block] == opening else self.end

    def around(self, offset: int) -> int:
        """The innermost block holding `offset` (-1: none)."""
        block = bisect.bisect_left(self.opens, offset) - 1
        while block >= 0 and self.closes[block] < offset:
            block = self.parents[block]
        return block


class _File:
    """One file, lexed, with what its facts look up found once: `use`s, constants, default functions, blocks."""

    def __init__(self, text: str, position: Position) -> None:
        self.text, self.position = text, position
        self.lexed = lex(text)
        self.code = blank_comments(text, self.lexed)
        self.bindings = use_bindings(text, self.lexed) if "use" in text else {}
        self.constants = Constants(text, _CONSTANT)
        self._defaults: dict[str, list[str]] | None = None
        self._blocks: _Blocks | None = None

    def default_value(self, function: str) -> str | None:
        """The literal `fn f() -> T { literal }` returns, when `f` (the path's last part) is once in the file."""
        if self._defaults is None:
            self._defaults = {}
            for found in _DEFAULT_FUNCTION.finditer(self.code):
                self._defaults.setdefault(found.group("name"), []).append(found.group("body"))
        bodies = self._defaults.get(function.rsplit("::", 1)[-1], [])
        return literal(bodies[0]) if len(bodies) == 1 else None

    def header(self, block: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """`pattern` matched by what stands right before the block's `{`, from the nearest `fn`/`impl` on."""
        blocks = self.blocks()
        opening = blocks.opens[block]
        keywords = list(_HEADER_KEYWORD.finditer(self.code, max(0, opening - _LONGEST_HEADER), opening))
        return pattern.fullmatch(self.code, keywords[-1].start(), opening) if keywords else None

    def blocks(self) -> _Blocks:
        if self._blocks is None:
            self._blocks = _Blocks(self.code, self.lexed.noise)
        return self._blocks


def facts(text: str, position: Position) -> list[object]:
    """The file's Deserialize structs and enums, and its envy loads, in the order of the text."""
    loads, types = "envy" in text, "Deserialize" in text
    if not (loads or types):
        return []
    file = _File(text, position)
    found: list[tuple[int, Callable[[], Fact | None]]] = []
    if types:
        found.extend((m.start(), _item_builder(file, m)) for m in _ITEM.finditer(file.code)
                     if file.lexed.is_code(m.start("kind")))
    if loads:
        found.extend((m.start(), _load_builder(file, m)) for m in _LOAD.finditer(file.code))
    built = (build() for _, build in sorted(found, key=lambda pair: pair[0]))  # positions asked in order
    return [fact for fact in built if fact is not None]


def _item_builder(file: _File, m: re.Match[str]) -> Callable[[], Fact | None]:
    def build() -> Fact | None:
        attributes = _attributes_before(file.code, m.start())
        if not _DERIVES_DESERIALIZE.search(attributes):
            return None
        body = (m.end(), file.blocks().closing(m.end() - 1))
        if body[1] == len(file.code):
            return None  # never closed: not Rust the compiler takes, and reading on would cost the whole text
        container = _serde(attributes)
        rename_all = _deserialize_name(container.get("rename_all"))
        if m.group("kind") == "enum":
            return EnumFact(m.group("name"), _choices(file, body, rename_all))
        line, column = file.position(m.start("name"))
        return StructFact(m.group("name"), line, column, tuple(_fields(file, body)), rename_all,
                          "default" in container)
    return build


def _attributes_before(code: str, keyword: int) -> str:
    """The outer attributes (`#[...]`) of the item whose keyword is at `keyword`, read backwards over its
    visibility: each attribute is read once, however many there are."""
    visibility = _VISIBILITY_BEFORE.search(code, max(0, keyword - 120), keyword)
    end = start = visibility.start() if visibility else keyword
    while True:
        close = _skip_space_back(code, start) - 1
        opening = _attribute_start(code, close) if close >= 0 and code[close] == "]" else None
        if opening is None:
            return code[start:end]
        start = opening


def _skip_space_back(code: str, at: int) -> int:
    while at > 0 and code[at - 1].isspace():
        at -= 1
    return at


def _attribute_start(code: str, close: int) -> int | None:
    """Where the attribute ending with the `]` at `close` starts (its `#`), or None when that is no attribute."""
    depth = 0
    for at in range(close, max(-1, close - _LONGEST_ATTRIBUTE), -1):
        if code[at] == "]":
            depth += 1
        elif code[at] == "[":
            depth -= 1
            if depth == 0:
                before = _skip_space_back(code, at) - 1
                return before if before >= 0 and code[before] == "#" else None
    return None


# --- serde attributes ----------------------------------------------------------------------------------

SerdeItems = dict[str, list[tuple[str | None, str | None]]]  # key -> [(value, inner)] of `key = "v"`, `key(..)`


def _serde(attributes: str) -> SerdeItems:
    """The items of every `#[serde(...)]` among `attributes`."""
    items: SerdeItems = {}
    for attribute in _SERDE.finditer(attributes):
        body, at = attribute.group("body"), 0
        while at < len(body) and (item := _SERDE_ITEM.match(body, at)) is not None and item.end() > at:
            items.setdefault(item.group("key"), []).append((item.group("value"), item.group("inner")))
            at = item.end()
    return items


def _deserialize_name(entries: list[tuple[str | None, str | None]] | None) -> str | None:
    """`rename = "x"` or `rename(deserialize = "x")` (likewise rename_all): the name used when reading."""
    for value, inner in entries or ():
        if value is not None:
            return value
        named = _DESERIALIZE_NAME.search(inner or "")
        if named is not None:
            return named.group("value")
    return None


def apply_rename_all(rule: str | None, field: str) -> str:
    """serde's RenameRule::apply_to_field (serde_derive/src/internals/case.rs); unknown rules change nothing."""
    pascal = "".join(part[:1].upper() + part[1:] for part in field.split("_"))
    return {
        "UPPERCASE": field.upper(),
        "SCREAMING_SNAKE_CASE": field.upper(),
        "PascalCase": pascal,
        "camelCase": pascal[:1].lower() + pascal[1:],
        "kebab-case": field.replace("_", "-"),
        "SCREAMING-KEBAB-CASE": field.upper().replace("_", "-"),
    }.get(rule or "", field)


def apply_rename_all_to_variant(rule: str | None, variant: str) -> str:
    """serde's RenameRule::apply_to_variant (serde_derive/src/internals/case.rs)."""
    snake = "".join(("_" if i and ch.isupper() else "") + ch.lower() for i, ch in enumerate(variant))
    return {
        "lowercase": variant.lower(),
        "UPPERCASE": variant.upper(),
        "camelCase": variant[:1].lower() + variant[1:],
        "snake_case": snake,
        "SCREAMING_SNAKE_CASE": snake.upper(),
        "kebab-case": snake.replace("_", "-"),
        "SCREAMING-KEBAB-CASE": snake.upper().replace("_", "-"),
    }.get(rule or "", variant)


# --- Struct and enum bodies ----------------------------------------------------------------------------


def _parts(file: _File, body: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """The comma-separated parts of a struct or enum body, commas inside brackets and generics not counting."""
    depth, start = 0, body[0]
    for mark in _SEPARATORS.finditer(file.code, body[0], body[1]):
        token = mark.group()
        if token in ("->", "=>") or file.lexed.noise.covers(mark.start()):
            continue
        if token in "([{<":
            depth += 1
        elif token in ")]}>":
            depth -= 1
        elif depth == 0:
            yield start, mark.start()
            start = mark.end()
    yield start, body[1]


def _fields(file: _File, body: tuple[int, int]) -> Iterator[FieldFact]:
    for start, end in _parts(file, body):
        field = _FIELD.fullmatch(file.code, start, end)
        if field is None:
            continue
        serde = _serde(field.group("attrs"))
        if "skip" in serde or "skip_deserializing" in serde:
            continue
        custom = " ".join(value or "" for key in ("with", "deserialize_with") for value, _ in serde.get(key, ()))
        written = field.group("type")
        inner = _OPTION.fullmatch(written)
        kind, path = _type(inner.group("inner") if inner else written, custom, file.bindings)
        defaults = serde.get("default", [])
        line, column = file.position(field.start("name"))
        yield FieldFact(
            field.group("name").removeprefix("r#"), line, column,
            one_line(file.text[field.start("name"): end], _LONGEST_EXPRESSION), kind, path,
            inner is not None and not custom,  # serde defaults a missing Option only without a custom deserializer
            _deserialize_name(serde.get("rename")), tuple(value or "" for value, _ in serde.get("alias", ())),
            bool(defaults), file.default_value(defaults[0][0]) if defaults and defaults[0][0] else None,
            "flatten" in serde)


def _type(written: str, custom: str, bindings: dict[str, Path]) -> tuple[str | None, Path]:
    """(the type in the doc's vocabulary, the type's path through the file's `use`s) of a field's type."""
    found = _TYPE_PATH.fullmatch(written.strip())
    if found is None:
        return None, ()
    parts = tuple(part.strip() for part in found.group("path").split("::"))
    path = resolve_path(parts, bindings)
    last, arguments = parts[-1], (found.group("args") or "").strip()
    if last in PARSED_TYPES:
        return PARSED_TYPES[last], path
    if _NON_ZERO.fullmatch(last):
        return "int", path
    if last in _LISTS and re.fullmatch(r"(?:std\s*::\s*string\s*::\s*)?String", arguments):
        return "list[str]", path
    if last == "Duration" and "humantime" in custom:
        return "duration", path
    return None, path


def _choices(file: _File, body: tuple[int, int], rename_all: str | None) -> tuple[str, ...] | None:
    """The serde names of an enum's unit variants: the values envy accepts for it."""
    names: list[str] = []
    for start, end in _parts(file, body):
        variant = _VARIANT.match(file.code, start, end)
        if variant is None or not file.code[start:end].strip():
            continue
        serde = _serde(variant.group("attrs"))
        if variant.group("data") or "other" in serde or "untagged" in serde:
            return None
        if "skip" not in serde and "skip_deserializing" not in serde:
            names.append(_deserialize_name(serde.get("rename"))
                         or apply_rename_all_to_variant(rename_all, variant.group("name")))
    return tuple(names) or None


# --- Loads ---------------------------------------------------------------------------------------------


def _load_builder(file: _File, m: re.Match[str]) -> Callable[[], Fact | None]:
    def build() -> Fact | None:
        start, written = path_before(file.code, m.start())
        name = m.group("name")
        function = resolve_path((*written, name), file.bindings) if written else file.bindings.get(name, ())
        if function != ("envy", name) or (start and file.code[start - 1] == ".") or not file.lexed.is_code(start):
            return None
        return _load(file, m, start)
    return build


def _load(file: _File, m: re.Match[str], start: int) -> LoadFact | None:
    parsed = call_arguments(file.code, m.end() - 1, ARGUMENT_TOKEN)
    if parsed is None:
        return None
    arguments, close = parsed
    prefix, why, turbofish = "", None, m.group("turbofish")
    if m.group("name") != "from_env":
        then = _FROM_ENV_AFTER.match(file.code, close + 1)
        if then is None:
            why = f"the value of envy::{m.group('name')}(..) is used apart from its from_env call"
        else:
            close, turbofish = then.end() - 1, then.group("turbofish")
        if m.group("name") == "prefixed" and why is None:
            prefix, why = _prefix(file, arguments)
    expression = one_line(file.text[start: close + 1], _LONGEST_EXPRESSION)
    line, column = file.position(start)
    if why is not None:
        return LoadFact(line, column, expression, None, "", False, why)
    type_path = _load_type(file, turbofish, start, close)
    if type_path is None:
        why = "the struct type is left for the compiler to infer"
    return LoadFact(line, column, expression, type_path, prefix, m.group("name") == "keep_names", why)


def _prefix(file: _File, arguments: list[tuple[int, int]]) -> tuple[str, str | None]:
    """(the prefix, why it is unknown) of `envy::prefixed(..)`: a literal, or a `&str` constant of the file."""
    if len(arguments) != 1:
        return "", "the prefix is not one argument"
    source = file.text[arguments[0][0]: arguments[0][1]]
    found = string_literal(source)
    if found is not None:
        return found[0], None
    value = file.constants.get(source.lstrip("&").strip())
    return (value, None) if value is not None else ("", f"the prefix `{one_line(source, 40)}` is computed at run time")


def _load_type(file: _File, turbofish: str | None, start: int, close: int) -> Path | None:
    """The path of the struct a load fills: from the turbofish, a `let` annotation, or the function's return."""
    written = turbofish
    if written is None:
        annotation = _LET_TYPE.search(file.code, max(0, start - _LONGEST_LOOKBACK), start)
        written = _result_inner(annotation.group("type")) if annotation else _returned(file, start, close)
    found = _TYPE_PATH.fullmatch(written.strip()) if written is not None else None
    if found is None:
        return None
    parts = tuple(part.strip() for part in found.group("path").split("::"))
    if parts == ("Self",):
        own = _impl_type(file, start)
        if own is None:
            return None
        parts = tuple(part.strip() for part in own.split("::"))
    return resolve_path(parts, file.bindings)


def _result_inner(written: str) -> str:
    """`Result<T, E>`, `envy::Result<T>` -> T; anything else as written."""
    result = _RESULT.match(written.strip())
    return result.group("inner") if result else written


def _returned(file: _File, start: int, close: int) -> str | None:
    """The type a function returns when the load at `start` is its tail expression (`Result<T, ..>` -> T):
    the load stands directly in the function's block, not in an inner one (a closure's, an `if`'s)."""
    if _TAIL.match(file.code, close + 1) is None:
        return None
    block = file.blocks().around(start)
    function = file.header(block, _FUNCTION) if block >= 0 else None
    return _result_inner(function.group("returns")) if function is not None else None


def _impl_type(file: _File, start: int) -> str | None:
    """The type of the impl block around `start`, however deep."""
    blocks = file.blocks()
    block = blocks.around(start)
    while block >= 0:
        impl = file.header(block, _IMPL)
        if impl is not None:
            return impl.group("type")
        block = blocks.parents[block]
    return None


# --- Resolution ----------------------------------------------------------------------------------------


def module_path(path: str) -> Path:
    """A file's module path: its crate (the folder holding `src/`, `-` as `_`), then the folders and file
    under `src/`, without `lib`, `main` and `mod`."""
    parts = PurePosixPath(path).with_suffix("").parts
    if "src" in parts:
        at = len(parts) - 1 - parts[::-1].index("src")
        crate, modules = (parts[at - 1] if at else ""), parts[at + 1:]
    else:
        crate, modules = "", parts
    if modules and modules[-1] in ("lib", "main", "mod"):
        modules = modules[:-1]
    return (crate.replace("-", "_"), *modules)


class _Index:
    """Every Deserialize struct and enum in the scanned files, by name."""

    def __init__(self, found: list[tuple[str, object]]) -> None:
        self.structs: dict[str, list[tuple[str, StructFact]]] = {}
        self.enums: dict[str, list[tuple[str, EnumFact]]] = {}
        for path, fact in found:
            if isinstance(fact, StructFact):
                self.structs.setdefault(fact.name, []).append((path, fact))
            elif isinstance(fact, EnumFact):
                self.enums.setdefault(fact.name, []).append((path, fact))

    def struct(self, written: Path, caller: str) -> tuple[str, StructFact] | str:
        return _pick(self.structs.get(written[-1], []), written, caller, "struct")

    def enum(self, written: Path, caller: str) -> EnumFact | None:
        picked = _pick(self.enums.get(written[-1], []), written, caller, "enum") if written else None
        return picked[1] if isinstance(picked, tuple) else None


_Named = TypeVar("_Named", StructFact, EnumFact)


def _pick(candidates: list[tuple[str, _Named]], written: Path, caller: str, kind: str) -> tuple[str, _Named] | str:
    """The one candidate the written path names (see the module's docstring), or why there is none."""
    name = written[-1]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        return f"no Deserialize {kind} named {name} in the scanned Rust files"
    qualifier: Path = tuple(part for part in written[:-1] if part not in ("self", "super"))
    if qualifier[:1] == ("crate",):
        qualifier = (module_path(caller)[0], *qualifier[1:])
    if qualifier:
        chosen = [c for c in candidates if _matches(module_path(c[0]), qualifier)]
    else:
        chosen = [c for c in candidates if c[0] == caller]
    if len(chosen) == 1:
        return chosen[0]
    return f"{len(candidates)} Deserialize {kind}s are named {name}; `{'::'.join(written)}` does not tell which"


def _matches(module: Path, qualifier: Path) -> bool:
    return module[-len(qualifier):] == qualifier or module[: len(qualifier)] == qualifier


def resolve(found: list[tuple[str, object]]) -> list[Place]:
    """The variables every load reads, placed at the fields of the struct it fills (once per place)."""
    index = _Index(found)
    places: dict[Place, None] = {}
    for path, fact in found:
        if isinstance(fact, LoadFact):
            places.update(dict.fromkeys(_load_places(index, path, fact)))
    return list(places)


def _load_places(index: _Index, path: str, load: LoadFact) -> Iterator[Place]:
    picked = index.struct(load.type_path, path) if load.type_path else load.why or ""
    if isinstance(picked, str):
        yield Place(path, load.line, load.column, None, READ, load.expression, Declared(_LIBRARY), picked)
        return
    yield from _field_places(index, picked[0], picked[1], load, False, frozenset())


def _field_places(index: _Index, path: str, struct: StructFact, load: LoadFact, optional: bool,
                  seen: frozenset[tuple[str, str]]) -> Iterator[Place]:
    """The reads of a struct's fields; `optional`: the struct is an optional flatten (its fields may all be absent)."""
    seen = seen | {(path, struct.name)}
    for field in struct.fields:
        absent_ok = optional or field.optional or field.default or struct.default
        if field.flatten:
            yield from _flattened(index, path, field, load, absent_ok, seen)
            continue
        choices: tuple[str, ...] = ()
        kind = field.type
        enum = index.enum(field.type_path, path) if kind is None else None
        if enum is not None and enum.choices:
            kind, choices = "enum", enum.choices
        declared = Declared(_LIBRARY, kind, field.default_value, not absent_ok, choices)
        for serde_name in (field.rename or apply_rename_all(struct.rename_all, field.name), *field.aliases):
            name, why = _variable(serde_name, load)
            yield Place(path, field.line, field.column, name, READ, field.expression, declared, why)


def _flattened(index: _Index, path: str, field: FieldFact, load: LoadFact, optional: bool,
               seen: frozenset[tuple[str, str]]) -> Iterator[Place]:
    if not field.type_path or field.type_path[-1] in _MAPS:
        return  # a map takes every variable left over: no name to list
    inner = index.struct(field.type_path, path)
    if isinstance(inner, str):
        yield Place(path, field.line, field.column, None, READ, field.expression, Declared(_LIBRARY),
                    f"flattened: {inner}")
    elif (inner[0], inner[1].name) not in seen:
        yield from _field_places(index, inner[0], inner[1], load, optional, seen)


def _variable(serde_name: str, load: LoadFact) -> tuple[str | None, str | None]:
    """(the variable envy reads for a serde name, why there is none)."""
    if load.keep_names:
        return serde_name, None
    if serde_name != serde_name.lower():
        return None, (f"envy lower-cases variable names, so the serde name `{serde_name}` matches none; "
                      "envy::keep_names() would read it")
    return load.prefix + serde_name.upper(), None
