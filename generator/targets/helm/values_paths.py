"""Where each variable lives in a chart's values: nested camelCase keys from shared name prefixes.

The rule, applied per section: split names on `_`; a prefix becomes a nesting level when three
or more variables of the section start with it and no variable is named exactly that prefix;
what remains is the camelCase leaf. `DB_HOST` -> `db.host`, `AUTH_API_CLIENT_ID` ->
`auth.api.clientId` (AUTH and AUTH_API are shared by three or more, AUTH_API_CLIENT by two),
`TEMPORAL_CERT_KEY` -> `temporal.certKey` (TEMPORAL_CERT is itself a variable).
"""

from __future__ import annotations

from collections import Counter

SHARED_BY = 3


def camel(words: list[str]) -> str:
    first, *rest = [w.lower() for w in words if w] or ["value"]
    return first + "".join(w[:1].upper() + w[1:] for w in rest)


def values_paths(names: list[str], reserved: frozenset[str] = frozenset()) -> dict[str, tuple[str, ...]]:
    """Variable name -> its key path in values."""
    return values_paths_renamed(names, reserved)[0]


def values_paths_renamed(
    names: list[str], reserved: frozenset[str] = frozenset()
) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    """Paths, and the names whose leaf key had to get a number to stay unique (or off a reserved key)."""
    words = {name: [w for w in name.split("_") if w] or [name] for name in names}
    prefixes: Counter[tuple[str, ...]] = Counter()
    for parts in words.values():
        for i in range(1, len(parts)):
            prefixes[tuple(p.upper() for p in parts[:i])] += 1
    exact = {tuple(p.upper() for p in parts) for parts in words.values()}
    paths: dict[str, tuple[str, ...]] = {}
    renamed: list[str] = []
    leaves: set[tuple[str, ...]] = set()
    maps: set[tuple[str, ...]] = set()
    for name, parts in words.items():
        depth = 0
        while depth + 1 < len(parts):
            prefix = tuple(p.upper() for p in parts[: depth + 1])
            if prefixes[prefix] < SHARED_BY or prefix in exact:
                break
            depth += 1
        branch = tuple(p.lower() for p in parts[:depth])
        if any(branch[:i] in leaves for i in range(1, len(branch) + 1)) or (branch and branch[0] in reserved):
            branch = ()  # the key already holds a value (a variable's, or the chart's own): stay at the top
        leaf = camel(parts[depth:]) if branch else camel(parts)
        candidate, n = leaf, 2
        while branch + (candidate,) in leaves or branch + (candidate,) in maps or (
                not branch and candidate in reserved):
            candidate, n = f"{leaf}{n}", n + 1
        if candidate != leaf:
            renamed.append(name)
        path = branch + (candidate,)
        paths[name] = path
        leaves.add(path)
        maps.update(branch[:i] for i in range(1, len(branch) + 1))
    return paths, renamed


def family_keys(
    families: list[tuple[str, str]], taken: frozenset[str] | set[str]
) -> tuple[list[str], list[int]]:
    """The top-level values key of each family, given as (prefix, placeholder), and which ones got a number.

    `STORAGE_<LOCATION>_...` -> `storage` (camelCase of the prefix without its trailing `_`); from the
    placeholder when the prefix is empty. A key `taken` by a variable's path or by the chart, or by an
    earlier family, gets the next free number (`storage2`), as a variable's leaf key does.
    """
    used = set(taken)
    keys: list[str] = []
    renamed: list[int] = []
    for index, (prefix, placeholder) in enumerate(families):
        words = [w for w in prefix.split("_") if w] or [w for w in placeholder.split("_") if w]
        base = camel(words)
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}{n}", n + 1
        if candidate != base:
            renamed.append(index)
        used.add(candidate)
        keys.append(candidate)
    return keys, renamed


def member_keys(suffixes: list[str]) -> list[str]:
    """The key of each member in one entry of a family's map: `_CLIENT_ID` -> `clientId`, unique."""
    keys: list[str] = []
    for suffix in suffixes:
        base = camel([w for w in suffix.split("_") if w])
        candidate, n = base, 2
        while candidate in keys:
            candidate, n = f"{base}{n}", n + 1
        keys.append(candidate)
    return keys


# ---- `[tool.docenv.docs.values_paths]`: a team's own layout for some variables (`docenv helm adopt` writes it)


def split_path(dotted: str) -> tuple[str, ...]:
    """`"db.username"` -> `("db", "username")` (settings has checked it is dotted identifiers)."""
    return tuple(dotted.split("."))


def dotted(path: tuple[str, ...]) -> str:
    return ".".join(path)


def mapped_in_section(mapping: dict[str, str], section_id: str, names: list[str]) -> dict[str, tuple[str, ...]]:
    """The mapped path of each of the section's variables that has one: `section_id.NAME` wins over `NAME`."""
    found: dict[str, tuple[str, ...]] = {}
    for name in names:
        path = mapping.get(f"{section_id}.{name}", mapping.get(name))
        if path is not None:
            found[name] = split_path(path)
    return found


def mapping_clashes(computed: dict[str, tuple[str, ...]], mapped: dict[str, tuple[str, ...]],
                    reserved: frozenset[str] | set[str], family_keys_taken: dict[str, str]) -> list[str]:
    """Why the section's paths, with the mapped ones in place of the computed ones, cannot share one values file.

    Every variable keeps its computed path unless mapped, so only pairs with a mapped path can clash: the same
    path twice, or one path inside another (`db` holding a value while `db.host` needs `db` to be a map). A
    mapped path may not start at a key the chart keeps (`existingSecret`, `deployment`, ...) or at a family's
    map (`family_keys_taken`: key -> the family's pattern). Sorted, one sentence each; empty when all is well.
    """
    problems: list[str] = []
    for name in sorted(mapped):
        path = mapped[name]
        if path[0] in reserved:
            problems.append(f"{name} -> {dotted(path)}: the chart keeps the key {path[0]!r} for itself")
        elif path[0] in family_keys_taken:
            problems.append(f"{name} -> {dotted(path)}: {path[0]!r} is the map of the templated names "
                            f"{family_keys_taken[path[0]]}")
    final = computed | mapped

    def shown(var: str) -> str:
        return f"{var} -> {dotted(final[var])} ({'mapped' if var in mapped else 'computed'})"

    ordered = sorted(final.items(), key=lambda item: (item[1], item[0]))
    for i, (name, path) in enumerate(ordered):
        same: list[str] = []
        inside: list[str] = []
        # Sorted tuples put every path that starts with `path` right after it.
        for other, other_path in ordered[i + 1:]:
            if other_path[:len(path)] != path:
                break
            if name in mapped or other in mapped:
                (same if other_path == path else inside).append(other)
        for other in same:
            fix = f"map {other} too" if other not in mapped else f"map {name} too" if name not in mapped else \
                "change one of them"
            problems.append(f"{shown(name)} and {shown(other)} are the same key ({fix})")
        if inside:
            listed = ", ".join(shown(v) for v in inside[:3]) + (f" and {len(inside) - 3} more" if len(inside) > 3 else "")
            verb = "needs" if len(inside) == 1 else "need"
            problems.append(f"{shown(name)} holds a value, but {listed} {verb} {dotted(path)} to be a map")
    return problems
