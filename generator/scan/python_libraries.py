"""Environment reads through the Python config libraries whose reads a file holds whole.

- environs: an `Env()` or `FileAwareEnv()` instance (`Env(prefix="APP_")` too) or the module's own `env`;
  `env("X")` and every parser method, `env.str/int/bool/float/decimal/list/dict/json/url/path/timedelta/
  date/datetime/uuid/enum/log_level/dj_db_url/...("X", default)` or `default=`, and custom parsers
  (`env.add_parser("name", ...)`: any other public method call); `with env.prefixed("P_"):` prefixes the
  names read inside (nested blocks add up, as the library does, and `as e` reads with the same prefix).
  `validate=OneOf([...])` gives an enum's choices. (FileAwareEnv also reads `X_FILE`: not reported.)
- django-environ: an `environ.Env(...)` or `FileAwareEnv(...)` instance; its scheme kwargs
  (`DEBUG=(bool, False)`, `PORT=int`) give the cast and default of later reads of that name; `env("X",
  cast, default)`, `env.str/bool/int/float/json/list/tuple/dict/bytes/url/path("X", default=...)`,
  `env.db_url`/`env.db` (DATABASE_URL when no name is given), `cache_url`/`cache` (CACHE_URL),
  `email_url`/`email` (EMAIL_URL), `search_url` (SEARCH_URL); `env.prefix = "P_"` prefixes later reads;
  `"X" in env`. Without a cast the default's type casts, as the library's smart cast does.
- python-decouple: `from decouple import config` (or `decouple.config`), an `AutoConfig(...)` or
  `Config(RepositoryEnv(...))` instance (each looks in os.environ first); `config("X", default, cast)`,
  `config.get(...)`; `cast=int|float|bool|str`, `Csv()` -> list[str], `Choices([...])` -> enum,
  `json.loads` -> json, `dj_database_url.parse` -> url.

Each read declares its library, its type (from the method or the cast), its literal default as the
variable would be set, and required when it has no default. Only the names a file binds to these
libraries read: `env(...)` or `config(...)` in a file that does not import the library is not a read, nor
is an `env` imported from another module of the repository (`from .base import env`). A name, or a prefix,
that is not a string literal (nor a module constant bound once to one) is an unresolved read saying why.

Speed: substring tests (`import environ`, `from environ`, `import decouple`, `from decouple`) reject most
files; only the rest are parsed, with `ast` (so comments and docstrings are never reads); a file that does
not parse gives nothing here (the os.environ reader still reads it).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from .found import READ, Declared, Found
from .python_syntax import Source, constants, dotted, env_value, imports, parse, string

ENVIRONS, DJANGO_ENVIRON, DECOUPLE = "environs", "django-environ", "python-decouple"
# `import environs` holds `import environ`; `from environ` and `from environs` alike.
_TRIGGERS = ("import environ", "from environ", "import decouple", "from decouple")

# What an imported name is: a class whose instances read, or an instance that reads.
_CLASSES = {"environs.Env": ENVIRONS, "environs.FileAwareEnv": ENVIRONS, "environ.Env": DJANGO_ENVIRON,
            "environ.FileAwareEnv": DJANGO_ENVIRON, "environ.environ.Env": DJANGO_ENVIRON,
            "decouple.AutoConfig": DECOUPLE, "decouple.Config": DECOUPLE}
_INSTANCES = {"environs.env": ENVIRONS, "decouple.config": DECOUPLE}


@dataclass(frozen=True, slots=True)
class _Method:
    type: str | None
    default: int | None  # the default's position among the arguments
    cast: int | None = None  # the cast's position (django-environ's `env(...)`, decouple)
    implicit: str | None = None  # the name read when the call gives none


_ENVIRONS_TYPES = {
    "__call__": "str", "str": "str", "int": "int", "bool": "bool", "float": "float", "decimal": "float",
    "list": "list[str]", "dict": None, "json": "json", "url": "url", "path": "path", "timedelta": "duration",
    "datetime": None, "date": None, "time": None, "uuid": "str", "enum": None, "log_level": None,
    "dj_db_url": "url", "dj_email_url": "url", "dj_cache_url": "url",
}
_ENVIRONS_NOT_READS = frozenset({"read_env", "prefixed", "seal", "add_parser", "parser_for",
                                 "add_parser_from_field", "dump"})
_DJANGO = {
    "__call__": _Method(None, 2, 1), "str": _Method("str", 1), "bytes": _Method("str", 1),
    "bool": _Method("bool", 1), "int": _Method("int", 1), "float": _Method("float", 1),
    "json": _Method("json", 1), "list": _Method("list[str]", 2), "tuple": _Method("list[str]", 2),
    "dict": _Method(None, 2), "url": _Method("url", 1), "path": _Method("path", 1),
    "db_url": _Method("url", 1, implicit="DATABASE_URL"), "db": _Method("url", 1, implicit="DATABASE_URL"),
    "cache_url": _Method("url", 1, implicit="CACHE_URL"), "cache": _Method("url", 1, implicit="CACHE_URL"),
    "email_url": _Method("url", 1, implicit="EMAIL_URL"), "email": _Method("url", 1, implicit="EMAIL_URL"),
    "search_url": _Method("url", 1, implicit="SEARCH_URL"),
}
_DECOUPLE = {"__call__": _Method(None, 1, 2), "get": _Method(None, 1, 2)}
_NAME_KEYWORD = {ENVIRONS: "name", DJANGO_ENVIRON: "var", DECOUPLE: "option"}
# Casts by what they name once imports are followed (`from dj_database_url import parse as db_url`, as
# decouple's README writes it).
_CASTS = {"str": "str", "int": "int", "float": "float", "bool": "bool", "list": "list[str]", "tuple": "list[str]",
          "dict": None, "json.loads": "json", "pathlib.Path": "path", "urllib.parse.urlparse": "url",
          "decimal.Decimal": "float", "dj_database_url.parse": "url"}
_SMART_CAST = {bool: "bool", int: "int", float: "float", str: "str", list: "list[str]", tuple: "list[str]"}


@dataclass(frozen=True, slots=True)
class _Receiver:
    """A name bound to a library's reader, with the prefix its reads get."""

    library: str
    prefix: str | None = ""  # None: not known (see why)
    why: str | None = None
    scheme: tuple[tuple[str, ast.expr | None, ast.expr | None], ...] = ()  # django-environ: (name, cast, default)
    prefixes: tuple[tuple[int, str | None], ...] = ()  # django-environ's `env.prefix = ...`: (line, prefix)


def find(text: str) -> list[Found]:
    if ("environ" not in text and "decouple" not in text) or not any(trigger in text for trigger in _TRIGGERS):
        return []
    module = parse(text)
    if module is None:
        return []
    names, bound = imports(module), constants(module)
    receivers = _receivers(module, names, bound)
    if not receivers:
        return []
    reader = _Reader(Source(text), names, bound)
    try:
        reader.visit(module, receivers)
    except RecursionError:  # nesting deeper than the interpreter follows: keep what was found
        pass
    return sorted(reader.found, key=lambda f: f.offset)


# ---- which names read -------------------------------------------------------------------------


def _qualified(expression: str, names: dict[str, str]) -> str:
    head, dot, rest = expression.partition(".")
    return names.get(head, head) + dot + rest


def _receivers(module: ast.Module, names: dict[str, str], bound: dict[str, str]) -> dict[str, _Receiver]:
    """The expressions (`env`, `decouple.config`, `self.env`) this file binds to a library's reader."""
    receivers: dict[str, _Receiver] = {}
    for local, target in names.items():
        for instance, library in _INSTANCES.items():
            if target == instance:
                receivers[local] = _Receiver(library)
            elif target == instance.rpartition(".")[0]:  # the module: `decouple.config`
                receivers[f"{local}.{instance.rpartition('.')[2]}"] = _Receiver(library)
    values = [n for n in ast.walk(module) if isinstance(n, (ast.Assign, ast.AnnAssign))]
    for node in values:
        made = _made(node, names, bound)
        if made is not None:
            receivers.setdefault(*made)
    for node in values:  # django-environ's `env.prefix = "APP_"`, once its instances are known
        _prefix_assignment(node, receivers, bound)
    return receivers


def _made(node: ast.Assign | ast.AnnAssign, names: dict[str, str], bound: dict[str, str]
          ) -> tuple[str, _Receiver] | None:
    """`env = Env(...)`: the target and the reader it holds."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    call = node.value
    if len(targets) != 1 or not isinstance(call, ast.Call):
        return None
    target, made = dotted(targets[0]), dotted(call.func)
    library = _CLASSES.get(_qualified(made, names)) if made else None
    if target is None or library is None:
        return None
    receiver = _Receiver(library)
    if library == ENVIRONS:
        given = next((k.value for k in call.keywords if k.arg == "prefix"), None)
        if given is not None and not (isinstance(given, ast.Constant) and given.value is None):
            prefix = string(given, bound)
            receiver = _Receiver(library, prefix, None if prefix is not None else "the prefix is not a string literal")
    elif library == DJANGO_ENVIRON:
        receiver = _Receiver(library, scheme=tuple(_scheme(k) for k in call.keywords if k.arg))
    return target, receiver


def _scheme(keyword: ast.keyword) -> tuple[str, ast.expr | None, ast.expr | None]:
    """django-environ's `NAME=(cast, default)` or `NAME=cast`."""
    value = keyword.value
    if isinstance(value, ast.Tuple) and len(value.elts) == 2:
        return keyword.arg or "", value.elts[0], value.elts[1]
    return keyword.arg or "", value, None


def _prefix_assignment(node: ast.Assign | ast.AnnAssign, receivers: dict[str, _Receiver],
                       bound: dict[str, str]) -> None:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    for target in targets:
        if isinstance(target, ast.Attribute) and target.attr == "prefix":
            owner = dotted(target.value)
            receiver = receivers.get(owner) if owner else None
            if owner and receiver is not None and receiver.library == DJANGO_ENVIRON:
                prefix = string(node.value, bound) if node.value is not None else None
                receivers[owner] = replace(receiver, prefixes=(*receiver.prefixes, (node.lineno, prefix)))


# ---- the reads ----------------------------------------------------------------------------------


class _Reader:
    def __init__(self, source: Source, names: dict[str, str], constants: dict[str, str]) -> None:
        self.source, self.names, self.constants = source, names, constants
        self.found: list[Found] = []

    def visit(self, node: ast.AST, receivers: dict[str, _Receiver]) -> None:
        if isinstance(node, (ast.With, ast.AsyncWith)):
            self._with(node, receivers)
            return
        if isinstance(node, ast.Call):
            self._call(node, receivers)
        elif isinstance(node, ast.Compare):
            self._contains(node, receivers)
        for child in ast.iter_child_nodes(node):
            self.visit(child, receivers)

    def _with(self, node: ast.With | ast.AsyncWith, receivers: dict[str, _Receiver]) -> None:
        """`with env.prefixed("P_") as e:` reads the block's names with the prefix added, through env and e."""
        inner = dict(receivers)
        for item in node.items:
            self.visit(item.context_expr, receivers)
            prefixed = self._prefixed(item.context_expr, receivers)
            if prefixed is not None:
                owner, receiver = prefixed
                inner[owner] = receiver
                if isinstance(item.optional_vars, ast.Name):
                    inner[item.optional_vars.id] = receiver
        for statement in node.body:
            self.visit(statement, inner)

    def _prefixed(self, call: ast.expr, receivers: dict[str, _Receiver]) -> tuple[str, _Receiver] | None:
        """environs' `env.prefixed("P_")`: the receiver and the reader with the prefix added."""
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute) or call.func.attr != "prefixed":
            return None
        owner = dotted(call.func.value)
        receiver = receivers.get(owner) if owner else None
        if owner is None or receiver is None or receiver.library != ENVIRONS:
            return None
        added = string(call.args[0], self.constants) if call.args else None
        if receiver.prefix is None or added is None:
            return owner, replace(receiver, prefix=None,
                                  why=receiver.why or "the prefix of prefixed() is not a string literal")
        return owner, replace(receiver, prefix=receiver.prefix + added)

    def _call(self, call: ast.Call, receivers: dict[str, _Receiver]) -> None:
        func = call.func
        owner = dotted(func.value) if isinstance(func, ast.Attribute) else None
        if owner is not None and owner in receivers and isinstance(func, ast.Attribute):
            receiver, method = receivers[owner], func.attr
        else:
            whole = dotted(func)
            if whole is None or whole not in receivers:
                return
            receiver, method = receivers[whole], "__call__"
        spec = _method(receiver.library, method)
        if spec is not None:
            self.found.append(self._read(call, receiver, spec, method))

    def _contains(self, node: ast.Compare, receivers: dict[str, _Receiver]) -> None:
        """django-environ's `"X" in env` (the library looks the name up without its prefix)."""
        if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.In, ast.NotIn)):
            return
        owner = dotted(node.comparators[0])
        receiver = receivers.get(owner) if owner else None
        if receiver is None or receiver.library != DJANGO_ENVIRON:
            return
        name = string(node.left, self.constants)
        expression = self.source.expression(node)
        if name is None:
            self.found.append(Found(self.source.start(node), None, READ, expression,
                                    why="the name is not a string literal"))
        else:
            self.found.append(Found(self._name_offset(node.left), name, READ, expression, Declared(receiver.library)))

    def _read(self, call: ast.Call, receiver: _Receiver, spec: _Method, method: str) -> Found:
        expression = self.source.expression(call)
        argument = _argument(call, 0, _NAME_KEYWORD[receiver.library])
        if argument is None and (spec.implicit is None or call.args):  # `env.str(*names)`, `env.str()`
            why = "the name is not a string literal" if call.args else "the call names no variable"
            return Found(self.source.start(call), None, READ, expression, why=why)
        given = string(argument, self.constants) if argument is not None else spec.implicit
        if given is None:
            return Found(self.source.start(call), None, READ, expression, why="the name is not a string literal")
        prefix = _prefix_at(receiver, call.lineno)
        if prefix is None:
            return Found(self.source.start(call), None, READ, expression,
                         why=receiver.why or "the prefix is not a string literal")
        name = prefix + given
        offset = self._name_offset(argument) if argument is not None else self.source.start(call)
        return Found(offset, name, READ, expression, _declared(call, receiver, spec, method, name, self.names))

    def _name_offset(self, argument: ast.expr) -> int:
        if isinstance(argument, ast.Constant):
            return self.source.literal_text(argument)
        return self.source.start(argument)


def _method(library: str, method: str) -> _Method | None:
    if library == ENVIRONS:
        if method in _ENVIRONS_NOT_READS or (method.startswith("_") and method != "__call__"):
            return None
        return _Method(_ENVIRONS_TYPES.get(method), 1)
    return (_DJANGO if library == DJANGO_ENVIRON else _DECOUPLE).get(method)


def _prefix_at(receiver: _Receiver, line: int) -> str | None:
    """The prefix a read at `line` gets: django-environ's last `env.prefix = ...` before it, if any."""
    if receiver.prefix is None:
        return None
    before = [(at, prefix) for at, prefix in receiver.prefixes if at < line]
    if not before:
        return receiver.prefix
    last = max(before, key=lambda change: change[0])[1]
    return None if last is None else receiver.prefix + last


def _argument(call: ast.Call, index: int | None, keyword: str) -> ast.expr | None:
    if index is not None and index < len(call.args) and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


# ---- what each read declares -----------------------------------------------------------------


def _declared(call: ast.Call, receiver: _Receiver, spec: _Method, method: str, name: str,
              names: dict[str, str]) -> Declared:
    default = _argument(call, spec.default, "default")
    cast = _argument(call, spec.cast, "cast") if spec.cast is not None else None
    scheme = next((entry for entry in receiver.scheme if entry[0] == name), None)
    if scheme is not None:  # django-environ: the call's own cast and default come first
        cast = cast if cast is not None or method != "__call__" else scheme[1]
        default = default if default is not None else scheme[2]
    kind, delimiter = spec.type, ","
    choices: tuple[str, ...] = ()
    if receiver.library == ENVIRONS:
        kind, choices = _one_of(call, kind)
        delimiter = string(_argument(call, None, "delimiter"), {}) or ","
    elif cast is not None:
        kind, choices, delimiter = _cast(cast, names)
    elif spec.cast is not None:  # a read that takes a cast, given none: the text, or django's smart cast
        kind = _smart_cast(default) if receiver.library == DJANGO_ENVIRON else "str"
    return Declared(receiver.library, kind, env_value(default, kind, delimiter), default is None, choices)


def _cast(cast: ast.expr, names: dict[str, str]) -> tuple[str | None, tuple[str, ...], str]:
    """(type, choices, list delimiter) of a cast: `int`, `[int]` (django-environ), `Csv()`, `Choices([...])`."""
    if isinstance(cast, (ast.List, ast.Tuple)):
        return "list[str]", (), ","
    if isinstance(cast, ast.Call):
        made = _qualified(dotted(cast.func) or "", names)
        if made == "decouple.Csv":
            return "list[str]", (), string(_argument(cast, 1, "delimiter"), {}) or ","
        if made == "decouple.Choices":
            return "enum", _choices(cast), ","
        return None, (), ","
    written = dotted(cast)
    return _CASTS.get(_qualified(written, names)) if written else None, (), ","


def _choices(call: ast.Call) -> tuple[str, ...]:
    """decouple's `Choices(["a", "b"])`, `Choices(flat=[...])` or `Choices(choices=(("a", "A"), ...))`."""
    flat = _argument(call, 0, "flat")
    pairs = _argument(call, 2, "choices")
    values = list(flat.elts) if isinstance(flat, (ast.List, ast.Tuple)) else []
    if isinstance(pairs, (ast.List, ast.Tuple)):
        values += [p.elts[0] for p in pairs.elts if isinstance(p, (ast.List, ast.Tuple)) and p.elts]
    return tuple(v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str))


def _one_of(call: ast.Call, kind: str | None) -> tuple[str | None, tuple[str, ...]]:
    """environs' `validate=OneOf(["a", "b"])` (marshmallow's validator): an enum."""
    check = next((k.value for k in call.keywords if k.arg == "validate"), None)
    if not isinstance(check, ast.Call) or not (dotted(check.func) or "").endswith("OneOf") or not check.args:
        return kind, ()
    options = check.args[0]
    values = options.elts if isinstance(options, (ast.List, ast.Tuple, ast.Set)) else []
    choices = tuple(v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return ("enum", choices) if choices and len(choices) == len(values) else (kind, ())


def _smart_cast(default: ast.expr | None) -> str | None:
    """django-environ casts to the default's type when the read gives no cast; a string otherwise."""
    if default is None:
        return "str"
    try:
        value = ast.literal_eval(default)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return "str" if value is None else _SMART_CAST.get(type(value))
