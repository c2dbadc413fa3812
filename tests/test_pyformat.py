"""The statement-level formatter must write exactly what black writes."""

from __future__ import annotations

import keyword

import black
from hypothesis import given, settings
from hypothesis import strategies as st

from docenv.targets.python import pyformat

IDENT = st.from_regex(r"[a-z][a-z0-9_]{0,70}", fullmatch=True).filter(lambda s: not keyword.iskeyword(s))
NAME = st.from_regex(r"[A-Z][A-Z0-9_]{0,70}", fullmatch=True)
ANNOTATION = st.sampled_from(["str", "int | None", "Secret[str] | None", "list[str]", "Path | None",
                              'Literal["a", "b"] | None', "_X_CHOICES | None"])
DEFAULT = st.one_of(st.integers(), st.text(max_size=40).map(pyformat.py_str), st.just("None"),
                    st.just("p.missing(104)"), st.just('_rt.parse_path("~/.config")'))


def black_of(code: str, indent: int) -> str:
    context = {4: "class _:\n", 8: "class _:\n    def _(self):\n"}[indent]
    return black.format_str(context + " " * indent + code + "\n", mode=black.Mode())[len(context):]


@settings(max_examples=300, deadline=None)
@given(IDENT, ANNOTATION, NAME, st.integers(1, 99999))
def test_field_declarations_match_black(ident: str, annotation: str, name: str, line: int) -> None:
    argument = f'metadata={{"env": "{name}", "line": {line}}}'
    ours = pyformat.wrapped_call(f"{ident}: {annotation}", "field", argument, 4)
    assert ours == black_of(f"{ident}: {annotation} = field({argument})", 4)


@settings(max_examples=300, deadline=None)
@given(IDENT, st.sampled_from(["v", "p(_rt.parse_int, v, 12)", "Secret(v)", "p(_RT_VERY_LONG_PARSER, v, 12345, True)"]),
       DEFAULT, st.booleans())
def test_reads_match_black(ident: str, value: str, otherwise: str, annotated: bool) -> None:
    target = f"{ident}: _X_CHOICES | None" if annotated else ident
    ours = pyformat.wrapped_ternary(target, value, "v", otherwise, 8)
    assert ours == black_of(f"{target} = {value} if v else {otherwise}", 8)
