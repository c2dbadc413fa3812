"""The opt-in pydantic-settings target: same fields and semantics as the stdlib target, safe output.

The shared behaviour suite (tests/test_generated_config.py) runs the seed against both targets.
Here: what is specific to this target (secrets, errors, aliases, _FILE twins, families, names
BaseSettings keeps), a differential test that feeds both targets the same environments, hostile
doc text, the generated code's hygiene (mypy --strict, black, no docenv at run time), and that
the target stays opt-in.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import subprocess
import sys
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import neosync_config
import neosync_settings
from docenv.generate import settings as docenv_settings
from docenv.targets.python.runtime import runtime_source
from docenv.generate.parse import parse_document
from docenv.cli import main
from docenv.targets.marks import HEADER
from docenv.model.document import Document, Section
from docenv.generate.render import render_all
from docenv.targets.pydantic.package import field_names, render_package, settings_class
from docenv.targets.python.package import section_classes

from .conftest import FIXTURES, ROOT, SEED, import_generated
from .targets import PydanticTarget, StdlibTarget, Target, environment, generate_both, targets_of
from .test_hostile_text import Row, golden_text, hostile_docs, markdown, needed_env, python_default, with_references

SEED_DOCUMENT = parse_document(SEED.read_text(encoding="utf-8"), "spec/neosync/environment-variables.md").document


def _document(path: Path) -> Document:
    return parse_document(path.read_text(encoding="utf-8"), path.name).document


def _write(files: dict[str, str], out: Path) -> None:
    for path, text in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")


def _unload(package: str) -> None:
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


def _doc(tmp_path: Path, body: str, name: str = "doc.md") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


SHAPES = FIXTURES / "shapes.md"
# Conditions the stdlib target compares as text: a list controller, an undocumented one, a secret one.
TEXT_CONDITIONS = """# Conditions

## Svc

| Variable | Description | Required | Default |
| --- | --- | --- | --- |
| HOSTS | Hosts, comma separated | false | |
| NEEDS_HOSTS | Required if HOSTS is a | false | |
| NEEDS_OUTSIDE | Required if OUTSIDE_FLAG is set | false | |
| API_TOKEN | Token for the API | false | |
| NEEDS_TOKEN | Required if API_TOKEN is t0k | false | |
| PORT | The port | false | `80` |
| NEEDS_PORT | Required if PORT is 8080 | false | |
"""


LONG = "VERY_" * 18 + "LONG"
# Long names, titles, defaults and choices: every statement that black would split.
LONG_NAMES = (f"## {'Section with a long title ' * 4}\n\n| Variable | Description | Required | Default |\n"
              "| --- | --- | --- | --- |\n"
              f"| {LONG}_PORT | A port with a long name | no | `8080` |\n"
              f"| {LONG}_TOKEN | Token. Required if {LONG}_ENABLED is true | no | |\n"
              f"| {LONG}_ENABLED | Whether it is on | no | `false` |\n"
              f"| {LONG}_MODE | Options are {', '.join('choice_' + str(i) * 12 for i in range(6))} or other | no | |\n"
              f"| {LONG}_NAME | A default far wider than a line | no | `{'x' * 150}` |\n"
              f"| {LONG}_HOSTS | Hosts, comma separated | no | `{','.join(['host.example.com'] * 10)}` |\n"
              f"| {LONG}_LIST | Required if {LONG}_HOSTS is a | no | |\n"
              f"| `{LONG}_A`, `{LONG}_B` | Two names | no | |\n"
              f"| {LONG}_REF | Refers | no | `${LONG}_NAME` |\n")


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> tuple[StdlibTarget, PydanticTarget]:
    out = tmp_path_factory.mktemp("shapes") / "out"
    return targets_of(SHAPES, *generate_both(SHAPES, out, "shapes"))


@pytest.fixture(scope="module")
def conditions(tmp_path_factory: pytest.TempPathFactory) -> tuple[StdlibTarget, PydanticTarget]:
    doc = _doc(tmp_path_factory.mktemp("conditions"), TEXT_CONDITIONS)
    return targets_of(doc, *generate_both(doc, doc.parent / "out", "conditions"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[StdlibTarget, PydanticTarget]:
    doc = FIXTURES / "all_types.md"
    return targets_of(doc, *generate_both(doc, tmp_path_factory.mktemp("sample") / "out", "psample"))


# ---- same names as the stdlib target


@pytest.mark.parametrize("section", SEED_DOCUMENT.sections, ids=lambda s: s.id)
def test_field_names_are_the_stdlib_targets_for_every_seed_section(section: Section) -> None:
    (config_cls,) = [cls for s, _, cls in section_classes(SEED_DOCUMENT) if s.id == section.id]
    stdlib = getattr(neosync_config, config_cls)
    settings_cls = getattr(neosync_settings, settings_class(config_cls))
    assert list(settings_cls.model_fields) == [f.name for f in dataclasses.fields(stdlib)]
    assert [info.validation_alias for info in settings_cls.model_fields.values()] == [
        f.metadata["env"] for f in dataclasses.fields(stdlib)]
    assert settings_cls.__module__ == f"neosync_settings.{stdlib.__module__.rsplit('.', 1)[1]}"
    # Each field's docstring is the stdlib field's.
    source = Path(sys.modules[settings_cls.__module__].__file__ or "").read_text(encoding="utf-8")
    config_source = Path(sys.modules[stdlib.__module__].__file__ or "").read_text(encoding="utf-8")
    assert _docstrings(source, settings_cls.__name__) == _docstrings(config_source, stdlib.__name__)


def _docstrings(source: str, cls_name: str) -> list[tuple[str, str]]:
    (cls,) = [n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == cls_name]
    found = []
    for stmt, following in zip(cls.body, cls.body[1:]):
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            assert isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
            found.append((stmt.target.id, following.value.value))
    return found


def test_names_basesettings_keeps_get_a_trailing_underscore(tmp_path: Path) -> None:
    rows = "".join(f"| {name} | d | no | `v` |\n" for name in
                   ("JSON", "COPY", "SCHEMA", "VALIDATE", "MODEL_CONFIG", "MODEL_DUMP", "MODEL_DUMP_JSON",
                    "SETTINGS_CACHED", "JSON_", "MODEL_NAME", "FIELDS", "MODEL_DUMP_PATH", "SETTINGS_CACHED_AT"))
    doc = _doc(tmp_path, "## S\n\n| Variable | Description | Required | Default |\n| --- | --- | --- | --- |\n" + rows)
    document = _document(doc)
    assert field_names(document.sections[0]) == [
        "json_", "copy_", "schema_", "validate_", "model_config_", "model_dump_", "model_dump_json_",
        "settings_cached_", "json_2", "model_name", "fields", "model_dump_path", "settings_cached_at"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pydantic warns when a field shadows a BaseSettings attribute
        _, settings_package = generate_both(doc, tmp_path / "out", "kept")
    cfg = PydanticTarget("p", {"s": settings_package.SSettings}).load("s", {"MODEL_CONFIG": "m", "JSON_": "j"})
    assert (cfg.model_config_, cfg.json_2, cfg.json_, cfg.copy_) == ("m", "j", "v", "v")
    assert cfg.to_env()["MODEL_CONFIG"] == "m"


def test_a_section_named_base_does_not_shadow_basesettings(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## Base\n\n| Variable | Description | Required | Default |\n| --- | --- | --- | --- |\n"
                         "| A_PORT | d | no | `1` |\n")
    _write(render_package(_document(doc), "base_settings_pkg"), tmp_path)
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "base_settings_pkg"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    try:
        package = import_generated(tmp_path, "base_settings_pkg")
        with environment({"A_PORT": "2"}):
            assert package.BaseSettings_().a_port == 2
    finally:
        _unload("base_settings_pkg")


# ---- secrets and errors


def test_secrets_are_secretstr_or_typed_secret(sample: tuple[StdlibTarget, PydanticTarget]) -> None:
    _, pyd = sample
    cfg = pyd.load("service", {"APP_NAME": "a", "DB_PASSWORD": "pw", "API_TOKEN": "tok"})
    assert type(cfg.db_password) is pydantic.SecretStr and type(cfg.api_token) is pydantic.SecretStr
    backend = PydanticTarget("p", {"b": neosync_settings.BackendApiSettings}).load("b", {
        "DB_HOST": "h", "DB_PORT": "1", "DB_NAME": "n", "DB_USER": "u", "DB_PASS": "p", "AUTH_AUDIENCE": "a",
        "AUTH_CLIENTID_SECRET": '{"zq9": [1, 2]}'})
    assert isinstance(backend.auth_clientid_secret, pydantic.Secret)  # json: Secret[Any], parsed then wrapped
    assert backend.auth_clientid_secret.get_secret_value() == {"zq9": [1, 2]}
    assert "zq9" not in repr(backend) and "zq9" not in str(backend.model_dump())


BAD_SECRETS = {"DB_HOST": "h", "DB_PORT": "1", "DB_NAME": "n", "DB_USER": "u", "DB_PASS": "hunter2-pass",
               "AUTH_AUDIENCE": "a", "AUTH_CLIENTID_SECRET": "hunter2-not-json"}


def test_no_error_shows_a_secret_not_even_errors_or_json() -> None:
    with pytest.raises(pydantic.ValidationError) as caught, environment(BAD_SECRETS | {"DB_PORT": "x1"}):
        neosync_settings.BackendApiSettings()
    error = caught.value
    assert [e["loc"] for e in error.errors()] == [("DB_PORT",), ("AUTH_CLIENTID_SECRET",)]
    for shown in (str(error), repr(error), error.json(), repr(error.errors()), json.dumps(error.errors(), default=str)):
        assert "hunter2" not in shown
    assert "x1" not in str(error)  # hide_input_in_errors: not even a non-secret value in the text


def test_a_secret_read_from_a_file_twin_never_shows(tmp_path: Path,
                                                    shapes: tuple[StdlibTarget, PydanticTarget]) -> None:
    _, pyd = shapes
    secret = tmp_path / "password"
    secret.write_text("hunter2-from-file\n")
    cfg = pyd.load("server", {"DB_PASSWORD_FILE": str(secret)})
    assert cfg.db_password.get_secret_value() == "hunter2-from-file"
    assert "hunter2" not in repr(cfg) + str(cfg)


def test_the_doc_line_and_message_of_a_required_if_problem() -> None:
    with pytest.raises(pydantic.ValidationError) as caught, environment({"NEXTAUTH_SECRET": "s", "AUTH_ENABLED": "t",
                                                                         "NEXTAUTH_URL": "https://x"}):
        neosync_settings.FrontendAppSettings()
    errors = caught.value.errors()
    assert {e["type"] for e in errors} == {"required_if"}
    assert errors[0]["loc"] == ("AUTH_CLIENT_ID",) and errors[0]["msg"] == "is required when AUTH_ENABLED is true"


def test_required_if_waits_for_valid_fields() -> None:
    """A documented difference: the model validator runs once every field is valid."""
    env = {"NEXTAUTH_SECRET": "s", "AUTH_ENABLED": "t", "NEOSYNC_API_BASE_URL": "not a url"}
    stdlib = StdlibTarget("s", {"f": neosync_config.FrontendAppConfig})
    pyd = PydanticTarget("p", {"f": neosync_settings.FrontendAppSettings})
    assert pyd.problems("f", env) == ["NEOSYNC_API_BASE_URL"]
    assert "NEOSYNC_API_BASE_URL" in stdlib.problems("f", env) and len(stdlib.problems("f", env)) == 9


# ---- aliases, _FILE twins, families, conditions compared as text: as the stdlib target does


@pytest.mark.parametrize("env", [
    {}, {"HOST": "h"}, {"APP_HOST": "a"}, {"APP_HOST": "a", "HOST": "a"}, {"APP_HOST": "a", "HOST": "b"},
    {"APP_HOST": "", "HOST": "b"}, {"DB_PASSWORD": "p"}, {"DB_PASSWORD_FILE": "{file}"},
    {"DB_PASSWORD_FILE": "{file}", "DB_PASSWORD": "p"}, {"DB_PASSWORD_FILE": "{missing}"},
    {"DB_PASSWORD_FILE": "", "DB_PASSWORD": "p"}, {"DB_PASSWORD_FILE": "{crlf}"},
])
def test_aliases_and_file_twins_behave_as_in_the_stdlib_target(
        tmp_path: Path, shapes: tuple[StdlibTarget, PydanticTarget], env: dict[str, str]) -> None:
    (tmp_path / "file").write_text("from-file\n")
    (tmp_path / "crlf").write_text("windows\r\n\n", newline="")
    env = {k: v.format(file=tmp_path / "file", missing=tmp_path / "missing", crlf=tmp_path / "crlf")
           for k, v in env.items()}
    assert_same(*shapes, "server", env)


def test_alias_and_twin_problems_read_as_in_the_stdlib_target(
        tmp_path: Path, shapes: tuple[StdlibTarget, PydanticTarget]) -> None:
    stdlib, pyd = shapes
    messages = pyd.messages("server", {"APP_HOST": "a", "HOST": "b"})
    assert messages == {"APP_HOST": "Value error, APP_HOST and HOST are set to different values; set one"}
    assert stdlib.messages("server", {"APP_HOST": "a", "HOST": "b"}) == {
        "APP_HOST": "APP_HOST and HOST are set to different values; set one"}
    missing = str(tmp_path / "missing")
    assert "DB_PASSWORD_FILE names" in pyd.messages("server", {"DB_PASSWORD_FILE": missing})["DB_PASSWORD"]


def test_a_file_twin_in_a_dotenv_file_is_read_too(tmp_path: Path,
                                                   shapes: tuple[StdlibTarget, PydanticTarget]) -> None:
    (tmp_path / "secret").write_text("from-file")
    (tmp_path / ".env").write_text(f"DB_PASSWORD_FILE={tmp_path / 'secret'}\nHOST=h\n")
    cls = shapes[1].classes["server"]
    with environment({}):
        cfg = cls(_env_file=tmp_path / ".env")
    assert (cfg.db_password.get_secret_value(), cfg.app_host) == ("from-file", "h")
    with environment({"DB_PASSWORD": "p"}), pytest.raises(pydantic.ValidationError):
        cls(_env_file=tmp_path / ".env")  # set in both places: as in one environment, an error


def test_families_are_skipped_with_a_comment_naming_the_stdlib_field(
        tmp_path: Path, shapes: tuple[StdlibTarget, PydanticTarget]) -> None:
    stdlib, pyd = shapes
    for section in ("cache", "login"):
        stdlib_fields, pyd_fields = stdlib.fields(section), pyd.fields(section)
        assert pyd_fields == {k: v for k, v in stdlib_fields.items() if not v.endswith("*")}
        assert len(pyd_fields) < len(stdlib_fields)
    files = render_package(_document(SHAPES), "shapes_settings")
    cache = files["shapes_settings/cache.py"]
    assert ("# Not read by this target: CACHE_<BACKEND>_URL, CACHE_<BACKEND>_TTL, CACHE_<BACKEND>_PASSWORD "
            "(the stdlib class's field `cache`).") in cache
    cfg = pyd.load("cache", {"CACHE_REDIS_URL": "redis://x", "CACHE_BACKENDS": "redis"})
    assert cfg.cache_backends == ["redis"] and not hasattr(cfg, "cache")


@pytest.mark.parametrize("env", [
    {}, {"HOSTS": "a"}, {"HOSTS": "a,b"}, {"HOSTS": "a", "NEEDS_HOSTS": "x"}, {"OUTSIDE_FLAG": "1"},
    {"OUTSIDE_FLAG": ""}, {"OUTSIDE_FLAG": "1", "NEEDS_OUTSIDE": "y"}, {"API_TOKEN": "t0k"}, {"API_TOKEN": "other"},
    {"PORT": "8080"}, {"PORT": "+8080"}, {"PORT": "08080"}, {"PORT": "8080", "NEEDS_PORT": "z"},
    {"HOSTS": "a", "OUTSIDE_FLAG": "x", "API_TOKEN": "t0k", "PORT": "8080"},
])
def test_conditions_compared_as_text_behave_as_in_the_stdlib_target(
        conditions: tuple[StdlibTarget, PydanticTarget], env: dict[str, str]) -> None:
    assert_same(*conditions, "svc", env)


def test_a_condition_on_an_undocumented_variable_reads_a_dotenv_file(
        tmp_path: Path, conditions: tuple[StdlibTarget, PydanticTarget]) -> None:
    (tmp_path / ".env").write_text("OUTSIDE_FLAG=on\n")
    with environment({}), pytest.raises(pydantic.ValidationError) as caught:
        conditions[1].classes["svc"](_env_file=tmp_path / ".env")
    assert [e["loc"] for e in caught.value.errors()] == [("NEEDS_OUTSIDE",)]


# ---- differential: the same environments through both targets


def _plain(target: Target, value: Any) -> Any:
    return target.reveal(value) if target.is_secret(value) else value


def assert_same(stdlib: StdlibTarget, pyd: PydanticTarget, section: str, env: dict[str, str]) -> None:
    """Both targets load `env` to equal values, or both report problems with the same variables (pydantic
    reports required-if problems only once every field is valid: that one difference is allowed for)."""
    try:
        expected = stdlib.load(section, env)
    except ValueError:
        messages = stdlib.messages(section, env)
        conditional = {name for name, message in messages.items() if message.startswith("is required when")}
        others = sorted(set(messages) - conditional)
        assert pyd.problems(section, env) == (others or sorted(messages)), env
        return
    got = pyd.load(section, env)
    for field, name in pyd.fields(section).items():
        assert _plain(pyd, getattr(got, field)) == _plain(stdlib, getattr(expected, field)), (name, env)
    assert got.to_env() == expected.to_env()


VALUES = ["", "0", "1", "-1", "+7", "08", "1.5", "1e3", "nan", "inf", "t", "T", "true", "True", "TRUE", "tRUE", "yes",
          "f", "false", "no", "300ms", "1m30s", "-1.5h", "1d", "90", "a,b", " a , b ", "a b", ",", " ", "[1, 2]",
          '{"a": 1}', "null", '"s"', "debug", "info", "warn", "DEBUG", "fast", "safe", "~/x", "/x", "x", "https://h",
          "h:1", "https://", "é", "漢字", "$NAMESPACE", "${X}"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_both_targets_agree_on_random_environments(sample: tuple[StdlibTarget, PydanticTarget],
                                                   data: st.DataObject) -> None:
    names = list(sample[0].fields("service").values())
    chosen = data.draw(st.dictionaries(st.sampled_from(names), st.sampled_from(VALUES) | st.text(max_size=6).filter(
        lambda s: "\x00" not in s and not any("\ud800" <= c <= "\udfff" for c in s)), max_size=len(names)))
    assert_same(*sample, "service", {"APP_NAME": "svc", "DB_PASSWORD": "pw"} | chosen)


@pytest.mark.parametrize("section", [s.id for s in SEED_DOCUMENT.sections])
@pytest.mark.parametrize("value", ["", "1", "true", "x", "8080", "https://h.example", "a, b", "1m", "{}"])
def test_both_targets_agree_on_the_seed(section: str, value: str) -> None:
    stdlib = StdlibTarget("s", {section: getattr(neosync_config, cls)
                                for s, _, cls in section_classes(SEED_DOCUMENT) if s.id == section})
    pyd = PydanticTarget("p", {section: getattr(neosync_settings, settings_class(cls))
                               for s, _, cls in section_classes(SEED_DOCUMENT) if s.id == section})
    names = list(stdlib.fields(section).values())
    for name in names:
        assert_same(stdlib, pyd, section, {name: value})
    assert_same(stdlib, pyd, section, dict.fromkeys(names, value))


# ---- hostile doc text


def check_hostile(document: Document, out: Path, package: str) -> None:
    """Every module compiles and imports; each field's docstring is exactly its description; each literal
    default and each choice is what the stdlib target gives; the header is intact; black agrees."""
    files = render_package(document, package)
    _write(files, out)
    for path, text in files.items():
        if path.endswith(".py"):
            compile(text, path, "exec")
            first = text.split("\n", 1)[0]
            assert first.startswith(f"{HEADER} from doc.md; do not edit. content-sha256:"), first
    try:
        pkg = import_generated(out, package)
        for section, module, config_cls in section_classes(document):
            cls = getattr(pkg, settings_class(config_cls))
            tree = ast.parse(files[f"{package}/{module}.py"])
            assert _alias_docstrings(tree, cls.__name__) == {v.name: v.description for v in section.variables}
            fields = dict(zip((v.name for v in section.variables), field_names(section)))
            assert list(cls.model_fields) == list(fields.values())
            env = needed_env(document, section)
            target = PydanticTarget("p", {section.id: cls})
            config = target.load(section.id, env)
            for var in section.variables:
                if var.has_default:
                    got = _plain(target, getattr(config, fields[var.name]))
                    expected = python_default(var)
                    assert got == expected and type(got) is type(expected), var.name
                for choice in var.choices or ():
                    if "\x00" in choice:
                        continue  # no environment can hold NUL
                    got = getattr(target.load(section.id, with_references(section, env | {var.name: choice})),
                                  fields[var.name])
                    assert _plain(target, got) == choice, (var.name, choice)
            assert target.load(section.id, config.to_env()) == config
    finally:
        _unload(package)
    black = subprocess.run([sys.executable, "-m", "black", "--check", "--quiet", package], cwd=out,
                           capture_output=True, text=True)
    assert black.returncode == 0, black.stderr


def _alias_docstrings(tree: ast.Module, cls_name: str) -> dict[str, str]:
    """Variable -> the string statement right after its field, read with ast (the variable from the
    Field's validation_alias, the first name of an AliasChoices)."""
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls_name]
    docs: dict[str, str] = {}
    for stmt, following in zip(cls.body, [*cls.body[1:], None]):
        if not isinstance(stmt, ast.AnnAssign):
            continue
        assert isinstance(stmt.value, ast.Call)
        alias = next(k.value for k in stmt.value.keywords if k.arg == "validation_alias")
        name = ast.literal_eval(alias.args[0] if isinstance(alias, ast.Call) else alias)
        assert isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant), name
        assert name not in docs
        docs[name] = following.value.value
    return docs


def test_golden_hostile_doc(tmp_path: Path) -> None:
    document = parse_document(golden_text(), "doc.md").document
    check_hostile(document, tmp_path, "hostile_golden_settings")


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(doc=hostile_docs())
def test_hostile_docs_never_break_the_pydantic_target(doc: list[tuple[str, list[Row]]],
                                                      tmp_path_factory: pytest.TempPathFactory) -> None:
    document = parse_document(markdown(doc), "doc.md").document
    check_hostile(document, tmp_path_factory.mktemp("hostile"), "hostile_random_settings")


def test_doc_text_stays_inside_docstrings_and_literals(tmp_path: Path) -> None:
    nasty = '"""; import os; os.system("x") #\\'
    doc = _doc(tmp_path, f"## T{nasty}\n\n| Variable | Description | Required | Default |\n"
                         f"| --- | --- | --- | --- |\n| A | {nasty} | no | `{nasty}` |\n"
                         f"| B | Options are x{nasty} or y | no | |\n| C | Required if B is x{nasty} | no | |\n")
    document = _document(doc)
    files = render_package(document, "nasty_settings")
    module = next(text for path, text in files.items() if path.endswith(".py") and "class" in text
                  and "BaseSettings)" in text)
    tree = ast.parse(module)
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                and n.func.attr == "system"]
    check_hostile(document, tmp_path / "out", "nasty_settings")


# ---- the generated package


def test_parsers_are_a_verbatim_copy_of_the_runtime() -> None:
    files = render_package(SEED_DOCUMENT, "x_settings")
    header, body = files["x_settings/_parsers.py"].split("\n", 1)
    assert body == runtime_source()
    assert header.startswith("# Generated by docenv from spec/neosync/environment-variables.md; do not edit. ")
    on_disk = (ROOT / "generated" / "neosync_settings" / "_parsers.py").read_text(encoding="utf-8").split("\n", 1)[1]
    assert on_disk == (ROOT / "generated" / "neosync_config" / "_runtime.py").read_text(encoding="utf-8").split("\n", 1)[1]


def test_output_is_deterministic_and_carries_the_stdlib_header() -> None:
    first, second = render_package(SEED_DOCUMENT, "x_settings"), render_package(SEED_DOCUMENT, "x_settings")
    assert first == second
    for path, text in first.items():
        if path.endswith(".py"):
            line = text.split("\n", 1)[0]
            assert line.startswith("# Generated by docenv from spec/neosync/environment-variables.md; do not edit. "
                                   "content-sha256:"), path


@pytest.mark.parametrize("doc", [FIXTURES / "all_types.md", SHAPES, TEXT_CONDITIONS, LONG_NAMES],
                         ids=["all_types", "shapes", "conditions", "long_names"])
def test_generated_package_passes_mypy_strict_and_black(tmp_path: Path, doc: Path | str) -> None:
    path = _doc(tmp_path, doc) if isinstance(doc, str) else doc
    _write(render_package(_document(path), "checked_settings"), tmp_path)
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "checked_settings"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    black = subprocess.run([sys.executable, "-m", "black", "--check", "--quiet", "checked_settings"], cwd=tmp_path,
                           capture_output=True, text=True)
    assert black.returncode == 0, black.stderr


def test_generated_package_needs_no_docenv_at_run_time(tmp_path: Path) -> None:
    _write(render_package(_document(FIXTURES / "all_types.md"), "probe_settings"), tmp_path)
    probe = ("import os, sys; os.environ.update(APP_NAME='a', DB_PASSWORD='p'); import probe_settings; "
             "cfg = probe_settings.ServiceSettings(); "
             "assert not any(m.split('.')[0] in ('docenv', 'generator', 'jinja2', 'black', 'markdown_it') for m in sys.modules); "
             "print(cfg.app_port, cfg.app_timeout)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "9000 0:01:30"


# ---- opt-in


def test_without_pydantic_in_outputs_no_package_is_written(tmp_path: Path) -> None:
    doc = _doc(tmp_path, (FIXTURES / "all_types.md").read_text(encoding="utf-8"), "service.md")
    assert "pydantic" not in docenv_settings.DEFAULT_OUTPUTS
    default = docenv_settings.for_doc(str(doc), str(tmp_path / "out"))
    files = render_all(default).files
    assert not [p for p in files if p.startswith(f"{default.docs[0].pydantic_package}/")]
    assert any(p.startswith(f"{default.docs[0].package}/") for p in files)
    assert main(["generate", str(doc), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert "service_config" in written and "service_settings" not in written, written
    chosen = dataclasses.replace(default.docs[0], outputs=(*default.docs[0].outputs, "pydantic"))
    with_pydantic = render_all(dataclasses.replace(default, docs=(chosen,))).files
    assert "service_settings/service.py" in with_pydantic and "service_settings/py.typed" in with_pydantic


def test_the_seed_opts_in() -> None:
    (doc,) = docenv_settings.load(ROOT).docs
    assert "pydantic" in doc.outputs and doc.pydantic_package == "neosync_settings"
    rendered = render_all(docenv_settings.load(ROOT)).files
    for path, data in rendered.items():
        if path.startswith("neosync_settings/"):
            assert (ROOT / "generated" / path).read_bytes() == data, path


def test_durations_and_paths_are_typed(sample: tuple[StdlibTarget, PydanticTarget]) -> None:
    cfg = sample[1].load("service", {"APP_NAME": "a", "DB_PASSWORD": "p", "APP_TIMEOUT": "1h2m3.5s",
                                     "DATA_DIR": "~/d"})
    assert cfg.app_timeout == timedelta(hours=1, minutes=2, seconds=3.5)
    assert cfg.data_dir == Path("~/d").expanduser() and isinstance(cfg.data_dir, Path)
    assert sample[1].load("service", cfg.to_env()) == cfg


def test_typed_values_can_be_passed_in_python(sample: tuple[StdlibTarget, PydanticTarget]) -> None:
    cls = sample[1].classes["service"]
    with environment({"DB_PASSWORD": "p"}):
        cfg = cls(APP_NAME="a", APP_PORT=81, APP_TIMEOUT=timedelta(seconds=2), FEATURE_ENABLED="T",
                  CALLBACK_URL="https://cb")
    assert (cfg.app_port, cfg.app_timeout, cfg.feature_enabled) == (81, timedelta(seconds=2), True)
    assert isinstance(cfg, pydantic.BaseModel)
