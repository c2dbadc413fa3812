"""Which heading level opens a section, read from the shape of the doc."""

from __future__ import annotations

from typing import Sequence

from .blocks import Heading, Table
from .columns import classify

DEFAULT_LEVEL = 2


def detect_section_level(blocks: Sequence[object]) -> int:
    """Level 2, or deeper while every variable table sits under one heading and is split below it.

    A page that hangs all its tables under level-3 headings inside one level-2 heading
    ("## API Environment Variables" / "### General", "### Database") is sectioned at level 3.
    """
    level = DEFAULT_LEVEL
    while level < 6:
        under: list[tuple[Heading | None, Heading | None]] = []  # (section heading, heading one level down)
        open_at: dict[int, Heading] = {}
        for block in blocks:
            if isinstance(block, Heading):
                open_at = {k: h for k, h in open_at.items() if k < block.level}
                open_at[block.level] = block
            elif isinstance(block, Table) and classify([c.text for c in block.header]).variable is not None:
                section = max((h for k, h in open_at.items() if k <= level), key=lambda h: h.level, default=None)
                below = open_at.get(level + 1)
                under.append((section, below))
        sections = {id(s) for s, _ in under}
        subheadings = {id(b) for _, b in under if b is not None}
        if len(sections) == 1 and all(b is not None for _, b in under) and len(subheadings) >= 2:
            level += 1
        else:
            return level
    return level
