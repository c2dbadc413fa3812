"""A documented default as the environment string that means it, for every output that writes one."""

from __future__ import annotations

from .document import Variable


def default_env_string(var: Variable) -> str | None:
    """The doc's literal default, which parses exactly like a value set in the environment.

    None when the doc gives no literal default (none, prose, or a reference to another variable).
    """
    return var.default_literal if var.default is not None else None
