"""The intermediate model every output is rendered from.

Plain frozen values: parsing builds them once, targets only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The type vocabulary, from the strictest reading to the loosest.
TYPES = ("str", "int", "float", "bool", "url", "path", "duration", "list[str]", "json", "enum")


@dataclass(frozen=True, slots=True)
class Decision:
    """Why one field of a variable has the value it has: the rule and the text it read."""

    field: str
    rule: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Condition:
    """`required_if`: the variable is required when `variable` has one of `values` (no values: is set)."""

    variable: str
    values: tuple[str, ...]

    def describe(self) -> str:
        if not self.values:
            return f"{self.variable} is set"
        return f"{self.variable} is {' or '.join(self.values)}"


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    section: str
    group: str | None
    description: str
    line: int
    required: bool
    required_if: Condition | None
    type: str
    choices: tuple[str, ...] | None
    separator: str | None
    default: Any  # the documented default parsed into `type` (JSON-compatible), or None
    default_ref: str | None  # the default is the value of this other variable
    default_text: str  # the default cell as written
    default_literal: str | None  # the literal default, unquoted: the environment string that means it
    secret: bool
    decisions: tuple[Decision, ...] = field(default=(), compare=False)
    # 1-based column of each cell the variable came from, for diagnostics: (("default", 40), ...)
    columns: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def column(self, cell: str) -> int:
        return dict(self.columns).get(cell, 1)

    @property
    def has_default(self) -> bool:
        """True when the doc gives a literal default that the generated code applies."""
        return self.default is not None and not self.required


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    line: int
    command: str | None
    intro: str
    variables: tuple[Variable, ...]

    def variable(self, name: str) -> Variable | None:
        for var in self.variables:
            if var.name == name:
                return var
        return None


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # the doc's path as shown to users
    sections: tuple[Section, ...]

    @property
    def variable_count(self) -> int:
        return sum(len(s.variables) for s in self.sections)
