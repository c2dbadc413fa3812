"""Which tables document variables, and which column names them.

A header that names the variable column ("Variable", "Env var"...) is enough. Without one, a column of
upper-case words is read as variables only on the evidence of the whole table, because pages are full of
tables of log levels, protocols, HTTP methods, roles and keys whose cells look just like variable names: a
phantom variable reaches the config classes, the `.env.example` files and the charts, and is as wrong as a
missing one. The rule is written out in the README's table conventions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .blocks import Table
from .columns import GENERIC, Columns, fold
from .name_cells import ENV_STYLE, NameCell, read_name_cell
from .tables import name_text, only_name

# A column found by its cells: at least this many names, and this share of its filled cells.
_MIN_NAMES = 2
_MIN_SHARE = 2 / 3
# Strong headers that also name something else: a deployment environment ("production", "staging").
_AMBIGUOUS = frozenset({"environment", "env"})
# Header words that say what a column's values are, when that is not a variable: the column lists
# levels, protocols, methods, codes... whatever its cells look like.
_NOT_VARIABLES = frozenset("""
    level levels protocol protocols method methods verb verbs status statuses code codes error errors role roles
    feature features value values flag flags path paths event events scope scopes permission permissions edition
    editions plan plans account accounts user users state states mode modes command commands shortcut shortcuts
    hotkey hotkeys keybinding driver drivers engine engines kind kinds category categories tier tiers region
    regions header headers metric metrics label labels locale locales language languages action actions operation
    operations
""".split())
# Words in a header that make the table a list of renamed names (old -> new), which documents no variable.
_RENAMES = ("deprecated", "replacement", "replaced", "renamed", "old name", "new name", "use instead", "formerly",
            "previous name", "legacy name")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do with one table: read it with `columns`, or skip it. `code` is the finding that says so
    (DV001, DV004 or DV008 for a skipped table, DV007 for one read by its cells, None when the header
    decided), `reason` the sentence lint and explain give, `column` the header cell it points at."""

    columns: Columns
    read: bool
    code: str | None
    reason: str
    column: int | None = None


def judge(table: Table, cols: Columns, doc_prefixes: frozenset[str]) -> Verdict:
    """`doc_prefixes`: the first words of the names documented under a variable header anywhere in the doc
    (`DB` for DB_HOST), which count as evidence that a column sharing them holds variables too."""
    if cols.variable is not None and not cols.variable_generic:
        return _named_by_header(table, cols)
    chosen, by_cells = _variable_column_by_cells(table, cols)
    headers = ", ".join(repr(c.text) for c in table.header)
    if chosen.variable is None:
        return Verdict(cols, False, "DV001", f"table has no variable column (headers: {headers}); skipped")
    names = _names(table, chosen.variable)
    if not by_cells:  # a generic "Name"/"Key" header: its cells must be environment names
        unnamed = _holds_no_names(table, chosen, names)
        if unnamed:
            return Verdict(cols, False, "DV004", unnamed)
    doubts = _doubts(table, chosen, names, doc_prefixes)
    header = table.header[chosen.variable]
    if doubts:
        sample = ", ".join(dict.fromkeys(n.names[0] for n in names if _is_env_name(n)))
        sample = sample if len(sample) <= 40 else sample[:37].rsplit(", ", 1)[0] + ", ..."
        reason = (f"not read as variables: the {header.text!r} column holds upper-case words ({sample}), but "
                  f"{'; '.join(doubts)}. If they are variables, head that column 'Variable'")
        return Verdict(cols, False, "DV008", reason, header.column)
    if by_cells:
        return Verdict(chosen, True, "DV007", by_cells, header.column)
    return Verdict(chosen, True, None, f"the {header.text!r} header names the variable column")


def _named_by_header(table: Table, cols: Columns) -> Verdict:
    assert cols.variable is not None
    header = table.header[cols.variable].text
    if fold(header) in _AMBIGUOUS:  # "Environment" may head production, staging...
        names = _names(table, cols.variable)
        good = [n for n in names if _is_env_name(n)]
        if names and len(good) * 2 < len(names):
            sample = ", ".join(repr(n.text) for n in names[:3])
            return Verdict(cols, False, "DV004", f"the {header!r} column of this table holds no environment-variable "
                           f"names ({sample}); the table does not document environment variables and is skipped")
    return Verdict(cols, True, None, f"the {header!r} header names the variable column")


def _names(table: Table, index: int) -> list[NameCell]:
    """The named cells of a column: not blank, not "n/a", not a bold group title or glued prose."""
    found = []
    for row in table.rows:
        name = read_name_cell(name_text(row, index))
        if name.kind in ("empty", "not settable") or (name.kind == "other" and only_name(row, index)):
            continue
        found.append(name)
    return found


def _is_env_name(name: NameCell) -> bool:
    return name.kind in ("template", "unsupported template") or (
        name.kind == "variable" and all(ENV_STYLE.fullmatch(x) for x in name.names))


def _holds_no_names(table: Table, cols: Columns, names: list[NameCell]) -> str | None:
    """Why a generic "Name"/"Key" column holds no variables (None: most of its cells are environment names).
    Tables of ports, drivers or versions have a "Name" column too."""
    assert cols.variable is not None
    header = table.header[cols.variable].text
    good = [n for n in names if _is_env_name(n)]
    if names and len(good) * 2 >= len(names):
        return None
    sample = ", ".join(repr(n.text) for n in names[:3])
    what = f"holds no environment-variable names ({sample})" if names else "is empty"
    return (f"the {header!r} column of this table {what}; the table does not document environment variables "
            "and is skipped")


def _doubts(table: Table, cols: Columns, names: list[NameCell], doc_prefixes: frozenset[str]) -> list[str]:
    """What speaks against a column without a variable header holding variables (empty: nothing does)."""
    assert cols.variable is not None
    env = [n for n in names if _is_env_name(n)]
    words = set(fold(table.header[cols.variable].text).split())
    generic = fold(table.header[cols.variable].text) in GENERIC
    doubts: list[str] = []
    if any(phrase in fold(c.text) for c in table.header for phrase in _RENAMES):
        doubts.append("the table maps old names to new ones")
    named_otherwise = bool(words & _NOT_VARIABLES) and not generic
    if named_otherwise:
        doubts.append(f"the header {table.header[cols.variable].text!r} names something other than variables")
    listed = [n.names[0] for n in env]
    twice = next((name for i, name in enumerate(listed) if name in listed[:i]), None)
    if twice is not None:
        doubts.append(f"{twice} appears twice")
    if all(i is None for i in (cols.description, cols.default, cols.required, cols.required_default, cols.type)):
        doubts.append("no column beside it is headed Description, Default, Required or Type")
    prefixes = [_prefix(n.names[0]) for n in env]
    settings_columns = any(i is not None for i in (cols.default, cols.required, cols.required_default, cols.type))
    if sum(p is not None for p in prefixes) * 2 < len(env) and not settings_columns:
        doubts.append("most are single words, as values and keywords are, and no column says Default, Required "
                      "or Type")
    elif not generic and not named_otherwise:
        shared = [p for p in prefixes if p is not None and (prefixes.count(p) > 1 or p in doc_prefixes)]
        if len(shared) * 2 < len(env):
            doubts.append("they share no prefix with each other or with the doc's variables, and the header does "
                          "not call them names")
    return doubts


def _prefix(name: str) -> str | None:
    """The first word of a name with an underscore (DB for DB_HOST), None for a single word."""
    head, sep, rest = name.strip("_").partition("_")
    return head if sep and head and rest else None


def prefixes_of(table: Table, cols: Columns) -> set[str]:
    """The first words of the names a table documents under a variable header (for `judge`'s evidence)."""
    if cols.variable is None or cols.variable_generic:
        return set()
    return {p for n in _names(table, cols.variable) if _is_env_name(n) and (p := _prefix(n.names[0]))}


def _variable_column_by_cells(table: Table, cols: Columns) -> tuple[Columns, str | None]:
    """The variable column read from the cells when no header names it, or when a generic header ("Name",
    "Key", "Setting") heads config-file keys (`log.level`) and another column holds the environment names.

    A column qualifies when most of its filled cells are each one environment name (ENV_STYLE, often in
    backticks): the names column wins over the one its header claimed. Returns the columns and, when the
    cells decided, the reason (for lint and explain).
    """
    if cols.variable is not None and _env_share(table, cols.variable)[0] >= _MIN_SHARE:
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
