"""`docenv helm adopt TEMPLATE... [--doc DOC] [--write]`: take over an existing chart's values layout.

A team that already deploys with its own chart has values files in its own layout (`db.username` for
DB_USER). Adopt reads that chart's templates (helm_template_reader finds each `NAME <- .Values.path`
pair), keeps the pairs whose name the doc documents, and prints them as `[tool.docenv.docs.values_paths]`;
with `--write` it puts that table into pyproject.toml under the doc's `[[tool.docenv.docs]]` entry
(tomlkit: comments and layout stay). The generated chart then reads each mapped variable from the team's
key, so the same values file gives the same environment. Variables the templates do not set keep their
computed paths.

Warnings (stderr, `path:line: warning: ...`), each pair left out: a name the doc does not document (or a
templated family member, whose values live in the family's map); a name set from two different paths; two
names set from one path (a key of the generated chart sets one variable); a documented name set by
something other than one value. A mapping that `docenv generate` would refuse (its path is another
variable's computed path, or holds one) is kept and warned about.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..generate import settings
from ..generate.project import Settings
from ..model.document import Document
from ..model.errors import DocenvError
from ..targets.helm.layout import section_layout
from ..targets.helm.values_paths import dotted
from .template_reader import Note, Pair, read_template

TEMPLATE_SUFFIXES = (".yaml", ".yml", ".tpl")
TABLE = "[tool.docenv.docs.values_paths]"


@dataclass(slots=True)
class Adoption:
    mapping: dict[str, str] = field(default_factory=dict)  # VAR -> dotted values path, sorted by VAR
    warnings: list[str] = field(default_factory=list)  # `path:line: warning: ...`, by template file and line


def run(templates: list[str], doc_name: str | None, write: bool) -> int:
    from ..generate.parse import parse_configured

    project = settings.load()
    index = _pick(project, doc_name)
    doc_settings = project.docs[index]
    document = parse_configured(doc_settings, project.origin).document
    pairs: list[Pair] = []
    notes: list[Note] = []
    files = template_files(templates)
    for path, shown in files:
        found, noted = read_template(read_text(path, shown), shown)
        pairs += found
        notes += noted
    adoption = adopt(document, pairs, notes)
    for warning in adoption.warnings:
        print(warning, file=sys.stderr)
    sys.stdout.write(table_text(adoption.mapping))
    if "helm" not in doc_settings.outputs:
        print(f"docenv helm adopt: note: doc {doc_settings.name} does not list \"helm\" in outputs; the mapping "
              "takes effect once it does", file=sys.stderr)
    written = ""
    if write:
        assert project.file is not None  # settings.load found it
        changed = write_mapping(project.file, index, adoption.mapping, project.table_prefix)
        written = f"; {'wrote' if changed else 'unchanged:'} {project.origin} ([[{project.table_prefix}docs]] " \
                  f"{doc_settings.name})"
    print(f"docenv helm adopt: {len(adoption.mapping)} mapping(s) for doc {doc_settings.name} from {len(files)} "
          f"template(s), {len(adoption.warnings)} warning(s){written}", file=sys.stderr)
    return 0


def _pick(project: Settings, name: str | None) -> int:
    from ..generate.settings import configured_doc

    names = [d.name for d in project.docs]
    if name is None:
        if len(names) == 1:
            return 0
        raise DocenvError(f"has several [[{project.table_prefix}docs]] entries ({', '.join(names)}); pick one with "
                          "--doc NAME (or its path)", project.origin)
    chosen = configured_doc(project, name)
    if chosen is None:
        raise DocenvError(f"no [[{project.table_prefix}docs]] entry is named {name!r} or has that path (names: "
                          f"{', '.join(names)}; paths: {', '.join(d.display for d in project.docs)})", project.origin)
    return project.docs.index(chosen)


def template_files(arguments: list[str]) -> list[tuple[Path, str]]:
    """Each template file with the path shown for it: a file as given, a folder's *.yaml/*.yml/*.tpl (a chart
    folder's templates/), sorted."""
    files: list[tuple[Path, str]] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            folder = path / "templates" if (path / "Chart.yaml").is_file() and (path / "templates").is_dir() else path
            found = sorted(p for p in folder.rglob("*") if p.suffix in TEMPLATE_SUFFIXES and p.is_file())
            if not found:
                raise DocenvError(f"has no templates ({', '.join('*' + s for s in TEMPLATE_SUFFIXES)})", argument)
            files += [(p, p.as_posix()) for p in found]
        elif path.is_file():
            files.append((path, argument))
        elif path.exists():
            raise DocenvError("is not a file", argument)
        else:
            raise DocenvError("no such file", argument)
    return files


def read_text(path: Path, shown: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DocenvError(f"cannot be read ({err.strerror or err})", shown) from None
    if b"\x00" in data:
        raise DocenvError("is a binary file, not a chart template", shown)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DocenvError(f"is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})", shown) from None


def adopt(document: Document, pairs: list[Pair], notes: list[Note]) -> Adoption:
    """The mapping the pairs give for the doc's variables, and a warning for everything left out."""
    result = Adoption()
    documented = {v.name for s in document.sections for v in s.variables}
    alias_of: dict[str, str] = {}
    for section in document.sections:
        for var in section.variables:
            for alias in var.aliases:
                alias_of.setdefault(alias, var.name)

    collected: list[tuple[str, int, str]] = []

    def warn(file: str, line: int, message: str) -> None:
        collected.append((file, line, message))

    def canonical(name: str) -> str | None:
        return name if name in documented else alias_of.get(name)

    undocumented: dict[str, list[tuple[str, int]]] = {}
    paths_of: dict[str, dict[tuple[str, ...], list[Pair]]] = {}
    for pair in pairs:
        name = canonical(pair.name)
        if name is None:
            undocumented.setdefault(pair.name, []).append((pair.file, pair.line))
        else:
            paths_of.setdefault(name, {}).setdefault(pair.path, []).append(pair)
    for note in notes:
        if note.name is not None and canonical(note.name) is None:
            undocumented.setdefault(note.name, []).append((note.file, note.line))
    for name, places in undocumented.items():
        more = f" (and {len(places) - 1} more place(s))" if len(places) > 1 else ""
        family = _family_of(document, name)
        why = (f"is a templated name ({family}), whose values live in the generated chart's map for the family"
               if family else f"is not documented in {document.source}")
        warn(*places[0], f"{name} {why}; left out{more}")

    chosen: dict[str, tuple[str, ...]] = {}
    for name, by_path in paths_of.items():
        if len(by_path) > 1:
            where = "; ".join(f".Values.{dotted(path)} ({found[0].file}:{found[0].line})"
                              for path, found in sorted(by_path.items()))
            first = min((found[0] for found in by_path.values()), key=lambda p: (p.file, p.line))
            warn(first.file, first.line, f"{name} is set from different values: {where}; left out")
            continue
        chosen[name] = next(iter(by_path))
    names_at: dict[tuple[str, ...], list[str]] = {}
    for name, path in chosen.items():
        names_at.setdefault(path, []).append(name)
    for path, names in names_at.items():
        if len(names) > 1:
            first = paths_of[names[0]][path][0]
            warn(first.file, first.line, f"{' and '.join(sorted(names))} are set from the same key .Values.{dotted(path)}, "
                                         "but each variable needs a key of its own in the generated chart; left out")
            for name in names:
                del chosen[name]
    for name, path in chosen.items():
        found = paths_of[name][path][0]
        if found.name != name:
            warn(found.file, found.line, f"{found.name} is an alias of {name}: mapped as {name} (the generated "
                                         f"chart sets {name})")

    mapped_names = set(chosen) | {n for names in names_at.values() for n in names}
    for note in notes:
        name = canonical(note.name) if note.name is not None else None
        if note.name is None:
            warn(note.file, note.line, note.message)
        elif name is not None and name not in mapped_names:
            warn(note.file, note.line, note.message)

    order = {file: i for i, file in enumerate(dict.fromkeys([p.file for p in pairs] + [n.file for n in notes]))}
    for file, line, message in sorted(collected, key=lambda w: (order.get(w[0], len(order)), w[1], w[2])):
        result.warnings.append(f"{file}:{line}: warning: {message}" if line else f"{file}: warning: {message}")
    result.mapping = {name: dotted(chosen[name]) for name in sorted(chosen)}
    for problem in refusals(document, chosen):
        result.warnings.append(f"{document.source}: warning: with this mapping `docenv generate` refuses: {problem}")
    return result


def refusals(document: Document, chosen: dict[str, tuple[str, ...]]) -> list[str]:
    """What `docenv generate` would reject in the mapping (the helm target's own check, per section)."""
    mapping = {name: dotted(path) for name, path in chosen.items()}
    return [f"section {section.id}: {problem}" for section in document.sections
            for problem in section_layout(section, mapping).problems]


def _family_of(document: Document, name: str) -> str | None:
    """The pattern of a family one of whose members `name` is (STORAGE_S3_DRIVER: STORAGE_<LOCATION>...)."""
    for section in document.sections:
        for family in section.families:
            if family.member_of(name):
                return f"{family.pattern}..."
    return None


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def table_text(mapping: dict[str, str]) -> str:
    """The TOML table, keys sorted (names are bare keys; paths are dotted identifiers, never escaped)."""
    lines = [TABLE]
    for name in sorted(mapping):
        key = name if _BARE_KEY.fullmatch(name) else json.dumps(name)
        lines.append(f"{key} = {json.dumps(mapping[name])}")
    return "\n".join(lines) + "\n"


def write_mapping(pyproject: Path, index: int, mapping: dict[str, str], prefix: str = "tool.docenv.") -> bool:
    """Put the mapping under the index-th `[[docs]]` entry of the settings file (`[[tool.docenv.docs]]` in a
    pyproject.toml: `prefix`), replacing its table; True if changed.

    tomlkit keeps every other line as written. An inline `values_paths = {...}` stays inline; no mapping
    at all removes the table.
    """
    import tomllib

    import tomlkit
    from tomlkit.items import InlineTable

    shown = os.path.relpath(pyproject)
    text = pyproject.read_text(encoding="utf-8")
    try:
        document = tomlkit.parse(text)
        entry = _settings_table(document, prefix)["docs"][index]
        existing = entry.get("values_paths")
    except Exception as err:  # settings.load read it with tomllib; tomlkit is stricter about a few shapes
        raise DocenvError(f"could not be edited in place ({type(err).__name__}); paste the table printed above "
                          "instead", shown) from None
    if not mapping:
        if existing is not None:
            del entry["values_paths"]
    elif isinstance(entry, InlineTable) or isinstance(existing, InlineTable):
        inline = tomlkit.inline_table()
        inline.update(dict(sorted(mapping.items())))
        entry["values_paths"] = inline
    else:
        table = tomlkit.table()
        for name in sorted(mapping):
            table.add(name, mapping[name])
        table.add(tomlkit.nl())
        entry["values_paths"] = table
    new = tomlkit.dumps(document)
    written = _settings_table(tomllib.loads(new), prefix)["docs"][index].get("values_paths", {})
    if written != mapping:  # never leave a pyproject.toml that says something else than was asked
        raise DocenvError(f"could not be edited in place (the [{prefix}docs] entry has a shape docenv "
                          "cannot edit); paste the table printed above instead", shown)
    if new == text:
        return False
    temporary = pyproject.with_name(pyproject.name + ".docenv-tmp")
    temporary.write_text(new, encoding="utf-8")
    shutil.copymode(pyproject, temporary)
    os.replace(temporary, pyproject)
    return True


def _settings_table(document: Any, prefix: str) -> Any:
    """The table holding the settings: the document itself in docenv.toml, [tool.docenv] in pyproject.toml."""
    for key in prefix.split(".")[:-1]:
        document = document[key]
    return document
