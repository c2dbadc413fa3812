"""Add rows to a Markdown pipe table in a hand-written doc, in the table's own style, touching nothing else.

The table is read from its own lines: outer pipes or not, aligned (every line padded to the column widths, as
prettier writes tables) or compact, how cells are padded, and each line's ending. New rows follow that style;
an aligned table is re-padded so that it stays aligned (its delimiter's `:` alignment marks kept). Cell text is
escaped as GFM requires: `|` as `\\|`, inside code spans too. A table docenv cannot rewrite safely (an HTML
table, one inside an admonition, a JSX component or a block quote, rows continued on the next line) is refused
with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DELIMITER_CELL = re.compile(r"\s*:?-+:?\s*")
_WRAPPER_OPEN = re.compile(r"^\s*(?::::|!!!|\?\?\?|<[A-Za-z][\w.-]*(?:\s[^>]*)?>\s*$|\{\{<|::[a-z])")


class Refused(Exception):
    """The table cannot be edited safely; the message says why."""


@dataclass(frozen=True, slots=True)
class Style:
    outer: bool  # rows start and end with `|`
    aligned: bool  # every cell of a column has the same width
    pad: int  # spaces inside a compact cell's pipes (1: `| a |`, 0: `|a|`)
    widths: tuple[int, ...]  # an aligned table's cell widths, padding included
    newline: str


def split_row(line: str, outer: bool) -> list[str]:
    """The raw cells of a row (padding kept): split at pipes that are not escaped; code spans do not protect
    a pipe in GFM tables, so they are not looked at."""
    text = line.rstrip("\r\n")
    if outer:
        text = text.strip()
        text = text[1:] if text.startswith("|") else text
        text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    for char in text:
        if char == "|" and not escaped:
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        escaped = char == "\\" and not escaped
    cells.append("".join(current))
    return cells


def style_of(lines: list[str]) -> Style:
    """The style of a table given as its lines (header, delimiter, rows), each with its line ending."""
    header = lines[0]
    outer = header.strip().startswith("|")
    rows = [split_row(line, outer) for line in lines]
    width = len(rows[0])
    newline = header[len(header.rstrip("\r\n")):] or "\n"
    aligned = all(len(cells) == width for cells in rows) and all(
        len({len(cells[i]) for cells in rows}) == 1 for i in range(width)) and len(lines) > 2
    inner = [cell for cells in rows[2:] + rows[:1] for cell in cells[:width] if cell.strip()]
    padded = sum(cell.startswith(" ") for cell in inner)
    pad = 1 if not inner or padded * 2 >= len(inner) else 0
    widths = tuple(len(rows[0][i]) for i in range(width)) if aligned else ()
    return Style(outer, aligned, pad, widths, newline)


def refuse_unsafe(doc_lines: list[str], start: int, end: int) -> None:
    """Stop when the table at doc_lines[start:end] is not one docenv can rewrite without changing its meaning."""
    table = doc_lines[start:end]
    if start < len(doc_lines) and "<table" in doc_lines[start].lower():
        raise Refused("it is an HTML table")
    if not table:
        raise Refused("it is not a pipe table")
    if any(line[:1] in (" ", "\t", ">") for line in table):
        raise Refused("it is indented or quoted (inside a list, an admonition or a block quote)")
    if any(not line.strip() or "|" not in line for line in table):
        raise Refused("a row is continued on a line of its own")
    if _inside_wrapper(doc_lines[:start]):
        raise Refused("it sits inside an admonition, a JSX/HTML component or a shortcode")
    if len(table) < 2 or not all(_DELIMITER_CELL.fullmatch(c) for c in split_row(table[1], table[0].strip()
                                                                                   .startswith("|")) if c.strip()):
        raise Refused("its second line is not a delimiter row")


def _inside_wrapper(before: list[str]) -> bool:
    """An admonition (`:::`), a tag-only line or a shortcode opened above and not closed yet."""
    depth = 0
    fence = False
    for line in before:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        if fence:
            continue
        if stripped in (":::", "::") or re.fullmatch(r"</[A-Za-z][\w.-]*>", stripped) or stripped.startswith("{{</"):
            depth = max(0, depth - 1)
        elif _WRAPPER_OPEN.match(line) and not stripped.endswith("/>"):
            depth += 1
    return depth > 0


def with_rows(lines: list[str], new_rows: list[list[str]]) -> list[str]:
    """The table's lines with `new_rows` (cell texts, already escaped) appended in its style."""
    style = style_of(lines)
    last = lines[-1]
    ends_file = not last.endswith(("\n", "\r"))
    body = [line if line.endswith(("\n", "\r")) else line + style.newline for line in lines]
    width = len(split_row(lines[0], style.outer))
    texts = [[cell for cell in row] + [""] * (width - len(row)) for row in new_rows]
    if style.aligned:
        body = _aligned(body, texts, style, width)
    else:
        body += [_compact(row, style) + style.newline for row in texts]
    if ends_file:
        body[-1] = body[-1].rstrip("\r\n")
    return body


def _compact(cells: list[str], style: Style) -> str:
    space = " " * style.pad
    inner = "|".join(f"{space}{cell}{space}" if cell else (" " if style.pad else "") for cell in cells)
    # Without outer pipes an empty first or last cell cannot be written: GFM would take the pipe beside it for
    # an outer one and shift the cells. That row gets its outer pipes.
    if style.outer or not cells[0] or not cells[-1]:
        return f"|{inner}|"
    return inner.strip() if not style.pad else inner[style.pad:].rstrip()


def _aligned(body: list[str], texts: list[list[str]], style: Style, width: int) -> list[str]:
    """Every line re-padded to the widest cell of its column, the new rows included."""
    rows = [split_row(line, style.outer) for line in body]
    need = [max(style.widths[i], *(len(row[i]) + 2 for row in texts)) for i in range(width)]
    if tuple(need) == style.widths:
        return body + [_line([f" {cell.ljust(need[i] - 2)} " for i, cell in enumerate(row)], style) for row in texts]
    out = []
    for index, cells in enumerate(rows):
        if index == 1:
            out.append(_line([_delimiter(cell, need[i]) for i, cell in enumerate(cells)], style))
        else:
            out.append(_line([_repad(cell, need[i]) for i, cell in enumerate(cells)], style))
    return out + [_line([f" {cell.ljust(need[i] - 2)} " for i, cell in enumerate(row)], style) for row in texts]


def _line(cells: list[str], style: Style) -> str:
    inner = "|".join(cells)
    outer = style.outer or not cells[0].strip() or not cells[-1].strip()  # see _compact
    return (f"|{inner}|" if outer else inner) + style.newline


def _repad(cell: str, width: int) -> str:
    """A cell padded on the right to `width`, its leading space kept."""
    return cell + " " * (width - len(cell))


def _delimiter(cell: str, width: int) -> str:
    """`| :--- |` widened: colons where they were, dashes between."""
    text = cell.strip()
    left, right = text.startswith(":"), text.endswith(":") and len(text) > 1
    lead = cell[:len(cell) - len(cell.lstrip())]
    trail = cell[len(cell.rstrip()):]
    dashes = width - len(lead) - len(trail) - left - right
    return f"{lead}{':' if left else ''}{'-' * dashes}{':' if right else ''}{trail}"


def code_span(text: str) -> str:
    """`text` as a code span: longer backtick fences around backticks, pipes escaped (GFM reads `\\|` as a pipe
    inside a table's code span too)."""
    text = " ".join(text.split())
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") or (runs and text.strip() != text) else text
    return f"{fence}{padded}{fence}".replace("|", "\\|")


def plain(text: str) -> str:
    """Cell text: one line, pipes escaped, nothing that opens markup read differently (`<`, a leading `#`)."""
    text = " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("<", "&lt;").replace("`", "\\`").replace("*", "\\*").replace("_", "\\_")
