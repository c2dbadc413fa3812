"""Recognise what a table column holds from its header text, not from its position."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Header words (lower-case, punctuation folded to spaces) for each column role.
_HEADERS: dict[str, tuple[str, ...]] = {
    "variable": (
        "variable", "variables", "name", "env var", "env vars", "env", "key",
        "environment variable", "environment variables", "environment", "env variable",
        "regular variable", "variable name", "setting", "as an env var",
    ),
    "description": ("description", "purpose", "details", "notes", "meaning", "comment", "usage"),
    "required": ("required", "is required", "mandatory", "required?"),
    "optional": ("optional", "optional?", "is optional"),
    "default": ("default", "default value", "defaults", "default values"),
    "type": ("type", "format", "value type", "data type"),
    "choices": (
        "possible values", "options", "allowed values", "accepted values", "values",
        "valid values", "choices",
    ),
}
_LOOKUP = {header: role for role, headers in _HEADERS.items() for header in headers}

# Columns that say something the model does not hold yet; recognised so they are not "unknown".
_KNOWN_EXTRA = ("containers", "workers", "since", "example", "examples", "scope", "cli flag", "config key")


def _fold(header: str) -> str:
    return re.sub(r"[^a-z0-9?]+", " ", header.lower()).strip()


@dataclass(frozen=True, slots=True)
class Columns:
    """Index of each recognised column (None when the table lacks it)."""

    variable: int | None
    description: int | None
    required: int | None
    required_inverted: bool  # the column is "Optional?": yes means not required
    default: int | None
    type: int | None
    choices: int | None
    unknown: tuple[int, ...]


def classify(headers: list[str]) -> Columns:
    found: dict[str, int] = {}
    unknown: list[int] = []
    for index, header in enumerate(headers):
        folded = _fold(header)
        role = _LOOKUP.get(folded) or _LOOKUP.get(folded.rstrip("?").strip())
        if role is None or role in found:
            if role is None and folded and not any(folded.startswith(x) for x in _KNOWN_EXTRA):
                unknown.append(index)
            continue
        found[role] = index
    required = found.get("required")
    inverted = required is None and "optional" in found
    return Columns(
        variable=found.get("variable"),
        description=found.get("description"),
        required=found.get("optional") if inverted else required,
        required_inverted=inverted,
        default=found.get("default"),
        type=found.get("type"),
        choices=found.get("choices"),
        unknown=tuple(unknown),
    )
