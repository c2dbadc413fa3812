"""values.schema.json: the JSON Schema Helm checks values against on install, lint and template."""

from __future__ import annotations

from typing import Any

from ...model.document import FAMILY_KEY_PATTERN, Family, Section, Variable
from ...model.types import typed_condition
from .values_paths import member_keys

# The same syntax the generated Python accepts (values.parse_url and values.parse_duration).
URL_PATTERN = r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s]+"
DURATION_PATTERN = r"^[+-]?(0|(([0-9]+\.?[0-9]*|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$"
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


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


def values_schema(section: Section, paths: dict[str, tuple[str, ...]], fkeys: list[str],
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
    if not cond.values:
        test: dict[str, Any] = {}
    else:
        typed = typed_condition(cond, controller)
        if typed is None:
            return None  # no JSON Schema `const` says what the doc means (a list, a secret...); the service checks
        values = list(typed)
        test = {"const": values[0]} if len(values) == 1 else {"enum": values}
    return {"if": _requiring(paths[cond.variable], test), "then": _requiring(paths[var.name], {})}


def _requiring(path: tuple[str, ...], leaf: dict[str, Any]) -> dict[str, Any]:
    """A schema that holds when the value at `path` is present and matches `leaf`."""
    schema: dict[str, Any] = {"required": [path[-1]], "properties": {path[-1]: leaf}} if leaf else \
        {"required": [path[-1]]}
    for key in reversed(path[:-1]):
        schema = {"required": [key], "properties": {key: schema}}
    return schema
