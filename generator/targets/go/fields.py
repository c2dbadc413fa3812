"""One section as Go code: its struct fields, the statements that load and format each variable, its enum
types, templated families and required-if checks, each line already as gofmt writes it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ...model.defaults import default_env_string, reference_chain
from ...model.document import Family, Section, Variable
from ...model.types import typed_condition
from .. import escaping
from .naming import Names, exported, unexported

_BASE = {"str": "string", "url": "string", "path": "string", "int": "int", "float": "float64", "bool": "bool",
         "duration": "time.Duration", "list[str]": "[]string", "json": "json.RawMessage"}
_PARSER = {"str": "parseStr", "url": "parseURL", "path": "parsePath", "int": "parseInt", "float": "parseFloat",
           "bool": "parseBool", "duration": "parseDuration", "json": "parseJSON"}
# ToEnv: how a value becomes the text that parses back to it ({} is the value).
_FORMAT = {"str": "{}", "url": "{}", "path": "{}", "enum": "string({})", "int": "strconv.Itoa({})",
           "float": "formatFloat({})", "bool": "formatBool({})", "duration": "{}.String()", "json": "string({})"}
# Optional values of these types are nil when unset; the others are pointers.
_NILABLE = {"list[str]", "json"}
FIELD_RESERVED = frozenset({"ToEnv"})  # the struct's own method
_IMPORTS = {"duration": "time", "json": "encoding/json", "int": "strconv", "list[str]": "strings"}


@dataclass(frozen=True, slots=True)
class FieldCode:
    comment: tuple[str, ...]  # the doc comment's lines, `// ` included
    declaration: str  # `DBHost string `env:"DB_HOST"``
    load: tuple[str, ...]  # statements in the loader, one tab deep
    to_env: tuple[str, ...]  # statements in ToEnv, one tab deep


@dataclass(frozen=True, slots=True)
class EntryCode:
    """A templated family's entry struct and its reader."""

    struct: str
    reader: str  # the unexported function that reads one key's entry
    pattern: str
    fields: tuple[FieldCode, ...]


@dataclass(frozen=True, slots=True)
class SectionCode:
    struct: str
    loader: str  # LoadWorker
    loader_from: str  # LoadWorkerFrom
    loader_environ: str | None  # LoadWorkerFromEnviron, when a family's keys are found in the environment
    load: str  # the unexported function both call
    comment: tuple[str, ...]
    types: tuple[str, ...]  # enum type declarations and their constants, each a block of lines
    parsers: tuple[str, ...]  # package-level parser variables
    fields: tuple[FieldCode, ...]
    entries: tuple[EntryCode, ...]
    checks: tuple[str, ...]  # required-if checks, each a block of statements
    imports: tuple[str, ...]
    line: int
    file: str = ""

    def with_file(self, file: str) -> SectionCode:
        return replace(self, file=file)


@dataclass(slots=True)
class _Context:
    struct: str
    names: Names
    documented: dict[str, Variable]
    imports: set[str] = field(default_factory=lambda: {"os"})
    types: list[str] = field(default_factory=list)
    parsers: list[str] = field(default_factory=list)


def section_code(section: Section, struct: str, names: Names, documented: dict[str, Variable]) -> SectionCode:
    ctx = _Context(struct, names, documented)
    field_names = Names(set(FIELD_RESERVED))
    fields: list[FieldCode] = []
    by_name: dict[str, tuple[Variable, str]] = {}
    for var in section.variables:
        ident = field_names.take(exported(var.name))
        by_name[var.name] = (var, ident)
        fields.append(_field(ctx, var, ident, f"c.{ident}", escaping.go_string(var.name), var.name))
    entries: list[EntryCode] = []
    scans = False
    for family in section.families:
        ident = field_names.take(exported(family.prefix.rstrip("_") or family.placeholder + "S"))
        entry, code, scanned = _family(ctx, family, ident)
        entries.append(entry)
        fields.append(code)
        scans = scans or scanned
    checks = tuple(_check(ctx, var, by_name) for var in section.variables if _needs_check(var))
    base = struct
    return SectionCode(
        struct=struct,
        loader=names.take(f"Load{base}"),
        loader_from=names.take(f"Load{base}From"),
        loader_environ=names.take(f"Load{base}FromEnviron") if scans else None,
        load=names.take("load" + base),
        comment=_section_comment(section, struct),
        types=tuple(ctx.types),
        parsers=tuple(ctx.parsers),
        fields=tuple(fields),
        entries=tuple(entries),
        checks=checks,
        imports=tuple(sorted(ctx.imports)),
        line=section.line,
    )


def _section_comment(section: Section, struct: str) -> tuple[str, ...]:
    """A comment naming the section, then the struct's doc comment. The title stays out of the doc comment:
    gofmt rewrites doc comments (`''` becomes a curly quote, indented lines become code), which would
    change the doc's text; a comment a blank line away is left as written."""
    title = " ".join(escaping.go_comment_lines(section.title))
    command = f", read by `{escaping.go_comment_lines(section.command)[0]}`" if section.command else ""
    return (f"// Section {title} (line {section.line}){command}.", "",
            f"// {struct} holds the variables of that section, read from the environment: one field per",
            "// documented variable.")


def _go_type(ctx: _Context, var: Variable, ident: str) -> tuple[str, str]:
    """The field's base type (before Secret and optional) and the parser expression."""
    if var.type == "enum":
        name = ctx.names.take(ctx.struct + ident)
        choices = var.choices or ()
        constants = [ctx.names.take(name + exported(choice)) for choice in choices]
        block = [f"// {name} is one of the documented choices of {var.name} (its constants follow).",
                 f"type {name} string", ""]
        for constant, choice in zip(constants, choices):
            block.append(f"// {constant} is one of the choices of {var.name}.")
            block.append(f"const {constant} {name} = {escaping.go_string(choice)}")
            block.append("")
        ctx.types.append("\n".join(block).rstrip("\n"))
        parser = ctx.names.take(unexported(name) + "Parser")
        ctx.parsers.append(f"var {parser} = enumParser({', '.join(constants)})")
        return name, parser
    if var.type == "list[str]":
        parser = ctx.names.take(unexported(ctx.struct + ident) + "Parser")
        ctx.parsers.append(f"var {parser} = listParser({escaping.go_string(var.separator or ',')})")
        return "[]string", parser
    return _BASE[var.type], _PARSER[var.type]


def _field(ctx: _Context, var: Variable, ident: str, target: str, name: str, tag: str) -> FieldCode:
    """Declaration, load and ToEnv code of one variable. `name` is the Go expression of its name (a family
    member's is built at run time); `tag` the name (or pattern) its `env` tag holds."""
    base, parser = _go_type(ctx, var, ident)
    for kind, module in _IMPORTS.items():
        if var.type == kind:
            ctx.imports.add(module)
    value_type = f"Secret[{base}]" if var.secret else base
    if var.secret:
        parser = f"secretOf({parser})"
    optional = not var.required and not var.has_default
    nilable = optional and not var.secret and var.type in _NILABLE
    go_type = value_type if not optional or nilable else f"*{value_type}"
    declaration = f'{ident} {go_type} `env:"{tag}"`'

    n = name
    raw = f"r.get({n})"
    if var.aliases:
        raw = f"r.oneOf({var.line}, {', '.join(escaping.go_string(a) for a in (var.name, *var.aliases))})"
    if var.file_twin:
        raw = f"r.fromFile({raw}, {n}, {escaping.go_string(var.file_twin)}, {var.line})"
    # Unset: the other variable's value, or (following its own reference, and so on) the first documented
    # default down the chain, as the Python target reads it.
    chain, fallback = reference_chain(var, ctx.documented)
    fallbacks = [f"r.get({escaping.go_string(ref)})" for ref in chain] + \
        ([escaping.go_string(fallback)] if fallback else [])
    if fallbacks:
        raw = f"first({', '.join([raw, *fallbacks])})"
    v = f"spec{{{n}, {var.line}, {'true' if var.secret else 'false'}}}"
    load: tuple[str, ...]
    if var.required:
        load = (f"{target} = required(r, {v}, {raw}, {parser})",)
    elif var.has_default:
        literal = default_env_string(var)
        assert literal is not None
        load = (f"{target} = withDefault(r, {v}, {raw}, {escaping.go_string(literal)}, {parser})",)
    else:
        call = f"optional(r, {v}, {raw}, {parser})"
        load = (f"if value := {call}; value != nil {{", f"\t{target} = *value", "}") if nilable else \
            (f"{target} = {call}",)

    shown = f"{target}.Reveal()" if var.secret else target
    if optional and not nilable:
        shown = f"{target}.Reveal()" if var.secret else f"*{target}"
    if var.type == "list[str]":
        formatted = f"strings.Join({shown}, {escaping.go_string(var.separator or ',')})"
    else:
        formatted = _FORMAT[var.type].format(shown)
    assignment = f"env[{n}] = {formatted}"
    to_env = (f"if {target} != nil {{", f"\t{assignment}", "}") if optional else (assignment,)
    return FieldCode(_field_comment(var), declaration, load, to_env)


def _field_comment(var: Variable) -> tuple[str, ...]:
    lines = [f"// {line}" if line else "//" for line in escaping.go_comment_lines(var.description)] \
        if var.description else []
    facts = [f"Read from {var.name} (line {var.line})"]
    if var.aliases:
        facts.append("also as " + ", ".join(var.aliases) + " (set one)")
    if var.file_twin:
        facts.append(f"or from the file {var.file_twin} names")
    notes = ", ".join(facts) + "."
    if var.required:
        notes += " Required."
    elif var.required_if is not None:
        notes += f" Required if {var.required_if.describe()}."
    literal = default_env_string(var)
    if var.has_default and literal is not None and not var.secret:
        notes += f" Default: {literal}."
    elif var.default_ref is not None:
        notes += f" Default: the value of {var.default_ref}."
    if lines:
        lines.append("//")
    lines.extend(f"// {part}" for part in escaping.go_comment_lines(notes))
    return tuple(lines)


def _family(ctx: _Context, family: Family, ident: str) -> tuple[EntryCode, FieldCode, bool]:
    """The entry struct of a templated family, and the section's field (a map) that holds one per key."""
    struct = ctx.names.take(ctx.struct + exported(family.prefix + family.placeholder))
    reader = ctx.names.take("read" + struct)
    member_names = Names()
    fields = []
    for member in family.members:
        member_ident = member_names.take(exported(family.suffix(member).strip("_") or "value"))
        spelled = " + ".join([*([escaping.go_string(family.prefix)] if family.prefix else []), "k",
                              *([escaping.go_string(family.suffix(member))] if family.suffix(member) else [])])
        code = _field(ctx, member, member_ident, f"e.{member_ident}", "n", member.name)
        fields.append(replace(code, load=(f"n = {spelled}", *code.load), to_env=(f"n = {spelled}", *code.to_env)))
    entry = EntryCode(struct, reader, family.pattern, tuple(fields))
    keys_var = ctx.documented.get(family.keys_variable) if family.keys_variable else None
    scanned = family.keys_variable is None
    if keys_var is not None:
        fallback = default_env_string(keys_var)
        raw = f"r.get({escaping.go_string(keys_var.name)})"
        if fallback:
            raw = f"first({raw}, {escaping.go_string(fallback)})"
        keys = f"listKeys({raw}, {escaping.go_string(keys_var.separator or ',')})"
    elif family.keys_variable is not None:
        keys = 'listKeys("", ",")'
        scanned = False
    else:
        suffixes = [family.suffix(m) for m in family.members]
        fitting = sorted(name for name in ctx.documented if name.startswith(family.prefix)
                         and any(name.endswith(x) and len(name) > len(family.prefix + x) for x in suffixes))
        args = [escaping.go_string(family.prefix), "[]string{" + ", ".join(escaping.go_string(s) for s in suffixes) + "}",
                *(escaping.go_string(name) for name in fitting)]
        keys = f"r.scanKeys({', '.join(args)})"
    where = f"each name listed in {family.keys_variable}" if family.keys_variable else \
        f"each {family.placeholder} found in the environment (LoadXFromEnviron and LoadX see every name)"
    comment = (f"// {ident} holds one entry per {family.placeholder}, keyed in lower case: {where}.",
               "// Read from " + ", ".join(m.name for m in family.members) + ".")
    load = (f"c.{ident} = map[string]{struct}{{}}",
            f"for _, key := range {keys} {{",
            f"\tc.{ident}[key] = {reader}(r, key)",
            "}")
    to_env = (f"for key, e := range c.{ident} {{", "\te.toEnv(key, env)", "}")
    code = FieldCode(comment, f'{ident} map[string]{struct} `env:"{family.pattern}*"`', load, to_env)
    return entry, code, scanned


def _needs_check(var: Variable) -> bool:
    return var.required_if is not None and not var.required and not var.has_default


def _check(ctx: _Context, var: Variable, by_name: dict[str, tuple[Variable, str]]) -> str:
    """The condition under which an optional variable must be set, as a Go if statement."""
    cond = var.required_if
    assert cond is not None
    _, ident = by_name[var.name]
    controller = by_name.get(cond.variable)
    name = escaping.go_string(cond.variable)
    test: str | None = None
    if not cond.values:
        if controller is None:
            test = f"r.get({name}) != \"\""
        else:
            cvar, cident = controller
            test = f"c.{cident} != nil" if _nil_when_unset(cvar) else None
    elif (typed := typed_condition(cond, controller[0] if controller else None)) is not None:
        assert controller is not None
        cvar, cident = controller
        value = f"*c.{cident}" if _nil_when_unset(cvar) else f"c.{cident}"
        tests = [_equals(value, cvar, t) for t in typed]
        joined = " || ".join(tests)
        joined = f"({joined})" if len(tests) > 1 else joined
        test = f"c.{cident} != nil && {joined}" if _nil_when_unset(cvar) else joined
    if test is None and cond.values:  # compare the text
        test = " || ".join(f"r.get({name}) == {escaping.go_string(v)}" for v in cond.values)
        test = f"({test})" if len(cond.values) > 1 else test
    reason = escaping.go_string(f"is required when {cond.describe()}")
    missing = f"r.missing({escaping.go_string(var.name)}, {var.line}, {reason})"
    unset = f"c.{ident} == nil"
    header = f"if {test} && {unset} {{" if test else f"if {unset} {{"
    return "\n".join([header, f"\t{missing}", "}"])


def _nil_when_unset(var: Variable) -> bool:
    return not var.required and not var.has_default


def _equals(value: str, var: Variable, typed: object) -> str:
    if var.type == "bool":
        return value if typed else f"!{value}"
    if var.type == "float":
        return f"{value} == {float(str(typed))!r}"
    if var.type == "int":
        return f"{value} == {typed}"
    return f"{value} == {escaping.go_string(str(typed))}"
