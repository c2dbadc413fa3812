"""Files of the repository: a file as text, or a DocenvError naming it (never an empty result for a file that
cannot be read); the variables a dotenv file sets, with their lines."""

from __future__ import annotations

import io
from pathlib import Path

from dotenv.parser import parse_stream

from ..model.errors import DocenvError


def read_text(path: str, limit: int | None = None, what: str = "files") -> str:
    """The file's UTF-8 text; over `limit` bytes (when given) it is refused before it is read."""
    try:
        if limit is not None:
            size = Path(path).stat().st_size
            if size > limit:
                raise DocenvError(f"is {size:,} bytes; docenv reads {what} up to {limit:,}", path)
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocenvError("no such file", path) from None
    except IsADirectoryError:
        raise DocenvError("is a directory, not a file", path) from None
    except (OSError, UnicodeDecodeError) as err:
        raise DocenvError(f"cannot be read ({getattr(err, 'strerror', None) or 'not UTF-8 text'})", path) from None


def dotenv_names(text: str) -> list[tuple[str, int]]:
    """(name, line) of each variable a dotenv file sets, as python-dotenv parses it. A binding's text starts with
    the blank lines before it; its own line is after them."""
    return [(b.key, b.original.line + len(b.original.string) - len(b.original.string.lstrip("\r\n")))
            for b in parse_stream(io.StringIO(text)) if b.key is not None]
