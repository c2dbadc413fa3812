"""The Helm target: one chart per section that puts the documented variables into a workload's env.

values.yaml holds every variable at the path `values_paths` gives it, typed, with a helm-docs
comment; values.schema.json makes Helm reject wrong types, unknown choices and missing required
values before anything is installed; the templates put non-secret variables in a ConfigMap and
secrets in a Secret (or an existing one), and `<chart>.envFrom` wires both into a container.

A family of templated names (CACHE_<BACKEND>_URL, CACHE_<BACKEND>_TTL) is one values key (`cache`)
holding a map from each key that fills the placeholder (`redis`) to that key's members (`url`, `ttl`);
the templates set CACHE_REDIS_URL for it. A documented list naming the keys (CACHE_BACKENDS) is set to
the map's keys unless it has a value of its own.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

from .. import escaping
from ...model.errors import DocenvError
from ...model.document import FAMILY_KEY_PATTERN, Document, Family, Section, Variable
from ...model.values import env_key
from ..templating import render_helm
from .values_paths import (family_keys, mapped_in_section, mapping_clashes,
                           member_keys, values_paths_renamed)

CHART_VERSION = "0.1.0"
# Top-level values keys the chart itself uses; no variable may take them.
RESERVED = frozenset({"existingSecret", "deployment", "nameOverride", "fullnameOverride"})
# The same syntax the generated Python accepts (runtime.parse_url and runtime.parse_duration).
URL_PATTERN = r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s]+"
DURATION_PATTERN = r"^[+-]?(0|(([0-9]+\.?[0-9]*|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$"
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Go template text that turns the value `$v` into the string the environment gets.
_GO_FORMAT = {
    "int": "$v | int64 | toString",
    "float": "$v | float64 | toString",
    "json": "$v | toJson",
}
_PLACEHOLDER: dict[str, Any] = {
    "str": "example", "url": "https://example.com", "path": "/example", "duration": "1s", "int": 1,
    "float": 1.0, "bool": False, "json": {}, "list[str]": ["example"],
}


# Go template string pairs: each character YAML forbids raw, and its JSON escape.
_YAML_ESCAPES = " ".join(
    f'"\\u{code:04x}" "\\\\u{code:04x}"' for code in [0x7F, *range(0x80, 0xA0), 0xFFFE, 0xFFFF])


@dataclass(frozen=True, slots=True)
class Leaf:
    """One variable as the chart templates see it."""

    env: str  # the variable's name as a YAML key (quoted where YAML 1.1 would read it as a bool or null)
    dig: str  # the quoted key path, for `dig "db" "host" nil $vals`
    format: str  # Go template pipeline from $v to the environment string
    secret: bool
    keys_of: str | None = None  # a family's keys variable: the dig path of the family's map, for when $v is null


@dataclass(frozen=True, slots=True)
class MemberLeaf:
    """One member of a family, as the templates see it inside one entry of the family's map."""

    dig: str  # the member's quoted key in an entry: `"url"`
    suffix: str  # Go string literal of the name's part after the placeholder: `"_URL"`
    format: str
    secret: bool


@dataclass(frozen=True, slots=True)
class FamilyBlock:
    """One family as the templates see it: a map in values, looped over."""

    key: str  # the values key, for messages: `cache`
    dig: str  # quoted, for `dig "cache" (dict) $vals`
    prefix: str  # Go string literal: `"CACHE_"`
    placeholder: str  # Go string literal of `<BACKEND>`, for messages
    pattern: str  # `CACHE_<BACKEND>_...`, for comments
    config_members: tuple[MemberLeaf, ...]
    secret_members: tuple[MemberLeaf, ...]


@dataclass(frozen=True, slots=True)
class ValuesLine:
    """One line group of values.yaml: comments, then `key:` (a map follows) or `key: value`."""

    indent: str
    comments: tuple[str, ...]
    key: str
    value: str | None


def chart_name(doc_name: str, section: Section) -> str:
    return f"{doc_name}-{section.id}".replace("_", "-").lower()


def render_charts(doc: Document, doc_name: str, folder: str, mapping: dict[str, str] | None = None,
                  origin: str = "pyproject.toml") -> dict[str, str]:
    """Files of every chart: path relative to the output dir -> text. (lint reports renamed keys.)

    `mapping` is `[tool.docenv.docs.values_paths]` (from `origin`): VAR or section_id.VAR -> a dotted values
    path that replaces the computed one; every other variable keeps its computed path. A mapping that names
    no documented variable, or a path that clashes with another, stops generation with a DocenvError naming
    `origin` (see section_paths).
    """
    mapping = mapping or {}
    _check_mapping_keys(doc, doc_name, mapping, origin)
    files: dict[str, str] = {}
    for section in doc.sections:
        name = chart_name(doc_name, section)
        paths, fkeys = section_paths(section, mapping, doc_name, origin)
        # An adopted layout is the team's: its values files hold keys of their own (image, resources)
        # beside the variables, at the top and next to mapped keys, which the schema must let through.
        adopted = tuple(paths[name] for name in mapped_in_section(mapping, section.id, list(paths)))
        for path, text in _chart(doc, section, name, paths, fkeys, adopted).items():
            files[f"{folder}/{name}/{path}"] = text
    return files


@dataclass(frozen=True, slots=True)
class SectionLayout:
    """Where a section's variables sit in values.yaml, with the mapping applied."""

    paths: dict[str, tuple[str, ...]]  # every variable: its mapped path, else its computed one
    family_keys: list[str]
    mapped: dict[str, tuple[str, ...]]  # the variables the mapping moved
    problems: list[str]  # why the mapped paths cannot share one values file with the others


def section_layout(section: Section, mapping: dict[str, str]) -> SectionLayout:
    """Computed paths and family keys are those of the doc alone, so mapping one variable never moves another."""
    names = [v.name for v in section.variables]
    computed, _ = values_paths_renamed(names, RESERVED)
    fkeys, _ = family_values_keys(section, computed)
    mapped = mapped_in_section(mapping, section.id, names)
    if not mapped:
        return SectionLayout(computed, fkeys, {}, [])
    problems = mapping_clashes(computed, mapped, RESERVED,
                               {key: f"{family.pattern}..." for family, key in zip(section.families, fkeys)})
    return SectionLayout(computed | mapped, fkeys, mapped, problems)


def section_paths(section: Section, mapping: dict[str, str], doc_name: str = "",
                  origin: str = "pyproject.toml") -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """Each variable's values path (mapped, else computed) and each family's values key.

    A mapped path that is another variable's path, lies inside one or holds one (`db` vs `db.host`), starts
    at a key the chart keeps, or at a family's map, is an error naming `origin`: the team's layout is
    the point of the mapping, so docenv never renames its keys (as it would a computed clash, DV202).
    """
    layout = section_layout(section, mapping)
    if layout.problems:
        where = f" of {doc_name}" if doc_name else ""
        raise DocenvError(f"[tool.docenv.docs.values_paths]{where}, section {section.id}: "
                          f"{'; '.join(layout.problems)}", origin)
    return layout.paths, layout.family_keys


def _check_mapping_keys(doc: Document, doc_name: str, mapping: dict[str, str], origin: str) -> None:
    """Every key names a plain variable the doc documents (`NAME` in some section, `section_id.NAME` in that one)."""
    problems: list[str] = []
    by_id = {s.id: s for s in doc.sections}
    for key in sorted(mapping):
        section_id, _, name = key.rpartition(".")
        sections = [by_id[section_id]] if section_id in by_id else [] if section_id else list(doc.sections)
        if section_id and not sections:
            problems.append(f"{key!r}: the doc has no section {section_id!r} (sections: "
                            f"{', '.join(sorted(by_id))})")
            continue
        if any(v.name == name for s in sections for v in s.variables):
            continue
        where = f"section {section_id}" if section_id else "the doc"
        canonical = sorted({v.name for s in sections for v in s.variables if name in v.aliases})
        members = sorted({f.pattern + "..." for s in sections for f in s.families
                          if f.member_of(name) or any(m.name == name for m in f.members)})
        if canonical:
            problems.append(f"{key!r}: {name} is an alias of {canonical[0]}; map {canonical[0]}")
        elif members:
            problems.append(f"{key!r}: {name} is a templated name ({members[0]}), whose values live in the "
                            "family's map; it cannot be mapped")
        else:
            problems.append(f"{key!r}: {where} ({doc.source}) documents no variable {name}")
    if problems:
        where = f" of {doc_name}" if doc_name else ""
        raise DocenvError(f"[tool.docenv.docs.values_paths]{where}: {'; '.join(problems)}", origin)


def family_values_keys(section: Section, paths: dict[str, tuple[str, ...]]) -> tuple[list[str], list[Family]]:
    """Each family's values key (in order), and the families whose key got a number (a DV202-like rename)."""
    taken = {path[0] for path in paths.values()} | RESERVED
    keys, renamed = family_keys([(f.prefix, f.placeholder) for f in section.families], taken)
    return keys, [section.families[i] for i in renamed]


def _keys_variables(section: Section, fkeys: list[str]) -> dict[str, str]:
    """Keys variable name -> the values key of the (first) family whose keys it lists."""
    found: dict[str, str] = {}
    for family, key in zip(section.families, fkeys):
        if family.keys_variable and any(v.name == family.keys_variable for v in section.variables):
            found.setdefault(family.keys_variable, key)
    return found


def _chart(doc: Document, section: Section, name: str, paths: dict[str, tuple[str, ...]],
           fkeys: list[str], adopted: tuple[tuple[str, ...], ...] = ()) -> dict[str, str]:
    keys_of = _keys_variables(section, fkeys)
    leaves = [_leaf(var, paths[var.name], keys_of.get(var.name)) for var in section.variables]
    families = [_family_block(f, k) for f, k in zip(section.families, fkeys)]
    context = {
        "yaml_escapes": _YAML_ESCAPES,
        "source": doc.source,
        "section": section,
        "chart": name,
        "version": CHART_VERSION,
        "config_leaves": [leaf for leaf in leaves if not leaf.secret],
        "secret_leaves": [leaf for leaf in leaves if leaf.secret],
        "families": families,
        "secret_families": [f for f in families if f.secret_members],
        "has_secret": any(leaf.secret for leaf in leaves) or any(f.secret_members for f in families),
    }
    files = {
        "Chart.yaml": render_helm("Chart.yaml.jinja", **context),
        "values.yaml": render_helm("values.yaml.jinja", lines=_values_lines(section, paths, fkeys, keys_of),
                                   **context),
        "values.schema.json": json.dumps(_schema(section, paths, fkeys, adopted), indent=2, ensure_ascii=False) + "\n",
        "templates/_helpers.tpl": render_helm("_helpers.tpl.jinja", **context),
        "templates/configmap.yaml": render_helm("configmap.yaml.jinja", **context),
        "templates/deployment.yaml": render_helm("deployment.yaml.jinja", **context),
    }
    if context["has_secret"]:
        files["templates/secret.yaml"] = render_helm("secret.yaml.jinja", **context)
    needed = [v for v in section.variables if v.required or _required_by_default(v, section)]
    if needed:
        placeholders = {paths[v.name]: _Value((), _placeholder(v)) for v in needed}
        files["ci/lint-values.yaml"] = render_helm("lint-values.yaml.jinja", lines=_lines(_tree(placeholders)),
                                                   **context)
    return files


def _format(var: Variable) -> str:
    if var.type == "list[str]":
        return f"join {json.dumps(var.separator or ',')} $v"
    return _GO_FORMAT.get(var.type, "$v | toString")


def _leaf(var: Variable, path: tuple[str, ...], keys_of: str | None = None) -> Leaf:
    return Leaf(escaping.yaml_key(var.name), " ".join(json.dumps(key) for key in path), _format(var), var.secret,
                json.dumps(keys_of) if keys_of is not None else None)


def _family_block(family: Family, key: str) -> FamilyBlock:
    members = [MemberLeaf(json.dumps(mkey), _go_string(family.suffix(m)), _format(m), m.secret)
               for m, mkey in zip(family.members, member_keys([family.suffix(m) for m in family.members]))]
    return FamilyBlock(key, json.dumps(key), _go_string(family.prefix), _go_string(f"<{family.placeholder}>"),
                       f"{family.pattern}...", tuple(m for m in members if not m.secret),
                       tuple(m for m in members if m.secret))


def _go_string(text: str) -> str:
    """A Go interpreted string literal whose value is `text`.

    Names are ASCII identifiers, so this is `"CACHE_"`; anything else is escaped (a surrogate, which
    Go cannot hold, becomes U+FFFD).
    """
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\U{0xFFFD if 0xD800 <= code <= 0xDFFF else code:08x}")
    return '"' + "".join(out) + '"'


def _values_value(var: Variable, keys_of: str | None = None) -> Any:
    """The value values.yaml gives: the typed default, or null (left out of the environment).

    A family's keys variable is null too: the chart then sets it to the keys of the family's map.
    """
    if var.required or var.secret or var.default is None or keys_of is not None:
        return None
    return var.default


@dataclass(frozen=True, slots=True)
class _Value:
    comments: tuple[str, ...]
    value: Any


def _values_lines(section: Section, paths: dict[str, tuple[str, ...]], fkeys: list[str],
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
    from ...model.types import parser_for

    try:
        parse = parser_for(controller.type, controller.choices, controller.separator)
        return controller.default in [parse(v) for v in cond.values]
    except ValueError:
        return False


def _placeholder(var: Variable) -> Any:
    if var.type == "enum":
        return (var.choices or ("example",))[0]
    return _PLACEHOLDER[var.type]


# ---- values.schema.json


def _leaf_schema(var: Variable) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": f"{var.description} ({var.name})".strip()}
    optional = not var.required
    if var.type == "enum":
        schema["enum"] = [*(var.choices or ()), *([None] if optional else [])]
        return schema
    if var.type == "json":
        return schema  # any JSON value
    kind = {"str": "string", "url": "string", "path": "string", "duration": "string", "int": "integer",
            "float": "number", "bool": "boolean", "list[str]": "array"}[var.type]
    schema["type"] = [kind, "null"] if optional else kind
    if var.required and kind == "string":
        schema["minLength"] = 1  # the chart leaves "" out of the environment, so "" is not a value
    if var.required and kind == "array":
        schema["minItems"] = 1
    if var.type == "url":
        schema["pattern"] = URL_PATTERN
    elif var.type == "duration":
        schema["pattern"] = DURATION_PATTERN
    elif var.type == "list[str]":
        schema["items"] = {"type": "string"}
    return schema


def _schema(section: Section, paths: dict[str, tuple[str, ...]], fkeys: list[str],
            adopted: tuple[tuple[str, ...], ...] = ()) -> dict[str, Any]:
    """JSON Schema of values.yaml. Unknown keys are errors, except at the top and around `adopted` paths."""
    root: dict[str, Any] = {
        "$schema": SCHEMA_DRAFT,
        "title": f"{section.title} environment",
        "type": "object",
        "properties": {},
    }
    by_name = {v.name: v for v in section.variables}
    conditions: list[dict[str, Any]] = []
    for var in section.variables:
        path = paths[var.name]
        # A required secret may come from existingSecret instead: required only when that is unset.
        required_here = var.required and not var.secret
        node = root
        for depth, key in enumerate(path[:-1]):
            child = node["properties"].setdefault(key, {"type": "object", "properties": {}})
            if any(a[: depth + 1] == path[: depth + 1] for a in adopted):
                child["additionalProperties"] = True
            else:
                child.setdefault("additionalProperties", False)
            if required_here and key not in node.setdefault("required", []):
                node["required"].append(key)
            node = child
        node["properties"][path[-1]] = _leaf_schema(var)
        if required_here:
            node.setdefault("required", []).append(path[-1])
        if var.required and var.secret:
            conditions.append({"if": {"properties": {"existingSecret": {"const": ""}}},
                               "then": _requiring(path, {})})
    for family, key in zip(section.families, fkeys):
        root["properties"][key], required_secrets = _family_schema(family)
        if required_secrets:
            conditions.append({"if": {"properties": {"existingSecret": {"const": ""}}},
                               "then": {"properties": {key: {"additionalProperties": {"required": required_secrets}}}}})
    root["properties"]["nameOverride"] = {"type": "string"}
    root["properties"]["fullnameOverride"] = {"type": "string"}
    root["properties"]["existingSecret"] = {
        "description": "Name of an existing Secret holding the secret variables; the chart then creates none.",
        "type": "string",
    }
    root["properties"]["deployment"] = {
        "description": "An example Deployment wired to the environment (off by default).",
        "type": "object",
        "properties": {
            "enabled": {"type": "boolean"},
            "replicas": {"type": "integer", "minimum": 0},
            "image": {"type": "object", "properties": {"repository": {"type": "string"}, "tag": {"type": "string"}}},
        },
    }
    conditions += [c for c in (_if_then(var, by_name, paths) for var in section.variables) if c]
    if conditions:
        root["allOf"] = conditions
    # A misspelt key is an error, not a silently ignored value; an adopted layout's own keys are not.
    root["additionalProperties"] = bool(adopted)
    return root


def _family_schema(family: Family) -> tuple[dict[str, Any], list[str]]:
    """The map of a family: keys that fill the placeholder, each to an object of the members.

    Also the keys of the required secret members, required only while existingSecret is empty.
    """
    mkeys = member_keys([family.suffix(m) for m in family.members])
    entry: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
    required: list[str] = []
    required_secrets: list[str] = []
    for member, mkey in zip(family.members, mkeys):
        entry["properties"][mkey] = _leaf_schema(member)
        if member.required:
            (required_secrets if member.secret else required).append(mkey)
    if required:
        entry["required"] = required
    schema = {
        "description": f"One entry per {family.placeholder}: the key fills <{family.placeholder}> in "
                       + ", ".join(m.name for m in family.members) + ", upper-cased with - as _.",
        "type": "object",
        "propertyNames": {"pattern": FAMILY_KEY_PATTERN},
        "additionalProperties": entry,
    }
    return schema, required_secrets


def _if_then(var: Variable, by_name: dict[str, Variable], paths: dict[str, tuple[str, ...]]) -> dict[str, Any] | None:
    cond = var.required_if
    if cond is None or var.required or cond.variable not in by_name:
        return None
    controller = by_name[cond.variable]
    from ...model.types import parser_for

    if not cond.values:
        test: dict[str, Any] = {}
    elif controller.type not in ("str", "url", "enum", "int", "float", "bool") or controller.secret:
        return None  # lists, JSON, paths: no JSON Schema `const` says what the doc means; the service checks
    else:
        try:
            parse = parser_for(controller.type, controller.choices, controller.separator)
            values = list(dict.fromkeys(parse(v) for v in cond.values))
        except ValueError:
            return None  # the condition does not fit the controller's type; the service still checks it
        test = {"const": values[0]} if len(values) == 1 else {"enum": values}
    return {"if": _requiring(paths[cond.variable], test), "then": _requiring(paths[var.name], {})}


def _requiring(path: tuple[str, ...], leaf: dict[str, Any]) -> dict[str, Any]:
    """A schema that holds when the value at `path` is present and matches `leaf`."""
    schema: dict[str, Any] = {"required": [path[-1]], "properties": {path[-1]: leaf}} if leaf else \
        {"required": [path[-1]]}
    for key in reversed(path[:-1]):
        schema = {"required": [key], "properties": {key: schema}}
    return schema
