"""A line-preserving pre-pass that blanks the wrapper syntax docs put around their tables.

Admonitions (`:::note`, `!!! note`), MDC and MDX/JSX components, HTML containers such as `<details>`,
Hugo shortcodes and snippet includes are not Markdown to markdown-it: left in place they swallow the
table below them into an HTML block or a paragraph. Each wrapper line becomes an empty line, so every
later line keeps its number, and each opening line yields an `Ignored` notice. Lines in fenced code
blocks, HTML comments and front matter are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Ignored:
    line: int  # 1-based source line of the wrapper
    kind: str  # "admonition", "component", "snippet include", "comment", "shortcode" or "html wrapper"
    text: str  # the wrapper line as written, stripped; a snippet include adds that its file is not read


_NEWLINE = re.compile(r"\r\n?|\n")
_QUOTE = re.compile(r" {0,3}> ?")
# Any indent opens a fence here: in a list item a fence sits deeper than the 3 spaces CommonMark allows at top level.
_FENCE = re.compile(r"([ \t]*)(`{3,}(?=[^`]*$)|~{3,})")

_ADMONITION = re.compile(r":{3,}[ \t]*(?:[A-Za-z][\w-]*.*|\{.*\})")  # :::note Title, ::: details, :::info{...}
_ADMONITION_CLOSE = re.compile(r":{3,}")
_MKDOCS = re.compile(r"(?:!!!|\?\?\?\+?) ?[\w-]+(?: +[\w-]+)*(?: +\"[^\"]*\")?[ \t]*")
_MDC_BLOCK = re.compile(r"::[A-Za-z][\w-]*(?:\[[^\]]*\])?(?:\{.*\})?")  # ::callout{icon="x"}
_MDC_INLINE = re.compile(r":[A-Za-z][\w-]*(?:\[[^\]]*\]\{.*\}|\[[^\]]*\]|\{.*\})")  # :partial{content="x"}
_MDC_CLOSE = re.compile(r"::")
_SNIPPET = re.compile(r"-{1,2}8<-{1,2}[ \t]+([\"'])(.*?)\1.*")
_SNIPPET_BLOCK = re.compile(r"-{1,2}8<-{1,2}")
_MDX_COMMENT = re.compile(r"\{/\*.*\*/\}")
# A shortcode cannot hold "}}", so each one ends at the first: no backtracking blow-up on a long line.
_SHORTCODES = re.compile(r"\{\{[<%](?:[^}]|\}(?!\}))*[>%]\}\}(?:[ \t]*\{\{[<%](?:[^}]|\}(?!\}))*[>%]\}\})*")
_SHORTCODE_OPEN = re.compile(r"\{\{[<%](?![ \t]*/)")

# One way only to read each attribute (an unquoted value cannot start with "{"): no backtracking blow-up.
_ATTR = r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\}|[^\s"'=<>`{}][^\s"'=<>`]*))?"""
_TAG = re.compile(rf"<(/?)([A-Za-z][\w.:-]*)(?:\s+{_ATTR})*\s*(/?)>")
# <summary>Title</summary> counts as one tag; its text cannot cross another summary tag: matching stays linear.
_SUMMARY = re.compile(r"<summary\b[^<>]*>(?:(?!</?summary).)*</summary\s*>", re.IGNORECASE)
_TAG_LINE = re.compile(rf"{_TAG.pattern}(?:[ \t]*{_TAG.pattern})*")
# Tags that are content or table structure, not a container: a line of them is left alone.
_KEPT_TAGS = frozenset(
    "table thead tbody tfoot tr td th caption colgroup col br hr img pre script style textarea "
    "a b strong em i u s code kbd span sup sub super small mark abbr".split()
)
_HTML_TABLE = re.compile(r"<table\b", re.IGNORECASE)

_LOOKAHEAD = 100  # how far a multi-line wrapper (YAML props, a snippet list) is looked for: keeps the pass linear


def markdown_lines(source: str) -> list[str]:
    """The lines of `source` as markdown-it numbers them: split on \\n, \\r\\n and \\r only.

    str.splitlines() also splits on \\x0b, \\x0c, \\x1c-\\x1e, \\x85, \\u2028 and \\u2029, which markdown-it
    keeps inside a line; a final line break does not start another line.
    """
    lines = _NEWLINE.split(source)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def strip_wrappers(source: str) -> tuple[str, list[Ignored]]:
    """(source with each wrapper line emptied and MkDocs admonition bodies dedented, one notice per opener).

    The result has exactly as many lines as `source`, so token line numbers still point at the source.
    """
    lines = markdown_lines(source)
    notices: list[Ignored] = []
    table_run = _html_table_runs(lines)
    fence: tuple[str, int, int, int] | None = None  # (marker char, marker length, indent, blockquote depth)
    in_comment = False
    i = _after_front_matter(lines)
    while i < len(lines):
        line = lines[i]
        i += 1
        if fence is not None:
            depth, body = _unquote(line, fence[3])
            if depth == fence[3]:
                fence = None if _closes(body, fence) else fence
                continue
            fence = None  # the blockquote holding the fence ended, and the fence with it
        if in_comment:
            in_comment = "-->" not in line
            continue
        depth, body = _unquote(line, 99)
        if opener := _FENCE.match(body):
            fence = (opener.group(2)[0], len(opener.group(2)), len(opener.group(1)), depth)
            continue
        stripped = line.strip()
        if depth or not stripped:
            continue  # wrappers are only read outside blockquotes
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped[4:]
            continue
        i = _blank_wrapper(lines, i - 1, stripped, table_run[i - 1], notices)
    # Every line ends with a line break, so a last line that was blanked still counts as a line.
    return "".join(line + "\n" for line in lines), notices


def _blank_wrapper(lines: list[str], i: int, stripped: str, in_html_table: bool, notices: list[Ignored]) -> int:
    """Blank the wrapper starting at line i, if it is one; the index of the next line to read."""
    kind: str | None = None
    end = i  # last line of the wrapper
    text = stripped
    if _ADMONITION_CLOSE.fullmatch(stripped) or _MDC_CLOSE.fullmatch(stripped):
        kind = ""  # a closer: blanked, no notice
    elif _ADMONITION.fullmatch(stripped):
        kind = "admonition"
    elif _MKDOCS.fullmatch(stripped):
        _dedent_body(lines, i)
        kind = "admonition"
    elif _MDC_BLOCK.fullmatch(stripped):
        kind = "component"
        end = _yaml_props_end(lines, i)
    elif _MDC_INLINE.fullmatch(stripped):
        kind = "component"
    elif match := _SNIPPET.fullmatch(stripped):
        kind, text = "snippet include", f"{stripped} (the included file {match.group(2)} is not read)"
    elif _SNIPPET_BLOCK.fullmatch(stripped):
        end = _find(lines, i + 1, lambda s: _SNIPPET_BLOCK.fullmatch(s) is not None)
        files = [lines[j].strip() for j in range(i + 1, end) if lines[j].strip()] if end > i else []
        kind, end = "snippet include", max(end, i)
        text = f"{stripped} (the included files {', '.join(files) or 'listed below it'} are not read)"
    elif _MDX_COMMENT.fullmatch(stripped):
        kind = "comment"
    elif stripped.startswith("{/*") and "*/}" not in stripped:
        kind, end = "comment", max(i, _find(lines, i + 1, lambda s: s.endswith("*/}")))
    elif _SHORTCODES.fullmatch(stripped):
        kind = "shortcode" if _SHORTCODE_OPEN.search(stripped) else ""
    elif not in_html_table and _TAG_LINE.fullmatch(tag_line := _SUMMARY.sub("<summary>", stripped)):
        tags = [(m.group(1), m.group(2).lower()) for m in _TAG.finditer(tag_line)]
        if any(name in _KEPT_TAGS for _, name in tags):
            return i + 1
        kind = "html wrapper" if any(not closing for closing, _ in tags) else ""
    if kind is None:
        return i + 1
    if kind:
        notices.append(Ignored(i + 1, kind, text))
    for j in range(i, end + 1):
        lines[j] = ""
    return end + 1


def _dedent_body(lines: list[str], i: int) -> None:
    """Move an MkDocs admonition's body (the lines indented 4 spaces or a tab past it) out one level."""
    indent = len(lines[i]) - len(lines[i].lstrip(" \t"))
    for j in range(i + 1, len(lines)):
        line = lines[j]
        if not line.strip(" \t"):
            continue  # blank lines belong to the body
        if line[:indent].strip(" \t"):
            return
        if line[indent : indent + 4] == "    ":
            lines[j] = line[:indent] + line[indent + 4 :]
        elif line[indent : indent + 1] == "\t":
            lines[j] = line[:indent] + line[indent + 1 :]
        else:
            return


def _yaml_props_end(lines: list[str], i: int) -> int:
    """An MDC block may give its props as a `---` YAML block on the next lines: part of the wrapper."""
    if i + 1 < len(lines) and lines[i + 1].strip() == "---":
        return max(i, _find(lines, i + 2, lambda s: s == "---"))
    return i


def _find(lines: list[str], start: int, matches: Callable[[str], bool]) -> int:
    """Index of the first of the next _LOOKAHEAD lines whose stripped text matches, else -1."""
    for j in range(start, min(len(lines), start + _LOOKAHEAD)):
        if matches(lines[j].strip()):
            return j
    return -1


def _unquote(line: str, limit: int) -> tuple[int, str]:
    """(how many blockquote markers, up to `limit`, start the line; the line without them)."""
    depth = 0
    while depth < limit and (match := _QUOTE.match(line)):
        line = line[match.end() :]
        depth += 1
    return depth, line


def _closes(body: str, fence: tuple[str, int, int, int]) -> bool:
    """A closing fence: up to 3 spaces in, or, for a fence indented deeper (in a list item), up to 3 past it."""
    char, length, indent, _ = fence
    stripped = body.lstrip(" ")
    return (
        len(body) - len(stripped) <= (3 if indent <= 3 else indent + 3)
        and stripped.startswith(char * length)
        and not stripped.rstrip(" \t").strip(char)
    )


def _html_table_runs(lines: list[str]) -> list[bool]:
    """For each line: is it in a run of non-blank lines holding an HTML <table>?

    markdown-it reads such a run as one HTML block; blanking a container line in it (a `<div>` above
    the table, a `<p>` inside a cell) would cut the table apart, so those runs are left whole.
    """
    flags = [False] * len(lines)
    start = 0
    for j in range(len(lines) + 1):
        if j == len(lines) or not lines[j].strip(" \t"):
            if any(_HTML_TABLE.search(lines[k]) for k in range(start, j)):
                flags[start:j] = [True] * (j - start)
            start = j + 1
    return flags


def _after_front_matter(lines: list[str]) -> int:
    """Index of the first line after YAML front matter (as mdit_py_plugins reads it), else 0."""
    if not lines or not lines[0].startswith("---"):
        return 0
    marker = len(lines[0]) - len(lines[0].lstrip("-"))
    for j in range(1, len(lines)):
        line = lines[j].rstrip(" ")
        if line == "..." or (line.startswith("-" * marker) and not line.strip("-")):
            return j + 1
    return 0
