"""Reading a doc from disk: every way it can be unreadable becomes one clear DocenvError."""

from __future__ import annotations

from pathlib import Path

from ..model.errors import DocenvError


def read_doc(location: str, shown: str | None = None) -> str:
    """The doc's text: UTF-8 (a BOM is accepted), line endings normalised to \\n.

    `shown` is how errors name the file (default: `location` as given).
    """
    file = Path(location)
    path = shown or location
    try:
        exists, is_dir, is_file = file.exists(), file.is_dir(), file.is_file()
    except OSError as err:  # a symlink loop, a path too long
        raise DocenvError(f"cannot be read ({err.strerror or err})", path) from None
    if file.is_symlink() and not exists:
        raise DocenvError("is a broken or looping symbolic link", path)
    if not exists:
        raise DocenvError("no such file; check the path (or the docs path in the settings file)", path)
    if is_dir:
        raise DocenvError("is a directory; give the Markdown file itself", path)
    if not is_file:
        raise DocenvError("is not a regular file (a pipe or a device); give the Markdown file itself", path)
    try:
        data = file.read_bytes()
    except OSError as err:
        raise DocenvError(f"cannot be read ({err.strerror})", path) from None
    return decode_doc(data, path)


def decode_doc(data: bytes, shown: str) -> str:
    """A doc's bytes as text (a BOM and CRLF are fine), or an error naming `shown`."""
    if b"\x00" in data[:8192]:
        raise DocenvError("is a binary file, not a Markdown doc", shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise DocenvError(
            f"is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); save it as UTF-8", shown, line
        ) from None
    if not text.strip():
        raise DocenvError("is empty; a doc needs at least one table of variables", shown)
    return text.replace("\r\n", "\n").replace("\r", "\n")
