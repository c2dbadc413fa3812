"""The .env.example target: one file per section, read by python-dotenv and friends.

Required variables are active, empty assignments; optional ones are commented out with
their default, so uncommenting a line gives exactly the documented default. A family of
templated names (CACHE_<BACKEND>_URL) shows each member's pattern, then a commented example
with a concrete key; a variable with a `_FILE` twin is followed by the twin's commented line.
"""

from __future__ import annotations

import re
import textwrap

from ..model.defaults import default_env_string
from ..model.document import FAMILY_KEY_PATTERN, Document, Family, Section, Variable
from ..model.values import env_key
from . import escaping
from .templating import render

# The key a family's examples use when no documented list names one.
EXAMPLE_KEY = "EXAMPLE"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def render_env_files(doc: Document, folder: str) -> dict[str, str]:
    return {f"{folder}/{s.id}.env.example": _section(doc, s) for s in doc.sections}


def _section(doc: Document, section: Section) -> str:
    blocks: list[dict[str, object]] = []
    for var in section.variables:
        blocks.append(_block(var))
        if var.file_twin is not None:
            blocks.append(_twin_block(var, var.file_twin))
    for family in section.families:
        blocks.extend(_family_blocks(section, family))
    return render("env/section.env.example.jinja", source=doc.source, section=section, blocks=blocks)


def _block(var: Variable) -> dict[str, object]:
    comments = _wrap(var.description) if var.description else []
    comments.append(_facts(var))
    if var.aliases:
        comments.append(escaping.comment("Also read as: " + ", ".join(var.aliases) + "."))
    if var.required:
        assignment = f"{var.name}="
    else:
        value = "" if var.secret else default_env_string(var) or ""
        assignment = f"# {var.name}={escaping.dotenv_value(value)}"
    return {"comments": comments, "assignment": assignment}


def _twin_block(var: Variable, twin: str) -> dict[str, object]:
    """`# DB_PASSWORD_FILE=`: its own block, so that uncommenting every block's line leaves both empty."""
    text = (f"{twin} names a file holding the value of {var.name} (Docker secrets); "
            "set one or the other, not both. One trailing newline in the file is ignored.")
    comments = _wrap(text)
    if not _NAME.fullmatch(twin):  # never the case for a parsed name; an assignment must stay one valid line
        return {"comments": comments[:-1], "assignment": "# " + comments[-1]}
    return {"comments": comments, "assignment": f"# {twin}="}


def _family_blocks(section: Section, family: Family) -> list[dict[str, object]]:
    """Each member's pattern, description and facts, then `# PREFIX_KEY_SUFFIX=value` for one concrete key."""
    keys_var = section.variable(family.keys_variable) if family.keys_variable else None
    key = _example_key(keys_var)
    slot = f"<{family.placeholder}>"
    members = ", ".join(m.name for m in family.members)
    intro = f"{members}: one set of variables per {family.placeholder}."
    if family.keys_variable is not None:
        intro += (f" {slot} is each name listed in {family.keys_variable}, upper-cased with - as _"
                  f" (the examples use {key}).")
    else:
        intro += (f" {slot} is a name of your choosing: letters and digits, parts joined by _"
                  f" (the examples use {key}).")
    blocks: list[dict[str, object]] = []
    for index, member in enumerate(family.members):
        comments = [*_wrap(intro), ""] if index == 0 else []
        head = f"{member.name}: {member.description}" if member.description else member.name
        comments.extend(_wrap(head))
        comments.append(_facts(member, family.placeholder))
        if member.aliases:
            comments.append(escaping.comment("Also read as: " + ", ".join(member.aliases) + "."))
        value = "" if member.secret else default_env_string(member) or ""
        name = family.env_name(member, key)
        blocks.append({"comments": comments, "assignment": f"# {name}={escaping.dotenv_value(value)}"})
        if member.file_twin is not None:
            blocks.append(_twin_block(member, member.file_twin))
    return blocks


def _example_key(keys_var: Variable | None) -> str:
    """The first name the keys variable's default lists, as it fills the placeholder; else EXAMPLE."""
    if keys_var is None:
        return EXAMPLE_KEY
    default = keys_var.default
    first = default[0] if isinstance(default, list) and default else None
    if isinstance(first, str) and re.fullmatch(FAMILY_KEY_PATTERN, first):
        return env_key(first)
    return EXAMPLE_KEY


def _facts(var: Variable, placeholder: str | None = None) -> str:
    kind = var.type
    if var.type == "enum":
        kind = "one of " + ", ".join(var.choices or ())
    elif var.type == "list[str]":
        kind = "list, " + ("space" if var.separator == " " else "comma") + "-separated"
    facts = [f"Type: {kind}" + (", secret" if var.secret else "") + "."]
    if var.required:
        each = f" for each {placeholder}" if placeholder else ""
        twin = f" (or set {var.file_twin})" if var.file_twin else ""
        facts.append(f"Required{each}{twin}.")
    elif var.required_if is not None:
        cond = var.required_if
        when = f"{cond.variable} is set" if not cond.values else f"{cond.variable}={' or '.join(cond.values)}"
        facts.append(f"Required if {when}.")
    elif var.required_text:
        facts.append(f"Required: {_sentence(var.required_text)}")
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
    if var.since:
        facts.append(f"Since {_sentence(var.since)}")
    return escaping.comment(" ".join(facts))


def _sentence(text: str) -> str:
    """Doc text as the end of a sentence: one closing full stop."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(escaping.comment(paragraph), width=86, break_on_hyphens=False) or [""])
    return lines
