"""The manifest docenv writes beside its outputs, and the fingerprint of their inputs.

Kept free of heavy imports: `docenv check` uses it alone when nothing changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__

if TYPE_CHECKING:
    from .project import Settings

MANIFEST = ".docenv-manifest.json"
_SOURCES = Path(__file__).resolve().parents[1]  # the generator package


def _templates() -> Path:
    # As templating.TEMPLATES, without importing Jinja on check's fast path.
    installed = _SOURCES / "templates"
    return installed if installed.is_dir() else _SOURCES.parent / "templates"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(fingerprint: str, files: dict[str, bytes], findings: list[dict[str, object]]) -> bytes:
    """`findings`: the docs' warnings, kept so that a `generate` with nothing to do still shows them."""
    listing = {path: sha256(data) for path, data in sorted(files.items()) if path != MANIFEST}
    body = {"generator": f"docenv {__version__}", "inputs": fingerprint, "findings": findings, "files": listing}
    return (json.dumps(body, indent=2) + "\n").encode()


# What the outputs depend on: the folders of the pipeline and the package's version. The commands around
# them (scan, validate, diff, adopt, the CLI) write nothing, so changing them never defeats check's fast path.
_SHAPING = ("__init__.py", "read", "model", "targets", "generate")


def installed_versions(packages: tuple[str, ...]) -> dict[str, str]:
    """Each package's installed version ("none" when absent), as importlib.metadata.version gives it.

    Read from the `NAME-VERSION.dist-info` folder names on sys.path, in sys.path order as importlib.metadata
    looks: one listing per folder instead of importing importlib.metadata (and email, zipfile...), which
    alone cost more than the rest of check's quick path. Anything else (an .egg-info) asks importlib.metadata.
    """
    wanted = {_normalise(name): name for name in packages}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info"):
                name, _, version = folder[: -len(".dist-info")].partition("-")
                package = wanted.get(_normalise(name))
                if package is not None and package not in found and version:
                    found[package] = version
        if len(found) == len(wanted):
            break
    for package in packages:
        if package not in found:
            from importlib import metadata

            try:
                found[package] = metadata.version(package)
            except metadata.PackageNotFoundError:
                found[package] = "none"
    return {package: found[package] for package in packages}


def _normalise(name: str) -> str:
    # Distribution names compare as PEP 503 says: case, "-", "_" and "." do not matter.
    return name.lower().replace("-", "_").replace(".", "_")


def _files(root: str, name: str, suffix: str) -> list[tuple[str, str]]:
    """(path relative to root with forward slashes, path) of `name` under root, or of every file ending in
    `suffix` below it. os.walk and strings: pathlib's rglob and relative_to cost more than the hashing."""
    top = os.path.join(root, name) if name else root
    if os.path.isfile(top):
        return [(name, top)]
    found = []
    for folder, _dirs, names in os.walk(top):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found += [(prefix + n, os.path.join(folder, n)) for n in names if n.endswith(suffix)]
    return found


def inputs_fingerprint(settings: Settings) -> str:
    """A hash of everything the outputs depend on: docenv's code and templates, black, settings, docs.

    When it matches the manifest, `check` can trust the manifest's file hashes without rendering.
    """
    digest = hashlib.sha256()
    files = [pair for name in _SHAPING for pair in _files(str(_SOURCES), name, ".py")]
    files += _files(str(_templates()), "", "")
    for rel, file in sorted(files):
        with open(file, "rb") as handle:
            digest.update(rel.encode() + b"\0" + handle.read() + b"\0")
    # The libraries that shape the output: a new version may parse or format differently.
    for package, version in installed_versions(("black", "markdown-it-py", "mdit-py-plugins", "jinja2")).items():
        digest.update(f"{package}={version}".encode() + b"\0")
    # repr() of a string depends on the Unicode database of the running Python.
    digest.update(f"python={sys.version_info[0]}.{sys.version_info[1]} unicode={unicodedata.unidata_version}".encode())
    for doc in settings.docs:
        described = [doc.display, doc.name, doc.package, list(doc.outputs), doc.section_level, doc.overrides,
                     doc.file_twins, doc.pydantic_package, doc.values_paths, doc.go_dir, doc.go_module, doc.go_package,
                     doc.typescript_dir, list(doc.typescript_public_prefixes), doc.go_out, doc.typescript_out,
                     doc.python_out]
        digest.update(json.dumps(described, sort_keys=True).encode() + b"\0")
        digest.update(doc.path.read_bytes() if doc.path.is_file() else b"<missing>")
    return digest.hexdigest()
