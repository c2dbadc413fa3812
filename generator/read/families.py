"""Templated names (STORAGE_<LOCATION>_DRIVER) -> families keyed by their placeholder."""

from __future__ import annotations

from dataclasses import replace

from ..model.diagnostics import Diagnostic
from ..model.document import Decision, Family, Variable

DEFAULT_PLACEHOLDER = "NAME"  # for a bare `*`, when no member of the family names it


def split_pattern(name: str) -> tuple[str, str, str]:
    """`STORAGE_<LOCATION>_ROOT` -> ("STORAGE_", "LOCATION", "_ROOT")."""
    prefix, rest = name.split("<", 1)
    placeholder, suffix = rest.split(">", 1)
    return prefix, placeholder, suffix


def build_families(members: list[Variable], documented: dict[str, Variable], path: str,
                   diags: list[Diagnostic]) -> tuple[list[Family], dict[str, Variable]]:
    """Families of one section, in doc order, and the keys variables they retyped as lists (by name)."""
    by_prefix: dict[str, list[Variable]] = {}
    for member in members:
        by_prefix.setdefault(split_pattern(member.name)[0], []).append(member)
    families: list[Family] = []
    retyped: dict[str, Variable] = {}
    for prefix, group in by_prefix.items():
        named = [split_pattern(m.name)[1] for m in group if split_pattern(m.name)[1]]
        keys = _keys_variable(prefix, named, documented)
        placeholder = named[0] if named else _placeholder_from(keys, prefix) or DEFAULT_PLACEHOLDER
        for other in dict.fromkeys(named):
            if other != placeholder:
                line = next(m.line for m in group if split_pattern(m.name)[1] == other)
                diags.append(Diagnostic(path, line, 1, "DV116", "info",
                                        f"{prefix}<{other}>... shares its prefix with {prefix}<{placeholder}>...; "
                                        f"read as one family keyed by {placeholder}"))
        renamed = [_with_placeholder(m, placeholder) for m in group]
        if keys is not None and keys.type != "list[str]":
            keys = replace(keys, type="list[str]", choices=None, separator=",", default=_as_list(keys),
                           decisions=keys.decisions + (Decision("type", "names the keys of a templated family",
                                                                f"{prefix}<{placeholder}>"),))
            retyped[keys.name] = keys
        families.append(Family(prefix, placeholder, keys.name if keys else None, renamed[0].line, tuple(renamed)))
    return families, retyped


def _with_placeholder(member: Variable, placeholder: str) -> Variable:
    prefix, _, suffix = split_pattern(member.name)
    name = f"{prefix}<{placeholder}>{suffix}"
    return member if name == member.name else replace(member, name=name)


def _keys_variable(prefix: str, named: list[str], documented: dict[str, Variable]) -> Variable | None:
    """A documented variable that lists the keys: STORAGE_LOCATIONS for STORAGE_<LOCATION>_..."""
    for placeholder in dict.fromkeys(named):
        plural = placeholder[:-1] + "IES" if placeholder.endswith("Y") else placeholder + "S"
        for candidate in (prefix + plural, prefix + placeholder + "ES", prefix + placeholder + "_LIST",
                          prefix + placeholder + "_NAMES", plural):
            if candidate in documented:
                return documented[candidate]
    if not named:  # STORAGE_*_ROOT: any STORAGE_<PLURAL> list
        for name, var in documented.items():
            if name.startswith(prefix) and name.endswith("S") and var.type == "list[str]":
                return var
    return None


def _placeholder_from(keys: Variable | None, prefix: str) -> str | None:
    if keys is None:
        return None
    plural = keys.name[len(prefix):] if keys.name.startswith(prefix) else keys.name
    return plural[:-3] + "Y" if plural.endswith("IES") else plural[:-1] if plural.endswith("S") else None


def _as_list(var: Variable) -> list[str] | None:
    if var.default_literal is None:
        return None
    return [part.strip() for part in var.default_literal.split(",") if part.strip()]
