"""A variable documented twice in one section: merge what agrees, refuse what contradicts.

Twice under the same heading is a slip (often a copied row whose name was never changed):
entries that agree merge, entries that contradict are an error. Twice under different
sub-headings is one setting described per context (S3, Azure...): the entries merge, each
description keeps its heading, and what differs between them (a default, a type) is dropped
to what holds for all of them, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model.diagnostics import Diagnostic
from ..model.document import Decision, Variable
from ..model.types import LOOSER, check_default


def merge_duplicate(first: Variable, again: Variable, path: str, section: str,
                    labelled: bool) -> tuple[Variable | None, Diagnostic]:
    """The merged variable (None: a conflict) and the diagnostic that reports it.

    `labelled`: `first` is already a merge of variants whose description carries their headings.
    """
    at = (path, again.line, again.column("name"))
    differences = _differences(first, again)
    if first.group == again.group or first.group is None or again.group is None:
        if differences:
            listing = "; ".join(f"{what}: {a!r} at line {first.line}, {b!r} at line {again.line}"
                                for what, a, b in differences)
            return None, Diagnostic(*at, "DV103", "error",
                                    f"{first.name} is documented twice in section {section!r} (lines {first.line} "
                                    f"and {again.line}) with different entries ({listing}); remove or rename one")
        return _same(first, again), Diagnostic(*at, "DV102", "info",
                                               f"{again.name} is documented again (first at line {first.line}) "
                                               "with an entry that agrees; the two are merged")
    merged, dropped = _variants(first, again, labelled)
    if not dropped:
        return merged, Diagnostic(*at, "DV102", "info",
                                  f"{again.name} is documented again under {again.group!r} (first at line "
                                  f"{first.line}, under {first.group!r}); merged, each description kept")
    return merged, Diagnostic(*at, "DV115", "warning",
                              f"{again.name} is documented under {first.group!r} (line {first.line}) and "
                              f"{again.group!r} (line {again.line}) with different {' and '.join(dropped)}; "
                              "merged with what holds for both: " + _what_holds(merged, dropped))


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def _stated_default(var: Variable) -> str | None:
    if var.default_ref is not None:
        return "$" + var.default_ref
    if var.default_literal is not None:
        return var.default_literal
    return None


def _differences(a: Variable, b: Variable) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    if a.required != b.required:
        found.append(("required", "yes" if a.required else "no", "yes" if b.required else "no"))
    if a.required_if and b.required_if and a.required_if != b.required_if:
        found.append(("required if", a.required_if.describe(), b.required_if.describe()))
    da, db = _stated_default(a), _stated_default(b)
    if da is not None and db is not None and da != db:
        found.append(("default", da, db))
    if a.type != b.type and "str" not in (a.type, b.type):
        found.append(("type", a.type, b.type))
    elif a.type == b.type == "enum" and a.choices != b.choices:
        found.append(("choices", ", ".join(a.choices or ()), ", ".join(b.choices or ())))
    na, nb = _normal(a.description), _normal(b.description)
    if na and nb and na not in nb and nb not in na:
        found.append(("description", a.description, b.description))
    return found


def _union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a + b))


def _same(first: Variable, again: Variable) -> Variable:
    """Two entries that agree: each field from the entry that states it."""
    richer = again if _stated_default(first) is None and _stated_default(again) is not None else first
    typed = again if first.type == "str" and again.type != "str" else first
    return replace(
        first,
        description=max((first.description, again.description), key=len),
        required_if=first.required_if or again.required_if,
        type=typed.type, choices=typed.choices, separator=typed.separator,
        default=richer.default, default_ref=richer.default_ref, default_text=richer.default_text,
        default_literal=richer.default_literal,
        secret=first.secret or again.secret,
        aliases=_union(first.aliases, again.aliases),
        file_twin=first.file_twin or again.file_twin,
        spellings=tuple(dict.fromkeys(first.spellings + again.spellings)),
        since=first.since or again.since,
        required_text=first.required_text or again.required_text,
        decisions=first.decisions + (Decision("merged", "documented again; the entries agree", f"line {again.line}"),),
    )


def _common_type(a: Variable, b: Variable) -> tuple[str, tuple[str, ...] | None, str | None]:
    """The strictest type both entries accept (enums of different choices meet at str)."""
    if a.type == b.type and (a.type != "enum" or a.choices == b.choices):
        return a.type, a.choices, a.separator
    chain_a = [a.type]
    while chain_a[-1] != "str":
        chain_a.append(LOOSER[chain_a[-1]])
    kind = b.type
    while kind not in chain_a or kind == "enum":
        kind = LOOSER[kind]
    return kind, None, (a.separator or b.separator) if kind == "list[str]" else None


def _variants(first: Variable, again: Variable, labelled: bool) -> tuple[Variable, list[str]]:
    dropped: list[str] = []
    kind, choices, separator = _common_type(first, again)
    if kind != first.type or kind != again.type:
        dropped.append("types")
    same_default = _stated_default(first) == _stated_default(again)
    if not same_default:
        dropped.append("defaults")
    if first.required != again.required or first.required_if != again.required_if:
        dropped.append("required")
    keep = first if same_default else replace(first, default=None, default_ref=None, default_literal=None)
    if keep.default_literal is not None and check_default(kind, choices, separator, keep.default_literal):
        keep = replace(keep, default=None, default_literal=None)
    label = first.description if labelled else _labelled(first)
    description = label if _normal(again.description) in _normal(label) else f"{label}\n{_labelled(again)}"
    merged = replace(
        keep,
        description=description,
        required=first.required and again.required,
        required_if=first.required_if if first.required_if == again.required_if else None,
        type=kind, choices=choices, separator=separator,
        default=keep.default if same_default else None,
        secret=first.secret or again.secret,
        aliases=_union(first.aliases, again.aliases),
        file_twin=first.file_twin or again.file_twin,
        spellings=tuple(dict.fromkeys(first.spellings + again.spellings)),
        decisions=first.decisions + (Decision("merged", f"also documented under {again.group}", f"line {again.line}"),),
    )
    return merged, dropped


def _labelled(var: Variable) -> str:
    return f"{var.group}: {var.description}" if var.description else f"{var.group}."


def _what_holds(var: Variable, dropped: list[str]) -> str:
    parts = []
    if "types" in dropped:
        parts.append(f"type {var.type}")
    if "defaults" in dropped:
        parts.append("no default")
    if "required" in dropped:
        parts.append("optional")
    return ", ".join(parts)
