"""Run the readers over the listed files and place every find at its file, line and column."""

from __future__ import annotations

import importlib
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from . import files
from .found import CONFIG_CLASS, Found, Place
from .languages import SHEBANG, is_shell_script
from .lexing import Lines, one_line

# Below this many files one process is faster than starting workers.
_PARALLEL_FROM = 2000
_CHUNK = 250

Reader = Callable[[str], list[Found]]


@dataclass(frozen=True, slots=True)
class ConfigClasses:
    """The generated config classes (or loaders) of one doc: using one reads every variable of its section."""

    package: str
    classes: tuple[str, ...]
    reads: str = r"\.from_env\b"  # what follows a class name where it reads the environment
    reader: str = "python"  # the kind of file that uses them
    imports: str | None = None  # what a file that uses them holds (default: a Python import of `package`)

    def imported_in(self, text: str) -> bool:
        if self.imports is not None:
            return re.search(self.imports, text) is not None
        return self.package in text and re.search(rf"^\s*(?:from|import)\s+{re.escape(self.package)}\b", text,
                                                  re.M) is not None


@dataclass(slots=True)
class ScanResult:
    places: list[Place] = field(default_factory=list)
    scanned: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    other: int = 0  # files no reader understands
    skipped_paths: list[tuple[str, str]] = field(default_factory=list)  # (path, why) of files opened, then skipped
    facts: list[tuple[str, str, object]] = field(default_factory=list)  # (module, path, fact): see _SPANNING

    def add(self, other: ScanResult) -> None:
        self.places.extend(other.places)
        self.skipped_paths.extend(other.skipped_paths)
        self.facts.extend(other.facts)
        self.scanned += other.scanned
        self.skipped.update(other.skipped)
        self.other += other.other


def scan(root: Path, listing: files.Listing, config: tuple[ConfigClasses, ...] = (),
         workers: int | None = None, progress: Callable[[int], None] | None = None) -> ScanResult:
    """Every find in the listed files, sorted by path and position. `progress(n)`: n more files read."""
    result = ScanResult(skipped=Counter(listing.skipped), other=listing.other)
    jobs = listing.candidates
    count = workers if workers is not None else (min(os.cpu_count() or 1, 8) if len(jobs) >= _PARALLEL_FROM else 1)
    # Chunks small enough to report progress often, large enough that sending them costs little.
    chunks = [jobs[i: i + _CHUNK] for i in range(0, len(jobs), _CHUNK)]
    if count <= 1:
        _collect(result, ((_scan_files(root, chunk, config), chunk) for chunk in chunks), progress)
    else:
        with ProcessPoolExecutor(max_workers=count) as pool:
            parts = pool.map(_scan_files, [root] * len(chunks), chunks, [config] * len(chunks))
            _collect(result, zip(parts, chunks), progress)
    result.places.extend(_resolve(result.facts))
    result.facts = []
    result.places.sort(key=lambda p: (p.path, p.line, p.column, p.name or "", p.kind))
    result.skipped_paths.sort()
    return result


def _collect(result: ScanResult, parts: Iterable[tuple[ScanResult, list[tuple[str, str]]]],
             progress: Callable[[int], None] | None) -> None:
    for part, chunk in parts:
        result.add(part)
        if progress is not None:
            progress(len(chunk))


def _scan_files(root: Path, jobs: list[tuple[str, str]], config: tuple[ConfigClasses, ...]) -> ScanResult:
    result = ScanResult()
    for rel, reader in jobs:
        source = files.load(root, rel, reader)
        if isinstance(source, str):
            result.skipped[source] += 1
            result.skipped_paths.append((rel, source))
            continue
        if reader == SHEBANG:
            if not is_shell_script(source.data[:200]):
                result.other += 1
                continue
            reader = "shell"
        result.scanned += 1
        text = source.data.decode("utf-8", errors="replace")
        found = [f for finder in _finders(reader) for f in finder(text)]
        if config:
            found = found + _config_class_uses(text, [c for c in config if c.reader == reader])
        lines = Lines(text)
        if found:
            for f in sorted(found, key=lambda f: f.offset):
                line, column = lines.position(f.offset)
                result.places.append(Place(rel, line, column, f.name, f.kind, f.expression, f.declared, f.why))
        for module, facts in _spanning(reader):
            result.facts.extend((module, rel, fact) for fact in facts(text, lines.position))
    return result


# The modules that read each kind of file, each with `find(text) -> list[Found]`: the language's own reads,
# then the config libraries whose reads a file holds whole (environs, t3-env, envalid, zod...).
_FINDERS: dict[str, tuple[str, ...]] = {
    "python": ("python_reads", "python_libraries"),
    "js": ("js_reads", "js_libraries"),
}
# Libraries whose reads span files (a struct a library fills from a call in another file, a settings class
# and its bases): per file, `facts(text, position) -> list` (picklable values with their lines and columns);
# once every file is read, `resolve([(path, fact)]) -> list[Place]`.
_SPANNING: dict[str, tuple[str, ...]] = {
    "go": ("go_structs",),
    "python": ("python_settings",),
    "rust": ("rust_structs",),
}
_FIND: dict[str, tuple[Reader, ...]] = {}


def _finders(reader: str) -> tuple[Reader, ...]:
    if reader not in _FIND:
        _FIND[reader] = tuple(_module(name).find for name in _FINDERS.get(reader, (f"{reader}_reads",)))
    return _FIND[reader]


_FACTS: dict[str, tuple[tuple[str, Callable[..., list[object]]], ...]] = {}


def _spanning(reader: str) -> tuple[tuple[str, Callable[..., list[object]]], ...]:
    if reader not in _FACTS:
        _FACTS[reader] = tuple((name, _module(name).facts) for name in _SPANNING.get(reader, ()))
    return _FACTS[reader]


def _module(name: str) -> Any:
    return importlib.import_module(f"{__package__}.{name}")


def _resolve(facts: list[tuple[str, str, object]]) -> list[Place]:
    """The places of the reads that span files, from every file's facts, module by module."""
    by_module: dict[str, list[tuple[str, object]]] = {}
    for module, path, fact in facts:
        by_module.setdefault(module, []).append((path, fact))
    places: list[Place] = []
    for module, found in sorted(by_module.items()):
        places.extend(_module(module).resolve(found))
    return places


def _config_class_uses(text: str, config: list[ConfigClasses]) -> list[Found]:
    """Uses of a generated config class (or loader) in a file that imports its package."""
    found: list[Found] = []
    for entry in config:
        if not entry.imported_in(text):
            continue
        names = "|".join(map(re.escape, entry.classes))
        for m in re.finditer(rf"(?<![\w])(?P<cls>{names}){entry.reads}", text):
            found.append(Found(m.start(), m.group("cls"), CONFIG_CLASS, one_line(m.group())))
    return found
