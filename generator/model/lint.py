"""Lint rules that look across the model: contradictions the doc must resolve, never docenv.

Each output may add findings of its own (a name it had to change, say): `lint_document` gathers
what the outputs' rules find beside its own, so an output's rules live with the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .defaults import reference_chain
from .diagnostics import Diagnostic
from .document import Document, Section, Variable
from .types import check_default

# The description `docenv fix` writes in a row it adds, until someone writes the real one (DV119).
PLACEHOLDER = "TODO(docenv):"

# An output's own lint rule: the document in, its findings out.
LintRule = Callable[[Document], list[Diagnostic]]


def lint_document(doc: Document, output_rules: Iterable[LintRule] = ()) -> list[Diagnostic]:
    """The model's findings, then those of each output's rules (`output_rules`)."""
    diags: list[Diagnostic] = []
    everywhere = {v.name for s in doc.sections for v in s.every_variable}
    for section in doc.sections:
        names = {v.name for v in section.every_variable}
        for var in section.every_variable:
            if var.required and var.default is not None:
                diags.append(at(doc, var, "default", "DV105", "warning",
                                f"{var.name} is required but also documents the default {var.default_text!r}; "
                                "a required variable has no default, so it is not applied "
                                "(make it optional or drop the default)"))
            if var.required_if is not None and var.required_if.variable not in names:
                diags.append(at(doc, var, "description", "DV108", "warning",
                                f"{var.name} is required if {var.required_if.describe()}, but section "
                                f"{section.title!r} does not document {var.required_if.variable}"))
            if var.default_ref is not None and var.default_ref not in everywhere:
                diags.append(at(doc, var, "default", "DV109", "warning",
                                f"default of {var.name} is the value of {var.default_ref}, "
                                "which the doc does not document"))
            elif var.default_ref is not None:
                diags.extend(_reference_default_fits(doc, var, section))
            if var.description.startswith(PLACEHOLDER):
                diags.append(at(doc, var, "description", "DV119", "warning",
                                f"{var.name} still has the placeholder description `docenv fix` wrote; say what "
                                "it is for"))
    diags.extend(_conflicting_defaults(doc))
    for rule in output_rules:
        diags.extend(rule(doc))
    return diags


def _reference_default_fits(doc: Document, var: Variable, section: Section) -> list[Diagnostic]:
    """`$OTHER` falls back to OTHER's own default: that default must be a valid value of this variable."""
    documented = {v.name: v for s in doc.sections for v in s.every_variable} | {
        v.name: v for v in section.every_variable}
    _, literal = reference_chain(var, documented)
    reason = check_default(var.type, var.choices, var.separator, literal) if literal is not None else None
    if reason is None:
        return []
    return [at(doc, var, "default", "DV113", "warning",
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
            diags.append(at(doc, var, "default", "DV104", "warning",
                            f"{name} has conflicting defaults across sections: {listing}"))
    return diags


def at(doc: Document, var: Variable, cell: str, code: str, severity: str, message: str) -> Diagnostic:
    return Diagnostic(doc.source, var.line, var.column(cell), code, severity, message)
