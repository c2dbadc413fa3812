"""Which cells of a table say what: the name cell as read, glued rows, a column of file twins."""

from __future__ import annotations

import re
from dataclasses import replace

from .blocks import Row, Table
from .columns import Columns
from .name_cells import NameCell, read_name_cell
from .rows import cell


def only_name(row: Row, index: int | None) -> bool:
    """Every cell but the name cell is empty: a group title, glued prose or a blank row."""
    return all(not c.text for i, c in enumerate(row.cells) if i != index)


_RAW_PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_-]*>")  # upper case: not an HTML tag such as <sup>


def name_text(row: Row, index: int | None) -> str:
    """The name cell as read; APP_<REGION>_NAME outside backticks keeps the <REGION> Markdown takes for HTML."""
    text, raw, _ = cell(row, index)
    if _RAW_PLACEHOLDER.search(raw) and not _RAW_PLACEHOLDER.search(text):
        return raw.replace("`", "").replace("**", "").replace("\\_", "_").strip()
    return text


def with_twin_column(table: Table, cols: Columns, names: list[NameCell]) -> Columns:
    """A column whose every filled cell is NAME_FILE of its row's variable holds the file twins."""
    if cols.file_twin is not None:
        return cols
    for index, _ in enumerate(table.header):
        if index == cols.variable:
            continue
        pairs = [(read_name_cell(cell(row, index)[0]), n) for row, n in zip(table.rows, names) if n.kind == "variable"]
        filled = [(t, n) for t, n in pairs if t.kind != "empty"]
        if filled and all(t.kind == "variable" and t.names[0] == n.names[0] + "_FILE" for t, n in filled):
            return replace(cols, file_twin=index, unknown=tuple(i for i in cols.unknown if i != index),
                           spellings=tuple(s for s in cols.spellings if s[0] != index))
    return cols
