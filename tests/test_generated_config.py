"""Behaviour of the generated config classes, used the way a service uses them."""

from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest

import neosync_config
from neosync_config import (
    BackendApiConfig,
    BackendApiDatabaseMigrationsConfig,
    CliConfig,
    ConfigError,
    FrontendAppConfig,
    Secret,
    WorkerConfig,
)

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

# A value for every variable of every class: a service deployed with everything set.
FULL = {
    BackendApiConfig: BACKEND_ENV | {
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
    BackendApiDatabaseMigrationsConfig: {
        key: BACKEND_ENV[key] for key in ("DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASS")
    } | {"DB_SSL_DISABLE": "false", "DB_SCHEMA_DIR": "./m", "DB_MIGRATIONS_TABLE": "t",
         "DB_MIGRATIONS_TABLE_QUOTED": "yes"},
    FrontendAppConfig: FRONTEND_ENV | {
        "AUTH_ENABLED": "true", "NEXTAUTH_URL": "https://app.example.com", "AUTH_CLIENT_ID": "client",
        "AUTH_CLIENT_SECRET": "client-secret", "AUTH_ISSUER": "https://auth", "AUTH_EXPECTED_ISSUER": "x",
        "AUTH_SCOPE": "openid profile  email", "AUTH_AUDIENCE": "aud", "AUTH_PROVIDER_ID": "p",
        "AUTH_PROVIDER_NAME": "P", "NEXT_PUBLIC_APP_BASE_URL": "https://app.example.com",
        "NEOSYNC_API_BASE_URL": "http://api:8080", "AUTH_AUTHORIZE_URL": "https://auth/authorize",
        "AUTH_USERINFO_URL": "https://auth/userinfo", "AUTH_TOKEN_URL": "https://auth/token",
        "NEOSYNC_ANALYTICS_ENABLED": "false", "POSTHOG_KEY": "phc_key", "POSTHOG_HOST": "https://ph",
        "ENABLE_RUN_LOGS": "true",
    },
    WorkerConfig: WORKER_ENV | {
        "HOST": "0.0.0.0", "PORT": "8081", "TEMPORAL_URL": "temporal:7233", "TEMPORAL_NAMESPACE": "ns",
        "TEMPORAL_CERT_KEY_PATH": "~/key.pem", "TEMPORAL_CERT_PATH": "/c", "TEMPORAL_CERT": "C",
        "TEMPORAL_CERT_KEY": "K", "NEOSYNC_URL": "api:8080", "REDIS_URL": "redis://redis:6379",
        "REDIS_KIND": "failover", "REDIS_MASTER": "m", "REDIS_TLS_ENABLED": "true",
        "REDIS_TLS_SKIP_CERT_VERIFY": "false", "REDIS_TLS_ENABLE_RENEGOTIATION": "F",
        "REDIS_TLS_ROOT_CERT_AUTHORITY": "CA", "REDIS_TLS_ROOT_CERT_AUTHORITY_FILE": "/ca.pem",
    },
    CliConfig: {
        "NEOSYNC_API_URL": "https://api.example.com", "NEOSYNC_API_KEY": "neo_key", "LOGIN_HOST": "0.0.0.0",
        "LOGIN_REDIRECT_HOST": "localhost", "LOGIN_PORT": "4343", "NEOSYNC_CONFIG_DIR": "/etc/neosync",
    },
}
SECRET_VALUES = ("hunter2-db", "cookie-secret-value", "client-secret", "api-secret", "s3cr3t", "phc_key", "neo_key")


def _problems(error: ConfigError) -> dict[str, str]:
    return {p.variable: p.message for p in error.problems}


@pytest.mark.parametrize("cls", list(FULL), ids=lambda c: c.__name__)
def test_a_full_environment_loads_every_field(cls: type) -> None:
    env = FULL[cls]
    cfg = cls.from_env(env)
    names = {f.metadata["env"] for f in dataclasses.fields(cls)}
    assert names == set(env), "the full environment sets exactly the documented variables"
    assert all(getattr(cfg, f.name) is not None for f in dataclasses.fields(cls))


def test_values_are_parsed_into_their_types() -> None:
    backend = BackendApiConfig.from_env(FULL[BackendApiConfig])
    assert backend.db_port == 5432
    assert backend.db_auto_migrate is True  # "1" is true for Go's strconv.ParseBool
    assert backend.kubernetes_enabled is True  # and so is "T"
    assert backend.auth_audience == ["api", "cli"]
    assert backend.db_schema_dir == Path("/migrations")
    assert isinstance(backend.auth_clientid_secret, Secret)
    assert backend.auth_clientid_secret.reveal() == {"cli": "s3cr3t"}
    worker = WorkerConfig.from_env(FULL[WorkerConfig])
    assert worker.redis_kind == "failover"
    assert worker.temporal_cert_key_path == Path("~/key.pem").expanduser()
    assert worker.redis_tls_enable_renegotiation is False
    frontend = FrontendAppConfig.from_env(FULL[FrontendAppConfig])
    assert frontend.auth_scope == ["openid", "profile", "email"]


def test_defaults_apply_when_unset_or_empty() -> None:
    worker = WorkerConfig.from_env(WORKER_ENV | {"PORT": ""})
    assert (worker.host, worker.port, worker.temporal_url) == ("127.0.0.1", 8080, "localhost:7233")
    assert worker.temporal_namespace == "default"
    assert worker.redis_kind is None and worker.redis_tls_enabled is None
    cli = CliConfig.from_env({})
    assert cli.login_port == 4242
    assert cli.neosync_config_dir == Path("~/.neosync").expanduser()
    assert cli.neosync_api_key is None


def test_a_required_variable_with_a_documented_default_stays_required() -> None:
    env = dict(BACKEND_ENV)
    del env["AUTH_AUDIENCE"]
    with pytest.raises(ConfigError) as caught:
        BackendApiConfig.from_env(env)
    assert _problems(caught.value) == {"AUTH_AUDIENCE": "is required but not set"}


def test_a_prose_default_is_not_applied() -> None:
    assert FrontendAppConfig.from_env(FRONTEND_ENV).posthog_key is None


def test_every_missing_required_variable_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        BackendApiConfig.from_env({})
    error = caught.value
    assert list(_problems(error)) == ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASS", "AUTH_AUDIENCE"]
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
def test_bad_values_give_clear_messages(variable: str, value: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        BackendApiConfig.from_env(BACKEND_ENV | {variable: value})
    assert _problems(caught.value)[variable].startswith(expected)


def test_bad_enum_names_the_choices() -> None:
    with pytest.raises(ConfigError) as caught:
        WorkerConfig.from_env(WORKER_ENV | {"REDIS_KIND": "sentinel"})
    assert _problems(caught.value) == {"REDIS_KIND": "'sentinel' is not one of: simple, cluster, failover"}


@pytest.mark.parametrize("spelling", ["1", "t", "T", "TRUE", "true", "True"])
def test_bool_accepts_exactly_gos_true_spellings(spelling: str) -> None:
    assert WorkerConfig.from_env(WORKER_ENV | {"REDIS_TLS_ENABLED": spelling}).redis_tls_enabled is True


@pytest.mark.parametrize("spelling", ["yes", "on", "Y", "tRUE", " true", "2", "enabled"])
def test_bool_rejects_what_go_rejects(spelling: str) -> None:
    with pytest.raises(ConfigError):
        WorkerConfig.from_env(WORKER_ENV | {"REDIS_TLS_ENABLED": spelling})


def test_required_if_fires_only_when_its_condition_holds() -> None:
    assert FrontendAppConfig.from_env(FRONTEND_ENV).nextauth_url is None  # AUTH_ENABLED defaults to false
    assert FrontendAppConfig.from_env(FRONTEND_ENV | {"AUTH_ENABLED": "false"}).auth_issuer is None
    with pytest.raises(ConfigError) as caught:
        FrontendAppConfig.from_env(FRONTEND_ENV | {"AUTH_ENABLED": "1"})
    assert set(_problems(caught.value)) == {
        "NEXTAUTH_URL", "AUTH_CLIENT_ID", "AUTH_CLIENT_SECRET", "AUTH_ISSUER", "AUTH_SCOPE", "AUTH_AUDIENCE",
        "AUTH_PROVIDER_ID", "AUTH_PROVIDER_NAME",
    }
    assert _problems(caught.value)["NEXTAUTH_URL"] == "is required when AUTH_ENABLED is true"


def test_secrets_never_show(caplog: pytest.LogCaptureFixture) -> None:
    backend = BackendApiConfig.from_env(FULL[BackendApiConfig])
    frontend = FrontendAppConfig.from_env(FULL[FrontendAppConfig])
    cli = CliConfig.from_env(FULL[CliConfig])
    with caplog.at_level(logging.INFO):
        for cfg in (backend, frontend, cli):
            logging.getLogger("service").info("loaded %s / %r / %s", cfg, cfg, f"{cfg}")
    shown = repr(backend) + str(backend) + repr(frontend) + str(frontend) + repr(cli) + caplog.text
    for value in SECRET_VALUES:
        assert value not in shown
    assert "Secret('**********')" in repr(backend)
    assert str(backend.db_pass) == "**********" and f"{backend.db_pass}" == "**********"
    assert backend.db_pass.reveal() == "hunter2-db"


def test_secrets_never_appear_in_errors() -> None:
    bad = FULL[BackendApiConfig] | {"AUTH_CLIENTID_SECRET": "hunter2-not-json", "DB_PORT": "x"}
    with pytest.raises(ConfigError) as caught:
        BackendApiConfig.from_env(bad)
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in repr(caught.value.problems)
    assert "'x' is not an integer" in str(caught.value)  # non-secret values are shown


@pytest.mark.parametrize("cls", list(FULL), ids=lambda c: c.__name__)
def test_round_trip(cls: type) -> None:
    cfg = cls.from_env(FULL[cls])
    assert cls.from_env(cfg.to_env()) == cfg
    minimal = cls.from_env({k: v for k, v in FULL[cls].items() if k in BACKEND_ENV | FRONTEND_ENV | WORKER_ENV})
    assert cls.from_env(minimal.to_env()) == minimal


def test_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in WORKER_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("PORT", "7000")
    assert WorkerConfig.from_env().port == 7000


def test_classes_are_frozen_slotted_and_documented() -> None:
    cfg = CliConfig.from_env({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.login_port = 1  # type: ignore[misc]
    assert not hasattr(cfg, "__dict__")
    port = {f.name: f for f in dataclasses.fields(CliConfig)}["login_port"]
    assert port.metadata == {"env": "LOGIN_PORT", "line": 129}
    assert set(neosync_config.__all__) >= {"WorkerConfig", "ConfigError", "Secret"}


# ---- every type, references and conditions, from tests/fixtures/all_types.md


def test_sample_types_and_defaults(sample_package: ModuleType) -> None:
    cfg = sample_package.ServiceConfig.from_env({"APP_NAME": "svc", "DB_PASSWORD": "pw"})
    assert cfg.app_port == 9000
    assert cfg.app_ratio == 0.25
    assert cfg.app_timeout == timedelta(minutes=1, seconds=30)
    assert cfg.feature_enabled is False
    assert cfg.data_dir == Path("~/.sample").expanduser()
    assert cfg.allowed_hosts == ["localhost", "127.0.0.1"]
    assert cfg.labels == {"team": "core"}
    assert cfg.log_level == "info"
    assert cfg.scopes is None and cfg.api_token is None


def test_sample_reference_default(sample_package: ModuleType) -> None:
    config = sample_package.ServiceConfig
    base = {"APP_NAME": "svc", "DB_PASSWORD": "pw"}
    assert config.from_env(base).worker_namespace is None
    assert config.from_env(base | {"NAMESPACE": "team-a"}).worker_namespace == "team-a"
    assert config.from_env(base | {"NAMESPACE": "a", "WORKER_NAMESPACE": "b"}).worker_namespace == "b"


def test_sample_reference_falls_back_to_the_referenced_default(sample_package: ModuleType) -> None:
    config = sample_package.ServiceConfig
    base = {"APP_NAME": "svc", "DB_PASSWORD": "pw"}
    assert config.from_env(base).service_domain == "cluster.local"
    assert config.from_env(base | {"CLUSTER_DOMAIN": "corp.internal"}).service_domain == "corp.internal"
    cfg = config.from_env(base)
    assert config.from_env(cfg.to_env()) == cfg


@pytest.mark.parametrize(
    ("value", "expected"),
    [("300ms", timedelta(milliseconds=300)), ("2h45m", timedelta(hours=2, minutes=45)), ("-1.5h", timedelta(hours=-1.5)),
     ("0", timedelta(0)), ("1us", timedelta(microseconds=1))],
)
def test_sample_go_durations(sample_package: ModuleType, value: str, expected: timedelta) -> None:
    cfg = sample_package.ServiceConfig.from_env({"APP_NAME": "s", "DB_PASSWORD": "p", "APP_TIMEOUT": value})
    assert cfg.app_timeout == expected
    assert sample_package.ServiceConfig.from_env(cfg.to_env()) == cfg


@pytest.mark.parametrize("value", ["90", "1d", "m", "1.5", "1h-5m"])
def test_sample_bad_durations(sample_package: ModuleType, value: str) -> None:
    with pytest.raises(sample_package.ConfigError) as caught:
        sample_package.ServiceConfig.from_env({"APP_NAME": "s", "DB_PASSWORD": "p", "APP_TIMEOUT": value})
    assert "is not a duration" in str(caught.value)


def test_sample_required_if_on_an_enum(sample_package: ModuleType) -> None:
    config = sample_package.ServiceConfig
    base = {"APP_NAME": "svc", "DB_PASSWORD": "pw"}
    assert config.from_env(base | {"MODE": "fast"}).safe_limit is None
    with pytest.raises(sample_package.ConfigError) as caught:
        config.from_env(base | {"MODE": "safe"})
    assert [p.variable for p in caught.value.problems] == ["SAFE_LIMIT"]
    with pytest.raises(sample_package.ConfigError) as caught:
        config.from_env(base | {"FEATURE_ENABLED": "true"})
    assert [p.variable for p in caught.value.problems] == ["CALLBACK_URL"]


def test_sample_required_when_another_variable_is_set(sample_package: ModuleType) -> None:
    config = sample_package.ServiceConfig
    base = {"APP_NAME": "svc", "DB_PASSWORD": "pw"}
    assert config.from_env(base).tls_key_file is None
    with pytest.raises(sample_package.ConfigError) as caught:
        config.from_env(base | {"TLS_CERT_FILE": "/tls/cert.pem"})
    assert [(p.variable, p.message) for p in caught.value.problems] == [
        ("TLS_KEY_FILE", "is required when TLS_CERT_FILE is set")]
    both = config.from_env(base | {"TLS_CERT_FILE": "/c.pem", "TLS_KEY_FILE": "/k.pem"})
    assert both.tls_key_file == Path("/k.pem")


def test_sample_secret_errors_hide_the_value(sample_package: ModuleType) -> None:
    cfg = sample_package.ServiceConfig.from_env({"APP_NAME": "s", "DB_PASSWORD": "pa55-word", "API_TOKEN": "tok-123"})
    assert "pa55-word" not in repr(cfg) and "tok-123" not in repr(cfg)
    assert cfg.to_env()["DB_PASSWORD"] == "pa55-word"
