"""TypeScript names for what the doc names: camelCase members, PascalCase types, kebab-case modules."""

from __future__ import annotations

import re

# Members every config object has (its toEnv method, Object.prototype's): a field so named gets a trailing _.
_RESERVED_MEMBERS = {"toEnv", "constructor", "toString", "toJSON", "valueOf", "hasOwnProperty",
                     "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__proto__"}


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]


def camel_case(text: str) -> str:
    """`NEXT_PUBLIC_APP_BASE_URL` -> `nextPublicAppBaseUrl`; a leading digit gets a `v` (`2FA` -> `v2fa`)."""
    words = [w.lower() for w in _words(text)] or ["value"]
    ident = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])
    if ident[0].isdigit():
        ident = "v" + ident[0].upper() + ident[1:]
    return ident


def pascal_case(text: str) -> str:
    """`backend_api` -> `BackendApi`; a leading digit gets an `S` (`2fa` -> `S2fa`)."""
    ident = "".join(w[:1].upper() + w[1:].lower() for w in _words(text)) or "Section"
    return "S" + ident if ident[0].isdigit() else ident


def kebab_case(text: str) -> str:
    return "-".join(w.lower() for w in _words(text)) or "section"


def unique(names: list[str], taken: set[str] | None = None) -> list[str]:
    """Each name, numbered from 2 when already taken (in order); `taken` is updated."""
    seen = taken if taken is not None else set()
    out: list[str] = []
    for name in names:
        candidate, n = name, 2
        while candidate in seen:
            candidate, n = f"{name}{n}", n + 1
        seen.add(candidate)
        out.append(candidate)
    return out


def member_names(names: list[str]) -> list[str]:
    """Unique camelCase members for variable names, none of them a method every config has."""
    members = [camel_case(n) for n in names]
    return unique([f"{m}_" if m in _RESERVED_MEMBERS else m for m in members])
