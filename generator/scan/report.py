"""Compare what the scan found with the documented variables, section by section.

A file mapped to sections (settings: `backend_api = ["backend/**"]`) is checked against those
sections; any other file against every documented variable. A variable counts as used when code
reads it (or uses its generated config class); a chart or Dockerfile that only sets it does not
make it used.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from ..model.document import Document, Section, Variable
from ..model.names import SectionNames
from ..repo.platform import is_platform
from .found import CONFIG_CLASS, READ, Place

ALL = "*"  # the group of files no section mapping covers

@dataclass(frozen=True, slots=True)
class ScannedSection:
    """One documented section as the scan sees it: every name that reaches one of its variables."""

    key: str  # the section id, qualified by the doc's name when two docs share it
    doc: str
    config_classes: tuple[str, ...]  # generated classes that read the whole section (stdlib, pydantic-settings)
    names: SectionNames

    @property
    def section(self) -> Section:
        return self.names.section

    def resolve(self, name: str) -> Variable | None:
        return self.names.resolve(name)


@dataclass(slots=True)
class Group:
    """The findings of one section (or, for ALL, of the files no mapping covers)."""

    key: str
    title: str
    doc: str | None
    undocumented: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    unused: list[Variable] = field(default_factory=list)
    unresolved: list[Place] = field(default_factory=list)
    elsewhere: dict[str, list[str]] = field(default_factory=dict)  # undocumented name -> sections documenting it


@dataclass(frozen=True, slots=True)
class Report:
    groups: tuple[Group, ...]
    idle_mappings: tuple[str, ...]  # section keys whose path patterns matched no scanned file

    @property
    def undocumented(self) -> int:
        return sum(len(g.undocumented) for g in self.groups)

    @property
    def unused(self) -> int:
        return sum(len(g.unused) for g in self.groups)

    @property
    def unresolved(self) -> int:
        return sum(len(g.unresolved) for g in self.groups)


def section_names(documents: list[tuple[str, Document, dict[str, tuple[str, ...]]]]) -> list[ScannedSection]:
    """Every section of every doc, keyed by id (`doc.id` when two docs have the same id).

    `documents`: (doc name, document, section id -> its generated class names).
    """
    ids = [s.id for _, doc, _ in documents for s in doc.sections]
    out = []
    for name, doc, classes in documents:
        for section in doc.sections:
            key = section.id if ids.count(section.id) == 1 else f"{name}.{section.id}"
            out.append(ScannedSection(key, doc.source, classes.get(section.id, ()), SectionNames.of(section)))
    return out


Owners = Callable[[Place], "list[str] | None"]


def compare(places: list[Place], sections: list[ScannedSection], owners: Owners, allow: list[str],
            mapped: frozenset[str] = frozenset(), idle: tuple[str, ...] = ()) -> Report:
    """Findings per section. `owners(place)`: the section keys a find belongs to; [] when it is outside the
    service map (left out); None when no mapping covers it (checked against every section). `mapped`: the
    sections a mapping names, which only their own files' reads make used."""
    by_key = {s.key: s for s in sections}
    groups = {s.key: Group(s.key, s.section.title, s.doc) for s in sections}
    groups[ALL] = Group(ALL, "files no section mapping covers", None)
    used: dict[str, set[str]] = defaultdict(set)  # section key -> canonical names read

    for place in places:
        targets = owners(place)
        if targets is not None and not targets:
            continue  # outside the map: not the doc's
        targets = [k for k in targets or () if k in by_key]
        scope = [by_key[k] for k in targets] if targets else sections
        if place.kind == CONFIG_CLASS:
            for names in sections:
                if place.name in names.config_classes:
                    used[names.key].update(v.name for v in names.section.every_variable)
            continue
        homes = [groups[k] for k in targets] or [groups[ALL]]
        if place.name is None:
            for group in homes:
                group.unresolved.append(place)
            continue
        name = place.name
        documented = [(names, var) for names in scope if (var := names.resolve(name)) is not None]
        if place.kind == READ:
            for names, var in documented:
                if targets or names.key not in mapped:
                    used[names.key].add(var.name)
        if not documented and not _allowed(name, allow) and not is_platform(name):
            for group in homes:
                group.undocumented[name].append(place)

    for names in sections:
        groups[names.key].unused = [v for v in names.section.every_variable
                                    if v.name not in used[names.key] and not _allowed(v.name, allow)]
    ordered = [groups[s.key] for s in sections] + [groups[ALL]]
    for group in ordered:
        group.undocumented = dict(sorted(group.undocumented.items()))
        if group.key != ALL:  # once per name, not per place it is read
            group.elsewhere = {name: [s.section.title for s in sections if s.resolve(name) is not None]
                               for name in group.undocumented}
    return Report(tuple(ordered), idle)


def _allowed(name: str, allow: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in allow)
