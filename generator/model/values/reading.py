"""Reading one environment: missing values, aliases set twice, `_FILE` twins, every problem collected."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Callable, TypeVar, cast

from .problems import ConfigError, Problem

T = TypeVar("T")


# ---- reading one environment


class Problems:
    """The problems found while reading one environment; generated from_env() calls it per value.

    Variables are named by their doc line; the name is looked up (in the config class's field
    metadata) only when there is a problem to report, so reading stays cheap. Names filled in
    at run time (STORAGE_S3_ROOT for STORAGE_<LOCATION>_ROOT) are passed as `name`.
    """

    __slots__ = ("config", "found", "files")

    def __init__(self, config: type) -> None:
        self.config = config
        self.found: list[Problem] = []
        self.files: dict[str, str] = {}  # variable -> the file its value was read from

    def __call__(
        self,
        parse: Callable[[str], T],
        raw: str,
        line: int,
        secret: bool = False,
        name: str | None = None,
    ) -> T:
        """`parse(raw)`, or a recorded problem (never showing a secret's value) and a placeholder."""
        try:
            return parse(raw)
        except ValueError as err:
            variable = name or self._name(line)
            if variable in self.files:
                shown = f"the value in {self.files[variable]}"
            else:
                shown = "the value" if secret else repr(raw)
            self.found.append(Problem(variable, line, f"{shown} {err}"))
            return cast(T, None)  # never reaches a config: from_env raises first

    def missing(
        self,
        line: int,
        reason: str = "is required but not set",
        name: str | None = None,
    ) -> Any:
        """Record a missing variable; the placeholder it returns never reaches a config."""
        variable = name or self._name(line)
        if not any(
            p.variable == variable for p in self.found
        ):  # one problem per variable
            self.found.append(Problem(variable, line, reason))
        return None

    def one_of(
        self, get: Callable[[str], str | None], names: tuple[str, ...], line: int
    ) -> str | None:
        """The value of the first of a setting's names that is set; two set differently is a problem."""
        found = [(n, v) for n, v in ((n, get(n)) for n in names) if v]
        if len({v for _, v in found}) > 1:
            both = " and ".join(n for n, _ in found)
            self.found.append(
                Problem(names[0], line, f"{both} are set to different values; set one")
            )
        return found[0][1] if found else None

    def from_file(
        self,
        get: Callable[[str], str | None],
        value: str | None,
        name: str,
        twin: str,
        line: int,
    ) -> str | None:
        """`value` (read from `name`), or the text of the file `twin` names (Docker secrets)."""
        path = get(twin)
        if not path:
            return value
        if value:
            self.found.append(
                Problem(name, line, f"is set, and so is {twin}; set one or the other")
            )
            return value
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as err:
            why = getattr(err, "strerror", None) or "it is not UTF-8 text"
            self.found.append(
                Problem(
                    name, line, f"{twin} names {path!r}, which cannot be read: {why}"
                )
            )
            return None
        self.files[name] = path
        return text[:-2] if text.endswith("\r\n") else text.removesuffix("\n")

    def _name(self, line: int) -> str:
        for spec in fields(self.config):
            if spec.metadata.get("line") == line:
                return str(spec.metadata["env"])
        return f"line {line}"

    def raise_any(self, source: str) -> None:
        if self.found:
            raise ConfigError(self.config.__name__, source, self.found)
