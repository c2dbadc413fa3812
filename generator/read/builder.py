"""Blocks of a Markdown doc -> the model: sections, variables and what was inferred.

The flow, top to bottom: `build` reads the blocks (markdown) and walks them once; a heading opens a
section draft or a group (sections), a table's rows become variables (tables, rows, infer), kept per
draft and merged when repeated (merge); `finish` attaches `_FILE` twins, groups templated names into
families (families), names the sections and returns the model with every diagnostic found on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model.diagnostics import Diagnostic
from ..model.document import Decision, Document, Family, Section, Variable
from ..model.errors import DocenvError
from .blocks import Heading, Paragraph, Row, Table
from .columns import classify
from .families import build_families
from .markdown import FenceNotClosed, parse_blocks
from .merge import merge_duplicate
from .name_cells import ENV_STYLE, read_name_cell
from .rows import RowContext, cell, read_variable
from .section_levels import detect_section_level
from .sections import SectionDraft, doc_title, page_legend, section_command, section_ids
from .tables import name_text, only_name, with_twin_column
from .variable_tables import judge, prefixes_of

_CONTINUES = re.compile(r"^[a-z(,;]")  # a glued line that carries on the row above
_ENDS_SENTENCE = re.compile(r"[.!?:)]$")


@dataclass(frozen=True, slots=True)
class TableNote:
    """One table of the doc, read or skipped, and why (what `docenv explain` lists)."""

    line: int
    headers: tuple[str, ...]
    read: bool
    reason: str


@dataclass(slots=True)
class ParseResult:
    document: Document
    diagnostics: list[Diagnostic]
    variable_rows: int  # rows that name a variable (twin rows and repeats too), as a reader counts them
    tables: int
    table_notes: list[TableNote]


@dataclass(slots=True)
class _Twin:
    variable: str
    twin: str
    line: int
    column: int


def build(source: str, path: str, section_level: int | None = None, file_twins: bool = False) -> ParseResult:
    """Parse `source` (the text of the doc at `path`) into the model and its diagnostics.

    `section_level`: the heading level that opens a section (None: detected from the doc).
    `file_twins`: every secret can also be read from the file its NAME_FILE twin names.
    """
    try:
        blocks = parse_blocks(source)
    except FenceNotClosed as err:
        raise DocenvError(str(err), path, err.line) from None
    prefixes = frozenset(p for b in blocks if isinstance(b, Table)
                         for p in prefixes_of(b, classify([c.text for c in b.header])))
    builder = _Builder(path, doc_title(source, path), page_legend(blocks), prefixes)
    level = section_level or detect_section_level(blocks)
    for block in blocks:
        builder.add(block, level)
    return builder.finish(file_twins)


class _Builder:
    def __init__(self, path: str, title: str, legend: dict[str, str], prefixes: frozenset[str]) -> None:
        self.path = path
        self.prefixes = prefixes  # first words of the names documented under a variable header
        self.table_notes: list[TableNote] = []
        self.title = title
        self.legend = legend
        self.diags: list[Diagnostic] = []
        self.drafts: list[SectionDraft] = []
        self.current: SectionDraft | None = None
        self.group: str | None = None
        self.headings: list[Heading] = []  # the open heading of each level above the current block
        self.twins: list[_Twin] = []
        self.variable_rows = 0
        self.rows_seen = 0  # every row of a variable table, named well or not
        self.variable_tables = 0
        self.tables = 0

    # ---- blocks ----------------------------------------------------------------------

    def add(self, block: object, level: int) -> None:
        if isinstance(block, Heading):
            parent = next((h.title for h in reversed(self.headings) if h.level < block.level), None)
            self.headings = [h for h in self.headings if h.level < block.level] + [block]
            if block.level <= level or self.current is None:
                self.current = self._open(block.title, block.line, parent)
                self.group = None
            else:
                self.group = block.title
        elif isinstance(block, Paragraph):
            if self.current is not None and not self.current.has_table:
                self.current.intro.append(block)
        elif isinstance(block, Table):
            self.tables += 1
            self._table(block)
        else:  # a wrapper the block layer set aside (an admonition, a JSX component, a snippet include)
            line, kind, text = getattr(block, "line"), getattr(block, "kind"), getattr(block, "text")
            self._say(line, 1, "DV005", "info", f"{kind} {text.strip()!r} is not Markdown docenv reads; ignored")

    def _open(self, title: str, line: int, parent: str | None) -> SectionDraft:
        draft = SectionDraft("", title, line, parent)
        self.drafts.append(draft)
        return draft

    def _say(self, line: int, column: int, code: str, severity: str, message: str) -> None:
        self.diags.append(Diagnostic(self.path, line, column, code, severity, message))

    # ---- tables ----------------------------------------------------------------------

    def _table(self, table: Table) -> None:
        verdict = judge(table, classify([c.text for c in table.header]), self.prefixes)
        self.table_notes.append(TableNote(table.line, tuple(c.text for c in table.header), verdict.read,
                                          verdict.reason))
        if verdict.code is not None:
            self._say(table.line, verdict.column or 1, verdict.code, "info", verdict.reason)
        if not verdict.read:
            return
        cols = verdict.columns
        names = [read_name_cell(name_text(row, cols.variable)) for row in table.rows]
        cols = with_twin_column(table, cols, names)
        if self.current is None:
            self.current = self._open(self.title, 1, None)
        section = self.current
        section.has_table = True
        self.variable_tables += 1
        self.rows_seen += len(table.rows)
        for index in cols.unknown:
            header = table.header[index]
            self._say(table.line, header.column, "DV002", "warning",
                      f"column {header.text!r} is not understood and is ignored")
        twins_only = cols.file_twin is not None and not any(
            i is not None for i in (cols.description, cols.default, cols.required, cols.type, cols.choices))
        group = self.group
        previous: Variable | None = None
        width = len(table.header)
        for row, name in zip(table.rows, names):
            text, raw, column = cell(row, cols.variable)
            rest_empty = only_name(row, cols.variable)
            if rest_empty and raw.startswith(("**", "__")) and not ENV_STYLE.fullmatch(name.text):
                group = name.text  # | **Secrets** | | |: a title for the rows under it
                continue
            if name.kind in ("other", "empty", "not settable") and rest_empty:
                if name.kind == "empty":
                    continue  # a blank row
                if name.kind == "other":
                    previous = self._glued_prose(section, previous, row, text)
                    continue
            if row.written_cells != width:
                shape = "is cut short" if row.written_cells < width else "has extra cells"
                self._say(row.line, 1, "DV003", "warning",
                          f"row has {row.written_cells} cells but the header has {width}; it {shape} and is "
                          "read as far as it goes")
            if name.kind in ("empty", "not settable"):
                self._say(row.line, column, "DV114", "info",
                          f"row names no environment variable ({name.text or 'empty name cell'!r}); "
                          "it is not read as a variable")
                continue
            if name.kind == "unsupported template":
                self._say(row.line, column, "DV110", "warning",
                          f"{name.text!r} has more than one placeholder; only names with one "
                          "(STORAGE_<LOCATION>_ROOT) are read, so the row is skipped")
                continue
            if name.kind == "other":
                self._say(row.line, column, "DV101", "error",
                          f"{name.text!r} is not a valid environment-variable name "
                          "(letters, digits and underscores, not starting with a digit)")
                continue
            self.variable_rows += 1
            if twins_only:
                twin_text, _, twin_column = cell(row, cols.file_twin)
                twin = read_name_cell(twin_text)
                if twin.kind == "variable":
                    self.twins.append(_Twin(name.names[0], twin.names[0], row.line, twin_column))
                continue
            ctx = RowContext(self.path, section.id, group, self.legend)
            previous = read_variable(row, cols, name, ctx, self.diags)
            self._keep(section, previous, templated=name.kind == "template")

    def _glued_prose(self, section: SectionDraft, previous: Variable | None, row: Row, text: str) -> Variable | None:
        """A line of text right under a table, with no blank line between, is a row to Markdown: it is prose."""
        continues = previous is not None and previous.description and (
            _CONTINUES.match(text) or not _ENDS_SENTENCE.search(previous.description))
        if previous is not None and continues:
            joined = replace(previous, description=f"{previous.description} {text}".strip())
            self._replace(section, previous, joined)
            self._say(row.line, 1, "DV006", "info", f"text {_short(text)!r} right under the table continues the "
                      f"description of {previous.name} (line {previous.line}); appended to it")
            return joined
        self._say(row.line, 1, "DV006", "info", f"text {_short(text)!r} right under the table is not a row "
                  "(put a blank line between a table and the text after it); ignored")
        return previous

    def _keep(self, section: SectionDraft, var: Variable, templated: bool) -> None:
        bucket = section.templated if templated else section.variables
        earlier = bucket.get(var.name)
        if earlier is None:
            bucket[var.name] = var
            return
        merged, diag = merge_duplicate(earlier, var, self.path, section.title, var.name in section.labelled)
        self.diags.append(diag)
        if merged is not None:
            if earlier.group != var.group and earlier.description != merged.description:
                section.labelled.add(var.name)
            bucket[var.name] = merged

    def _replace(self, section: SectionDraft, old: Variable, new: Variable) -> None:
        for bucket in (section.variables, section.templated):
            if bucket.get(old.name) is old:
                bucket[old.name] = new

    # ---- the model -------------------------------------------------------------------

    def finish(self, file_twins: bool) -> ParseResult:
        if self.tables == 0:
            raise DocenvError("has no tables; docenv reads variables from Markdown pipe tables "
                              "(| Variable | Description | ... |)", self.path)
        if self.variable_tables and self.rows_seen == 0:
            raise DocenvError("has a table of variables, but with no rows under its header; nothing to read",
                              self.path)
        if self.variable_tables == 0:
            near = next((d for d in self.diags if d.code == "DV008"), None)  # the table that came closest
            hint = f"; line {near.line}: {near.message}" if near else ""
            raise DocenvError("has tables, but none that documents environment variables (a column headed "
                              "Variable, Name, Env Var or Key, holding names such as LOG_LEVEL); nothing to read"
                              + hint, self.path)
        self._attach_twins(file_twins)
        drafts = [d for d in self.drafts if d.variables or d.templated]
        ids = section_ids(drafts)
        documented = {name: v for d in drafts for name, v in d.variables.items()}
        sections: list[Section] = []
        for draft, ident in zip(drafts, ids):
            families, retyped = build_families(list(draft.templated.values()), documented, self.path, self.diags)
            for name, var in retyped.items():
                for other in drafts:
                    if name in other.variables:
                        other.variables[name] = var
            sections.append(Section(ident, draft.title, draft.line, section_command(draft.intro),
                                    "\n\n".join(p.text for p in draft.intro), (), tuple(families)))
        documented = {name: v for d in drafts for name, v in d.variables.items()}
        sections = [replace(s, variables=tuple(_default_naming_a_variable(replace(v, section=s.id), documented)
                                               for v in d.variables.values()),
                            families=tuple(_in_section(f, s.id) for f in s.families))
                    for s, d in zip(sections, drafts)]
        return ParseResult(Document(self.path, tuple(sections)), self.diags, self.variable_rows, self.tables,
                           self.table_notes)

    def _attach_twins(self, file_twins: bool) -> None:
        for twin in self.twins:
            owners = [(d, d.variables[twin.variable]) for d in self.drafts if twin.variable in d.variables]
            if not owners:
                self._say(twin.line, twin.column, "DV118", "warning",
                          f"{twin.twin} is the file twin of {twin.variable}, which the doc does not document; "
                          "ignored")
                continue
            for draft, var in owners:
                decision = Decision("file_twin", "a table of _FILE twins", f"line {twin.line}")
                draft.variables[var.name] = replace(var, file_twin=twin.twin, decisions=var.decisions + (decision,))
        if file_twins:
            for draft in self.drafts:
                for name, var in draft.variables.items():
                    if var.secret and var.file_twin is None:
                        decision = Decision("file_twin", "file_twins setting: every secret has a _FILE twin",
                                            f"{name}_FILE")
                        draft.variables[name] = replace(var, file_twin=f"{name}_FILE",
                                                        decisions=var.decisions + (decision,))


def _in_section(family: Family, section: str) -> Family:
    return replace(family, members=tuple(replace(m, section=section) for m in family.members))


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _default_naming_a_variable(var: Variable, documented: dict[str, Variable]) -> Variable:
    """A default that is exactly the name of another documented variable means that variable's value."""
    literal = var.default_literal
    if literal is None or literal == var.name or literal not in documented or literal in (var.choices or ()):
        return var
    if "_" not in literal and literal not in var.description:
        return var
    decision = Decision("default", "names another documented variable: a reference", literal)
    return replace(var, default=None, default_literal=None, default_ref=literal,
                   decisions=var.decisions + (decision,))


