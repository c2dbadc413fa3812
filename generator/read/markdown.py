"""Markdown -> a flat list of headings, paragraphs, tables and ignored wrappers, each with its source line.

This is the only module that knows markdown-it-py. Tables in code blocks, HTML comments
and front matter never reach the token stream as tables, so they are skipped for free.
Wrapper syntax (admonitions, components, HTML containers) is blanked first by `wrappers`;
HTML <table>s in HTML blocks are read by `html_tables`; both give the values of `blocks`.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .blocks import Block, Cell, Heading, Paragraph, Row, Table
from .html_tables import read_html_tables
from .wrappers import Ignored, markdown_lines, strip_wrappers

_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Footnote markers and inline badges (`## Storage <Badge text="v2">v2</Badge>`) are not part of the text.
_FOOTNOTE_OPEN = re.compile(r"<(sup|super|badge)\b[^>]*(?<!/)>", re.IGNORECASE)
_FOOTNOTE_CLOSE = re.compile(r"</(sup|super|badge)\s*>", re.IGNORECASE)
_HTML_TABLE = re.compile(r"<table\b", re.IGNORECASE)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)


def parse_blocks(source: str) -> list[Block]:
    """Every heading, paragraph, pipe or HTML table and ignored wrapper of `source`, in document order."""
    lines = markdown_lines(source)  # as written: cell columns point here, even in a dedented admonition
    parsed, notices = strip_wrappers(source)
    parsed_lines = markdown_lines(parsed)  # as markdown-it read them, line for line the same
    tokens = _parser().parse(parsed)
    blocks: list[Block] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            blocks.append(Heading(_line(tok), int(tok.tag[1:]), _plain(inline)))
            i += 3
        elif tok.type == "paragraph_open" and tokens[i + 1].type == "inline":
            inline = tokens[i + 1]
            spans = tuple(c.content for c in inline.children or () if c.type == "code_inline")
            blocks.append(Paragraph(_line(tok), _plain(inline), spans))
            i += 3
        elif tok.type == "table_open":
            end = _closing(tokens, i, "table_close")
            blocks.append(_table(tokens[i : end + 1], lines))
            i = end + 1
        else:
            if tok.type == "fence":
                _check_fence_closed(tok, parsed_lines)
            elif tok.type == "html_block":
                _check_comment_closed(tok, parsed_lines)
                if _HTML_TABLE.search(tok.content):
                    blocks.extend(read_html_tables(tok.content, _line(tok), lines))
            i += 1
    return _merge(blocks, notices)


def _merge(blocks: list[Block], notices: list[Ignored]) -> list[Block]:
    """Put each notice before the first block below it, keeping the blocks' own order."""
    merged: list[Block] = []
    k = 0
    for block in blocks:
        while k < len(notices) and notices[k].line <= block.line:
            merged.append(notices[k])
            k += 1
        merged.append(block)
    merged.extend(notices[k:])
    return merged


_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.MULTILINE)


def _check_fence_closed(tok: Token, lines: list[str]) -> None:
    """A code fence left open runs to the end of the doc and hides every table after it: say so."""
    assert tok.map is not None
    start, end = tok.map
    last = lines[end - 1].strip() if end - 1 > start else ""
    closed = end - 1 > start and last.startswith(tok.markup) and not last.strip(tok.markup[0]).strip()
    if not closed and end >= len(lines) and _TABLE_ROW.search(tok.content):
        raise FenceNotClosed(start + 1, tok.markup)


def _check_comment_closed(tok: Token, lines: list[str]) -> None:
    """An HTML comment left open runs to the end of the doc and hides every table after it."""
    assert tok.map is not None
    start, end = tok.map
    content = tok.content.lstrip()
    if content.startswith("<!--") and "-->" not in content and end >= len(lines) and _TABLE_ROW.search(content):
        raise FenceNotClosed(start + 1, "<!--", "the HTML comment <!-- opened here is never closed, so every "
                             "table after it is hidden; close it with -->")


class FenceNotClosed(Exception):
    def __init__(self, line: int, markup: str, message: str | None = None) -> None:
        super().__init__(message or f"the code fence {markup} opened here is never closed, so every table "
                         f"after it is read as code; close it with a line of {markup}")
        self.line = line


def _line(tok: Token) -> int:
    assert tok.map is not None
    return tok.map[0] + 1


def _closing(tokens: list[Token], start: int, close: str) -> int:
    for j in range(start, len(tokens)):
        if tokens[j].type == close:
            return j
    return len(tokens) - 1


def _table(tokens: list[Token], lines: list[str]) -> Table:
    rows: list[Row] = []
    header: tuple[Cell, ...] = ()
    current: list[Token] = []
    row_line = 0
    for tok in tokens:
        if tok.type == "tr_open":
            current = []
            row_line = _line(tok)
        elif tok.type == "inline":
            current.append(tok)
        elif tok.type == "tr_close":
            offsets = split_row(lines[row_line - 1])
            cells = tuple(
                Cell(
                    text=_plain(inline),
                    raw=inline.content.strip(),
                    column=offsets[k] + 1 if k < len(offsets) else len(lines[row_line - 1]) + 1,
                )
                for k, inline in enumerate(current)
            )
            if not header:
                header = cells
            else:
                rows.append(Row(row_line, cells, len(offsets)))
    return Table(_line(tokens[0]), header, tuple(rows))


def split_row(line: str) -> list[int]:
    """0-based offsets of each cell's content in a pipe-table row, as GFM splits it.

    markdown-it pads or truncates rows to the header's width, so the real cell count
    (for the wrong-number-of-cells warning) and each cell's column come from here.
    """
    pos = len(line) - len(line.lstrip(" \t>"))
    if line.startswith("|", pos):
        pos += 1
    starts: list[int] = []
    start = pos
    i = pos
    while i < len(line):
        char = line[i]
        if char == "\\":
            i += 2
            continue
        if char == "|":
            starts.append(start)
            start = i + 1
        i += 1
    if line[start:].strip():  # a last cell with no closing pipe
        starts.append(start)
    return [s + len(line[s:]) - len(line[s:].lstrip()) for s in starts]


def _plain(inline: Token) -> str:
    """The text of an inline token with markup removed, as a reader would see it."""
    parts: list[str] = []
    in_footnote = 0
    for child in inline.children or ():
        if child.type == "html_inline":
            if _FOOTNOTE_OPEN.fullmatch(child.content.strip()):
                in_footnote += 1
            elif _FOOTNOTE_CLOSE.fullmatch(child.content.strip()):
                in_footnote = max(0, in_footnote - 1)
            elif _BREAK_TAG.fullmatch(child.content.strip()) and not in_footnote:
                parts.append("\n")
            continue
        if in_footnote:
            continue
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    text = "".join(parts)
    return "\n".join(line.strip() for line in text.split("\n")).strip()
