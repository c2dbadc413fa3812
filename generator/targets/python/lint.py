"""What the Python targets had to change to make the doc's names valid Python (DV201)."""

from __future__ import annotations

from ...model.diagnostics import Diagnostic
from ...model.document import Document
from ...model.lint import at
from .naming import python_identifier, unique_identifiers


def renamed_fields(doc: Document) -> list[Diagnostic]:
    """Variables whose field had to be renamed to stay unique in its section's class."""
    diags: list[Diagnostic] = []
    for section in doc.sections:
        names = [v.name for v in section.variables]
        for var, (ident, renamed) in zip(section.variables, unique_identifiers(names)):
            if renamed:
                diags.append(at(doc, var, "name", "DV201", "warning",
                                f"{var.name} would be the Python field {python_identifier(var.name)!r}, which "
                                f"another variable of section {section.title!r} already has; it is {ident!r}"))
    return diags
