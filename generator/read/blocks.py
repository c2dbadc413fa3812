"""The blocks of a doc, as both table readers (Markdown pipe tables, HTML <table>s) give them."""

from __future__ import annotations

from dataclasses import dataclass

from .wrappers import Ignored


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # normalised: markup stripped, <br> as a line break, footnote markers gone
    raw: str  # the cell as written, without surrounding blanks
    column: int  # 1-based column of the cell's first character


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    cells: tuple[Cell, ...]
    written_cells: int  # how many cells the source line really has


@dataclass(frozen=True, slots=True)
class Table:
    line: int
    header: tuple[Cell, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    line: int
    level: int
    title: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    line: int
    text: str
    code_spans: tuple[str, ...]


Block = Heading | Paragraph | Table | Ignored
