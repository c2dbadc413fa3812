"""Kubernetes manifests and Helm chart templates: the variables a container is given.

- `env:` lists whose items are mappings: each item's own `name:` is set, wherever it sits among
  the item's keys. The `name:` and `key:` under `valueFrom` (a Secret's or ConfigMap's name and
  key) sit deeper and are not variables. An `env:` map (a GitHub Actions workflow) is not a
  container's env: skipped.
- A document with a top-level `kind: ConfigMap` or `kind: Secret`: the keys directly under its
  top-level `data:` / `stringData:` that look like variables (`[A-Z_][A-Z0-9_]*`); other keys
  (`app.properties`) are files.
- Helm: lines made only of template actions (`{{- if }}`, `{{- end }}`, `{{- include ... }}`) do
  not count for indentation. A name written with an action (`- name: {{ $key }}`) is rendered at
  install time: unresolved. A `define` whose body is a list of env entries (name with value or
  valueFrom, the usual `_helpers.tpl` shape) is read like an `env:` list.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .found import SET, Found
from .lexing import one_line
from .yaml_lines import BlockScalars, Line, comment_at, flow_entries, lines, list_item, scalar, split_key

_ENV = re.compile(r"""^(?P<lead>[ \t]*(?:-[ \t]+)*)(?:env|"env"|'env')[ \t]*:(?=[ \t\r]|$)(?P<rest>[^\n]*)""", re.M)
_DATA = re.compile(r"^(?:data|stringData)[ \t]*:(?=[ \t\r]|$)(?P<rest>[^\n]*)", re.M)
_CONFIG_KIND = re.compile(r"""^kind[ \t]*:[ \t]*["']?(?:ConfigMap|Secret)["']?[ \t]*(?:#[^\n]*)?\r?$""", re.M)
_DOCUMENT = re.compile(r"^---", re.M)
_DEFINE = re.compile(r"""^[ \t]*\{\{-?[ \t]*define[ \t]+"[^"\n]*"[ \t]*-?\}\}[ \t]*\r?$""", re.M)
_BLOCK_ACTION = re.compile(r"\{\{-?[ \t]*(?:(?P<open>if|range|with|define|block)|end)\b")
_TEMPLATE_COMMENT_OPEN = re.compile(r"\{\{-?[ \t]*/\*")
_TEMPLATE_COMMENT_CLOSE = re.compile(r"\*/[ \t]*-?\}\}")
_ANCHOR = re.compile(r"[ \t]*(?:&[^ \t]*[ \t]*)?")
_VARIABLE_KEY = re.compile(r"[A-Z_][A-Z0-9_]*")

_NAME = "name"
_KEYS_BELOW, _NO_KEYS = -1, -2  # an item's key column when its `- ` line holds no key
_ENV_VALUE_KEYS = frozenset({"value", "valueFrom"})


@dataclass(frozen=True, slots=True)
class _Entry:
    """One direct key of a list item, placed in the file."""

    key: str
    value: str
    value_at: int  # offset of `value` in the file
    statement: str  # the source it was written in, for the report


def find(text: str) -> list[Found]:
    has_env = "env" in text
    has_data = "kind" in text and ("data" in text or "Data" in text)
    has_define = "define" in text
    if not (has_env or has_data or has_define):
        return []
    if "/*" in text:
        text = _blank_template_comments(text)
    scalars = BlockScalars(text)
    found: list[Found] = []
    if has_env:
        found.extend(_env_lists(text, scalars))
    if has_data:
        found.extend(_config_data(text, scalars))
    if has_define:
        found.extend(_defined_env_lists(text, scalars))
    return sorted(found, key=lambda f: f.offset)


def _blank_template_comments(text: str) -> str:
    """`{{/* ... */}}` replaced by blanks (newlines kept), so offsets stay those of the file."""
    pieces: list[str] = []
    done = 0
    for opening in _TEMPLATE_COMMENT_OPEN.finditer(text):
        if opening.start() < done:
            continue
        closing = _TEMPLATE_COMMENT_CLOSE.search(text, opening.end())
        if closing is None:
            break  # no later comment can close either
        comment = text[opening.start() : closing.end()]
        pieces += [text[done : opening.start()], re.sub(r"[^\n]", " ", comment)]
        done = closing.end()
    return "".join(pieces) + text[done:] if pieces else text


# ---- env lists ---------------------------------------------------------------------------------


def _env_lists(text: str, scalars: BlockScalars) -> list[Found]:
    found: list[Found] = []
    for m in _ENV.finditer(text):
        if scalars.end_of(m.start()) > m.start():
            continue  # written in a block scalar's text (a file in a ConfigMap)
        rest = m.group("rest")
        anchor = _ANCHOR.match(rest)
        assert anchor is not None  # the pattern matches the empty string
        value = rest[anchor.end() : comment_at(rest)].rstrip()
        if value.startswith("["):
            items = _flow_items(text, m.start("rest") + anchor.end(), len(m.group("lead")))
        elif not value:
            items = _block_items(text, m.end() + 1, len(text), len(m.group("lead")), scalars)
        else:
            continue  # `env: {{ toYaml .Values.env }}`, an alias
        found.extend(f for item in items if (f := _name_of(item)) is not None)
    return found


def _block_items(text: str, pos: int, end: int, key_column: int, scalars: BlockScalars) -> list[dict[str, _Entry]]:
    """The items of the block list starting at `pos`, each as its direct keys.

    A key belongs to an item when it is at the item's content column: on the `- ` line or
    below it at the same indentation. Deeper lines (under `valueFrom:`) are not the item's.
    An empty list is returned when the first line is no list item (an `env:` map).
    """
    items: list[dict[str, _Entry]] = []
    list_column = content_column = -1
    for line in lines(text, pos, end, scalars, templates=True):
        item = list_item(line.code)
        if list_column < 0:
            if item < 0 or line.indent < key_column:
                break
            list_column = line.indent
        if line.indent < list_column or (line.indent == list_column and item < 0):
            break
        if line.indent == list_column:
            items.append({})
            content_column = _start_item(text, line, item, items[-1])
        elif content_column == _KEYS_BELOW:
            content_column = line.indent  # `-` alone on its line: the keys follow below
        if line.indent == content_column:
            _add_key(line.code, line.code_at, line.code, items[-1])
    return items


def _start_item(text: str, line: Line, item: int, entries: dict[str, _Entry]) -> int:
    """Read the `- ` line of an item; return the column of the item's keys below it."""
    content = line.code[item:]
    if not content:
        return _KEYS_BELOW
    if content.startswith("{"):
        for start, end in flow_entries(text, line.code_at + item, line.indent):
            _add_key(text[start:end], start, text[start:end], entries)
        return _NO_KEYS
    if content.startswith(("-", "[")):
        return _NO_KEYS  # a list in a list: no env entry
    _add_key(content, line.code_at + item, line.code, entries)
    return line.indent + item


def _add_key(code: str, code_at: int, statement: str, entries: dict[str, _Entry]) -> None:
    pair = split_key(code)
    if pair is not None and pair.key not in entries:
        entries[pair.key] = _Entry(pair.key, pair.value, code_at + pair.value_at, statement)


def _flow_items(text: str, open_at: int, key_column: int) -> list[dict[str, _Entry]]:
    """`env: [{name: A, value: "1"}, ...]`."""
    items: list[dict[str, _Entry]] = []
    for start, _ in flow_entries(text, open_at, key_column):
        if text.startswith("{", start):
            entries: dict[str, _Entry] = {}
            for key_start, key_end in flow_entries(text, start, key_column):
                _add_key(text[key_start:key_end], key_start, text[key_start:key_end], entries)
            items.append(entries)
    return items


def _name_of(item: dict[str, _Entry]) -> Found | None:
    """The variable an env item sets; one rendered by a template action is unresolved."""
    entry = item.get(_NAME)
    parsed = scalar(entry.value) if entry is not None else None
    if entry is None or parsed is None:
        return None
    name, at = parsed
    if "{{" in name:
        return Found(entry.value_at + at, None, SET, one_line(name))
    if not name or name.startswith(("*", "{", "[")):
        return None  # an alias or a collection: no name written here
    return Found(entry.value_at + at, name, SET, one_line(entry.statement))


# ---- ConfigMap and Secret data -----------------------------------------------------------------


def _config_data(text: str, scalars: BlockScalars) -> list[Found]:
    found: list[Found] = []
    separators: list[int] | None = None
    for m in _DATA.finditer(text):
        if separators is None:
            separators = [s.start() for s in _DOCUMENT.finditer(text)]
        at = bisect.bisect_right(separators, m.start())
        start = separators[at - 1] if at > 0 else 0
        end = separators[at] if at < len(separators) else len(text)
        if not _CONFIG_KIND.search(text, start, end):
            continue
        rest = m.group("rest")
        value = rest[: comment_at(rest)].strip()
        if value.startswith("{") and not value.startswith("{{"):
            found.extend(_flow_data(text, m.start("rest") + rest.index("{")))
        elif not value:
            found.extend(_block_data(text, m.end() + 1, end, scalars))
    return found


def _block_data(text: str, pos: int, end: int, scalars: BlockScalars) -> list[Found]:
    found: list[Found] = []
    column = -1
    for line in lines(text, pos, end, scalars, templates=True):
        if line.indent == 0:
            break
        column = line.indent if column < 0 else column
        pair = split_key(line.code) if line.indent == column else None
        if pair is not None:
            key = _data_key(pair.key, line.code_at + pair.key_at, line.code)
            found.extend([key] if key else [])
    return found


def _flow_data(text: str, open_at: int) -> list[Found]:
    found: list[Found] = []
    for start, end in flow_entries(text, open_at, 0):
        pair = split_key(text[start:end])
        key = _data_key(pair.key, start + pair.key_at, text[start:end]) if pair else None
        found.extend([key] if key else [])
    return found


def _data_key(key: str, offset: int, statement: str) -> Found | None:
    """A data key that is a variable name; a file name (`app.properties`) is none."""
    if _VARIABLE_KEY.fullmatch(key):
        return Found(offset, key, SET, one_line(statement))
    if "{{" in key:
        return Found(offset, None, SET, one_line(key))
    return None


# ---- env entries in Helm helpers ---------------------------------------------------------------


def _defined_env_lists(text: str, scalars: BlockScalars) -> list[Found]:
    """A `define` body that is a list of env entries, to be included under an `env:` key.

    Only items shaped like env entries count (a name and a value or valueFrom, nothing else),
    so that a define of containers, ports or volumes (also `- name:` lists) is not read.
    """
    found: list[Found] = []
    for m in _DEFINE.finditer(text):
        end = _define_end(text, m.end())
        for item in _block_items(text, m.end() + 1, end, 0, scalars):
            keys = item.keys()
            if _NAME in keys and keys & _ENV_VALUE_KEYS and keys <= _ENV_VALUE_KEYS | {_NAME}:
                named = _name_of(item)
                found.extend([named] if named else [])
    return found


def _define_end(text: str, pos: int) -> int:
    """Where the `{{ end }}` closing a define opened before `pos` starts."""
    depth = 1
    for m in _BLOCK_ACTION.finditer(text, pos):
        depth += 1 if m.group("open") else -1
        if depth == 0:
            return m.start()
    return len(text)
