"""Behaviour of the generated config classes, used the way a service uses them.

The behaviour tests run against both Python targets from one suite: the stdlib package
(`neosync_config`, `from_env`, `ConfigError`) and the opt-in pydantic-settings package
(`neosync_settings`, instantiation, `ValidationError`), through the `Target` adapter in
tests/targets.py. What only one target has (ConfigError's text, dataclass metadata) is
tested for that target alone, at the end.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta
from pathlib import Path

import pydantic
import pytest
from pydantic_settings import BaseSettings

import neosync_config
import neosync_settings
from neosync_config import (
    BackendApiConfig,
    BackendApiDatabaseMigrationsConfig,
    CliConfig,
    ConfigError,
    FrontendAppConfig,
    WorkerConfig,
)

from .conftest import FIXTURES
from .targets import PydanticTarget, StdlibTarget, Target, generate_both, targets_of

BACKEND_ENV = {
    "DB_HOST": "db.internal",
    "DB_PORT": "5432",
    "DB_NAME": "neosync",
    "DB_USER": "neosync",
    "DB_PASS": "hunter2-db",
    "AUTH_AUDIENCE": "api, cli",
}
FRONTEND_ENV = {"NEXTAUTH_SECRET": "cookie-secret-value"}
WORKER_ENV = {"TEMPORAL_TASK_QUEUE": "sync-job"}

# A value for every variable of every section: a service deployed with everything set.
FULL = {
    "backend_api": BACKEND_ENV | {
        "DB_SSL_DISABLE": "true", "DB_AUTO_MIGRATE": "1", "DB_SCHEMA_DIR": "/migrations", "HOST": "0.0.0.0",
        "PORT": "9090", "NUCLEUS_ENV": "prod", "SHUTDOWN_TIMEOUT_SECONDS": "30", "LOGS_FORMAT_JSON": "false",
        "AUTH_ENABLED": "true", "AUTH_BASEURL": "https://auth.example.com", "AUTH_EXPECTED_ISS": "https://auth",
        "AUTH_CLIENTID_SECRET": '{"cli": "s3cr3t"}', "AUTH_CLI_AUDIENCE": "cli",
        "AUTH_SIGNATURE_ALGORITHM": "RS256", "TEMPORAL_URL": "temporal:7233", "TEMPORAL_CERT_KEY_PATH": "/k",
        "TEMPORAL_CERT_PATH": "/c", "TEMPORAL_CERT": "CERT", "TEMPORAL_CERT_KEY": "KEY",
        "TEMPORAL_DEFAULT_NAMESPACE": "ns", "TEMPORAL_DEFAULT_SYNCJOB_QUEUE": "q", "AUTH_API_CLIENT_ID": "id",
        "AUTH_API_CLIENT_SECRET": "api-secret", "AUTH_API_BASEURL": "https://auth.example.com/api",
        "KUBERNETES_ENABLED": "T", "KUBERNETES_NAMESPACE": "neosync", "KUBERNETES_WORKER_APP_NAME": "worker",
    },
    "backend_api_database_migrations": {
        key: BACKEND_ENV[key] for key in ("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASS")
    } | {"DB_SSL_DISABLE": "false", "DB_SCHEMA_DIR": "./m", "DB_MIGRATIONS_TABLE": "t",
         "DB_MIGRATIONS_TABLE_QUOTED": "yes"},
    "frontend_app": FRONTEND_ENV | {
        "AUTH_ENABLED": "true", "NEXTAUTH_URL": "https://app.example.com", "AUTH_CLIENT_ID": "client",
        "AUTH_CLIENT_SECRET": "client-secret", "AUTH_ISSUER": "https://auth", "AUTH_EXPECTED_ISSUER": "x",
        "AUTH_SCOPE": "openid profile  email", "AUTH_AUDIENCE": "aud", "AUTH_PROVIDER_ID": "p",
        "AUTH_PROVIDER_NAME": "P", "NEXT_PUBLIC_APP_BASE_URL": "https://app.example.com",
        "NEOSYNC_API_BASE_URL": "http://api:8080", "AUTH_AUTHORIZE_URL": "https://auth/authorize",
        "AUTH_USERINFO_URL": "https://auth/userinfo", "AUTH_TOKEN_URL": "https://auth/token",
        "NEOSYNC_ANALYTICS_ENABLED": "false", "POSTHOG_KEY": "phc_key", "POSTHOG_HOST": "https://ph",
        "ENABLE_RUN_LOGS": "true",
    },
    "worker": WORKER_ENV | {
        "HOST": "0.0.0.0", "PORT": "8081", "TEMPORAL_URL": "temporal:7233", "TEMPORAL_NAMESPACE": "ns",
        "TEMPORAL_CERT_KEY_PATH": "~/key.pem", "TEMPORAL_CERT_PATH": "/c", "TEMPORAL_CERT": "C",
        "TEMPORAL_CERT_KEY": "K", "NEOSYNC_URL": "api:8080", "REDIS_URL": "redis://redis:6379",
        "REDIS_KIND": "failover", "REDIS_MASTER": "m", "REDIS_TLS_ENABLED": "true",
        "REDIS_TLS_SKIP_CERT_VERIFY": "false", "REDIS_TLS_ENABLE_RENEGOTIATION": "F",
        "REDIS_TLS_ROOT_CERT_AUTHORITY": "CA", "REDIS_TLS_ROOT_CERT_AUTHORITY_FILE": "/ca.pem",
    },
    "cli": {
        "NEOSYNC_API_URL": "https://api.example.com", "NEOSYNC_API_KEY": "neo_key", "LOGIN_HOST": "0.0.0.0",
        "LOGIN_REDIRECT_HOST": "localhost", "LOGIN_PORT": "4343", "NEOSYNC_CONFIG_DIR": "/etc/neosync",
    },
}
SECRET_VALUES = ("hunter2-db", "cookie-secret-value", "client-secret", "api-secret", "s3cr3t", "phc_key", "neo_key")

STDLIB = StdlibTarget("stdlib", {
    "backend_api": BackendApiConfig, "backend_api_database_migrations": BackendApiDatabaseMigrationsConfig,
    "frontend_app": FrontendAppConfig, "worker": WorkerConfig, "cli": CliConfig,
})
PYDANTIC = PydanticTarget("pydantic", {
    "backend_api": neosync_settings.BackendApiSettings,
    "backend_api_database_migrations": neosync_settings.BackendApiDatabaseMigrationsSettings,
    "frontend_app": neosync_settings.FrontendAppSettings, "worker": neosync_settings.WorkerSettings,
    "cli": neosync_settings.CliSettings,
})


@pytest.fixture(params=[STDLIB, PYDANTIC], ids=lambda t: t.name)
def target(request: pytest.FixtureRequest) -> Target:
    """The seed's classes, of one target."""
    return request.param  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def sample_targets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Target]:
    """Both targets generated from tests/fixtures/all_types.md: every type, references, conditions."""
    doc = FIXTURES / "all_types.md"
    config, settings = generate_both(doc, tmp_path_factory.mktemp("sample") / "out", "sample")
    stdlib, pyd = targets_of(doc, config, settings)
    return {"stdlib": stdlib, "pydantic": pyd}


@pytest.fixture(params=["stdlib", "pydantic"])
def sample(request: pytest.FixtureRequest, sample_targets: dict[str, Target]) -> Target:
    """The sample doc's classes, of one target."""
    return sample_targets[request.param]


@pytest.mark.parametrize("section", list(FULL))
def test_a_full_environment_loads_every_field(target: Target, section: str) -> None:
    env = FULL[section]
    cfg = target.load(section, env)
    fields = target.fields(section)
    assert set(fields.values()) == set(env), "the full environment sets exactly the documented variables"
    assert all(getattr(cfg, name) is not None for name in fields)


def test_values_are_parsed_into_their_types(target: Target) -> None:
    backend = target.load("backend_api", FULL["backend_api"])
    assert backend.db_port == 5432
    assert backend.db_auto_migrate is True  # "1" is true for Go's strconv.ParseBool
    assert backend.kubernetes_enabled is True  # and so is "T"
    assert backend.auth_audience == ["api", "cli"]
    assert backend.db_schema_dir == Path("/migrations")
    assert target.is_secret(backend.auth_clientid_secret)
    assert target.reveal(backend.auth_clientid_secret) == {"cli": "s3cr3t"}
    worker = target.load("worker", FULL["worker"])
    assert worker.redis_kind == "failover"
    assert worker.temporal_cert_key_path == Path("~/key.pem").expanduser()
    assert worker.redis_tls_enable_renegotiation is False
    frontend = target.load("frontend_app", FULL["frontend_app"])
    assert frontend.auth_scope == ["openid", "profile", "email"]  # the doc's separator is a space


def test_defaults_apply_when_unset_or_empty(target: Target) -> None:
    worker = target.load("worker", WORKER_ENV | {"PORT": ""})
    assert (worker.host, worker.port, worker.temporal_url) == ("127.0.0.1", 8080, "localhost:7233")
    assert worker.temporal_namespace == "default"
    assert worker.redis_kind is None and worker.redis_tls_enabled is None
    cli = target.load("cli", {})
    assert cli.login_port == 4242
    assert cli.neosync_config_dir == Path("~/.neosync").expanduser()
    assert cli.neosync_api_key is None


def test_an_empty_required_variable_is_missing(target: Target) -> None:
    assert target.problems("worker", {"TEMPORAL_TASK_QUEUE": ""}) == ["TEMPORAL_TASK_QUEUE"]


def test_a_required_variable_with_a_documented_default_stays_required(target: Target) -> None:
    env = dict(BACKEND_ENV)
    del env["AUTH_AUDIENCE"]
    assert target.problems("backend_api", env) == ["AUTH_AUDIENCE"]


def test_a_prose_default_is_not_applied(target: Target) -> None:
    assert target.load("frontend_app", FRONTEND_ENV).posthog_key is None


def test_every_missing_required_variable_is_reported_at_once(target: Target) -> None:
    assert target.problems("backend_api", {}) == sorted(
        ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASS", "AUTH_AUDIENCE"])


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("DB_SSL_DISABLE", "yes", "is not a boolean"),
        ("DB_PORT", "54x", "is not an integer"),
        ("AUTH_BASEURL", "auth.example.com", "is not a URL with a scheme and a host"),
        ("AUTH_CLIENTID_SECRET", "{not json", "is not valid JSON"),
    ],
)
def test_bad_values_give_clear_messages(target: Target, variable: str, value: str, reason: str) -> None:
    messages = target.messages("backend_api", BACKEND_ENV | {variable: value})
    assert list(messages) == [variable]
    assert reason in messages[variable]


def test_bad_enum_names_the_choices(target: Target) -> None:
    messages = target.messages("worker", WORKER_ENV | {"REDIS_KIND": "sentinel"})
    assert list(messages) == ["REDIS_KIND"]
    assert "is not one of: simple, cluster, failover" in messages["REDIS_KIND"]


@pytest.mark.parametrize("choice", ["simple", "cluster", "failover"])
def test_enum_accepts_each_documented_choice_exactly(target: Target, choice: str) -> None:
    assert target.load("worker", WORKER_ENV | {"REDIS_KIND": choice}).redis_kind == choice
    assert target.problems("worker", WORKER_ENV | {"REDIS_KIND": choice.upper()}) == ["REDIS_KIND"]


@pytest.mark.parametrize("spelling", ["1", "t", "T", "TRUE", "true", "True"])
def test_bool_accepts_exactly_gos_true_spellings(target: Target, spelling: str) -> None:
    assert target.load("worker", WORKER_ENV | {"REDIS_TLS_ENABLED": spelling}).redis_tls_enabled is True


@pytest.mark.parametrize("spelling", ["0", "f", "F", "FALSE", "false", "False"])
def test_bool_accepts_exactly_gos_false_spellings(target: Target, spelling: str) -> None:
    assert target.load("worker", WORKER_ENV | {"REDIS_TLS_ENABLED": spelling}).redis_tls_enabled is False


@pytest.mark.parametrize("spelling", ["yes", "on", "Y", "tRUE", " true", "2", "enabled", "no", "off", "0.0"])
def test_bool_rejects_what_go_rejects(target: Target, spelling: str) -> None:
    assert target.problems("worker", WORKER_ENV | {"REDIS_TLS_ENABLED": spelling}) == ["REDIS_TLS_ENABLED"]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("AUTH_AUDIENCE", "a,b", ["a", "b"]),  # comma-separated in the doc
        ("AUTH_AUDIENCE", " a , ,b, ", ["a", "b"]),  # items stripped, empty ones dropped
        ("AUTH_AUDIENCE", '["a", "b"]', ['["a"', '"b"]']),  # never JSON-decoded
        ("AUTH_AUDIENCE", "a b", ["a b"]),  # a space is not this list's separator
    ],
)
def test_lists_split_on_the_docs_separator(target: Target, variable: str, value: str,
                                           expected: list[str]) -> None:
    assert getattr(target.load("backend_api", BACKEND_ENV | {variable: value}), variable.lower()) == expected


def test_space_separated_lists_split_on_any_whitespace(target: Target) -> None:
    frontend = target.load("frontend_app", FRONTEND_ENV | {"AUTH_SCOPE": " openid\tprofile  email "})
    assert frontend.auth_scope == ["openid", "profile", "email"]
    assert target.problems("backend_api", BACKEND_ENV | {"AUTH_AUDIENCE": " , "}) == ["AUTH_AUDIENCE"]


def test_required_if_fires_only_when_its_condition_holds(target: Target) -> None:
    assert target.load("frontend_app", FRONTEND_ENV).nextauth_url is None  # AUTH_ENABLED defaults to false
    assert target.load("frontend_app", FRONTEND_ENV | {"AUTH_ENABLED": "false"}).auth_issuer is None
    messages = target.messages("frontend_app", FRONTEND_ENV | {"AUTH_ENABLED": "1"})
    assert set(messages) == {
        "NEXTAUTH_URL", "AUTH_CLIENT_ID", "AUTH_CLIENT_SECRET", "AUTH_ISSUER", "AUTH_SCOPE", "AUTH_AUDIENCE",
        "AUTH_PROVIDER_ID", "AUTH_PROVIDER_NAME",
    }
    assert messages["NEXTAUTH_URL"] == "is required when AUTH_ENABLED is true"
    assert target.load("frontend_app", FULL["frontend_app"]).nextauth_url == "https://app.example.com"


def test_secrets_never_show(target: Target, caplog: pytest.LogCaptureFixture) -> None:
    backend = target.load("backend_api", FULL["backend_api"])
    frontend = target.load("frontend_app", FULL["frontend_app"])
    cli = target.load("cli", FULL["cli"])
    with caplog.at_level(logging.INFO):
        for cfg in (backend, frontend, cli):
            logging.getLogger("service").info("loaded %s / %r / %s", cfg, cfg, f"{cfg}")
    shown = repr(backend) + str(backend) + repr(frontend) + str(frontend) + repr(cli) + caplog.text
    for value in SECRET_VALUES:
        assert value not in shown
    assert "('**********')" in repr(backend)
    assert str(backend.db_pass) == "**********" and f"{backend.db_pass}" == "**********"
    assert target.reveal(backend.db_pass) == "hunter2-db"


def test_secrets_never_appear_in_errors(target: Target) -> None:
    bad = FULL["backend_api"] | {"AUTH_CLIENTID_SECRET": "hunter2-not-json", "DB_PORT": "x"}
    error = target.caught("backend_api", bad)
    assert "hunter2" not in str(error) and "hunter2" not in repr(error)
    assert target.problems("backend_api", bad) == ["AUTH_CLIENTID_SECRET", "DB_PORT"]


@pytest.mark.parametrize("section", list(FULL))
def test_round_trip(target: Target, section: str) -> None:
    cfg = target.load(section, FULL[section])
    assert target.load(section, cfg.to_env()) == cfg
    minimal = target.load(section, {k: v for k, v in FULL[section].items()
                                    if k in BACKEND_ENV | FRONTEND_ENV | WORKER_ENV})
    assert target.load(section, minimal.to_env()) == minimal


def test_reads_os_environ_by_default(target: Target, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in WORKER_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("PORT", "7000")
    assert target.load_process_env("worker").port == 7000


def test_settings_are_frozen(target: Target) -> None:
    cfg = target.load("cli", {})
    with pytest.raises((dataclasses.FrozenInstanceError, pydantic.ValidationError)):
        cfg.login_port = 1


# ---- every type, references and conditions, from tests/fixtures/all_types.md

SAMPLE_BASE = {"APP_NAME": "svc", "DB_PASSWORD": "pw"}


def test_sample_types_and_defaults(sample: Target) -> None:
    cfg = sample.load("service", SAMPLE_BASE)
    assert cfg.app_port == 9000
    assert cfg.app_ratio == 0.25
    assert cfg.app_timeout == timedelta(minutes=1, seconds=30)
    assert cfg.feature_enabled is False
    assert cfg.data_dir == Path("~/.sample").expanduser()
    assert cfg.allowed_hosts == ["localhost", "127.0.0.1"]
    assert cfg.labels == {"team": "core"}
    assert cfg.log_level == "info"
    assert cfg.scopes is None and cfg.api_token is None


def test_sample_mutable_defaults_are_fresh(sample: Target) -> None:
    first, second = sample.load("service", SAMPLE_BASE), sample.load("service", SAMPLE_BASE)
    assert first.allowed_hosts == second.allowed_hosts and first.allowed_hosts is not second.allowed_hosts
    assert first.labels is not second.labels


def test_sample_reference_default(sample: Target) -> None:
    assert sample.load("service", SAMPLE_BASE).worker_namespace is None
    assert sample.load("service", SAMPLE_BASE | {"NAMESPACE": "team-a"}).worker_namespace == "team-a"
    assert sample.load("service", SAMPLE_BASE | {"NAMESPACE": "a", "WORKER_NAMESPACE": "b"}).worker_namespace == "b"
    assert sample.load("service", SAMPLE_BASE | {"NAMESPACE": "a", "WORKER_NAMESPACE": ""}).worker_namespace == "a"


def test_sample_reference_falls_back_to_the_referenced_default(sample: Target) -> None:
    assert sample.load("service", SAMPLE_BASE).service_domain == "cluster.local"
    assert sample.load("service", SAMPLE_BASE | {"CLUSTER_DOMAIN": "corp.internal"}).service_domain == "corp.internal"
    cfg = sample.load("service", SAMPLE_BASE)
    assert sample.load("service", cfg.to_env()) == cfg


@pytest.mark.parametrize(
    ("value", "expected"),
    [("300ms", timedelta(milliseconds=300)), ("2h45m", timedelta(hours=2, minutes=45)), ("-1.5h", timedelta(hours=-1.5)),
     ("0", timedelta(0)), ("1us", timedelta(microseconds=1)), ("1µs", timedelta(microseconds=1)),
     ("1m30.5s", timedelta(seconds=90.5)), ("+5s", timedelta(seconds=5))],
)
def test_sample_go_durations(sample: Target, value: str, expected: timedelta) -> None:
    cfg = sample.load("service", SAMPLE_BASE | {"APP_TIMEOUT": value})
    assert cfg.app_timeout == expected
    assert sample.load("service", cfg.to_env()) == cfg


@pytest.mark.parametrize("value", ["90", "1d", "m", "1.5", "1h-5m", "P1D", "00:01:30"])
def test_sample_bad_durations(sample: Target, value: str) -> None:
    messages = sample.messages("service", SAMPLE_BASE | {"APP_TIMEOUT": value})
    assert list(messages) == ["APP_TIMEOUT"]
    assert "is not a duration" in messages["APP_TIMEOUT"]


@pytest.mark.parametrize(("value", "expected"), [("debug", "debug"), ("warn", "warn"), ("", "info")])
def test_sample_choices(sample: Target, value: str, expected: str) -> None:
    assert sample.load("service", SAMPLE_BASE | {"LOG_LEVEL": value}).log_level == expected


@pytest.mark.parametrize("value", ["DEBUG", "error", " info", "debug,info"])
def test_sample_bad_choices(sample: Target, value: str) -> None:
    messages = sample.messages("service", SAMPLE_BASE | {"LOG_LEVEL": value})
    assert list(messages) == ["LOG_LEVEL"] and "is not one of: debug, info, warn" in messages["LOG_LEVEL"]


def test_sample_required_if_on_an_enum(sample: Target) -> None:
    assert sample.load("service", SAMPLE_BASE | {"MODE": "fast"}).safe_limit is None
    assert sample.problems("service", SAMPLE_BASE | {"MODE": "safe"}) == ["SAFE_LIMIT"]
    assert sample.load("service", SAMPLE_BASE | {"MODE": "safe", "SAFE_LIMIT": "5"}).safe_limit == "5"
    assert sample.problems("service", SAMPLE_BASE | {"FEATURE_ENABLED": "true"}) == ["CALLBACK_URL"]


def test_sample_required_when_another_variable_is_set(sample: Target) -> None:
    assert sample.load("service", SAMPLE_BASE).tls_key_file is None
    messages = sample.messages("service", SAMPLE_BASE | {"TLS_CERT_FILE": "/tls/cert.pem"})
    assert messages == {"TLS_KEY_FILE": "is required when TLS_CERT_FILE is set"}
    both = sample.load("service", SAMPLE_BASE | {"TLS_CERT_FILE": "/c.pem", "TLS_KEY_FILE": "/k.pem"})
    assert both.tls_key_file == Path("/k.pem")


def test_sample_secret_errors_hide_the_value(sample: Target) -> None:
    cfg = sample.load("service", {"APP_NAME": "s", "DB_PASSWORD": "pa55-word", "API_TOKEN": "tok-123"})
    assert "pa55-word" not in repr(cfg) and "tok-123" not in repr(cfg)
    assert cfg.to_env()["DB_PASSWORD"] == "pa55-word"


# ---- what only the stdlib target has: ConfigError's text, dataclass metadata


def _stdlib_error(cls: type, env: dict[str, str]) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        cls.from_env(env)  # type: ignore[attr-defined]
    return caught.value


def test_stdlib_config_error_names_each_variable_with_its_doc_line() -> None:
    error = _stdlib_error(BackendApiConfig, {})
    assert [p.variable for p in error.problems] == [
        "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASS", "AUTH_AUDIENCE"]
    assert [p.line for p in error.problems] == [19, 20, 21, 22, 23, 35]
    text = str(error)
    assert text.startswith("BackendApiConfig: 6 problems in the environment")
    assert "spec/neosync/environment-variables.md" in text
    assert "  - DB_HOST (line 19): is required but not set" in text


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DB_SSL_DISABLE", "yes", "'yes' is not a boolean"),
        ("DB_PORT", "54x", "'54x' is not an integer"),
        ("AUTH_BASEURL", "auth.example.com", "'auth.example.com' is not a URL with a scheme and a host"),
        ("AUTH_CLIENTID_SECRET", "{not json", "the value is not valid JSON"),
    ],
)
def test_stdlib_messages_show_non_secret_values(variable: str, value: str, expected: str) -> None:
    problems = {p.variable: p.message for p in _stdlib_error(BackendApiConfig, BACKEND_ENV | {variable: value}).problems}
    assert problems[variable].startswith(expected)


def test_stdlib_classes_are_frozen_slotted_and_documented() -> None:
    cfg = CliConfig.from_env({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.login_port = 1  # type: ignore[misc]
    assert not hasattr(cfg, "__dict__")
    port = {f.name: f for f in dataclasses.fields(CliConfig)}["login_port"]
    assert port.metadata == {"env": "LOGIN_PORT", "line": 129}
    assert set(neosync_config.__all__) >= {"WorkerConfig", "ConfigError", "Secret"}


# ---- what only the pydantic-settings target has


def test_pydantic_errors_are_located_at_the_variable_and_hide_every_input() -> None:
    bad = BACKEND_ENV | {"DB_PORT": "54x", "DB_PASS": ""}
    error = PYDANTIC.caught("backend_api", bad)
    assert isinstance(error, pydantic.ValidationError)
    assert [(e["loc"], e["type"]) for e in error.errors()] == [(("DB_PORT",), "value_error"), (("DB_PASS",), "missing")]
    assert "54x" not in str(error)  # hide_input_in_errors: no value in the text, secret or not
    assert str(error).startswith("2 validation errors for BackendApiSettings")


def test_pydantic_classes_are_settings_with_the_documented_config() -> None:
    for cls in PYDANTIC.classes.values():
        assert issubclass(cls, BaseSettings)
        config = cls.model_config  # type: ignore[attr-defined]
        assert (config["case_sensitive"], config["extra"], config["hide_input_in_errors"], config["frozen"]) == (
            True, "ignore", True, True)
    assert set(neosync_settings.__all__) == {
        "BackendApiSettings", "BackendApiDatabaseMigrationsSettings", "FrontendAppSettings", "WorkerSettings",
        "CliSettings"}
