"""Output for humans: colour and progress, only on a terminal, never in CI logs or pipes.

Colour follows https://no-color.org: a non-empty NO_COLOR turns it off, as does TERM=dumb.
Progress appears only after a second (short runs stay silent), redraws at most ten times a
second on one line of stderr, and clears that line when done.
"""

from __future__ import annotations

import os
import time
from types import TracebackType
from typing import Callable, TextIO

PROGRESS_DELAY = 1.0  # seconds before progress shows: commands that finish sooner print nothing
_REDRAW = 0.1


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def colour_enabled(stream: TextIO) -> bool:
    return is_terminal(stream) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


class Progress:
    """`done/total label` on a terminal's stderr for a long run; silent everywhere else."""

    def __init__(self, label: str, total: int, stream: TextIO, quiet: bool = False,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.label, self.total, self.stream, self.clock = label, total, stream, clock
        self.enabled = not quiet and is_terminal(stream) and not os.environ.get("CI")
        self.done = 0
        self._start = clock()
        self._drawn_at: float | None = None

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = self.clock()
        if now - self._start < PROGRESS_DELAY or (self._drawn_at is not None and now - self._drawn_at < _REDRAW):
            return
        self._drawn_at = now
        self.stream.write(f"\r\x1b[K{self.done}/{self.total} {self.label}")
        self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._drawn_at is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
