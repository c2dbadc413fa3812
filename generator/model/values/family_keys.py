"""Templated names (STORAGE_<LOCATION>_ROOT): which keys fill a family's placeholder."""

from __future__ import annotations

import re
from collections.abc import Mapping

# ---- templated names: STORAGE_<LOCATION>_ROOT read for every LOCATION key.

_KEY = re.compile(r"[A-Z0-9]+(?:_[A-Z0-9]+)*")


def env_key(key: str) -> str:
    """The key as it appears in a variable's name: `s3` -> `S3`, `eu-west` -> `EU_WEST`."""
    return key.upper().replace("-", "_")


def is_family_key(key: str) -> bool:
    """True for what fills a family's placeholder: upper-case words of letters and digits (S3, EU_WEST)."""
    return _KEY.fullmatch(key) is not None


def scan_keys(
    env: Mapping[str, str],
    prefix: str,
    suffixes: tuple[str, ...],
    ignore: tuple[str, ...] = (),
) -> list[str]:
    """Keys (lower-case, sorted) of every set PREFIX<KEY>SUFFIX name; the longest suffix wins.

    `ignore`: documented variables of their own that happen to fit the pattern.
    """
    ordered = sorted(suffixes, key=len, reverse=True)
    keys: set[str] = set()
    for name, value in env.items():
        if not value or not name.startswith(prefix) or name in ignore:
            continue
        rest = name[len(prefix) :]
        for suffix in ordered:
            if rest.endswith(suffix) and len(rest) > len(suffix):
                key = rest[: len(rest) - len(suffix)]
                if is_family_key(key):
                    keys.add(key.lower())
                break
    return sorted(keys)


def list_keys(raw: str, separator: str) -> list[str]:
    """The keys a list variable names (STORAGE_LOCATIONS=local,s3): lower-case, in order, once each."""
    parts = raw.split() if separator == " " else raw.split(separator)
    return list(dict.fromkeys(part.strip().lower() for part in parts if part.strip()))
