"""The .env.example target: one file per section, read by python-dotenv and friends.

Required variables are active, empty assignments; optional ones are commented out with
their default, so uncommenting a line gives exactly the documented default.
"""

from __future__ import annotations

import re
import textwrap

from . import escaping
from .defaults import default_env_string
from .model import Document, Section, Variable
from .templating import render

# Safe bare in python-dotenv and in a shell that sources the file (no globs, tildes or expansions).
_PLAIN = re.compile(r"[A-Za-z0-9_./:@%+,=-]*")


def render_env_files(doc: Document, folder: str) -> dict[str, str]:
    return {f"{folder}/{s.id}.env.example": _section(doc, s) for s in doc.sections}


def _section(doc: Document, section: Section) -> str:
    blocks = [_block(var) for var in section.variables]
    return render("env/section.env.example.jinja", source=doc.source, section=section, blocks=blocks)


def _block(var: Variable) -> dict[str, object]:
    comments = _wrap(var.description) if var.description else []
    comments.append(_facts(var))
    if var.required:
        assignment = f"{var.name}="
    else:
        value = "" if var.secret else default_env_string(var) or ""
        assignment = f"# {var.name}={env_value(value)}"
    return {"comments": comments, "assignment": assignment}


def _facts(var: Variable) -> str:
    kind = var.type
    if var.type == "enum":
        kind = "one of " + ", ".join(var.choices or ())
    elif var.type == "list[str]":
        kind = "list, " + ("space" if var.separator == " " else "comma") + "-separated"
    facts = [f"Type: {kind}" + (", secret" if var.secret else "") + "."]
    if var.required:
        facts.append("Required.")
    elif var.required_if is not None:
        cond = var.required_if
        when = f"{cond.variable} is set" if not cond.values else f"{cond.variable}={' or '.join(cond.values)}"
        facts.append(f"Required if {when}.")
    literal = default_env_string(var)
    if var.required and literal is not None:
        facts.append(f"Documented default {literal} is not applied: the variable is required.")
    elif var.secret and literal is not None:
        facts.append("Has a documented default (not shown: secret).")
    elif literal is not None:
        facts.append(f"Default: {literal}.")
    elif var.default_ref is not None:
        facts.append(f"Default: the value of {var.default_ref}.")
    elif var.default_text.strip() and not var.required:
        facts.append(f"Default (described): {var.default_text.strip()}.")
    return escaping.comment(" ".join(facts))


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(escaping.comment(paragraph), width=86, break_on_hyphens=False) or [""])
    return lines


def env_value(value: str) -> str:
    """`value` as a dotenv value that python-dotenv reads back unchanged.

    Plain text stays bare; anything with blanks, quotes, `#`, `$` or line breaks is single-quoted
    (docker compose and shells take single-quoted text literally); a backslash or single quote inside
    is escaped as python-dotenv expects, which a shell would not understand.
    """
    if _PLAIN.fullmatch(value):
        return value
    if "\n" in value or "\r" in value:
        # Only double quotes can spell a line break on one line (a commented line must stay one line).
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        return f'"{escaped}"'
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
