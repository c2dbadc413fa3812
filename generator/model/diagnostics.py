"""Findings about a doc, collected as values and reported all at once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

SEVERITIES = ("error", "warning", "info")
_SEVERITY_COLOURS = {"error": "31;1", "warning": "33", "info": "2"}  # red bold, yellow, dim

# Every code docenv reports, with a one-line summary (the README's lint table is built from this).
CODES: dict[str, str] = {
    "DV001": "table has no variable column and was skipped",
    "DV002": "column header not understood; the column is ignored",
    "DV003": "row has a different number of cells than its header; read as far as it goes",
    "DV004": "table's name column holds no environment-variable names (ports, drivers...); skipped",
    "DV005": "wrapper (admonition, MDX/JSX component, snippet include, shortcode) ignored",
    "DV006": "text glued under a table: appended to the row it continues, or ignored",
    "DV007": "no header names the variable column; the column whose cells are environment names was taken",
    "DV008": "a column of upper-case words without a variable header lacks the evidence of a variable table; skipped",
    "DV101": "not a valid environment-variable name",
    "DV102": "same variable twice in one section with entries that agree; merged",
    "DV103": "same variable twice in one section with conflicting entries",
    "DV104": "same variable documented with different defaults in different sections",
    "DV105": "required variable also has a default; the default is not applied",
    "DV106": "default is prose, not a value; no default is applied",
    "DV107": "default is not valid for the inferred type; a looser type is used",
    "DV108": "required-if names a variable the section does not document",
    "DV109": "default refers to a variable the doc does not document",
    "DV110": "templated name with more than one placeholder; the row is skipped",
    "DV111": "required cell not understood; the variable is treated as optional",
    "DV112": "an override in the settings matches nothing or contradicts the doc",
    "DV113": "a default refers to a variable whose own default is not a valid value here",
    "DV114": "row names no environment variable (empty, or not settable from the environment)",
    "DV115": "same variable under two sub-headings with different defaults, types or required; merged loosely",
    "DV116": "templated names share a prefix but name their placeholder differently; read as one family",
    "DV117": "marker beside a name is not explained by a legend on the page; ignored",
    "DV118": "a _FILE twin names a variable the doc does not document; ignored",
    "DV119": "a row `docenv fix` added still has its placeholder description",
    "DV201": "variable name clashes with another once made a Python identifier; renamed",
    "DV202": "variable would take a Helm values key already taken; renamed",
    "DV203": "variable name clashes with another once made a Go field name; renamed",
    "DV301": "scan: code reads (or a deployment file sets) a variable the doc does not document",
    "DV302": "scan: a documented variable that no code reads",
    "DV303": "scan: a read whose name is built at run time; not checked",
}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    severity: str
    message: str

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }

    def to_text(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.severity}: {self.message}"

    def to_github(self) -> str:
        # GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands
        level = {"error": "error", "warning": "warning", "info": "notice"}[self.severity]
        message = _github_escape(f"{self.code}: {self.message}")
        path = _github_escape_property(self.path)
        return f"::{level} file={path},line={self.line},col={self.column}::{message}"


def sort_key(diag: Diagnostic) -> tuple[str, int, int, str, str]:
    return (diag.path, diag.line, diag.column, diag.code, diag.message)


def format_all(diagnostics: Iterable[Diagnostic], fmt: str, colour: bool = False) -> str:
    """Every diagnostic, sorted; `colour` paints the severity of text lines (for a terminal)."""
    diags = sorted(diagnostics, key=sort_key)
    if fmt == "json":
        return json.dumps([d.to_json() for d in diags], indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return "".join(d.to_github() + "\n" for d in diags)
    if colour:
        return "".join(paint_severity(d.to_text(), d.severity) + "\n" for d in diags)
    return "".join(d.to_text() + "\n" for d in diags)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_escape_property(text: str) -> str:
    return _github_escape(text).replace(":", "%3A").replace(",", "%2C")


def paint_severity(line: str, severity: str) -> str:
    """`path:1:2: CODE error: message` with the severity word coloured."""
    code = _SEVERITY_COLOURS.get(severity)
    marker = f" {severity}:"
    if code is None or marker not in line:
        return line
    return line.replace(marker, f" \x1b[{code}m{severity}\x1b[0m:", 1)
