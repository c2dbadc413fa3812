"""Recognise what a table column holds from its header text, not from its position."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Headers that can name the variable column, strongest first: a table with both an
# "Environment variable" and a "Name" column documents the variable in the first, and
# the other spells the same setting another way (a config-file key, a CLI flag).
_VARIABLE_HEADERS: tuple[tuple[str, ...], ...] = (
    ("environment variable", "environment variables", "env var", "env vars", "env variable", "env variables",
     "as an env var", "as env var", "as an environment variable", "as environment variable",
     "environment variable name", "env var name", "env name", "env key", "environment key", "environment", "env",
     "regular variable", "variable name", "variable", "variables"),
    ("name", "key", "setting", "option", "parameter"),
)
# Headers that only name variables generically: their cells must look like environment names.
GENERIC = frozenset(_VARIABLE_HEADERS[1])

_HEADERS: dict[str, tuple[str, ...]] = {
    "description": ("description", "purpose", "details", "notes", "meaning", "comment", "usage", "what it does"),
    "required": ("required", "is required", "mandatory", "required?"),
    "optional": ("optional", "optional?", "is optional"),
    "default": ("default", "default value", "defaults", "default values"),
    "required_default": ("required default", "default required", "required or default", "default or required"),
    "type": ("type", "format", "value type", "data type"),
    "choices": (
        "possible values", "options", "allowed values", "accepted values", "values",
        "valid values", "choices",
    ),
    "since": ("since", "added in", "introduced in", "available since", "version added", "added"),
}
_LOOKUP = {header: role for role, headers in _HEADERS.items() for header in headers}

# Columns that spell the same setting another way, kept on the variable: header start -> kind.
_SPELLINGS = (
    ("config key", "config key"), ("config file", "config key"), ("yaml", "config key"), ("toml", "config key"),
    ("json key", "config key"), ("configuration key", "config key"), ("config", "config key"),
    ("cli flag", "cli flag"), ("cli", "cli flag"), ("flag", "cli flag"), ("command line", "cli flag"),
    ("argument", "cli flag"),
)
# Columns that say something the model does not hold; recognised so they are not "unknown".
_KNOWN_EXTRA = ("containers", "workers", "example", "examples", "scope", "service", "services", "notes")


def fold(header: str) -> str:
    return re.sub(r"[^a-z0-9?]+", " ", header.lower()).strip()


@dataclass(frozen=True, slots=True)
class Columns:
    """Index of each recognised column (None when the table lacks it)."""

    variable: int | None
    variable_generic: bool  # the variable column's header is "Name", "Key"...: any name, not just env names
    description: int | None
    required: int | None
    required_inverted: bool  # the column is "Optional?": yes means not required
    default: int | None
    required_default: int | None  # one "Required / Default" column: "Required", or the default
    type: int | None
    choices: int | None
    since: int | None
    file_twin: int | None  # the Docker-secrets `NAME_FILE` twin of the variable
    spellings: tuple[tuple[int, str], ...]  # (index, kind): other spellings of the setting
    unknown: tuple[int, ...]
    variable_reason: str = "variable column"  # why the variable column is that one (explain shows it)


def _variable_column(folded: list[str]) -> tuple[int | None, bool]:
    for rank, headers in enumerate(_VARIABLE_HEADERS):
        for index, header in enumerate(folded):
            if header in headers or header.rstrip("?").strip() in headers:
                return index, rank > 0
    return None, False


def classify(headers: list[str]) -> Columns:
    folded = [fold(h) for h in headers]
    variable, generic = _variable_column(folded)
    found: dict[str, int] = {}
    spellings: list[tuple[int, str]] = []
    unknown: list[int] = []
    for index, header in enumerate(folded):
        if index == variable or not header:  # an empty header cell holds nothing docenv reads
            continue
        role = _LOOKUP.get(header) or _LOOKUP.get(header.rstrip("?").strip())
        if role is None and _is_twin_header(header) and "file_twin" not in found:
            role = "file_twin"
        if role is not None and role not in found:
            found[role] = index
            continue
        spelling = next((kind for start, kind in _SPELLINGS if header.startswith(start)), None)
        if spelling is None and any(header in group for group in _VARIABLE_HEADERS):
            spelling = "name"  # a second name column: another spelling of the same setting
        if spelling is not None:
            spellings.append((index, spelling))
        elif role is None and not any(header.startswith(x) for x in _KNOWN_EXTRA):
            unknown.append(index)
    required = found.get("required")
    inverted = required is None and "optional" in found
    return Columns(
        variable=variable,
        variable_generic=generic,
        description=found.get("description"),
        required=found.get("optional") if inverted else required,
        required_inverted=inverted,
        default=found.get("default"),
        required_default=found.get("required_default"),
        type=found.get("type"),
        choices=found.get("choices"),
        since=found.get("since"),
        file_twin=found.get("file_twin"),
        spellings=tuple(spellings),
        unknown=tuple(unknown),
    )


def _is_twin_header(folded: str) -> bool:
    """`_FILE variable`, `Equivalent Docker Secrets '_FILE' Variable`, `File twin`..."""
    words = folded.split()
    return "file" in words and any(w in words for w in ("variable", "variables", "secret", "secrets", "twin", "env"))
