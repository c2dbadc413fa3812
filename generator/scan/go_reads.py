"""Go: environment variables read with os/syscall and through viper keys (struct tags: go_structs).

Reads:
- `os.Getenv("X")`, `os.LookupEnv("X")`, `syscall.Getenv("X")`; an identifier argument bound once
  in the file to a string literal (`const`, a const block, `var`, `:=`) is resolved, anything else
  (a parameter, a concatenation, a call) is an unresolved read.
- viper getters (`GetString`, `IsSet`, `BindEnv`, ...) on the `viper` package, on identifiers
  assigned from `viper.New()` (or `NewWithOptions`, `GetViper`) and on identifiers declared
  `*viper.Viper`. A key maps to the variable AutomaticEnv reads with the usual replacer: upper-cased,
  `.` and `-` as `_`, after the file's literal `SetEnvPrefix`. `BindEnv("key", "A", "B")` reads
  exactly A and B. Any other receiver (`cmd.Flags().GetString`) is not viper.

Comments, interpreted strings, runes and raw strings are noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .found import READ, Found
from .go_syntax import ARGUMENT_TOKEN, CONSTANT, IDENTIFIER, LITERAL, NOISE
from .lexing import Constants, Spans, argument_name, call_arguments, one_line
from .lexing import noise as noise_spans

_TRIGGERS = ("Getenv", "LookupEnv", "viper")

# Patterns start with literal text where they can, so that `re` skips ahead quickly; what must not
# precede them (a longer identifier, a selector) is checked afterwards.
_GETENV = re.compile(r"(?P<function>os\.(?:Getenv|LookupEnv)|syscall\.Getenv)[ \t]*\(")

# A getter-shaped method call; its receiver, read backwards from the dot, must be a viper.
_METHOD_CALL = re.compile(r"\.(?P<method>Get\w*|IsSet|BindEnv)\(")
_RECEIVER = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_VIPER_METHODS = frozenset(
    {
        "Get", "GetString", "GetBool", "GetInt", "GetInt32", "GetInt64", "GetUint", "GetUint16",
        "GetUint32", "GetUint64", "GetFloat64", "GetDuration", "GetTime", "GetStringSlice",
        "GetIntSlice", "GetStringMap", "GetStringMapString", "GetStringMapStringSlice",
        "GetSizeInBytes", "IsSet", "BindEnv",
    }
)  # fmt: skip
_VIPER_INSTANCE = re.compile(r"viper\.(?:New|NewWithOptions|GetViper)\(")
_ASSIGNED_TO = re.compile(r"(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)[ \t]*:?=[ \t]*\Z")
_VIPER_TYPE = re.compile(r"[ \t]\*viper\.Viper\b")
_DECLARED = re.compile(r"(?P<name>[A-Za-z_]\w*)[ \t]*\Z")
_ENV_PREFIX = re.compile(r'\.SetEnvPrefix\([ \t]*"(?P<prefix>[^"\\\n]*)"[ \t]*\)')

_LONGEST_LINE_START = 200  # characters searched back from `viper.New()` for the name assigned


@dataclass(frozen=True, slots=True)
class _Call:
    """A call that may read a variable: os.Getenv and the like, or a viper getter."""

    start: int  # where the read expression starts: the package or receiver
    method: str  # `os.Getenv`, ... or the viper method
    opening: int  # the call's `(`


def find(text: str) -> list[Found]:
    """Every environment variable read in the Go source `text`, sorted by offset."""
    if not any(trigger in text for trigger in _TRIGGERS):
        return []
    calls = _getenv_calls(text) + (_viper_calls(text) if "viper" in text else [])
    if not calls:
        return []
    noise = noise_spans(text, NOISE, until=max(call.start for call in calls))
    constants = Constants(text, CONSTANT)
    finds: list[Found] = []
    prefix = _env_prefix(text, noise) if "SetEnvPrefix" in text else ""
    for call in calls:
        if noise.inside(call.start):
            continue
        if call.method in _VIPER_METHODS:
            finds.extend(_viper_reads(text, call, constants, prefix))
        else:
            finds.extend(_getenv_reads(text, call, constants))
    return sorted(finds, key=lambda found: found.offset)


def _getenv_calls(text: str) -> list[_Call]:
    return [
        _Call(m.start(), m.group("function"), m.end() - 1)
        for m in _GETENV.finditer(text)
        if not _selected(text, m.start())
    ]


def _getenv_reads(text: str, call: _Call, constants: Constants) -> list[Found]:
    parsed = call_arguments(text, call.opening, ARGUMENT_TOKEN)
    if parsed is None or not parsed[0]:
        return []
    arguments, close = parsed
    expression = one_line(text[call.start : close + 1])
    name, offset = argument_name(text, arguments[0], LITERAL, IDENTIFIER, constants)
    if name is None or len(arguments) > 1:
        return [Found(call.start, None, READ, expression)]
    return [Found(offset, name, READ, expression)] if name else []


def _viper_calls(text: str) -> list[_Call]:
    """Calls of viper's getters on the package, or on a viper instance assigned or declared in this file."""
    assigned = _names_before(text, _VIPER_INSTANCE, _ASSIGNED_TO)  # v := viper.New()
    typed = _names_before(text, _VIPER_TYPE, _DECLARED)  # func f(v *viper.Viper), struct fields
    receivers = {"viper", *assigned, *typed}
    calls = []
    for method in _METHOD_CALL.finditer(text):
        if method.group("method") not in _VIPER_METHODS:
            continue
        receiver = _receiver_before(text, method.start())
        if receiver and (receiver in receivers or receiver.rsplit(".", 1)[-1] in typed):
            calls.append(_Call(method.start() - len(receiver), method.group("method"), method.end() - 1))
    return calls


def _receiver_before(text: str, dot: int) -> str | None:
    """The identifier or selector chain (`v`, `s.cfg.v`) that ends at `dot`, when it starts one."""
    start = dot
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    receiver = text[start:dot]
    return receiver if _RECEIVER.fullmatch(receiver) else None


def _names_before(text: str, anchor: re.Pattern[str], before: re.Pattern[str]) -> set[str]:
    """The `name` group of `before`, matched on the line up to each `anchor` match, unless a selector's tail."""
    names = set()
    for match in anchor.finditer(text):
        window = max(0, match.start() - _LONGEST_LINE_START)
        line_start = max(window, text.rfind("\n", window, match.start()) + 1)
        name = before.search(text, line_start, match.start())
        if name and not _selected(text, name.start()):
            names.add(name.group("name"))
    return names


def _selected(text: str, start: int) -> bool:
    """True when what starts at `start` continues an identifier or is selected from something (`x.os`)."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.")


def _env_prefix(text: str, noise: Spans) -> str:
    """The file's literal SetEnvPrefix (the first one in code), or ""."""
    for call in _ENV_PREFIX.finditer(text):
        if not noise.inside(call.start()):
            return call.group("prefix")
    return ""


def _viper_reads(text: str, call: _Call, constants: Constants, prefix: str) -> list[Found]:
    parsed = call_arguments(text, call.opening, ARGUMENT_TOKEN)
    if parsed is None or not parsed[0]:
        return []
    arguments, close = parsed
    expression = one_line(text[call.start : close + 1])
    unresolved = Found(call.start, None, READ, expression)
    if call.method == "BindEnv" and len(arguments) > 1:
        # Explicit variable names: read as written, without the prefix or the key.
        names = [argument_name(text, argument, LITERAL, IDENTIFIER, constants) for argument in arguments[1:]]
        finds = [Found(offset, name, READ, expression) for name, offset in names if name]
        return finds + [unresolved] if any(name is None for name, _ in names) else finds
    key, offset = argument_name(text, arguments[0], LITERAL, IDENTIFIER, constants)
    if key is None:
        return [unresolved]
    return [Found(offset, _viper_env_name(key, prefix), READ, expression)] if key else []


def _viper_env_name(key: str, prefix: str) -> str:
    """The variable AutomaticEnv reads for `key` with replacer `.`/`-` -> `_`."""
    merged = f"{prefix}_{key}" if prefix else key
    return merged.upper().replace(".", "_").replace("-", "_")
