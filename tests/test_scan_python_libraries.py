"""Python config libraries read with each library's naming rules (generator/scan/python_settings.py,
python_libraries.py, and the os fallback in python_reads.py).

The fixtures (tests/fixtures/scan/pydantic_settings, environs, django_environ, python_decouple) hold realistic
repositories read exactly by test_scan_fixtures.py; these tests pin one rule each. The pydantic-settings
rules were checked against the library itself (pydantic_settings/sources/base.py, sources/providers/env.py).
"""

from __future__ import annotations

import pickle
from textwrap import dedent

import pytest

from docenv.scan import python_libraries, python_reads, python_settings
from docenv.scan.found import Declared, Found, Place
from docenv.scan.lexing import Lines

V2 = "from pydantic import BaseModel, Field, AliasChoices, AliasPath\n" \
     "from pydantic_settings import BaseSettings, SettingsConfigDict\n"


def settings(files: dict[str, str]) -> list[Place]:
    texts = {path: dedent(text) for path, text in files.items()}
    facts: list[tuple[str, object]] = [(path, fact) for path, text in texts.items()
                                       for fact in python_settings.facts(text, Lines(text).position)]
    return sorted(python_settings.resolve(facts), key=lambda p: (p.path, p.line, p.column, p.name or ""))


def names(files: dict[str, str]) -> list[str | None]:
    return [p.name for p in settings(files)]


def library(text: str) -> list[Found]:
    return python_libraries.find(dedent(text))


# ---- pydantic-settings ------------------------------------------------------------------------


def test_field_names_are_matched_without_case_and_reported_upper_case_unless_case_sensitive() -> None:
    text = V2 + "class S(BaseSettings):\n    api_url: str\n    model_config = SettingsConfigDict(env_prefix='app_')\n"
    assert names({"s.py": text}) == ["APP_API_URL"]
    sensitive = text.replace("env_prefix='app_'", "env_prefix='app_', case_sensitive=True")
    assert names({"s.py": sensitive}) == ["app_api_url"]


def test_an_alias_replaces_the_name_and_ignores_the_prefix() -> None:
    text = V2 + dedent("""\
        class S(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_")
            token: str = Field(alias="API_TOKEN")
            url: str = Field(validation_alias=AliasChoices("SERVICE_URL", "legacy_url"))
            nums: str = Field("x", validation_alias=AliasPath("numbers", 0))
            plain: int = 1
        """)
    found = settings({"s.py": text})
    assert [p.name for p in found] == ["API_TOKEN", "SERVICE_URL", "LEGACY_URL", "NUMBERS", "APP_PLAIN"]
    token = found[0]
    assert (token.line, token.column) == (5, 31)  # where the alias text starts, after the quote
    numbers = found[3].declared
    assert numbers is not None and numbers.type == "json" and numbers.default is None  # the path reads into JSON


def test_prefix_targets_and_populate_by_name_follow_the_library() -> None:
    body = V2 + "class S(BaseSettings, env_prefix='P_', {options}):\n    a: str = Field(alias='AA')\n    b: str = 'x'\n"
    assert names({"s.py": body.format(options="env_prefix_target='all'")}) == ["P_AA", "P_B"]
    assert names({"s.py": body.format(options="env_prefix_target='alias'")}) == ["P_AA", "B"]
    assert names({"s.py": body.format(options="populate_by_name=True")}) == ["P_A", "AA", "P_B"]


def test_classvars_private_names_and_model_config_are_not_fields() -> None:
    text = V2 + dedent("""\
        from typing import ClassVar
        class S(BaseSettings):
            model_config = {"env_prefix": "APP_"}
            VERSION: ClassVar[str] = "1"
            _cache: dict = {}
            port: int = 8080
        """)
    [place] = settings({"s.py": text})
    assert place.name == "APP_PORT"
    assert place.declared == Declared("pydantic-settings", "int", "8080", False)


@pytest.mark.parametrize(("annotation", "kind", "choices"), [
    ("int", "int", ()), ("SecretStr", "str", ()), ("Optional[Path]", "path", ()), ("HttpUrl | None", "url", ()),
    ("PostgresDsn", "url", ()), ("timedelta", "duration", ()), ("List[str]", "list[str]", ()),
    ("list[int]", "json", ()), ("dict[str, int]", "json", ()), ("Json", "json", ()),
    ("Literal['a', 'b']", "enum", ("a", "b")), ("Annotated[float, Field(gt=0)]", "float", ()), ("Foo", None, ()),
])
def test_types_come_from_the_annotation(annotation: str, kind: str | None, choices: tuple[str, ...]) -> None:
    text = V2 + f"class S(BaseSettings):\n    x: {annotation}\n"
    [place] = settings({"s.py": text})
    assert place.declared is not None and (place.declared.type, place.declared.choices) == (kind, choices)


@pytest.mark.parametrize(("value", "default", "required"), [
    ("", None, True), (" = 8080", "8080", False), (" = Field(8080)", "8080", False),
    (" = Field(default=True)", "true", False), (" = Field(...)", None, True), (" = None", None, False),
    (" = Field(default_factory=list)", None, False), (" = compute()", None, False),
])
def test_defaults_and_required(value: str, default: str | None, required: bool) -> None:
    [place] = settings({"s.py": V2 + f"class S(BaseSettings):\n    x: int{value}\n"})
    assert place.declared is not None and (place.declared.default, place.declared.required) == (default, required)


def test_a_base_class_in_another_file_is_found_through_the_import() -> None:
    files = {
        "app/config/base.py": V2 + "class AppBase(BaseSettings):\n    model_config = SettingsConfigDict("
                                   "env_prefix='SHOP_')\n    debug: bool = False\n",
        "app/config/__init__.py": "from .base import AppBase\n",
        "app/api/settings.py": "from app.config import AppBase\n\nclass ApiSettings(AppBase):\n    port: int = 1\n",
        "app/worker/settings.py": "from ..config.base import AppBase as Base\n\n"
                                  "class WorkerSettings(Base):\n    queue: str = 'q'\n",
    }
    found = settings(files)
    assert {(p.path, p.name) for p in found} == {
        ("app/api/settings.py", "SHOP_PORT"), ("app/config/base.py", "SHOP_DEBUG"),
        ("app/worker/settings.py", "SHOP_QUEUE")}


def test_a_class_name_defined_twice_is_told_apart_by_the_import_or_left_unresolved() -> None:
    base = V2 + "class Base(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='{}_')\n"
    files = {"a/base.py": base.format("A"), "b/base.py": base.format("B"),
             "svc.py": "from b.base import Base\nclass ServiceSettings(Base):\n    x: int = 1\n"}
    assert [p.name for p in settings(files) if p.path == "svc.py"] == ["B_X"]
    files["svc.py"] = ("from pydantic_settings import SettingsConfigDict\nfrom elsewhere import *\n"
                       "class ServiceSettings(Base):\n"
                       "    model_config = SettingsConfigDict(env_nested_delimiter='__')\n    x: int = 1\n")
    [place] = [p for p in settings(files) if p.path == "svc.py"]
    assert place.name is None and place.why == "base class Base is defined 2 times in the repository"


def test_inherited_config_merges_as_pydantic_merges_it() -> None:
    files = {
        "base.py": V2 + "class Base(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='APP_', "
                        "case_sensitive=False)\n    a: int = 1\n",
        "child.py": V2 + "from base import Base\nclass Child(Base, env_nested_delimiter='__'):\n"
                         "    model_config = SettingsConfigDict(env_prefix='CHILD_')\n    b: int = 2\n",
    }
    assert [(p.path, p.name) for p in settings(files)] == [
        ("base.py", "APP_A"), ("base.py", "CHILD_A"), ("child.py", "CHILD_B")]


def test_nested_models_are_read_by_their_leaves_with_the_delimiter() -> None:
    files = {
        "models.py": "from pydantic import BaseModel, Field\n"
                     "class Pool(BaseModel):\n    size: int = 5\n"
                     "class Db(BaseModel):\n    host: str = 'localhost'\n    name: str = Field('x', alias='dbname')\n"
                     "    pool: Pool = Pool()\n",
        "settings.py": V2 + "from models import Db\nclass S(BaseSettings):\n"
                            "    model_config = SettingsConfigDict(env_prefix='APP_', env_nested_delimiter='__')\n"
                            "    db: Db\n",
    }
    assert names(files) == ["APP_DB__POOL__SIZE", "APP_DB__HOST", "APP_DB__DBNAME"]
    split = files["settings.py"].replace("env_nested_delimiter='__'", "env_nested_delimiter='__', "
                                                                       "env_nested_max_split=1")
    found = settings({**files, "settings.py": split})
    assert [p.name for p in found] == ["APP_DB__HOST", "APP_DB__DBNAME", "APP_DB__POOL"]
    assert found[-1].declared is not None and found[-1].declared.type == "json"
    whole = files["settings.py"].replace(", env_nested_delimiter='__'", "")
    [place] = settings({**files, "settings.py": whole})
    assert place.name == "APP_DB" and place.declared is not None and place.declared.type == "json"


def test_pydantic_v1_reads_env_names_and_v2_ignores_them() -> None:
    field = "    host: str = Field('h', env='SMTP_HOST')\n    port: int = Field(25, env=['A_PORT', 'B_PORT'])\n"
    v1 = "from pydantic import BaseSettings, Field\nclass S(BaseSettings):\n" + field + \
        "    class Config:\n        env_prefix = 'MAIL_'\n"
    assert names({"s.py": v1}) == ["SMTP_HOST", "A_PORT", "B_PORT"]
    v2 = V2 + "class S(BaseSettings):\n" + field + "    model_config = SettingsConfigDict(env_prefix='MAIL_')\n"
    assert names({"s.py": v2}) == ["MAIL_HOST", "MAIL_PORT"]


def test_a_prefix_from_a_variable_is_one_unresolved_read_and_a_constant_bound_once_is_read_through() -> None:
    text = V2 + "from consts import PREFIX\nclass S(BaseSettings):\n" \
                "    model_config = SettingsConfigDict(env_prefix=PREFIX)\n    a: int = 1\n    b: int = 2\n" \
                "    c: str = Field(alias='C_NAME')\n"
    found = settings({"s.py": text})
    assert [(p.name, p.why) for p in found] == [
        (None, "env_prefix PREFIX is not a string literal"), ("C_NAME", None)]
    bound = text.replace("from consts import PREFIX", "PREFIX = 'APP_'")
    assert names({"s.py": bound}) == ["APP_A", "APP_B", "C_NAME"]


def test_an_unknown_base_is_unresolved_only_for_a_class_that_shows_it_is_settings() -> None:
    shown = "from sdk import Base\nfrom pydantic_settings import SettingsConfigDict\n" \
            "class S(Base):\n    model_config = SettingsConfigDict(env_prefix='X_')\n    a: int = 1\n"
    [place] = settings({"s.py": shown})
    assert place.name is None and place.why == "base class Base is not defined in the repository"
    plain = "from sdk import Base\nimport pydantic\nclass S(Base):\n    a: int = 1\n"
    assert settings({"s.py": plain}) == []


def test_files_without_the_trigger_words_or_that_do_not_parse_give_nothing() -> None:
    assert python_settings.facts("class A(B):\n    x: int = 1\n", Lines("").position) == []
    broken = V2 + "class S(BaseSettings):\n    x: int = 1\nprint 'python 2'\n"
    assert python_settings.facts(broken, Lines(broken).position) == []
    assert [f.name for f in python_reads.find(broken + "import os\nos.getenv('STILL_READ')\n")] == ["STILL_READ"]


def test_facts_survive_the_trip_to_a_worker_process() -> None:
    text = V2 + "class S(BaseSettings):\n    x: int = Field(1, alias='X')\n"
    facts = python_settings.facts(text, Lines(text).position)
    assert facts and pickle.loads(pickle.dumps(facts)) == facts


# ---- environs, django-environ, python-decouple ----------------------------------------------------


def test_environs_prefixed_blocks_nest_and_reach_the_as_name() -> None:
    found = library("""\
        from environs import Env
        env = Env(prefix="APP_")
        with env.prefixed("DB_"):
            host = env.str("HOST", "localhost")
            with env.prefixed("POOL_") as pool:
                size = pool.int("SIZE", 5)
        after = env("AFTER")
        """)
    assert [f.name for f in found] == ["APP_DB_HOST", "APP_DB_POOL_SIZE", "APP_AFTER"]
    assert found[1].declared == Declared("environs", "int", "5", False)


def test_environs_types_defaults_and_choices() -> None:
    found = library("""\
        from environs import env, validate
        a = env.list("HOSTS", ["a", "b"], delimiter=";")
        b = env.bool("DEBUG", default=False)
        c = env.str("LEVEL", "info", validate=validate.OneOf(["debug", "info"]))
        d = env.dj_db_url("DATABASE_URL")
        """)
    assert [f.declared for f in found] == [
        Declared("environs", "list[str]", "a;b", False), Declared("environs", "bool", "false", False),
        Declared("environs", "enum", "info", False, ("debug", "info")), Declared("environs", "url", None, True)]


def test_an_unrelated_env_or_config_is_not_a_read() -> None:
    assert library("def env(name):\n    return name\nenv('X')\n# import environ\n") == []
    mixed = library("""\
        from environs import Env
        from jinja2 import Environment
        app_env = Env()
        env = Environment()
        env.get_template("NOT_A_READ")
        port = app_env.int("PORT")
        """)
    assert [f.name for f in mixed] == ["PORT"]
    assert library("from decouple import Csv\nconfig = {}\nconfig.get('NOT_A_READ')\n") == []


def test_a_name_or_prefix_built_at_run_time_is_unresolved() -> None:
    found = library("""\
        from environs import Env
        from tenants import PREFIX
        env = Env()
        a = env.str(f"{svc}_URL")
        with env.prefixed(PREFIX):
            b = env.str("KEY")
        """)
    assert [(f.name, f.why) for f in found] == [
        (None, "the name is not a string literal"), (None, "the prefix of prefixed() is not a string literal")]


def test_django_environ_scheme_smart_cast_prefix_and_implicit_names() -> None:
    found = library("""\
        import environ
        env = environ.Env(DEBUG=(bool, False), HOSTS=(list, ["a"]))
        debug = env("DEBUG")
        workers = env("WORKERS", default=4)
        db = env.db()
        env.prefix = "DJANGO_"
        hosts = env("HOSTS")
        """)
    assert [(f.name, f.declared) for f in found] == [
        ("DEBUG", Declared("django-environ", "bool", "false", False)),
        ("WORKERS", Declared("django-environ", "int", "4", False)),
        ("DATABASE_URL", Declared("django-environ", "url", None, True)),
        ("DJANGO_HOSTS", Declared("django-environ", "str", None, True)),  # the scheme is keyed by the full name
    ]


def test_decouple_casts() -> None:
    found = library("""\
        from decouple import config, Csv, Choices
        a = config("A", default=False, cast=bool)
        b = config("B", default="x,y", cast=Csv())
        c = config("C", "dev", cast=Choices(["dev", "prod"]))
        d = config("D")
        """)
    assert [f.declared for f in found] == [
        Declared("python-decouple", "bool", "false", False), Declared("python-decouple", "list[str]", "x,y", False),
        Declared("python-decouple", "enum", "dev", False, ("dev", "prod")),
        Declared("python-decouple", "str", None, True)]


def test_reads_in_comments_and_docstrings_and_unparsable_files_give_nothing() -> None:
    assert library('"""env.str("IN_DOCSTRING")"""\nfrom environs import env\n# env.str("IN_COMMENT")\n') == []
    assert library("from environs import env\nx = env.str('X'\nprint 'py2'\n") == []


def test_os_reads_record_a_string_literal_fallback() -> None:
    text = dedent("""\
        import os
        a = os.getenv("A", "8080")
        b = os.environ.get("B", default="x")
        c = os.getenv("C")
        d = os.getenv("D", None)
        """)
    assert [(f.name, f.declared) for f in python_reads.find(text)] == [
        ("A", Declared("os", default="8080")), ("B", Declared("os", default="x")), ("C", None), ("D", None)]
