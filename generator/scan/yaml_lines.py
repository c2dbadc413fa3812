"""YAML read line by line, for the compose and manifest readers.

Deployment YAML is often not valid YAML (a Helm template is text with `{{ }}` actions in it), so it
is never parsed as a whole. A reader finds a key with a pattern, then walks the lines under it by
indentation. These helpers say which lines carry YAML (not blank, not a comment, not the text of a
block scalar, not a template control line) and split keys, scalars and flow collections.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

# `key: |`, `- >-`, `key: &anchor |2`: the indicator follows `:` or `-` and ends the line.
_BLOCK_HEADER = re.compile(r"[:\-][ \t]+(?:[!&][^ \t\n]*[ \t]+)*[|>][-+0-9]{0,2}[ \t]*(?:#[^\n]*)?\r?$", re.M)
_LEAD = re.compile(r"[ \t]*(?:-[ \t]+)*")  # indentation, then the dashes of list items
_LINE = re.compile(r"([ \t]*)([^\n]*)")

# A quote opens a quoted scalar only where a scalar starts; `#` opens a comment only after a blank.
_QUOTE_OR_COMMENT = re.compile(
    r"""(?:^|(?<=[\s\[{,]))(?:"(?:[^"\\]|\\.)*+"|'(?:[^']|'')*+')"""
    r"""|(?:^|(?<=\s))\#"""
)
# A line made only of template actions: `{{- if .Values.x }}`, `{{- include "a" . | nindent 4 }}`.
_ACTIONS = re.compile(r"(?:\{\{(?:[^}]|\}(?!\}))*+\}\}[ \t]*)+")
# A mapping key: quoted, a template action, or plain (which may hold `:` not followed by a blank).
_KEY = re.compile(
    r"""(?:"(?P<double>(?:[^"\\]|\\.)*+)"|'(?P<single>(?:[^']|'')*+)'"""
    r"""|(?P<plain>(?:\{\{|[^\s:#'"\[\]{},&*!|>%@`])(?:[^:]|:(?=\S))*+))"""
    r"""[ \t]*:(?=[ \t]|$)"""
)
_VALUE_START = re.compile(r"[ \t]*")
_PROPERTIES = re.compile(r"(?:[!&][^ \t]*[ \t]+)*")  # tags and anchors written before a scalar
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*+)"')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*+)'")
_ITEM = re.compile(r"-(?:[ \t]+|$)")

_FLOW_TOKEN = re.compile(
    r"""(?P<quoted>"(?:[^"\\]|\\.)*+"|'(?:[^']|'')*+')
    |(?P<open>[\[{])
    |(?P<close>[\]}])
    |(?P<comma>,)
    |(?P<comment>(?<!\S)\#[^\n]*)
    |(?P<newline>\n[ \t]*)
    |(?P<blank>[ \t\r]+)
    |(?P<plain>[^\s\[\]{},]+)
    |(?P<other>[\s\S])""",
    re.X,
)


@dataclass(frozen=True, slots=True)
class Line:
    """A line that carries YAML."""

    start: int  # offset where the line starts
    indent: int  # blanks before its first character
    code: str  # the rest of the line, without its comment and trailing blanks

    @property
    def code_at(self) -> int:
        return self.start + self.indent


class BlockScalars:
    """Where the text of block scalars (`key: |` and the lines under it) lies.

    Those lines are text: a `#` in them is no comment and `env:` in them is no key.
    """

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        if "|" not in text and ">" not in text:
            return
        for m in _BLOCK_HEADER.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            if self._ends and line_start < self._ends[-1]:
                continue  # a header inside an earlier block scalar is its text
            lead = _LEAD.match(text, line_start, m.start())
            assert lead is not None  # the pattern matches the empty string
            if text.startswith("#", lead.end()):
                continue
            parent = lead.end() - line_start  # the column of the key (or dash) that owns the scalar
            content = m.end() + 1
            end = _dedent(parent).search(text, m.end())
            self._starts.append(content)
            self._ends.append(end.start() + 1 if end else len(text))

    def end_of(self, offset: int) -> int:
        """The end of the block scalar text holding `offset`, or -1 when `offset` is not in one."""
        at = bisect.bisect_right(self._starts, offset) - 1
        return self._ends[at] if at >= 0 and offset < self._ends[at] else -1


@lru_cache(maxsize=64)
def _dedent(column: int) -> re.Pattern[str]:
    """The start of the next non-blank line indented at most `column` blanks."""
    return re.compile(rf"\n {{0,{column}}}(?=[^ \r\n])")


def comment_at(line: str) -> int:
    """Where the comment of `line` starts (quotes respected), or its length when it has none."""
    if "#" in line:
        for m in _QUOTE_OR_COMMENT.finditer(line):
            if m.group() == "#":
                return m.start()
    return len(line)


def strip_comment(line: str) -> str:
    return line[: comment_at(line)].rstrip()


def is_template_action(code: str) -> bool:
    """True for a line that is only Go template actions: it renders no key of its own."""
    return code.startswith("{{") and _ACTIONS.fullmatch(code) is not None


def lines(text: str, pos: int, end: int, scalars: BlockScalars, templates: bool = False) -> Iterator[Line]:
    """The lines from `pos` (a line start) up to `end` that carry YAML.

    With `templates`, lines made only of template actions are skipped too, so that
    `{{- if ... }}` and `{{- end }}` between list items do not end the list.
    """
    while pos < end:
        skip_to = scalars.end_of(pos)
        if skip_to > pos:
            pos = skip_to
            continue
        m = _LINE.match(text, pos)
        assert m is not None  # the pattern matches the empty string
        start, pos = pos, m.end() + 1
        code = strip_comment(m.group(2))
        if not code or (templates and is_template_action(code)):
            continue
        yield Line(start, len(m.group(1)), code)


def list_item(code: str) -> int:
    """For `- x`, where `x` starts in `code`; -1 when `code` is not a list item."""
    m = _ITEM.match(code)
    return m.end() if m else -1


@dataclass(frozen=True, slots=True)
class Pair:
    """`key: value` split; indexes are into the text that was split."""

    key: str
    key_at: int
    value: str
    value_at: int


def split_key(code: str) -> Pair | None:
    """`key: value` (the key quoted, plain or a template action), or None when `code` is no key."""
    m = _KEY.match(code)
    if m is None:
        return None
    if m.group("plain") is not None:
        key, key_at = m.group("plain").rstrip(), m.start("plain")
    elif m.group("double") is not None:
        key, key_at = m.group("double"), m.start("double")
    else:
        key, key_at = m.group("single"), m.start("single")
    blank = _VALUE_START.match(code, m.end())
    value_at = blank.end() if blank else m.end()
    return Pair(key, key_at, code[value_at:].rstrip(), value_at)


def scalar(value: str) -> tuple[str, int] | None:
    """A scalar's text and where it starts in `value` (after a quote); None for an unclosed quote."""
    at = _PROPERTIES.match(value)
    start = at.end() if at else 0
    quote = value[start : start + 1]
    if quote not in ('"', "'"):
        return value[start:].rstrip(), start
    m = (_DOUBLE_QUOTED if quote == '"' else _SINGLE_QUOTED).match(value, start)
    return (m.group(1), start + 1) if m else None


def flow_entries(text: str, open_at: int, parent_indent: int) -> list[tuple[int, int]]:
    """The [start, end) of each top-level entry of the flow collection opening at `open_at`.

    The collection may span lines. An unclosed one ends at the first line indented no more than
    its parent key (YAML requires continuation lines to be indented more) or at the end of the
    text, and its last entry, cut short, is dropped.
    """
    entries: list[tuple[int, int]] = []
    depth, first, last, pos = 0, -1, -1, open_at
    while pos < len(text):
        m = _FLOW_TOKEN.match(text, pos)
        assert m is not None  # `other` matches any character
        kind, pos = m.lastgroup, m.end()
        if kind in ("blank", "comment"):
            continue
        if kind == "newline":
            following = text[pos : pos + 1]
            if following not in ("", "\n", "\r", "]", "}") and len(m.group()) - 1 <= parent_indent:
                return entries
            continue
        if kind == "open":
            depth += 1
            if depth == 1:
                continue
        elif kind == "close":
            depth -= 1
            if depth == 0:
                if first >= 0:
                    entries.append((first, last))
                return entries
        elif kind == "comma" and depth == 1:
            if first >= 0:
                entries.append((first, last))
            first = -1
            continue
        if first < 0:
            first = m.start()
        last = m.end()
    return entries
