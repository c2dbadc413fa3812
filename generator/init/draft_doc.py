"""`docenv init --draft-doc PATH`: a first doc for a repository that has none, drafted from the code.

One section per stack whose code reads variables (a Go module, a Node app, a Python project, a Rust crate), titled
after its folder; its table (`Variable | Description | Required | Default`, aligned as prettier writes tables)
holds every name its code reads, the compose services built from it set, and its `.env.example` files list, with
the type, default and required-ness the code declares. Every description is a placeholder lint reports (DV119)
until someone writes it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import PurePosixPath

from ..read.columns import classify
from ..repo.files import dotenv_names
from ..repo.platform import is_platform
from ..scan.found import READ, SET, Place
from ..fix.rows import TableVoice, cells_for, draft_row
from .discover import Repository, Stack, skipped

_HEADER = ["Variable", "Description", "Required", "Default"]
_ENV_EXAMPLE = re.compile(r"(?:.*\.)?env\.(?:example|sample|template|dist)|\.env\..*example")


def draft_doc(repo: Repository, title: str) -> str:
    found = _names_by_stack(repo)
    sections = []
    for stack in sorted(repo.stacks, key=lambda s: s.folder):
        places = found.get(stack.folder)
        if not places:
            continue
        heading = _title(stack, repo)
        columns = classify(_HEADER)
        voice = TableVoice(True, False, "true", "false")
        rows = [cells_for(draft_row(name, spots), columns, len(_HEADER), voice) for name, spots in sorted(places.items())]
        sections.append(f"## {heading}\n\nRead by `{stack.folder or '.'}`.\n\n" + _table([_HEADER, *rows]))
    if not sections:
        return ""
    intro = (f"# {title} environment variables\n\nDrafted by `docenv init --draft-doc` from what the code reads: "
             "describe each variable, then review the types and defaults.\n")
    return intro + "".join(f"\n{section}" for section in sections)


def _names_by_stack(repo: Repository) -> dict[str, dict[str, list[Place]]]:
    """Stack folder -> name -> the places that read or set it (code, compose services built from it, .env
    examples in it)."""
    found: dict[str, dict[str, list[Place]]] = defaultdict(lambda: defaultdict(list))
    built = {(s.file, s.name): s.build for s in repo.compose}
    compose_files = {s.file for s in repo.compose}
    for place in repo.scan():
        if place.name is None or is_platform(place.name):
            continue
        if place.path in compose_files:
            if place.kind == SET:
                for service in repo.services_at(place):
                    folder = built.get((place.path, service))
                    stack = repo.stack_of(f"{folder}/x") if folder is not None else None
                    if stack is not None:
                        found[stack.folder][place.name].append(place)
            continue
        stack = repo.stack_of(place.path)
        if stack is not None and place.kind == READ:
            found[stack.folder][place.name].append(place)
    for rel in repo.files:
        stack = repo.stack_of(rel)
        if stack is not None and _ENV_EXAMPLE.fullmatch(PurePosixPath(rel).name) and not skipped(rel):
            text = (repo.root / rel).read_text(encoding="utf-8", errors="replace")
            for name, line in dotenv_names(text):
                found[stack.folder][name].append(Place(rel, line, 1, name, SET, f"listed in {rel}"))
    return found


def _title(stack: Stack, repo: Repository) -> str:
    name = PurePosixPath(stack.folder).name if stack.folder else repo.root.name
    return " ".join(word.capitalize() for word in re.split(r"[-_. ]+", name) if word) or "Service"


def _table(rows: list[list[str]]) -> str:
    """An aligned pipe table, as prettier writes one."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [rows[0], ["-" * w for w in widths], *rows[1:]]
    return "".join("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |\n" for row in lines)
