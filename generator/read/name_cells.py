"""What a table's variable cell names: one variable, aliases, a templated name, or nothing settable."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
ENV_STYLE = re.compile(r"[A-Z_][A-Z0-9_]*")
# STORAGE_<LOCATION>_ROOT, OIDC_{PROVIDER}_CLIENT_ID, STORAGE_${NAME}_ROOT, STORAGE_*_ROOT
_PLACEHOLDER = re.compile(r"\$?\{([A-Za-z0-9_ -]+)\}|<([A-Za-z0-9_ -]+)>|\*")
_TEMPLATED = re.compile(r"<[A-Za-z0-9_ -]+>|\{[A-Za-z0-9_ -]+\}|_\*(?:_|$)|^\*_")  # a `*` only between parts
_FOOTNOTES = re.compile(r"\[\^?[^\]]*\]$|\\?\*\d*$|\(\d+\)$")
_ANNOTATION = re.compile(r"\s+\([^)]*\)$")  # FOO (deprecated)
# Material for MkDocs badges: `:octicons-tag-24: v2.0.0`, `:material-flask: experimental`.
_BADGE = re.compile(r":[a-z0-9_+-]+:(?:\s*(v?\d+(?:\.\d+)+\S*))?")
_ALIAS_SPLIT = re.compile(r"\s*,\s*|\s+or\s+|\s*/\s*")
_NOT_SETTABLE = re.compile(
    r"(?i)^(?:[-–—]+|n/?a|none|\(none\)|not\s+(?:available|settable|supported|configurable)\b.*|"
    r".*\b(?:cannot|can't|can not)\s+be\s+set\b.*|.*\bconfig(?:uration)?[- ]file\s+only\b.*|"
    r"(?:file|ui|config)\s+only\b.*|no\s+env(?:ironment)?(?:\s+var(?:iable)?)?)$"
)


@dataclass(frozen=True, slots=True)
class NameCell:
    kind: str  # "variable", "template", "unsupported template", "empty", "not settable" or "other"
    names: tuple[str, ...]  # the canonical name first, then its aliases; a template's normalised pattern
    placeholder: str | None  # a template's placeholder ("" for a bare `*`)
    marker: str | None  # a symbol after the name (⚠️), which a legend on the page may explain
    since: str | None  # a version badge in the cell
    text: str  # the first line, cleaned, as shown in diagnostics


def read_name_cell(text: str) -> NameCell:
    """Only the first line names the variable; later lines (after a <br>) annotate it, as badges do."""
    since = next((m.group(1) for m in _BADGE.finditer(text) if m.group(1)), None)
    first = text.split("\n", 1)[0]
    first = _BADGE.sub("", first)
    first, marker = split_marker(first.strip())
    if _TEMPLATED.search(first):
        return _template(first, marker, since)
    first = _FOOTNOTES.sub("", first).strip()
    if not first:
        return NameCell("empty", (), None, marker, since, first)
    if not NAME.fullmatch(first) and NAME.fullmatch(_ANNOTATION.sub("", first)):
        first = _ANNOTATION.sub("", first)
    parts = [p.strip().strip("`") for p in _ALIAS_SPLIT.split(first)]
    if all(NAME.fullmatch(p) for p in parts):
        return NameCell("variable", tuple(dict.fromkeys(parts)), None, marker, since, first)
    if _NOT_SETTABLE.match(first):
        return NameCell("not settable", (), None, marker, since, first)
    return NameCell("other", (), None, marker, since, first)


def _template(first: str, marker: str | None, since: str | None) -> NameCell:
    found = list(_PLACEHOLDER.finditer(first))
    placeholder = ""
    for match in found:
        inner = next((g for g in match.groups() if g), "")
        placeholder = re.sub(r"[^A-Z0-9]+", "_", inner.upper()).strip("_")
    pattern = _PLACEHOLDER.sub(lambda m: "\0", first)
    kind = "template" if len(found) == 1 and NAME.fullmatch(pattern.replace("\0", "X")) else "unsupported template"
    normalised = pattern.replace("\0", f"<{placeholder}>")
    return NameCell(kind, (normalised,), placeholder, marker, since, first)


def split_marker(text: str) -> tuple[str, str | None]:
    """`FOO ⚠️` -> ("FOO", "⚠"): a trailing run of symbols, normalised without variation selectors."""
    end = len(text)
    while end > 0 and _is_symbol(text[end - 1]):
        end -= 1
    marker = text[end:].replace("\ufe0f", "").replace("\u200d", "").strip()
    return text[:end].rstrip(), marker or None


def leading_marker(text: str) -> tuple[str, str | None]:
    """`❗️ Required for ...` -> ("Required for ...", "❗"): a symbol that opens a description."""
    start = 0
    while start < len(text) and _is_symbol(text[start]):
        start += 1
    marker = text[:start].replace("\ufe0f", "").replace("\u200d", "").strip()
    if not marker:
        return text, None
    return text[start:].lstrip(), marker


def _is_symbol(char: str) -> bool:
    return char in "\ufe0f\u200d" or unicodedata.category(char) == "So"


def symbols_in(text: str) -> list[str]:
    """Every symbol run in `text`, normalised like markers are."""
    runs = re.findall(r"[^\w\s,.;:()\[\]\"'`=*_-]+", text)
    return [m for m in (r.replace("\ufe0f", "").replace("\u200d", "").strip() for r in runs)
            if m and all(_is_symbol(c) for c in m)]
