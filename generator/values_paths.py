"""Where each variable lives in a chart's values: nested camelCase keys from shared name prefixes.

The rule, applied per section: split names on `_`; a prefix becomes a nesting level when three
or more variables of the section start with it and no variable is named exactly that prefix;
what remains is the camelCase leaf. `DB_HOST` -> `db.host`, `AUTH_API_CLIENT_ID` ->
`auth.api.clientId` (AUTH and AUTH_API are shared by three or more, AUTH_API_CLIENT by two),
`TEMPORAL_CERT_KEY` -> `temporal.certKey` (TEMPORAL_CERT is itself a variable).
"""

from __future__ import annotations

from collections import Counter

from .errors import DocenvError

SHARED_BY = 3


def camel(words: list[str]) -> str:
    first, *rest = [w.lower() for w in words if w] or ["value"]
    return first + "".join(w[:1].upper() + w[1:] for w in rest)


def values_paths(names: list[str], reserved: frozenset[str] = frozenset()) -> dict[str, tuple[str, ...]]:
    """Variable name -> its key path in values. Raises when two variables would share a path."""
    words = {name: [w for w in name.split("_") if w] or [name] for name in names}
    prefixes: Counter[tuple[str, ...]] = Counter()
    for parts in words.values():
        for i in range(1, len(parts)):
            prefixes[tuple(p.upper() for p in parts[:i])] += 1
    exact = {tuple(p.upper() for p in parts) for parts in words.values()}
    paths: dict[str, tuple[str, ...]] = {}
    for name, parts in words.items():
        depth = 0
        while depth + 1 < len(parts):
            prefix = tuple(p.upper() for p in parts[: depth + 1])
            if prefixes[prefix] < SHARED_BY or prefix in exact:
                break
            depth += 1
        path = tuple(p.lower() for p in parts[:depth]) + (camel(parts[depth:]),)
        paths[name] = path
    _check_unique(paths, reserved)
    return paths


def _check_unique(paths: dict[str, tuple[str, ...]], reserved: frozenset[str]) -> None:
    seen: dict[tuple[str, ...], str] = {}
    for name, path in paths.items():
        if path[0] in reserved:
            raise DocenvError(f"{name} would be the values key {'.'.join(path)}, which the chart keeps for "
                              f"itself ({', '.join(sorted(reserved))}); rename the variable")
        for depth in range(1, len(path) + 1):
            key = path[:depth]
            other = seen.get(key)
            if other is not None and (depth == len(path) or len(paths[other]) == depth):
                raise DocenvError(f"{name} and {other} would share the values key {'.'.join(key)}; "
                                  "rename one of them")
        for depth in range(1, len(path) + 1):
            seen.setdefault(path[:depth], name)
