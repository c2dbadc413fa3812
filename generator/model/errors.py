"""The one exception type for a user's mistake: reported as `path[:line]: message`, exit 2."""

from __future__ import annotations

# What every command exits with, for scripts: fine, findings (lint errors, drift...), could not run.
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class DocenvError(Exception):
    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message
