"""The Jinja environment every target renders with.

Doc text only ever reaches a template as data, never as template source, so `{{ }}` in a
description is printed, not evaluated. Escaping is done by the named filters below.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from . import escaping

# docenv/templates once built into a wheel; templates/ beside the source folder in a checkout.
_PACKAGE = Path(__file__).resolve().parents[1]
_INSTALLED = _PACKAGE / "templates"
TEMPLATES = _INSTALLED if _INSTALLED.is_dir() else _PACKAGE.parent / "templates"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["docstring"] = escaping.py_docstring
    env.filters["pyrepr"] = escaping.py_literal
    env.filters["comment"] = escaping.comment
    env.filters["yaml_string"] = escaping.yaml_string
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


@lru_cache(maxsize=1)
def helm_environment() -> jinja2.Environment:
    """For Helm's Go templates, which use {{ }} themselves: docenv's own tags are [[ ]] and [% %]."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES / "helm")),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        block_start_string="[%",
        block_end_string="%]",
        variable_start_string="[[",
        variable_end_string="]]",
        comment_start_string="[#",
        comment_end_string="#]",
    )
    env.filters.update(environment().filters)
    env.filters["go_comment"] = escaping.go_template_comment
    return env


def render_helm(template: str, **context: Any) -> str:
    return helm_environment().get_template(template).render(**context)
