"""The pydantic-settings target (opt-in): the model -> a package of `BaseSettings` classes.

The classes have the stdlib target's module and field names, and its semantics: every value
set as text goes through the very parsers the stdlib target uses (`_parsers.py` is a verbatim
copy of the stdlib package's `_runtime.py`, the code of model/values), run as pydantic
`BeforeValidator`s. Where pydantic-settings cannot do what the stdlib target does, the
difference is written into the generated code and listed here:

- templated families (`STORAGE_<LOCATION>_ROOT`) are not read: pydantic-settings has no
  names filled in at run time; the class says so in a comment where the field would be;
- a required-if condition is checked once every field is valid (a model validator), so it
  is reported together with the other problems only when there are none of those;
- errors are pydantic's `ValidationError`, located at the variable's name (`loc`), with
  the value never shown (`hide_input_in_errors`), rather than `ConfigError`.

Aliases, `_FILE` twins and conditions that compare text need the whole environment, which
pydantic-settings hands to no validator: a settings source (`_validators.EnvironmentRules`)
reads what the environment and dotenv sources read and applies the stdlib target's rules.

Decisions live here; templates/pydantic only places the finished statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model.defaults import default_env_string, reference_chain
from ...model.document import Document, Family, Section, Variable
from ...model.types import parser_for, typed_condition
from .. import escaping
from ..python import pyformat
from ..python.package import _described, _with_header, section_classes, section_fields
from ..python.runtime import runtime_source
from ..templating import render

# The field's type, before any Secret or Optional.
_BASE = {
    "str": "str", "url": "str", "int": "int", "float": "float", "bool": "bool", "path": "Path",
    "duration": "timedelta", "list[str]": "list[str]", "json": "Any",
}
_PARSER = {
    "str": "_p.parse_str", "url": "_p.parse_url", "int": "_p.parse_int", "float": "_p.parse_float",
    "bool": "_p.parse_bool", "path": "_p.parse_path", "duration": "_p.parse_duration", "json": "_p.parse_json",
}
# to_env: how a typed value becomes the string that parses back to it ({} is the value).
_FORMAT = {
    "str": "{}", "url": "{}", "enum": "{}", "int": "str({})", "float": "repr({})", "bool": "_p.format_bool({})",
    "path": "str({})", "duration": "_p.format_duration({})", "json": "_p.format_json({})",
}
# Types whose secrets are SecretStr (the value is the text itself); others are pydantic's Secret[T].
_SECRET_STR = {"str", "url"}
# Defaults of these types are written as typed literals; the rest as the documented text, parsed
# by the field's validator on every instantiation (a fresh list, `~` expanded then, as stdlib does).
_LITERAL_DEFAULT = {"str", "url", "enum", "int", "float", "bool"}
# BaseSettings' own attributes: a field of that name would shadow (a warning) or break the class.
# Such a field gets a trailing underscore, in this target only.
_TAKEN = frozenset({
    "construct", "copy", "dict", "from_orm", "json", "model_computed_fields", "model_config", "model_construct",
    "model_copy", "model_dump", "model_dump_json", "model_extra", "model_fields", "model_fields_set",
    "model_json_schema", "model_parametrized_name", "model_post_init", "model_rebuild", "model_validate",
    "model_validate_json", "model_validate_strings", "parse_file", "parse_obj", "parse_raw", "schema",
    "schema_json", "settings_cached", "settings_clear_cache", "settings_customise_sources",
    "update_forward_refs", "validate",
})
# protected_namespaces=(): a field such as `model_dump_path` (MODEL_DUMP_PATH) keeps its stdlib name;
# pydantic still refuses a field that is one of its members, which _TAKEN renames.
MODEL_CONFIG = ("case_sensitive=True", 'extra="ignore"', "hide_input_in_errors=True", "frozen=True",
                "env_ignore_empty=True", "enable_decoding=False", "protected_namespaces=()")


@dataclass(frozen=True, slots=True)
class FieldView:
    ident: str
    env: str
    description: str
    declaration: str  # the formatted `ident: T = Field(...)` statement
    write: str  # formatted to_env statements


@dataclass(slots=True)
class _Uses:
    """What a section module needs imported."""

    parsers: bool = False
    validators: bool = False
    typing: set[str] = field(default_factory=set)
    pydantic: set[str] = field(default_factory=lambda: {"Field"})
    path: bool = False
    timedelta: bool = False
    sources: bool = False  # PydanticBaseSettingsSource


def settings_class(config_class: str) -> str:
    """`WorkerConfig` (the stdlib target's class) -> `WorkerSettings`.

    A section named Base would shadow the imported BaseSettings: its class is `BaseSettings_`
    (no stdlib class name ends in `_`, so it stays unique)."""
    name = config_class.removesuffix("Config") + "Settings"
    return name + "_" if name == "BaseSettings" else name


def field_names(section: Section) -> list[str]:
    """The field of each plain variable: the stdlib target's, unless it is one of BaseSettings' own names."""
    idents = [ident for ident, _ in section_fields(section)]
    taken = set(idents)
    names = []
    for ident in idents[: len(section.variables)]:
        if ident in _TAKEN:
            candidate = ident + "_"
            while candidate in taken:
                candidate += "_"
            taken.add(candidate)
            ident = candidate
        names.append(ident)
    return names


def render_package(doc: Document, package: str) -> dict[str, str]:
    """Files of the package: path relative to the output dir -> text."""
    files: dict[str, str] = {}
    classes: list[tuple[str, str]] = []
    for section, module, config_cls in section_classes(doc):
        cls = settings_class(config_cls)
        files[f"{package}/{module}.py"] = _with_header(_section_module(doc, section, cls), doc)
        classes.append((module, cls))
    init = render("pydantic/__init__.py.jinja", source=doc.source, classes=classes)
    files[f"{package}/__init__.py"] = _with_header(pyformat.module(init), doc)
    # The very parsers of the stdlib target (kept black-formatted in docenv's tree).
    files[f"{package}/_parsers.py"] = _with_header(runtime_source(), doc)
    files[f"{package}/_validators.py"] = _with_header(pyformat.module(render("pydantic/_validators.py.jinja")),
                                                      doc)
    files[f"{package}/py.typed"] = ""
    return files


def _section_module(doc: Document, section: Section, cls: str) -> str:
    uses = _Uses()
    constants: list[str] = []
    elsewhere = {v.name: v for s in doc.sections for v in s.variables}
    documented = {**elsewhere, **{v.name: v for v in section.variables}}
    by_name: dict[str, tuple[Variable, str]] = {}
    fields: list[FieldView] = []
    for var, ident in zip(section.variables, field_names(section)):
        by_name[var.name] = (var, ident)
        parser, constant = _parser(var, ident)
        constants.extend(constant)
        fields.append(_field(var, ident, parser, documented, uses))
    conditional = [var for var in section.variables if _needs_check(var)]
    conditions = {var.name: _condition(var, by_name, "self") for var in conditional}
    # A condition on raw text needs a wrap validator, whose checked settings are named `config`.
    wrap = any(reads_raw for _, reads_raw in conditions.values())
    obj = "config" if wrap else "self"
    if wrap:
        conditions = {var.name: _condition(var, by_name, obj) for var in conditional}
    checks = [_check(var, conditions[var.name][0], by_name[var.name][1], obj) for var in conditional]
    if checks:
        uses.validators = True
        uses.pydantic.add("model_validator")
        uses.typing.add("Self")
        if wrap:
            uses.pydantic.add("ModelWrapValidatorHandler")
            uses.typing.add("Any")
    # Aliases and _FILE twins (and the text raw conditions compare) go through a settings source.
    names = tuple((v.name, (v.name, *v.aliases), v.file_twin) for v in section.variables
                  if v.aliases or v.file_twin)
    raw = tuple(dict.fromkeys(_raw_controller(var) for var in conditional if conditions[var.name][1]))
    secrets = tuple(name for v in section.variables if v.secret for name in (v.name, *v.aliases))
    hidden = pyformat.statement(f"return _v.hide(data, {pyformat.py_value(secrets)})", 8) if secrets else ""
    if secrets:
        uses.validators = True
        uses.pydantic.add("model_validator")
        uses.typing.add("Any")
    rules = ""
    if names or raw:
        uses.validators = uses.sources = True
        arguments = f"settings_cls, (env_settings, dotenv_settings), {pyformat.py_value(names)}"
        arguments += f", {pyformat.py_value(raw)}" if raw else ""
        rules = pyformat.statement(f"rules = _v.EnvironmentRules({arguments})", 8)
    return render(
        "pydantic/section.py.jinja",
        source=escaping.py_docstring_line(doc.source),
        title=escaping.py_docstring_line(section.title),
        command=escaping.py_docstring_line(section.command) if section.command else None,
        section=section,
        cls=cls,
        class_header=pyformat.header(f"class {cls}(BaseSettings):", 0),
        raise_missing=pyformat.statement(f"_v.raise_missing({pyformat.py_str(cls)}, missing)", 8),
        imports=_imports(uses),
        constants=constants,
        model_config=pyformat.statement(f"model_config = SettingsConfigDict({', '.join(MODEL_CONFIG)})", 4),
        fields=fields,
        skipped=[escaping.comment(note) for family, ident in zip(section.families, _family_fields(section))
                 for note in _skipped(family, ident)],
        rules=rules,
        hidden=hidden,
        checks=checks,
        wrap=wrap,
        check_signature=pyformat.header(
            "def _required_if(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:", 4),
    )


def _imports(uses: _Uses) -> list[str]:
    """The import statements, in isort's groups (standard library, third party, local), as black writes them."""
    standard = []
    if uses.timedelta:
        standard.append("from datetime import timedelta\n")
    if uses.path:
        standard.append("from pathlib import Path\n")
    if uses.typing:
        standard.append(pyformat.statement(f"from typing import {', '.join(sorted(uses.typing))}", 0))
    settings = ["BaseSettings", *(["PydanticBaseSettingsSource"] if uses.sources else []), "SettingsConfigDict"]
    third_party = [pyformat.statement(f"from pydantic import {', '.join(sorted(uses.pydantic, key=_import_order))}", 0),
                   pyformat.statement(f"from pydantic_settings import {', '.join(settings)}", 0)]
    local = [f"from . import {name}\n" for name, used in (("_parsers as _p", uses.parsers),
                                                          ("_validators as _v", uses.validators)) if used]
    groups = [group for group in (standard, third_party, local) if group]
    return [line for n, group in enumerate(groups) for line in (["\n"] if n else []) + group]


def _import_order(name: str) -> tuple[bool, str]:
    """isort's order inside one import: classes (capitalised) before functions."""
    return (name[:1].islower(), name)


def _family_fields(section: Section) -> list[str]:
    """The stdlib target's field of each family."""
    return [ident for ident, _ in section_fields(section)[len(section.variables):]]


def _skipped(family: Family, ident: str) -> list[str]:
    members = ", ".join(m.name for m in family.members)
    return [f"Not read by this target: {members} (the stdlib class's field `{ident}`).",
            "pydantic-settings cannot read names that are filled in at run time."]


def _parser(var: Variable, ident: str) -> tuple[str | None, list[str]]:
    """The expression that parses the variable's text (None: plain text), and module constants it needs."""
    upper = ident.upper()
    if var.type == "enum":
        choices = pyformat.py_value(tuple(var.choices or ()))
        return f"_{upper}_PARSER", [pyformat.statement(f"_{upper}_PARSER = _p.enum_parser({choices})", 0)]
    if var.type == "list[str]":
        separator = pyformat.py_str(var.separator or ",")
        return f"_{upper}_PARSER", [pyformat.statement(f"_{upper}_PARSER = _p.list_parser({separator})", 0)]
    if var.type == "str" and not (var.file_twin or var.aliases or var.secret):
        return None, []  # any text is a str (Hidden secrets and EnvironmentRules' errors need the validator)
    return _PARSER[var.type], []


def _annotation(var: Variable, parser: str | None, uses: _Uses) -> str:
    if var.type == "enum":
        base = "Literal[" + ", ".join(pyformat.py_str(c) for c in var.choices or ()) + "]"
        uses.typing.add("Literal")
    else:
        base = _BASE[var.type]
        uses.path |= var.type == "path"
        uses.timedelta |= var.type == "duration"
        if var.type == "json":
            uses.typing.add("Any")
    if var.secret:
        if var.type in _SECRET_STR:
            base = "SecretStr"
            uses.pydantic.add("SecretStr")
        else:
            base = f"Secret[{base}]"
            uses.pydantic.add("Secret")
    if not var.required and not var.has_default:
        base += " | None"
    if parser is None:
        return base
    uses.parsers = uses.validators = True
    uses.typing.add("Annotated")
    return f"Annotated[{base}, _v.parsed({parser})]"


def _field(var: Variable, ident: str, parser: str | None, documented: dict[str, Variable],
           uses: _Uses) -> FieldView:
    annotation = _annotation(var, parser, uses)
    # Unset: the variable's aliases, then its _FILE twin, then (a `$OTHER` default) the other variable
    # and so on down the chain, each read in turn, as the stdlib target reads them; then the literal
    # default that ends the chain, parsed as this variable's own text (lint DV113 when it is invalid).
    chain, fallback = reference_chain(var, documented)
    # (Its _FILE twin, read between the two, comes from EnvironmentRules.)
    names = tuple(dict.fromkeys((var.name, *var.aliases, *chain)))
    args: list[str] = []
    if fallback:
        args += [f"default={pyformat.py_str(fallback)}", "validate_default=True"]
    elif var.required:
        pass
    elif var.has_default:
        literal = default_env_string(var)
        assert literal is not None
        if var.type in _LITERAL_DEFAULT and not var.secret:
            args.append(f"default={pyformat.py_value(parser_for(var.type, var.choices, var.separator)(literal))}")
        else:
            args += [f"default={pyformat.py_str(literal)}", "validate_default=True"]
    else:
        args.append("default=None")
    if len(names) == 1:
        args.append(f"validation_alias={pyformat.py_str(var.name)}")
    else:
        uses.pydantic.add("AliasChoices")
        args.append(f"validation_alias=AliasChoices({', '.join(pyformat.py_str(n) for n in names)})")
    declaration = pyformat.statement(f"{ident}: {annotation} = Field({', '.join(args)})", 4)

    value = f"self.{ident}.get_secret_value()" if var.secret else f"self.{ident}"
    if var.type == "list[str]":
        formatted = f"_p.format_list({value}, {pyformat.py_str(var.separator or ',')})"
    else:
        formatted = _FORMAT[var.type].format(value)
    uses.parsers |= "_p." in formatted
    assignment = f"env[{pyformat.py_str(var.name)}] = {formatted}"
    if not var.required and not var.has_default:
        write = pyformat.compound(f"if self.{ident} is not None", assignment, 8)
    else:
        write = pyformat.statement(assignment, 8)
    return FieldView(ident, var.name, _described(var), declaration, write)


def _needs_check(var: Variable) -> bool:
    return var.required_if is not None and not var.required and not var.has_default


def _condition(var: Variable, by_name: dict[str, tuple[Variable, str]], obj: str) -> tuple[str, bool]:
    """The test of a required-if condition, as the stdlib target makes it, and whether it reads raw text.

    `obj` names the validated settings: self, or the handler's result in a wrap validator.
    """
    cond = var.required_if
    assert cond is not None
    controller = by_name.get(cond.variable)
    name = pyformat.py_str(cond.variable)
    if not cond.values:
        return (f"{obj}.{controller[1]} is not None", False) if controller else (f"_v.raw(data, {name})", True)
    typed = typed_condition(cond, controller[0] if controller else None)
    if typed is not None and controller is not None:
        return f"{obj}.{controller[1]} in {pyformat.py_value(typed)}", False
    return f"_v.raw(data, {name}) in {pyformat.py_value(tuple(cond.values))}", True


def _raw_controller(var: Variable) -> str:
    assert var.required_if is not None
    return var.required_if.variable


def _check(var: Variable, test: str, ident: str, obj: str) -> str:
    cond = var.required_if
    assert cond is not None
    reason = pyformat.py_str(f"is required when {cond.describe()}")
    header = f"if {test} and {obj}.{ident} is None"
    return pyformat.compound(header, f"missing.append(({pyformat.py_str(var.name)}, {reason}))", 8)
