"""Every name that reaches a section's variables, as the generated code reads them."""

from __future__ import annotations

from dataclasses import dataclass

from .document import Section, Variable


@dataclass(frozen=True, slots=True)
class SectionNames:
    """Canonical names, aliases and `_FILE` twins of a section's variables, and its families' members."""

    section: Section
    names: dict[str, Variable]  # canonical names, aliases and _FILE twins -> the variable

    @classmethod
    def of(cls, section: Section) -> SectionNames:
        names: dict[str, Variable] = {}
        for var in section.variables:
            for name in (var.name, *var.aliases, *([var.file_twin] if var.file_twin else [])):
                names.setdefault(name, var)
        return cls(section, names)

    def resolve(self, name: str) -> Variable | None:
        """The variable `name` sets: a plain one by any of its names, or the family member it fills."""
        var = self.names.get(name)
        if var is not None:
            return var
        for family in self.section.families:
            member = family.member_of(name)
            if member is not None:
                return member
        return None
