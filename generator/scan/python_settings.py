"""pydantic-settings classes: every `BaseSettings` subclass reads its fields from the environment, named as the
library names them (pydantic_settings/sources/base.py `_extract_field_info`, sources/providers/env.py).

- A field's variable is `env_prefix` + the field's name. Matching ignores case unless `case_sensitive=True`:
  the name is reported upper-cased, or as spelled when case-sensitive.
- `Field(alias="X")`, `validation_alias="X"`, `AliasChoices("A", "B")` (each choice), `AliasPath("a", 0)`
  (its first key; the variable then holds JSON: type json) read the alias instead, without the prefix
  (`env_prefix_target="alias"` or `"all"` adds it, and "alias" drops it from field names);
  `populate_by_name`/`validate_by_name` read the field's name too. An `alias_generator` names the fields
  without an alias at run time.
- Config: `model_config = SettingsConfigDict(...)` (or `ConfigDict(...)`, or a dict), a v1-style `class
  Config:`, and class keywords (`class S(BaseSettings, env_prefix="APP_")`), merged as pydantic merges them:
  the bases' in order, then the class's own, then its keywords. A string constant bound once in the file
  (`env_prefix=PREFIX`) is read through.
- A field whose type is a model (a BaseModel, or BaseSettings, subclass of the repository): with
  `env_nested_delimiter` its leaves are reported, `PREFIX_FIELD__SUB` (each sub-field by its alias if it
  has one, else its name; `env_nested_max_split` stops the descent), and not the field itself, whose JSON
  form few services set and fewer document; without a delimiter the field is read whole, as JSON (type json).
- Not fields: `ClassVar`s, `_private` names, `model_config`. Fields are inherited as pydantic collects them.
- pydantic v1 (`from pydantic import BaseSettings`, `pydantic.v1`): `Field(..., env="X")` (or a list) names
  the variables, without the prefix; aliases are not names there. (v2 ignores `env=`, so it reads the field.)
  `Config.fields = {...}` is not read.
- Declared: the type from the annotation (int, float, bool, str, SecretStr -> str, Path -> path, HttpUrl,
  AnyUrl and the *Dsn types -> url, timedelta -> duration, list[str] -> list[str], other lists, dicts and
  Json -> json, Literal["a", "b"] and an Enum of the repository -> enum with choices; Optional[X] and
  X | None -> X), the literal default (`= 8080`, `Field(8080)`, `Field(default=...)`, an Enum member;
  `default_factory`: none), required when there is no default (v1: unless Optional). A nested leaf is
  required when both it and the field holding its model are.

Across files: each file gives its imports and classes; `resolve` finds a base class (or a field's model) by
its name: the class of that name in the same file; else where the file imports it from (the file whose
module path ends with the import's module, relative imports from the file's own folder, else a file inside
that package: a re-export); else the one class of that name in the repository (under the import's top
package when imported, so that an import from outside the repository never picks a class of the same name).
A base found nowhere (or defined in several files, none imported), and not pydantic's own, makes the class's
names unknown: a class that shows it is a settings class (`SettingsConfigDict`, an `env_` option,
`Field(env=...)`) is then one unresolved read, at its name. So is a settings class whose `env_prefix` or
`alias_generator` is not a literal (once, however many fields it names), and a field whose alias is not a
literal. Beside a base that leads to BaseSettings, one found nowhere (a mixin) is passed over.

Speed: a file is parsed only when it holds `class` and `pydantic`, or a class header naming `...Settings` or
`...Config` (`class ApiSettings(AppBase):`, a subclass of a repository settings class in a file that never
names pydantic; one that names neither, `class Api(Base):`, is not seen); any other file costs a few
substring tests. A file that does not parse gives nothing here (the os.environ reader still reads it).
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable, Iterator

from .found import READ, Declared, Place
from .lexing import one_line
from .python_syntax import Source, constants, dotted, env_value, imports, parse, string, top_level

LIBRARY = "pydantic-settings"
_SETTINGS_HEADER = re.compile(r"^[ \t]*class[ \t]+[^\n:#]*?(?:Settings|Config)", re.M)
V1, V2, MODEL, ENUM = "v1", "v2", "model", "enum"
_ROOTS = {
    "pydantic_settings.BaseSettings": V2, "pydantic_settings.main.BaseSettings": V2,
    "pydantic.BaseSettings": V1, "pydantic.env_settings.BaseSettings": V1, "pydantic.v1.BaseSettings": V1,
    "pydantic.v1.env_settings.BaseSettings": V1,
    "pydantic.BaseModel": MODEL, "pydantic.main.BaseModel": MODEL, "pydantic.v1.BaseModel": MODEL,
    "enum.Enum": ENUM, "enum.StrEnum": ENUM, "enum.IntEnum": ENUM,
}
_TYPES = {
    "int": "int", "float": "float", "bool": "bool", "str": "str", "SecretStr": "str", "SecretBytes": "str",
    "StrictStr": "str", "EmailStr": "str", "NameEmail": "str", "IPvAnyAddress": "str", "UUID": "str",
    "StrictInt": "int", "PositiveInt": "int", "NonNegativeInt": "int", "NegativeInt": "int", "conint": "int",
    "StrictFloat": "float", "PositiveFloat": "float", "NonNegativeFloat": "float", "Decimal": "float",
    "StrictBool": "bool", "Path": "path", "FilePath": "path", "DirectoryPath": "path", "NewPath": "path",
    "HttpUrl": "url", "AnyUrl": "url", "AnyHttpUrl": "url", "FileUrl": "url", "WebsocketUrl": "url",
    "timedelta": "duration", "dict": "json", "Dict": "json", "Json": "json", "Mapping": "json",
}
_LISTS = frozenset({"list", "List", "set", "Set", "frozenset", "FrozenSet", "Sequence", "tuple", "Tuple"})


# ---- facts: one file's imports and classes ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spot:
    """A name written in the source, and where its text starts."""

    text: str
    line: int
    column: int
    json: bool = False  # an AliasPath into the variable: it holds JSON


@dataclass(frozen=True, slots=True)
class Option:
    """One config entry: its literal value, or the source of one that is not a literal."""

    key: str
    value: str | int | float | bool | None
    known: bool
    source: str


@dataclass(frozen=True, slots=True)
class FieldFact:
    name: str
    line: int
    column: int
    expression: str
    type: str | None
    choices: tuple[str, ...]
    default: str | None
    has_default: bool
    optional: bool
    model: str | None  # the annotation's class as written, when it may be a model or an enum
    member: str | None  # a default written `LogLevel.INFO`: the member's name, read from the enum
    aliases: tuple[Spot, ...]  # v2 validation aliases
    env: tuple[Spot, ...]  # v1 `Field(env=...)`
    unknown: str | None  # why an alias or env name is not known


@dataclass(frozen=True, slots=True)
class ClassFact:
    name: str
    line: int
    column: int
    header: str
    bases: tuple[str, ...]
    options: tuple[Option, ...]  # the class's own config entries, in the order pydantic applies them
    settings_hint: bool  # SettingsConfigDict, an env_ option or Field(env=...): a settings class
    fields: tuple[FieldFact, ...]
    members: tuple[tuple[str, str], ...]  # class-level string and number constants: an Enum's (name, value)


@dataclass(frozen=True, slots=True)
class ModuleFact:
    imports: tuple[tuple[str, str], ...]
    classes: tuple[ClassFact, ...]


def facts(text: str, position: Callable[[int], tuple[int, int]]) -> list[ModuleFact]:
    """The file's imports and classes. Positions come from the parsed text's own line table (`position` gives
    the same, but is fastest for offsets asked in order, and a class's name is asked after its fields)."""
    if "class" not in text or not ("pydantic" in text or "Settings" in text or "Config" in text):
        return []
    if "pydantic" not in text and _SETTINGS_HEADER.search(text) is None:
        return []
    module = parse(text)
    if module is None:
        return []
    reader = _FileReader(Source(text), constants(module))
    try:
        classes = tuple(reader.class_fact(node) for node in top_level(module.body)
                        if isinstance(node, ast.ClassDef) and (node.bases or node.keywords))
    except RecursionError:  # an annotation nested deeper than the interpreter follows: as if it did not parse
        return []
    return [ModuleFact(tuple(sorted(imports(module).items())), classes)] if classes else []


class _FileReader:
    def __init__(self, source: Source, names: dict[str, str]) -> None:
        self.source, self.names = source, names

    def class_fact(self, node: ast.ClassDef) -> ClassFact:
        start = self.source.start(node)
        at = self.source.text.find(node.name, start + len("class"))
        written = [self.source.expression(b) for b in node.bases]
        written += [f"{k.arg}={self.source.expression(k.value)}" if k.arg else "**" for k in node.keywords]
        options, hint = self._options(node)
        fields = tuple(self._fields(node))
        return ClassFact(node.name, *self.source.position(at if at != -1 else start),
                         one_line(f"class {node.name}({', '.join(written)})"),
                         tuple(b for b in map(_base, node.bases) if b), options,
                         hint or any(f.env or f.unknown == _ENV_UNKNOWN for f in fields), fields, _members(node))

    def _options(self, node: ast.ClassDef) -> tuple[tuple[Option, ...], bool]:
        options: list[Option] = []
        hint = False
        for statement in node.body:
            if isinstance(statement, ast.ClassDef) and statement.name == "Config":
                options += [self._option(key, value) for key, value in _class_attributes(statement)]
            elif _target(statement) == "model_config":
                value = statement.value if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
                entries, hint = self._config_entries(value)
                options += entries
        options += [self._option(k.arg, k.value) for k in node.keywords if k.arg and k.arg != "metaclass"]
        return tuple(options), hint or any(o.key.startswith("env_") for o in options)

    def _config_entries(self, value: ast.expr | None) -> tuple[list[Option], bool]:
        """`SettingsConfigDict(env_prefix=...)`, `ConfigDict(...)`, `{"env_prefix": ...}`."""
        if isinstance(value, ast.Call):
            called = dotted(value.func) or ""
            return [self._option(k.arg, k.value) for k in value.keywords if k.arg], \
                called.endswith("SettingsConfigDict")
        if isinstance(value, ast.Dict):
            return [self._option(k.value, v) for k, v in zip(value.keys, value.values)
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)], False
        source = self.source.expression(value) if value is not None else "model_config"
        return [Option("env_prefix", None, False, source)], False  # built at run time: nothing is known

    def _option(self, key: str, value: ast.expr) -> Option:
        named = string(value, self.names)
        if named is not None:
            return Option(key, named, True, self.source.expression(value))
        try:
            literal = ast.literal_eval(value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return Option(key, None, False, self.source.expression(value))
        known = literal is None or isinstance(literal, (str, int, float, bool))
        return Option(key, literal if known else None, known, self.source.expression(value))

    def _fields(self, node: ast.ClassDef) -> Iterator[FieldFact]:
        for statement in node.body:
            if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
                continue
            name = statement.target.id
            if name.startswith("_") or name == "model_config" or _is_class_var(statement.annotation):
                continue
            yield self._field(statement, name)

    def _field(self, statement: ast.AnnAssign, name: str) -> FieldFact:
        annotation, optional, metadata = _unwrapped(statement.annotation)
        kind, choices, model = _annotation_type(annotation)
        field = _field_call(statement.value, *metadata)
        if field is not None and (statement.value is None or statement.value is field):
            default, has_default = _field_default(field)
        else:  # a plain default, beside an Annotated[..., Field(alias=...)] or not
            default, has_default = statement.value, statement.value is not None and not _is_ellipsis(statement.value)
        aliases, env, unknown = self._names(field)
        at = self.source.start(statement.target)
        member = default.attr if isinstance(default, ast.Attribute) and model and dotted(default.value) == model \
            else None
        return FieldFact(name, *self.source.position(at), self.source.expression(statement), kind, choices,
                         env_value(default, kind) if has_default else None, has_default, optional, model, member,
                         aliases, env, unknown)

    def _names(self, field: ast.Call | None) -> tuple[tuple[Spot, ...], tuple[Spot, ...], str | None]:
        """(v2 aliases, v1 env names, why one is not known) a `Field(...)` gives."""
        if field is None:
            return (), (), None
        aliases, alias_unknown = self._aliases(field)
        env, env_unknown = self._env(field)
        return aliases, env, alias_unknown or env_unknown

    def _aliases(self, field: ast.Call) -> tuple[tuple[Spot, ...], str | None]:
        """The names a v2 field reads instead of its own: validation_alias wins over alias."""
        keywords = {k.arg: k.value for k in field.keywords if k.arg}
        given = keywords.get("validation_alias", keywords.get("alias"))
        if given is None or (isinstance(given, ast.Constant) and given.value is None):
            return (), None
        spots = [self._alias(choice) for choice in _choices(given)]
        if not spots or any(s is None for s in spots):
            return (), _ALIAS_UNKNOWN
        return tuple(s for s in spots if s is not None), None

    def _alias(self, node: ast.expr) -> Spot | None:
        """One alias: a string, or an AliasPath's first key (the variable then holds JSON the path reads into)."""
        path = isinstance(node, ast.Call) and (dotted(node.func) or "").endswith("AliasPath")
        into = path and isinstance(node, ast.Call) and len(node.args) > 1
        if isinstance(node, ast.Call) and path:
            node = node.args[0] if node.args else node
        text = string(node, self.names)
        if text is None:
            return None
        at = self.source.literal_text(node) if isinstance(node, ast.Constant) else self.source.start(node)
        return Spot(text, *self.source.position(at), into)

    def _env(self, field: ast.Call) -> tuple[tuple[Spot, ...], str | None]:
        """v1's `Field(env="X")` or `env=["X", "Y"]`."""
        given = next((k.value for k in field.keywords if k.arg == "env"), None)
        if given is None:
            return (), None
        items = given.elts if isinstance(given, (ast.List, ast.Tuple, ast.Set)) else [given]
        spots = [self._alias(item) for item in items]
        if not spots or any(s is None for s in spots):
            return (), _ENV_UNKNOWN
        return tuple(s for s in spots if s is not None), None


_ALIAS_UNKNOWN = "the alias is not a string literal"
_ENV_UNKNOWN = "the env name is not a string literal"


def _base(node: ast.expr) -> str | None:
    return dotted(node.value if isinstance(node, ast.Subscript) else node)  # Generic[T] -> Generic


def _target(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        return dotted(statement.targets[0])
    if isinstance(statement, ast.AnnAssign):
        return dotted(statement.target)
    return None


def _class_attributes(node: ast.ClassDef) -> Iterator[tuple[str, ast.expr]]:
    for statement in node.body:
        name = _target(statement)
        if name and isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            yield name, statement.value


def _members(node: ast.ClassDef) -> tuple[tuple[str, str], ...]:
    return tuple((name, str(v.value)) for name, v in _class_attributes(node)
                 if isinstance(v, ast.Constant) and isinstance(v.value, (str, int)) and not isinstance(v.value, bool))


def _is_class_var(annotation: ast.expr) -> bool:
    head = _base(annotation) or ""
    return head == "ClassVar" or head.endswith(".ClassVar")


def _is_ellipsis(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _field_call(*candidates: ast.expr | None) -> ast.Call | None:
    """The first `Field(...)`: a field's value, else in its `Annotated[...]` metadata."""
    for candidate in candidates:
        if isinstance(candidate, ast.Call) and (dotted(candidate.func) or "").rpartition(".")[2] == "Field":
            return candidate
    return None


def _field_default(field: ast.Call) -> tuple[ast.expr | None, bool]:
    """(the default, whether there is one): `Field(8080)`, `Field(default=...)`; a default_factory has one."""
    keywords = {k.arg: k.value for k in field.keywords if k.arg}
    default = field.args[0] if field.args else keywords.get("default")
    if default is not None and not _is_ellipsis(default):
        return default, True
    return None, "default_factory" in keywords


def _choices(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.Call) and (dotted(node.func) or "").endswith("AliasChoices"):
        return list(node.args)
    return [node]


def _unwrapped(node: ast.expr) -> tuple[ast.expr | None, bool, tuple[ast.expr, ...]]:
    """(the type inside Optional/Annotated/`| None`, whether None is allowed, Annotated's metadata)."""
    optional, metadata = False, tuple[ast.expr, ...]()
    while True:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a forward reference
            parsed = parse(node.value)
            if parsed is None or len(parsed.body) != 1 or not isinstance(parsed.body[0], ast.Expr):
                return None, optional, metadata
            node = parsed.body[0].value
            continue
        members = _union_members(node)
        if members is not None:
            kept = [m for m in members if not (isinstance(m, ast.Constant) and m.value is None)]
            optional = optional or len(kept) < len(members)
            if len(kept) != 1:
                return None, optional, metadata
            node = kept[0]
            continue
        if isinstance(node, ast.Subscript) and (_base(node) or "").rpartition(".")[2] == "Annotated":
            items = _items(node)
            node, metadata = items[0], tuple(items[1:])
            continue
        return node, optional, metadata


def _union_members(node: ast.expr) -> list[ast.expr] | None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*(_union_members(node.left) or [node.left]), *(_union_members(node.right) or [node.right])]
    head = (_base(node) or "").rpartition(".")[2] if isinstance(node, ast.Subscript) else ""
    if head == "Optional":
        return [*_items(node), ast.Constant(None)]
    if head == "Union":
        return _items(node)
    return None


def _items(node: ast.expr) -> list[ast.expr]:
    inner = node.slice if isinstance(node, ast.Subscript) else node
    return list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]


def _annotation_type(node: ast.expr | None) -> tuple[str | None, tuple[str, ...], str | None]:
    """(doc type, choices, the class to look up when the type may be a model or an enum)."""
    if node is None:
        return None, (), None
    if isinstance(node, ast.Subscript):
        head = (_base(node) or "").rpartition(".")[2]
        items = _items(node)
        if head == "Literal":
            values = [i.value for i in items if isinstance(i, ast.Constant) and i.value is not None]
            if len(values) != len(items):  # Literal[Color.RED], Literal[None]: not choices of a variable
                return None, (), None
            return "enum", tuple(str(v).lower() if isinstance(v, bool) else str(v) for v in values), None
        if head in _LISTS:
            inner, _, _ = _unwrapped(items[0]) if items else (None, False, ())
            return ("list[str]" if isinstance(inner, ast.Name) and inner.id == "str" else "json"), (), None
        return _TYPES.get(head) if _TYPES.get(head) == "json" else None, (), None
    written = dotted(node)
    if written is None:
        return None, (), None
    last = written.rpartition(".")[2]
    if last in _TYPES:
        return _TYPES[last], (), None
    if last.endswith("Dsn"):  # PostgresDsn, RedisDsn, AmqpDsn...
        return "url", (), None
    return None, (), written


# ---- resolve: classes across files -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Class:
    path: str
    fact: ClassFact


@dataclass(frozen=True, slots=True)
class _Lineage:
    root: str | None  # V1, V2, MODEL, ENUM, or None for a plain class
    unknown: str | None  # why a base is not known
    hint: bool  # a settings class by its config, whatever its bases


def resolve(found: list[tuple[str, object]]) -> list[Place]:
    repository = _Repository([(path, fact) for path, fact in found if isinstance(fact, ModuleFact)])
    places: dict[tuple[str, int, int, str | None, str], Place] = {}
    for owner in repository.classes:
        for place in repository.places(owner):
            places.setdefault((place.path, place.line, place.column, place.name, place.kind), place)
    return list(places.values())


class _Repository:
    def __init__(self, files: list[tuple[str, ModuleFact]]) -> None:
        self.classes = [_Class(path, c) for path, module in files for c in module.classes]
        self._named: dict[str, list[_Class]] = {}
        for owner in self.classes:
            self._named.setdefault(owner.fact.name, []).append(owner)
        self._imports = {path: {local: _absolute(target, path) for local, target in module.imports}
                         for path, module in files}
        self._lineages: dict[tuple[str, str, int], _Lineage] = {}
        self._found: dict[tuple[str, str], _Class | str] = {}

    # -- finding a class by the name a file gives it

    def lookup(self, path: str, written: str) -> _Class | str:
        """The class `written` names in `path`, or a root (V1, V2, MODEL, ENUM, "" for a builtin), or why not."""
        if (path, written) not in self._found:
            self._found[path, written] = self._lookup(path, written)
        return self._found[path, written]

    def _lookup(self, path: str, written: str) -> _Class | str:
        head, dot, rest = written.partition(".")
        imported = self._imports.get(path, {}).get(head)
        qualified = imported + dot + rest if imported else None
        if qualified in _ROOTS:
            return _ROOTS[qualified or ""]
        name = (qualified or written).rpartition(".")[2]  # `import AppBase as Base` looks for AppBase
        here = [c for c in self._named.get(name, ()) if c.path == path]
        if not dot and imported is None and here:
            return here[0]
        if not dot and imported is None and hasattr(builtins, written):
            return ""
        candidates = self._named.get(name, [])
        module = tuple(qualified.split(".")[:-1]) if qualified else ()
        if module:  # the module imported from; else its package (`from app.config import Base`, re-exported)
            candidates = [c for c in candidates if module[0] in _module(c.path)]
            near = [c for c in candidates if _module(c.path)[-len(module):] == module] or \
                [c for c in candidates if _within(_module(c.path), module)]
            candidates = near or candidates
        if len(candidates) == 1:
            return candidates[0]
        count = len(candidates)
        where = f"defined {count} times in the repository" if count else "not defined in the repository"
        return f"base class {written} is {where}"

    def lineage(self, owner: _Class, seen: frozenset[tuple[str, str]] = frozenset()) -> _Lineage:
        key = (owner.path, owner.fact.name, owner.fact.line)
        if key in self._lineages:
            return self._lineages[key]
        if (owner.path, owner.fact.name) in seen:
            return _Lineage(None, None, False)
        roots: list[str] = []
        unknown: str | None = None
        hint = owner.fact.settings_hint
        for base in owner.fact.bases:
            target = self.lookup(owner.path, base)
            if isinstance(target, _Class):
                above = self.lineage(target, seen | {(owner.path, owner.fact.name)})
                roots += [above.root] if above.root else []
                unknown, hint = unknown or above.unknown, hint or above.hint
            elif target in (V1, V2, MODEL, ENUM):
                roots.append(target)
            elif target:
                unknown = unknown or target
        root = next((r for r in (V2, V1, MODEL, ENUM) if r in roots), None)
        self._lineages[key] = _Lineage(root, unknown, hint)
        return self._lineages[key]

    def options(self, owner: _Class, seen: frozenset[str] = frozenset()) -> dict[str, Option]:
        """The class's config as pydantic merges it: each base's in order, then its own."""
        merged: dict[str, Option] = {}
        for base in owner.fact.bases:
            target = self.lookup(owner.path, base)
            if isinstance(target, _Class) and target.fact.name not in seen:
                merged.update(self.options(target, seen | {owner.fact.name}))
        merged.update({o.key: o for o in owner.fact.options})
        return merged

    def fields(self, owner: _Class, seen: frozenset[str] = frozenset()) -> dict[str, tuple[str, FieldFact]]:
        """name -> (file, field): the bases' fields (the first base's winning), then the class's own."""
        merged: dict[str, tuple[str, FieldFact]] = {}
        for base in reversed(owner.fact.bases):
            target = self.lookup(owner.path, base)
            if isinstance(target, _Class) and target.fact.name not in seen:
                merged.update(self.fields(target, seen | {owner.fact.name}))
        merged.update({f.name: (owner.path, f) for f in owner.fact.fields})
        return merged

    # -- the reads of one settings class

    def places(self, owner: _Class) -> Iterator[Place]:
        lineage = self.lineage(owner)
        if lineage.root in (V1, V2):
            yield from _Settings(self, owner, lineage.root).places()
        elif lineage.unknown and lineage.hint:
            yield _unresolved(owner, lineage.unknown)


def _unresolved(owner: _Class, why: str) -> Place:
    return Place(owner.path, owner.fact.line, owner.fact.column, None, READ, owner.fact.header, None, why)


def _module(path: str) -> tuple[str, ...]:
    parts = PurePosixPath(path).with_suffix("").parts
    return parts[:-1] if parts and parts[-1] == "__init__" else parts


def _within(module: tuple[str, ...], package: tuple[str, ...]) -> bool:
    """Whether the module lies in the package, wherever the repository puts it (`src/app/config/base`)."""
    return any(module[i: i + len(package)] == package for i in range(len(module) - len(package)))


def _absolute(target: str, path: str) -> str:
    """A relative import made absolute from the importing file's folder (`.base.X` in app/config/s.py)."""
    level = len(target) - len(target.lstrip("."))
    if not level:
        return target
    folder = PurePosixPath(path).parent.parts
    kept = folder[: len(folder) - level + 1] if level - 1 <= len(folder) else ()
    return ".".join([*kept, target[level:]])


@dataclass(frozen=True, slots=True)
class _Config:
    prefix: str | None  # None: not a literal (see prefix_why)
    prefix_why: str | None
    generated: str | None  # why fields without an alias are not known: an alias_generator names them
    case_sensitive: bool
    target: str  # env_prefix_target: variable, alias or all
    by_name: bool  # populate_by_name / validate_by_name: a field with an alias reads its name too
    delimiter: str | None
    max_split: int | None

    @classmethod
    def of(cls, options: dict[str, Option], version: str) -> _Config:
        prefix: str | None = ""
        prefix_why = generated = None
        given = options.get("env_prefix")
        if given is not None and given.known and isinstance(given.value, (str, type(None))):
            prefix = given.value or ""
        elif given is not None:
            prefix, prefix_why = None, f"env_prefix {given.source} is not a string literal"
        generator = options.get("alias_generator")
        if version == V2 and generator is not None and not (generator.known and generator.value is None):
            generated = f"alias_generator {generator.source} names the fields at run time"
        delimiter, split = _value(options, "env_nested_delimiter"), _value(options, "env_nested_max_split")
        v2 = version == V2  # v1 has no prefix targets, no names beside aliases, no max split
        return cls(prefix, prefix_why, generated, _value(options, "case_sensitive") is True,
                   str(_value(options, "env_prefix_target") or "variable") if v2 else "variable",
                   v2 and (_value(options, "populate_by_name") is True or _value(options, "validate_by_name") is True),
                   delimiter if isinstance(delimiter, str) and delimiter else None,
                   split if v2 and isinstance(split, int) and not isinstance(split, bool) and split > 0 else None)


def _value(options: dict[str, Option], key: str) -> str | int | float | bool | None:
    option = options.get(key)
    return option.value if option is not None else None


class _Settings:
    """The variables one settings class reads."""

    def __init__(self, repository: _Repository, owner: _Class, version: str) -> None:
        self.repository, self.owner, self.version = repository, owner, version
        self.config = _Config.of(repository.options(owner), version)

    def places(self) -> Iterator[Place]:
        unknown: list[str] = []
        for path, field in self.repository.fields(self.owner).values():
            for spot, name, why in self._names(field):
                if name is None:
                    unknown.append(why)
                else:
                    yield from self._reads(path, field, spot, name)
            if field.unknown and not self._follows(field):
                yield Place(path, field.line, field.column, None, READ, field.expression, None, field.unknown)
        if unknown:  # one unresolved read for the class: every field it names is built the same way
            yield _unresolved(self.owner, unknown[0])

    def _follows(self, field: FieldFact) -> bool:
        """Whether the field's unknown name is one this version ignores (v2 ignores env=, v1 aliases)."""
        return (field.unknown == _ENV_UNKNOWN) != (self.version == V1)

    def _names(self, field: FieldFact) -> list[tuple[Spot | None, str | None, str]]:
        """(where the name is written, None for the field's own name; the name, None when not known; why not)."""
        config = self.config
        if self.version == V1:
            if field.env or field.unknown == _ENV_UNKNOWN:
                return [(spot, self._cased(spot.text), "") for spot in field.env]
            return [self._prefixed(None, field.name)]
        if field.unknown == _ALIAS_UNKNOWN:
            return []
        names = [self._prefixed(spot, spot.text) if config.target in ("alias", "all") else
                 (spot, self._cased(spot.text), "") for spot in field.aliases]
        if field.aliases and not config.by_name:
            return names
        if config.generated and not field.aliases:
            return [(None, None, config.generated)]
        own = self._prefixed(None, field.name) if config.target in ("variable", "all") else \
            (None, self._cased(field.name), "")
        return [*names, own]

    def _prefixed(self, spot: Spot | None, name: str) -> tuple[Spot | None, str | None, str]:
        if self.config.prefix is None:
            return spot, None, self.config.prefix_why or ""
        return spot, self._cased(self.config.prefix + name), ""

    def _cased(self, name: str) -> str:
        return name if self.config.case_sensitive else name.upper()

    def _reads(self, path: str, field: FieldFact, spot: Spot | None, name: str) -> Iterator[Place]:
        line, column = (spot.line, spot.column) if spot else (field.line, field.column)
        model = self._model(path, field)
        if (spot is not None and spot.json) or (model is not None and self.config.delimiter is None):
            yield Place(path, line, column, name, READ, field.expression, _json(self._required(field)))
        elif model is None:
            yield Place(path, line, column, name, READ, field.expression, self._declared(path, field))
        else:
            yield from self._leaves(model, name, 1, self._required(field), frozenset({model.fact.name}))

    def _leaves(self, model: _Class, head: str, depth: int, required: bool, seen: frozenset[str]
                ) -> Iterator[Place]:
        """A nested model's fields under `head` + delimiter, each by its alias if it has one, else its name."""
        delimiter = self.config.delimiter or ""
        for path, leaf in self.repository.fields(model).values():
            segments: list[tuple[Spot | None, str]] = [(s, s.text) for s in leaf.aliases] or [(None, leaf.name)]
            inner = self._model(path, leaf)
            for spot, segment in segments:
                name = self._cased(f"{head}{delimiter}{segment}")
                line, column = (spot.line, spot.column) if spot else (leaf.line, leaf.column)
                below = required and self._required(leaf)
                if inner is not None and inner.fact.name not in seen and (
                        self.config.max_split is None or depth < self.config.max_split):
                    yield from self._leaves(inner, name, depth + 1, below, seen | {inner.fact.name})
                elif inner is not None:
                    yield Place(path, line, column, name, READ, leaf.expression, _json(below))
                else:
                    declared = self._declared(path, leaf)
                    yield Place(path, line, column, name, READ, leaf.expression,
                                Declared(LIBRARY, declared.type, declared.default, below, declared.choices))

    def _model(self, path: str, field: FieldFact) -> _Class | None:
        """The repository model a field holds (a BaseModel or BaseSettings subclass), if any."""
        if field.model is None:
            return None
        target = self.repository.lookup(path, field.model)
        if isinstance(target, _Class) and self.repository.lineage(target).root in (V1, V2, MODEL):
            return target
        return None

    def _declared(self, path: str, field: FieldFact) -> Declared:
        kind, choices, default = field.type, field.choices, field.default
        if field.model is not None:  # an Enum of the repository: pydantic reads its values
            target = self.repository.lookup(path, field.model)
            if isinstance(target, _Class) and self.repository.lineage(target).root == ENUM:
                members = dict(target.fact.members)
                kind, choices = "enum", tuple(members.values())
                default = members.get(field.member or "", default)
        return Declared(LIBRARY, kind, default, self._required(field), choices)

    def _required(self, field: FieldFact) -> bool:
        return not field.has_default and not (self.version == V1 and field.optional)


def _json(required: bool) -> Declared:
    """A variable read whole as JSON: a nested model without a delimiter, an AliasPath's head."""
    return Declared(LIBRARY, "json", None, required)
