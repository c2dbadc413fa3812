"""The Helm target: one chart per section that puts the documented variables into a workload's env.

values.yaml holds every variable at the path `values_paths` gives it, typed, with a helm-docs
comment; values.schema.json makes Helm reject wrong types, unknown choices and missing required
values before anything is installed; the templates put non-secret variables in a ConfigMap and
secrets in a Secret (or an existing one), and `<chart>.envFrom` wires both into a container.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import Any

from . import escaping
from .model import Document, Section, Variable
from .templating import render_helm
from .values_paths import values_paths_renamed

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


@dataclass(frozen=True, slots=True)
class ValuesLine:
    """One line group of values.yaml: comments, then `key:` (a map follows) or `key: value`."""

    indent: str
    comments: tuple[str, ...]
    key: str
    value: str | None


def chart_name(doc_name: str, section: Section) -> str:
    return f"{doc_name}-{section.id}".replace("_", "-").lower()


def render_charts(doc: Document, doc_name: str, folder: str) -> dict[str, str]:
    """Files of every chart: path relative to the output dir -> text. (lint reports renamed keys.)"""
    files: dict[str, str] = {}
    for section in doc.sections:
        name = chart_name(doc_name, section)
        paths, _ = values_paths_renamed([v.name for v in section.variables], RESERVED)
        for path, text in _chart(doc, section, name, paths).items():
            files[f"{folder}/{name}/{path}"] = text
    return files


def _chart(doc: Document, section: Section, name: str, paths: dict[str, tuple[str, ...]]) -> dict[str, str]:
    leaves = [_leaf(var, paths[var.name]) for var in section.variables]
    context = {
        "yaml_escapes": _YAML_ESCAPES,
        "source": doc.source,
        "section": section,
        "chart": name,
        "version": CHART_VERSION,
        "config_leaves": [leaf for leaf in leaves if not leaf.secret],
        "secret_leaves": [leaf for leaf in leaves if leaf.secret],
    }
    files = {
        "Chart.yaml": render_helm("Chart.yaml.jinja", **context),
        "values.yaml": render_helm("values.yaml.jinja", lines=_values_lines(section, paths), **context),
        "values.schema.json": json.dumps(_schema(section, paths), indent=2, ensure_ascii=False) + "\n",
        "templates/_helpers.tpl": render_helm("_helpers.tpl.jinja", **context),
        "templates/configmap.yaml": render_helm("configmap.yaml.jinja", **context),
        "templates/deployment.yaml": render_helm("deployment.yaml.jinja", **context),
    }
    if context["secret_leaves"]:
        files["templates/secret.yaml"] = render_helm("secret.yaml.jinja", **context)
    needed = [v for v in section.variables if v.required or _required_by_default(v, section)]
    if needed:
        placeholders = {paths[v.name]: _Value((), _placeholder(v)) for v in needed}
        files["ci/lint-values.yaml"] = render_helm("lint-values.yaml.jinja", lines=_lines(_tree(placeholders)),
                                                   **context)
    return files


def _leaf(var: Variable, path: tuple[str, ...]) -> Leaf:
    if var.type == "list[str]":
        fmt = f"join {json.dumps(var.separator or ',')} $v"
    else:
        fmt = _GO_FORMAT.get(var.type, "$v | toString")
    return Leaf(escaping.yaml_key(var.name), " ".join(json.dumps(key) for key in path), fmt, var.secret)


def _values_value(var: Variable) -> Any:
    """The value values.yaml gives: the typed default, or null (left out of the environment)."""
    if var.required or var.secret or var.default is None:
        return None
    return var.default


@dataclass(frozen=True, slots=True)
class _Value:
    comments: tuple[str, ...]
    value: Any


def _values_lines(section: Section, paths: dict[str, tuple[str, ...]]) -> list[ValuesLine]:
    entries = {paths[v.name]: _Value(_comment(v), _values_value(v)) for v in section.variables}
    return _lines(_tree(entries))


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


def _comment(var: Variable) -> tuple[str, ...]:
    """helm-docs style: `# --` opens the description; it names the variable and what is required."""
    kind = "one of " + ", ".join(var.choices or ()) if var.type == "enum" else var.type
    facts = f"Sets `{var.name}` ({kind})."
    if var.required:
        facts += " Required."
        if var.default is not None:
            facts += f" The documented default {var.default_literal} is not applied."
    elif var.required_if is not None:
        facts += f" Required if {var.required_if.describe()}."
    if var.secret:
        facts += " Secret: goes into the Secret, or set existingSecret."
    if var.default_ref is not None:
        facts += f" Unset: the service uses the value of {var.default_ref}."
    description = var.description.strip()
    if description and description[-1] not in ".!?:":
        description += "."
    text = escaping.comment(f"{description} {facts}")  # the facts quote doc text too (defaults, conditions)
    wrapped = textwrap.wrap(text.strip(), width=96, break_on_hyphens=False)
    return tuple(["-- " + wrapped[0], *wrapped[1:]])


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
    from .infer import parser_for

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


def _schema(section: Section, paths: dict[str, tuple[str, ...]]) -> dict[str, Any]:
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
        for key in path[:-1]:
            child = node["properties"].setdefault(
                key, {"type": "object", "properties": {}, "additionalProperties": False})
            if required_here and key not in node.setdefault("required", []):
                node["required"].append(key)
            node = child
        node["properties"][path[-1]] = _leaf_schema(var)
        if required_here:
            node.setdefault("required", []).append(path[-1])
        if var.required and var.secret:
            conditions.append({"if": {"properties": {"existingSecret": {"const": ""}}},
                               "then": _requiring(path, {})})
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
    root["additionalProperties"] = False  # a misspelt key is an error, not a silently ignored value
    return root


def _if_then(var: Variable, by_name: dict[str, Variable], paths: dict[str, tuple[str, ...]]) -> dict[str, Any] | None:
    cond = var.required_if
    if cond is None or var.required or cond.variable not in by_name:
        return None
    controller = by_name[cond.variable]
    from .infer import parser_for

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
