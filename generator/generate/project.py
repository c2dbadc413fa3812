"""A project's settings as values: which docs, how each is read, and what is made of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class ServiceEntry:
    """What runs one section of a doc (the service map): its code, compose services and deployments."""

    code: tuple[str, ...] = ()  # .gitignore-style paths of the section's code
    compose: tuple[str, ...] = ()  # compose service names, in any compose file of the repository
    charts: tuple[str, ...] = ()  # chart folders and manifest files (.gitignore-style paths)
    workloads: tuple[str, ...] = ()  # Kubernetes workload names (`neosync-worker` or `Deployment/neosync-worker`)


@dataclass(frozen=True, slots=True)
class DocSettings:
    path: Path  # where to read the doc
    display: str  # how outputs name it: relative to the project root, with forward slashes
    name: str  # short name: the model and .env folder under the output dir
    package: str  # the generated Python package
    outputs: tuple[str, ...]
    section_level: int | None  # None: detected from the doc
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    file_twins: bool = False  # every secret can also be read from the file its NAME_FILE twin names
    pydantic_package: str = ""  # the pydantic-settings package, with "pydantic" in outputs (default NAME_settings)
    values_paths: dict[str, str] = field(default_factory=dict)  # VAR (or section.VAR) -> Helm values path "db.host"
    go_dir: str = ""  # with "go" in outputs: the Go package's folder under the output dir (default NAME/go)
    go_module: str = ""  # its go.mod module path (default: the package name)
    go_package: str = ""  # its package name (default NAMEconfig)
    typescript_dir: str = ""  # the TypeScript folder under the output dir, with "typescript" in outputs (NAME/ts)
    # Names a client bundle may read (the TypeScript target's public loaders): Next.js's and Vite's prefixes.
    typescript_public_prefixes: tuple[str, ...] = ("NEXT_PUBLIC_", "VITE_")
    services: dict[str, ServiceEntry] = field(default_factory=dict)  # section id -> what runs it (the map)
    # Outputs placed in the repository instead of `out`, each its own tree: inside the Go module, the app's
    # source, the Python service that uses them (folders relative to the settings file; "" = under `out`).
    go_out: str = ""
    typescript_out: str = ""
    python_out: str = ""


@dataclass(frozen=True, slots=True)
class ScanSettings:
    """`[tool.docenv.scan]`: what `docenv scan` reads and what it forgives."""

    paths: tuple[str, ...] = (".",)  # folders or files to scan, relative to the project root
    exclude: tuple[str, ...] = ()  # .gitignore-style patterns never scanned (fixtures, examples)
    allow: tuple[str, ...] = ()  # names (or fnmatch patterns) never reported: deliberately undocumented or unread
    fail_on_unused: bool = False
    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)  # section id -> .gitignore-style paths
    tests: bool = False  # scan test files too (by default their reads are the tests' set-up, not the service's)


@dataclass(frozen=True, slots=True)
class ValidateSettings:
    """`[validate]`: what `docenv validate` reads when no source is given on the command line."""

    compose: tuple[str, ...] = ()  # compose files, relative to the project root, merged in order


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path
    out: Path
    docs: tuple[DocSettings, ...]
    origin: str  # pyproject.toml, or "command line"
    scan: ScanSettings = ScanSettings()
    validate: ValidateSettings = ValidateSettings()
    file: Path | None = None  # the settings file (docenv.toml, pyproject.toml); None for a doc on the command line
    table_prefix: str = "tool.docenv."  # where its keys sit: "tool.docenv." in a pyproject.toml, "" in docenv.toml
