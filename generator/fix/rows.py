"""The rows `docenv fix` adds: one per variable a section's code, compose service or chart reads or sets and the
section does not document, its cells drafted from what the code declares.

Type, default and required-ness come from the reads that declare them (a struct tag's default, a pydantic
field's, `os.getenv("X", "8080")`), in the order scan found them, and a variable read with a default is not
required; a value a compose file or a chart sets is an example of a deployment, not a default, so it is never
one. The description is a placeholder that lint reports (DV119) until someone writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..generate.parse import parse_document
from ..model.errors import DocenvError
from ..model.lint import PLACEHOLDER
from ..read.columns import Columns
from ..scan.found import READ, Place
from .table_edit import code_span, plain


@dataclass(frozen=True, slots=True)
class NewRow:
    name: str
    type: str | None
    default: str | None
    required: bool | None
    choices: tuple[str, ...]
    where: str  # the first place it is read or set, for the placeholder


def draft_row(name: str, places: list[Place]) -> NewRow:
    declared = [p.declared for p in places if p.declared is not None and p.kind == READ]
    kind = next((d.type for d in declared if d.type), None)
    default = next((d.default for d in declared if d.default not in (None, "")), None)
    required = next((d.required for d in declared if d.required is not None), None)
    if required is None and default is not None:
        required = False  # a read that falls back to a default never fails for want of the variable
    choices = next((d.choices for d in declared if d.choices), ())
    first = places[0]
    return NewRow(name, kind, default, required, choices, f"{first.path}:{first.line}")


@dataclass(frozen=True, slots=True)
class TableVoice:
    """How a table writes its cells: backticked names and defaults, its words for required."""

    backticks: bool
    default_backticks: bool
    yes: str
    no: str


def voice_of(cells: list[tuple[str, str, str]]) -> TableVoice:
    """From the table's rows as (raw name cell, raw required cell, raw default cell)."""
    names = [n.strip() for n, _, _ in cells if n.strip()]
    defaults = [d.strip() for _, _, d in cells if d.strip()]
    required = [r.strip() for _, r, _ in cells if r.strip()]
    pairs = (("true", "false"), ("yes", "no"), ("Yes", "No"), ("✅", "❌"), ("Required", "Optional"),
             ("required", "optional"), ("True", "False"), ("✔️", ""), ("x", ""))
    yes, no = max(pairs, key=lambda p: sum(cell in p for cell in required)) if required else ("true", "false")
    return TableVoice(sum(n.startswith("`") for n in names) * 2 >= len(names) if names else True,
                      sum(d.startswith("`") for d in defaults) * 2 > len(defaults) if defaults else False, yes, no)


def cells_for(row: NewRow, columns: Columns, width: int, voice: TableVoice) -> list[str]:
    cells = [""] * width
    put = {columns.variable: code_span(row.name) if voice.backticks else plain(row.name),
           columns.description: f"{PLACEHOLDER} describe {row.name} (found at {plain(row.where)})"}
    if columns.required is not None and row.required is not None:
        truth = row.required != columns.required_inverted
        put[columns.required] = voice.yes if truth else voice.no
    default = _default_cell(row.default, voice) if row.default is not None else ""
    if columns.default is not None:
        put[columns.default] = default
    if columns.required_default is not None:
        put[columns.required_default] = "Required" if row.required else default
    if columns.type is not None and row.type is not None:
        put[columns.type] = row.type if row.type != "enum" else "enum"
    if columns.choices is not None and row.choices:
        put[columns.choices] = ", ".join(code_span(c) for c in row.choices)
    for index, text in put.items():
        if index is not None and index < width:
            cells[index] = text
    return cells


def _default_cell(value: str, voice: TableVoice) -> str:
    """The default as a cell that docenv reads back as exactly `value`; "" when no cell would (a default of
    `none`, `-` or `$OTHER` means something else in a doc, backticks inside cannot be written plainly)."""
    cell = code_span(value) if voice.default_backticks or _needs_span(value) else plain(value)
    return cell if _reads_back(cell) == value else ""


@lru_cache(maxsize=256)
def _reads_back(cell: str) -> object:
    table = f"| Variable | Description | Default |\n| --- | --- | --- |\n| `X_PROBE` | x | {cell} |\n"
    try:
        var = parse_document(table, "probe.md").document.sections[0].variables[0]
    except (DocenvError, IndexError):
        return None
    return var.default_literal if var.default_ref is None else None


def _needs_span(text: str) -> bool:
    """A default that plain cell text would change (markup, escapes, HTML, surrounding spaces)."""
    return any(c in text for c in "|`*_<>[]\\#") or text != text.strip()
