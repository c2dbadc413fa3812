"""Property: for any environment a service could be given, from_env(cfg.to_env()) == cfg, for every class."""

from __future__ import annotations

import json
import string
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import neosync_config
from docenv.generate.parse import parse_document
from docenv.model.document import Section, Variable
from docenv.targets.python.naming import class_name
from docenv.read.sources import read_doc

from .conftest import FIXTURES, SEED

SECTIONS = parse_document(read_doc(str(SEED)), "seed").document.sections
GO_BOOLS = ["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=20)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


def value_strategy(var: Variable) -> st.SearchStrategy[str]:
    """Environment strings that are valid for the variable, including unusual spellings."""
    if var.type == "int":
        return st.integers(-(10**12), 10**12).map(str) | st.integers(0, 999).map(lambda n: f"+{n:04d}")
    if var.type == "bool":
        return st.sampled_from(GO_BOOLS)
    if var.type == "url":
        host = st.text(string.ascii_lowercase + string.digits + ".-", min_size=1, max_size=12)
        return st.builds(lambda s, h, p: f"{s}://{h}{p}", st.sampled_from(["http", "https", "redis"]), host,
                         st.sampled_from(["", "/", ":8080/x?y=1"]))
    if var.type == "enum":
        return st.sampled_from(var.choices or ())
    if var.type == "json":
        return JSON.map(json.dumps)
    if var.type == "list[str]":
        sep = var.separator or ","
        item = TEXT.filter(lambda s: sep not in s and s.strip() and not (sep == " " and any(c.isspace() for c in s)))
        return st.lists(item, min_size=1, max_size=4).map(lambda items: (sep + " " if sep == "," else sep).join(items))
    if var.type == "float":
        return st.floats(allow_nan=False, allow_infinity=False).map(repr)
    if var.type == "duration":
        part = st.builds(lambda n, unit: f"{n}{unit}", st.integers(0, 10**6), st.sampled_from(["ns", "us", "ms", "s", "m", "h"]))
        return st.lists(part, min_size=1, max_size=3).map("".join) | st.just("0") | st.just("-1.5h")
    if var.type == "path":
        return TEXT.filter(lambda s: "\x00" not in s)
    return TEXT


def environment(section: Section) -> st.SearchStrategy[dict[str, str]]:
    entries = {}
    for var in section.variables:
        value = value_strategy(var)
        entries[var.name] = value if var.required else st.none() | st.just("") | value
    return st.fixed_dictionaries(entries).map(lambda env: {k: v for k, v in env.items() if v is not None})


SAMPLE = parse_document(read_doc(str(FIXTURES / "all_types.md")), "sample").document.sections[0]


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
def test_round_trip_for_every_class(section: Section) -> None:
    _check_round_trip(getattr(neosync_config, class_name(section.id)), section, neosync_config.ConfigError)


def test_round_trip_for_every_type(sample_package: ModuleType) -> None:
    _check_round_trip(sample_package.ServiceConfig, SAMPLE, sample_package.ConfigError)


def _check_round_trip(cls: Any, section: Section, config_error: type[Exception]) -> None:
    conditional = {v.name: v.required_if for v in section.variables if v.required_if is not None}

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(environment(section))
    def check(env: dict[str, str]) -> None:
        try:
            cfg = cls.from_env(env)
        except config_error as error:
            # The only way a valid environment can fail: a required-if whose condition holds.
            for problem in error.problems:  # type: ignore[attr-defined]
                cond = conditional[problem.variable]
                if cond.values:
                    assert env.get(cond.variable) in ("1", "t", "T", "TRUE", "true", "True", *cond.values)
                else:  # required whenever the other variable is set
                    assert env.get(cond.variable)
            return
        assert cls.from_env(cfg.to_env()) == cfg
        assert cls.from_env(cfg.to_env()).to_env() == cfg.to_env()

    check()
