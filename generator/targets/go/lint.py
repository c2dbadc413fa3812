"""What the Go target had to change to give every variable its own struct field (DV203)."""

from __future__ import annotations

from ...model.diagnostics import Diagnostic
from ...model.document import Document
from ...model.lint import at
from .fields import FIELD_RESERVED
from .naming import Names, exported


def renamed_fields(doc: Document) -> list[Diagnostic]:
    """Variables whose Go field took a number because another variable of the section has its name."""
    diags: list[Diagnostic] = []
    for section in doc.sections:
        names = Names(set(FIELD_RESERVED))
        for var in section.variables:
            base = exported(var.name)
            ident = names.take(base)
            if ident != base:
                diags.append(at(doc, var, "name", "DV203", "warning",
                                f"{var.name} would be the Go field {base}, which another variable of section "
                                f"{section.title!r} (or the struct's ToEnv method) already has; it is {ident}"))
    return diags
