"""Which columns and rows of a table say what: the name cell as read, glued rows, a column of file twins,
and whether a table documents variables at all."""

from __future__ import annotations

import re
from dataclasses import replace

from .blocks import Row, Table
from .columns import Columns
from .name_cells import ENV_STYLE, NameCell, read_name_cell
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


# A column found by its cells: at least this many names, and this share of its filled cells.
_MIN_NAMES = 2
_MIN_SHARE = 2 / 3


def variable_column_by_cells(table: Table, cols: Columns) -> tuple[Columns, str | None]:
    """The variable column read from the cells when no header names it, or when a generic header ("Name",
    "Key", "Setting") heads config-file keys (`log.level`) and another column holds the environment names.

    A column qualifies when most of its filled cells are each one environment name (ENV_STYLE, often in
    backticks): the names column wins over the one its header claimed. Returns the columns and, when the
    cells decided, the reason (for lint and explain).
    """
    if cols.variable is not None and (not cols.variable_generic or _env_share(table, cols.variable)[0] >= _MIN_SHARE):
        return cols, None
    taken = {cols.description, cols.required, cols.default, cols.required_default, cols.type, cols.choices,
             cols.since, cols.file_twin}
    best: tuple[float, int, int] | None = None  # (share, names, index)
    for index in range(len(table.header)):
        if index in taken or index == cols.variable:
            continue
        share, count = _env_share(table, index)
        if count >= _MIN_NAMES and share >= _MIN_SHARE and (best is None or (share, count) > best[:2]):
            best = (share, count, index)
    if best is None:
        return cols, None
    share, count, index = best
    header = table.header[index].text
    filled = round(count / share)
    reason = (f"no header names the variable column; the {header!r} column was taken because {count} of its "
              f"{filled} filled cells are each one environment-variable name")
    spellings = [s for s in cols.spellings if s[0] != index]
    if cols.variable is not None:  # "Name" over config keys: the keys are another spelling of the setting
        old = table.header[cols.variable].text
        reason = (f"the {old!r} column holds no environment-variable names; the {header!r} column was taken "
                  f"because {count} of its {filled} filled cells are each one environment-variable name")
        spellings = sorted([*spellings, (cols.variable, "config key")])
    return replace(cols, variable=index, variable_generic=False, variable_reason=reason,
                   spellings=tuple(spellings), unknown=tuple(i for i in cols.unknown if i != index)), reason


def _env_share(table: Table, index: int) -> tuple[float, int]:
    """(share of the filled cells, count) that are exactly one environment-style name."""
    filled = names = 0
    for row in table.rows:
        name = read_name_cell(name_text(row, index))
        if name.kind == "empty":
            continue
        filled += 1
        names += name.kind == "variable" and len(name.names) == 1 and bool(ENV_STYLE.fullmatch(name.names[0]))
    return (names / filled if filled else 0.0), names


def documents_no_variables(table: Table, cols: Columns, names: list[NameCell]) -> str | None:
    """Why the table documents no variables (None: it does). Tables of ports, drivers or versions have a
    "Name" column too: their names are no variables."""
    assert cols.variable is not None  # only tables with a name column get here
    header = table.header[cols.variable].text
    named = [n for row, n in zip(table.rows, names)
             if n.kind not in ("empty", "not settable") and
             not (n.kind == "other" and only_name(row, cols.variable))]
    generic = cols.variable_generic
    if not generic:  # "Variable", "Env var": the header says so, and a bad name is the doc's mistake
        return None
    good = [n for n in named if n.kind in ("template", "unsupported template") or
            (n.kind == "variable" and (not generic or all(ENV_STYLE.fullmatch(x) for x in n.names)))]
    if named and len(good) * 2 >= len(named):
        return None
    sample = ", ".join(repr(n.text) for n in named[:3])
    what = f"holds no environment-variable names ({sample})" if named else "is empty"
    return (f"the {header!r} column of this table {what}; the table does not document environment variables "
            "and is skipped")
