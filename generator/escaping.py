"""One escaping function per destination. Doc text is untrusted: it goes through one of these."""

from __future__ import annotations

import json
import re

# C0/C1 controls, DEL and the characters some tools treat as line breaks.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def py_docstring(text: str) -> str:
    """Body for a `\"\"\"...\"\"\"` literal whose value is exactly `text`."""
    body = text.replace("\\", "\\\\")
    body = _CONTROL.sub(_escape_control, body)
    # A quote that starts a run of quotes, or ends the text, could close the literal.
    return re.sub(r'"(?=")|"$', r'\\"', body)


def py_literal(value: object) -> str:
    """A Python literal for a str, int, float, bool, None or tuple of them."""
    return repr(value)


def comment(text: str) -> str:
    """Text for a one-line `#` comment: no line breaks or controls can end the comment."""
    return " ".join(_CONTROL.sub(" ", text.replace("\n", " ").replace("\r", " ")).split())


def json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
