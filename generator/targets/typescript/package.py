"""The TypeScript target: the model -> one module per section, a runtime module and an index.

Each loader is straight-line code with one statement per variable, reading every variable by its
literal name: bundlers (Next.js, Vite) inline `process.env.NEXT_PUBLIC_X` only where it is written out.
Decisions live here and in `fields.py`; templates/typescript only places the finished statements.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ...model.document import Document, Section, Variable
from ...model.types import typed_condition
from .. import escaping
from ..marks import TS_HEADER
from ..templating import render
from .fields import FieldCode, family_code, variable_code
from .naming import kebab_case, member_names, pascal_case, unique

# Names a client bundle may read: the prefixes Next.js and Vite expose to the browser.
DEFAULT_PUBLIC_PREFIXES = ("NEXT_PUBLIC_", "VITE_")
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


@dataclass(frozen=True, slots=True)
class ConfigView:
    """One config type of a section and its loader: the whole section, or its public part."""

    interface: str
    cls: str
    loader: str
    reader: str  # the function that reads the default environment literally
    title: str  # JSDoc of the interface
    fields: list[FieldCode]
    checks: list[str]
    process_reads: str  # the body of the reader
    public: bool  # every variable it reads is meant for the browser


@dataclass(frozen=True, slots=True)
class SectionView:
    module: str
    base: str  # PascalCase of the section
    section: Section
    configs: list[ConfigView]
    families: list[str]  # entry interfaces and readers
    entries: list[str]  # the entry interfaces' names
    metadata: str
    constants: list[str]
    process_type: str  # the type of `process.env` the module's readers see

    @property
    def id_literal(self) -> str:
        return escaping.ts_string(self.section.id)

    @property
    def title_literal(self) -> str:
        return escaping.ts_string(self.section.title)


def module_names(doc: Document) -> list[tuple[Section, str, str]]:
    """Each section with its module file stem (`frontend-app`) and its PascalCase base (`FrontendApp`)."""
    modules = unique([kebab_case(s.id) for s in doc.sections], {"index", "runtime"})
    # A base also names `<base>Public...` types: `foo` and `foo_public` must not both make FooPublicConfig.
    taken: set[str] = set()
    bases: list[str] = []
    for section in doc.sections:
        base = candidate = pascal_case(section.id)
        n = 2
        while candidate in taken or f"{candidate}Public" in taken:
            candidate, n = f"{base}{n}", n + 1
        taken.update((candidate, f"{candidate}Public"))
        bases.append(candidate)
    return list(zip(doc.sections, modules, bases))


def is_public(name: str, prefixes: tuple[str, ...]) -> bool:
    return name.startswith(prefixes)


def render_package(doc: Document, folder: str,
                   public_prefixes: tuple[str, ...] = DEFAULT_PUBLIC_PREFIXES) -> dict[str, str]:
    """Files of the TypeScript folder: path relative to the output dir -> text."""
    files: dict[str, str] = {}
    sections: list[SectionView] = []
    documented = {v.name: v for s in doc.sections for v in s.variables}
    for section, module, base in module_names(doc):
        view = _section_view(doc, section, module, base, documented, public_prefixes)
        sections.append(view)
        body = render("typescript/section.ts.jinja", view=view, source=escaping.ts_string(doc.source),
                      title=escaping.ts_comment(section.title), doc_source=escaping.ts_comment(doc.source))
        files[f"{folder}/{module}.ts"] = _with_header(body, doc)
    index = render("typescript/index.ts.jinja", sections=sections)
    files[f"{folder}/index.ts"] = _with_header(index, doc)
    files[f"{folder}/runtime.ts"] = _with_header(render("typescript/runtime.ts.jinja"), doc)
    return files


def _section_view(doc: Document, section: Section, module: str, base: str, documented: dict[str, Variable],
                  public_prefixes: tuple[str, ...]) -> SectionView:
    local = {**documented, **{v.name: v for v in section.variables}}
    members = member_names([v.name for v in section.variables]
                           + [f.prefix.rstrip("_") or f.placeholder + "S" for f in section.families])
    var_members = dict(zip((v.name for v in section.variables), members))
    constants: list[str] = []
    fields = [variable_code(v, var_members[v.name], local, public_prefixes, constants) for v in section.variables]
    family_blocks: list[str] = []
    family_fields: list[FieldCode] = []
    entries: list[str] = []
    taken = {base, f"{base}Config", f"{base}Values", f"{base}PublicConfig", f"{base}PublicValues"}
    for family, member in zip(section.families, members[len(section.variables):]):
        entry = unique([f"{base}{pascal_case(family.prefix + family.placeholder)}Entry"], taken)[0]
        block, field = family_code(family, member, entry, local, public_prefixes, constants)
        family_blocks.append(block)
        entries.append(entry)
        family_fields.append(field)
    every = fields + family_fields
    checks = [_check(v, var_members, local) for v in section.variables if _needs_check(v)]
    title = f"{section.title}: the variables documented in {doc.source} (line {section.line})."
    configs = [ConfigView(f"{base}Config", f"{base}Values", f"load{base}", f"{_lower(base)}ProcessEnv",
                          escaping.ts_comment(title), every, checks,
                          _process_reads(section, every, local), all(f.public for f in every))]
    public_fields = [f for f in fields if f.public]
    if public_fields and len(public_fields) < len(every):
        public_names = {f.env for f in public_fields}
        public_checks = [_check(v, var_members, local) for v in section.variables
                         if _needs_check(v) and v.name in public_names and v.required_if is not None
                         and v.required_if.variable in public_names]
        ptitle = (f"{section.title}, the variables a client bundle may read ("
                  f"{', '.join(sorted(public_names))}): documented in {doc.source} (line {section.line}).")
        configs.append(ConfigView(f"{base}PublicConfig", f"{base}PublicValues", f"load{base}Public",
                                  f"{_lower(base)}PublicProcessEnv", escaping.ts_comment(ptitle), public_fields,
                                  public_checks, _process_reads(section, public_fields, local), True))
    metadata = ",\n".join(line for f in every for line in f.metadata)
    # The names the readers write out, as members (not an index signature): a project that sets
    # noPropertyAccessFromIndexSignature still compiles `process.env.NAME`.
    names = list(dict.fromkeys(n for f in every for n in f.reads))
    process_type = "rt.Env" if section.families or not names else \
        "{ readonly [N in " + " | ".join(escaping.ts_string(n) for n in names) + "]?: string }"
    return SectionView(module, base, section, configs, family_blocks, entries, metadata, constants, process_type)


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _process_reads(section: Section, fields: list[FieldCode], documented: dict[str, Variable]) -> str:
    """The reader's body: every name the loader may read, each read from `process.env` literally.

    A section with templated families must look at every name, so it reads `process.env` whole
    (server code only: no bundler inlines that).
    """
    if any(f.family for f in fields):
        return "return typeof process === \"undefined\" ? {} : process.env;"
    names = list(dict.fromkeys(name for f in fields for name in f.reads))
    lines = [f"    {escaping.ts_string(n)}: process.env.{n}," if _IDENTIFIER.fullmatch(n)
             else f"    {escaping.ts_string(n)}: process.env[{escaping.ts_string(n)}]," for n in names]
    return "try {\n    return {\n" + "\n".join("  " + line for line in lines) + "\n    };\n  } catch {\n" \
        "    return {}; // no `process` here: a browser bundle that inlined none of these names\n  }"


def _needs_check(var: Variable) -> bool:
    return var.required_if is not None and not var.required and not var.has_default




def _check(var: Variable, members: dict[str, str], documented: dict[str, Variable]) -> str:
    """The statement that reports an optional variable its required-if condition makes required."""
    cond = var.required_if
    assert cond is not None
    reason = escaping.ts_string(f"is required when {cond.describe()}")
    controller = documented.get(cond.variable) if cond.variable in members else None
    raw = f"env[{escaping.ts_string(cond.variable)}]"
    test: str | None = None
    if not cond.values:
        test = f"${members[cond.variable]} !== undefined" if controller else f"!!{raw}"
    elif (typed := typed_condition(cond, controller)) is not None:
        test = " || ".join(f"${members[cond.variable]} === {_literal(t)}" for t in typed)
    if test is None:  # compare the text
        test = " || ".join(f"{raw} === {escaping.ts_string(v)}" for v in cond.values)
    return (f"  if (({test}) && ${members[var.name]} === undefined) "
            f"p.missing({escaping.ts_string(var.name)}, {var.line}, {reason});")


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return escaping.ts_string(str(value))


def _with_header(body: str, doc: Document) -> str:
    digest = hashlib.sha256(body.encode()).hexdigest()[:16]
    return f"{TS_HEADER} from {escaping.comment(doc.source)}; do not edit. content-sha256:{digest}\n" + body

