"""Blocks of a Markdown doc -> the model: sections, variables and what was inferred."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import infer
from .columns import Columns, classify
from .diagnostics import Diagnostic
from .errors import DocenvError
from .markdown_blocks import FenceNotClosed, Heading, Paragraph, Row, Table, parse_blocks
from .model import Decision, Document, Section, Variable
from .naming import snake_case

_FOOTNOTE_TEXT = re.compile(r"\[\^[^\]]*\]|\\?\*+$")
_TEMPLATED = re.compile(r"[<{*]")
MAX_ID = 60
_CODE_ONLY = re.compile(r"(`+)[^`]*\1")
_COMMAND = re.compile(r"[a-z][\w.-]*(?: [\w.:=/-]+)+")


@dataclass(slots=True)
class ParseResult:
    document: Document
    diagnostics: list[Diagnostic]
    variable_rows: int  # rows of every table with a variable column, as a reader counts them
    tables: int


@dataclass(slots=True)
class _SectionDraft:
    id: str
    title: str
    line: int
    intro: list[Paragraph] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    has_table: bool = False


def build(source: str, path: str, section_level: int = 2) -> ParseResult:
    """Parse `source` (the text of the doc at `path`) into the model and its diagnostics."""
    diags: list[Diagnostic] = []
    drafts: list[_SectionDraft] = []
    current: _SectionDraft | None = None
    group: str | None = None
    title = _doc_title(source, path)
    variable_rows = 0
    variable_tables = 0
    tables = 0

    def open_section(heading_title: str, line: int) -> _SectionDraft:
        # The id names files (a module, a chart): keep it well under any file-name limit.
        base = snake_case(heading_title)[:MAX_ID].rstrip("_") or "section"
        taken = {d.id for d in drafts}
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}_{n}", n + 1
        draft = _SectionDraft(ident, heading_title, line)
        drafts.append(draft)
        return draft

    try:
        blocks = parse_blocks(source)
    except FenceNotClosed as err:
        raise DocenvError(str(err), path, err.line) from None
    for block in blocks:
        if isinstance(block, Heading):
            if block.level <= section_level:
                current = open_section(block.title, block.line)
                group = None
            elif current is not None:
                group = block.title
            else:
                current = open_section(block.title, block.line)
        elif isinstance(block, Paragraph):
            if current is not None and not current.has_table:
                current.intro.append(block)
        else:
            tables += 1
            cols = classify([c.text for c in block.header])
            if cols.variable is None:
                diags.append(Diagnostic(path, block.line, 1, "DV001", "info",
                                        "table has no variable column (headers: "
                                        + ", ".join(repr(c.text) for c in block.header) + "); skipped"))
                continue
            if current is None:
                current = open_section(title, 1)
            current.has_table = True
            variable_tables += 1
            variable_rows += len(block.rows)
            _read_table(block, cols, current, group, path, diags)

    if tables == 0:
        raise DocenvError("has no tables; docenv reads variables from Markdown pipe tables "
                          "(| Variable | Description | ... |)", path)
    if variable_tables and variable_rows == 0:
        raise DocenvError("has a table of variables, but with no rows under its header; nothing to read", path)
    if variable_rows == 0 and not any(d.variables for d in drafts):
        raise DocenvError("has tables, but none with a variable column (a header such as Variable, Name, "
                          "Env Var or Key); nothing to read", path)
    documented = {v.name for d in drafts for v in d.variables}
    sections = tuple(
        Section(d.id, d.title, d.line, _command(d.intro), "\n\n".join(p.text for p in d.intro),
                tuple(_default_naming_a_variable(v, documented) for v in d.variables))
        for d in drafts
        if d.variables
    )
    document = Document(path, sections)
    return ParseResult(document, diags, variable_rows, tables)


def parse_document(source: str, path: str, section_level: int = 2) -> ParseResult:
    """Build the model and run every lint rule over it."""
    from .lint import lint_document

    result = build(source, path, section_level)
    result.diagnostics.extend(lint_document(result.document))
    return result


def _default_naming_a_variable(var: Variable, documented: set[str]) -> Variable:
    """A default that is exactly the name of another documented variable means that variable's value."""
    literal = var.default_literal
    if literal is None or literal == var.name or literal not in documented or literal in (var.choices or ()):
        return var
    if "_" not in literal and literal not in var.description:
        return var
    decision = Decision("default", "names another documented variable: a reference", literal)
    return replace(var, default=None, default_literal=None, default_ref=literal,
                   decisions=var.decisions + (decision,))


def _doc_title(source: str, path: str) -> str:
    match = re.search(r"(?m)^title:\s*(.+)$", source[:2000]) if source.startswith("---") else None
    if match:
        return match.group(1).strip().strip("'\"")
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("-", " ").replace("_", " ").strip() or "Environment"


def _command(intro: list[Paragraph]) -> str | None:
    for paragraph in intro:
        for span in paragraph.code_spans:
            if _COMMAND.fullmatch(span.strip()):
                return span.strip()
    return None


def _cell(row: Row, index: int | None) -> tuple[str, str, int]:
    """(text, raw, column) of a cell, or empty when the table has no such column."""
    if index is None or index >= len(row.cells):
        return "", "", 1
    cell = row.cells[index]
    return cell.text, cell.raw, cell.column


def _read_table(
    table: Table, cols: Columns, section: _SectionDraft, group: str | None, path: str, diags: list[Diagnostic]
) -> None:
    for index in cols.unknown:
        header = table.header[index]
        diags.append(Diagnostic(path, table.line, header.column, "DV002", "warning",
                                f"column {header.text!r} is not understood and is ignored"))
    width = len(table.header)
    for row in table.rows:
        if row.written_cells != width:
            diags.append(Diagnostic(path, row.line, 1, "DV003", "warning",
                                    f"row has {row.written_cells} cells but the header has {width}"))
        variable = _read_row(row, cols, section, group, path, diags)
        if variable is None:
            continue
        earlier = next((v for v in section.variables if v.name == variable.name), None)
        if earlier is None:
            section.variables.append(variable)
        elif earlier == replace(variable, line=earlier.line, group=earlier.group):
            diags.append(Diagnostic(path, variable.line, variable.column("name"), "DV102", "info",
                                    f"{variable.name} is documented again (first at line {earlier.line}) "
                                    "with the same entry; the two are merged"))
        else:
            diags.append(Diagnostic(path, variable.line, variable.column("name"), "DV103", "error",
                                    f"{variable.name} is documented twice in section {section.title!r} "
                                    f"(lines {earlier.line} and {variable.line}) with different entries; "
                                    "remove or rename one"))


def _read_row(
    row: Row, cols: Columns, section: _SectionDraft, group: str | None, path: str, diags: list[Diagnostic]
) -> Variable | None:
    name_text, _, name_col = _cell(row, cols.variable)
    # Only the first line names the variable; later lines (after a <br>) annotate it, as badges do.
    name = _FOOTNOTE_TEXT.sub("", name_text.split("\n", 1)[0]).strip()
    if not name:
        return None
    if _TEMPLATED.search(name):
        diags.append(Diagnostic(path, row.line, name_col, "DV110", "warning",
                                f"{name!r} is a templated name; templated variables are not supported yet"))
        return None
    if not infer.NAME.fullmatch(name):
        diags.append(Diagnostic(path, row.line, name_col, "DV101", "error",
                                f"{name!r} is not a valid environment-variable name "
                                "(letters, digits and underscores, not starting with a digit)"))
        return None

    description, _, desc_col = _cell(row, cols.description)
    required_text, required_raw, req_col = _cell(row, cols.required)
    default_text, default_raw, def_col = _cell(row, cols.default)
    type_text, _, _ = _cell(row, cols.type)
    choices_text, _, _ = _cell(row, cols.choices)
    if not _CODE_ONLY.fullmatch(default_raw):  # footnote markers sit outside code: `*/*` keeps its star
        default_text = _FOOTNOTE_TEXT.sub("", default_text).strip()
    decisions: list[Decision] = [Decision("name", "variable column", name)]

    # Required: the column, else a condition in the description.
    required, condition = False, None
    if cols.required is not None:
        column_name = "Optional" if cols.required_inverted else "Required"
        cell = infer.read_required(required_text, cols.required_inverted, column_name)
        if not cell.understood:
            diags.append(Diagnostic(path, row.line, req_col, "DV111", "warning",
                                    f"required cell {required_text!r} of {name} is not understood; "
                                    "treated as optional"))
        required, condition = cell.required, cell.condition
        decisions.append(cell.decision)
    else:
        decisions.append(Decision("required", "no Required column; optional", ""))
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
        reason = infer.check_default(kind, choices, separator, literal)
        if reason is not None:
            looser, _ = infer.loosen(kind, choices, separator, literal)
            diags.append(Diagnostic(path, row.line, def_col, "DV107", "warning",
                                    f"default {literal!r} of {name} {reason}, so it cannot be a {kind}; "
                                    f"typed {looser} instead"))
            decisions.append(Decision("type", f"default is no {kind}; loosened to {looser}", literal))
            kind, choices = looser, choices if looser == "enum" else None
            separator = separator if kind == "list[str]" else None
        typed = infer.typed_default(kind, separator, literal)
    if default.kind == "prose":
        diags.append(Diagnostic(path, row.line, def_col, "DV106", "warning",
                                f"default of {name} is prose ({default_text!r}), not a value; "
                                "no default is applied (put the value in backticks if it is one)"))

    secret, secret_decision = infer.infer_secret(name, description)
    decisions.append(secret_decision)
    return Variable(
        name=name,
        section=section.id,
        group=group,
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
        decisions=tuple(decisions),
        columns=(("name", name_col), ("description", desc_col), ("required", req_col), ("default", def_col)),
    )
