"""HTML <table> elements in a Markdown HTML block -> the same Table / Row / Cell values as pipe tables.

Only the standard library's html.parser, which never needs the HTML to be well formed: an unclosed
cell, row or table ends where the next one starts or where the block ends.
"""

from __future__ import annotations

import bisect
import re
from html.parser import HTMLParser

from .blocks import Cell, Row, Table

_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML collapses these, not a no-break space
_LEADING_SPACE = re.compile(r"[ \t\n\r\f]*")
_DROPPED = frozenset({"sup", "super"})  # footnote markers, as in pipe cells
_RAW_MARK = {"code": "`", "b": "**", "strong": "**"}  # what the builder looks for in a cell's raw text


def read_html_tables(content: str, start_line: int, source_lines: list[str]) -> list[Table]:
    """Every top-level <table> in `content`, the text of an HTML block starting at 1-based `start_line`.

    `source_lines` are the doc's own lines: a cell's column is found on them, since the block's
    content may have lost a list indent or a blockquote marker.
    """
    if content.lstrip().startswith("<!--"):
        return []  # a commented-out table is not read
    reader = _TableReader(content, start_line, source_lines)
    try:
        reader.feed(content)
        reader.close()
    except Exception:  # html.parser has raised on odd markup in some Python versions: keep what was read
        pass
    reader.end_table()
    return reader.tables


class _TableReader(HTMLParser):
    def __init__(self, content: str, start_line: int, source_lines: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.content = content
        self.start_line = start_line
        self.source_lines = source_lines
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", content)]
        self.tables: list[Table] = []
        self.depth = 0  # <table> nesting: only the outermost table's rows and cells count
        self.table_line = 0
        self.rows: list[tuple[int, list[Cell]]] = []  # (line of <tr>, cells) of the table being read
        self.cell: tuple[list[str], list[str], int] | None = None  # (text parts, raw parts, column)
        self.dropped = 0

    # -- html.parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.table_line, self.rows = self._line(), []
        elif self.depth != 1:
            self._space()  # a nested table's cells run together in the outer cell
        elif tag == "tr":
            self.end_cell()
            self.rows.append((self._line(), []))
        elif tag in ("td", "th"):
            self.end_cell()
            if not self.rows:  # a cell with no <tr> before it starts a row of its own
                self.rows.append((self._line(), []))
            self.cell, self.dropped = ([], [], self._column()), 0
        elif self.cell is not None:
            if tag == "br":
                self._add("\n", "<br>")
            elif tag in _DROPPED:
                self.dropped += 1
            elif tag in _RAW_MARK:
                self._add("", _RAW_MARK[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            if self.depth == 1:
                self.end_table()
            self.depth = max(0, self.depth - 1)
        elif self.depth != 1:
            return
        elif tag in ("tr", "td", "th"):
            self.end_cell()
        elif self.cell is not None:
            if tag in _DROPPED:
                self.dropped = max(0, self.dropped - 1)
            elif tag in _RAW_MARK:
                self._add("", _RAW_MARK[tag])

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            collapsed = _HTML_SPACE.sub(" ", data)  # a line break in the HTML source is a blank, as a browser shows it
            self._add(collapsed, collapsed)

    # -- building the values

    def end_cell(self) -> None:
        if self.cell is None or not self.rows:
            self.cell = None
            return
        text_parts, raw_parts, column = self.cell
        # Only a <br> gave a "\n": the source's own line breaks were collapsed with the other blanks.
        lines = (_HTML_SPACE.sub(" ", line).strip() for line in "".join(text_parts).split("\n"))
        text = "\n".join(lines).strip()
        self.rows[-1][1].append(Cell(text, _HTML_SPACE.sub(" ", "".join(raw_parts)).strip(), column))
        self.cell = None

    def end_table(self) -> None:
        """Header from the first row with cells, then one Row per <tr>, padded or cut to the header."""
        self.end_cell()
        rows = [(line, cells) for line, cells in self.rows if cells]
        self.rows = []
        if self.depth == 0 or not rows:
            return
        header = tuple(rows[0][1])
        width = len(header)
        body = tuple(
            Row(line, tuple(cells[:width]) + (Cell("", "", 1),) * (width - len(cells)), len(cells))
            for line, cells in rows[1:]
        )
        self.tables.append(Table(self.table_line, header, body))
        self.depth = 0

    def _add(self, text: str, raw: str) -> None:
        assert self.cell is not None
        if not self.dropped:
            self.cell[0].append(text)
            self.cell[1].append(raw)

    def _space(self) -> None:
        if self.cell is not None:
            self._add(" ", " ")

    def _line(self) -> int:
        return self.start_line + self.getpos()[0] - 1

    def _column(self) -> int:
        """1-based column, on the row's source line, of the first character after the cell's start tag."""
        lineno, offset = self.getpos()
        tag_end = self.line_starts[lineno - 1] + offset + len(self.get_starttag_text() or "")
        blanks = _LEADING_SPACE.match(self.content, min(tag_end, len(self.content)))
        at = blanks.end() if blanks else tag_end
        index = bisect.bisect_right(self.line_starts, at) - 1
        line_no = self.start_line + index
        if not self.rows or line_no != self.rows[-1][0] or not 0 < line_no <= len(self.source_lines):
            return 1  # the content is not on the row's line: no column on it to point at
        begin = self.line_starts[index]
        stop = self.content.find("\n", begin)
        block_line = self.content[begin : stop if stop >= 0 else len(self.content)]
        source = self.source_lines[line_no - 1]
        if not source.endswith(block_line):
            return 1  # the block's line is not the source's tail (a tab was expanded): no sure column
        return len(source) - len(block_line) + (at - begin) + 1
