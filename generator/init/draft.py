"""The service map `docenv init` drafts, from evidence: what each stack's code reads, what each compose
service and chart sets, and the names of sections, folders, services and charts.

- When section titles name services (`Worker` <-> `worker/`, `Frontend App` <-> `frontend/apps/web`,
  `Backend API` <-> `backend/` and the compose service `api`), a stack whose path, or a compose service or
  chart whose name, shares a word with the title is the section's, provided it reads (or sets) at least one of
  the section's documented names; a compose service built from a claimed folder is claimed with it. Names
  alone never decide. A section no title matched goes to the stack that alone reads the most of its names, at
  least half of them.
- When no title names a stack (a doc describing one server in topic sections: Database, Security...), the stack
  whose code reads the most documented names is that server, for every section; compose services built from it
  or setting documented names, and charts setting them, go with it.
- Whatever reads or sets none of the documented names (client SDKs, examples, a marketing site, third-party
  containers) stays out, and the drafted file says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..model.document import Document
from ..model.names import SectionNames
from ..scan.found import READ, SET
from .discover import Repository, Stack

_STOPWORDS = frozenset("""the and of for a an to service services server settings setting config configuration
    environment variables variable env options general common""".split())


@dataclass(slots=True)
class Entry:
    """One section's drafted claims: (what, why) pairs."""

    code: list[tuple[str, str]] = field(default_factory=list)
    compose: list[tuple[str, str]] = field(default_factory=list)
    charts: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Draft:
    entries: dict[str, Entry]  # section id -> its claims, in doc order
    mode: str  # "titles" or "topics"
    left_out: list[str]  # one line per stack, compose service or chart left out, with why
    stacks: list[Stack]  # the stacks the map claims, most documented names read first


@dataclass(slots=True)
class Evidence:
    reads: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # stack folder -> documented
    undocumented: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # stack -> other names
    compose_sets: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    chart_sets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def gather(repo: Repository, document: Document) -> Evidence:
    """Scan the repository once and sort each documented name read or set by the stack, compose service or
    chart it belongs to."""
    names = [SectionNames.of(s) for s in document.sections]
    compose_files = {c.file for c in repo.compose}
    evidence = Evidence()
    for place in repo.scan():
        if place.name is None:
            continue
        canonical = next((v.name for n in names if (v := n.resolve(place.name)) is not None), None)
        chart = next((c for c in repo.charts if place.path.startswith(c + "/")), None)
        if chart is not None and place.kind == SET:
            if canonical:
                evidence.chart_sets[chart].add(canonical)
            continue
        if place.path in compose_files:
            if place.kind == SET and canonical is not None:
                for service in repo.services_at(place):
                    evidence.compose_sets[(place.path, service)].add(canonical)
            continue
        stack = repo.stack_of(place.path)
        if stack is None or place.kind != READ:
            continue
        (evidence.reads if canonical else evidence.undocumented)[stack.folder].add(canonical or place.name)
    return evidence


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", text.lower()) if w and w not in _STOPWORDS}


def draft(repo: Repository, document: Document, evidence: Evidence) -> Draft:
    entries = {s.id: Entry() for s in document.sections}
    documented = {s.id: {v.name for v in s.every_variable} for s in document.sections}
    claimed_stacks: dict[str, Stack] = {}
    for section in document.sections:
        title = _words(section.title)
        for stack in repo.stacks:
            read = evidence.reads.get(stack.folder, set()) & documented[section.id]
            if read and title & _words(stack.folder or repo.root.name):
                entries[section.id].code.append((_glob(stack), f"{_what(stack)}; reads "
                                                 f"{_of(len(read), len(documented[section.id]))}"))
                claimed_stacks[stack.folder] = stack
    mode = "titles" if any(e.code for e in entries.values()) else "topics"
    if mode == "titles":
        _claim_untitled(repo, document, evidence, entries, documented, claimed_stacks)
    if mode == "topics":
        everything = set().union(*documented.values())
        best = max(repo.stacks, key=lambda s: len(evidence.reads.get(s.folder, set()) & everything), default=None)
        if best is not None and evidence.reads.get(best.folder):
            count = len(evidence.reads[best.folder] & everything)
            for section in document.sections:
                entries[section.id].code.append((_glob(best), f"{_what(best)}; reads {_of(count, len(everything))}"
                                                 ", the most of any stack"))
            claimed_stacks[best.folder] = best
    _claim_compose(repo, document, evidence, entries, documented, claimed_stacks, mode)
    _claim_charts(repo, document, evidence, entries, documented, mode)
    left_out = _left_out(repo, evidence, entries, claimed_stacks)
    stacks = sorted(claimed_stacks.values(), key=lambda s: -len(evidence.reads.get(s.folder, set())))
    return Draft(entries, mode, left_out, stacks)


def _claim_untitled(repo: Repository, document: Document, evidence: Evidence, entries: dict[str, Entry],
                    documented: dict[str, set[str]], claimed: dict[str, Stack]) -> None:
    """A section whose title names no stack: the one stack that reads the most of its documented names, when
    that is at least half of them (a tie decides nothing)."""
    for section in document.sections:
        wanted = documented[section.id]
        if entries[section.id].code or not wanted:
            continue
        scored = sorted(((len(evidence.reads.get(s.folder, set()) & wanted), s.folder, s) for s in repo.stacks),
                        key=lambda score: (-score[0], score[1]))
        if not scored or scored[0][0] * 2 < len(wanted) or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            continue
        count, _, stack = scored[0]
        entries[section.id].code.append((_glob(stack), f"{_what(stack)}; reads {_of(count, len(wanted))}, more "
                                         "than any other stack (no title names it)"))
        claimed[stack.folder] = stack


def _claim_compose(repo: Repository, document: Document, evidence: Evidence, entries: dict[str, Entry],
                   documented: dict[str, set[str]], claimed: dict[str, Stack], mode: str) -> None:
    for service in repo.compose:
        sets = evidence.compose_sets.get((service.file, service.name), set())
        for section in document.sections:
            folders = {stack.folder for stack in claimed.values()
                       if _glob(stack) in {glob for glob, _ in entries[section.id].code}}
            built = service.build is not None and any(
                service.build == folder or service.build.startswith(folder + "/") or not folder for folder in folders)
            own = sets & documented[section.id]
            named = bool(_words(section.title) & _words(service.name)) if mode == "titles" else True
            if built or (own and named):
                why = f"{service.file}: " + ("built from " + f"{service.build}/; " if built else "") + \
                      f"sets {_names(len(own))}"
                if all(name != service.name for name, _ in entries[section.id].compose):
                    entries[section.id].compose.append((service.name, why))


def _claim_charts(repo: Repository, document: Document, evidence: Evidence, entries: dict[str, Entry],
                  documented: dict[str, set[str]], mode: str) -> None:
    for chart in repo.charts:
        sets = evidence.chart_sets.get(chart, set())
        for section in document.sections:
            own = sets & documented[section.id]
            named = bool(_words(section.title) & _words(PurePosixPath(chart).name)) if mode == "titles" else True
            if own and named:
                entries[section.id].charts.append((chart, f"sets {_names(len(own))}"))


def _left_out(repo: Repository, evidence: Evidence, entries: dict[str, Entry],
              claimed: dict[str, Stack]) -> list[str]:
    lines = []
    for stack in repo.stacks:
        if stack.folder not in claimed:
            other = len(evidence.undocumented.get(stack.folder, set()))
            read = len(evidence.reads.get(stack.folder, set()))
            why = (f"reads {_names(read)} but no section is clearly its" if read else
                   "reads none of the documented names" + (f" (reads {other} of its own)" if other else ""))
            lines.append(f"{stack.folder or '.'} ({_what(stack)}): {why}")
    claimed_services = {name for e in entries.values() for name, _ in e.compose}
    others = sorted({s.name for s in repo.compose if s.name not in claimed_services})
    if others:
        lines.append(f"compose services {', '.join(others)}: no section claims them (third-party or unrelated)")
    claimed_charts = {c for e in entries.values() for c, _ in e.charts}
    for chart in repo.charts:
        if chart not in claimed_charts:
            lines.append(f"chart {chart}: sets none of a matching section's documented names")
    return lines


def _names(count: int) -> str:
    return f"{count} documented name{'' if count == 1 else 's'}"


def _of(count: int, total: int) -> str:
    return f"{count} of {_names(total)}"


def _glob(stack: Stack) -> str:
    return f"{stack.folder}/**" if stack.folder else "**"


def _what(stack: Stack) -> str:
    kind = {"go": "Go module", "node": "TypeScript app" if stack.typescript else "Node app", "python": "Python project",
            "rust": "Rust crate"}[stack.kind]
    return f"{kind} {stack.name}"
