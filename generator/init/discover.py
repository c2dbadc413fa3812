"""What `docenv init` finds in a repository: the docs that hold variable tables, and the stacks around them.

A stack is a folder with a project file (`go.mod`, `package.json`, `pyproject.toml`, `Cargo.toml`), a compose
file's service, or a Helm chart (a folder with `Chart.yaml`). Build output, vendored code, tests and docs
folders are not looked in.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..generate.parse import parse_document
from ..model.document import Document
from ..model.errors import DocenvError
from ..read.sources import read_doc
from ..repo import safe_yaml
from ..repo.compose import ServicesByLine
from ..scan.files import TEST_DIRS, list_files, repository_files
from ..scan.found import Place
from ..scan.languages import reader_name
from ..scan.scanner import scan

_BUILD_DIRS = frozenset({"dist", "build", "out", "target", ".next", ".nuxt", "coverage", "generated", ".docenv",
                         "examples", "example", "docs", "doc", "website", "site"})
_NOT_DOCS = _BUILD_DIRS - {"docs", "doc", "website", "site"}
_PROJECT_FILES = {"go.mod": "go", "package.json": "node", "pyproject.toml": "python", "setup.py": "python",
                  "Cargo.toml": "rust"}
_TABLE_ROW = re.compile(r"^\s*\|.*\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b.*\|", re.M)


@dataclass(frozen=True, slots=True)
class FoundDoc:
    path: str  # relative to the root
    document: Document

    @property
    def names(self) -> int:
        return self.document.variable_count


@dataclass(slots=True)
class Stack:
    folder: str  # relative to the root ("" for the root itself)
    kind: str  # go, node, python, rust
    name: str  # module path, package name...
    typescript: bool = False  # a node stack with a tsconfig.json
    source: str = ""  # where its code lives (`src` of a TypeScript app), relative to the folder


@dataclass(slots=True)
class ComposeService:
    file: str
    name: str
    build: str | None  # the folder it is built from, relative to the root


@dataclass(slots=True)
class Repository:
    root: Path
    files: list[str]
    docs: list[FoundDoc] = field(default_factory=list)
    stacks: list[Stack] = field(default_factory=list)
    compose: list[ComposeService] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # chart folders
    _services: ServicesByLine = field(init=False)

    def __post_init__(self) -> None:
        self._services = ServicesByLine(self.root)

    def stack_of(self, path: str) -> Stack | None:
        """The deepest stack folder holding `path`."""
        holding = [s for s in self.stacks if not s.folder or path.startswith(s.folder + "/")]
        return max(holding, key=lambda s: len(s.folder), default=None)

    def scan(self) -> list[Place]:
        """Every read and set of the repository's code and compose files (build, test and docs folders left
        out: never a service's code)."""
        listing = list_files(self.root, ["."], [], None)
        listing.candidates = [(p, r) for p, r in listing.candidates if not skipped(p) or r == "compose"]
        return scan(self.root, listing).places

    def services_at(self, place: Place) -> list[str]:
        """The compose services whose lines (their own block, or an anchor they merge) hold `place`."""
        return self._services.at(place.path, place.line)


def skipped(rel: str) -> bool:
    """Build output, vendored code, tests and docs: never a service's code."""
    parts = PurePosixPath(rel).parts[:-1]
    return any(part in _BUILD_DIRS or part in TEST_DIRS or part.startswith(".") for part in parts)


def explore(root: Path) -> Repository:
    repo = Repository(root, repository_files(root))
    for rel in repo.files:
        name = PurePosixPath(rel).name
        if skipped(rel) and not rel.endswith((".md", ".mdx")):
            continue
        if name in _PROJECT_FILES:
            stack = _stack(root, rel, _PROJECT_FILES[name])
            if stack is not None and not any(s.folder == stack.folder for s in repo.stacks):
                repo.stacks.append(stack)
        elif name == "Chart.yaml":
            repo.charts.append(str(PurePosixPath(rel).parent))
        elif reader_name(rel) == "compose":
            repo.compose.extend(_compose_services(root, rel))
    repo.docs = _docs(root, repo.files)
    return repo


def _docs(root: Path, files: list[str]) -> list[FoundDoc]:
    found = []
    for rel in files:
        parts = PurePosixPath(rel).parts[:-1]
        if not rel.endswith((".md", ".mdx")) or any(p in _NOT_DOCS or p in TEST_DIRS for p in parts):
            continue
        try:
            text = read_doc(str(root / rel), rel)
        except DocenvError:
            continue
        if not _TABLE_ROW.search(text):
            continue
        try:
            document = parse_document(text, rel).document
        except DocenvError:
            continue
        if document.variable_count:
            found.append(FoundDoc(rel, document))
    return found


def _stack(root: Path, rel: str, kind: str) -> Stack | None:
    folder = str(PurePosixPath(rel).parent).removeprefix(".")
    text = (root / rel).read_text(encoding="utf-8", errors="replace")
    if kind == "go":
        module = re.search(r"(?m)^module\s+(\S+)", text)
        return Stack(folder, kind, module.group(1) if module else PurePosixPath(folder or root.name).name)
    if kind == "node":
        try:
            name = str(json.loads(text).get("name") or PurePosixPath(folder or root.name).name)
        except (ValueError, AttributeError):
            return None
        base = root / folder
        typescript = (base / "tsconfig.json").is_file()
        source = "src" if (base / "src").is_dir() else ""
        return Stack(folder, kind, name, typescript, source)
    if kind == "python":
        name = PurePosixPath(folder or root.name).name
        if rel.endswith("pyproject.toml"):
            try:
                name = str(tomllib.loads(text).get("project", {}).get("name") or name)
            except tomllib.TOMLDecodeError:
                pass
        return Stack(folder, kind, name)
    return Stack(folder, kind, PurePosixPath(folder or root.name).name)


def _compose_services(root: Path, rel: str) -> list[ComposeService]:
    try:
        documents = safe_yaml.compose_documents(safe_yaml.read_text(str(root / rel)), rel)
    except DocenvError:
        return []
    found = []
    base = PurePosixPath(rel).parent
    for document in documents:
        for key, node in safe_yaml.items(safe_yaml.get(document, "services")):
            build = safe_yaml.get(node, "build")
            context = safe_yaml.text(build) or safe_yaml.text(safe_yaml.get(build, "context"))
            folder = str(PurePosixPath(base / context)) if context else None
            found.append(ComposeService(rel, key.value, _normal(folder) if folder else None))
    return found


def _normal(folder: str) -> str:
    parts: list[str] = []
    for part in PurePosixPath(folder).parts:
        if part == "..":
            parts = parts[:-1]
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
