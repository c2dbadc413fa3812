"""`docenv fix`: scan's undocumented variables become rows of their section's table, shown as a diff or written.

Every byte outside the edited tables stays (line endings, BOM, trailing spaces, front matter). Before anything is
shown, the edited doc is parsed again: it must read as the old model plus the new rows, or that table is left
alone and `fix` says why. The write is atomic and happens only if the doc is still the one that was read.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import sys
from dataclasses import dataclass, field
from typing import Callable
from pathlib import Path

from ..generate.parse import parse_configured, parse_document
from ..generate.project import DocSettings, Settings
from ..model.document import Document, Section
from ..model.errors import EXIT_FINDINGS, EXIT_OK, DocenvError
from ..read.builder import ParseResult, TableNote
from ..read.columns import classify
from ..scan.command import Scanned, collect
from ..scan.report import ALL
from ..targets.model_json import variable_json
from .rows import NewRow, cells_for, draft_row, voice_of
from .table_edit import Refused, split_row, style_of, refuse_unsafe, with_rows


@dataclass(slots=True)
class Plan:
    """What fix will do to one doc."""

    reparse: Callable[[str], Document]  # the doc's text -> its model, read as the settings say
    parsed: ParseResult
    rows: dict[str, list[NewRow]] = field(default_factory=dict)  # section id -> rows to add
    notes: list[str] = field(default_factory=list)  # findings it could not place, and why


def add_rows(text: str, source: str, rows: dict[str, list[NewRow]]) -> tuple[str, list[str]]:
    """`text` (a doc at `source`) with `rows` added to each section's first table; and what could not be placed."""
    plan = Plan(lambda new: parse_document(new.removeprefix(_BOM), source).document,
                parse_document(text.removeprefix(_BOM), source), dict(rows))
    return apply(plan, text), plan.notes


_BOM = "\ufeff"  # read_doc reads through it; the text written keeps it


def run(project: Settings, sections: list[str], write: bool, quiet: bool) -> int:
    scanned = collect(project, [], quiet=True)
    changed = False
    for doc in project.docs:
        plan = _plan(project, doc, scanned, sections)
        before = doc.path.read_bytes()
        text = before.decode("utf-8")
        after = apply(plan, text)
        for note in plan.notes:
            print(f"docenv fix: {note}", file=sys.stderr)
        _report_unused(scanned, doc)
        if after == text:
            continue
        changed = True
        if not write:
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(keepends=True), after.splitlines(keepends=True),
                                                       f"{doc.display} (now)", f"{doc.display} (fixed)"))
            continue
        _write(doc.path, before, after.encode("utf-8"), doc.display)
        if not quiet:
            added = sum(len(r) for r in plan.rows.values())
            print(f"docenv fix: wrote {doc.display}: {added} row(s) added", file=sys.stderr)
    if not changed and not quiet:
        print("docenv fix: nothing to add: every variable the mapped code reads is documented", file=sys.stderr)
    return EXIT_FINDINGS if changed and not write else EXIT_OK


def _plan(project: Settings, doc: DocSettings, scanned: Scanned, wanted: list[str]) -> Plan:
    parsed = parse_configured(doc, project.origin)
    plan = Plan(lambda text: parse_document(text.removeprefix(_BOM), doc.display, doc.section_level, doc.file_twins,
                                            doc.outputs).document, parsed)
    sections = parsed.document.sections
    for group in scanned.report.groups:
        if group.doc != doc.display and group.key != ALL:
            continue
        target = _section_of(group.key, sections, doc)
        for name, places in group.undocumented.items():
            if target is None:
                plan.notes.append(f"{name} ({places[0].path}:{places[0].line}) belongs to no section: map the "
                                  "sections to their code ([docs.services.SECTION] in docenv.toml) so fix knows "
                                  "where it goes")
                continue
            if wanted and not any(w.casefold() in (target.id.casefold(), target.title.casefold()) for w in wanted):
                continue
            plan.rows.setdefault(target.id, []).append(draft_row(name, places))
    return plan


def _section_of(key: str, sections: tuple[Section, ...], doc: DocSettings) -> Section | None:
    if key == ALL:  # no map: a doc of one section is unambiguous
        return sections[0] if len(sections) == 1 else None
    bare = key.removeprefix(f"{doc.name}.")
    return next((s for s in sections if s.id == bare), None)


def apply(plan: Plan, text: str) -> str:
    """The doc with every planned row added; a table that cannot take them safely is left and noted."""
    lines = text.splitlines(keepends=True)
    tables = [n for n in plan.parsed.table_notes if n.read]
    edits: list[tuple[int, int, list[str], Section, list[NewRow]]] = []
    known = {s.id for s in plan.parsed.document.sections}
    for section_id in sorted(set(plan.rows) - known):
        plan.notes.append(f"no section {section_id} in the doc for {', '.join(r.name for r in plan.rows[section_id])}")
    for section in plan.parsed.document.sections:
        rows = plan.rows.get(section.id)
        if not rows:
            continue
        note = _first_table(section, plan.parsed.document, tables)
        if note is None:
            plan.notes.append(f"section {section.title}: no variable table found to add "
                              f"{', '.join(r.name for r in rows)} to")
            continue
        start = note.line - 1
        end = start
        while end < len(lines) and lines[end].strip() and "|" in lines[end]:
            end += 1
        glued = [d.line for d in plan.parsed.diagnostics if d.code == "DV006" and start < d.line <= end + 1]
        try:
            refuse_unsafe(lines, start, end)
            if glued:  # prose Markdown reads as a row of the table (docenv appends it to the row above)
                raise Refused(f"a row is continued on the line below it (line {glued[0]})")
            new_lines = _table_with(lines[start:end], rows)
        except Refused as why:
            plan.notes.append(f"could not add {', '.join(r.name for r in rows)} to {section.title}'s table "
                              f"(line {note.line}): {why}; add them by hand")
            continue
        edits.append((start, end, new_lines, section, rows))
    accepted: set[tuple[str, str]] = set()  # rows already added by a table below
    for start, end, new_lines, section, rows in sorted(edits, key=lambda e: -e[0]):
        candidate = lines[:start] + new_lines + lines[end:]
        adding = {(section.id, r.name) for r in rows}
        problem = _reads_back(plan, "".join(candidate), accepted, adding)
        if problem:
            plan.notes.append(f"could not add {', '.join(r.name for r in rows)} to {section.title}: {problem}")
            plan.rows.pop(section.id, None)
            continue
        lines, accepted = candidate, accepted | adding
    return "".join(lines)


def _first_table(section: Section, document: Document, tables: list[TableNote]) -> TableNote | None:
    later = [s.line for s in document.sections if s.line > section.line]
    end = min(later, default=10**9)
    return next((t for t in tables if section.line <= t.line < end), None)


def _table_with(table: list[str], rows: list[NewRow]) -> list[str]:
    style = style_of(table)
    header = [c.strip() for c in split_row(table[0], style.outer)]
    columns = classify(header)
    if columns.variable is None:
        raise Refused("its variable column is found by its cells, not named by its header")
    raw = [split_row(line, style.outer) for line in table[2:]]

    def cell(cells: list[str], index: int | None) -> str:
        return cells[index] if index is not None and index < len(cells) else ""

    voice = voice_of([(cell(r, columns.variable), cell(r, columns.required), cell(r, columns.default)) for r in raw])
    return with_rows(table, [cells_for(row, columns, len(header), voice) for row in rows])


def _reads_back(plan: Plan, text: str, accepted: set[tuple[str, str]], adding: set[tuple[str, str]]) -> str | None:
    """Why the edited doc does not read as the old model plus the new rows (None: it does)."""
    try:
        after = plan.reparse(text)
    except DocenvError as err:
        return f"the edited doc would not parse ({err})"
    old = _shape(plan.parsed.document)
    new = _shape(after)
    if {k: v for k, v in new.items() if k not in accepted | adding} != old:
        return "the edited table would change how other rows read"
    missing = adding - set(new)
    return f"{', '.join(n for _, n in sorted(missing))} would not read as variables" if missing else None


def _shape(document: Document) -> dict[tuple[str, str], object]:
    """Every variable's model, line numbers left out (rows below an insertion move down)."""
    out: dict[tuple[str, str], object] = {}
    for section in document.sections:
        for var in section.every_variable:
            data = {k: v for k, v in variable_json(var).items() if k not in ("line", "column")}
            out[(section.id, var.name)] = data
    return out


def _report_unused(scanned: Scanned, doc: DocSettings) -> None:
    for group in scanned.report.groups:
        if group.doc == doc.display and group.unused:
            names = ", ".join(v.name for v in group.unused)
            print(f"docenv fix: left alone in {group.title}, documented but read by no scanned code: {names} "
                  "(removing documentation is a human decision)", file=sys.stderr)


def _write(path: Path, before: bytes, after: bytes, shown: str) -> None:
    """Atomically, and only over the bytes that were read."""
    if path.read_bytes() != before:
        raise DocenvError("changed on disk while fix was running; nothing was written (run it again)", shown)
    temporary = path.with_name(f".{path.name}.docenv-tmp")
    temporary.write_bytes(after)
    os.chmod(temporary, os.stat(path).st_mode & 0o777)
    if hashlib.sha256(path.read_bytes()).digest() != hashlib.sha256(before).digest():
        temporary.unlink()
        raise DocenvError("changed on disk while fix was running; nothing was written (run it again)", shown)
    os.replace(temporary, path)
