"""Wrapper syntax around tables (admonitions, components, HTML containers, shortcodes) is blanked line for line."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docenv.read.blocks import Block, Heading, Table
from docenv.read.markdown import FenceNotClosed, parse_blocks
from docenv.read.wrappers import Ignored
from docenv.read.wrappers import markdown_lines, strip_wrappers

TABLE = "| Variable | Default |\n| --- | --- |\n| `PORT` | `8080` |\n"


def tables(blocks: list[Block]) -> list[tuple[int, list[str], list[tuple[int, list[str], int]]]]:
    """(line, header texts, [(row line, cell texts, written cells)]) of each table."""
    return [
        (b.line, [c.text for c in b.header], [(r.line, [c.text for c in r.cells], r.written_cells) for r in b.rows])
        for b in blocks
        if isinstance(b, Table)
    ]


def notices(blocks: list[Block]) -> list[tuple[int, str, str]]:
    return [(b.line, b.kind, b.text) for b in blocks if isinstance(b, Ignored)]


def lines(*parts: str) -> str:
    """A doc from its lines (TABLE counts as its three)."""
    return "".join(part if part.endswith("\n") else part + "\n" for part in parts)


def blanked(source: str, lines: list[int]) -> str:
    """`source` with the given 1-based lines emptied by hand."""
    return "".join("\n" if n in lines else line + "\n" for n, line in enumerate(markdown_lines(source), 1))


def assert_blanked(doc: str, wrapper_lines: list[int]) -> list[Block]:
    """The doc reads exactly as if its wrapper lines were empty: same blocks, same line numbers."""
    blocks = parse_blocks(doc)
    assert [b for b in blocks if not isinstance(b, Ignored)] == parse_blocks(blanked(doc, wrapper_lines))
    new_source, _ = strip_wrappers(doc)
    assert len(markdown_lines(new_source)) == len(markdown_lines(doc))
    return blocks


PORT_ROW = [(7, ["PORT", "8080"], 2)]


@pytest.mark.parametrize(
    "opener", [":::note", ":::tip Title", "::: details Title", ':::info{title="x"}', "::::warning"]
)
def test_docusaurus_admonition_is_blanked_and_its_table_found(opener: str) -> None:
    doc = f"# Config\n\n{opener}\n\n{TABLE}\n- a list item\n  :::\n\n## After\n"
    blocks = assert_blanked(doc, [3, 10])
    assert tables(blocks) == [(5, ["Variable", "Default"], PORT_ROW)]
    assert notices(blocks) == [(3, "admonition", opener)]  # the indented closer gives no notice
    assert Heading(12, 2, "After") in blocks


def test_admonition_with_no_blank_line_before_its_table() -> None:
    doc = f"# Config\n\n\n:::info\n{TABLE}:::\n"
    blocks = assert_blanked(doc, [4, 8])
    assert tables(blocks) == [(5, ["Variable", "Default"], PORT_ROW)]


def test_mdc_block_component_and_inline_component() -> None:
    doc = lines(':partial{content="config-env-vars"}', "", '::callout{icon="i-lucide-info"}', "", TABLE, "", "::", "",
                "::callout", "A note.", "::")
    blocks = assert_blanked(doc, [1, 3, 9, 11, 13])
    assert tables(blocks) == [(5, ["Variable", "Default"], PORT_ROW)]
    assert notices(blocks) == [
        (1, "component", ':partial{content="config-env-vars"}'),
        (3, "component", '::callout{icon="i-lucide-info"}'),
        (11, "component", "::callout"),
    ]


def test_mdc_yaml_props_are_part_of_the_wrapper() -> None:
    doc = f"::callout\n---\nicon: i-lucide-info\n---\n{TABLE}::\n"
    blocks = assert_blanked(doc, [1, 2, 3, 4, 8])
    assert [b for b in blocks if isinstance(b, Heading)] == []  # not a setext heading "icon: ..."
    assert tables(blocks) == [(5, ["Variable", "Default"], [(7, ["PORT", "8080"], 2)])]
    assert notices(blocks) == [(1, "component", "::callout")]


def test_snippet_include_says_the_file_is_not_read() -> None:
    doc = f'# Logs\n\n--8<-- "_snippets/common.md"\n\n{TABLE}'
    blocks = assert_blanked(doc, [3])
    assert notices(blocks) == [(3, "snippet include", '--8<-- "_snippets/common.md" (the included file '
                                "_snippets/common.md is not read)")]
    assert tables(blocks) == [(5, ["Variable", "Default"], PORT_ROW)]


def test_snippet_block_lists_its_files() -> None:
    doc = f"--8<--\na.md\nb.md\n--8<--\n{TABLE}"
    blocks = assert_blanked(doc, [1, 2, 3, 4])
    assert notices(blocks) == [(1, "snippet include", "--8<-- (the included files a.md, b.md are not read)")]
    assert [b for b in blocks if not isinstance(b, (Ignored, Table))] == []


def test_mdx_tabs_are_blanked() -> None:
    doc = lines("<Tabs>", '<TabItem value="a" label="A">', "", TABLE, "", "</TabItem>", '<TabItem value="b">', TABLE,
                "</TabItem>", "</Tabs>")
    blocks = assert_blanked(doc, [1, 2, 8, 9, 13, 14])
    assert tables(blocks) == [
        (4, ["Variable", "Default"], [(6, ["PORT", "8080"], 2)]),
        (10, ["Variable", "Default"], [(12, ["PORT", "8080"], 2)]),
    ]
    assert notices(blocks) == [
        (1, "html wrapper", "<Tabs>"),
        (2, "html wrapper", '<TabItem value="a" label="A">'),
        (9, "html wrapper", '<TabItem value="b">'),
    ]


def test_table_right_after_details_is_found() -> None:
    # markdown-it reads <details> and every line up to a blank one as one HTML block: the table was lost.
    doc = f"# Config\n\n<details>\n<summary>All variables</summary>\n{TABLE}</details>\n\n## Next\n"
    blocks = assert_blanked(doc, [3, 4, 8])
    assert tables(blocks) == [(5, ["Variable", "Default"], PORT_ROW)]
    assert notices(blocks) == [
        (3, "html wrapper", "<details>"),
        (4, "html wrapper", "<summary>All variables</summary>"),
    ]
    assert blocks[-1] == Heading(10, 2, "Next")


@pytest.mark.parametrize(
    "opener, closer",
    [('<Callout type="info">', "</Callout>"), ('<div markdown="1">', "</div>"), ("<section>", "</section>"),
     ("<details open><summary>More</summary>", "</details>"), ('<Note title="x" />', "</Tabs></TabItem>"),
     ("<p>", "</p>")],
)
def test_html_container_lines_are_blanked(opener: str, closer: str) -> None:
    doc = f"{opener}\n{TABLE}{closer}\n"
    blocks = assert_blanked(doc, [1, 5])
    assert tables(blocks) == [(2, ["Variable", "Default"], [(4, ["PORT", "8080"], 2)])]
    assert notices(blocks) == [(1, "html wrapper", opener)]


def test_mdx_comment_lines() -> None:
    doc = f"{{/* prettier-ignore */}}\n{TABLE}\n{{/*\n  a longer comment\n*/}}\n"
    blocks = assert_blanked(doc, [1, 6, 7, 8])
    assert notices(blocks) == [(1, "comment", "{/* prettier-ignore */}"), (6, "comment", "{/*")]
    assert tables(blocks) == [(2, ["Variable", "Default"], [(4, ["PORT", "8080"], 2)])]


def test_hugo_shortcodes() -> None:
    doc = lines("{{< tabs >}}", '{{< tab "Docker" >}}', "", TABLE, "", "{{< /tab >}}", "{{% notice %}}", "Text.",
                "{{% /notice %}}")
    blocks = assert_blanked(doc, [1, 2, 8, 9, 11])
    assert notices(blocks) == [(1, "shortcode", "{{< tabs >}}"), (2, "shortcode", '{{< tab "Docker" >}}'),
                               (9, "shortcode", "{{% notice %}}")]
    assert tables(blocks) == [(4, ["Variable", "Default"], [(6, ["PORT", "8080"], 2)])]


@pytest.mark.parametrize("opener", ['!!! note "Title"', "??? info", "???+ tip"])
def test_mkdocs_admonition_body_is_dedented(opener: str) -> None:
    body = "".join("    " + line + "\n" for line in TABLE.splitlines())
    doc = f"# Config\n\n{opener}\n{body}\n    More text.\n\nAfter.\n"
    blocks = parse_blocks(doc)
    assert tables(blocks) == [(4, ["Variable", "Default"], [(6, ["PORT", "8080"], 2)])]
    assert notices(blocks) == [(3, "admonition", opener)]
    # Columns point at the source as written, indent and all.
    table = next(b for b in blocks if isinstance(b, Table))
    assert [c.column for c in table.rows[0].cells] == [7, 16]
    assert [(b.line, b.text) for b in blocks if hasattr(b, "code_spans")] == [(8, "More text."), (10, "After.")]


def test_mkdocs_admonition_with_a_tab_and_inside_a_list() -> None:
    doc = lines("!!! note", "\t| A | B |", "\t|---|---|", "\t| 1 | 2 |", "", "- item", "", "    !!! tip",
                "        | C | D |", "        |---|---|")
    blocks = parse_blocks(doc)
    assert tables(blocks) == [(2, ["A", "B"], [(4, ["1", "2"], 2)]), (9, ["C", "D"], [])]
    assert notices(blocks) == [(1, "admonition", "!!! note"), (8, "admonition", "!!! tip")]


@pytest.mark.parametrize(
    "title", ['## Storage <Badge type="tip" text="v2" />', '## Storage <Badge type="tip">v2</Badge>']
)
def test_badges_are_dropped_from_headings(title: str) -> None:
    assert parse_blocks(f"{title}\n") == [Heading(1, 2, "Storage")]


WRAPPED = ':::note\n<details>\n!!! note\n    x\n::callout\n{{< tab "x" >}}\n| A | B |\n|---|---|\n| 1 | 2 |\n:::\n'


@pytest.mark.parametrize(
    "opening, inner, closing",
    # `inner` is a fence line that does not close this fence: other marker, shorter, or too indented
    [("```", "~~~", "```"), ("~~~", "```", "~~~"), ("````md", "```", "````"), ("   ```", "    ```", "  ```"),
     ("~~~~", "~~~", "~~~~~")],
)
def test_fenced_code_is_never_touched(opening: str, inner: str, closing: str) -> None:
    doc = f"# Code\n\n{opening}\n{inner}\n{WRAPPED}{closing}\n\nAfter.\n"
    new_source, found = strip_wrappers(doc)
    assert new_source == doc and found == []
    blocks = parse_blocks(doc)
    assert tables(blocks) == [] and notices(blocks) == []
    assert [b.line for b in blocks] == [1, 17]


def test_fence_in_a_blockquote_is_untouched_and_ends_with_it() -> None:
    quoted = "".join("> " + line + "\n" for line in WRAPPED.splitlines())
    doc = f"> ```\n{quoted}> ```\n\n:::note\n{TABLE}:::\n\n> ```\n> :::note\n\n:::tip\n"
    new_source, found = strip_wrappers(doc)
    assert markdown_lines(new_source)[:12] == markdown_lines(doc)[:12]
    assert [(n.line, n.text) for n in found] == [(14, ":::note"), (23, ":::tip")]
    assert tables(parse_blocks(doc)) == [(15, ["Variable", "Default"], [(17, ["PORT", "8080"], 2)])]


def test_what_is_never_blanked() -> None:
    doc = (
        "<!-- a comment -->\n<!--\n:::note\n<details>\n-->\n<table>\n<tr><td>x</td></tr>\n</table>\n<br>\n<hr/>\n"
        "<img src=\"a.png\">\n<a href=\"x\">\n> :::note\n    ::\n---\n"
    )
    new_source, found = strip_wrappers(doc)
    assert markdown_lines(new_source) == markdown_lines(doc)[:13] + ["", "---"]
    assert found == []


def test_html_table_run_is_left_whole() -> None:
    # Blanking the <div> would leave the indented table as a code block.
    doc = "<div>\n    <table>\n    <tr><th>Variable</th></tr>\n    <tr><td>PORT</td></tr>\n    </table>\n</div>\n"
    new_source, found = strip_wrappers(doc)
    assert new_source == doc and found == []
    assert tables(parse_blocks(doc)) == [(2, ["Variable"], [(4, ["PORT"], 1)])]


def test_front_matter_is_untouched() -> None:
    doc = "---\ntitle: x\nnote: <div>\n::\n---\n\n:::note\n"
    new_source, found = strip_wrappers(doc)
    assert markdown_lines(new_source) == markdown_lines(doc)[:6] + [""]
    assert found == [Ignored(7, "admonition", ":::note")]


@pytest.mark.parametrize("odd", ["\x0c", "\u2028", "\x85", "\x1e", "\x0b"])
def test_cells_holding_characters_that_splitlines_splits_on(odd: str) -> None:
    # markdown-it splits lines on \n and \r only: so must the lines a row's cells are counted on.
    doc = f"| A | B |\n|---|---|\n| x{odd}y | z |\n| p | q | r |\n"
    (table,) = [b for b in parse_blocks(doc) if isinstance(b, Table)]
    assert [(r.line, r.written_cells, [c.column for c in r.cells]) for r in table.rows] == [
        (3, 2, [3, 9]),
        (4, 3, [3, 7]),
    ]
    assert markdown_lines(f"a{odd}b\r\nc\rd\n") == [f"a{odd}b", "c", "d"]


LINES = [":::", ":::note", "::", "::callout", "---", "!!! note", "    | a |", "\t| b |", "| a | b |", "|---|---|",
         "<details>", "</details>", "<summary>x</summary>", "<table>", "<tr><td>x", "</table>", "<!--", "-->",
         "```", "~~~", "> ```", "{/*", "*/}", "{{< x >}}", "--8<--", '--8<-- "a"', "", "  :::", "x\x0cy", "- item",
         "<td colspan=2>", "# h", "<Badge>v</Badge>", "text"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=30), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_any_mix_keeps_every_line_and_never_raises(lines: list[str], newline: str, final: bool) -> None:
    doc = newline.join(lines) + (newline if final else "")
    new_source, found = strip_wrappers(doc)
    assert len(markdown_lines(new_source)) == len(markdown_lines(doc))
    assert all(1 <= n.line <= len(lines) for n in found)
    try:
        blocks = parse_blocks(doc)
    except FenceNotClosed:
        return
    assert parse_blocks(doc) == blocks  # deterministic
    assert all(1 <= b.line <= max(1, len(lines)) for b in blocks)
