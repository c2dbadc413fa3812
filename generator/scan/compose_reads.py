"""Docker Compose files: what a service sets (`environment:`) and what the file reads (`${X}`).

`environment:` may be a list (`- X=1`, `- X`, items even at the key's own indentation), a map
(`X: 1`, `X:`), or a flow collection (`[X=1, Y]`, `{X: 1}`); each name is set. Compose fills
`${X}`, `${X:-default}`, `${X:?error}` and `$X` anywhere in the file from the host environment or
`.env`, so each is a read; `$$` is an escaped dollar. Comments are skipped, block scalar text is
not a comment even after a `#`.
"""

from __future__ import annotations

import re

from .found import READ, SET, Found
from .lexing import one_line
from .yaml_lines import BlockScalars, Line, comment_at, flow_entries, lines, list_item, scalar, split_key

_INTERPOLATION = re.compile(r"\$(?:\$|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")
_ENVIRONMENT = re.compile(
    r"""^(?P<lead>[ \t]*(?:-[ \t]+)*)(?:environment|"environment"|'environment')[ \t]*:(?=[ \t\r]|$)(?P<rest>[^\n]*)""",
    re.M,
)
_ANCHOR = re.compile(r"[ \t]*(?:&[^ \t]*[ \t]*)?")  # `environment: &common` names the block that follows
_MERGE_KEY = "<<"


def find(text: str) -> list[Found]:
    has_environment, has_dollar = "environment" in text, "$" in text
    if not has_environment and not has_dollar:
        return []
    scalars = BlockScalars(text)
    found = _interpolations(text, scalars) if has_dollar else []
    if has_environment:
        found.extend(_environments(text, scalars))
    return sorted(found, key=lambda f: f.offset)


def _interpolations(text: str, scalars: BlockScalars) -> list[Found]:
    """`${X}` and `$X` outside comments. Matches come in order, so each line is examined once."""
    found: list[Found] = []
    line_end = code_end = -1
    line_start, statement = 0, ""
    for m in _INTERPOLATION.finditer(text):
        name = m.group("braced") or m.group("bare")
        if name is None:  # `$$`
            continue
        if m.start() >= line_end:
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.start())
            line_end = len(text) if line_end < 0 else line_end
            in_scalar = scalars.end_of(line_start) > line_start
            code_end = line_end if in_scalar else line_start + comment_at(text[line_start:line_end])
            statement = one_line(text[line_start:code_end])
        if m.start() < code_end:
            at = m.start("braced") if m.group("braced") else m.start("bare")
            found.append(Found(at, name, READ, statement))
    return found


def _environments(text: str, scalars: BlockScalars) -> list[Found]:
    found: list[Found] = []
    for m in _ENVIRONMENT.finditer(text):
        if scalars.end_of(m.start()) > m.start():
            continue  # `environment:` written in a block scalar's text
        key_column = len(m.group("lead"))
        rest = m.group("rest")
        after_anchor = _ANCHOR.match(rest)
        assert after_anchor is not None  # the pattern matches the empty string
        value_at = after_anchor.end()
        value = rest[value_at : comment_at(rest)].rstrip()
        if value.startswith("["):
            found.extend(_flow_list(text, m.start("rest") + value_at, key_column))
        elif value.startswith("{"):
            found.extend(_flow_map(text, m.start("rest") + value_at, key_column))
        elif not value:
            found.extend(_block(text, m.end() + 1, key_column, scalars))
    return found


def _block(text: str, pos: int, key_column: int, scalars: BlockScalars) -> list[Found]:
    """The list or map under `environment:`; its first line says which."""
    found: list[Found] = []
    is_list, column = False, -1
    for line in lines(text, pos, len(text), scalars):
        item = list_item(line.code)
        if column < 0:
            if item >= 0 and line.indent >= key_column:
                is_list = True  # a list may sit at its key's indentation
            elif line.indent <= key_column:
                break
            column = line.indent
        if line.indent < column or (line.indent == column and is_list and item < 0):
            break
        if line.indent > column:
            continue  # the continuation of a multi-line value
        entry = _list_entry(line, item) if is_list else _map_entry(line) if item < 0 else None
        if entry is not None:
            found.append(entry)
    return found


def _list_entry(line: Line, item: int) -> Found | None:
    """`- X=1`, `- X`, `- "X=1"`."""
    text = line.code[item:]
    parsed = scalar(text)
    if parsed is None or text.startswith(("{", "[", "*")):
        return None
    return _named(parsed[0].split("=", 1)[0].rstrip(), line.code_at + item + parsed[1], line.code)


def _map_entry(line: Line) -> Found | None:
    """`X: 1`, `X:`, `"X": v`; a merge key (`<<: *common`) names no variable."""
    pair = split_key(line.code)
    if pair is None or pair.key == _MERGE_KEY:
        return None
    return _named(pair.key, line.code_at + pair.key_at, line.code)


def _flow_list(text: str, open_at: int, key_column: int) -> list[Found]:
    found: list[Found] = []
    for start, end in flow_entries(text, open_at, key_column):
        entry = text[start:end]
        parsed = scalar(entry)
        if parsed is not None:
            named = _named(parsed[0].split("=", 1)[0].rstrip(), start + parsed[1], entry)
            found.extend([named] if named else [])
    return found


def _flow_map(text: str, open_at: int, key_column: int) -> list[Found]:
    found: list[Found] = []
    for start, end in flow_entries(text, open_at, key_column):
        entry = text[start:end]
        pair = split_key(entry)
        key, key_at = (pair.key, pair.key_at) if pair else (scalar(entry) or ("", 0))
        named = _named(key, start + key_at, entry) if key != _MERGE_KEY else None
        found.extend([named] if named else [])
    return found


def _named(name: str, offset: int, entry: str) -> Found | None:
    """A set name; one that holds `$` is filled in when compose renders the file: unresolved."""
    if not name:
        return None
    if "$" in name:
        return Found(offset, None, SET, one_line(name))
    return Found(offset, name, SET, one_line(entry))
