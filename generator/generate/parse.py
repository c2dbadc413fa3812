"""A doc, read and linted with the rules of the outputs it is made into: what every command starts from."""

from __future__ import annotations

from ..model.lint import lint_document
from ..read import overrides
from ..read.builder import ParseResult, build
from ..read.sources import read_doc
from .outputs import DEFAULT_OUTPUTS, lint_rules
from .project import DocSettings


def parse_document(source: str, path: str, section_level: int | None = None, file_twins: bool = False,
                   outputs: tuple[str, ...] = DEFAULT_OUTPUTS) -> ParseResult:
    """Build the model of `source` (the doc at `path`) and run every lint rule over it: the model's own
    and those of `outputs`."""
    result = build(source, path, section_level, file_twins)
    result.diagnostics.extend(lint_document(result.document, lint_rules(outputs)))
    return result


def parse_configured(doc: DocSettings, origin: str) -> ParseResult:
    """Read and parse one configured doc, with its overrides applied."""
    text = read_doc(str(doc.path), doc.display)
    result = parse_document(text, doc.display, doc.section_level, doc.file_twins, doc.outputs)
    if doc.overrides:
        result.document, found = overrides.apply(result.document, doc.overrides, origin)
        result.diagnostics.extend(found)
    return result
