"""The model as JSON: the contract other tools rely on. Fields may be added, never renamed or dropped."""

from __future__ import annotations

import json
from typing import Any

from ..model.diagnostics import Diagnostic, sort_key
from ..model.document import Condition, Document, Family, Variable


def condition_json(cond: Condition | None) -> dict[str, Any] | None:
    if cond is None:
        return None
    return {
        "variable": cond.variable,
        "equals": cond.values[0] if len(cond.values) == 1 else None,
        "one_of": list(cond.values),
    }


def variable_json(var: Variable) -> dict[str, Any]:
    return {
        "name": var.name,
        "line": var.line,
        "group": var.group,
        "description": var.description,
        "type": var.type,
        "choices": list(var.choices) if var.choices is not None else None,
        "separator": var.separator,
        "required": var.required,
        "required_if": condition_json(var.required_if),
        "default": var.default,
        "default_ref": var.default_ref,
        "default_text": var.default_text,
        "secret": var.secret,
        # Added after the first contract: appended, never reordered.
        "default_literal": var.default_literal,
        "aliases": list(var.aliases),
        "file_twin": var.file_twin,
        "spellings": [{"kind": kind, "text": text} for kind, text in var.spellings],
        "since": var.since,
        "required_text": var.required_text,
    }


def family_json(family: Family) -> dict[str, Any]:
    return {
        "pattern": family.pattern,
        "prefix": family.prefix,
        "placeholder": family.placeholder,
        "keys_variable": family.keys_variable,
        "line": family.line,
        "members": [variable_json(m) | {"suffix": family.suffix(m)} for m in family.members],
    }


def document_json(doc: Document, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    return {
        "source": doc.source,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "line": s.line,
                "command": s.command,
                "variables": [variable_json(v) for v in s.variables],
                "families": [family_json(f) for f in s.families],
            }
            for s in doc.sections
        ],
        "diagnostics": [d.to_json() for d in sorted(diagnostics, key=sort_key)],
    }


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
