"""The TypeScript code of one variable (or one templated family): its member, its read, its write back.

Reads go through `env["NAME"]` with the name as a literal; problems name the variable by that literal,
so no table of names is consulted while reading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ...model.defaults import default_env_string, reference_chain
from ...model.document import Family, Variable
from ...model.types import parser_for
from ...model.values import parse_duration
from .. import escaping
from .naming import member_names

_TYPE = {
    "str": "string", "url": "string", "int": "number", "float": "number", "bool": "boolean", "path": "string",
    "duration": "number", "list[str]": "readonly string[]", "json": "unknown",
}
_PARSER = {
    "str": "rt.parseStr", "url": "rt.parseUrl", "int": "rt.parseInt", "float": "rt.parseFloat",
    "bool": "rt.parseBool", "path": "rt.parsePath", "duration": "rt.parseDuration", "json": "rt.parseJson",
}
# toEnv: how a typed value becomes the text that parses back to it ({} is the value).
_FORMAT = {
    "str": "{}", "url": "{}", "enum": "{}", "path": "{}", "int": "String({})", "float": "String({})",
    "bool": "rt.formatBool({})", "duration": "rt.formatDuration({})", "json": "rt.formatJson({})",
}
_TYPE_WORDS = {"list[str]": "list of strings", "duration": "duration in milliseconds"}
_SAFE_INTEGER = 2**53 - 1


@dataclass(frozen=True, slots=True)
class FieldCode:
    env: str  # the variable's name (a family's pattern and `*`)
    member: str
    public: bool  # a client bundle may read it
    family: bool
    type: str  # the member's TypeScript type
    doc: str  # JSDoc body, escaped
    read: str  # loader statements that leave the value in `$member`
    write: str  # toEnv statements
    reads: tuple[str, ...]  # every name the read looks at
    metadata: list[str] = field(default_factory=list)  # VariableInfo literals


def _base_type(var: Variable) -> str:
    """The value's type, before Secret and undefined."""
    if var.type == "enum":
        return " | ".join(escaping.ts_string(c) for c in var.choices or ()) or "string"
    return _TYPE[var.type]


def _type(var: Variable) -> str:
    base = _base_type(var)
    if var.secret:
        base = f"rt.Secret<{base}>"
    if not var.required and not var.has_default:
        base += " | undefined"
    return base


def _parser(var: Variable, member: str, constants: list[str]) -> str:
    if var.type == "enum":
        name = f"{member}$parse"
        choices = ", ".join(escaping.ts_string(c) for c in var.choices or ())
        constants.append(f"const {name} = rt.enumParser([{choices}] as const);")
        return name
    if var.type == "list[str]":
        name = f"{member}$parse"
        constants.append(f"const {name} = rt.listParser({escaping.ts_string(var.separator or ',')});")
        return name
    return _PARSER[var.type]


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return escaping.ts_string(str(value))


def _default(var: Variable, parser: str, name: str) -> str:
    """The default, typed: a literal where TypeScript can write it, else parsed on each call (fresh JSON)."""
    literal = default_env_string(var)
    assert literal is not None
    expression: str | None = None
    if var.type in ("str", "url", "enum", "float", "bool", "list[str]"):
        expression = _literal(parser_for(var.type, var.choices, var.separator)(literal))
    elif var.type == "int":
        value = parser_for("int", None, None)(literal)
        if abs(value) <= _SAFE_INTEGER:
            expression = str(value)
    elif var.type == "duration":
        micros = parse_duration(literal) // parse_duration("1us")
        expression = _literal(micros / 1000) if micros % 1000 else str(micros // 1000)
    if expression is None or (var.type == "float" and not math.isfinite(float(expression))):
        # Parsed when read, so a default this target cannot hold is a problem, not a crash.
        expression = f"p.parse({parser}, {escaping.ts_string(literal)}, {name}, {var.line})"
    # The type argument is written out: from a literal alone TypeScript would infer Secret<string>.
    return f"new rt.Secret<{_base_type(var)}>({expression})" if var.secret else expression


def _description(var: Variable) -> str:
    notes = [f"`{var.name}` (line {var.line}): {_TYPE_WORDS.get(var.type, var.type)}"]
    if var.required:
        notes.append("required")
    elif var.has_default:
        notes.append(f"default `{default_env_string(var)}`")
    elif var.default_ref:
        notes.append(f"default: the value of {var.default_ref}")
    if var.secret:
        notes.append("secret")
    extra = []
    if var.aliases:
        extra.append("Also read as " + ", ".join(var.aliases) + " (set one).")
    if var.file_twin:
        extra.append(f"Or from the file {var.file_twin} names (set one or the other).")
    if var.required_text:
        extra.append(f"Required: {var.required_text}")
    if var.since:
        extra.append(f"Since {var.since}.")
    text = "\n\n".join(p for p in (var.description, "; ".join(notes) + "." + (" " + " ".join(extra) if extra
                                                                               else "")) if p)
    return escaping.ts_comment(text)


def _metadata(var: Variable, member: str, public: bool, family_member: str | None = None) -> str:
    parts = [f"env: {escaping.ts_string(var.name)}", f"field: {escaping.ts_string(member)}"]
    if family_member is not None:
        parts.append(f"member: {escaping.ts_string(family_member)}")
    parts += [f"line: {var.line}", f"type: {escaping.ts_string(var.type)}",
              f"secret: {'true' if var.secret else 'false'}", f"required: {'true' if var.required else 'false'}",
              f"public: {'true' if public else 'false'}", f"description: {escaping.ts_string(var.description)}"]
    return "  { " + ", ".join(parts) + " }"


def _read(var: Variable, local: str, name: str, parser: str, documented: dict[str, Variable],
          indent: str) -> tuple[str, tuple[str, ...]]:
    """Statements leaving the parsed value in `local`; `name` is the expression of the variable's name."""
    lines: list[str] = []
    reads = [var.name, *var.aliases]
    if var.aliases:
        names = [var.name, *var.aliases]
        values = ", ".join(f"env[{escaping.ts_string(n)}]" for n in names)
        lines.append(f"v = p.oneOf([{values}], [{', '.join(escaping.ts_string(n) for n in names)}], {var.line});")
    else:
        lines.append(f"v = env[{name}] || undefined;")
    if var.file_twin:
        twin = escaping.ts_string(var.file_twin)
        lines.append(f"v = p.fromFile(v, env[{twin}], {name}, {twin}, {var.line});")
        reads.append(var.file_twin)
    # Unset: the other variable's value, or (down its own chain) the first documented default.
    chain, fallback = reference_chain(var, documented)
    if chain or fallback:
        rest = [f"env[{escaping.ts_string(n)}]" for n in chain] + ([escaping.ts_string(fallback)] if fallback else [])
        lines.append(f"v = v || {' || '.join(rest)} || undefined;")
        reads.extend(chain)
    if var.type == "str" and not var.secret:
        parsed = "v"
    else:
        parsed = f"p.parse({parser}, v, {name}, {var.line}{', true' if var.secret else ''})"
    if var.secret:
        parsed = f"new rt.Secret({parsed})"
    if var.required:
        otherwise = f"p.missing({name}, {var.line})"
    elif var.has_default:
        otherwise = _default(var, parser, name)
    else:
        otherwise = "undefined"
    lines.append(f"const {local} = v ? {parsed} : {otherwise};")
    return "".join(f"{indent}{line}\n" for line in lines), tuple(reads)


def _write(var: Variable, value: str, target: str, indent: str) -> str:
    shown = f"{value}.reveal()" if var.secret else value
    if var.type == "list[str]":
        formatted = f"{shown}.join({escaping.ts_string(var.separator or ',')})"
    else:
        formatted = _FORMAT[var.type].format(shown)
    statement = f"env[{target}] = {formatted};"
    if not var.required and not var.has_default:
        statement = f"if ({value} !== undefined) {statement}"
    return f"{indent}{statement}\n"


def variable_code(var: Variable, member: str, documented: dict[str, Variable], public_prefixes: tuple[str, ...],
                  constants: list[str]) -> FieldCode:
    public = var.name.startswith(public_prefixes) and all(a.startswith(public_prefixes) for a in var.aliases)
    parser = _parser(var, member, constants)
    name = escaping.ts_string(var.name)
    read, reads = _read(var, f"${member}", name, parser, documented, "  ")
    write = _write(var, f"this.{member}", name, "    ")
    return FieldCode(var.name, member, public, False, _type(var), _description(var), read, write, reads,
                     [_metadata(var, member, public)])


def family_code(family: Family, member: str, entry: str, documented: dict[str, Variable],
                public_prefixes: tuple[str, ...], constants: list[str]) -> tuple[str, FieldCode]:
    """The entry interface and reader of a templated family, and the section's member holding its record."""
    members = member_names([family.suffix(m).strip("_") or "value" for m in family.members])
    body: list[str] = [f"/** The settings {escaping.ts_comment(family.pattern)}... of one "
                       f"{escaping.ts_comment(family.placeholder)}. */", f"export interface {entry} {{"]
    reads: list[str] = []
    writes: list[str] = []
    metadata: list[str] = []
    for var, name in zip(family.members, members):
        body += ["  /**", f"   * {_description(var).replace(chr(10) + ' *', chr(10) + '   *')}", "   */",
                 f"  readonly {name}: {_type(var)};"]
        spelled = " + ".join([*([escaping.ts_string(family.prefix)] if family.prefix else []), "k",
                              *([escaping.ts_string(family.suffix(var))] if family.suffix(var) else [])])
        parser = _parser(var, f"{member}${name}", constants)
        read, _ = _read(var, f"${name}", "n", parser, documented, "  ")
        reads.append(f"  n = {spelled};\n" + read)
        writes.append(_write(var, f"e.{name}", spelled, "      "))
        metadata.append(_metadata(var, member, False, name))
    body.append("}")
    reader = f"read{entry}"
    fields = ", ".join(f"{name}: ${name}" for name in members)
    body += ["", f"function {reader}(env: rt.Env, key: string, p: rt.Problems): {entry} {{",
             "  const k = rt.envKey(key);", "  let n: string;", "  let v: string | undefined;",
             *(r.rstrip("\n") for r in reads), f"  return Object.freeze({{ {fields} }});", "}"]
    if family.keys_variable is not None:
        keys_var = documented.get(family.keys_variable)
        fallback = default_env_string(keys_var) if keys_var is not None else None
        separator = keys_var.separator if keys_var is not None and keys_var.separator else ","
        raw = f"env[{escaping.ts_string(family.keys_variable)}] || {escaping.ts_string(fallback or '')}"
        keys = f"rt.listKeys({raw}, {escaping.ts_string(separator)})"
    else:
        suffixes = [family.suffix(m) for m in family.members]
        fitting = sorted(n for n in documented if n.startswith(family.prefix)
                         and any(n.endswith(x) and len(n) > len(family.prefix + x) for x in suffixes))
        keys = (f"rt.scanKeys(env, {escaping.ts_string(family.prefix)}, "
                f"[{', '.join(escaping.ts_string(s) for s in suffixes)}], "
                f"[{', '.join(escaping.ts_string(s) for s in fitting)}])")
    where = (f"each name listed in {family.keys_variable}" if family.keys_variable
             else f"each {family.placeholder} found in the environment")
    doc = escaping.ts_comment(f"{family.placeholder} -> its settings, for {where} (keys in lower case).\n\n"
                              f"Read from {', '.join(m.name for m in family.members)}.")
    read = (f"  const ${member}: Record<string, {entry}> = Object.create(null);\n"
            f"  for (const key of {keys}) ${member}[key] = {reader}(env, key, p);\n"
            f"  Object.freeze(${member});\n")
    write = (f"    for (const [key, e] of Object.entries(this.{member})) {{\n      const k = rt.envKey(key);\n"
             + "".join(writes) + "    }\n")
    view = FieldCode(f"{family.pattern}*", member, False, True, f"Readonly<Record<string, {entry}>>", doc, read,
                     write, (), metadata)
    return "\n".join(body) + "\n", view
