"""Go names for what the doc names: exported identifiers with Go's initialisms, unique in one package."""

from __future__ import annotations

import re

# Written in capitals in Go names (golint's list, and DB): `DB_HOST` -> `DBHost`, `API_URL` -> `APIURL`.
INITIALISMS = frozenset(
    "ACL API ASCII CPU CSS DB DNS EOF GUID HTML HTTP HTTPS ID IP JSON JWT LHS QPS RAM RHS RPC SLA SMTP SQL SSH "
    "SSL TCP TLS TTL UDP UI UID UUID URI URL UTF8 VM XML XMPP XSRF XSS CLI".split())
# A name word that ends in an initialism it is made of: `CLIENTID` -> Client + ID, `BASEURL` -> Base + URL.
_COMPOUND_TAILS = ("URL", "URI")
_ID_HEADS = frozenset("CLIENT USER APP PROJECT ACCOUNT TENANT ORG TEAM KEY REQUEST SESSION TRACE SPAN PROVIDER "
                      "NODE WORKSPACE INSTANCE DEVICE JOB RUN GROUP ROLE".split())
_KEYWORDS = frozenset("break case chan const continue default defer else fallthrough for func go goto if import "
                      "interface map package range return select struct switch type var".split())


def _word(word: str) -> str:
    upper = word.upper()
    if upper in INITIALISMS:
        return upper
    for tail in _COMPOUND_TAILS:
        if upper.endswith(tail) and len(upper) > len(tail) + 2:
            return _word(upper[: -len(tail)]) + tail
    if upper.endswith("ID") and upper[:-2] in _ID_HEADS:
        return upper[:-2].capitalize() + "ID"
    return word[:1].upper() + word[1:].lower()


def exported(text: str) -> str:
    """`backend_api` -> `BackendAPI`, `AUTH_CLIENTID_SECRET` -> `AuthClientIDSecret`; never empty, never
    starting with a digit."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]
    name = "".join(_word(w) for w in words) or "Value"
    return "V" + name if name[0].isdigit() else name


def unexported(name: str) -> str:
    """An exported Go name made unexported: `DBHost` -> `dbHost`, `FamStorage` -> `famStorage`, `URL` -> `url`."""
    run = re.match(r"[A-Z0-9]*", name)
    head = run.group(0) if run else ""
    if 1 < len(head) < len(name):
        head = head[:-1]  # the capital that starts the next word stays
    lowered = head.lower() + name[len(head):] if head else name
    return lowered + "_" if lowered in _KEYWORDS else lowered


def package_name(text: str) -> str:
    """A Go package name: lower-case letters and digits (`neosync_config` -> `neosyncconfig`)."""
    name = re.sub(r"[^a-z0-9]", "", text.lower())
    if not name or name[0].isdigit():
        name = "config" + name
    return name + "_" if name in _KEYWORDS else name


class Names:
    """Allocates exported names in one package: a taken name gets the next free number (`Worker2`)."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())

    def take(self, base: str) -> str:
        name, n = base, 2
        while name in self.taken:
            name, n = f"{base}{n}", n + 1
        self.taken.add(name)
        return name


def unique(bases: list[str], taken: set[str] | None = None) -> list[tuple[str, bool]]:
    """A unique name for each base, in order, flagged True when it had to be numbered."""
    names = Names(taken)
    return [(name, name != base) for base in bases for name in [names.take(base)]]
