"""Runtime support for generated config classes: parsing, secrets and error collection.

docenv copies this module verbatim into every generated package (as `_runtime.py`), so it
uses the standard library only. docenv itself uses the same parsers to check documented
defaults, so the generator and the generated code can never disagree about a value.
The parsing rules follow the Go services these variables are usually read by.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, fields
from datetime import timedelta
from pathlib import Path
from collections.abc import Mapping
from typing import Any, Callable, Generic, TypeVar, cast
from urllib.parse import urlsplit

T = TypeVar("T")
S = TypeVar("S", bound=str)

MASK = "**********"


class Secret(Generic[T]):
    """A value that never shows itself in repr, str, logs or errors; `.reveal()` gives it."""

    __slots__ = ("_value",)

    def __init__(self, value: T) -> None:
        self._value = value

    def reveal(self) -> T:
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and bool(self._value == other._value)

    def __hash__(self) -> int:
        return hash(("Secret", repr(type(self._value))))

    def __reduce__(self) -> Any:
        raise TypeError("a Secret cannot be pickled")

    # The value is never changed, so a copy can be the same object (and asdict/deepcopy work).
    def __copy__(self) -> Secret[T]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret[T]:
        return self


@dataclass(frozen=True, slots=True)
class Problem:
    variable: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.variable} (line {self.line}): {self.message}"


class ConfigError(ValueError):
    """Every problem found in one environment, each naming its variable and doc line."""

    def __init__(self, config: str, source: str, problems: list[Problem]) -> None:
        self.config = config
        self.source = source
        self.problems = tuple(problems)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        lines = "".join(f"\n  - {p}" for p in problems)
        super().__init__(
            f"{config}: {count} in the environment (documented in {source}):{lines}"
        )


# ---- parsers: each takes the raw (non-empty) text and returns the typed value, or raises
# ValueError with a message that never repeats the value (the caller adds it when safe).

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# strconv.ParseBool accepts exactly these spellings.
_TRUE = frozenset(("1", "t", "T", "TRUE", "true", "True"))
_FALSE = frozenset(("0", "f", "F", "FALSE", "false", "False"))
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


def parse_str(raw: str) -> str:
    return raw


def parse_int(raw: str) -> int:
    if not _INT.fullmatch(raw):
        raise ValueError("is not an integer")
    return int(raw)


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
    try:
        parts = urlsplit(raw)
    except ValueError:
        raise ValueError("is not a URL") from None
    if not parts.scheme or not parts.netloc:
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
    try:
        return timedelta(microseconds=sign * round(micros))
    except OverflowError:
        raise ValueError("is too long a duration") from None


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


# ---- reading one environment


class Problems:
    """The problems found while reading one environment; generated from_env() calls it per value.

    Variables are named by their doc line; the name is looked up (in the config class's field
    metadata) only when there is a problem to report, so reading stays cheap. Names filled in
    at run time (STORAGE_S3_ROOT for STORAGE_<LOCATION>_ROOT) are passed as `name`.
    """

    __slots__ = ("config", "found", "files")

    def __init__(self, config: type) -> None:
        self.config = config
        self.found: list[Problem] = []
        self.files: dict[str, str] = {}  # variable -> the file its value was read from

    def __call__(
        self,
        parse: Callable[[str], T],
        raw: str,
        line: int,
        secret: bool = False,
        name: str | None = None,
    ) -> T:
        """`parse(raw)`, or a recorded problem (never showing a secret's value) and a placeholder."""
        try:
            return parse(raw)
        except ValueError as err:
            variable = name or self._name(line)
            if variable in self.files:
                shown = f"the value in {self.files[variable]}"
            else:
                shown = "the value" if secret else repr(raw)
            self.found.append(Problem(variable, line, f"{shown} {err}"))
            return cast(T, None)  # never reaches a config: from_env raises first

    def missing(
        self,
        line: int,
        reason: str = "is required but not set",
        name: str | None = None,
    ) -> Any:
        """Record a missing variable; the placeholder it returns never reaches a config."""
        variable = name or self._name(line)
        if not any(
            p.variable == variable for p in self.found
        ):  # one problem per variable
            self.found.append(Problem(variable, line, reason))
        return None

    def one_of(
        self, get: Callable[[str], str | None], names: tuple[str, ...], line: int
    ) -> str | None:
        """The value of the first of a setting's names that is set; two set differently is a problem."""
        found = [(n, v) for n, v in ((n, get(n)) for n in names) if v]
        if len({v for _, v in found}) > 1:
            both = " and ".join(n for n, _ in found)
            self.found.append(
                Problem(names[0], line, f"{both} are set to different values; set one")
            )
        return found[0][1] if found else None

    def from_file(
        self,
        get: Callable[[str], str | None],
        value: str | None,
        name: str,
        twin: str,
        line: int,
    ) -> str | None:
        """`value` (read from `name`), or the text of the file `twin` names (Docker secrets)."""
        path = get(twin)
        if not path:
            return value
        if value:
            self.found.append(
                Problem(name, line, f"is set, and so is {twin}; set one or the other")
            )
            return value
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as err:
            why = getattr(err, "strerror", None) or "it is not UTF-8 text"
            self.found.append(
                Problem(
                    name, line, f"{twin} names {path!r}, which cannot be read: {why}"
                )
            )
            return None
        self.files[name] = path
        return text[:-2] if text.endswith("\r\n") else text.removesuffix("\n")

    def _name(self, line: int) -> str:
        for spec in fields(self.config):
            if spec.metadata.get("line") == line:
                return str(spec.metadata["env"])
        return f"line {line}"

    def raise_any(self, source: str) -> None:
        if self.found:
            raise ConfigError(self.config.__name__, source, self.found)


# ---- templated names: STORAGE_<LOCATION>_ROOT read for every LOCATION key.

_KEY = re.compile(r"[A-Z0-9]+(?:_[A-Z0-9]+)*")


def env_key(key: str) -> str:
    """The key as it appears in a variable's name: `s3` -> `S3`, `eu-west` -> `EU_WEST`."""
    return key.upper().replace("-", "_")


def is_family_key(key: str) -> bool:
    """True for what fills a family's placeholder: upper-case words of letters and digits (S3, EU_WEST)."""
    return _KEY.fullmatch(key) is not None


def scan_keys(
    env: Mapping[str, str],
    prefix: str,
    suffixes: tuple[str, ...],
    ignore: tuple[str, ...] = (),
) -> list[str]:
    """Keys (lower-case, sorted) of every set PREFIX<KEY>SUFFIX name; the longest suffix wins.

    `ignore`: documented variables of their own that happen to fit the pattern.
    """
    ordered = sorted(suffixes, key=len, reverse=True)
    keys: set[str] = set()
    for name, value in env.items():
        if not value or not name.startswith(prefix) or name in ignore:
            continue
        rest = name[len(prefix) :]
        for suffix in ordered:
            if rest.endswith(suffix) and len(rest) > len(suffix):
                key = rest[: len(rest) - len(suffix)]
                if is_family_key(key):
                    keys.add(key.lower())
                break
    return sorted(keys)


def list_keys(raw: str, separator: str) -> list[str]:
    """The keys a list variable names (STORAGE_LOCATIONS=local,s3): lower-case, in order, once each."""
    parts = raw.split() if separator == " " else raw.split(separator)
    return list(dict.fromkeys(part.strip().lower() for part in parts if part.strip()))
