"""The intermediate model every output is rendered from.

Plain frozen values: parsing builds them once, targets only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .values import is_family_key


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
    aliases: tuple[str, ...] = ()  # other names of the same setting; `name` is the canonical one
    file_twin: str | None = None  # NAME_FILE: names a file holding the value (the Docker-secrets convention)
    spellings: tuple[tuple[str, str], ...] = ()  # the setting spelled elsewhere: (("config key", "log.level"),)
    since: str | None = None  # the version that introduced it, as the doc writes it
    required_text: str | None = None  # a Required cell in words ("Yes when using S3"), kept as written
    decisions: tuple[Decision, ...] = field(default=(), compare=False)
    # 1-based column of each cell the variable came from, for diagnostics: (("default", 40), ...)
    columns: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def column(self, cell: str) -> int:
        return dict(self.columns).get(cell, 1)

    @property
    def has_default(self) -> bool:
        """True when the doc gives a literal default that the generated code applies."""
        return self.default is not None and not self.required


# What may fill a family's placeholder as a person writes it, in a keys list or a Helm values map (`redis`,
# `eu-west`, `s3_backup`): upper-cased with `-` as `_` (`values.env_key`), it is a segment of a variable's name.
FAMILY_KEY_PATTERN = r"^[A-Za-z0-9]+([_-][A-Za-z0-9]+)*$"


@dataclass(frozen=True, slots=True)
class Family:
    """Variables whose names hold a placeholder: STORAGE_<LOCATION>_DRIVER, STORAGE_<LOCATION>_ROOT...

    Each member's `name` is its pattern with the placeholder written `<PLACEHOLDER>`. A concrete
    name fills the placeholder with a key: STORAGE_S3_DRIVER is member DRIVER of key S3.
    """

    prefix: str  # "STORAGE_": the part before the placeholder (may be empty)
    placeholder: str  # "LOCATION"
    keys_variable: str | None  # "STORAGE_LOCATIONS": a documented list that names the keys
    line: int
    members: tuple[Variable, ...]

    @property
    def pattern(self) -> str:
        return f"{self.prefix}<{self.placeholder}>"

    def suffix(self, member: Variable) -> str:
        """`_DRIVER` for STORAGE_<LOCATION>_DRIVER; empty when the name ends in the placeholder."""
        return member.name[len(self.pattern):]

    def env_name(self, member: Variable, key: str) -> str:
        return f"{self.prefix}{key}{self.suffix(member)}"

    def member_of(self, name: str) -> Variable | None:
        """The member a concrete name fills (STORAGE_S3_DRIVER: DRIVER), as the generated code reads it:
        the longest suffix wins, and the key must be upper-case words (`runtime.is_family_key`)."""
        if not name.startswith(self.prefix):
            return None
        rest = name[len(self.prefix):]
        for member in sorted(self.members, key=lambda m: len(self.suffix(m)), reverse=True):
            suffix = self.suffix(member)
            if rest.endswith(suffix) and len(rest) > len(suffix):
                return member if is_family_key(rest[: len(rest) - len(suffix)]) else None
        return None


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    line: int
    command: str | None
    intro: str
    variables: tuple[Variable, ...]
    families: tuple[Family, ...] = ()

    @property
    def every_variable(self) -> tuple[Variable, ...]:
        """Plain variables, then the members of each family (named by their pattern)."""
        return self.variables + tuple(m for f in self.families for m in f.members)

    def variable(self, name: str) -> Variable | None:
        for var in self.every_variable:
            if var.name == name:
                return var
        return None


@dataclass(frozen=True, slots=True)
class Document:
    source: str  # the doc's path as shown to users
    sections: tuple[Section, ...]

    @property
    def variable_count(self) -> int:
        return sum(len(s.variables) + sum(len(f.members) for f in s.families) for s in self.sections)
