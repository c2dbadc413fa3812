"""The Python target: the model -> a stdlib-only package of typed, frozen config classes.

`from_env` is straight-line code, one short statement per variable and no loop over a spec
table, so that reading the environment costs little more than the `os.environ.get` calls
themselves. Decisions live here; templates/python only places the finished statements.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from ...model.defaults import default_env_string, reference_chain
from ...model.document import Document, Family, Section, Variable
from ...model.naming import snake_case
from ...model.types import parser_for, typed_condition
from .. import escaping
from ..marks import HEADER
from ..templating import render
from . import pyformat
from .naming import class_name, unique_identifiers
from .runtime import runtime_source

_ANNOTATION = {
    "str": "str", "url": "str", "int": "int", "float": "float", "bool": "bool", "path": "Path",
    "duration": "timedelta", "list[str]": "list[str]", "json": "Any",
}
_PARSER = {
    "url": "_rt.parse_url", "int": "_rt.parse_int", "float": "_rt.parse_float", "bool": "_rt.parse_bool",
    "path": "_rt.parse_path", "duration": "_rt.parse_duration", "json": "_rt.parse_json",
}
# to_env: how a typed value becomes the string that parses back to it ({} is the value).
_FORMAT = {
    "str": "{}", "url": "{}", "enum": "{}", "int": "str({})", "float": "repr({})", "bool": "_rt.format_bool({})",
    "path": "str({})", "duration": "_rt.format_duration({})", "json": "_rt.format_json({})",
}
# Defaults of these types are immutable and safe to write as literals; the rest are parsed per call.
_LITERAL_DEFAULT = {"str", "url", "enum", "int", "float", "bool"}


@dataclass(frozen=True, slots=True)
class FieldView:
    ident: str
    env: str
    description: str
    declaration: str  # the formatted `ident: T = field(...)` line(s)
    read: str  # formatted from_env statements
    write: str  # formatted to_env statements
    argument: str  # formatted `ident=ident,` line of the final cls(...) call


@dataclass(frozen=True, slots=True)
class _Names:
    """What one variable is called in the generated module."""

    ident: str
    alias: str | None  # the Literal alias of an enum
    parser: str  # the expression that parses its raw value


def section_classes(doc: Document) -> list[tuple[Section, str, str]]:
    """Each section with its module and class name in the generated package (`docenv scan` uses them too)."""
    modules = unique_identifiers([s.id for s in doc.sections])
    taken: set[str] = set()
    return [(section, module, _unique_class(module, taken)) for section, (module, _) in zip(doc.sections, modules)]


def render_package(doc: Document, package: str) -> dict[str, str]:
    """Files of the package: path relative to the output dir -> text. (lint reports renamed fields.)"""
    files: dict[str, str] = {}
    classes: list[tuple[str, str]] = []
    for section, module, cls in section_classes(doc):
        files[f"{package}/{module}.py"] = _with_header(_section_module(doc, section, cls), doc)
        classes.append((module, cls))
    init = render("python/__init__.py.jinja", source=doc.source, classes=classes, package=package)
    files[f"{package}/__init__.py"] = _with_header(pyformat.module(init), doc)
    # model/values is kept black-formatted in docenv's own tree (a test holds it to that).
    files[f"{package}/_runtime.py"] = _with_header(runtime_source(), doc)
    files[f"{package}/py.typed"] = ""
    return files


def _unique_class(ident: str, taken: set[str]) -> str:
    """`class_name(ident)`, numbered when taken (a_b2 and a_b_2 are both AB2Config); marked taken."""
    cls = base = class_name(ident)
    n = 2
    while cls in taken:
        cls, n = f"{base[: -len('Config')]}{n}Config", n + 1
    taken.add(cls)
    return cls


def section_fields(section: Section) -> list[tuple[str, bool]]:
    """The field of each plain variable, then of each family (the pydantic target shares them).

    Plain variables first, so a family's field is the one renamed when the two clash; each is
    flagged True when it was renamed to stay unique.
    """
    family_fields = [f.prefix.rstrip("_") or f.placeholder + "S" for f in section.families]
    return unique_identifiers([v.name for v in section.variables] + family_fields)


def _section_module(doc: Document, section: Section, cls: str) -> str:
    idents = section_fields(section)
    by_name: dict[str, tuple[Variable, _Names]] = {}
    constants: list[str] = []
    for var, (ident, _) in zip(section.variables, idents):
        names, constant = _names(var, ident)
        by_name[var.name] = (var, names)
        constants.extend(constant)
    elsewhere = {v.name: v for s in doc.sections for v in s.variables}
    referenced = {v.name: v for v in section.variables}
    documented = {**elsewhere, **referenced}  # once per section: a reference may name any of them
    fields = [_field(var, names, documented) for var, names in by_name.values()]
    checks = [_check(var, by_name) for var in section.variables if _needs_check(var)]
    entries: list[str] = []
    taken = {cls}
    for family, (ident, _) in zip(section.families, idents[len(section.variables):]):
        entry_cls = _unique_class(snake_case(family.prefix + family.placeholder), taken)
        entry, entry_constants, view = _family(family, ident, entry_cls, documented)
        entries.append(entry)
        constants.extend(entry_constants)
        fields.append(view)
    every = section.every_variable
    return render(
        "python/section.py.jinja",
        source=escaping.py_docstring_line(doc.source),
        source_literal=pyformat.py_str(doc.source),
        title=escaping.py_docstring_line(section.title),
        command=escaping.py_docstring_line(section.command) if section.command else None,
        section=section,
        cls=cls,
        signature=pyformat.header(
            f"def from_env(cls, environ: Mapping[str, str] | None = None) -> {cls}:", 4),
        raise_error=pyformat.statement("p.raise_any(SOURCE)", 8),
        constants=constants,
        entries=entries,
        fields=fields,
        checks=checks,
        scans=any(f.keys_variable is None for f in section.families),
        uses_callable=bool(section.families),
        uses_path=any(v.type == "path" for v in every),
        uses_timedelta=any(v.type == "duration" for v in every),
        typing_names=[name for name, kind in (("Any", "json"), ("Literal", "enum"), ("get_args", "enum"))
                      if any(v.type == kind for v in every)],
        uses_secret=any(v.secret for v in every),
    )


def _family(family: Family, ident: str, entry_cls: str,
            documented: dict[str, Variable]) -> tuple[str, list[str], FieldView]:
    """The entry class of a templated family, its module constants, and the section's field holding it."""
    # `key`, `k`, `n` and `e` are locals of the entry's methods: a member named so gets a trailing _.
    member_idents = [(f"{ident}_" if ident in _ENTRY_LOCALS else ident, renamed) for ident, renamed in
                     unique_identifiers([family.suffix(m).strip("_") or "value" for m in family.members])]
    constants: list[str] = []
    fields: list[FieldView] = []
    for member, (member_ident, _) in zip(family.members, member_idents):
        # Constants (an enum's Literal, a list's parser) are module-wide: keep them apart by family.
        names, constant = _names(member, f"{ident}__{member_ident}")
        constants.extend(constant)
        spelled = " + ".join([*([pyformat.py_str(family.prefix)] if family.prefix else []), "k",
                              *([pyformat.py_str(family.suffix(member))] if family.suffix(member) else [])])
        fields.append(_field(member, replace(names, ident=member_ident), documented, member=spelled))
    entry = render(
        "python/family.py.jinja",
        cls=entry_cls,
        pattern=escaping.py_docstring(family.pattern),
        placeholder=escaping.py_docstring(family.placeholder),
        fields=fields,
        signature=pyformat.header(
            f"def _read(cls, get: Callable[[str], str | None], key: str, p: _rt.Problems) -> {entry_cls}:", 4),
    )
    if family.keys_variable is not None:
        keys_var = documented.get(family.keys_variable)
        fallback = default_env_string(keys_var) if keys_var is not None else None
        raw = f"get({pyformat.py_str(family.keys_variable)})" + (f" or {pyformat.py_str(fallback)}" if fallback
                                                                   else ' or ""')
        separator = keys_var.separator if keys_var is not None and keys_var.separator else ","
        keys = f"_rt.list_keys({raw}, {pyformat.py_str(separator)})"
    else:
        suffixes = tuple(family.suffix(m) for m in family.members)
        fitting = tuple(sorted(name for name in documented if name.startswith(family.prefix)
                               and any(name.endswith(x) and len(name) > len(family.prefix + x) for x in suffixes)))
        keys = f"_rt.scan_keys(env, {pyformat.py_str(family.prefix)}, {pyformat.py_value(suffixes)}"
        keys += f", {pyformat.py_value(fitting)})" if fitting else ")"
    env = pyformat.py_str(f"{family.pattern}*")
    view = FieldView(
        ident=ident,
        env=f"{family.pattern}*",
        description=_family_description(family),
        declaration=pyformat.wrapped_call(f"{ident}: Mapping[str, {entry_cls}]", "field",
                                          f'metadata={{"env": {env}, "line": {family.line}}}', 4),
        read=pyformat.statement(f"{ident} = {{k: {entry_cls}._read(get, k, p) for k in {keys}}}", 8),
        # A comprehension, so each family's loop variables keep their own types.
        write=pyformat.statement(
            f"env.update({{n: v for key, e in self.{ident}.items() for n, v in e.to_env(key).items()}})", 8),
        argument=f"{' ' * 12}{ident}={ident},\n",
    )
    return entry, constants, view


_ENTRY_LOCALS = {"key", "k", "n", "e"}


def _family_description(family: Family) -> str:
    where = (f"each name listed in {family.keys_variable}" if family.keys_variable
             else f"each {family.placeholder} found in the environment")
    names = ", ".join(m.name for m in family.members)
    return (f"{family.placeholder} -> its settings, for {where} (keys in lower case).\n\n"
            f"Read from {names}.")


def _names(var: Variable, ident: str) -> tuple[_Names, list[str]]:
    """How the module refers to the variable's type and parser, and the module-level lines that needs."""
    upper = ident.upper()
    constants: list[str] = []
    alias = None
    if var.type == "enum":
        # From the unique upper-case identifier, so LOG_1_MODE and LOG1_MODE keep apart.
        alias = f"_{upper}_CHOICES"
        choices = ", ".join(pyformat.py_str(c) for c in var.choices or ())
        constants.append(pyformat.statement(f"{alias} = Literal[{choices}]", 0))
        parser = f"_{upper}_PARSER"
        constants.append(pyformat.statement(f"{parser} = _rt.enum_parser(get_args({alias}))", 0))
    elif var.type == "list[str]":
        parser = f"_{upper}_PARSER"
        constants.append(pyformat.statement(f"{parser} = _rt.list_parser({pyformat.py_str(var.separator or ',')})", 0))
    else:
        parser = _PARSER.get(var.type, "_rt.parse_str")
    return _Names(ident, alias, parser), constants


def _annotation(var: Variable, names: _Names, *, spelled: bool) -> str:
    """The field's type; `spelled` writes an enum's Literal out, else its module alias."""
    if var.type == "enum":
        base = ("Literal[" + ", ".join(pyformat.py_str(c) for c in var.choices or ()) + "]") if spelled \
            else (names.alias or "str")
    else:
        base = _ANNOTATION[var.type]
    annotation = f"Secret[{base}]" if var.secret else base
    if not var.required and not var.has_default:
        annotation += " | None"
    return annotation


def _field(var: Variable, names: _Names, documented: dict[str, Variable], member: str | None = None) -> FieldView:
    """Declaration, from_env and to_env code of one variable.

    `member`: the expression that spells a family member's concrete name (`"STORAGE_" + k + "_ROOT"`);
    its reads then go through a local `n` so problems name the variable as it was set.
    """
    ident = names.ident
    env = pyformat.py_str(var.name)
    declaration = pyformat.wrapped_call(f"{ident}: {_annotation(var, names, spelled=True)}", "field",
                                        f'metadata={{"env": {env}, "line": {var.line}}}', 4)

    # from_env: read the raw value (or its reference), then parse it, or default, or record it missing.
    read = pyformat.statement(f"n = {member}", 8) if member else ""
    get = _raw_value(var, "n" if member else env)
    # Unset: the other variable's value, or (following its own reference, and so on) the first
    # documented default down the chain, even one this type rejects: then an empty environment
    # is an error, which lint reports (DV113).
    chain, fallback = reference_chain(var, documented)
    for name in chain:
        get += f" or get({pyformat.py_str(name)})"
    if fallback:
        get += f" or {pyformat.py_str(fallback)}"
    read += pyformat.statement(f"v = {get}", 8)
    named = ", name=n" if member else ""
    if var.type == "str" and not var.secret:
        parsed = "v"
    else:
        args = f"{names.parser}, v, {var.line}" + (", True" if var.secret else "") + named
        parsed = f"p({args})" if var.type != "str" else "v"
    if var.secret:
        parsed = f"Secret({parsed})"
    if var.required:
        otherwise = f"p.missing({var.line}{named})"
    elif var.has_default:
        otherwise = _default_expression(var, names)
    else:
        otherwise = "None"
    local = f"{ident}: {_annotation(var, names, spelled=False)}" if var.type == "enum" else ident
    read += pyformat.wrapped_ternary(local, parsed, "v", otherwise, 8)

    value = f"self.{ident}.reveal()" if var.secret else f"self.{ident}"
    if var.type == "list[str]":
        formatted = f"_rt.format_list({value}, {pyformat.py_str(var.separator or ',')})"
    else:
        formatted = _FORMAT[var.type].format(value)
    assignment = f"env[{member or env}] = {formatted}"
    if not var.required and not var.has_default:
        write = pyformat.compound(f"if self.{ident} is not None", assignment, 8)
    else:
        write = pyformat.statement(assignment, 8)
    # One argument of the exploded cls(...) call: black never splits `name=name,`, however long.
    argument = f"{' ' * 12}{ident}={ident},\n"
    return FieldView(ident, var.name, _described(var), declaration, read, write, argument)


def _raw_value(var: Variable, env: str) -> str:
    """The expression that reads a variable's raw text: its name, its aliases, its _FILE twin."""
    get = f"get({env})"
    if var.aliases:
        get = f"p.one_of(get, {pyformat.py_value((var.name, *var.aliases))}, {var.line})"
    if var.file_twin:
        get = f"p.from_file(get, {get}, {env}, {pyformat.py_str(var.file_twin)}, {var.line})"
    return get


def _described(var: Variable) -> str:
    """The field's docstring: the doc's description, and the other ways to set it."""
    notes = []
    if var.aliases:
        notes.append("Also read as " + ", ".join(var.aliases) + " (set one).")
    if var.file_twin:
        notes.append(f"Or from the file {var.file_twin} names (set one or the other).")
    if var.required_text:
        notes.append(f"Required: {var.required_text}")
    if var.since:
        notes.append(f"Since {var.since}.")
    return "\n\n".join(part for part in (var.description, " ".join(notes)) if part)


def _default_expression(var: Variable, names: _Names) -> str:
    """The default, typed: a literal for immutable types, else parsed on each call (a fresh list or dict)."""
    literal = default_env_string(var)
    assert literal is not None
    if var.type in _LITERAL_DEFAULT:
        value = parser_for(var.type, var.choices, var.separator)(literal)
        expression = pyformat.py_value(value)
    else:
        expression = f"{names.parser}({pyformat.py_str(literal)})"
    return f"Secret({expression})" if var.secret else expression


def _needs_check(var: Variable) -> bool:
    return var.required_if is not None and not var.required and not var.has_default


@dataclass(frozen=True, slots=True)
class CheckView:
    code: str  # the formatted `if ...:` block that records the problem


def _check(var: Variable, by_name: dict[str, tuple[Variable, _Names]]) -> CheckView:
    """The condition under which an optional variable must be set, as a Python statement."""
    cond = var.required_if
    assert cond is not None
    reason = pyformat.py_str(f"is required when {cond.describe()}")
    ident = by_name[var.name][1].ident
    controller = by_name.get(cond.variable)
    name = pyformat.py_str(cond.variable)
    test: str | None = None
    if not cond.values:
        test = f"{controller[1].ident} is not None" if controller else f"get({name})"
    elif (typed := typed_condition(cond, controller[0] if controller else None)) is not None:
        assert controller is not None
        test = f"{controller[1].ident} in {pyformat.py_value(typed)}"
    if test is None:  # compare the text
        test = f"get({name}) in {pyformat.py_value(tuple(cond.values))}"
    body = f"p.missing({var.line}, {reason})"
    return CheckView(pyformat.compound(f"if {test} and {ident} is None", body, 8))


def _with_header(body: str, doc: Document) -> str:
    digest = hashlib.sha256(body.encode()).hexdigest()[:16]
    header = f"{HEADER} from {escaping.comment(doc.source)}; do not edit. content-sha256:{digest}\n"
    return header + body
