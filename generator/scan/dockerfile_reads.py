"""Dockerfiles: the variables an image sets (`ENV`) and its build arguments (`ARG`).

`ENV K=V K2="v 2"` sets each K; the legacy `ENV K V` sets one K. `ARG K` and `ARG K=V` declare
build arguments. Instructions are case-insensitive and may continue over lines with `\\` (or the
character an `# escape=` directive chooses); comment lines inside a continuation are dropped, as
Docker does. `$X` inside an instruction refers to an earlier ARG or ENV, not to the environment
of whoever builds, so it is not reported. Lines of a heredoc (`RUN <<EOF`) are not instructions.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator

from .found import BUILD_ARG, SET, Found
from .lexing import one_line

_CANDIDATE = re.compile(r"^[ \t]*(?:env|arg)(?![A-Za-z0-9_])", re.I | re.M)
_PHYSICAL_LINE = re.compile(r"[^\n]*\n?")
_DIRECTIVE = re.compile(r"#[ \t]*([A-Za-z]+)[ \t]*=[ \t]*(\S*)[ \t]*")
_KEYWORD = re.compile(r"[ \t]*([A-Za-z]+)(?=\s|$)")
# A shell-like word: quotes keep blanks inside it. Unclosed quotes run to the end of the instruction.
_WORD = re.compile(r"""(?:[^\s"'\\]|\\[\s\S]?|"(?:[^"\\]|\\[\s\S])*+"?|'[^']*+'?)+""")
# A heredoc is a whole word `<<EOF`, `<<-EOF`, `<<"EOF"` (as BuildKit splits words), so that
# `RUN python -c "print(1 << x)"` opens none.
_HEREDOC = re.compile(r"""[0-9]*<<-?(["']?)([^<"'\s]+)\1""")
_HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})


@dataclass(frozen=True, slots=True)
class _Instruction:
    """One instruction with its continuation lines joined, and where each piece came from."""

    keyword: str  # upper case
    text: str  # the joined instruction
    arguments_at: int  # where the arguments start in `text`
    piece_starts: list[int]  # offset in `text` of each joined piece
    piece_offsets: list[int]  # offset in the file of each piece

    def offset(self, at: int) -> int:
        """The file offset of `text[at]`."""
        piece = bisect.bisect_right(self.piece_starts, at) - 1
        return self.piece_offsets[piece] + at - self.piece_starts[piece]


def find(text: str) -> list[Found]:
    if not _CANDIDATE.search(text):
        return []
    found: list[Found] = []
    for instruction in _instructions(text, _escape_character(text)):
        if instruction.keyword == "ENV":
            found.extend(_env(instruction))
        elif instruction.keyword == "ARG":
            found.extend(_arg(instruction))
    return sorted(found, key=lambda f: f.offset)


def _escape_character(text: str) -> str:
    """`\\`, or the character an `# escape=` parser directive at the top of the file chooses."""
    for m in _PHYSICAL_LINE.finditer(text):
        directive = _DIRECTIVE.fullmatch(m.group().rstrip("\r\n"))
        if directive is None:
            break  # directives stop at the first line that is not one
        if directive.group(1).lower() == "escape" and directive.group(2) in ("`", "\\"):
            return directive.group(2)
    return "\\"


def _instructions(text: str, escape: str) -> Iterator[_Instruction]:
    """Each instruction, continuation lines joined; blank and comment lines and heredoc bodies skipped."""
    pieces: list[tuple[int, str]] = []  # (file offset, text) of the lines joined so far
    heredocs: list[str] = []  # delimiters of the heredocs still open, in order
    for m in _PHYSICAL_LINE.finditer(text):
        line = m.group().rstrip("\r\n")
        if heredocs:
            if line.lstrip("\t") == heredocs[0]:
                heredocs.pop(0)
            continue
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue  # also inside a continuation: Docker drops such lines
        content = line.rstrip(" \t")
        continued = content.endswith(escape)
        pieces.append((m.start(), content[:-1] if continued else content))
        if continued:
            continue
        instruction = _join(pieces)
        pieces = []
        if instruction is not None:
            if instruction.keyword in _HEREDOC_INSTRUCTIONS and "<<" in instruction.text:
                heredocs = _heredoc_delimiters(instruction)
            yield instruction
    if pieces and (instruction := _join(pieces)) is not None:
        yield instruction


def _heredoc_delimiters(instruction: _Instruction) -> list[str]:
    words = _WORD.finditer(instruction.text, instruction.arguments_at)
    return [h.group(2) for w in words if (h := _HEREDOC.fullmatch(w.group())) is not None]


def _join(pieces: list[tuple[int, str]]) -> _Instruction | None:
    starts, offsets, at = [], [], 0
    for offset, piece in pieces:
        starts.append(at)
        offsets.append(offset)
        at += len(piece)
    joined = "".join(piece for _, piece in pieces)
    keyword = _KEYWORD.match(joined)
    if keyword is None:
        return None
    return _Instruction(keyword.group(1).upper(), joined, keyword.end(), starts, offsets)


def _env(instruction: _Instruction) -> list[Found]:
    words = list(_WORD.finditer(instruction.text, instruction.arguments_at))
    if not words:
        return []
    if "=" not in words[0].group():  # legacy `ENV K V`: one variable, the rest is its value
        pairs = [(words[0].start(), words[0].group())] if len(words) > 1 else []
    else:
        pairs = [(w.start(), w.group().split("=", 1)[0]) for w in words if "=" in w.group()]
    statement = one_line(instruction.text)
    return [f for at, name in pairs if (f := _named(instruction, at, name, SET, statement)) is not None]


def _arg(instruction: _Instruction) -> list[Found]:
    words = _WORD.finditer(instruction.text, instruction.arguments_at)
    statement = one_line(instruction.text)
    named = (_named(instruction, w.start(), w.group().split("=", 1)[0], BUILD_ARG, statement) for w in words)
    return [f for f in named if f is not None]


def _named(instruction: _Instruction, at: int, name: str, kind: str, statement: str) -> Found | None:
    """The name at `text[at]`; quotes around it dropped, one made of `$` references unresolved."""
    if len(name) >= 2 and name[0] in "\"'" and name[-1] == name[0]:
        name, at = name[1:-1], at + 1
    if not name:
        return None
    if "$" in name:
        return Found(instruction.offset(at), None, kind, one_line(name))
    return Found(instruction.offset(at), name, kind, statement)
