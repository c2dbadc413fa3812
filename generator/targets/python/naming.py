"""Python names for what the doc names: identifiers, class names, unique field names."""

from __future__ import annotations

import keyword
import re


def python_identifier(text: str) -> str:
    """A valid, non-keyword Python identifier for `text` (`FROM` -> `from_`, `2FA` -> `v_2fa`)."""
    ident = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_") or "value"
    if ident[0].isdigit():
        ident = "v_" + ident
    if keyword.iskeyword(ident) or ident in _RESERVED:
        ident += "_"
    return ident


# Names the generated modules use themselves: a field or local of the same name would shadow them.
_RESERVED = {
    "from_env", "to_env", "self", "cls", "env", "reader", "os", "field", "dataclass", "timedelta", "get", "p", "v",
    "str", "repr", "int", "float", "bool", "list", "dict", "tuple", "object", "classmethod",
}


def class_name(section_id: str) -> str:
    """`backend_api` -> `BackendApiConfig`."""
    words = [w for w in section_id.split("_") if w]
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Section"
    if name[0].isdigit():
        name = "S" + name
    return name + "Config"


def unique_identifiers(names: list[str]) -> list[tuple[str, bool]]:
    """A unique identifier per name, in order, each flagged True when it had to be renamed to stay unique."""
    taken: set[str] = set()
    result: list[tuple[str, bool]] = []
    for name in names:
        ident = python_identifier(name)
        renamed = ident in taken
        n = 2
        candidate = ident
        while candidate in taken:
            candidate, n = f"{ident}_{n}", n + 1
        taken.add(candidate)
        result.append((candidate, renamed))
    return result
