"""The Python target: the model -> a stdlib-only package of typed, frozen config classes.

Decisions live here; the templates under templates/python only place finished values.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import escaping, runtime
from .diagnostics import Diagnostic
from .defaults import default_env_string
from .infer import parser_for
from .manifest import HEADER
from .model import Document, Section, Variable
from .naming import class_name, python_identifier, unique_identifiers
from .templating import render

_ANNOTATION = {
    "str": "str", "url": "str", "int": "int", "float": "float", "bool": "bool", "path": "Path",
    "duration": "timedelta", "list[str]": "list[str]", "json": "Any",
}
_PARSER = {
    "str": "_rt.parse_str", "url": "_rt.parse_url", "int": "_rt.parse_int", "float": "_rt.parse_float",
    "bool": "_rt.parse_bool", "path": "_rt.parse_path", "duration": "_rt.parse_duration", "json": "_rt.parse_json",
}
# to_env: how a typed value becomes the string that parses back to it ({} is the value).
_FORMAT = {
    "str": "{}", "url": "{}", "enum": "{}", "int": "str({})", "float": "repr({})", "bool": "_rt.format_bool({})",
    "path": "str({})", "duration": "_rt.format_duration({})", "json": "_rt.format_json({})",
}
# Types whose parsed values have a plain literal, so a required-if condition can compare typed values.
_COMPARABLE = {"str", "url", "enum", "int", "float", "bool"}


@dataclass(frozen=True, slots=True)
class FieldView:
    ident: str
    env: str
    line: int
    annotation: str
    description: str
    read: str  # the expression that reads the field in from_env
    write: str  # the statement(s) that put it into the environment in to_env
    parser_constant: str | None  # a module-level parser definition this field needs


@dataclass(frozen=True, slots=True)
class CheckView:
    condition: str
    ident: str
    env: str
    line: int
    reason: str


def render_package(doc: Document, package: str) -> tuple[dict[str, str], list[Diagnostic]]:
    """Files of the package (path relative to the output dir -> text) and naming diagnostics."""
    files: dict[str, str] = {}
    diags: list[Diagnostic] = []
    modules = unique_identifiers([s.id for s in doc.sections])
    classes: list[tuple[str, str]] = []
    for section, (module, _) in zip(doc.sections, modules):
        cls = class_name(module)
        files[f"{package}/{module}.py"] = _section_module(doc, section, cls, diags)
        classes.append((module, cls))
    files[f"{package}/__init__.py"] = _finish(
        render("python/__init__.py.jinja", source=doc.source, classes=classes, package=package), doc
    )
    files[f"{package}/_runtime.py"] = _finish(Path(runtime.__file__).read_text(encoding="utf-8"), doc)
    files[f"{package}/py.typed"] = ""
    return files, diags


def _section_module(doc: Document, section: Section, cls: str, diags: list[Diagnostic]) -> str:
    idents = unique_identifiers([v.name for v in section.variables])
    fields: list[FieldView] = []
    by_name: dict[str, tuple[Variable, str]] = {}
    for var, (ident, renamed) in zip(section.variables, idents):
        if renamed:
            diags.append(Diagnostic(doc.source, var.line, var.column("name"), "DV201", "warning",
                                    f"{var.name} would be the Python field {python_identifier(var.name)!r}, "
                                    f"which another variable of section {section.title!r} already has; "
                                    f"it is {ident!r} instead"))
        fields.append(_field(var, ident))
        by_name[var.name] = (var, ident)
    checks = [_check(var, by_name) for var in section.variables if _needs_check(var)]
    text = render(
        "python/section.py.jinja",
        source=doc.source,
        section=section,
        cls=cls,
        fields=fields,
        checks=checks,
        uses_path=any(v.type == "path" for v in section.variables),
        uses_timedelta=any(v.type == "duration" for v in section.variables),
        typing_names=[name for name, kind in (("Any", "json"), ("Literal", "enum"))
                      if any(v.type == kind for v in section.variables)],
        uses_secret=any(v.secret for v in section.variables),
    )
    return _finish(text, doc)


def _base_annotation(var: Variable) -> str:
    if var.type == "enum":
        return "Literal[" + ", ".join(escaping.py_literal(c) for c in var.choices or ()) + "]"
    return _ANNOTATION[var.type]


def _field(var: Variable, ident: str) -> FieldView:
    base = _base_annotation(var)
    annotation = f"Secret[{base}]" if var.secret else base
    applies_default = var.has_default
    optional = not var.required and not applies_default
    if optional:
        annotation += " | None"

    constant: str | None = None
    if var.type == "list[str]":
        parser = f"_rt.list_parser({escaping.py_literal(var.separator or ',')})"
    elif var.type == "enum":
        parser = f"_rt.enum_parser(_{ident.upper()}_CHOICES)"
    else:
        parser = _PARSER[var.type]
    if var.secret:
        parser = f"_rt.secret_of({parser})"
    if var.type in ("list[str]", "enum") or var.secret:
        name = f"_{ident.upper()}"
        constant = ""
        if var.type == "enum":
            choices = ", ".join(escaping.py_literal(c) for c in var.choices or ())
            constant += f"{name}_CHOICES: tuple[{base}, ...] = ({choices},)\n"
        constant += f"{name}_PARSER = {parser}\n"
        parser = f"{name}_PARSER"

    args = [escaping.py_literal(var.name), str(var.line), parser]
    if applies_default:
        args.append(escaping.py_literal(default_env_string(var)))
    if var.secret:
        args.append("secret=True")
    if var.default_ref is not None:
        args.append(f"ref={escaping.py_literal(var.default_ref)}")
    method = "require" if var.required else "get_or" if applies_default else "get"
    read = f"reader.{method}({', '.join(args)})"

    value = f"self.{ident}.reveal()" if var.secret else f"self.{ident}"
    if var.type == "list[str]":
        formatted = f"_rt.format_list({value}, {escaping.py_literal(var.separator or ',')})"
    else:
        formatted = _FORMAT[var.type].format(value)
    write = f"env[{escaping.py_literal(var.name)}] = {formatted}"
    if optional:
        write = f"if self.{ident} is not None:\n            {write}"
    return FieldView(ident, var.name, var.line, annotation, var.description, read, write, constant)


def _needs_check(var: Variable) -> bool:
    return var.required_if is not None and not var.required and not var.has_default


def _check(var: Variable, by_name: dict[str, tuple[Variable, str]]) -> CheckView:
    """The condition under which an optional variable must be set, as a Python expression."""
    cond = var.required_if
    assert cond is not None
    reason = f"is required when {cond.describe()}"
    ident = by_name[var.name][1]
    controller = by_name.get(cond.variable)
    name = escaping.py_literal(cond.variable)
    if not cond.values:
        test = f"{controller[1]} is not None" if controller else f"bool(env.get({name}))"
        return CheckView(test, ident, var.name, var.line, reason)
    if controller is not None and controller[0].type in _COMPARABLE and not controller[0].secret:
        cvar, cident = controller
        parse = parser_for(cvar.type, cvar.choices, cvar.separator)
        try:
            typed = tuple(dict.fromkeys(parse(v) for v in cond.values))
            return CheckView(f"{cident} in {escaping.py_literal(typed)}", ident, var.name, var.line, reason)
        except ValueError:
            pass  # the condition's value is not of the controller's type: compare the text instead
    raw = escaping.py_literal(tuple(cond.values))
    return CheckView(f"env.get({name}) in {raw}", ident, var.name, var.line, reason)


def _finish(body: str, doc: Document) -> str:
    """Format with black (a fixed mode, never the user's settings) and put the header on top."""
    import black

    mode = black.Mode()  # black's defaults, so `black --check` agrees; never the user's config
    formatted = black.format_str(body, mode=mode)
    digest = hashlib.sha256(formatted.encode()).hexdigest()[:16]
    header = f"{HEADER} from {escaping.comment(doc.source)}; do not edit. content-sha256:{digest}\n"
    return header + formatted
