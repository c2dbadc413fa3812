"""Lint rules that look across the model: contradictions the doc must resolve, never docenv."""

from __future__ import annotations

from .diagnostics import Diagnostic
from .document import Document, Section, Variable


def lint_document(doc: Document) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    everywhere = {v.name for s in doc.sections for v in s.every_variable}
    for section in doc.sections:
        names = {v.name for v in section.every_variable}
        for var in section.every_variable:
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
            elif var.default_ref is not None:
                diags.extend(_reference_default_fits(doc, var, section))
    diags.extend(_conflicting_defaults(doc))
    diags.extend(_renamed_names(doc))
    return diags


def _renamed_names(doc: Document) -> list[Diagnostic]:
    """Names the outputs had to change to keep them unique (Python fields, Helm values keys)."""
    from ..targets.helm.chart import RESERVED, family_values_keys
    from .naming import python_identifier, unique_identifiers
    from ..targets.helm.values_paths import values_paths_renamed

    diags: list[Diagnostic] = []
    for section in doc.sections:
        names = [v.name for v in section.variables]
        paths, moved = values_paths_renamed(names, RESERVED)
        for var, (ident, renamed) in zip(section.variables, unique_identifiers(names)):
            if renamed:
                diags.append(_at(doc, var, "name", "DV201", "warning",
                                 f"{var.name} would be the Python field {python_identifier(var.name)!r}, which "
                                 f"another variable of section {section.title!r} already has; it is {ident!r}"))
            if var.name in moved:
                diags.append(_at(doc, var, "name", "DV202", "warning",
                                 f"{var.name} would take a Helm values key another variable (or the chart) "
                                 f"already has; it is {'.'.join(paths[var.name])}"))
        keys, renamed_families = family_values_keys(section, paths)
        for family, key in zip(section.families, keys):
            if family in renamed_families:
                diags.append(Diagnostic(doc.source, family.line, 1, "DV202", "warning",
                                        f"the map of {family.pattern}... would take a Helm values key another "
                                        f"variable (or the chart) already has; it is {key}"))
    return diags


def _reference_default_fits(doc: Document, var: Variable, section: Section) -> list[Diagnostic]:
    """`$OTHER` falls back to OTHER's own default: that default must be a valid value of this variable."""
    from ..read.infer import check_default
    from ..targets.python.package import reference_chain

    documented = {v.name: v for s in doc.sections for v in s.every_variable} | {
        v.name: v for v in section.every_variable}
    _, literal = reference_chain(var, documented)
    reason = check_default(var.type, var.choices, var.separator, literal) if literal is not None else None
    if reason is None:
        return []
    return [_at(doc, var, "default", "DV113", "warning",
                f"default of {var.name} is the value of {var.default_ref}, whose documented default "
                f"{literal!r} {reason}; with neither set, {var.name} is invalid")]


def _conflicting_defaults(doc: Document) -> list[Diagnostic]:
    """The same variable with different defaults in different sections (one of them is likely a copy slip)."""
    seen: dict[str, list[tuple[str, Variable]]] = {}
    for section in doc.sections:
        for var in section.every_variable:
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
