"""Lint rules that look across the model: contradictions the doc must resolve, never docenv."""

from __future__ import annotations

from .diagnostics import Diagnostic
from .model import Document, Variable


def lint_document(doc: Document) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    everywhere = {v.name for s in doc.sections for v in s.variables}
    for section in doc.sections:
        names = {v.name for v in section.variables}
        for var in section.variables:
            if var.required and var.default is not None:
                diags.append(_at(doc, var, "default", "DV105", "warning",
                                 f"{var.name} is required but also documents the default {var.default_text!r}; "
                                 "a required variable has no default, so it is not applied "
                                 "(make it optional or drop the default)"))
            if var.required_if is not None and var.required_if.variable not in names:
                diags.append(_at(doc, var, "description", "DV108", "warning",
                                 f"{var.name} is required if {var.required_if.describe()}, but section "
                                 f"{section.title!r} does not document {var.required_if.variable}"))
            if var.default_ref is not None and var.default_ref not in everywhere:
                diags.append(_at(doc, var, "default", "DV109", "warning",
                                 f"default of {var.name} is the value of {var.default_ref}, "
                                 "which the doc does not document"))
    diags.extend(_conflicting_defaults(doc))
    return diags


def _conflicting_defaults(doc: Document) -> list[Diagnostic]:
    """The same variable with different defaults in different sections (one of them is likely a copy slip)."""
    seen: dict[str, list[tuple[str, Variable]]] = {}
    for section in doc.sections:
        for var in section.variables:
            seen.setdefault(var.name, []).append((section.title, var))
    diags: list[Diagnostic] = []
    for name, entries in seen.items():
        documented = [(title, var) for title, var in entries if var.default_text.strip()]
        if len({var.default_text.strip().strip("`") for _, var in documented}) < 2:
            continue
        listing = "; ".join(f"{var.default_text.strip()!r} in {title} (line {var.line})" for title, var in documented)
        for title, var in documented:
            diags.append(_at(doc, var, "default", "DV104", "warning",
                             f"{name} has conflicting defaults across sections: {listing}"))
    return diags


def _at(doc: Document, var: Variable, cell: str, code: str, severity: str, message: str) -> Diagnostic:
    return Diagnostic(doc.source, var.line, var.column(cell), code, severity, message)
