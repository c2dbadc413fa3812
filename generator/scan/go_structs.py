"""Go config structs that a library fills from the environment, read with each library's own naming rules.

- caarlos0/env (v6 to v11): `env.Parse(&cfg)`, `env.ParseWithOptions(&cfg, env.Options{Prefix: "APP_"})`,
  `env.ParseAs[Config]()`; `env:"X,required,notEmpty,file"`, `envDefault:"..."`; a nested struct field adds
  its `envPrefix:"P_"`; `Options{UseFieldNameByDefault: true}` names an untagged field by its name
  (`DatabaseURL` -> `DATABASE_URL`), `RequiredIfNoDef`, `TagName`, `PrefixTagName`, `DefaultValueTagName`.
  A nil pointer to a struct is filled only when tagged `env:",init"`: otherwise its fields are unresolved.
- sethvargo/go-envconfig: `envconfig.Process(ctx, &cfg)`, `MustProcess`, `ProcessWith(ctx,
  &envconfig.Config{Target: &cfg, Lookuper: envconfig.PrefixLookuper("APP_", envconfig.OsLookuper())})`;
  `env:"X,default=...,required"`, nested structs with `env:",prefix=P_"`, `DefaultRequired`.
- kelseyhightower/envconfig: `envconfig.Process("app", &spec)`: every exported field, `APP_` + the field's
  name upper-cased (`split_words:"true"` splits camel case, `envconfig:"X"` replaces the name), a nested
  struct's fields under `APP_FIELD_`, an embedded struct's under `APP_`; `default:"..."`,
  `required:"true"`, `ignored:"true"`. (When a tagged name is unset the library also tries the bare tag
  name: that fallback is not reported.)
- viper: `viper.Unmarshal(&cfg)` (`UnmarshalKey("db", &cfg)`, on an instance too) reads the environment
  for each key when the repository calls `AutomaticEnv`: the key path of `mapstructure:"key"` tags (or
  field names), `,squash` flattening, `SetEnvPrefix`, `SetEnvKeyReplacer(strings.NewReplacer(".", "_"))`
  (without one, `.` and `-` become `_` as for viper's getters), `SetDefault("key", 5432)` as the default.

Each file gives its structs and the calls above; `resolve` then walks from each call's struct through every
file of the repository: an unqualified type is looked up in the caller's folder (a Go package), a qualified
one (`config.Config`) in the folder its import path ends with. A struct no call reaches, or only calls whose
struct or prefix is not known, is read as written (its `env:"X"` and `envconfig:"X"` tags); an unknown
struct or prefix is an unresolved read that says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Iterator

from .found import READ, Declared, Place
from .go_syntax import (ARGUMENT_TOKEN, CONSTANT, NOISE, Field, Position, Struct, Tag, declared_type, imports,
                        package_name, structs)
from .lexing import Constants, Spans, call_arguments, noise, one_line

CAARLOS0, SETHVARGO, KELSEY, VIPER = "caarlos0/env", "sethvargo/go-envconfig", "kelseyhightower/envconfig", "viper"
_LIBRARIES = {
    CAARLOS0: re.compile(r"github\.com/caarlos0/env(?:/v\d+)?"),
    SETHVARGO: re.compile(r"github\.com/sethvargo/go-envconfig"),
    KELSEY: re.compile(r"github\.com/kelseyhightower/envconfig"),
    VIPER: re.compile(r"github\.com/spf13/viper"),
}
_TRUE = frozenset({"1", "t", "T", "true", "TRUE", "True"})  # strconv.ParseBool, as kelseyhightower reads it


@dataclass(frozen=True, slots=True)
class GoFile:
    """One Go file's package, imports (local name -> path) and structs."""

    package: str
    imports: tuple[tuple[str, str], ...]
    structs: tuple[Struct, ...]


@dataclass(frozen=True, slots=True)
class Load:
    """A library call that fills a struct from the environment."""

    library: str
    root: str | None  # the struct's type as written in the file (`Config`, `config.Config`, `var.cfg`)
    prefix: str | None  # None: not known (see why)
    why: str | None
    options: tuple[tuple[str, str], ...]  # library options given as literals (UseFieldNameByDefault: true...)
    imports: tuple[tuple[str, str], ...]  # the calling file's: a qualified struct type is found through them
    line: int
    column: int
    expression: str


@dataclass(frozen=True, slots=True)
class ViperSetup:
    """A file's viper settings that decide the environment names of unmarshalled keys."""

    automatic: bool
    prefix: str | None
    replacer: tuple[tuple[str, str], ...] | None  # None: no literal strings.NewReplacer
    defaults: tuple[tuple[str, str], ...]


Fact = GoFile | Load | ViperSetup


# ---- per file -----------------------------------------------------------------------------


def facts(text: str, position: Position) -> list[Fact]:
    # Tags live in structs, and every library is imported from github.com: two scans turn most files away.
    if "struct" not in text and "github.com/" not in text:
        return []
    names = imports(text)
    found: list[Fact] = []
    if "struct" in text:
        declared = structs(text, position)
        if declared:
            found.append(GoFile(package_name(text), tuple(sorted(names.items())), tuple(declared)))
    libraries = {local: library for local, path in names.items()
                 for library, pattern in _LIBRARIES.items() if pattern.fullmatch(path)}
    if libraries:
        spans = noise(text, NOISE)
        found.extend(_loads(text, position, libraries, names, spans))
        if VIPER in libraries.values():
            found.append(_viper_setup(text, spans))
    return found


_CALL = re.compile(r"(?<![\w.])(?P<receiver>[A-Za-z_]\w*)\.(?P<method>ParseAsWithOptions|ParseAs|ParseWithOptions|"
                   r"Parse|MustProcess|ProcessWith|Process|UnmarshalKey|UnmarshalExact|Unmarshal)"
                   r"(?:\[(?P<generic>[^\]\n]+)\])?[ \t]*\(")
_MOST_LOADS = 100  # calls per file: a config is loaded once or twice; more is generated or hostile text
_VIPER_INSTANCE = re.compile(r"(?P<name>[A-Za-z_]\w*)[ \t]*:?=[ \t]*viper\.(?:New|NewWithOptions|GetViper)\(")
_VIPER_TYPED = re.compile(r"(?P<name>[A-Za-z_]\w*)[ \t]+\*viper\.Viper\b")


def _loads(text: str, position: Position, libraries: dict[str, str], names: dict[str, str],
           spans: Spans) -> Iterator[Load]:
    vipers = {local for local, library in libraries.items() if library == VIPER}
    if vipers:
        vipers |= {m.group("name") for m in _VIPER_INSTANCE.finditer(text)}
        vipers |= {m.group("name") for m in _VIPER_TYPED.finditer(text)}
    constants = Constants(text, CONSTANT)
    count = 0
    for call in _CALL.finditer(text):
        if spans.inside(call.start()):
            continue
        count += 1
        if count > _MOST_LOADS:
            return
        receiver, method = call.group("receiver"), call.group("method")
        library = VIPER if receiver in vipers else libraries.get(receiver)
        if library is None or not _method_of(library, method):
            continue
        parsed = call_arguments(text, call.end() - 1, ARGUMENT_TOKEN)
        arguments = [text[a:b] for a, b in parsed[0]] if parsed else []
        end = parsed[1] + 1 if parsed else call.end()
        line, column = position(call.start())
        load = _load(text, library, method, call.group("generic"), arguments, call.start(), receiver, constants,
                     names)
        yield replace(load, line=line, column=column, expression=one_line(text[call.start():end]))


def _method_of(library: str, method: str) -> bool:
    return method in {
        CAARLOS0: ("Parse", "ParseWithOptions", "ParseAs", "ParseAsWithOptions"),
        SETHVARGO: ("Process", "MustProcess", "ProcessWith"),
        KELSEY: ("Process", "MustProcess"),
        VIPER: ("Unmarshal", "UnmarshalKey", "UnmarshalExact"),
    }[library]


def _load(text: str, library: str, method: str, generic: str | None, arguments: list[str], at: int, receiver: str,
          constants: Constants, names: dict[str, str]) -> Load:
    options: dict[str, str] = {}
    prefix: str | None = ""
    why: str | None = None
    if library == CAARLOS0:
        target = f"&{generic}{{}}" if generic else (arguments[0] if arguments else "")
        given = arguments[0 if generic else 1] if len(arguments) > (0 if generic else 1) else None
        if given is not None:
            options = _literal_fields(_options_literal(text, given, at))
            prefix, why = _prefix_option(options, "Prefix")
    elif library == SETHVARGO:
        target = arguments[1] if len(arguments) > 1 else ""
        config = _options_literal(text, target, at) if method == "ProcessWith" or "Config{" in target else None
        if config is not None:
            options = _literal_fields(config)
            target = options.pop("Target", "")
            prefix, why = _lookuper_prefix(options.pop("Lookuper", ""), receiver)
            if prefix is None and why is None:  # a map lookuper: the struct is filled, but not from the environment
                options["environment"] = "false"
    elif library == KELSEY:
        target = arguments[1] if len(arguments) > 1 else ""
        prefix, why = _string(arguments[0], constants) if arguments else ("", None)
        if prefix is None:
            why = f"the prefix is {one_line(arguments[0])}, not a string literal"
    else:  # viper
        target = arguments[-1] if arguments else ""
        if method == "UnmarshalKey":
            key, _ = _string(arguments[0], constants) if arguments else (None, None)
            if key is None:
                prefix, why = None, "the key is not a string literal"
            options = {"key": key or ""}
    root, root_why = _root(text, target.strip(), at, names)
    return Load(library, root, prefix, why or root_why, tuple(sorted(options.items())), tuple(sorted(names.items())),
                0, 0, "")


def _root(text: str, target: str, at: int, names: dict[str, str]) -> tuple[str | None, str | None]:
    """The struct type a call fills, from its target argument: `&cfg`, `cfg`, `&Config{}`, `new(Config)`."""
    literal = re.fullmatch(r"&?(?P<type>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)[ \t]*\{.*", target, re.S)
    if literal:
        return literal.group("type"), None
    made = re.fullmatch(r"new\((?P<type>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\)", target)
    if made:
        return made.group("type"), None
    ident = re.fullmatch(r"&?(?P<name>[A-Za-z_]\w*)", target)
    if ident is None:
        return None, f"the struct {one_line(target) or '(none)'} is not a variable of this file"
    name = ident.group("name")
    anonymous = list(re.finditer(rf"\bvar[ \t]+{re.escape(name)}[ \t]+struct[ \t]*\{{", text[:at]))
    kind = declared_type(text, name, at)
    if anonymous and (kind is None or text.rfind(kind, 0, at) < anonymous[-1].start()):
        return f"var.{name}", None
    if kind is None:
        return None, f"the type of {name} is not declared in this file"
    return kind, None


def _options_literal(text: str, argument: str, at: int) -> str:
    """The `{...}` body of an options or config literal: given inline, or bound to a variable earlier."""
    inline = re.search(r"\{(?P<body>.*)\}\s*$", argument, re.S)
    if inline:
        return inline.group("body")
    ident = re.fullmatch(r"&?(?P<name>[A-Za-z_]\w*)", argument.strip())
    if ident is None:
        return ""
    bound = None
    for bound in re.finditer(rf"(?<![\w.]){re.escape(ident.group('name'))}[ \t]*(?::=|=)[ \t]*&?[\w.]+[ \t]*\{{",
                             text[:at]):
        pass
    if bound is None:
        return ""
    parsed = call_arguments(text, bound.end() - 1, ARGUMENT_TOKEN)
    return ",".join(text[a:b] for a, b in parsed[0]) if parsed else ""


def _literal_fields(body: str) -> dict[str, str]:
    """`Prefix: "APP_", Target: &cfg` -> {"Prefix": '"APP_"', "Target": "&cfg"} (top-level fields only)."""
    fields: dict[str, str] = {}
    depth, start = 0, 0
    pieces = []
    for index, char in enumerate(body):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char in ",\n" and depth == 0:
            pieces.append(body[start:index])
            start = index + 1
    pieces.append(body[start:])
    for piece in pieces:
        key, sep, value = piece.partition(":")
        if sep and re.fullmatch(r"\s*[A-Z]\w*\s*", key):
            fields[key.strip()] = value.strip()
    return fields


def _prefix_option(options: dict[str, str], key: str) -> tuple[str | None, str | None]:
    if key not in options:
        return "", None
    value = re.fullmatch(r'"([^"\\\n]*)"', options[key])
    if value is None:
        return None, f"the prefix is {options[key]}, not a string literal"
    return value.group(1), None


def _lookuper_prefix(lookuper: str, receiver: str) -> tuple[str | None, str | None]:
    """The prefix a go-envconfig lookuper adds: PrefixLookuper("A_", PrefixLookuper("B_", OsLookuper())) reads
    B_A_X, as PrefixLookuper prepends the inner prefix. (None, None): the lookuper reads no environment."""
    if not lookuper:
        return "", None
    prefixes: list[str] = []
    rest = lookuper
    pattern = re.compile(rf"{re.escape(receiver)}\.PrefixLookuper\(\s*(?P<arg>[^,]+?)\s*,\s*(?P<rest>.*)\)\s*", re.S)
    while (match := pattern.fullmatch(rest)) is not None:
        literal = re.fullmatch(r'"([^"\\\n]*)"', match.group("arg"))
        if literal is None:
            return None, f"the prefix is {match.group('arg')}, not a string literal"
        prefixes.append(literal.group(1))
        rest = match.group("rest")
    if re.fullmatch(rf"{re.escape(receiver)}\.OsLookuper\(\s*\)", rest.strip()):
        return "".join(reversed(prefixes)), None
    if re.fullmatch(rf"{re.escape(receiver)}\.MapLookuper\(.*\)", rest.strip(), re.S):
        return None, None
    return None, f"the lookuper {one_line(rest)} is not one docenv follows"


def _string(argument: str, constants: Constants) -> tuple[str | None, str | None]:
    literal = re.fullmatch(r'\s*"([^"\\\n]*)"\s*', argument)
    if literal:
        return literal.group(1), None
    ident = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*", argument)
    return (constants.get(ident.group(1)) if ident else None), None


_SETUP = re.compile(r"\.(?P<call>SetEnvPrefix|AutomaticEnv|SetEnvKeyReplacer|SetDefault)\(")


def _viper_setup(text: str, spans: Spans) -> ViperSetup:
    automatic, prefix, replacer, defaults = False, None, None, []
    for call in _SETUP.finditer(text):
        if spans.inside(call.start()):
            continue
        parsed = call_arguments(text, call.end() - 1, ARGUMENT_TOKEN)
        arguments = [text[a:b] for a, b in parsed[0]] if parsed else []
        if call.group("call") == "AutomaticEnv":
            automatic = True
        elif call.group("call") == "SetEnvPrefix" and arguments:
            literal = re.fullmatch(r'"([^"\\\n]*)"', arguments[0])
            prefix = literal.group(1) if literal else prefix
        elif call.group("call") == "SetEnvKeyReplacer" and arguments:
            pairs = re.fullmatch(r"strings\.NewReplacer\((?P<pairs>.*)\)", arguments[0], re.S)
            strings = re.findall(r'"([^"\\\n]*)"', pairs.group("pairs")) if pairs else []
            if pairs and len(strings) % 2 == 0:
                replacer = tuple(zip(strings[::2], strings[1::2]))
        elif call.group("call") == "SetDefault" and len(arguments) == 2:
            key = re.fullmatch(r'"([^"\\\n]*)"', arguments[0])
            value = _go_literal(arguments[1])
            if key and value is not None:
                defaults.append((key.group(1).lower(), value))
    return ViperSetup(automatic, prefix, replacer, tuple(defaults))


def _go_literal(text: str) -> str | None:
    """A literal as the variable would be set: "8080" -> 8080, 5 * time.Second is not a literal."""
    text = text.strip()
    quoted = re.fullmatch(r'"([^"\\\n]*)"|`([^`]*)`', text)
    if quoted:
        return quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    if re.fullmatch(r"-?\d+(?:\.\d+)?|true|false", text):
        return text
    return None


# ---- across files ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Home:
    """A struct and the file it is declared in."""

    struct: Struct
    path: str
    file: GoFile

    @property
    def folder(self) -> str:
        return str(PurePosixPath(self.path).parent)


class _Index:
    """Every struct of the repository, found by the name a file uses for it."""

    def __init__(self, files: list[tuple[str, GoFile]]) -> None:
        self.by_folder: dict[tuple[str, str], list[_Home]] = {}
        self.anonymous: dict[tuple[str, str], _Home] = {}
        for path, file in files:
            for struct in file.structs:
                home = _Home(struct, path, file)
                if struct.name.startswith("var."):
                    self.anonymous[(path, struct.name)] = home
                else:
                    self.by_folder.setdefault((home.folder, struct.name), []).append(home)
        self.folders = {folder for folder, _ in self.by_folder}

    def find(self, type_name: str, path: str, imported: dict[str, str]) -> tuple[_Home | None, str | None]:
        """The struct `type_name` names in the file at `path`; (None, why) when it is not one place."""
        bare = type_name.lstrip("*")
        if bare.startswith("var."):
            return self.anonymous.get((path, bare)), None
        folder = str(PurePosixPath(path).parent)
        qualifier, _, name = bare.rpartition(".")
        if qualifier and qualifier in imported:
            import_path = imported[qualifier]
            folders = [f for f in self.folders if (f, name) in self.by_folder and
                       (import_path == f or import_path.endswith("/" + f))]
            if len(folders) != 1:
                return None, (f"{bare} is not declared in the repository" if not folders else
                              f"{bare} matches structs in {len(folders)} folders")
            homes = self.by_folder[(folders[0], name)]
        elif qualifier:  # an inline struct (`Config.Server`) of this folder
            homes = self.by_folder.get((folder, bare), [])
        else:
            homes = self.by_folder.get((folder, name), [])
        if len(homes) == 1:
            return homes[0], None
        return None, (f"{bare} is not declared in the repository" if not homes else
                      f"{bare} is declared {len(homes)} times in {folder}")


def resolve(found: list[tuple[str, object]]) -> list[Place]:
    files = [(path, fact) for path, fact in found if isinstance(fact, GoFile)]
    index = _Index(files)
    setups = [(path, fact) for path, fact in found if isinstance(fact, ViperSetup)]
    places: list[Place] = []
    reached: set[tuple[str, str]] = set()
    for path, load in found:
        if not isinstance(load, Load):
            continue
        home, why = index.find(load.root, path, dict(load.imports)) if load.root else (None, load.why)
        if home is not None:  # the struct is this call's, even when its names are not known
            found_here = _Walker(index, replace(load, prefix=load.prefix or ""), path, setups, reached).walk(home)
        if dict(load.options).get("environment") == "false":
            continue
        if home is None or load.prefix is None:
            places.append(Place(path, load.line, load.column, None, READ, load.expression, None, load.why or why))
            continue
        places.extend(found_here)
    for path, file in files:
        for struct in file.structs:
            if (path, struct.name) not in reached:
                places.extend(_as_written(path, file, struct))
    return places


_DEEPEST = 32


class _Walker:
    """The names one load reads, struct by struct, with its library's rules."""

    def __init__(self, index: _Index, load: Load, path: str, setups: list[tuple[str, ViperSetup]],
                 reached: set[tuple[str, str]]) -> None:
        self.index, self.load, self.path, self.reached = index, load, path, reached
        self.options = dict(load.options)
        self.viper = _viper_for(setups, path) if load.library == VIPER else None

    def walk(self, home: _Home) -> list[Place]:
        self._mark(home)
        if self.load.library == VIPER:
            key = self.options.get("key", "")
            return self._viper(home, key, (home.path, home.struct.name))
        prefix = self.load.prefix or ""
        if self.load.library == KELSEY:
            return self._kelsey(home, prefix.upper(), (home.path, home.struct.name))
        return self._tagged(home, prefix, (home.path, home.struct.name))

    def _nested(self, home: _Home, field: Field) -> _Home | None:
        """The repository struct a field holds (written inline, or named by its type through a pointer), if any;
        an inline struct that is not found is not followed (see the callers: such a field is skipped)."""
        if field.inline:
            return self.index.find(field.type, home.path, {})[0]
        kind = field.type.lstrip("*")
        if not re.fullmatch(r"[A-Za-z_][\w.]*", kind) or kind in _LEAF_TYPES:
            return None
        return self.index.find(kind, home.path, dict(home.file.imports))[0]

    def _mark(self, home: _Home) -> None:
        """Every struct the call's struct holds, at any depth, is this call's: none is read as written."""
        todo = [home]
        while todo:
            current = todo.pop()
            key = (current.path, current.struct.name)
            if key in self.reached:
                continue
            self.reached.add(key)
            for field in current.struct.fields:
                nested = self._nested(current, field)
                if nested is not None:
                    todo.append(nested)

    def _refused(self, home: _Home, seen: tuple[tuple[str, str], ...]) -> list[Place] | None:
        """None to read the struct; no places on a cycle (a struct holding itself through a pointer), one
        unresolved read past _DEEPEST nesting levels."""
        if (home.path, home.struct.name) in seen[:-1]:
            return []
        if len(seen) > _DEEPEST:
            return [Place(home.path, home.struct.line, 1, None, READ, f"type {home.struct.name} struct", None,
                          f"nested more than {_DEEPEST} structs deep; not followed")]
        return None

    # caarlos0/env and go-envconfig: names from `env` tags, prefixes from the nesting.
    def _tagged(self, home: _Home, prefix: str, *seen: tuple[str, str]) -> list[Place]:
        refused = self._refused(home, seen)
        if refused is not None:
            return refused
        places: list[Place] = []
        caarlos0 = self.load.library == CAARLOS0
        tag_name = _unquoted(self.options.get("TagName")) or "env"
        for field in home.struct.fields:
            if not field.exported:
                continue
            tag = field.tag(tag_name)
            key, flags, default = _env_tag(tag.value if tag else "", caarlos0)
            if key == "-" or "-" in flags:
                continue
            target = self._nested(home, field)
            if target is None and field.inline:
                continue
            if target is not None:
                if caarlos0 and field.type.startswith("*") and "init" not in flags:
                    self._tagged(target, "", *seen, (target.path, target.struct.name))  # its fields are this call's
                    places.append(self._unresolved(home, field, "a nil pointer to a struct is filled only when "
                                                   'tagged env:",init"'))
                    continue
                tag_prefix = _unquoted(self.options.get("PrefixTagName")) or "envPrefix"
                inner = prefix + ((_unquoted_tag(field, tag_prefix) or "") if caarlos0 else flags.get("prefix", ""))
                places.extend(self._tagged(target, inner, *seen, (target.path, target.struct.name)))
                continue
            if not key and caarlos0 and self.options.get("UseFieldNameByDefault") == "true":
                key = _snake_upper(field.name)
            if not key:
                continue
            position = (tag.line, tag.column) if tag is not None and tag.value.partition(",")[0].strip() else (
                field.line, field.column)
            if caarlos0:
                default = _unquoted_tag(field, _unquoted(self.options.get("DefaultValueTagName")) or "envDefault",
                                        missing=None)
                required = "required" in flags or "notEmpty" in flags or (
                    self.options.get("RequiredIfNoDef") == "true" and default is None)
            else:
                required = "required" in flags or self.options.get("DefaultRequired") == "true"
            kind = "path" if "file" in flags else _doc_type(field.type)
            declared = Declared(self.load.library, kind, default, required)
            expression = f'{tag_name}:"{tag.value}"' if tag else f"{field.name} {field.type}"
            places.append(Place(home.path, *position, prefix + key, READ, expression, declared))
        return places

    # kelseyhightower/envconfig: every exported field, named by its name under the prefix.
    def _kelsey(self, home: _Home, prefix: str, *seen: tuple[str, str]) -> list[Place]:
        refused = self._refused(home, seen)
        if refused is not None:
            return refused
        places: list[Place] = []
        for field in home.struct.fields:
            if not field.exported or _flag(field, "ignored"):
                continue
            alt = field.tag("envconfig")
            own = alt.value if alt and alt.value else (_split_words(field.name) if _flag(field, "split_words")
                                                       else field.name)
            key = f"{prefix}_{own}".upper() if prefix else own.upper()
            target = self._nested(home, field)
            if target is not None:
                inner = prefix if field.embedded else key
                places.extend(self._kelsey(target, inner, *seen, (target.path, target.struct.name)))
            if target is not None or field.inline:
                continue
            default = field.tag("default")
            declared = Declared(KELSEY, _doc_type(field.type), default.value if default and default.value else None,
                                _flag(field, "required") and not (default and default.value))
            where = (alt.line, alt.column) if alt and alt.value else (field.line, field.column)
            expression = f'envconfig:"{alt.value}"' if alt and alt.value else f"{field.name} {field.type}"
            places.append(Place(home.path, *where, key, READ, expression, declared))
        return places

    # viper.Unmarshal: key paths from mapstructure tags, environment names from AutomaticEnv's rules.
    def _viper(self, home: _Home, path: str, *seen: tuple[str, str]) -> list[Place]:
        if self.viper is None or not self.viper.automatic:
            return []
        refused = self._refused(home, seen)
        if refused is not None:
            return refused
        places: list[Place] = []
        for field in home.struct.fields:
            if not field.exported:
                continue
            tag = field.tag("mapstructure")
            name, _, rest = (tag.value if tag else "").partition(",")
            if name == "-":
                continue
            squash = "squash" in rest.split(",")
            key = path if squash else ".".join(p for p in (path, (name or field.name).lower()) if p)
            target = self._nested(home, field)
            if target is not None:
                places.extend(self._viper(target, key, *seen, (target.path, target.struct.name)))
            if target is not None or field.inline:
                continue
            env = _viper_env(key, self.viper)
            default = dict(self.viper.defaults).get(key)
            where = (tag.line, tag.column) if tag and name else (field.line, field.column)
            expression = f'mapstructure:"{tag.value}"' if tag else f"{field.name} {field.type}"
            places.append(Place(home.path, *where, env, READ, expression,
                                Declared(VIPER, _doc_type(field.type), default, None)))
        return places

    def _unresolved(self, home: _Home, field: Field, why: str) -> Place:
        return Place(home.path, field.line, field.column, None, READ, f"{field.name} {field.type}", None, why)


def _viper_for(setups: list[tuple[str, ViperSetup]], path: str) -> ViperSetup | None:
    """The viper settings that apply to an Unmarshal in `path`: its folder's, else the repository's."""
    folder = str(PurePosixPath(path).parent)
    near = [s for p, s in setups if str(PurePosixPath(p).parent) == folder]
    pool = near if any(s.automatic for s in near) else [s for _, s in setups]
    if not pool:
        return None
    prefixes = {s.prefix for s in pool if s.prefix is not None}
    replacers = {s.replacer for s in pool if s.replacer is not None}
    return ViperSetup(any(s.automatic for s in pool), prefixes.pop() if len(prefixes) == 1 else None,
                      replacers.pop() if len(replacers) == 1 else None,
                      tuple(pair for s in pool for pair in s.defaults))


def _viper_env(key: str, setup: ViperSetup) -> str:
    """The variable AutomaticEnv reads for `key`: the replacer applied, the prefix and `_` before it."""
    name = key
    for old, new in setup.replacer or ((".", "_"), ("-", "_")):
        name = name.replace(old, new)
    return (f"{setup.prefix}_{name}" if setup.prefix else name).upper()


def _as_written(path: str, file: GoFile, struct: Struct) -> Iterator[Place]:
    """A struct no resolved call reaches: its `env` and `envconfig` tags name variables as written."""
    libraries = {library for _, p in file.imports for library, pattern in _LIBRARIES.items() if pattern.fullmatch(p)}
    for field in struct.fields:
        for key in ("env", "envconfig"):
            tag = field.tag(key)
            if tag is None:
                continue
            caarlos0 = key == "env" and SETHVARGO not in libraries
            name, flags, default = _env_tag(tag.value, caarlos0)
            if not name or name == "-":
                continue
            if key == "envconfig":
                library, required = KELSEY, _flag(field, "required")
                default = (field.tag("default") or Tag("", "", 0, 0)).value or None
            elif caarlos0:
                library, required = CAARLOS0 if CAARLOS0 in libraries else "struct tag", "required" in flags
                default = _unquoted_tag(field, "envDefault", missing=None)
            else:
                library, required = SETHVARGO, "required" in flags
            kind = "path" if "file" in flags else _doc_type(field.type)
            yield Place(path, tag.line, tag.column, name, READ, f'{key}:"{tag.value}"',
                        Declared(library, kind, default, required))


# ---- tags and types ---------------------------------------------------------------------------


def _env_tag(value: str, caarlos0: bool) -> tuple[str, dict[str, str], str | None]:
    """(name, options, default) of an `env` tag. go-envconfig's `default=` takes the rest of the tag, commas too."""
    name, _, rest = value.partition(",")
    flags: dict[str, str] = {}
    default = None
    while rest:
        if not caarlos0 and rest.lstrip().startswith("default="):
            default = rest.lstrip()[len("default="):]
            break
        option, _, rest = rest.partition(",")
        option = option.strip()
        key, sep, setting = option.partition("=")
        flags[key] = setting if sep else ""
    return name.strip(), flags, default


def _unquoted_tag(field: Field, key: str, missing: str | None = "") -> str | None:
    tag = field.tag(key)
    return tag.value if tag is not None else missing


def _unquoted(value: str | None) -> str:
    if value is None:
        return ""
    literal = re.fullmatch(r'"([^"\\\n]*)"', value)
    return literal.group(1) if literal else ""


def _flag(field: Field, key: str) -> bool:
    tag = field.tag(key)
    return tag is not None and tag.value in _TRUE


_CAMEL = re.compile(r"[^A-Z]+|[A-Z]+[^A-Z]+|[A-Z]+")
_ACRONYM = re.compile(r"([A-Z]+)([A-Z][^A-Z]+)")


def _split_words(name: str) -> str:
    """kelseyhightower's split_words: `DatabaseURL` -> `Database_URL`, `APIKey` -> `API_Key`."""
    words: list[str] = []
    for word in _CAMEL.findall(name):
        acronym = _ACRONYM.fullmatch(word)
        words.extend(acronym.groups() if acronym else (word,))
    return "_".join(words) if words else name


def _snake_upper(name: str) -> str:
    """caarlos0/env's toEnvName: `DatabaseURL` -> `DATABASE_URL`, `HTTPPort` -> `HTTP_PORT`."""
    out: list[str] = []
    for index, char in enumerate(name):
        if char == "_":
            continue
        if out and char.isupper() and index + 1 < len(name):
            if name[index + 1].islower() or name[index - 1].islower():
                out.append("_")
        out.append(char.upper())
    return "".join(out)


# Struct types of the standard library that config fields hold as one value.
_LEAF_TYPES = frozenset({"time.Time", "time.Duration", "url.URL", "net.IP", "big.Int", "regexp.Regexp",
                         "slog.Level", "mail.Address", "netip.Addr", "netip.Prefix"})
_INTS = frozenset({"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64"})


def _doc_type(go_type: str) -> str | None:
    kind = go_type.lstrip("*")
    if kind == "string":
        return "str"
    if kind in _INTS:
        return "int"
    if kind in ("float32", "float64"):
        return "float"
    if kind == "bool":
        return "bool"
    if kind == "time.Duration":
        return "duration"
    if kind == "url.URL":
        return "url"
    if kind.startswith("[]") and kind != "[]byte":
        return "list[str]"
    return None
