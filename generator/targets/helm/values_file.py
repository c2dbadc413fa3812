"""values.yaml (and ci/lint-values.yaml): every variable at its path, typed, with a helm-docs comment."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any

from ...model.document import FAMILY_KEY_PATTERN, Family, Section, Variable
from ...model.types import parser_for
from ...model.values import env_key
from .. import escaping
from .values_paths import member_keys

_PLACEHOLDER: dict[str, Any] = {
    "str": "example", "url": "https://example.com", "path": "/example", "duration": "1s", "int": 1,
    "float": 1.0, "bool": False, "json": {}, "list[str]": ["example"],
}


@dataclass(frozen=True, slots=True)
class ValuesLine:
    """One line group of values.yaml: comments, then `key:` (a map follows) or `key: value`."""

    indent: str
    comments: tuple[str, ...]
    key: str
    value: str | None


@dataclass(frozen=True, slots=True)
class _Value:
    comments: tuple[str, ...]
    value: Any


def _values_value(var: Variable, keys_of: str | None = None) -> Any:
    """The value values.yaml gives: the typed default, or null (left out of the environment).

    A family's keys variable is null too: the chart then sets it to the keys of the family's map.
    """
    if var.required or var.secret or var.default is None or keys_of is not None:
        return None
    return var.default


def values_lines(section: Section, paths: dict[str, tuple[str, ...]], fkeys: list[str],
                  keys_of: dict[str, str]) -> list[ValuesLine]:
    entries = {paths[v.name]: _Value(_comment(v, keys_of.get(v.name)), _values_value(v, keys_of.get(v.name)))
               for v in section.variables}
    lines = _lines(_tree(entries))
    keys_paths = {family.keys_variable: paths[family.keys_variable] for family in section.families
                  if family.keys_variable in keys_of}
    for family, key in zip(section.families, fkeys):
        lines.append(ValuesLine("", _family_comment(section, family, keys_paths), escaping.yaml_key(key), "{}"))
    return lines


def _tree(entries: dict[tuple[str, ...], _Value]) -> dict[str, Any]:
    """Nested maps in doc order of first appearance, so each map's keys sit together."""
    tree: dict[str, Any] = {}
    for path, leaf in entries.items():
        node = tree
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = leaf
    return tree


def _lines(tree: dict[str, Any], depth: int = 0) -> list[ValuesLine]:
    lines: list[ValuesLine] = []
    for key, child in tree.items():
        indent = "  " * depth
        if isinstance(child, _Value):
            lines.append(ValuesLine(indent, child.comments, escaping.yaml_key(key), escaping.yaml_value(child.value)))
        else:
            lines.append(ValuesLine(indent, (), escaping.yaml_key(key), None))
            lines.extend(_lines(child, depth + 1))
    return lines


def _comment(var: Variable, keys_of: str | None = None) -> tuple[str, ...]:
    """helm-docs style: `# --` opens the description; it names the variable and what is required."""
    wrapped = textwrap.wrap(_describe(var, keys_of), width=96, break_on_hyphens=False)
    return tuple(["-- " + wrapped[0], *wrapped[1:]])


def _describe(var: Variable, keys_of: str | None = None, name: str | None = None) -> str:
    """The description and the facts of one variable (or family member), as one comment-safe line."""
    kind = "one of " + ", ".join(var.choices or ()) if var.type == "enum" else var.type
    facts = f"Sets `{name or var.name}` ({kind})."
    if var.required:
        facts += " Required."
        if var.default is not None:
            facts += f" The documented default {var.default_literal} is not applied."
    elif var.required_if is not None:
        facts += f" Required if {var.required_if.describe()}."
    elif var.required_text:
        facts += f" Required: {var.required_text.strip().rstrip('.')} (the schema does not enforce it)."
    if var.secret:
        facts += " Secret: goes into the Secret, or set existingSecret."
    if var.default_ref is not None:
        facts += f" Unset: the service uses the value of {var.default_ref}."
    if keys_of is not None:
        facts += f" null: the chart sets it to the keys of `{keys_of}`, if any."
    if var.aliases:
        facts += f" Also read as {', '.join(var.aliases)}; the chart sets {var.name}."
    if var.file_twin:
        facts += f" The chart sets {var.name} itself, never its file twin {var.file_twin}."
    description = var.description.strip()
    if description and description[-1] not in ".!?:":
        description += "."
    return escaping.comment(f"{description} {facts}").strip()  # the facts quote doc text too (defaults, conditions)


def _family_comment(section: Section, family: Family, keys_paths: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """What the family's map holds, then a commented example entry, every member described in it."""
    slot = f"<{family.placeholder}>"
    mkeys = member_keys([family.suffix(m) for m in family.members])
    keys_var = section.variable(family.keys_variable) if family.keys_variable else None
    key = _example_key(keys_var)
    first = family.members[0]
    text = (f"One entry per {family.placeholder}, keyed by the name that fills {slot} in "
            f"{', '.join(m.name for m in family.members)} (upper-cased, - as _: the key `{key}` sets "
            f"{family.env_name(first, env_key(key))}). Keys: letters and digits, parts joined "
            f"by - or _. An entry holds {', '.join(f'`{k}`' for k in mkeys)}; null or absent leaves a variable out.")
    if keys_var is not None and family.keys_variable in keys_paths:
        text += (f" While `{'.'.join(keys_paths[family.keys_variable])}` is null, the chart sets "
                 f"{keys_var.name} to this map's keys (sorted).")
    wrapped = textwrap.wrap(escaping.comment(text), width=96, break_on_hyphens=False)
    lines = ["-- " + wrapped[0], *wrapped[1:], "Example:", f"  {escaping.yaml_key(key)}:"]
    for member, mkey in zip(family.members, mkeys):
        about = _describe(member, name=member.name)
        if member.required:
            about = about.replace(" Required.", " Required in every entry.", 1)
        lines.extend("    # " + part for part in textwrap.wrap(about, width=92, break_on_hyphens=False))
        lines.append(f"    {escaping.yaml_key(mkey)}: {escaping.yaml_value(_example_value(member))}")
    return tuple(lines)


def _example_key(keys_var: Variable | None) -> str:
    """The first name the keys variable's default lists (when it is a valid key); else `example`."""
    default = keys_var.default if keys_var is not None else None
    first = default[0] if isinstance(default, list) and default else None
    return first if isinstance(first, str) and re.fullmatch(FAMILY_KEY_PATTERN, first) else "example"


def _example_value(member: Variable) -> Any:
    """The documented default; else a placeholder of the member's type (a secret that may stay unset: null)."""
    if member.default is not None and not member.required and not member.secret:
        return member.default
    if member.secret and not member.required:
        return None
    return _placeholder(member)


def _required_by_default(var: Variable, section: Section) -> bool:
    """Required-if whose condition holds for the chart's default values (so lint needs a value)."""
    cond = var.required_if
    if cond is None or var.required or var.has_default:
        return False
    controller = section.variable(cond.variable)
    if controller is None or controller.default is None or controller.required:
        return False
    if not cond.values:
        return True
    try:
        parse = parser_for(controller.type, controller.choices, controller.separator)
        return controller.default in [parse(v) for v in cond.values]
    except ValueError:
        return False


def _placeholder(var: Variable) -> Any:
    if var.type == "enum":
        return (var.choices or ("example",))[0]
    return _PLACEHOLDER[var.type]


def lint_values_lines(section: Section, paths: dict[str, tuple[str, ...]]) -> list[ValuesLine]:
    """ci/lint-values.yaml: a placeholder for each value `helm lint` needs (none: no file)."""
    needed = [v for v in section.variables if v.required or _required_by_default(v, section)]
    return _lines(_tree({paths[v.name]: _Value((), _placeholder(v)) for v in needed}))
