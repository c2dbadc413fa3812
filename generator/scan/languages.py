"""Which reader understands a file, from its name (and, for scripts without an extension, its shebang)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

SHEBANG = "shebang"  # no extension: a shell script when its first line says so

_BY_SUFFIX = {
    ".py": "python", ".pyi": "python",
    ".go": "go",
    ".rs": "rust",
    **dict.fromkeys((".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".vue", ".svelte", ".astro"), "js"),
    **dict.fromkeys((".sh", ".bash", ".zsh", ".ksh"), "shell"),
    **dict.fromkeys((".yaml", ".yml", ".tpl"), "manifest"),
}
_DOCKERFILE = re.compile(r"(?:Dockerfile|Containerfile)(?:\..+)?|.+\.(?:Dockerfile|dockerfile|Containerfile)")
_COMPOSE = re.compile(r"(?:docker-)?compose(?:[.-].+)?\.ya?ml")
_SHELL_SHEBANG = re.compile(rb"#![ \t]*\S*/(?:env[ \t]+)?(?:ba|z|k|da)?sh\b")


def reader_name(path: str) -> str | None:
    """The reader for `path` (relative, forward slashes), or None when no reader understands it."""
    name = PurePosixPath(path).name
    if _DOCKERFILE.fullmatch(name):
        return "dockerfile"
    if _COMPOSE.fullmatch(name):
        return "compose"
    suffix = PurePosixPath(name).suffix
    if not suffix and not name.startswith("."):
        return SHEBANG
    return _BY_SUFFIX.get(suffix.lower())


def is_shell_script(head: bytes) -> bool:
    return _SHELL_SHEBANG.match(head) is not None
