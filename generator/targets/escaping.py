"""One escaping function per destination. Doc text is untrusted: it goes through one of these.

The destinations are the generated files' (Python, YAML, dotenv, Go templates and literals) and the
commands' reports (a terminal line, a Markdown table cell): all of them here, so there is one place to
read when asking where untrusted text can go.
"""

from __future__ import annotations

import json
import re

# C0/C1 controls, DEL and the characters some tools treat as line breaks.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# Every control character, newline and tab included: what must not reach a terminal line raw.
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Characters Markdown, GitHub's extensions or HTML act on inside a table cell, as entities:
# `|` would end the cell, backticks open code, `<` opens HTML, `$` opens math, `@` mentions.
# An underscore between two letters or digits (DB_HOST) never emphasises, so it stays readable.
_MARKDOWN_ACTIVE = re.compile(r"[&<>|`*\[\]\\~$@!#:]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_BLANKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def terminal_line(text: str) -> str:
    """Untrusted text (a doc's, or a scanned file's) on one report line: an escape sequence or a
    newline cannot colour the terminal, clear it, or fake another finding."""
    return _ANY_CONTROL.sub(_escape_control, text)


def markdown_cell(text: str) -> str:
    """Text for one Markdown table cell or heading: one line, shown exactly as written, acting on nothing."""
    flat = " ".join(_BLANKS.sub(" ", text).split())
    return _MARKDOWN_ACTIVE.sub(lambda m: f"&#{ord(m.group(0))};", flat)


def py_docstring(text: str) -> str:
    """Body for a `\"\"\"...\"\"\"` literal whose value is exactly `text`."""
    body = text.replace("\\", "\\\\")
    body = _CONTROL.sub(_escape_control, body)
    # A quote that starts a run of quotes, or ends the text, could close the literal; one that
    # starts it would make black pad the docstring.
    return re.sub(r'^"|"(?=")|"$', r'\\"', body)


def py_docstring_line(text: str) -> str:
    """Body for a module's, class's or function's docstring: `py_docstring`, with line breaks escaped.

    Black re-indents the lines of a real docstring (and strips their ends), which would change a
    value that spans lines; written as `\\n`, the text stays on one line and keeps its value.
    """
    return py_docstring(text).replace("\n", "\\n")


def py_literal(value: object) -> str:
    """A Python literal for a str, int, float, bool, None or tuple of them."""
    return repr(value)


# Characters no YAML document may hold, even in a comment: surrogates and the noncharacters U+FFFE/FFFF.
# (A byte-order mark is legal YAML, but go-yaml fails on one that lands on its read boundary.)
_NEVER_IN_YAML = re.compile("[\ud800-\udfff\ufeff\ufffe\uffff]")


def comment(text: str) -> str:
    """Text for a one-line `#` comment: no line breaks or controls can end it, no YAML reader rejects it."""
    cleaned = _NEVER_IN_YAML.sub(" ", _CONTROL.sub(" ", text.replace("\n", " ").replace("\r", " ")))
    return " ".join(cleaned.split())


def go_template_comment(text: str) -> str:
    """Text for a comment inside a Helm template: one line, and nothing Go's template engine would run."""
    spaced = re.sub(r"\{(?=\{)", "{ ", comment(text))  # every brace run, however long: {{{ -> { { {
    return re.sub(r"\}(?=\})", "} ", spaced).replace("*/", "* /")


# Characters a YAML double-quoted scalar must not hold raw: non-printables, and the line
# breaks YAML 1.1 readers fold (NEL, LS, PS).
_YAML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Keys YAML 1.1 reads as booleans or null when bare.
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar whose value is exactly `text` in YAML 1.1 and 1.2 (never re-typed)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def yaml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) and key.lower() not in _YAML_WORDS else yaml_string(key)


def yaml_value(value: object) -> str:
    """A flow-style YAML value: strings always quoted, numbers and booleans typed, lists and maps inline."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        # YAML 1.1 reads `1e+21` as a string: give the mantissa a dot.
        if "e" in text and "." not in text.split("e")[0]:
            text = text.replace("e", ".0e", 1)
        return text
    if isinstance(value, str):
        return yaml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_string(str(k))}: {yaml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no YAML form for {type(value).__name__}")


# Safe bare in python-dotenv and in a shell that sources the file (no globs, tildes or expansions).
_DOTENV_PLAIN = re.compile(r"[A-Za-z0-9_./:@%+,=-]*")


def dotenv_value(value: str) -> str:
    """`value` as a dotenv value that python-dotenv reads back unchanged.

    Plain text stays bare; anything with blanks, quotes, `#`, `$` or line breaks is single-quoted
    (docker compose and shells take single-quoted text literally); a backslash or single quote inside
    is escaped as python-dotenv expects, which a shell would not understand.
    """
    if _DOTENV_PLAIN.fullmatch(value):
        return value
    if "\n" in value or "\r" in value:
        # Only double quotes can spell a line break on one line (a commented line must stay one line).
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        return f'"{escaped}"'
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def go_string(text: str) -> str:
    """A Go interpreted string literal whose value is `text`.

    Names are ASCII identifiers, so this is `"CACHE_"`; anything else is escaped (a surrogate, which
    Go cannot hold, becomes U+FFFD).
    """
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\U{0xFFFD if 0xD800 <= code <= 0xDFFF else code:08x}")
    return '"' + "".join(out) + '"'


# What a Go `//` comment must not hold raw: line breaks (Go's and those editors show as one), other
# controls, NUL, a byte-order mark (illegal past a file's start) and the noncharacters.
_GO_COMMENT_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def go_comment_lines(text: str) -> list[str]:
    """`text` as the bodies of `//` comment lines, one per line of the text: nothing in them can end the
    comment or become a directive (each body is written after `// `, and `//go:` needs no blank)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [_GO_COMMENT_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", line).rstrip() for line in lines]


def ts_comment(text: str) -> str:
    """Body of a JSDoc `/** ... */` comment: the lines of `text`, each to follow ` * `, acting on nothing.

    `*/` would end the comment, so its slash is escaped; an `@` would start a JSDoc tag (`@deprecated`
    changes how editors show the field) and is escaped the way TSDoc reads it; JavaScript ends a line
    at U+2028/2029 too, and controls are shown as escapes, so every line keeps its ` * ` prefix.
    """
    body = _CONTROL.sub(_escape_control, text.replace("\r\n", "\n").replace("\r", "\n"))
    body = body.replace("*/", "*\\/").replace("@", "\\@")
    body = _NEVER_IN_YAML.sub(lambda m: f"\\u{ord(m.group(0)):04x}", body)
    first, *rest = [line.rstrip() for line in body.split("\n")]
    return first + "".join(f"\n * {line}" if line else "\n *" for line in rest)


def ts_string(text: str) -> str:
    """A double-quoted TypeScript/JavaScript string literal whose value is exactly `text`.

    Everything outside printable ASCII is a `\\u` escape (a lone surrogate too, which a JS string can
    hold), and `<` is one as well, so the literal stays inert if a bundler inlines it into HTML
    (`</script>`); backticks and `${` mean nothing inside double quotes.
    """
    return json.dumps(text, ensure_ascii=True).replace("<", "\\u003c")
