"""What a reader finds in one file: a name, where it is, and whether code reads it or a file sets it."""

from __future__ import annotations

from dataclasses import dataclass

READ = "read"  # code reads the variable (os.getenv, process.env, $X in a script)
SET = "set"  # a deployment file sets it (Dockerfile ENV, compose environment:, a Kubernetes env: entry)
BUILD_ARG = "build-arg"  # a Dockerfile ARG: set at build time, read by the build
CONFIG_CLASS = "config class"  # code uses a generated config class, which reads every variable of its section


@dataclass(frozen=True, slots=True)
class Declared:
    """What the code declares with a read, where it says: a config library's type and default (a struct tag's
    `envDefault:"8080"`, a pydantic field's `int = 8080`, `z.coerce.number().default(3000)`), or a plain read's
    fallback (`os.getenv("PORT", "8080")`). `docenv fix` drafts doc rows from it; `scan --format json` shows it."""

    library: str  # who reads the name: "os", "caarlos0/env", "pydantic-settings", "zod", ...
    type: str | None = None  # in the doc's vocabulary: str, int, float, bool, url, path, duration, json, list[str]
    default: str | None = None  # the default as the variable would be set (`8080`, `true`), None when there is none
    required: bool | None = None  # None: the code does not say
    choices: tuple[str, ...] = ()  # an enum's values (`z.enum(["a", "b"])`, envalid's `choices`)

    def to_json(self) -> dict[str, object]:
        return {"library": self.library, "type": self.type, "default": self.default, "required": self.required,
                "choices": list(self.choices) or None}


@dataclass(frozen=True, slots=True)
class Found:
    offset: int  # where the name starts in the text; for an unresolved read, where the expression starts
    name: str | None  # None: the name is built at run time and not guessed
    kind: str  # READ, SET, BUILD_ARG or CONFIG_CLASS
    expression: str  # the source text of the read, on one line (shown for unresolved reads)
    declared: Declared | None = None
    why: str | None = None  # for an unresolved read: why the name is not known ("the prefix is a variable")


@dataclass(frozen=True, slots=True)
class Place:
    """A find with its file and position: what reports are made of."""

    path: str  # relative to the project root, with forward slashes
    line: int
    column: int
    name: str | None
    kind: str
    expression: str
    declared: Declared | None = None
    why: str | None = None
