"""The .env.example target: one file per section, read by python-dotenv and friends.

Required variables are active, empty assignments; optional ones are commented out with
their default, so uncommenting a line gives exactly the documented default.
"""

from __future__ import annotations

import textwrap

from . import escaping
from .defaults import default_env_string
from .model import Document, Section, Variable
from .templating import render



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
        assignment = f"# {var.name}={escaping.dotenv_value(value)}"
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
