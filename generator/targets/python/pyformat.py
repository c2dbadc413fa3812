"""Black formatting that stays fast on modules with thousands of fields.

Black costs about a millisecond per field, so a 10,000-variable doc would spend most of a
minute in it. The generated modules are made of many small statements, emitted the way
black writes them; a statement that fits on one line is what black would write already,
and only longer ones are handed to black, one at a time, in the indentation they sit at.
Small modules (the package's __init__, the runtime) go through black whole. The tests run
`black --check` over generated code to hold this to black's own output.
"""

from __future__ import annotations

import io
import keyword
import tokenize
from functools import lru_cache

import black
from black.strings import normalize_string_quotes, str_width

# Black's defaults, never the user's configuration, so `black --check` agrees with us.
MODE = black.Mode()
_CONTEXT = {
    0: "",
    4: "class _:\n",
    8: "class _:\n    def _(self):\n",
    12: "class _:\n    def _(self):\n        if _:\n",
}


def py_str(text: str) -> str:
    """A string literal for `text`, quoted as black quotes it."""
    return normalize_string_quotes(repr(text))


def py_value(value: object) -> str:
    """A literal for a str, int, float, bool, None or tuple of them, as black writes it."""
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, tuple):
        inner = ", ".join(py_value(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, float):
        return repr(value).replace("e+", "e")  # black writes 1e20, not 1e+20
    return repr(value)


def statement(code: str, indent: int) -> str:
    """One statement at `indent` spaces, as black formats it (with a trailing newline)."""
    line = " " * indent + code
    if "\n" not in code and str_width(line) <= MODE.line_length:
        return line + "\n"
    return _with_black(code, indent)


def wrapped_call(target: str, call: str, argument: str, indent: int) -> str:
    """`target = call(argument)` as black writes it: one line, or the argument alone on the next
    line when that fits (black's right-hand split), else whatever black makes of it."""
    one_line = f"{target} = {call}({argument})"
    head, body = f"{' ' * indent}{target} = {call}(", f"{' ' * (indent + 4)}{argument}"
    if str_width(" " * indent + one_line) > MODE.line_length and _fits(head) and _fits(body):
        return f"{head}\n{body}\n{' ' * indent})\n"
    return statement(one_line, indent)


def wrapped_ternary(target: str, value: str, condition: str, otherwise: str, indent: int) -> str:
    """`target = value if condition else otherwise` as black writes it: one line, or the expression
    alone in parentheses when that fits (two delimiters, so black never omits the parentheses)."""
    expression = f"{value} if {condition} else {otherwise}"
    head, body = f"{' ' * indent}{target} = (", f"{' ' * (indent + 4)}{expression}"
    if str_width(f"{' ' * indent}{target} = {expression}") > MODE.line_length and _fits(head) and _fits(body):
        return f"{head}\n{body}\n{' ' * indent})\n"
    return statement(f"{target} = {expression}", indent)


def _fits(line: str) -> bool:
    return str_width(line) <= MODE.line_length


def compound(header: str, body: str, indent: int) -> str:
    """`header:` with one body statement, as black formats it."""
    head = " " * indent + header + ":"
    if str_width(head) <= MODE.line_length:
        return head + "\n" + statement(body, indent + 4)
    return _with_black(f"{header}:\n    {body}", indent)


def header(code: str, indent: int) -> str:
    """A block header such as `def f(...) -> T:`, as black formats it (its body is written after it)."""
    line = " " * indent + code
    if str_width(line) <= MODE.line_length:
        return line + "\n"
    formatted = _with_black(f"{code}\n    pass", indent)
    return formatted[: formatted.rindex(" " * (indent + 4) + "pass")]


def _with_black(code: str, indent: int) -> str:
    """Black's layout depends on the widths of names, strings and numbers, not on what they say:
    format the statement's shape once (each token replaced by a stand-in of the same width),
    then put the real tokens back in order. Thousands of fields share a few dozen shapes."""
    tokens = _tokens(code)
    if tokens is None:
        return _black_text(code, indent)
    shape = code
    for start, end, stand_in in reversed([(a, b, _stand_in(text)) for a, b, text in tokens]):
        shape = shape[:start] + stand_in + shape[end:]
    formatted = _black_text(shape, indent)
    placed = _tokens(formatted)
    if placed is None or len(placed) != len(tokens):
        return _black_text(code, indent)
    for (start, end, _), (_, _, real) in reversed(list(zip(placed, tokens))):
        formatted = formatted[:start] + real + formatted[end:]
    return formatted


_TOKEN_KINDS = (tokenize.NAME, tokenize.STRING, tokenize.NUMBER)


def _tokens(code: str) -> list[tuple[int, int, str]] | None:
    """(start, end, text) of every name, string and number, as offsets into `code`."""
    starts = [0]
    for line in code.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    found: list[tuple[int, int, str]] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type == tokenize.STRING and "\\" in tok.string and not tok.string.isascii():
                return None  # escapes next to wide characters: black may measure these unlike a stand-in
            if tok.type in _TOKEN_KINDS and not keyword.iskeyword(tok.string) and tok.start[0] == tok.end[0]:
                start = starts[tok.start[0] - 1] + tok.start[1]
                found.append((start, start + len(tok.string), tok.string))
            elif tok.type == tokenize.STRING:
                return None  # a string over several lines: format it as it is
    except (tokenize.TokenError, SyntaxError):
        return None
    return found


def _stand_in(text: str) -> str:
    width = str_width(text)
    if text[0].isdigit():
        return "1" * width
    if text[-1] in "'\"":
        return '"' + "x" * (width - 2) + '"'
    return "x" * width


@lru_cache(maxsize=4096)
def _black_text(code: str, indent: int) -> str:
    context = _CONTEXT[indent]
    body = "".join(" " * indent + part + "\n" for part in code.split("\n"))
    formatted = black.format_str(context + body, mode=MODE)
    return formatted[len(context):] if context else formatted


def module(source: str) -> str:
    """A whole (small) module through black."""
    return black.format_str(source, mode=MODE)
