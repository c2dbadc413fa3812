"""What is wrong with an environment: each problem names its variable and doc line, all are reported at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    variable: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.variable} (line {self.line}): {self.message}"


class ConfigError(ValueError):
    """Every problem found in one environment, each naming its variable and doc line."""

    def __init__(self, config: str, source: str, problems: list[Problem]) -> None:
        self.config = config
        self.source = source
        self.problems = tuple(problems)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        lines = "".join(f"\n  - {p}" for p in problems)
        super().__init__(
            f"{config}: {count} in the environment (documented in {source}):{lines}"
        )
