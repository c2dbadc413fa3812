"""The manifest docenv writes beside its outputs, and the fingerprint of their inputs.

Kept free of heavy imports: `docenv check` uses it alone when nothing changed.
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

from .. import __version__
from .project import Settings

MANIFEST = ".docenv-manifest.json"
_SOURCES = Path(__file__).resolve().parents[1]  # the generator package


def _templates() -> Path:
    # As templating.TEMPLATES, without importing Jinja on check's fast path.
    checkout = _SOURCES.parent / "templates"
    return checkout if checkout.is_dir() else _SOURCES / "templates"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(fingerprint: str, files: dict[str, bytes]) -> bytes:
    listing = {path: sha256(data) for path, data in sorted(files.items()) if path != MANIFEST}
    body = {"generator": f"docenv {__version__}", "inputs": fingerprint, "files": listing}
    return (json.dumps(body, indent=2) + "\n").encode()


# Not part of what outputs depend on: caches, and the commands that write nothing (scan, validate, diff).
_IGNORED = frozenset({"__pycache__", "scan", "validate", "diff", "adopt"})


def inputs_fingerprint(settings: Settings) -> str:
    """A hash of everything the outputs depend on: docenv's code and templates, black, settings, docs.

    When it matches the manifest, `check` can trust the manifest's file hashes without rendering.
    """
    digest = hashlib.sha256()
    for folder in (_SOURCES, _templates()):
        for file in sorted(p for p in folder.rglob("*")
                           if p.is_file() and not _IGNORED.intersection(p.relative_to(folder).parts)):
            digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    # The libraries that shape the output: a new version may parse or format differently.
    for package in ("black", "markdown-it-py", "mdit-py-plugins", "jinja2"):
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "none"
        digest.update(f"{package}={version}".encode() + b"\0")
    # repr() of a string depends on the Unicode database of the running Python.
    digest.update(f"python={sys.version_info[0]}.{sys.version_info[1]} unicode={unicodedata.unidata_version}".encode())
    for doc in settings.docs:
        described = [doc.display, doc.name, doc.package, list(doc.outputs), doc.section_level, doc.overrides,
                     doc.file_twins, doc.pydantic_package, doc.values_paths]
        digest.update(json.dumps(described, sort_keys=True).encode() + b"\0")
        digest.update(doc.path.read_bytes() if doc.path.is_file() else b"<missing>")
    return digest.hexdigest()
