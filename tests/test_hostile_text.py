"""Hostile doc text never breaks out of a generated file.

Descriptions, defaults, choices, section titles and names are untrusted: they flow into Python,
YAML, JSON, dotenv and Go-template files. For random hostile docs (Hypothesis) and for one fixed
"nastiest" doc (tests/golden/hostile/doc.md), every output is generated with the real CLI and then
read back by the tool that really consumes it:

- Python: every module compiles and imports; each field's docstring (read with `ast`) is exactly the
  description the parser produced; every variable is reachable through field metadata {"env": NAME};
  `from_env` applies each documented default and each choice; `from_env(cfg.to_env()) == cfg`.
- .env.example: python-dotenv reads exactly the required variables as active; after uncommenting
  the last line of each block it reads exactly each documented default literal.
- values.yaml (PyYAML): exactly the intended value and type at the path `values_paths` gives; the
  chart's own keys intact; Chart.yaml's description exactly the text it quotes.
- values.schema.json: valid JSON Schema whose descriptions and enums are exactly the doc's.
- Helm: lint reports no errors; the chart renders with its own values (plus ci/lint-values.yaml);
  the ConfigMap and Secret hold exactly the expected keys and strings, so nothing was evaluated;
  the template files, with Go comments removed as Go's lexer delimits them, are identical to the
  templates of the same model with benign titles and descriptions, so no doc text reached Go.
- model.json: the model, exactly.

Every generator bug these properties found keeps its minimal input as a regression test (test_fixed_*,
each naming the bug and where it was). A new bug goes in as a strict xfail test with its minimal input
(reason: "file:line what breaks"); while it is open, the strategies may leave out exactly its input
(and the golden doc's checks may mark the section holding it xfail). Strict, so a fix is noticed: then
drop the marker and the exclusion, and the property covers that input again.
"""

from __future__ import annotations

import ast
import base64
import dataclasses
import importlib
import itertools
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import helm_python
import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docenv.model import values as runtime
from docenv.generate.parse import parse_document
from docenv.model.defaults import default_env_string
from docenv.model.types import check_default
from docenv.cli import main
from docenv.targets.helm.chart import chart_name, render_charts
from docenv.targets.helm.layout import RESERVED
from docenv.model.document import Document, Section, Variable
from docenv.targets.model_json import document_json
from docenv.targets.python.naming import unique_identifiers
from docenv.targets.helm.values_paths import values_paths

from .conftest import generate_into, import_generated, uncomment_last_lines
from .conftest import read_dotenv as read_dotenv_with

GOLDEN_DOC = Path(__file__).resolve().parent / "golden" / "hostile" / "doc.md"
DOC_NAME = "doc"  # the doc is always written as doc.md: charts are doc-<section>, env files under doc/env
HEADER = "| Variable | Description | Required | Default |\n| --- | --- | --- | --- |\n"
# docenv refuses a doc with NUL in its first 8 KB as binary; padding lets NUL reach the parser.
PADDING = "<!-- " + "padding " * 1100 + "-->\n\n"
_PACKAGES = itertools.count()



# ---- hostile material

QUOTES = ['"', "'", "`", '"""', "'''", "```", '""', "''", '""""', "´", "‘", "’", "‚", "“", "”", "„", "«", "»",
          "‹", "›", "＂", "＇", '\\"', "\\'", '"\'"', "'\"'"]
BACKSLASHES = ["\\", "\\\\", "\\n", "\\x00", "\\u2028", "\\N{BULLET}", "C:\\path\\", "\\\\\\"]
TEMPLATES = ["{{ .Release.Name }}", "{{/* */}}", "*/}}", "*/", "/*", "{{- /* x */ -}}", "{{", "}}", "{{{", "}}}",
             "{{ fail \"evaluated\" }}", "{{ end }}", "{{ define \"x\" }}y{{ end }}", "{% if x %}y{% endif %}",
             "{%", "%}", "{#", "#}", "[[ chart ]]", "[% if x %]", "[# c #]", "${VAR}", "$(id)", "$HOME", "`id`",
             "%s", "{0}", "{}", "%(x)s"]
YAML_SPECIALS = [": ", "- ", "* ", "&a", "*a", "!tag", "!!python/object/apply:os.system", "? ", "|", ">", "|-",
                 "<<", "---", "...", "%YAML 1.1", "@", "#", " # ", "key: value", "[a, b]", "{a: b}", ",", "=",
                 "\\|"]
TRAPS = ["no", "on", "yes", "off", "y", "n", "0640", "1e3", "12:30", "~", "null", "Null", ".inf", "-.inf", ".nan",
         "0x1F", "1_000", "2001-12-14", "true", "False", "0", "-0", "+1", "0o17", "1:2:3", "1.50"]
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\t", "\x0b", "\x0c", "\x1b[31m", "\x1c", "\x1f", "\x7f", "\x85",
            "\x9b", "\x9f", "\u2028", "\u2029"]
UNICODE = ["é", "Ünïcødé", "漢字", "日本語のテキスト", "🎉", "👩‍👩‍👧", "\u200f", "\u200e", "\u202e", "\u2066",
           "\u2069", "\u200b", "\ufeff", "\xa0", "\u3000", "ﬁ", "e\u0301", "עברית", "العربية", "𝕳", "\U0010fffd"]
MARKDOWN = ["<br>", "**b**", "_i_", "&amp;", "&#124;", "<b>x</b>", "[l](http://x)", "<!-- c -->", "\\*"]
ATOMS = QUOTES + BACKSLASHES + TEMPLATES + YAML_SPECIALS + TRAPS + CONTROLS + UNICODE + MARKDOWN

# Names: keywords and names the generated code uses, pairs that clash once made identifiers or
# values keys, keys the chart keeps, credentials (secrets) and names that pick a type.
NAME_POOL = ["FROM", "CLASS", "IMPORT", "NONE", "SELF", "CLS", "ENV", "READER", "FROM_ENV", "TO_ENV", "OS", "FIELD",
             "STR", "DATACLASS", "TIMEDELTA", "SECRET", "PATH", "ANY", "LITERAL", "SOURCE", "_", "__", "_1", "X1",
             "EXISTING_SECRET", "NAME_OVERRIDE", "FULLNAME_OVERRIDE", "ADMIN_PASSWORD", "API_TOKEN", "DB_HOST",
             "DB_PORT", "DB_NAME", "DB", "CALLBACK_URL", "DATA_DIR", "CACHE_SECONDS", "FEATURE_ENABLED",
             # YAML 1.1 words (keys of the rendered ConfigMap and Secret) and from_env's own locals
             "NO", "ON", "OFF", "YES", "Y", "N", "TRUE", "FALSE", "NULL", "GET", "P", "V"]
CLASH_GROUPS = [("MAX_MB", "max_mb"), ("A_B", "A__B"), ("FROM", "FROM_"), ("_A", "A", "A_"), ("X", "x"),
                ("CLASS", "class", "CLASS_"), ("SELF", "_SELF_"), ("DEPLOYMENT_A", "DEPLOYMENT_B", "DEPLOYMENT_C"),
                ("NAME_OVERRIDE", "NAME_OVERRIDE_"), ("V", "v", "P", "GET")]
# Titles whose section ids, modules or class names clash (a_b2 and a_b_2 are both AB2Config).
CLASH_TITLES = ["A B2", "A B", "A  B", "From", "from", "Class", "", "漢字", "🎉", "Section", "_"]
CHOICE_ATOMS = ["no", "on", "yes", "off", "y", "0640", "1e3", "12:30", "null", "-", "+", "a:b", "/x", "1_0", "true",
                "-1", "0x1F", ":", "_", "a/b+c"]
REQUIRED_CELLS = ["no", "yes", "", "No", "Yes"]
# Description openings that pick a type or make a secret, and defaults of every type (hostile where they can be).
PREFIXES = ["", "", "Password: ", "Whether ", "A JSON object: ", "Comma-separated: ", "Space-separated: "]
TYPED_DEFAULTS = ["0", "-1", "42", "+7", "1.50", "-0.5", "true", "False", "10s", "1m30s", "0640", "1e3",
                  '{"a": "{{ .Release.Name }}", "b": [1, 2.5, null], "c": "#: \\u2028"}', '["x", "\\u0085"]',
                  "a, b , {{ x }}", "a b\tc", "http://x.example/{{ .Release.Name }}?q='\"", "~/.config/*", "/tmp/x y"]

# Any character a doc line can hold (a line break would end the table row).
_CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r")


def hostile_text(long: bool, max_parts: int = 6) -> st.SearchStrategy[str]:
    """Hostile atoms, random characters and (when `long`) very long repetitions, joined."""
    atom = st.sampled_from(ATOMS)
    parts = [atom, atom, st.text(_CHARS, max_size=10)]
    if long:
        parts.append(st.builds(lambda a, n: a * n, atom, st.integers(20, 150)))
    return st.builds(lambda ps, sep: sep.join(ps), st.lists(st.one_of(parts), min_size=1, max_size=max_parts),
                     st.sampled_from(["", " "]))


# Values of a "Required if X is '...'" condition: anything but quotes, backticks and line breaks (which
# end the condition).
CONDITION_VALUES = [a for a in ATOMS if not re.search("[`\"'\n]|<br>", a) and a.strip()]
_DESCRIPTION = hostile_text(long=True)
_TITLE = st.one_of(hostile_text(long=False, max_parts=5), hostile_text(long=True, max_parts=2),
                   st.sampled_from(CLASH_TITLES))
_DEFAULT = hostile_text(long=True)


NAME = st.one_of(st.sampled_from(NAME_POOL), st.from_regex(r"[A-Z_][A-Z0-9_]{0,10}", fullmatch=True))


# ---- writing Markdown


def cell(text: str) -> str:
    """Text as a table cell: a pipe must be escaped, or it ends the cell."""
    return text.replace("|", "\\|")


def code_span(text: str) -> str:
    """`text` in a code span whose fence is longer than any backtick run inside it."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


@dataclass(frozen=True)
class Row:
    name: str
    description: str
    required: str
    default: str  # the default cell as Markdown (already a code span, quoted or bare)


def markdown(sections: list[tuple[str, list[Row]]]) -> str:
    body = "".join(
        f"## {title}\n\n" + HEADER
        + "".join(f"| `{r.name}` | {cell(r.description)} | {r.required} | {cell(r.default)} |\n" for r in rows) + "\n"
        for title, rows in sections
    )
    return (PADDING if "\x00" in body else "") + body


@st.composite
def rows(draw: st.DrawFn, name: str, others: list[str]) -> Row:
    description = draw(st.sampled_from(PREFIXES)) + draw(_DESCRIPTION)
    choices = draw(st.none() | st.lists(st.sampled_from(CHOICE_ATOMS), min_size=2, max_size=4, unique=True))
    if choices:
        description += f" Options are {', '.join(choices[:-1])} or {choices[-1]}"
    controllers = [o for o in others if re.fullmatch("[A-Z][A-Z0-9_]*", o)]
    if controllers and draw(st.integers(0, 3)) == 0:
        values = draw(st.lists(st.sampled_from(CONDITION_VALUES), min_size=1, max_size=2))
        description += f". Required if {draw(st.sampled_from(controllers))} is " + " or ".join(f"'{v}'" for v in values)
    required = draw(st.sampled_from(REQUIRED_CELLS))
    kind = draw(st.sampled_from(["code", "code", "code", "quoted", "bare", "none", "typed", "ref"]))
    value = draw(st.sampled_from(choices) if choices and draw(st.booleans()) else _DEFAULT)
    if kind == "typed":
        kind, value = "code", draw(st.sampled_from(TYPED_DEFAULTS))
    if kind == "ref":
        kind, value = "code", "${" + draw(st.sampled_from([*others, "UNDOCUMENTED"])) + "}"
    default = {"code": code_span(value), "quoted": f'"{value}"', "bare": value, "none": ""}[kind]
    return Row(name, description, required, default)


@st.composite
def hostile_docs(draw: st.DrawFn) -> list[tuple[str, list[Row]]]:
    sections = []
    for _ in range(draw(st.integers(1, 3))):
        title = draw(_TITLE)
        names = draw(st.lists(NAME, min_size=1, max_size=4, unique=True))
        if draw(st.booleans()):
            names += [n for n in draw(st.sampled_from(CLASH_GROUPS)) if n not in names]
        names = draw(st.permutations(names))
        sections.append((title, [draw(rows(name, [n for n in names if n != name])) for name in names]))
    return sections


# ---- generating and reading back


@dataclass(frozen=True)
class Generated:
    text: str
    out: Path
    package: str
    document: Document


def generate(tmp: Path, text: str) -> Generated:
    package = f"hostile_{next(_PACKAGES)}"
    doc = tmp / "doc.md"
    doc.write_text(text, encoding="utf-8")
    generate_into(doc, tmp / "out", package)
    return Generated(text, tmp / "out", package, parse_document(text, "doc.md").document)


def modules(document: Document) -> list[str]:
    return [module for module, _ in unique_identifiers([s.id for s in document.sections])]


def config_class(source: str) -> ast.ClassDef:
    """The one config class a section module defines."""
    (cls,) = [node for node in ast.parse(source).body if isinstance(node, ast.ClassDef)]
    return cls


def field_docstrings(cls: ast.ClassDef) -> dict[str, str]:
    """Env name -> the string statement right after the field's annotated assignment, read with ast."""
    docs: dict[str, str] = {}
    for stmt, following in zip(cls.body, [*cls.body[1:], None]):
        if not isinstance(stmt, ast.AnnAssign):
            continue
        assert isinstance(stmt.value, ast.Call), ast.dump(stmt)
        metadata = next(k.value for k in stmt.value.keywords if k.arg == "metadata")
        env = ast.literal_eval(metadata)["env"]
        assert isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant), env
        assert isinstance(following.value.value, str), env
        assert env not in docs, f"{env} has two fields"
        docs[env] = following.value.value
    return docs


# A valid environment string per type, for required variables (enums use their first choice).
PLACEHOLDER_ENV = {"str": "x", "url": "https://example.com", "path": "/x", "duration": "1s", "int": "1",
                   "float": "1.5", "bool": "true", "json": "{}", "list[str]": "a"}


def needed_env(document: Document, section: Section) -> dict[str, str]:
    """Values for the variables from_env cannot do without: required ones, required-if ones with no
    default, and references whose fallback (the other variable's documented default) is no valid value
    of their own type (lint DV113: with neither set, the variable is invalid).

    A variable whose default is a reference reads the other variable's value when it is unset, as
    documented; when that other variable gets a placeholder here, the referencing one gets its own, so
    that no placeholder of one type reaches a variable of another."""
    documented = {v.name: v for s in document.sections for v in s.variables} | {v.name: v for v in section.variables}

    def invalid_fallback(var: Variable) -> bool:
        target = documented.get(var.default_ref or "")
        literal = default_env_string(target) if target is not None and not target.required else None
        return bool(literal) and check_default(var.type, var.choices, var.separator, literal or "") is not None

    env = {v.name: placeholder(v) for v in section.variables
           if v.required or (v.required_if is not None and not v.has_default) or invalid_fallback(v)}
    return with_references(section, env)


def placeholder(var: Variable) -> str:
    return var.choices[0] if var.type == "enum" and var.choices else PLACEHOLDER_ENV[var.type]


def with_references(section: Section, env: dict[str, str]) -> dict[str, str]:
    """`env`, plus a placeholder of its own for each variable that would read one set in `env` (through
    any chain of references)."""
    env = dict(env)
    while more := {v.name: placeholder(v) for v in section.variables if v.default_ref in env and v.name not in env}:
        env |= more
    return env


def python_default(var: Variable) -> Any:
    """What from_env gives for a documented default."""
    assert var.default_literal is not None
    if var.type == "path":
        return Path(os.path.expanduser(var.default_literal))
    if var.type == "duration":
        return runtime.parse_duration(var.default_literal)
    return var.default


def normalise(text: str) -> str:
    return " ".join(text.split())


def check_python(g: Generated) -> None:
    folder = g.out / g.package
    for path in sorted(folder.glob("*.py")):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    try:
        package = import_generated(g.out, g.package)
        for section, module_name in zip(g.document.sections, modules(g.document), strict=True):
            tree = config_class((folder / f"{module_name}.py").read_text(encoding="utf-8"))
            cls_name = tree.name
            assert field_docstrings(tree) == {v.name: v.description for v in section.variables}
            module = importlib.import_module(f"{g.package}.{module_name}")
            cls = getattr(module, cls_name)
            assert getattr(package, cls_name) is cls, f"{cls_name} of {module_name} is not the package's"
            fields = {f.metadata["env"]: f.name for f in dataclasses.fields(cls)}
            assert list(fields) == [v.name for v in section.variables]
            assert len(set(fields.values())) == len(fields)
            assert normalise(section.title) in normalise(cls.__doc__ or "")
            env = needed_env(g.document, section)
            config = cls.from_env(env)
            for var in section.variables:
                if var.has_default:
                    got = getattr(config, fields[var.name])
                    got = got.reveal() if var.secret else got
                    assert got == python_default(var) and type(got) is type(python_default(var)), var.name
                for choice in var.choices or ():
                    got = getattr(cls.from_env(with_references(section, env | {var.name: choice})),
                                  fields[var.name])
                    assert (got.reveal() if var.secret else got) == choice, (var.name, choice)
            assert cls.from_env(config.to_env()) == config
    finally:
        for name in [m for m in sys.modules if m == g.package or m.startswith(g.package + ".")]:
            del sys.modules[name]


def check_model_json(g: Generated) -> None:
    data = json.loads((g.out / DOC_NAME / "model.json").read_text(encoding="utf-8"))
    assert data["sections"] == document_json(g.document, [])["sections"]


def read_dotenv(text: str) -> dict[str, str | None]:
    return read_dotenv_with(text, interpolate=False)


def check_dotenv(g: Generated) -> None:
    for section in g.document.sections:
        text = (g.out / DOC_NAME / "env" / f"{section.id}.env.example").read_text(encoding="utf-8")
        active = read_dotenv(text)
        assert active == {v.name: "" for v in section.variables if v.required}
        values = read_dotenv(uncomment_last_lines(text))
        assert list(values) == [v.name for v in section.variables]
        for var in section.variables:
            expected = var.default_literal if var.has_default and not var.secret else ""
            assert values[var.name] == expected, var.name


def chart_dir(g: Generated, section: Section) -> Path:
    return g.out / "helm" / chart_name(DOC_NAME, section)


def paths_of(section: Section) -> dict[str, tuple[str, ...]]:
    return values_paths([v.name for v in section.variables], RESERVED)


def at(tree: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        assert isinstance(tree, dict) and key in tree, f"no key {'.'.join(path)}"
        tree = tree[key]
    return tree


def nest(tree: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value


def has(tree: Any, path: tuple[str, ...]) -> bool:
    for key in path:
        if not isinstance(tree, dict) or key not in tree:
            return False
        tree = tree[key]
    return True


def expected_value(var: Variable) -> Any:
    return None if var.required or var.secret or var.default is None else var.default


def lint_values(chart: Path) -> dict[str, Any]:
    path = chart / "ci" / "lint-values.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.exists() else {}


def check_values_and_schema(g: Generated, only: str | None = None) -> None:
    for section in (s for s in g.document.sections if only in (None, s.id)):
        chart = chart_dir(g, section)
        paths = paths_of(section)
        values = yaml.safe_load((chart / "values.yaml").read_text(encoding="utf-8"))
        for var in section.variables:
            node, expected = at(values, paths[var.name]), expected_value(var)
            assert node == expected and type(node) is type(expected), var.name
        # Exactly these keys and nothing else: no doc text became a key of its own.
        expected_tree: dict[str, Any] = {}
        for var in section.variables:
            nest(expected_tree, paths[var.name], expected_value(var))
        expected_tree |= {"existingSecret": "",
                          "deployment": {"enabled": False, "replicas": 1, "image": {"repository": "", "tag": ""}}}
        assert values == expected_tree
        placeholders = lint_values(chart)
        for var in section.variables:
            if var.required:
                at(placeholders, paths[var.name])
        chart_yaml = yaml.safe_load((chart / "Chart.yaml").read_text(encoding="utf-8"))
        command = f" ({section.command})" if section.command else ""
        assert chart_yaml["description"] == f"Environment of {section.title}{command}, as documented in doc.md"
        schema = json.loads((chart / "values.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        for var in section.variables:
            leaf: Any = schema
            for key in paths[var.name]:
                leaf = leaf["properties"][key]
            assert leaf["description"] == f"{var.description} ({var.name})".strip()
            if var.type == "enum":
                assert leaf["enum"] == [*(var.choices or ()), *([] if var.required else [None])]


def go_skeleton(text: str) -> str:
    """`text` without its Go template comments, delimited exactly as Go's lexer does; fails where Go would."""
    out: list[str] = []
    i = 0
    while (j := text.find("{{", i)) >= 0:
        out.append(text[i:j])
        k = j + 2
        if text[k : k + 1] == "-" and text[k + 1 : k + 2] in (" ", "\t", "\n", "\r"):
            k += 2
        if text.startswith("/*", k):
            end = text.find("*/", k + 2)
            assert end >= 0, f"unclosed Go comment at {j}"
            close = re.compile(r"(?:[ \t\r\n]-)?\}\}").match(text, end + 2)
            assert close, f"Go comment at {j} ends before its closing delimiter: {text[j:end + 6]!r}"
            i = close.end()
            continue
        m, quote = k, ""
        while m < len(text) and (quote or not text.startswith("}}", m)):
            char = text[m]
            if quote and char == "\\" and quote != "`":
                m += 1
            elif quote and char == quote:
                quote = ""
            elif not quote and char in "\"'`":
                quote = char
            m += 1
        assert m < len(text), f"unclosed Go action at {j}"
        out.append(text[j : m + 2])
        i = m + 2
    out.append(text[i:])
    return "".join(out)


def benign(document: Document) -> Document:
    """The same model with harmless section titles and descriptions (ids, names and types kept)."""
    return replace(document, sections=tuple(
        replace(s, title="Title", intro="", variables=tuple(replace(v, description="Description")
                                                             for v in s.variables))
        for s in document.sections))


def chart_files(document: Document) -> dict[str, str]:
    rendered = render_charts(document, DOC_NAME, "helm")
    return rendered[0] if isinstance(rendered, tuple) else rendered


def env_string(var: Variable, value: Any) -> str:
    """The string a container gets for `value`, as the chart's templates format it."""
    if var.type == "bool":
        return "true" if value else "false"
    if var.type == "int":
        return str(value)
    if var.type == "list[str]":
        return (var.separator or ",").join(value)
    if var.type == "json":  # toJson: a JSON string value, even "", is written with its quotes
        return json.dumps(value)
    return value if isinstance(value, str) else json.dumps(value)


def same_env_value(var: Variable, got: str, value: Any) -> bool:
    if var.type == "json":
        return bool(json.loads(got) == value)
    if var.type == "float":
        return float(got) == value
    return got == env_string(var, value)


def check_helm(g: Generated, only: str | None = None) -> None:
    twin = chart_files(benign(g.document))
    for section in (s for s in g.document.sections if only in (None, s.id)):
        chart = chart_dir(g, section)
        for path in sorted((chart / "templates").iterdir()):
            rel = f"helm/{chart.name}/templates/{path.name}"
            assert go_skeleton(path.read_text(encoding="utf-8")) == go_skeleton(twin[rel]), rel
        placeholders = lint_values(chart)
        report = helm_python.lint(str(chart), placeholders or None)
        assert report["errors"] == [], report
        assert [m for m in report["messages"] if m["severity"] > 2] == [], report
        with helm_python.Chart.load(str(chart)) as loaded:
            rendered = loaded.render(placeholders or None, name="r")
        manifests = {m["kind"]: m for text in rendered.values() for m in yaml.safe_load_all(text) if m}
        values = yaml.safe_load((chart / "values.yaml").read_text(encoding="utf-8"))
        paths = paths_of(section)
        config: dict[str, Any] = {}
        secret: dict[str, Any] = {}
        for var in section.variables:
            value = at(placeholders if has(placeholders, paths[var.name]) else values, paths[var.name])
            assert value is not None or not var.required, f"{var.name} is required but has no lint value"
            if value is not None and env_string(var, value) != "":
                (secret if var.secret else config)[var.name] = value
        data = manifests["ConfigMap"].get("data") or {}
        assert set(data) == set(config), (sorted(data, key=str), sorted(config))
        by_name = {v.name: v for v in section.variables}
        for name, value in config.items():
            assert same_env_value(by_name[name], data[name], value), name
        secret_data = (manifests.get("Secret") or {}).get("data") or {}
        assert set(secret_data) == set(secret)
        for name, value in secret.items():
            assert same_env_value(by_name[name], base64.b64decode(secret_data[name]).decode(), value), name


def check_all(g: Generated) -> None:
    check_model_json(g)
    check_python(g)
    check_dotenv(g)
    check_values_and_schema(g)
    check_helm(g)


# ---- the property


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(doc=hostile_docs())
# Found by a CI run: a JSON default that is the empty JSON string reaches the env as `""`.
@example(doc=[("A B2", [Row(name="FROM", description="\". Required if CLASS is '´'", required="no", default='`"`'),
                        Row(name="CLASS", description='A JSON object: "', required="no", default='`""""`')])])
def test_hostile_docs_never_break_any_output(doc: list[tuple[str, list[Row]]],
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    text = markdown(doc)
    g = generate(tmp_path_factory.mktemp("hostile"), text)
    # The doc reached the parser as written: every row became its variable, in order.
    assert [[v.name for v in s.variables] for s in g.document.sections] == [[r.name for r in rs] for _, rs in doc]
    check_all(g)


# ---- the permanent golden case


def golden_text() -> str:
    """tests/golden/hostile/doc.md with its markers expanded (code points, repetitions)."""
    raw = GOLDEN_DOC.read_text(encoding="utf-8")
    text = re.sub(r"⟪U\+([0-9A-F]{4,6})⟫", lambda m: chr(int(m.group(1), 16)), raw)
    return re.sub(r"⟪(\d+)×([^⟫]*)⟫", lambda m: m.group(2) * int(m.group(1)), text)


GOLDEN_SECTIONS = [s.id for s in parse_document(golden_text(), "doc.md").document.sections]
# Sections of the golden doc that trip an open bug, each with its strict xfail mark (none open now).
GOLDEN_OPEN_BUGS: dict[str, pytest.MarkDecorator] = {}


def golden_sections() -> list[Any]:
    return [pytest.param(s, id=s, marks=[GOLDEN_OPEN_BUGS[s]] if s in GOLDEN_OPEN_BUGS else [])
            for s in GOLDEN_SECTIONS]


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate(tmp_path_factory.mktemp("golden"), golden_text())


def test_golden_doc_holds_every_hostile_input(golden: Generated) -> None:
    text = golden.text
    assert "\x00" in text and "\x00" not in text.encode()[:8192].decode("utf-8", "ignore")
    assert len(GOLDEN_SECTIONS) == 12
    titles = " ".join(s.title for s in golden.document.sections)
    for needle in ["{{ .Release.Name }}", "{{/* */}}", "*/}}", "{{{", '"""', "'''", "\\", "漢字", "🎉", "\u202e",
                   "\x07", "\x1b", "\x85", "\u2028", "\ufffd", "\ufffe", ": ", "- ", "|", ">", "#", "~", "null",
                   "${VAR}",
                   "$(cmd)", "{% if x %}"]:
        assert needle in titles, needle
    variables = {v.name: v for s in golden.document.sections for v in s.variables}
    descriptions = " ".join(v.description for v in variables.values())
    literals = " ".join(v.default_literal or "" for v in variables.values())
    for needle in ["{{ .Release.Name }}", "{{/* */}}", "*/}}", '"""', "'''", "${VAR}", "$(rm -rf /)", "\x01",
                   "\x0b", "\x7f", "\u2029", "\ufffd", "\ufeff", "\u200f", "\n", "{% raw %}"]:
        assert needle in descriptions, needle
    for needle in ["{{ .Release.Name }}", "*/}}", '"', "'", "\\", "$(cmd)", "%(x)s", "\x01", "\x85", "\u2028",
                   "\ufffd", "\n", "🎉", ": - * & ! ? | > #"]:
        assert needle in literals, needle
    assert variables["LONG_DESCRIPTION"].description.endswith("end\\")
    assert len(variables["LONG_DEFAULT"].default_literal or "") > 5000
    for trap in ["no", "on", "yes", "off", "y", "0640", "1e3", "12:30", "~", ".inf", "0x1F", "2001-12-14"]:
        assert any(v.default_literal == trap for v in variables.values()), trap
    assert variables["TRAP_FLOAT"].default == 1.5 and variables["TRAP_BOOL"].default is True
    assert variables["CHOICE_TRAPS"].choices == ("no", "on", "yes", "0640", "12:30")
    assert variables["JSON_LABELS"].type == "json" and variables["HOST_LIST"].type == "list[str]"
    assert variables["ADMIN_PASSWORD"].secret and variables["API_TOKEN"].secret
    assert {"FROM", "CLASS", "MAX_MB", "max_mb", "A_B", "A__B", "_", "__", "NO", "NULL", "V", "P", "GET",
            "DEPLOYMENT_A"} <= set(variables)
    assert max(len(s.title) for s in golden.document.sections) > 1000


def test_golden_model_json(golden: Generated) -> None:
    check_model_json(golden)


def test_golden_python(golden: Generated) -> None:
    check_python(golden)


def test_golden_dotenv(golden: Generated) -> None:
    check_dotenv(golden)


@pytest.mark.parametrize("section", golden_sections())
def test_golden_values_and_schema(golden: Generated, section: str) -> None:
    check_values_and_schema(golden, only=section)


@pytest.mark.parametrize("section", golden_sections())
def test_golden_helm(golden: Generated, section: str) -> None:
    check_helm(golden, only=section)


def test_python_names_that_clash_are_all_reachable(golden: Generated) -> None:
    """FROM, CLASS, MAX_MB with max_mb, A_B with A__B...: distinct, valid fields, each found by its env name."""
    package = import_generated(golden.out, golden.package)
    try:
        section = next(s for s in golden.document.sections if s.title == "From")
        module = modules(golden.document)[golden.document.sections.index(section)]
        source = (golden.out / golden.package / f"{module}.py").read_text(encoding="utf-8")
        cls = getattr(package, config_class(source).name)
        fields = {f.metadata["env"]: f.name for f in dataclasses.fields(cls)}
        assert fields["FROM"] == "from_" and fields["CLASS"] == "class_"
        assert {fields["MAX_MB"], fields["max_mb"]} == {"max_mb", "max_mb_2"}
        assert fields["A_B"] != fields["A__B"]
        config = cls.from_env({"IMPORT": "i", "API_TOKEN": "t", "REQUIRED_STR": "r", "REQUIRED_ENUM": "c",
                               "TRUE": "t", "REQUIRED_DEFAULT": "d"})
        assert (getattr(config, fields["MAX_MB"]), getattr(config, fields["max_mb"])) == (1, 2)
        assert getattr(config, fields["_"]) == "u" and getattr(config, fields["__"]) == "uu"
        assert [getattr(config, fields[n]) for n in ("NO", "GET", "P", "V")] == ["no", "get", "p", "v"]
        assert getattr(config, fields["ADMIN_PASSWORD"]).reveal() == "hunter2\"'\\"
    finally:
        for name in [m for m in sys.modules if m == golden.package or m.startswith(golden.package + ".")]:
            del sys.modules[name]


def test_nul_in_the_first_8_kb_is_refused_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "doc.md").write_text("## S\n\n" + HEADER + "| FOO | a \x00 b | no | `x` |\n", encoding="utf-8")
    assert main(["generate", str(tmp_path / "doc.md"), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "binary file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# ---- bugs found: each minimal input stays as a test (open ones strict xfail)


def one_row_doc(name: str = "FOO", description: str = "d", default: str = "`x`", required: str = "no",
                title: str = "S") -> str:
    return f"## {title}\n\n{HEADER}| {name} | {description} | {required} | {default} |\n"


def test_fixed_reference_to_a_reference(tmp_path: Path) -> None:
    """Bug O: P (default `${R}`, R's default `${Q}`, Q's `x`) got no fallback and was None while R was 'x';
    to_env() wrote R, and from_env of it gave P 'x'. Now a reference follows the chain to Q's default."""
    doc = "## S\n\n" + HEADER + "| Q | d | no | `x` |\n| R | d | no | `${Q}` |\n| W | d | no | `${R}` |\n"
    g = generate(tmp_path, doc)
    package = import_generated(g.out, g.package)
    try:
        config = package.SConfig.from_env({})
        assert (config.w, config.r, config.q) == ("x", "x", "x")
        assert package.SConfig.from_env(config.to_env()) == config
    finally:
        for name in [m for m in sys.modules if m == g.package or m.startswith(g.package + ".")]:
            del sys.modules[name]


def test_fixed_to_env_cannot_leave_a_reference_unset(tmp_path: Path) -> None:
    """Bug N: P (choices a, b; default `${Q}`) came out None when Q's default 'x' was no choice of P, while
    to_env() still wrote Q, so from_env(cfg.to_env()) read 'x' into P and raised. Now a reference always
    falls back to Q's default: an empty environment is an error, and lint says so (DV113)."""
    text = "## S\n\n" + HEADER + "| Q | d | no | `x` |\n| P | Options are a or b | no | `${Q}` |\n"
    assert "DV113" in {d.code for d in parse_document(text, "doc.md").diagnostics}
    g = generate(tmp_path, text)
    check_all(g)
    package = import_generated(g.out, g.package)
    try:
        with pytest.raises(package.ConfigError):
            package.SConfig.from_env({})
        for env in ({"P": "a"}, {"Q": "b"}, {"P": "b", "Q": "x"}):
            config = package.SConfig.from_env(env)
            assert package.SConfig.from_env(config.to_env()) == config
    finally:
        for name in [m for m in sys.modules if m == g.package or m.startswith(g.package + ".")]:
            del sys.modules[name]


@pytest.mark.parametrize("doc", [
    pytest.param(one_row_doc(description="\uffff"), id="description"),
    pytest.param(one_row_doc(title="\ufffe"), id="section-title"),
])
def test_fixed_noncharacter_in_a_yaml_comment(doc: str, tmp_path: Path) -> None:
    """Bug A: escaping.comment kept U+FFFE/U+FFFF, which YAML forbids even in comments (values.yaml did not load)."""
    check_values_and_schema(generate(tmp_path, doc))


@pytest.mark.parametrize("doc", [
    pytest.param(one_row_doc(name="NO"), id="configmap"),
    pytest.param(one_row_doc(name="NULL", description="Password", required="yes"), id="secret"),
])
def test_fixed_yaml_word_names_keep_their_keys_in_rendered_manifests(doc: str, tmp_path: Path) -> None:
    """Bug B: the ConfigMap and Secret templates wrote `NAME:` bare, so NO, ON, NULL... became false/true/null."""
    check_helm(generate(tmp_path, doc))


def test_fixed_reserved_key_as_a_nesting_prefix(tmp_path: Path) -> None:
    """Bug C: three DEPLOYMENT_* variables nested under the chart's own `deployment` key; values.yaml had
    two `deployment:` keys and their values were lost."""
    doc = "## S\n\n" + HEADER + "".join(f"| DEPLOYMENT_{c} | d | no | `{c}` |\n" for c in "ABC")
    check_values_and_schema(generate(tmp_path, doc))


def test_fixed_brace_run_in_the_doc_path(tmp_path: Path) -> None:
    """Bug D: go_template_comment turned `{{{` into `{ {{`, still an action, so the doc path in the
    `# Generated by docenv from` line of the chart templates broke Helm parsing."""
    doc = tmp_path / "doc{{{x}}}.md"
    doc.write_text(one_row_doc(), encoding="utf-8")
    assert main(["generate", str(doc), "--out", str(tmp_path / "out"), "--name", DOC_NAME, "--quiet"]) == 0
    chart = next((tmp_path / "out" / "helm").iterdir())
    assert helm_python.lint(str(chart))["errors"] == []


def test_fixed_long_section_title(tmp_path: Path) -> None:
    """Bug E: section ids had no length limit; a long title made file names over 255 bytes (exit 2)."""
    check_all(generate(tmp_path, one_row_doc(title="Long title " * 24)))


def test_fixed_two_sections_one_class_name(tmp_path: Path) -> None:
    """Bug F: modules a_b2 and a_b_2 both defined AB2Config and __init__ re-exported only the last."""
    doc = "\n".join(one_row_doc(title=title, name=name) for title, name in [("A B2", "FOO"), ("A B", "BAR"),
                                                                            ("A B", "BAZ")])
    check_python(generate(tmp_path, doc))


@pytest.mark.parametrize("default", ["`\x7f`", "`\x80`", "`a\x85b`"], ids=["DEL", "C1", "NEL"])
def test_fixed_control_characters_in_a_rendered_configmap(default: str, tmp_path: Path) -> None:
    """Bug H: the ConfigMap used Go's toJson, which keeps DEL and C1 raw (the rendered manifest was not
    YAML) and NEL (which YAML folds to a space)."""
    check_helm(generate(tmp_path, one_row_doc(default=default)))


@pytest.mark.parametrize("name", ["V", "P", "GET"])
def test_fixed_names_that_shadow_from_env_locals(name: str, tmp_path: Path) -> None:
    """Bug I: from_env's locals get, p and v were not reserved: V silently got the next variable's raw
    value, P broke p.raise_any (AttributeError), GET broke every later get() (TypeError)."""
    doc = "## S\n\n" + HEADER + f"| {name} | d | no | `mine` |\n| OTHER | d | no | `other` |\n"
    check_python(generate(tmp_path, doc))


@pytest.mark.parametrize("doc", [
    pytest.param(one_row_doc(default="`a\u2028injected: 1`", required="yes"), id="line-separator-injects-a-key"),
    pytest.param(one_row_doc(default="`\x01`", required="yes"), id="control-character"),
    pytest.param(one_row_doc(default="`\uffff`", required="yes"), id="noncharacter"),
    pytest.param("## S\n\n" + HEADER + "| MODE | d | no | `x` |\n"
                 "| B | Required if MODE is 'x\u2028injected: 1' | no | |\n", id="required-if-value"),
])
def test_fixed_required_default_raw_in_a_values_comment(doc: str, tmp_path: Path) -> None:
    """Bug G: helm_target._comment appended facts quoting doc text (a required variable's default, a
    required-if condition's values) unescaped: a YAML line break there added keys to values.yaml (here
    `injected: 1`), a control or noncharacter made it unreadable."""
    check_all(generate(tmp_path, doc))


@pytest.mark.parametrize("where", ["description", "default"])
def test_fixed_byte_order_mark_on_a_read_boundary(where: str, tmp_path: Path) -> None:
    """Bug L: U+FEFF went raw into values.yaml (comments and quoted values); Helm's YAML reader (go-yaml)
    fails on a BOM that falls on its 512-byte read boundary ('mapping values are not allowed in this
    context'), though PyYAML reads the file fine. Every shift of a long BOM run is tried."""
    for shift in range(3):
        (tmp_path / str(shift)).mkdir()
        run = "x" * shift + "\ufeff" * 250
        doc = one_row_doc(description=run) if where == "description" else one_row_doc(default=f"`{run}`")
        check_all(generate(tmp_path / str(shift), doc))


def test_fixed_reference_falls_back_to_a_default_of_another_type(tmp_path: Path) -> None:
    """Bug K: builder._default_naming_a_variable made C's default `A_B` (one of C's own choices) a reference
    to the variable A_B, and python_target._field fell back to A_B's default 'x' unchecked against C's
    type: from_env({}) raised ConfigError ('x' is not one of: a, A_B) on an empty environment."""
    g = generate(tmp_path, "## S\n\n" + HEADER + "| A_B | d | no | `x` |\n| C | Options are a or A_B | no | `A_B` |\n")
    check_all(g)
    package = import_generated(g.out, g.package)
    try:
        assert package.SConfig.from_env({}).c == "A_B"
    finally:
        for name in [m for m in sys.modules if m == g.package or m.startswith(g.package + ".")]:
            del sys.modules[name]


@pytest.mark.parametrize("title", ['"<br>"', "A<br>  indented", "Tab<br>\tend"])
def test_fixed_line_break_in_a_section_title(title: str, tmp_path: Path) -> None:
    """Bug L: a heading's <br> put a raw line break in the module and class docstrings, which black
    re-indents (`black --check` failed, and the docstring's value changed). Now written as `\\n`."""
    g = generate(tmp_path, one_row_doc(title=title))
    done = subprocess.run([sys.executable, "-m", "black", "--check", "--quiet", str(g.out / g.package)])
    assert done.returncode == 0
    section = g.document.sections[0]
    assert "\n" in section.title
    tree = ast.parse((g.out / g.package / f"{modules(g.document)[0]}.py").read_text(encoding="utf-8"))
    assert (ast.get_docstring(tree, clean=False) or "").startswith(f"{section.title}: configuration")
    assert ast.get_docstring(config_class(ast.unparse(tree)), clean=False) == \
        f"{section.title} settings, one field per documented variable."
    check_python(g)
