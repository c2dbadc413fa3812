"""What the Helm target had to change to give every variable its own values key (DV202)."""

from __future__ import annotations

from ...model.diagnostics import Diagnostic
from ...model.document import Document
from ...model.lint import at
from .layout import RESERVED, family_values_keys
from .values_paths import values_paths_renamed


def renamed_keys(doc: Document) -> list[Diagnostic]:
    """Variables, and families' maps, whose values key took a number because theirs was taken."""
    diags: list[Diagnostic] = []
    for section in doc.sections:
        paths, moved = values_paths_renamed([v.name for v in section.variables], RESERVED)
        for var in section.variables:
            if var.name in moved:
                diags.append(at(doc, var, "name", "DV202", "warning",
                                f"{var.name} would take a Helm values key another variable (or the chart) "
                                f"already has; it is {'.'.join(paths[var.name])}"))
        keys, renamed_families = family_values_keys(section, paths)
        for family, key in zip(section.families, keys):
            if family in renamed_families:
                diags.append(Diagnostic(doc.source, family.line, 1, "DV202", "warning",
                                        f"the map of {family.pattern}... would take a Helm values key another "
                                        f"variable (or the chart) already has; it is {key}"))
    return diags
