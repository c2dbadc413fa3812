"""Which `.Values` path sets each environment variable in an existing chart's templates (for `helm adopt`).

A Helm template is text with Go template actions in it, not YAML, so it is read as Go's lexer reads it:
text and `{{ }}` actions (with their strings, comments and `-` trim markers), then line by line, the
control actions (`if`, `with`, `range`, `define`, `end`, `$x := ...`) tracked as a stack of scopes that
say what `.` and each `$variable` are. Three line shapes name a variable and the action that sets it:

    DB_HOST: {{ .Values.db.host | quote }}                  ConfigMap/Secret data (upper-case keys)
    - name: DB_HOST                                          a container's env entry; guard lines such as
      value: {{ .Values.db.host | quote }}                   `{{- if ... }}` may sit between
    - { name: DB_HOST, value: {{ .Values.db.host }} }        the same entry in flow style

The action (optionally inside quotes) must be one pipeline reading one reference, through functions that
only format it: `quote`, `squote`, `toString`, `toJson`, `toYaml`, `b64enc`, `int`, `int64`, `float64`,
`default LITERAL`, `required "msg"`. The reference is `.Values.a.b`, `$.Values.a.b`, `index .Values "a"
"b"`, `.b` inside `{{ with .Values.a }}`, or `$db.b` after `{{ $db := .Values.a }}`. Anything else (text
around the action, `printf`, `tpl`, two references, a `range` element) is left out with a note naming the
variable. Nothing here executes or trusts the template; a `{{` never closed ends the reading with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A values path the settings accept: dotted identifiers.
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ENV_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_DATA_KEY = r"[A-Z_][A-Z0-9_]*"  # ConfigMap/Secret data keys that are variables (others are files, labels...)
# Functions that format a value without changing which value it is.
FORMATTERS = frozenset({"quote", "squote", "toString", "toJson", "toRawJson", "toYaml", "b64enc", "int", "int64",
                        "float64"})

_ROOT = "root"  # `.` is the chart's top-level context (where `.Values` is)
Dot = tuple[str, ...] | str | None  # a values path, _ROOT, or None (unknown: a range element, a computed value)


@dataclass(frozen=True, slots=True)
class Pair:
    """`name` is set from the values at `path`, in `file` at `line`."""

    name: str
    path: tuple[str, ...]
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Note:
    """A line that sets `name` in a way that is not one values path (or a problem reading the file)."""

    file: str
    line: int
    name: str | None
    message: str


@dataclass(slots=True)
class _Frame:
    kind: str
    dot: Dot
    outer: Dot  # `.` outside the block (an `else` branch of `with`/`range` sees it)
    variables: dict[str, Dot] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Action:
    body: str  # between the delimiters, without trim markers
    line: int


@dataclass(frozen=True, slots=True)
class _Output:
    """An action that prints: the values path it prints as is, or why it is not one."""

    path: tuple[str, ...] | None
    why_not: str = ""


Token = tuple[str, str]

# ---- lexing: text and actions, as Go's text/template lexer splits them

# Inside an action: strings, raw strings, char constants and comments are skipped whole; `}}` closes it.
_ACTION_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|\'(?:[^\'\\\n]|\\.)+\'|/\*.*?\*/|\}\}|[\s\S]', re.S)


def _lex(text: str) -> tuple[list[tuple[int, list[str | _Action]]], list[Note]]:
    """Lines, each (number, text pieces and actions); an action spanning lines belongs to the line it opens on."""
    lines: list[tuple[int, list[str | _Action]]] = [(1, [])]
    notes: list[Note] = []
    pos, line = 0, 1
    while pos < len(text):
        opening = text.find("{{", pos)
        piece = text[pos:] if opening < 0 else text[pos:opening]
        for i, part in enumerate(piece.split("\n")):
            if i:
                line += 1
                lines.append((line, []))
            if part:
                lines[-1][1].append(part)
        if opening < 0:
            break
        end = _action_end(text, opening + 2)
        if end is None:
            notes.append(Note("", line, None, "a `{{` here is never closed; the rest of the file is not read"))
            break
        inner = text[opening + 2:end - 2]
        body = inner[1:] if re.match(r"-\s", inner) else inner
        body = body[:-1] if re.search(r"\s-$", body) else body
        lines[-1][1].append(_Action(body.strip(), line))
        line += inner.count("\n")
        pos = end
    return lines, notes


def _action_end(text: str, pos: int) -> int | None:
    """Where the action whose body starts at `pos` ends (after its `}}`), or None when it never does."""
    for match in _ACTION_TOKEN.finditer(text, pos):
        if match.group() == "}}":
            return match.end()
    return None


# ---- pipelines

_TOKEN = re.compile(r"""
    (?P<string>"(?:[^"\\]|\\.)*"|`[^`]*`)
  | (?P<char>'(?:[^'\\]|\\.)+')
  | (?P<number>[+-]?\d[\w.+-]*)
  | (?P<variable>\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)
  | (?P<field>(?:\.[A-Za-z0-9_]+)+|\.)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<declare>:?=)
  | (?P<pipe>\|)
  | (?P<paren>[()])
  | (?P<comma>,)
  | (?P<space>\s+)
  | (?P<other>.)
""", re.X | re.S)


def _tokens(body: str) -> list[Token]:
    return [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(body) if m.lastgroup != "space"]


def _walk(base: Dot, fields: list[str]) -> Dot:
    """`fields` looked up from `base`; from the root context only `.Values...` leads into values."""
    if not fields:
        return base
    if base == _ROOT:
        if fields[0] != "Values":
            return None
        base, fields = (), fields[1:]
    if not isinstance(base, tuple):
        return None
    path = base + tuple(fields)
    # `.Values` under a `with` looks up a key "Values" in that map: a slip, not a layout.
    return path if "Values" not in path and all(_IDENTIFIER.fullmatch(key) for key in path) else None


class _Scopes:
    """What `.` and each `$variable` are at a point in the template."""

    def __init__(self) -> None:
        self.frames = [_Frame("root", _ROOT, _ROOT)]

    @property
    def dot(self) -> Dot:
        return self.frames[-1].dot

    def variable(self, name: str) -> Dot:
        if name == "$":
            return _ROOT
        for frame in reversed(self.frames):
            if name in frame.variables:
                return frame.variables[name]
            if frame.kind in ("define", "block"):
                break  # a helper sees only its own variables
        return None

    def value(self, tokens: list[Token]) -> Dot:
        """What a pipeline that is one bare reference (`.Values.db`, `.host`, `$x.y`, `.`) is; else None."""
        if len(tokens) != 1 or tokens[0][0] not in ("field", "variable"):
            return None
        kind, text = tokens[0]
        if kind == "field":
            return _walk(self.dot, [f for f in text.split(".") if f])
        name, *fields = text.split(".")
        return _walk(self.variable(name), fields)

    def control(self, body: str) -> bool:
        """Apply a control action or a declaration; False when the action prints something."""
        tokens = _tokens(body)
        head = tokens[0][1] if tokens and tokens[0][0] == "ident" else ""
        if head in ("if", "with", "range"):
            frame = _Frame(head, self.dot, self.dot)
            self.frames.append(frame)
            rest = self._bind(tokens[1:], frame, head == "range")
            frame.dot = self.value(rest) if head == "with" else None if head == "range" else frame.dot
        elif head in ("define", "block"):
            self.frames.append(_Frame(head, _ROOT, _ROOT))  # helpers are included with the root context
        elif head == "end":
            if len(self.frames) > 1:
                self.frames.pop()
        elif head == "else":
            top = self.frames[-1]
            top.variables, top.dot = {}, top.outer
            rest = tokens[1:]
            if rest and rest[0] == ("ident", "with"):
                top.dot = self.value(self._bind(rest[1:], top, False))
            elif rest and rest[0] == ("ident", "if"):
                self._bind(rest[1:], top, False)
        elif head in ("break", "continue"):
            pass
        elif len(tokens) >= 2 and tokens[0][0] == "variable" and tokens[1][0] in ("declare", "comma"):
            self._bind(tokens, self.frames[-1], False)
        else:
            return False
        return True

    def _bind(self, tokens: list[Token], frame: _Frame, in_range: bool) -> list[Token]:
        """Bind `$x := pipeline`, `$x = pipeline` or `$i, $v := pipeline`; return the pipeline."""
        names: list[str] = []
        operator = ""
        while len(tokens) >= 2 and tokens[0][0] == "variable" and tokens[1][0] in ("declare", "comma"):
            names.append(tokens[0][1])
            operator = tokens[1][1]
            tokens = tokens[2:]
            if operator != ",":
                break
        value = None if in_range or len(names) != 1 else self.value(tokens)
        for name in names:
            target = frame
            if operator == "=":  # an assignment changes the variable where it was declared
                target = next((f for f in reversed(self.frames) if name in f.variables), frame)
            target.variables[name] = value
        return tokens


def _string_value(token: Token) -> str | None:
    kind, text = token
    if kind != "string":
        return None
    inner = text[1:-1]
    return inner if text.startswith("`") or "\\" not in inner else None


def _formats(head: str, args: list[Token]) -> bool:
    """`head ARGS` only formats the value piped into it."""
    if head in FORMATTERS:
        return not args
    literal = len(args) == 1 and (args[0][0] in ("string", "char", "number") or args[0] in (
        ("ident", "true"), ("ident", "false")))
    if head == "default":
        return literal
    if head == "required":
        return len(args) == 1 and args[0][0] == "string"
    return False


def _output(body: str, scopes: _Scopes) -> _Output:
    """The values path an output action prints as is (through formatting functions only), or why not."""
    tokens = _tokens(body)
    if not tokens or any(kind in ("paren", "other", "declare", "comma") for kind, _ in tokens):
        return _Output(None, "an expression docenv does not follow")
    commands: list[list[Token]] = [[]]
    for token in tokens:
        if token[0] == "pipe":
            commands.append([])
        else:
            commands[-1].append(token)
    path: Dot = None
    for index, command in enumerate(commands):
        if not command:
            return _Output(None, "an expression docenv does not follow")
        (kind, head), args = command[0], command[1:]
        if index == 0 and kind in ("field", "variable"):
            if args:
                return _Output(None, "an expression docenv does not follow")
            path = scopes.value(command)
            continue
        if kind != "ident":
            return _Output(None, "an expression docenv does not follow")
        if index == 0 and head == "index":
            keys = [_string_value(arg) for arg in args[1:]]
            base = scopes.value(args[:1])
            if not isinstance(base, tuple) or not keys or any(k is None or not _IDENTIFIER.fullmatch(k) for k in keys):
                return _Output(None, "an `index` docenv does not follow")
            path = base + tuple(k for k in keys if k is not None)
            continue
        if index == 0:
            if not args or args[-1][0] not in ("field", "variable"):
                return _Output(None, f"`{head}`, not a value from .Values")
            path = scopes.value(args[-1:])
            args = args[:-1]
        if not _formats(head, args):
            if head in FORMATTERS or head in ("default", "required"):
                return _Output(None, f"`{head}` used in a way docenv does not follow")
            return _Output(None, f"`{head}`, which changes the value")
    if not isinstance(path, tuple) or not path:
        return _Output(None, "something other than one value from .Values")
    return _Output(path)


# ---- lines

_PLACE = "\x00"
_ONE_ACTION = re.compile(r"""^(?:"\x00(\d+)\x00"|'\x00(\d+)\x00'|\x00(\d+)\x00)$""")
_COMMENT = r"(?:[ \t]+#[^\x00]*)?[ \t]*$"  # a trailing YAML comment (with no action in it)
_NAME_LINE = re.compile(rf"""^[ \t]*(?:-[ \t]+)?name[ \t]*:[ \t]+(["']?)(?P<name>{_ENV_NAME})\1{_COMMENT}""")
_VALUE_LINE = re.compile(rf"""^[ \t]*value[ \t]*:[ \t]+(?P<value>.*?){_COMMENT}""")
_DATA_LINE = re.compile(rf"""^[ \t]*(["']?)(?P<name>{_DATA_KEY})\1[ \t]*:[ \t]+(?P<value>.*?){_COMMENT}""")
_FLOW_ITEM = re.compile(
    rf"""^[ \t]*-[ \t]*\{{[ \t]*name[ \t]*:[ \t]*(["']?)(?P<name>{_ENV_NAME})\1[ \t]*,[ \t]*"""
    rf"""value[ \t]*:[ \t]*(?P<value>.*?)[ \t]*\}}{_COMMENT}""")


def read_template(text: str, file: str) -> tuple[list[Pair], list[Note]]:
    """Every (variable, values path) pair the template sets as is, and notes on names it sets otherwise."""
    lines, lex_notes = _lex(text.replace("\r\n", "\n"))
    notes = [Note(file, n.line, n.name, n.message) for n in lex_notes]
    pairs: list[Pair] = []
    scopes = _Scopes()
    pending: tuple[str, int] | None = None  # a `- name: X` entry (and its line), waiting for its `value:`
    for number, parts in lines:
        code_parts: list[str] = []
        outputs: list[_Output] = []
        for part in parts:
            if isinstance(part, str):
                code_parts.append(part)
            elif not part.body.startswith("/*") and not scopes.control(part.body):
                code_parts.append(f"{_PLACE}{len(outputs)}{_PLACE}")
                outputs.append(_output(part.body, scopes))
        code = "".join(code_parts)
        if not code.strip() or code.lstrip().startswith("#"):
            continue  # guards, comments, blank lines: an env entry's `value:` may still follow
        found: tuple[str, int, str] | None = None
        if pending is not None and (m := _VALUE_LINE.match(code)):
            found = (*pending, m.group("value"))
        elif m := (_FLOW_ITEM.match(code) or _DATA_LINE.match(code)):
            found = (m.group("name"), number, m.group("value"))
        pending = None
        if found is None:
            if m := _NAME_LINE.match(code):
                pending = (m.group("name"), number)
            continue
        name, number, value = found
        one = _ONE_ACTION.match(value.strip())
        if one:
            output = outputs[int(next(g for g in one.groups() if g is not None))]
            if output.path is not None:
                pairs.append(Pair(name, output.path, file, number))
            else:
                notes.append(Note(file, number, name, f"{name} is set from {output.why_not}; left out"))
        elif any(output.path is not None for output in outputs):
            notes.append(Note(file, number, name, f"{name} is built from text around .Values, not from one "
                                                  "value; left out"))
    return pairs, notes
