"""Shell scripts: the environment variables a script reads, and those it exports.

Reads are `$X`, `${X}` in all its forms (`${X:-d}`, `${X:=d}`, `${X:?m}`, `${X:+a}`, `${#X}`,
`${X%pat}`...) and `printenv X`, for upper-case names only: lower-case names are the script's own
by convention. `${!name}` expands a variable whose name is in another: unresolved.

Nothing is read inside single quotes (and `$'...'`), in comments, or in the body of a heredoc whose
delimiter is quoted; `\\$X` is no read. Double quotes, unquoted heredoc bodies, `$(...)` and
backticks expand, and are lexed as the shell does, each with its own quoting.

A name the script assigns (`X=`, `local`, `declare`, `typeset`, `readonly X=`, `read X`,
`for X in`) is its own from the end of its first assignment (the end of the `X=value` word, or of
the name): reads before are reads of the environment (`X=${X:-default}` included), reads after are
not, even on the same line (`for X in a b; do echo $X; done`). `export X=...` sets X.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .found import READ, SET, Found
from .lexing import Spans, one_line

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")
_TRIGGERS = ("$", "printenv", "export", "declare", "typeset")

# ---- the lexer: one pattern per quoting context ------------------------------------------------

_HEREDOC_WORD = r"""(?:[^\s;&|()<>'"\\]|\\.|'[^'\n]*'|"[^"\n]*")+"""
_ESCAPE = r"(?P<escape>\\[\s\S]?)"
_PARAMETER = r"(?P<parameter>\$\{)"
_SUBSTITUTION = r"(?P<substitution>\$\(\(?|`)"
_SPECIAL = r"(?P<special>\$[0-9@*#?$!-])"  # consumed whole: `$$X` is the PID, then text
_VARIABLE = rf"(?P<variable>\${_NAME})"
_PARENS = r"(?P<open>\()|(?P<close>\))"
_CODE = [
    _ESCAPE,
    r"(?P<ansi>\$'(?:[^'\\]|\\[\s\S])*+'?)",
    r"(?P<single>'[^']*+'?)",
    r'(?P<double>")',
    _PARAMETER, _SUBSTITUTION, _SPECIAL, _VARIABLE,
    r"(?P<arithmetic>\(\()",
    r"(?P<comment>\#(?<![^\s;&|()]\#)[^\n]*)",  # `#` starting a word; not `${#X}`, `$#` or `a#b`
    r"(?P<herestring><<<)",
    rf"(?P<heredoc><<-?[ \t]*(?P<word>{_HEREDOC_WORD}))",
    rf"(?P<printenv>printenv(?<![\w/.-]printenv)[ \t]+(?P<printed>{_NAME}))",
]


def _tokens(first: str, *alternatives: str) -> re.Pattern[str]:
    """One pattern for the alternatives. The lookahead on their first characters lets the regex
    engine skip plain text quickly (several times faster than trying each alternative)."""
    return re.compile(rf"(?=[{first}])(?:{'|'.join(alternatives)})")


_CODE_START = r"""\\$'"`(#<p"""
_NEWLINE = r"(?P<newline>\n)"  # while a heredoc waits for its body, which starts on the next line
# Parentheses count only inside `$(...)`, where the last one closes it.
_PATTERNS = {
    "top": _tokens(_CODE_START, *_CODE),
    "top at newline": _tokens(_CODE_START + r"\n", *_CODE, _NEWLINE),
    "substitution": _tokens(_CODE_START + ")", *_CODE, _PARENS),
    "substitution at newline": _tokens(_CODE_START + r")\n", *_CODE, _PARENS, _NEWLINE),
    "double": _tokens(r"""\\$"`""", _ESCAPE, r'(?P<double>")', _PARAMETER, _SUBSTITUTION, _SPECIAL, _VARIABLE),
    "body": _tokens(r"\\$`", _ESCAPE, _PARAMETER, _SUBSTITUTION, _SPECIAL, _VARIABLE),
    "arithmetic": _tokens(r"\\$`()", _ESCAPE, _PARAMETER, _SUBSTITUTION, _SPECIAL, _VARIABLE, _PARENS),
}
_CODE_MODES = frozenset({"top", "substitution", "backtick"})
_STRING_MODES = frozenset({"double", "body"})  # text: no command starts in it
# After `${`: `#` (length), `!` (indirection), then the name.
_PARAMETER_BODY = re.compile(rf"(?P<length>#(?=[A-Za-z_]))?(?P<indirect>!)?(?P<name>{_NAME})?")

# ---- assignments -------------------------------------------------------------------------------

_ASSIGNMENT_OPERATOR = r"(?:\[[^\]\n]*\])?\+?="
# The value of an assignment word: quotes and `${...}` / `$(...)` keep blanks inside it.
_VALUE = (
    r"""(?:[^\s'"\\;&|()<>`$]|\$\{[^}\n]*\}|\$\((?:[^()\n]|\([^()\n]*\))*\)|\$|\\[\s\S]"""
    r"""|"(?:[^"\\]|\\[\s\S])*+"|'[^']*+')*+"""
)
_BUILTINS = r"export|local|readonly|declare|typeset|read|for|select"
# A command that assigns: an assignment or a builtin that assigns, where a command starts (after
# a newline, a separator or a keyword). The lookahead on first characters makes the search fast.
_ASSIGNING = rf"[ \t]*(?=(?:{_NAME}{_ASSIGNMENT_OPERATOR}|(?:{_BUILTINS})\b))"
_COMMAND = re.compile(
    rf"(?=[\n;&|()!`{{tdeiwu])(?:[\n;&|()!`]|(?<!\$)\{{|\b(?:then|do|else|elif|if|while|until|time)\b)"
    + _ASSIGNING
)
_FIRST_COMMAND = re.compile(_ASSIGNING)  # the text's first line has no newline before it
_ASSIGNMENT_WORD = re.compile(rf"({_NAME}){_ASSIGNMENT_OPERATOR}{_VALUE}")
_BLANKS = re.compile(r"(?:[ \t]|\\\n)+")
_DECLARATION = re.compile(r"(export|local|readonly|declare|typeset)\b")
_READ = re.compile(r"read\b")
_LOOP = re.compile(rf"(?:for|select)[ \t]+({_NAME})\b")
# One argument of a builtin: an option, a name (with a value), or any other word.
_WORD_END = r"(?![^\s;&|()<>])"
_ARGUMENT = re.compile(
    rf"(?:[ \t]|\\\n)+(?:(?P<option>[-+][A-Za-z]+){_WORD_END}"
    rf"|(?P<name>{_NAME})(?P<value>{_ASSIGNMENT_OPERATOR}{_VALUE})?{_WORD_END}"
    rf"|(?P<other>(?=[^\s;&|()<>]){_VALUE}))"
)
_READ_OPTIONS_WITH_ARGUMENT = frozenset("adinNptu")  # `read -p PROMPT`, `read -d DELIM`...


@dataclass(slots=True)
class _Lexed:
    reads: list[tuple[int, str]] = field(default_factory=list)  # (offset of the name, name)
    indirect: list[tuple[int, int]] = field(default_factory=list)  # [start, end) of `${!name}`
    quiet: list[tuple[int, int]] = field(default_factory=list)  # text where no command starts


@dataclass(slots=True)
class _Frame:
    mode: str
    depth: int = 0  # open parentheses, in `$(...)` and `$((...))`
    quiet_from: int = 0  # in a string mode: where its current stretch of text started


def find(text: str) -> list[Found]:
    if not any(trigger in text for trigger in _TRIGGERS):
        return []
    lexed = _Lexed()
    _lex(text, 0, len(text), "top", lexed, heredocs=True)
    assignments, exports = _assignments(text, Spans(lexed.quiet))
    named = [(at, name, SET) for at, name in exports]
    named += [(at, name, READ) for at, name in lexed.reads
              if _ENV_NAME.fullmatch(name) and name != "_" and at < assignments.get(name, len(text) + 1)]
    statements = _Statements(text)
    found = [Found(at, name, kind, statements.around(at)) for at, name, kind in sorted(named)]
    found.extend(Found(start, None, READ, one_line(text[start:end])) for start, end in lexed.indirect)
    return sorted(found, key=lambda f: f.offset)


class _Statements:
    """The line around an offset, on one line. Asked in offset order, each line is cut once."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._start = self._end = -1
        self._line = ""

    def around(self, at: int) -> str:
        if not self._start <= at < self._end:
            self._start = self._text.rfind("\n", 0, at) + 1
            end = self._text.find("\n", at)
            self._end = end if end >= 0 else len(self._text) + 1
            self._line = one_line(self._text[self._start : self._end])
        return self._line


# ---- lexing ------------------------------------------------------------------------------------


def _lex(text: str, pos: int, end: int, mode: str, lexed: _Lexed, heredocs: bool) -> None:
    """Record the reads in `text[pos:end]`, lexed from `mode` ("top"; "body" for a heredoc body)."""
    stack = [_Frame(mode, quiet_from=pos)]
    waiting: list[tuple[str, bool]] = []  # heredocs opened on this line: (delimiter, quoted)
    while pos < end:
        frame = stack[-1]
        mode = "top" if frame.mode == "backtick" else frame.mode
        pattern = _PATTERNS[mode + " at newline" if waiting and mode in _CODE_MODES else mode]
        m = pattern.search(text, pos, end)
        if m is None:
            break
        kind, pos = m.lastgroup, m.end()
        if kind in ("ansi", "single", "comment"):
            lexed.quiet.append((m.start(), m.end()))
        elif kind == "double":
            if frame.mode == "double":
                lexed.quiet.append((frame.quiet_from, m.end()))
                _pop(stack, pos)
            else:
                stack.append(_Frame("double", quiet_from=m.start()))
        elif kind == "variable":
            lexed.reads.append((m.start() + 1, m.group()[1:]))
        elif kind == "parameter":
            pos = _parameter(text, pos, end, m.start(), lexed)
        elif kind == "printenv":
            lexed.reads.append((m.start("printed"), m.group("printed")))
        elif kind in ("substitution", "arithmetic", "open", "close"):
            _nest(stack, kind, m, lexed)
        elif kind == "heredoc" and heredocs:
            word = m.group("word")
            waiting.append((re.sub(r"""['"\\]""", "", word), any(c in word for c in "'\"\\")))
        elif kind == "newline":
            pos = _heredoc_bodies(text, pos, end, waiting, lexed)
            waiting = []
    if stack[-1].mode in _STRING_MODES:
        lexed.quiet.append((stack[-1].quiet_from, end))  # an unclosed quote, or a heredoc body


def _nest(stack: list[_Frame], kind: str | None, m: re.Match[str], lexed: _Lexed) -> None:
    """Enter or leave `$(...)`, `$((...))`, `((...))` and backticks."""
    frame = stack[-1]
    if kind == "substitution" and m.group() == "`" and frame.mode == "backtick":
        _pop(stack, m.end())
        return
    if kind in ("open", "close"):
        if frame.mode in ("substitution", "arithmetic"):
            frame.depth += 1 if kind == "open" else -1
            if frame.depth == 0:
                _pop(stack, m.end())
        return
    if frame.mode in _STRING_MODES:
        lexed.quiet.append((frame.quiet_from, m.start()))  # the string's text stops at the code
    token = m.group()
    if token == "`":
        stack.append(_Frame("backtick"))
    elif token == "$(":
        stack.append(_Frame("substitution", depth=1))
    else:
        stack.append(_Frame("arithmetic", depth=2))


def _pop(stack: list[_Frame], pos: int) -> None:
    if len(stack) > 1:
        stack.pop()
        stack[-1].quiet_from = pos  # back in a string: its text resumes here


def _parameter(text: str, pos: int, end: int, start: int, lexed: _Lexed) -> int:
    """After `${`: a read of the name, or an indirect expansion. Returns where lexing goes on."""
    m = _PARAMETER_BODY.match(text, pos, end)
    assert m is not None  # every part is optional
    name = m.group("name")
    if name is None:
        return pos
    if m.group("indirect"):
        close = text.find("}", m.end(), end)
        line_end = text.find("\n", m.end(), end)
        stop = close + 1 if 0 <= close and (line_end < 0 or close < line_end) else m.end()
        lexed.indirect.append((start, stop))
    else:
        lexed.reads.append((m.start("name"), name))
    return m.end()


def _heredoc_bodies(text: str, pos: int, end: int, waiting: list[tuple[str, bool]], lexed: _Lexed) -> int:
    """Read the bodies of the heredocs opened on the line that ends at `pos`; return where code resumes."""
    for delimiter, quoted in waiting:
        close = _delimiter_line(delimiter).search(text, pos, end)
        body_end = close.start() if close else end
        if quoted:
            lexed.quiet.append((pos, body_end))
        else:
            _lex(text, pos, body_end, "body", lexed, heredocs=False)
        pos = min(close.end() + 1, end) if close else end
    return pos


@lru_cache(maxsize=64)
def _delimiter_line(delimiter: str) -> re.Pattern[str]:
    """The line closing a heredoc (leading tabs allowed, as `<<-` strips them)."""
    return re.compile(rf"^\t*{re.escape(delimiter)}\r?$", re.M)


# ---- assignments -------------------------------------------------------------------------------


def _assignments(text: str, quiet: Spans) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Where each assigned name becomes the script's own (the end of its first assignment),
    and the `export X=...` names with their offsets."""
    first: dict[str, int] = {}
    exports: list[tuple[int, str]] = []
    for m in itertools.chain([_FIRST_COMMAND.match(text)], _COMMAND.finditer(text)):
        if m is None or quiet.covers(m.end()):
            continue
        for assignment in _assigned(text, m.end()):
            if assignment.exported:
                exports.append((assignment.at, assignment.name))
            first.setdefault(assignment.name, assignment.end)
    return first, exports


@dataclass(frozen=True, slots=True)
class _Assignment:
    at: int  # where the name starts
    name: str
    end: int  # where the assignment ends: the name is the script's own from here
    exported: bool


def _assigned(text: str, pos: int) -> list[_Assignment]:
    """The names the command at `pos` assigns."""
    if m := _DECLARATION.match(text, pos):
        return _declared(text, m.group(1), m.end())
    if m := _READ.match(text, pos):
        return _read_names(text, m.end())
    if m := _LOOP.match(text, pos):
        return [_Assignment(m.start(1), m.group(1), m.end(), False)]
    names: list[_Assignment] = []
    while m := _ASSIGNMENT_WORD.match(text, pos):  # `A=1 B=2 command`
        names.append(_Assignment(m.start(1), m.group(1), m.end(), False))
        blanks = _BLANKS.match(text, m.end())
        if blanks is None:
            break
        pos = blanks.end()
    return names


def _declared(text: str, builtin: str, pos: int) -> list[_Assignment]:
    """`export X=1`, `local X`, `declare -x X=1`, `readonly X=1`."""
    names: list[_Assignment] = []
    exporting = builtin == "export"
    while (m := _ARGUMENT.match(text, pos)) and m.end() > pos:
        pos = m.end()
        if m.group("option"):
            option = m.group("option")
            exporting = exporting or (builtin in ("declare", "typeset", "local") and option[0] == "-" and "x" in option)
        elif m.group("name"):
            has_value = m.group("value") is not None
            if builtin in ("local", "declare", "typeset") or has_value:  # `export X` alone sets nothing new
                names.append(_Assignment(m.start("name"), m.group("name"), m.end(), exporting and has_value))
    return names


def _read_names(text: str, pos: int) -> list[_Assignment]:
    """`read -r -p "Name: " A B`: the names after the options (and their arguments)."""
    names: list[_Assignment] = []
    skip_next = False
    while (m := _ARGUMENT.match(text, pos)) and m.end() > pos:
        pos = m.end()
        if skip_next:
            skip_next = False
        elif m.group("option"):
            skip_next = m.group("option")[-1] in _READ_OPTIONS_WITH_ARGUMENT
        elif m.group("name") and m.group("value") is None:
            names.append(_Assignment(m.start("name"), m.group("name"), m.end(), False))
    return names
