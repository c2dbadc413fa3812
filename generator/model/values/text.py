"""Environment text -> typed values, and back: what `true`, `1h30m`, `a, b` or `0x10` mean.

The rules follow the Go services these variables are usually read by (`strconv.ParseBool`,
`time.ParseDuration`), and every target keeps to them (the conformance cases hold them to it).
"""

from __future__ import annotations

import json
import math
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any, Callable, TypeVar

from .secret import Secret

T = TypeVar("T")
S = TypeVar("S", bound=str)


# ---- parsers: each takes the raw (non-empty) text and returns the typed value, or raises
# ValueError with a message that never repeats the value (the caller adds it when safe).

_INT = re.compile(r"[+-]?[0-9]+")
_INT64 = range(
    -(2**63), 2**63
)  # Go's int: a value outside it is an error, never wrapped or widened
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# strconv.ParseBool accepts exactly these spellings.
_TRUE = frozenset(("1", "t", "T", "TRUE", "true", "True"))
_FALSE = frozenset(("0", "f", "F", "FALSE", "false", "False"))
# A scheme, `://`, a host (or user@host), and nothing blank or a control character anywhere.
_URL = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://[^/?#\x00-\x20\x7f]+(?:[/?#][^\x00-\x20\x7f]*)?"
)
_DURATION_PART = re.compile(r"([0-9]*\.?[0-9]*)(ns|us|µs|μs|ms|s|m|h)")
_MICROSECONDS = {
    "ns": 0.001,
    "us": 1,
    "µs": 1,
    "μs": 1,
    "ms": 1_000,
    "s": 1_000_000,
    "m": 60_000_000,
    "h": 3_600_000_000,
}
_LONGEST_MICROSECONDS = (
    2**63 - 1
) // 1000  # Go's time.Duration counts int64 nanoseconds


def parse_str(raw: str) -> str:
    return raw


def parse_int(raw: str) -> int:
    if not _INT.fullmatch(raw):
        raise ValueError("is not an integer")
    value = int(raw)
    if value not in _INT64:
        raise ValueError("is out of range for a 64-bit integer")
    return value


def parse_float(raw: str) -> float:
    if not _FLOAT.fullmatch(raw):
        raise ValueError("is not a number")
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError("is not a finite number")
    return value


def parse_bool(raw: str) -> bool:
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(
        "is not a boolean (use true or false; 1, 0, t, f, TRUE, FALSE also work)"
    )


def parse_url(raw: str) -> str:
    if not _URL.fullmatch(raw):
        raise ValueError(
            "is not a URL with a scheme and a host (such as https://example.com)"
        )
    return raw


def parse_path(raw: str) -> Path:
    return Path(os.path.expanduser(raw))


def parse_duration(raw: str) -> timedelta:
    """A Go duration (`time.ParseDuration`): `300ms`, `1m30s`, `-1.5h`, or `0`."""
    text = raw
    sign = 1
    if text[:1] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    if text == "0":
        return timedelta(0)
    micros = 0.0
    pos = 0
    while pos < len(text):
        match = _DURATION_PART.match(text, pos)
        if not match or match.group(1) in ("", "."):
            raise ValueError("is not a duration (such as 300ms, 1m30s or 2h)")
        micros += float(match.group(1)) * _MICROSECONDS[match.group(2)]
        pos = match.end()
    if not text:
        raise ValueError("is not a duration (such as 300ms, 1m30s or 2h)")
    if micros > _LONGEST_MICROSECONDS:
        raise ValueError("is too long a duration")
    return timedelta(microseconds=sign * round(micros))


def parse_json(raw: str) -> Any:
    def reject(constant: str) -> Any:
        raise ValueError(f"is not valid JSON ({constant} is not JSON)")

    try:
        return json.loads(raw, parse_constant=reject)
    except json.JSONDecodeError as err:
        raise ValueError(
            f"is not valid JSON ({err.msg} at position {err.pos})"
        ) from None


def list_parser(separator: str) -> Callable[[str], list[str]]:
    """Items split on the doc's separator and stripped; empty items are dropped."""
    name = (
        "a comma"
        if separator == ","
        else "a space" if separator == " " else repr(separator)
    )

    def parse_list(raw: str) -> list[str]:
        items = [
            item.strip()
            for item in (raw.split() if separator == " " else raw.split(separator))
        ]
        items = [item for item in items if item]
        if not items:
            raise ValueError(f"holds no items ({name}-separated list expected)")
        return items

    return parse_list


def enum_parser(choices: tuple[S, ...]) -> Callable[[str], S]:
    allowed = ", ".join(choices)

    def parse_enum(raw: str) -> S:
        for choice in choices:
            if raw == choice:
                return choice
        raise ValueError(f"is not one of: {allowed}")

    return parse_enum


def secret_of(parse: Callable[[str], T]) -> Callable[[str], Secret[T]]:
    def parse_secret(raw: str) -> Secret[T]:
        return Secret(parse(raw))

    return parse_secret


# ---- formatters: the inverse of the parsers, for to_env().


def format_bool(value: bool) -> str:
    return "true" if value else "false"


def format_duration(value: timedelta) -> str:
    """Go's `Duration.String()` layout, exact to the microsecond."""
    micros = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    if micros == 0:
        return "0s"
    sign = "-" if micros < 0 else ""
    micros = abs(micros)
    hours, micros = divmod(micros, 3_600_000_000)
    minutes, micros = divmod(micros, 60_000_000)
    seconds, micros = divmod(micros, 1_000_000)
    text = f"{hours}h" if hours else ""
    if hours or minutes:
        text += f"{minutes}m"
    if seconds or micros or not text:
        fraction = f".{micros:06d}".rstrip("0") if micros else ""
        text += f"{seconds}{fraction}s"
    return sign + text


def format_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def format_list(value: list[str], separator: str) -> str:
    return separator.join(value)


def reveal(value: Secret[T]) -> T:
    return value.reveal()
