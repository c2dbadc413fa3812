"""Print a diff report: text (one line per change), Markdown (for a pull request) and JSON.

Everything shown comes from the docs, so it is untrusted: text output escapes line breaks and
control characters, Markdown output escapes everything Markdown or HTML would act on.
"""

from __future__ import annotations

import json
from typing import Any

from ..model.errors import DocenvError
from ..targets.escaping import markdown_cell, terminal_line
from .compare import Change, Report, SectionChanges

FORMATS = ("text", "markdown", "json")

_LABELS = {"type": "type", "default": "default", "required": "required", "required_if": "required if",
           "choices": "choices", "secret": "secret", "aliases": "aliases"}


def render(report: Report, fmt: str) -> str:
    if fmt == "text":
        return text(report)
    if fmt == "markdown":
        return markdown(report)
    if fmt == "json":
        return json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n"
    raise DocenvError(f"unknown diff format {fmt!r}; use one of {', '.join(FORMATS)}")


def summary(report: Report) -> str:
    changes = len(report.changes)
    if not report.sections:
        return "docenv diff: no changes"
    return (f"docenv diff: {changes} change(s) in {len(report.sections)} section(s), "
            f"{report.breaking} breaking")


# ---- text ----------------------------------------------------------------------------

def what_changed(change: Change) -> str:
    """`renamed (A -> B)`, `added (int, default 8080)`, `default changed (4 -> 8)`."""
    if change.kind == "added":
        return f"added ({change.new})"
    if change.kind == "removed":
        return f"removed (was {change.old})"
    if change.kind == "renamed":
        return f"renamed ({change.old} -> {change.new})"
    return f"{_LABELS[change.kind]} changed ({change.old or 'none'} -> {change.new or 'none'})"


def text(report: Report) -> str:
    lines: list[str] = []
    for section in report.sections:
        sid = terminal_line(section.id)
        if section.status != "changed":
            lines.append(f"{sid}: section {section.status} ({terminal_line(section.title)})")
        for change in section.changes:
            line = f"{sid}: {terminal_line(change.name)}: {terminal_line(what_changed(change))}"
            if change.breaking:
                line += f"  BREAKING: {terminal_line(change.reason)}"
            elif change.reason:
                line += f"  ({terminal_line(change.reason)})"
            lines.append(line)
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


# ---- Markdown ------------------------------------------------------------------------

def _code(value: str | None) -> str:
    # <code> rather than backticks: entities are decoded inside an HTML element, not inside a code span.
    return "—" if value is None else f"<code>{markdown_cell(value)}</code>"


def markdown(report: Report) -> str:
    out = ["## Environment variable changes", ""]
    counts = f"{len(report.changes)} change(s), **{report.breaking} breaking**" if report.sections else "No changes."
    out += [f"From {_code(report.old)} to {_code(report.new)}: {counts}", ""]
    for section in report.sections:
        status = {"added": " (new section)", "removed": " (removed section)"}.get(section.status, "")
        out.append(f"### {markdown_cell(section.title)} ({_code(section.id)}){status}")
        out.append("")
        out += _markdown_table(section)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _markdown_table(section: SectionChanges) -> list[str]:
    if not section.changes:
        return ["No variables."]
    rows = ["| Change | Variable | Old | New | Breaking |", "| --- | --- | --- | --- | --- |"]
    for change in section.changes:
        if change.breaking:
            verdict = f"⚠️ **breaking**: {markdown_cell(change.reason)}"
        else:
            verdict = f"no{': ' + markdown_cell(change.reason) if change.reason else ''}"
        rows.append(f"| {_LABELS.get(change.kind, change.kind)} | {_code(change.name)} | {_code(change.old)} | "
                    f"{_code(change.new)} | {verdict} |")
    return rows


# ---- JSON ----------------------------------------------------------------------------

def as_json(report: Report) -> dict[str, Any]:
    return {
        "old": report.old,
        "new": report.new,
        "sections": [
            {"id": section.id, "title": section.title, "status": section.status,
             "changes": [_change_json(change) for change in section.changes]}
            for section in report.sections
        ],
        "breaking": report.breaking,
        "changes": len(report.changes),
    }


def _change_json(change: Change) -> dict[str, Any]:
    return {"kind": change.kind, "name": change.name, "old": change.old, "new": change.new,
            "breaking": change.breaking, "reason": change.reason,
            "old_line": change.old_line, "new_line": change.new_line}
