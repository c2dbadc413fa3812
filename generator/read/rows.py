"""One table row naming a variable -> a `Variable`, with every inference and its diagnostics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.diagnostics import Diagnostic
from ..model.document import Decision, Variable
from ..model.types import check_default, loosen, typed_default
from . import infer
from .blocks import Row
from .columns import Columns
from .name_cells import NameCell, leading_marker, read_name_cell

_FOOTNOTE_TEXT = re.compile(r"\[\^[^\]]*\]|\\?\*+\d*$")
_CODE_ONLY = re.compile(r"(`+)[^`]*\1")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_BADGE = re.compile(r":[a-z0-9_+-]+:\s*")
_RAW_FOOTNOTE = re.compile(r"(?is)<(sup|super)\b[^>]*>.*?</\1\s*>|\[\^[^\]]*\]")
_REQUIRED_WORD = re.compile(r"(?i)^\s*(required|mandatory|yes)\b[\s,.;:]*")
_OPTIONAL_DEFAULT = re.compile(r"(?i)^\s*(?:optional|no)\b[\s,.;:(-]*(?:defaults?\s*(?:to|:|=|is)?\s*)?(.*?)\)?\s*$")
_DEFAULT_WORD = re.compile(r"(?i)^\s*defaults?\s*(?:to|:|=|is)?\s*(.+)$")


@dataclass(frozen=True, slots=True)
class RowContext:
    path: str
    section: str
    group: str | None
    legend: dict[str, str]  # marker symbol -> what the page's legend says it means ("required")


def cell(row: Row, index: int | None) -> tuple[str, str, int]:
    """(text, raw, column) of a cell, or empty when the table has no such column."""
    if index is None or index >= len(row.cells):
        return "", "", 1
    found = row.cells[index]
    return found.text, found.raw, found.column


def read_variable(row: Row, cols: Columns, names: NameCell, ctx: RowContext, diags: list[Diagnostic]) -> Variable:
    name = names.names[0]
    _, _, name_col = cell(row, cols.variable)
    description, _, desc_col = cell(row, cols.description)
    description, opening = leading_marker(description)
    required_text, _, req_col = cell(row, cols.required)
    default_text, default_raw, def_col = cell(row, cols.default)
    type_text, _, _ = cell(row, cols.type)
    choices_text, _, _ = cell(row, cols.choices)
    decisions: list[Decision] = [Decision("name", cols.variable_reason, names.text)]
    if len(names.names) > 1:
        decisions.append(Decision("aliases", "the cell names the same setting more than once", names.text))

    if cols.required_default is not None:
        merged_text, merged_raw, merged_col = cell(row, cols.required_default)
        required_text, default_text, default_raw = _split_required_default(merged_text, merged_raw)
        req_col = def_col = merged_col
    default_text, default_raw = _default_cells(default_text, default_raw)

    # Required: the column, else a marker the page's legend explains, else a condition in the description.
    required, condition, kept_text = False, None, None
    if cols.required is not None or cols.required_default is not None:
        column_name = "Optional" if cols.required_inverted else "Required"
        verdict = infer.read_required(required_text, cols.required_inverted, column_name)
        if not verdict.understood:
            found = infer.condition_from_text(description) if _defers(required_text) else None
            if found:
                verdict = infer.RequiredCell(False, found[0], True,
                                             Decision("required_if", "Required cell defers to the description",
                                                      found[1]))
            else:
                diags.append(Diagnostic(ctx.path, row.line, req_col, "DV111", "warning",
                                        f"required cell {required_text!r} of {name} is not understood; "
                                        "treated as optional (the text is kept)"))
        if not _plain_answer(required_text):
            kept_text = required_text.strip()
        required, condition = verdict.required, verdict.condition
        decisions.append(verdict.decision)
    else:
        decisions.append(Decision("required", "no Required column; optional", ""))
    for marker in (m for m in (names.marker, opening) if m):
        meaning = ctx.legend.get(marker)
        if meaning == "required" and not required and condition is None:
            required = True
            decisions.append(Decision("required", "a marker the page's legend calls required", marker))
        elif meaning is None:
            diags.append(Diagnostic(ctx.path, row.line, name_col, "DV117", "warning",
                                    f"marker {marker!r} beside {name} is not explained by a legend on the page "
                                    "(such as \"{marker} = required\"); ignored".replace("{marker}", marker)))
    if condition is None and not required:
        found = infer.condition_from_text(description)
        if found:
            condition = found[0]
            decisions.append(Decision("required_if", "condition in the description", found[1]))

    default = infer.read_default(default_text, default_raw)
    decisions.append(default.decision)
    literal = default.literal
    info = infer.infer_type(name, description, type_text, choices_text, literal)
    kind, choices, separator = info.type, info.choices, info.separator
    decisions.extend(info.decisions)
    typed = None
    if literal is not None:
        reason = check_default(kind, choices, separator, literal)
        if reason is not None:
            looser, _ = loosen(kind, choices, separator, literal)
            diags.append(Diagnostic(ctx.path, row.line, def_col, "DV107", "warning",
                                    f"default {literal!r} of {name} {reason}, so it cannot be a {kind}; "
                                    f"typed {looser} instead"))
            decisions.append(Decision("type", f"default is no {kind}; loosened to {looser}", literal))
            kind, choices = looser, choices if looser == "enum" else None
            separator = separator if kind == "list[str]" else None
        typed = typed_default(kind, separator, literal)
    if default.kind == "prose":
        diags.append(Diagnostic(ctx.path, row.line, def_col, "DV106", "warning",
                                f"default of {name} is prose ({default_text!r}), not a value; "
                                "no default is applied (put the value in backticks if it is one)"))

    secret, secret_decision = infer.infer_secret(name.replace("<", "").replace(">", ""), description)
    decisions.append(secret_decision)
    return Variable(
        name=name,
        section=ctx.section,
        group=ctx.group,
        description=description,
        line=row.line,
        required=required,
        required_if=condition,
        type=kind,
        choices=choices,
        separator=separator,
        default=typed,
        default_ref=default.ref,
        default_text=default_raw,
        default_literal=literal,
        secret=secret,
        aliases=names.names[1:],
        file_twin=_twin(row, cols, name),
        spellings=_spellings(row, cols),
        since=_since(row, cols, names),
        required_text=kept_text,
        decisions=tuple(decisions),
        columns=(("name", name_col), ("description", desc_col), ("required", req_col), ("default", def_col)),
    )


def _default_cells(text: str, raw: str) -> tuple[str, str]:
    """The default as written, without footnote markers, and only its bold part when examples follow."""
    raw = _RAW_FOOTNOTE.sub("", raw).strip()
    bold = _BOLD.search(raw)
    if bold and raw.strip() != bold.group(0):  # **`8080`** (e.g. `9000`): the bold part is the default
        inner = bold.group(1) or bold.group(2)
        return inner.strip("`").strip(), inner.strip()
    if not _CODE_ONLY.fullmatch(raw):  # footnote markers sit outside code: `*/*` keeps its star
        text = _FOOTNOTE_TEXT.sub("", text).strip()
        text = _BADGE.sub("", text).strip()
    return text, raw


def _split_required_default(text: str, raw: str) -> tuple[str, str, str]:
    """One "Required / Default" cell -> (required text, default text, default raw)."""
    if _REQUIRED_WORD.match(text):
        return text, "", ""
    optional = _OPTIONAL_DEFAULT.match(text)
    if optional:
        rest = optional.group(1).strip()
        raw_rest = _OPTIONAL_DEFAULT.match(raw)
        return "no", rest, raw_rest.group(1).strip() if raw_rest else rest
    default = _DEFAULT_WORD.match(text)
    if default:
        raw_default = _DEFAULT_WORD.match(raw)
        return "no", default.group(1).strip(), raw_default.group(1).strip() if raw_default else default.group(1)
    return "no", text, raw


def _plain_answer(text: str) -> bool:
    folded = text.strip().strip("*_").strip().lower()
    return folded in infer.PLAIN_REQUIRED_ANSWERS


def _defers(text: str) -> bool:
    """`*Read description*`, `See description`, `Depends`: the answer is in the description."""
    return bool(re.search(r"(?i)\b(description|see|depends|conditional)\b", text))


def _twin(row: Row, cols: Columns, name: str) -> str | None:
    text, _, _ = cell(row, cols.file_twin)
    twin = read_name_cell(text)
    return twin.names[0] if twin.kind == "variable" and twin.names[0] != name else None


def _spellings(row: Row, cols: Columns) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for index, kind in cols.spellings:
        text, _, _ = cell(row, index)
        text = text.split("\n", 1)[0].strip()
        if text and text not in ("-", "—", "–", "n/a"):
            found.append((kind, text))
    return tuple(found)


def _since(row: Row, cols: Columns, names: NameCell) -> str | None:
    text, _, _ = cell(row, cols.since)
    text = _BADGE.sub("", text).strip()
    return text or names.since
