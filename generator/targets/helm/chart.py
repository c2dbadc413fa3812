"""The Helm target: one chart per section that puts the documented variables into a workload's env.

values.yaml (values_file) holds every variable at the path the layout gives it (layout, values_paths),
typed, with a helm-docs comment; values.schema.json (schema) makes Helm reject wrong types, unknown
choices and missing required values before anything is installed; the templates put non-secret
variables in a ConfigMap and secrets in a Secret (or an existing one), and `<chart>.envFrom` wires
both into a container.

A family of templated names (CACHE_<BACKEND>_URL, CACHE_<BACKEND>_TTL) is one values key (`cache`)
holding a map from each key that fills the placeholder (`redis`) to that key's members (`url`, `ttl`);
the templates set CACHE_REDIS_URL for it. A documented list naming the keys (CACHE_BACKENDS) is set to
the map's keys unless it has a value of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ...model.document import Document, Family, Section, Variable
from .. import escaping
from ..templating import render_helm
from .layout import check_mapping_keys, keys_variables, section_paths
from .schema import values_schema
from .values_file import lint_values_lines, values_lines
from .values_paths import mapped_in_section, member_keys

CHART_VERSION = "0.1.0"

# Go template text that turns the value `$v` into the string the environment gets.
_GO_FORMAT = {
    "int": "$v | int64 | toString",
    "float": "$v | float64 | toString",
    "json": "$v | toJson",
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
    check_mapping_keys(doc, doc_name, mapping, origin)
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


def _chart(doc: Document, section: Section, name: str, paths: dict[str, tuple[str, ...]],
           fkeys: list[str], adopted: tuple[tuple[str, ...], ...] = ()) -> dict[str, str]:
    keys_of = keys_variables(section, fkeys)
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
        "values.yaml": render_helm("values.yaml.jinja", lines=values_lines(section, paths, fkeys, keys_of), **context),
        "values.schema.json": json.dumps(values_schema(section, paths, fkeys, adopted), indent=2,
                                         ensure_ascii=False) + "\n",
        "templates/_helpers.tpl": render_helm("_helpers.tpl.jinja", **context),
        "templates/configmap.yaml": render_helm("configmap.yaml.jinja", **context),
        "templates/deployment.yaml": render_helm("deployment.yaml.jinja", **context),
    }
    if context["has_secret"]:
        files["templates/secret.yaml"] = render_helm("secret.yaml.jinja", **context)
    lint_values = lint_values_lines(section, paths)
    if lint_values:
        files["ci/lint-values.yaml"] = render_helm("lint-values.yaml.jinja", lines=lint_values, **context)
    return files


def _format(var: Variable) -> str:
    if var.type == "list[str]":
        return f"join {json.dumps(var.separator or ',')} $v"
    return _GO_FORMAT.get(var.type, "$v | toString")


def _leaf(var: Variable, path: tuple[str, ...], keys_of: str | None = None) -> Leaf:
    return Leaf(escaping.yaml_key(var.name), " ".join(json.dumps(key) for key in path), _format(var), var.secret,
                json.dumps(keys_of) if keys_of is not None else None)


def _family_block(family: Family, key: str) -> FamilyBlock:
    members = [MemberLeaf(json.dumps(mkey), escaping.go_string(family.suffix(m)), _format(m), m.secret)
               for m, mkey in zip(family.members, member_keys([family.suffix(m) for m in family.members]))]
    return FamilyBlock(key, json.dumps(key), escaping.go_string(family.prefix), escaping.go_string(f"<{family.placeholder}>"),
                       f"{family.pattern}...", tuple(m for m in members if not m.secret),
                       tuple(m for m in members if m.secret))
