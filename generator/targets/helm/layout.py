"""Where a section's variables sit in values.yaml: the computed paths, a team's mapped ones, and each
templated family's map."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.document import Document, Family, Section
from ...model.errors import DocenvError
from .values_paths import family_keys, mapped_in_section, mapping_clashes, values_paths_renamed

# Top-level values keys the chart itself uses; no variable may take them.
RESERVED = frozenset({"existingSecret", "deployment", "nameOverride", "fullnameOverride"})


@dataclass(frozen=True, slots=True)
class SectionLayout:
    """Where a section's variables sit in values.yaml, with the mapping applied."""

    paths: dict[str, tuple[str, ...]]  # every variable: its mapped path, else its computed one
    family_keys: list[str]
    mapped: dict[str, tuple[str, ...]]  # the variables the mapping moved
    problems: list[str]  # why the mapped paths cannot share one values file with the others


def section_layout(section: Section, mapping: dict[str, str]) -> SectionLayout:
    """Computed paths and family keys are those of the doc alone, so mapping one variable never moves another."""
    names = [v.name for v in section.variables]
    computed, _ = values_paths_renamed(names, RESERVED)
    fkeys, _ = family_values_keys(section, computed)
    mapped = mapped_in_section(mapping, section.id, names)
    if not mapped:
        return SectionLayout(computed, fkeys, {}, [])
    problems = mapping_clashes(computed, mapped, RESERVED,
                               {key: f"{family.pattern}..." for family, key in zip(section.families, fkeys)})
    return SectionLayout(computed | mapped, fkeys, mapped, problems)


def section_paths(section: Section, mapping: dict[str, str], doc_name: str = "",
                  origin: str = "pyproject.toml") -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """Each variable's values path (mapped, else computed) and each family's values key.

    A mapped path that is another variable's path, lies inside one or holds one (`db` vs `db.host`), starts
    at a key the chart keeps, or at a family's map, is an error naming `origin`: the team's layout is
    the point of the mapping, so docenv never renames its keys (as it would a computed clash, DV202).
    """
    layout = section_layout(section, mapping)
    if layout.problems:
        where = f" of {doc_name}" if doc_name else ""
        raise DocenvError(f"[tool.docenv.docs.values_paths]{where}, section {section.id}: "
                          f"{'; '.join(layout.problems)}", origin)
    return layout.paths, layout.family_keys


def check_mapping_keys(doc: Document, doc_name: str, mapping: dict[str, str], origin: str) -> None:
    """Every key names a plain variable the doc documents (`NAME` in some section, `section_id.NAME` in that one)."""
    problems: list[str] = []
    by_id = {s.id: s for s in doc.sections}
    for key in sorted(mapping):
        section_id, _, name = key.rpartition(".")
        sections = [by_id[section_id]] if section_id in by_id else [] if section_id else list(doc.sections)
        if section_id and not sections:
            problems.append(f"{key!r}: the doc has no section {section_id!r} (sections: "
                            f"{', '.join(sorted(by_id))})")
            continue
        if any(v.name == name for s in sections for v in s.variables):
            continue
        where = f"section {section_id}" if section_id else "the doc"
        canonical = sorted({v.name for s in sections for v in s.variables if name in v.aliases})
        members = sorted({f.pattern + "..." for s in sections for f in s.families
                          if f.member_of(name) or any(m.name == name for m in f.members)})
        if canonical:
            problems.append(f"{key!r}: {name} is an alias of {canonical[0]}; map {canonical[0]}")
        elif members:
            problems.append(f"{key!r}: {name} is a templated name ({members[0]}), whose values live in the "
                            "family's map; it cannot be mapped")
        else:
            problems.append(f"{key!r}: {where} ({doc.source}) documents no variable {name}")
    if problems:
        where = f" of {doc_name}" if doc_name else ""
        raise DocenvError(f"[tool.docenv.docs.values_paths]{where}: {'; '.join(problems)}", origin)


def family_values_keys(section: Section, paths: dict[str, tuple[str, ...]]) -> tuple[list[str], list[Family]]:
    """Each family's values key (in order), and the families whose key got a number (a DV202-like rename)."""
    taken = {path[0] for path in paths.values()} | RESERVED
    keys, renamed = family_keys([(f.prefix, f.placeholder) for f in section.families], taken)
    return keys, [section.families[i] for i in renamed]


def keys_variables(section: Section, fkeys: list[str]) -> dict[str, str]:
    """Keys variable name -> the values key of the (first) family whose keys it lists."""
    found: dict[str, str] = {}
    for family, key in zip(section.families, fkeys):
        if family.keys_variable and any(v.name == family.keys_variable for v in section.variables):
            found.setdefault(family.keys_variable, key)
    return found
