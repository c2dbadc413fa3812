"""Compose's interpolation, as compose-go's template package does it: `$$` is a dollar; `$X` and `${X}` the
value (empty when unset); `${X:-d}`/`${X-d}` a default when empty or unset / unset; `${X:?e}`/`${X?e}` an
error; `${X:+a}`/`${X+a}` an alternative when set. Defaults are interpolated in turn (`${A:-${B}}`).
Names are matched without regard to case in the pattern, and looked up as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

Lookup = Callable[[str], "str | None"]
_NAME = re.compile(r"[_A-Za-z][_A-Za-z0-9]*")
_OPERATORS = (":?", "?", ":-", "-", ":+", "+")
_DEEPEST = 20  # nested defaults: `${A:-${B:-${C}}}`; a deeper chain is refused


@dataclass(slots=True)
class Interpolated:
    value: str
    errors: list[str] = field(default_factory=list)  # `${X:?message}` with X unset; invalid templates
    read: list[str] = field(default_factory=list)  # the names the text refers to


def interpolate(text: str, lookup: Lookup, depth: int = 0) -> Interpolated:
    out: list[str] = []
    result = Interpolated("")
    at = 0
    while True:
        dollar = text.find("$", at)
        if dollar < 0:
            out.append(text[at:])
            break
        out.append(text[at:dollar])
        nxt = text[dollar + 1: dollar + 2]
        if nxt == "$":
            out.append("$")
            at = dollar + 2
            continue
        named = _NAME.match(text, dollar + 1)
        if named:
            result.read.append(named.group())
            out.append(lookup(named.group()) or "")
            at = named.end()
            continue
        if nxt != "{":
            out.append("$")
            at = dollar + 1
            continue
        close = _closing(text, dollar + 1)
        if close < 0 or depth >= _DEEPEST:
            result.errors.append(f"invalid interpolation {text[dollar:]!r}")
            out.append(text[dollar:])
            break
        out.append(_braced(text[dollar + 2: close], lookup, result, depth))
        at = close + 1
    result.value = "".join(out)
    return result


def _closing(text: str, opening: int) -> int:
    """The `}` closing the `{` at `opening`, counting the braces of nested `${...}`."""
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return -1


def _braced(inner: str, lookup: Lookup, result: Interpolated, depth: int) -> str:
    named = _NAME.match(inner)
    if named is None:
        result.errors.append(f"invalid interpolation '${{{inner}}}'")
        return ""
    name, rest = named.group(), inner[named.end():]
    result.read.append(name)
    value = lookup(name)
    if not rest:
        return value or ""
    operator = next((op for op in _OPERATORS if rest.startswith(op)), None)
    if operator is None:
        result.errors.append(f"invalid interpolation '${{{inner}}}'")
        return ""
    argument = rest[len(operator):]
    empty_counts = operator.startswith(":")
    present = value is not None and (value != "" or not empty_counts)
    if operator.endswith("?"):
        if present:
            return value or ""
        message = interpolate(argument, lookup, depth + 1)
        result.errors.append(f"{name} is required by the compose file: {message.value or 'not set'}")
        return ""
    if operator.endswith("-"):
        return (value or "") if present else _nested(argument, lookup, result, depth)
    return _nested(argument, lookup, result, depth) if present else (value or "")


def _nested(argument: str, lookup: Lookup, result: Interpolated, depth: int) -> str:
    inner = interpolate(argument, lookup, depth + 1)
    result.errors.extend(inner.errors)
    result.read.extend(inner.read)
    return inner.value
