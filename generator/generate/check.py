"""`docenv check`: what differs between the output folder and what the docs render to, writing nothing."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .manifest import MANIFEST, sha256
from .tree import marked_files, read_file, read_manifest

if TYPE_CHECKING:
    from .render import Rendered


@dataclass(slots=True)
class Drift:
    missing: list[str] = field(default_factory=list)
    outdated: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.outdated or self.edited or self.stale)


def compare(out: Path, rendered: Rendered) -> Drift:
    """What differs between the tree and the rendered outputs, writing nothing."""
    drift = Drift()
    previous = read_manifest(out)
    for rel, data in sorted(rendered.files.items()):
        on_disk = read_file(out / rel)
        if rel == MANIFEST:
            if on_disk is None or previous != json.loads(data)["files"]:
                (drift.missing if on_disk is None else drift.outdated).append(rel)
            continue
        if on_disk is None:
            drift.missing.append(rel)
        elif on_disk != data:
            edited = rel in previous and sha256(on_disk) != previous[rel]
            (drift.edited if edited else drift.outdated).append(rel)
            drift.diffs.append(_diff(out / rel, on_disk, data))
    owned = set(previous) | marked_files(out)
    drift.stale = sorted(rel for rel in owned if rel not in rendered.files and (out / rel).is_file())
    return drift


def _diff(path: Path, old: bytes, new: bytes) -> str:
    try:
        old_lines = old.decode("utf-8").splitlines(keepends=True)
        new_lines = new.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return f"Binary files differ: {path}\n"
    name = os.path.relpath(path)
    return unified_diff(old_lines, new_lines, f"{name} (on disk)", f"{name} (from the doc)")


def common_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many lines the two start with in common, and how many of the rest they end with."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


def unified_diff(old: list[str], new: list[str], old_name: str, new_name: str, context: int = 3) -> str:
    """difflib's unified diff, but matching only the lines between the common head and tail.

    A doc edit changes a few lines of files that can run to tens of thousands; trimming first
    keeps the diff linear in the file size instead of difflib's worst case.
    """
    head, tail = common_ends(old, new)
    start = max(0, head - context)
    old_mid, new_mid = old[start: len(old) - max(0, tail - context)], new[start: len(new) - max(0, tail - context)]
    import difflib  # only when there is drift to show

    lines = [f"--- {old_name}\n", f"+++ {new_name}\n"]
    matcher = difflib.SequenceMatcher(None, old_mid, new_mid, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        old_range = _range(first[1] + start, last[2] + start)
        new_range = _range(first[3] + start, last[4] + start)
        lines.append(f"@@ -{old_range} +{new_range} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(" " + line for line in old_mid[i1:i2])
                continue
            lines.extend("-" + line for line in old_mid[i1:i2])
            lines.extend("+" + line for line in new_mid[j1:j2])
    if len(lines) == 2:
        return ""
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _range(start: int, stop: int) -> str:
    """A hunk's line range as unified diffs write it (1-based; an empty range names the line before)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + 1 if length else start},{length}"
