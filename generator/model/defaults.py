"""A documented default as the environment string that means it, and where a `$OTHER` default leads:
the same for every output."""

from __future__ import annotations

from .document import Variable


def default_env_string(var: Variable) -> str | None:
    """The doc's literal default, which parses exactly like a value set in the environment.

    None when the doc gives no literal default (none, prose, or a reference to another variable).
    """
    return var.default_literal if var.default is not None else None


def reference_chain(var: Variable, documented: dict[str, Variable]) -> tuple[list[str], str | None]:
    """The variables a `$OTHER` default reads in turn, and the literal default that ends the chain."""
    chain: list[str] = []
    current = var
    while current.default_ref is not None and current.default_ref not in chain and current.default_ref != var.name:
        chain.append(current.default_ref)
        target = documented.get(current.default_ref)
        if target is None or target.required:
            return chain, None
        literal = default_env_string(target)
        if literal:
            return chain, literal
        current = target
    return chain, None
