"""Shared by the readers: which parts of a file are comments or plain strings, and line numbers.

Readers first look for candidate reads with cheap patterns; only a file with candidates is
lexed, so that a read written in a comment or a docstring is not reported.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable


class Spans:
    """Sorted, disjoint [start, end) ranges of text that is not code."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(ranges)  # already sorted when they come from a lexer: linear for Timsort
        self._starts = [start for start, _ in pairs]
        self._ends = [end for _, end in pairs]

    def inside(self, offset: int) -> bool:
        """True when `offset` lies in a range after its first character.

        A read that starts exactly where a string starts (a Go struct tag, a quoted key) is code.
        """
        at = bisect.bisect_right(self._starts, offset) - 1
        return at >= 0 and self._starts[at] < offset < self._ends[at]

    def covers(self, offset: int) -> bool:
        """True when `offset` lies anywhere in a range, its first character included."""
        at = bisect.bisect_right(self._starts, offset) - 1
        return at >= 0 and offset < self._ends[at]


def noise(text: str, lexer: re.Pattern[str], code: str | None = None, until: int | None = None) -> Spans:
    """The spans of `text` that `lexer` matches, except matches of its group named `code`.

    `lexer` matches every comment and string of the language, so that a quote inside a comment
    or a comment marker inside a string is consumed with it; `code` names strings that hold code
    (f-strings). Lexing stops after the token that reaches past `until`: later text cannot hide
    an earlier read.
    """
    spans = []
    for m in lexer.finditer(text):
        if m.lastgroup != code or code is None:
            spans.append(m.span())
        if until is not None and m.end() > until:
            break
    return Spans(spans)


class Lines:
    """Offset -> (line, column), both 1-based; columns count characters.

    Counting newlines as it goes costs one pass for offsets asked in order (as readers sort
    them), and nothing for the bulk of a file after the last one.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1

    def position(self, offset: int) -> tuple[int, int]:
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line, offset - (self._text.rfind("\n", 0, offset) + 1) + 1


def one_line(text: str, limit: int = 80) -> str:
    """`text` on one line, whitespace runs collapsed, cut to `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Constants:
    """A file's single string constants (see `single_constants`), found only when first asked for."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self._text = text
        self._pattern = pattern
        self._values: dict[str, str] | None = None

    def get(self, name: str) -> str | None:
        if self._values is None:
            self._values = single_constants(self._text, self._pattern)
        return self._values.get(name)


def argument_name(text: str, argument: tuple[int, int], literal: re.Pattern[str], identifier: re.Pattern[str],
                  constants: Constants) -> tuple[str | None, int]:
    """(the string a call argument names, where it starts); None when it is only known at run time.

    `literal` matches the language's string literals with the text in its last named group; an
    identifier is looked up in the file's single constants.
    """
    start, end = argument
    source = text[start:end]
    found = literal.fullmatch(source)
    if found:
        return found.group(found.lastgroup or 0), start + 1
    return (constants.get(source) if identifier.fullmatch(source) else None), start


def single_constants(text: str, pattern: re.Pattern[str]) -> dict[str, str]:
    """Identifiers bound to a string literal exactly once in the file (`pattern` groups: name, value).

    `os.getenv(DB_KEY)` with `DB_KEY = "DB_HOST"` once in the file reads DB_HOST; an identifier
    bound twice, or to anything else, stays unresolved.
    """
    seen: dict[str, str | None] = {}
    for m in pattern.finditer(text):
        name, value = m.group("name"), m.group("value")
        seen[name] = value if name not in seen else None
    return {name: value for name, value in seen.items() if value is not None}


_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")
LONGEST_CALL = 400  # characters; brackets left open that long are not followed further


def call_arguments(text: str, open_index: int, tokens: re.Pattern[str]) -> tuple[list[tuple[int, int]], int] | None:
    """The trimmed top-level argument spans of the brackets opened at `open_index`, and where they close.

    `tokens` matches the language's comments and strings (consumed whole, so a bracket or comma in
    them does not count) and single brackets and commas. None when the brackets are not closed
    within LONGEST_CALL characters: bounded, so many open calls on one line stay linear.
    """
    arguments: list[tuple[int, int]] = []
    depth = 0
    start = open_index + 1
    for token in tokens.finditer(text, start, min(len(text), open_index + LONGEST_CALL)):
        mark = token.group()
        if mark in _OPENERS:
            depth += 1
        elif mark in _CLOSERS and depth:
            depth -= 1
        elif mark in _CLOSERS or (mark == "," and not depth):
            arguments.append(_trimmed(text, start, token.start()))
            if mark != ",":
                return [span for span in arguments if span[0] < span[1]], token.start()
            start = token.end()
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
