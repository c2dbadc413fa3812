"""Reading one side of a diff: a doc on disk, or `REV:path`, the doc as committed in a git revision."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..model.errors import DocenvError
from ..read.sources import decode_doc, read_doc

# `C:\docs\env.md`, `c:/docs/env.md`: a Windows path, not revision `C`.
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


@dataclass(frozen=True, slots=True)
class DocText:
    """The text of one side of the diff, and how reports and diagnostics name it."""

    text: str
    shown: str


@dataclass(frozen=True, slots=True)
class GitLocation:
    revision: str  # empty: the index (what is staged), as in `git show :path`
    path: str  # as the user wrote it, relative to the current directory


def read_side(argument: str) -> DocText:
    """The doc `argument` names: an existing file, else `REV:path` read through git, else a missing file."""
    location = git_location(argument)
    if location is None:
        return DocText(read_doc(argument), argument)
    return DocText(_read_from_git(location, argument), argument)


def git_location(argument: str) -> GitLocation | None:
    """`REV:path` split in two, or None when `argument` is a plain path.

    An existing file always wins (a file may have `:` in its name), and so does a Windows drive.
    """
    if ":" not in argument or _WINDOWS_DRIVE.match(argument) or _exists(argument):
        return None
    revision, _, path = argument.partition(":")
    return GitLocation(revision, path)


def _exists(argument: str) -> bool:
    try:
        return Path(argument).exists()
    except OSError:  # a name too long for a file is no file
        return False


def _read_from_git(location: GitLocation, argument: str) -> str:
    if not location.path:
        raise DocenvError("names no file after the ':'; write REV:path, e.g. HEAD~1:docs/env.md", argument)
    if location.revision.startswith("-"):
        raise DocenvError(f"{location.revision!r} is not a git revision", argument)
    top_relative = _path_in_repository(location.path, argument)
    if location.revision:
        # ^{tree} accepts a commit, a tag or a tree, and tells an unknown revision from a missing path.
        if _git(["rev-parse", "--verify", "--quiet", f"{location.revision}^{{tree}}"], argument).returncode:
            raise DocenvError(f"unknown git revision {location.revision!r} (try `git log --oneline` for one)",
                              argument)
    where = f"revision {location.revision}" if location.revision else "the git index"
    spec = f"{location.revision}:{top_relative}"
    kind = _git(["cat-file", "-t", spec], argument)
    if kind.returncode:
        raise DocenvError(f"{top_relative} does not exist in {where}", argument)
    if kind.stdout.strip() != b"blob":
        raise DocenvError(f"{top_relative} is a {kind.stdout.decode(errors='replace').strip()} in {where}, "
                          "not a file; give the Markdown file itself", argument)
    # cat-file gives the committed bytes; `git show` could run a textconv filter over them.
    blob = _git(["cat-file", "blob", spec], argument)
    if blob.returncode:
        raise DocenvError(f"git could not read it: {_first_line(blob.stderr)}", argument)
    return decode_doc(blob.stdout, argument)


def _path_in_repository(path: str, argument: str) -> str:
    """The path from the top of the work tree, which is what `REV:path` means to git."""
    prefix = _git(["rev-parse", "--show-prefix"], argument)
    if prefix.returncode:
        message = _first_line(prefix.stderr)
        if "not a git repository" in message:
            raise DocenvError("looks like REV:path, but the current directory is not inside a git repository "
                              "(and no file has this name)", argument)
        raise DocenvError(f"git could not find the repository: {message}", argument)
    if os.path.isabs(path):
        top = _git(["rev-parse", "--show-toplevel"], argument).stdout.decode().strip()
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(top))
    else:
        relative = os.path.normpath(os.path.join(prefix.stdout.decode().strip(), path))
    relative = relative.replace(os.sep, "/")
    if relative == ".." or relative.startswith("../"):
        raise DocenvError(f"{path} is outside the git repository", argument)
    return relative


def _git(args: list[str], argument: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise DocenvError("looks like REV:path, but git is not installed (and no file has this name)",
                          argument) from None
    except OSError as err:
        raise DocenvError(f"git could not be run ({err.strerror or err})", argument) from None


def _first_line(stderr: bytes) -> str:
    lines = stderr.decode(errors="replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else "no message"
