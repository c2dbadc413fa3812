"""What a reader finds in one file: a name, where it is, and whether code reads it or a file sets it."""

from __future__ import annotations

from dataclasses import dataclass

READ = "read"  # code reads the variable (os.getenv, process.env, $X in a script)
SET = "set"  # a deployment file sets it (Dockerfile ENV, compose environment:, a Kubernetes env: entry)
BUILD_ARG = "build-arg"  # a Dockerfile ARG: set at build time, read by the build
CONFIG_CLASS = "config class"  # code uses a generated config class, which reads every variable of its section


@dataclass(frozen=True, slots=True)
class Found:
    offset: int  # where the name starts in the text; for an unresolved read, where the expression starts
    name: str | None  # None: the name is built at run time and not guessed
    kind: str  # READ, SET, BUILD_ARG or CONFIG_CLASS
    expression: str  # the source text of the read, on one line (shown for unresolved reads)


@dataclass(frozen=True, slots=True)
class Place:
    """A find with its file and position: what reports are made of."""

    path: str  # relative to the project root, with forward slashes
    line: int
    column: int
    name: str | None
    kind: str
    expression: str
