"""Apply `[tool.docenv.docs] overrides` where the doc is silent or ambiguous, and say so in explain."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..model.diagnostics import Diagnostic
from ..model.document import Decision, Document, Section, Variable
from ..model.types import TYPES, check_default, typed_default


def apply(doc: Document, overrides: dict[str, dict[str, Any]], origin: str) -> tuple[Document, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    used: set[str] = set()
    sections: list[Section] = []
    def overridden(var: Variable, section: Section) -> Variable:
        for key in (var.name, f"{section.id}.{var.name}"):
            if key in overrides:
                used.add(key)
                var = _override(var, overrides[key], origin, diags, doc.source)
        return var

    for section in doc.sections:
        variables = tuple(overridden(v, section) for v in section.variables)
        families = tuple(replace(f, members=tuple(overridden(m, section) for m in f.members))
                         for f in section.families)
        sections.append(replace(section, variables=variables, families=families))
    for key in sorted(set(overrides) - used):
        diags.append(Diagnostic(origin, 1, 1, "DV112", "warning",
                                f"override {key!r} matches no documented variable"))
    return replace(doc, sections=tuple(sections)), diags


def _override(var: Variable, change: dict[str, Any], origin: str, diags: list[Diagnostic], source: str) -> Variable:
    decisions = list(var.decisions)
    fields: dict[str, Any] = {}
    for key in sorted(change):
        decisions.append(Decision(key, f"override in {origin}", str(change[key])))
        fields[key] = tuple(change[key]) if key == "choices" else change[key]
    kind = fields.get("type", var.type)
    if kind not in TYPES:
        diags.append(Diagnostic(origin, 1, 1, "DV112", "error",
                                f"override of {var.name}: type {kind!r} is not one of {', '.join(TYPES)}"))
        return var
    choices = fields.get("choices", var.choices if kind == "enum" else None)
    separator = fields.get("separator", var.separator or ("," if kind == "list[str]" else None))
    if kind != "list[str]":
        separator = None
    default = var.default
    literal = var.default_literal
    if literal is not None:
        reason = check_default(kind, choices, separator, literal)
        if reason is not None:
            diags.append(Diagnostic(source, var.line, var.column("default"), "DV112", "error",
                                    f"override of {var.name} makes it {kind}, but its documented default "
                                    f"{literal!r} {reason}"))
            return var
        default = typed_default(kind, separator, literal)
    fields.update(type=kind, choices=choices, separator=separator, default=default, decisions=tuple(decisions))
    return replace(var, **fields)
