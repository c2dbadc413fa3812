"""`docenv explain`: each field of a variable, with the rule and the doc text that produced it; or each table
of a doc, read or skipped, and why."""

from __future__ import annotations

import json

from .model.document import Decision, Document, Variable
from .read.builder import TableNote
from .targets.model_json import variable_json

_FIELDS = ("name", "required", "required_if", "type", "choices", "separator", "default", "secret")


def find(doc: Document, name: str, section: str | None) -> list[tuple[str, Variable]]:
    """(section title, variable) for every section that documents `name` (or only `section`, by id or title)."""
    wanted = section.lower() if section else None
    return [
        (s.title, v)
        for s in doc.sections
        if wanted is None or wanted in (s.id, s.title.lower())
        for v in s.every_variable
        if name in (v.name, *v.aliases)
    ]


def explain(doc: Document, title: str, var: Variable) -> str:
    data = variable_json(var)
    lines = [f"{var.name} in {title} ({doc.source}:{var.line})"]
    if var.group:
        lines[0] += f", group {var.group!r}"
    lines.append(f"  description  {var.description or '(none)'}")
    extras = (("aliases", ", ".join(var.aliases)), ("file twin", var.file_twin or ""),
              ("spellings", ", ".join(f"{kind} {text}" for kind, text in var.spellings)),
              ("since", var.since or ""), ("required as", var.required_text or ""))
    for label, text in extras:
        if text:
            reasons = [d for d in var.decisions if d.field == label.replace(" ", "_")]
            lines.append(f"  {label:<12} {text}" + (f"  ({_why(reasons, '')})" if reasons else ""))
    for name in _FIELDS:
        value = data.get(name)
        if name == "default":
            value = data["default"] if data["default_ref"] is None else f"${data['default_ref']}"
        shown = json.dumps(value, ensure_ascii=False)
        reasons = [d for d in var.decisions if d.field == name]
        if name in ("choices", "separator") and value is not None:
            reasons = reasons or [d for d in var.decisions if d.field == "type"][-1:]
        lines.append(f"  {name:<12} {shown:<24} {_why(reasons, _NONE[name])}")
    return "\n".join(lines) + "\n"


_NONE = {
    "name": "", "required": "", "type": "", "default": "", "secret": "",
    "required_if": "no condition in the Required cell or the description",
    "choices": "only enums have choices", "separator": "only lists have a separator",
}


def _why(decisions: list[Decision], otherwise: str) -> str:
    if not decisions:
        return otherwise
    parts = []
    for d in decisions:
        parts.append(f"{d.rule}: {d.evidence!r}" if d.evidence else d.rule)
    return "; then ".join(parts)


def explain_tables(source: str, notes: list[TableNote]) -> str:
    read = sum(n.read for n in notes)
    lines = [f"{source}: {len(notes)} table(s), {read} read as variables, {len(notes) - read} skipped"]
    for note in notes:
        lines.append(f"  line {note.line:<5} {'read' if note.read else 'skipped':<8} {' | '.join(note.headers)}")
        lines.append(f"  {'':<19}{note.reason}")
    return "\n".join(lines) + "\n"
