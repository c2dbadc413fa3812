"""Print a diff report: text (one line per change), Markdown (for a pull request) and JSON.

Everything shown comes from the docs, so it is untrusted: text output escapes line breaks and
control characters, Markdown output escapes everything Markdown or HTML would act on.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import DocenvError
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

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(value: str) -> str:
    """Doc text on one terminal line: a newline in a default cannot fake another report line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100
                        else f"\\u{ord(m.group(0)):04x}", value)


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
        sid = _one_line(section.id)
        if section.status != "changed":
            lines.append(f"{sid}: section {section.status} ({_one_line(section.title)})")
        for change in section.changes:
            line = f"{sid}: {_one_line(change.name)}: {_one_line(what_changed(change))}"
            if change.breaking:
                line += f"  BREAKING: {_one_line(change.reason)}"
            elif change.reason:
                line += f"  ({_one_line(change.reason)})"
            lines.append(line)
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


# ---- Markdown ------------------------------------------------------------------------

# Characters Markdown, GitHub's extensions or HTML act on inside a table cell, as entities:
# `|` would end the cell, backticks open code, `<` opens HTML, `$` opens math, `@` mentions.
# An underscore between two letters or digits (DB_HOST) never emphasises, so it stays readable.
_MARKDOWN_ACTIVE = re.compile(r"[&<>|`*\[\]\\~$@!#:]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_BLANKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def markdown_text(value: str) -> str:
    """Doc text for one table cell or heading: one line, shown exactly as written, acting on nothing."""
    flat = " ".join(_BLANKS.sub(" ", value).split())
    return _MARKDOWN_ACTIVE.sub(lambda m: f"&#{ord(m.group(0))};", flat)


def _code(value: str | None) -> str:
    # <code> rather than backticks: entities are decoded inside an HTML element, not inside a code span.
    return "—" if value is None else f"<code>{markdown_text(value)}</code>"


def markdown(report: Report) -> str:
    out = ["## Environment variable changes", ""]
    counts = f"{len(report.changes)} change(s), **{report.breaking} breaking**" if report.sections else "No changes."
    out += [f"From {_code(report.old)} to {_code(report.new)}: {counts}", ""]
    for section in report.sections:
        status = {"added": " (new section)", "removed": " (removed section)"}.get(section.status, "")
        out.append(f"### {markdown_text(section.title)} ({_code(section.id)}){status}")
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
            verdict = f"⚠️ **breaking**: {markdown_text(change.reason)}"
        else:
            verdict = f"no{': ' + markdown_text(change.reason) if change.reason else ''}"
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
