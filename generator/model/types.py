"""The type vocabulary, and what each type makes of a documented default.

The parsers are the generated code's own (`values`), so the generator and the generated
code can never disagree about a value.
"""

from __future__ import annotations

from typing import Any, Callable

from . import values as runtime
from .document import Condition, Variable

# The type vocabulary, from the strictest reading to the loosest.
TYPES = ("str", "int", "float", "bool", "url", "path", "duration", "list[str]", "json", "enum")

LOOSER = {"int": "float", "float": "str", "bool": "str", "url": "str", "path": "str", "duration": "str",
          "json": "str", "enum": "str", "list[str]": "str", "str": "str"}


def parser_for(kind: str, choices: tuple[str, ...] | None, separator: str | None) -> Callable[[str], Any]:
    """The runtime parser for a type: the same function the generated code calls."""
    if kind == "list[str]":
        return runtime.list_parser(separator or ",")
    if kind == "enum":
        return runtime.enum_parser(choices or ())
    return {
        "str": runtime.parse_str, "int": runtime.parse_int, "float": runtime.parse_float,
        "bool": runtime.parse_bool, "url": runtime.parse_url, "path": runtime.parse_str,
        "duration": runtime.parse_str, "json": runtime.parse_json,
    }[kind]


def check_default(kind: str, choices: tuple[str, ...] | None, separator: str | None, literal: str) -> str | None:
    """None when `literal` is valid for the type, else why not."""
    try:
        if kind == "duration":
            runtime.parse_duration(literal)
        else:
            parser_for(kind, choices, separator)(literal)
    except ValueError as err:
        return str(err)
    return None


def loosen(kind: str, choices: tuple[str, ...] | None, separator: str | None, literal: str) -> tuple[str, str]:
    """The strictest type at or looser than `kind` that accepts `literal`, with the first reason it failed."""
    reason = check_default(kind, choices, separator, literal) or ""
    while check_default(kind, choices, separator, literal) is not None:
        kind = LOOSER[kind]
    return kind, reason


def typed_default(kind: str, separator: str | None, literal: str) -> Any:
    """The default as a JSON value of its type (paths, URLs and durations stay as written)."""
    if kind in ("int", "float", "bool", "json", "list[str]"):
        return parser_for(kind, None, separator)(literal)
    return literal


# Types whose parsed values have a plain literal in every target, so a condition can compare typed values.
COMPARABLE = frozenset({"str", "url", "enum", "int", "float", "bool"})


def typed_condition(cond: Condition, controller: Variable | None) -> tuple[Any, ...] | None:
    """The values a required-if condition compares, parsed as its controller's type, each once.

    None where the targets compare the raw text instead (and the Helm schema says nothing): the section
    does not document the controller, its type has no plain literal (lists, JSON, paths, durations), it
    is a secret, or a value is not of its type.
    """
    if controller is None or controller.type not in COMPARABLE or controller.secret:
        return None
    parse = parser_for(controller.type, controller.choices, controller.separator)
    try:
        return tuple(dict.fromkeys(parse(v) for v in cond.values))
    except ValueError:
        return None
