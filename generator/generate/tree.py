"""What docenv owns in the output folder: the files its manifest lists and the files that carry its mark.

A file that is neither is never overwritten or removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..model.diagnostics import Diagnostic
from ..model.errors import DocenvError
from ..targets.marks import MARKS
from .manifest import MANIFEST, sha256

_MARKS = tuple(mark.encode() for mark in MARKS)
_MARK_LENGTH = max(len(mark) for mark in _MARKS)
_SKIP_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache"}
TEMP_SUFFIX = ".docenv-tmp"


def read_manifest(out: Path) -> dict[str, str]:
    """Path -> sha256 of every file docenv last wrote here (empty when there is no manifest)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
        listed = {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    # The manifest is a committed file anyone can edit: never let it name a path outside `out`.
    return {rel: digest for rel, digest in listed.items() if _inside(rel)}


def _inside(rel: str) -> bool:
    parts = Path(rel).parts
    return bool(parts) and not Path(rel).is_absolute() and ".." not in parts and "\\" not in rel


def manifest_inputs(out: Path) -> str | None:
    try:
        value = json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("inputs")
        return value if isinstance(value, str) else None
    except (OSError, ValueError, AttributeError):
        return None


def manifest_findings(out: Path) -> list[Diagnostic]:
    """The warnings the manifest recorded at the last generate (what `generate` repeats when nothing changed).

    The manifest is a file anyone can edit: an entry that is not a diagnostic is left out.
    """
    try:
        value = json.loads((out / MANIFEST).read_text(encoding="utf-8")).get("findings")
    except (OSError, ValueError, AttributeError):
        return []
    found = []
    for item in value if isinstance(value, list) else []:
        try:
            found.append(Diagnostic(str(item["path"]), int(item["line"]), int(item["column"]), str(item["code"]),
                                    str(item["severity"]), str(item["message"])))
        except (KeyError, TypeError, ValueError):
            continue
    return found


def marked_files(out: Path, known: frozenset[str] = frozenset()) -> set[str]:
    """Files under `out` that carry docenv's header, whether or not the manifest lists them.

    Files in `known` (already read by the caller) are not opened and not returned.
    """
    found: set[str] = set()
    if not out.is_dir():
        return found
    top = str(out)
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        prefix = os.path.relpath(folder, top).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        for name in names:
            rel = prefix + name
            if name.endswith(TEMP_SUFFIX) or rel in known:
                continue
            try:
                with open(os.path.join(folder, name), "rb") as handle:
                    if handle.read(_MARK_LENGTH).startswith(_MARKS):
                        found.add(rel)
            except OSError:
                continue
    return found


def read_file(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def check_output_dir(out: Path) -> None:
    """The output directory, or the first part of its path that exists, must be a directory."""
    for folder in (out, *out.parents):
        if folder.exists():
            if not folder.is_dir():
                raise DocenvError("the output directory is a file (or inside one); point the settings' out "
                                  "(or --out) at a directory", os.path.relpath(out))
            return


def quick_clean(out: Path, fingerprint: str) -> bool:
    """True when the inputs are those of the last generate and every file is as it was written.

    Costs reading the files once; nothing is parsed or rendered.
    """
    if manifest_inputs(out) != fingerprint:
        return False
    previous = read_manifest(out)
    if not previous:
        return False
    for rel, digest in previous.items():
        try:
            with open(os.path.join(out, rel), "rb") as handle:
                if sha256(handle.read()) != digest:
                    return False
        except OSError:
            return False
    return not marked_files(out, frozenset(previous))
