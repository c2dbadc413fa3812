"""Sections of a doc as they are read: drafts that gather rows, their ids, the page's title and legend."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from ..model.document import Variable
from ..model.naming import snake_case
from .blocks import Paragraph
from .name_cells import symbols_in

MAX_ID = 60
_COMMAND = re.compile(r"[a-z][\w.-]*(?: [\w.:=/-]+)+")
_LEGEND_REQUIRED = re.compile(r"(?i)\b(required|mandatory|must be set)\b")
_LEGEND_DEPRECATED = re.compile(r"(?i)\b(deprecated|legacy|removed|experimental|beta)\b")
_LEGEND_NOT = re.compile(r"(?i)\b(not|optional)\s+(required|mandatory)|\boptional\b")


@dataclass(slots=True)
class SectionDraft:
    id: str
    title: str
    line: int
    parent: str | None  # the heading above this section's, which tells same-titled sections apart
    intro: list[Paragraph] = field(default_factory=list)
    variables: dict[str, Variable] = field(default_factory=dict)
    templated: dict[str, Variable] = field(default_factory=dict)
    labelled: set[str] = field(default_factory=set)  # merged variants whose descriptions carry their headings
    has_table: bool = False


def section_ids(drafts: list[SectionDraft]) -> list[str]:
    """Ids name files (a module, a chart): short, unique, and stable when a same-titled section is added.

    Sections that share a title (one reference repeated for two editions) are told apart by the
    heading above them, so neither id depends on which comes first.
    """
    bases = [snake_case(d.title)[:MAX_ID].rstrip("_") or "section" for d in drafts]
    ids: list[str] = []
    for draft, base in zip(drafts, bases):
        if bases.count(base) > 1 and draft.parent:
            base = snake_case(f"{draft.parent} {draft.title}")[:MAX_ID].rstrip("_") or base
        ident, n = base, 2
        while ident in ids:
            ident, n = f"{base}_{n}", n + 1
        ids.append(ident)
    return ids


def page_legend(blocks: Sequence[object]) -> dict[str, str]:
    """`⚠️ = required`, `Variables marked ❗️ are mandatory`: what a marker beside a name means."""
    legend: dict[str, str] = {}
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        for line in re.split(r"\n|(?<=[.;])\s+", block.text):  # one legend entry per line or sentence
            meaning = "optional" if _LEGEND_NOT.search(line) else "required" if _LEGEND_REQUIRED.search(line) \
                else "deprecated" if _LEGEND_DEPRECATED.search(line) else None
            if meaning is None:
                continue
            for marker in symbols_in(line):
                legend.setdefault(marker, meaning)
    return legend


def doc_title(source: str, path: str) -> str:
    match = re.search(r"(?m)^title:\s*(.+)$", source[:2000]) if source.startswith("---") else None
    if match:
        return match.group(1).strip().strip("'\"")
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.replace("-", " ").replace("_", " ").strip() or "Environment"


def section_command(intro: list[Paragraph]) -> str | None:
    for paragraph in intro:
        for span in paragraph.code_spans:
            if _COMMAND.fullmatch(span.strip()):
                return span.strip()
    return None
