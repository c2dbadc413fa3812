"""HTML <table>s in a doc are read into the same Table / Row / Cell values as pipe tables."""

from __future__ import annotations

import pytest

from docenv.read.html_tables import read_html_tables
from docenv.read.blocks import Block, Cell, Heading, Row, Table
from docenv.read.markdown import parse_blocks
from docenv.read.wrappers import Ignored
from docenv.read.wrappers import markdown_lines

DOC = """\
## HTML

<table>
  <thead>
    <tr><th>Variable</th><th>Default</th><th>Description</th></tr>
  </thead>
  <tbody>
    <tr><td><code>PORT</code></td><td><strong>8080</strong></td><td>The port.<sup>[1]</sup></td></tr>
    <tr>
      <td><code>HOST</code></td>
      <td>&lt;none&gt;</td>
      <td>Line one<br>line
          two &amp; <b>three</b></td>
    </tr>
    <tr><td>ONLY</td></tr>
    <tr><td>A</td><td>B</td><td>C</td><td>D</td></tr>
  </tbody>
</table>

## After
"""


def column(doc: str, line: int, text: str) -> int:
    """1-based column of `text` on a line of `doc`."""
    return markdown_lines(doc)[line - 1].index(text) + 1


def only_tables(blocks: list[Block]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def shape(table: Table) -> tuple[int, list[str], list[tuple[int, list[str], int]]]:
    return (table.line, [c.text for c in table.header],
            [(r.line, [c.text for c in r.cells], r.written_cells) for r in table.rows])


def test_html_table_reads_like_a_pipe_table() -> None:
    blocks = parse_blocks(DOC)
    assert blocks[0] == Heading(1, 2, "HTML") and blocks[-1] == Heading(20, 2, "After")
    (table,) = only_tables(blocks)
    assert table.line == 3
    assert table.header == (
        Cell("Variable", "Variable", column(DOC, 5, "Variable")),
        Cell("Default", "Default", column(DOC, 5, "Default")),
        Cell("Description", "Description", column(DOC, 5, "Description")),
    )
    port, host, only, wide = table.rows
    assert port == Row(8, (
        Cell("PORT", "`PORT`", column(DOC, 8, "<code>PORT")),
        Cell("8080", "**8080**", column(DOC, 8, "<strong>")),
        Cell("The port.", "The port.", column(DOC, 8, "The port.")),  # the footnote marker is dropped
    ), 3)
    # Cells on lines below their <tr> have no column on the row's line.
    assert host == Row(9, (
        Cell("HOST", "`HOST`", 1),
        Cell("<none>", "<none>", 1),
        Cell("Line one\nline two & three", "Line one<br>line two & **three**", 1),
    ), 3)
    assert only == Row(15, (Cell("ONLY", "ONLY", column(DOC, 15, "ONLY")), Cell("", "", 1), Cell("", "", 1)), 1)
    assert [c.text for c in wide.cells] == ["A", "B", "C"] and wide.written_cells == 4  # cut to the header


def test_table_in_a_div_and_in_details() -> None:
    doc = "\n".join([
        "# T", "", '<div align="center">', "<table>", "<tr><td>Name</td><td>Default</td></tr>",
        "<tr><td>FOO</td><td>1</td></tr>", "</table>", "</div>", "", "<details>", "<summary>More</summary>",
        "<table><tr><th>Key</th></tr>", "<tr><td>BAR</td></tr></table>", "</details>", "", "## After", "",
    ])
    blocks = parse_blocks(doc)
    assert [shape(t) for t in only_tables(blocks)] == [
        (4, ["Name", "Default"], [(6, ["FOO", "1"], 2)]),
        (12, ["Key"], [(13, ["BAR"], 1)]),
    ]
    assert [b for b in blocks if isinstance(b, Ignored)] == []  # the wrappers are part of the tables' HTML blocks
    assert blocks[-1] == Heading(16, 2, "After")


def test_table_in_a_list_item_and_a_blockquote_points_at_the_source_column() -> None:
    row = "<table><tr><th>Name</th></tr><tr><td>FOO</td></tr></table>"
    doc = f"- item\n\n  {row}\n\n> {row}\n\n!!! note\n    {row}\n"
    tables = only_tables(parse_blocks(doc))
    assert [(t.line, t.rows[0].line) for t in tables] == [(3, 3), (5, 5), (8, 8)]
    assert [(t.header[0].column, t.rows[0].cells[0].column) for t in tables] == [
        (column(doc, n, "Name"), column(doc, n, "FOO")) for n in (3, 5, 8)
    ]


def test_one_html_block_with_two_tables_and_a_nested_one() -> None:
    doc = (
        "<table><tr><th>A</th></tr><tr><td>x <table><tr><td>in</td></tr></table> y</td></tr></table>\n"
        "<table>\n<tr><th>B</th></tr>\n<tr><td>z</td></tr>\n</table>\n"
    )
    assert [shape(t) for t in only_tables(parse_blocks(doc))] == [
        (1, ["A"], [(1, ["x in y"], 1)]),
        (2, ["B"], [(4, ["z"], 1)]),
    ]


@pytest.mark.parametrize(
    "doc, expected",
    [
        # unclosed cells and rows end where the next one starts; the table ends with the HTML block
        ("<table><tr><th>A<th>B<tr><td>1<td>2\n<tr><td>3\n\n## After\n", [(1, ["A", "B"], [(1, ["1", "2"], 2),
                                                                                               (2, ["3", ""], 1)])]),
        # colspan is read as one cell
        ("<table><tr><th>A</th><th>B</th></tr><tr><td colspan=2>wide</td></tr></table>\n",
         [(1, ["A", "B"], [(1, ["wide", ""], 1)])]),
        # cells with no <tr> start a row of their own
        ("<table><td>A</td><td>B</td>\n<tr><td>1</td>\n", [(1, ["A", "B"], [(2, ["1", ""], 1)])]),
        ("<table><tr><th>A</th></tr></table>\n", [(1, ["A"], [])]),
        ("<table></table>\n", []),
        ("<table><tr></tr><caption>c</caption></table>\n", []),
        ("<div><td>x</td></tr></table></div>\n", []),
        ("<table><tr><td>a</td></tr></tbody></table></table><tr><td>b\n", [(1, ["a"], [])]),
        ("<table><tr><td>&bogus; &#0; &#xFFFFFFF;\n", [(1, ["&bogus; \ufffd \ufffd"], [])]),
        ("<table><tr><td><sup><sup>x</sup>y</sup>z</td></tr></table>\n", [(1, ["z"], [])]),
        ("<!--\n<table><tr><td>A</td></tr><tr><td>1</td></tr></table>\n-->\n", []),
    ],
)
def test_malformed_html_is_read_as_far_as_it_goes(doc: str, expected: list[object]) -> None:
    assert [shape(t) for t in only_tables(parse_blocks(doc))] == expected


@pytest.mark.parametrize(
    "content",
    ["<table><tr><td><!-- x", "<table><tr><td><![CDATA[x", "<table><tr><td><!x", "<table><tr><td></", "<table <tr",
     "<table><tr><td><?php", "<table><tr><td><script>x", "<table>" + "<tr><td>x" * 2000, "<table><td " * 500,
     "\x00<table>", '<table><tr><td>x <y z="'],
)
def test_odd_markup_never_raises(content: str) -> None:
    for table in read_html_tables(content, 1, [content]):
        assert all(len(row.cells) == len(table.header) for row in table.rows)


def test_read_html_tables_counts_lines_from_the_block_start() -> None:
    content = "<table>\n<tr><th>A</th></tr>\n\n<tr><td>1</td></tr>\n</table>\n"
    source = ["# T", ""] + content.splitlines()
    (table,) = read_html_tables(content, 3, source)
    assert shape(table) == (3, ["A"], [(6, ["1"], 1)])
    assert table.rows[0].cells[0].column == 9
