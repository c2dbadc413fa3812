"""`docenv diff OLD NEW` from arguments to exit code: read both docs, compare, print the report."""

from __future__ import annotations

import sys

from ..generate.parse import parse_document
from ..model.diagnostics import sort_key
from ..model.errors import DocenvError
from ..read.builder import ParseResult
from .compare import compare
from .formats import FORMATS, render
from .sources import read_side

EXIT_OK, EXIT_BREAKING = 0, 1


def run(old: str, new: str, fmt: str, fail_on_breaking: bool, section_level: int | None,
        file_twins: bool) -> int:
    """Print the report on stdout; 1 when `fail_on_breaking` and a change is breaking, else 0.

    A doc with errors (a conflicting duplicate row...) is still compared as far as it could be
    read; its errors go to stderr. Unreadable input raises DocenvError.
    """
    if fmt not in FORMATS:
        raise DocenvError(f"unknown diff format {fmt!r}; use one of {', '.join(FORMATS)}")
    before = _parse(old, section_level, file_twins)
    after = _parse(new, section_level, file_twins)
    report = compare(before.document, after.document, old, new)
    sys.stdout.write(render(report, fmt))
    return EXIT_BREAKING if fail_on_breaking and report.breaking else EXIT_OK


def _parse(argument: str, section_level: int | None, file_twins: bool) -> ParseResult:
    side = read_side(argument)
    result = parse_document(side.text, side.shown, section_level, file_twins)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if errors:
        for diag in sorted(errors, key=sort_key):
            print(diag.to_text(), file=sys.stderr)
        print(f"docenv diff: {side.shown} has {len(errors)} error(s) (see `docenv lint`); the comparison uses "
              "what could be read", file=sys.stderr)
    return result
