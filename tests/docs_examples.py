"""The examples in README.md and docs/: found, run, and compared with what they show.

A `console` block shows docenv commands (`$ docenv ...`) and what they print. The HTML comment right above it
says where it runs: `<!-- example: dir=tests/fixtures/monorepo setup=mapped -->` copies that folder into a
temporary one (`dir=.` is this repository: its seed doc and settings), applies the named set-up, then runs each
command there, stdout and stderr together as a terminal shows them. Only what must vary is normalised: the
temporary folder's path and timings.

`python -m tests.update_docs` rewrites each block with what the commands print now (review the diff).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
_BLOCK = re.compile(r"(?P<marker><!-- example: (?P<args>[^>]*?) -->\n)?```(?P<info>[\w-]*)\n(?P<body>.*?)```", re.S)
_TIMING = re.compile(r"\b\d+(?:\.\d+)? ?(?:ms|s)\b")

SETUPS = {
    "": (),
    "mapped": (("copy", "pyproject.mapped.toml", "pyproject.toml"),),
    "no-settings": (("remove", "pyproject.toml"), ("remove", "pyproject.mapped.toml")),
    "no-doc": (("remove", "pyproject.toml"), ("remove", "pyproject.mapped.toml"),
               ("remove", "docs/environment-variables.md")),
}


@dataclass(frozen=True, slots=True)
class Example:
    page: Path
    line: int
    info: str
    args: dict[str, str]
    body: str
    span: tuple[int, int]  # of the body in the page's text

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def commands(self) -> list[tuple[str, str]]:
        """(command line, what it shows) for each `$ ` line of a console block."""
        found: list[tuple[str, list[str]]] = []
        for line in self.body.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
        return [(command, "\n".join(shown)) for command, shown in found]


def examples() -> list[Example]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            args = dict(part.split("=", 1) for part in (match.group("args") or "").split() if "=" in part)
            line = text.count("\n", 0, match.start("body"))
            found.append(Example(page, line, match.group("info"), args, match.group("body"), match.span("body")))
    return found


def prepare(example: Example, tmp: Path) -> Path:
    source = ROOT / example.args.get("dir", ".")
    folder = tmp / "repo"
    if source == ROOT:
        folder.mkdir()
        for name in ("spec", "pyproject.toml", "generated"):
            target = ROOT / name
            (shutil.copytree if target.is_dir() else shutil.copy)(target, folder / name)
    else:
        shutil.copytree(source, folder)
    for action, *paths in SETUPS[example.args.get("setup", "")]:
        if action == "copy":
            shutil.copy(folder / paths[0], folder / paths[1])
        else:
            (folder / paths[0]).unlink(missing_ok=True)
    return folder


def run(command: str, folder: Path) -> str:
    words = shlex.split(command)
    assert words[0] == "docenv", f"an example runs docenv, not {words[0]!r}"
    env = {**os.environ, "GIT_DIR": str(folder / ".no-git"), "COLUMNS": "100", "NO_COLOR": "1"}
    done = subprocess.run([str(Path(sys.executable).parent / "docenv"), *words[1:]], cwd=folder, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return normalise(done.stdout, folder)


def normalise(text: str, folder: Path) -> str:
    text = text.replace(str(folder) + os.sep, "").replace(str(folder), ".")
    return "\n".join(_TIMING.sub("<time>", line).rstrip() for line in text.rstrip("\n").splitlines())
