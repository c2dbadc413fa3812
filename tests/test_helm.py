"""The generated charts, linted, rendered and schema-checked by real Helm (its Go SDK, via helm-python-sdk)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import helm_python as helm
import jsonschema
import pytest
import yaml
from helm_python import Chart, HelmValuesError

import neosync_config
from docenv.generate.parse import parse_document
from docenv.targets.helm.chart import chart_name
from docenv.model.document import Section
from docenv.targets.python.naming import class_name
from docenv.read.sources import read_doc
from docenv.targets.helm.values_paths import values_paths

from .conftest import ROOT, SEED

HELM = ROOT / "generated" / "helm"
SECTIONS = parse_document(read_doc(str(SEED)), "seed").document.sections
BY_ID = {s.id: s for s in SECTIONS}


def chart_dir(section: Section) -> Path:
    return HELM / chart_name("neosync", section)


def paths(section: Section) -> dict[str, tuple[str, ...]]:
    return values_paths([v.name for v in section.variables])


def nest(section: Section, flat: dict[str, Any]) -> dict[str, Any]:
    """{"DB_HOST": "db"} -> {"db": {"host": "db"}}, by the chart's own paths."""
    tree: dict[str, Any] = {}
    where = paths(section)
    for name, value in flat.items():
        node = tree
        for key in where[name][:-1]:
            node = node.setdefault(key, {})
        node[where[name][-1]] = value
    return tree


def render(section: Section, values: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Kind -> manifest for one release of the section's chart."""
    with Chart.load(str(chart_dir(section))) as chart:
        out = chart.render(values, name="rel", namespace="ns") if values is not None else chart.render(
            name="rel", namespace="ns")
    manifests = [doc for text in out.values() for doc in yaml.safe_load_all(text) if doc]
    return {m["kind"]: m for m in manifests}


def environment(manifests: dict[str, dict[str, Any]]) -> dict[str, str]:
    """What a container gets through envFrom: the ConfigMap's data and the decoded Secret's data."""
    env = dict(manifests["ConfigMap"].get("data") or {})
    secret = manifests.get("Secret", {}).get("data") or {}
    env.update({k: base64.b64decode(v).decode() for k, v in secret.items()})
    return env


REQUIRED = {
    "backend_api": {"DB_HOST": "db", "DB_PORT": 5432, "DB_NAME": "neosync", "DB_USER": "neo", "DB_PASS": "pw-1",
                    "AUTH_AUDIENCE": ["api", "cli"]},
    "backend_api_database_migrations": {"DB_HOST": "db", "DB_PORT": 5432, "DB_NAME": "n", "DB_USER": "u",
                                        "DB_PASS": "pw-2"},
    "frontend_app": {"NEXTAUTH_SECRET": "cookie-secret"},
    "worker": {"TEMPORAL_TASK_QUEUE": "sync-job"},
    "cli": {},
}


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
def test_every_chart_passes_helm_lint(section: Section) -> None:
    lint_values = chart_dir(section) / "ci" / "lint-values.yaml"
    values = helm.values_from_yaml(lint_values.read_text()) if lint_values.exists() else None
    report = helm.lint(str(chart_dir(section)), values) if values else helm.lint(str(chart_dir(section)))
    assert report["total_charts_linted"] == 1
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] > 1] == []
    assert lint_values.exists() == any(v.required for v in section.variables)


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
def test_default_values_are_the_documented_defaults(section: Section) -> None:
    data = yaml.safe_load((chart_dir(section) / "values.yaml").read_text())
    for var in section.variables:
        node: Any = data
        for key in paths(section)[var.name]:
            node = node[key]
        expected = None if var.required or var.secret else var.default
        assert node == expected and type(node) is type(expected), var.name
    assert data["existingSecret"] == "" and data["deployment"]["enabled"] is False


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
def test_schema_is_valid_json_schema(section: Section) -> None:
    schema = json.loads((chart_dir(section) / "values.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    values = yaml.safe_load((chart_dir(section) / "values.yaml").read_text())
    values = _drop_nulls(values) | nest(section, REQUIRED[section.id])
    jsonschema.Draft202012Validator(schema).validate(values)


def _drop_nulls(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _drop_nulls(v) for k, v in node.items() if v is not None}
    return node


def test_defaults_render_only_the_documented_defaults() -> None:
    env = environment(render(BY_ID["cli"]))
    assert env == {"NEOSYNC_API_URL": "http://localhost:8080", "LOGIN_HOST": "127.0.0.1",
                   "LOGIN_REDIRECT_HOST": "127.0.0.1", "LOGIN_PORT": "4242", "NEOSYNC_CONFIG_DIR": "~/.neosync"}


def test_rendered_configmap_and_secret_hold_exactly_the_expected_variables() -> None:
    section = BY_ID["worker"]
    values = nest(section, {"TEMPORAL_TASK_QUEUE": "q", "TEMPORAL_CERT_KEY": "key-material", "REDIS_KIND": "cluster",
                            "REDIS_TLS_ENABLED": True, "PORT": 9090, "HOST": None})
    manifests = render(section, values)
    assert manifests["ConfigMap"]["data"] == {
        "PORT": "9090", "TEMPORAL_URL": "localhost:7233", "TEMPORAL_NAMESPACE": "default",
        "TEMPORAL_TASK_QUEUE": "q", "NEOSYNC_URL": "localhost:8080", "REDIS_KIND": "cluster",
        "REDIS_TLS_ENABLED": "true",
    }
    assert manifests["Secret"]["data"] == {"TEMPORAL_CERT_KEY": base64.b64encode(b"key-material").decode()}
    assert "HOST" not in environment(manifests), "null leaves a variable out, it is never set empty"


def test_lists_json_and_large_numbers_render_as_the_service_parses_them() -> None:
    section = BY_ID["backend_api"]
    values = nest(section, REQUIRED["backend_api"] | {"AUTH_CLIENTID_SECRET": {"cli": "s3", "n": [1, 2.5]},
                                                      "SHUTDOWN_TIMEOUT_SECONDS": 12345678901})
    env = environment(render(section, values))
    assert env["AUTH_AUDIENCE"] == "api,cli"
    assert json.loads(env["AUTH_CLIENTID_SECRET"]) == {"cli": "s3", "n": [1, 2.5]}
    assert env["SHUTDOWN_TIMEOUT_SECONDS"] == "12345678901"
    assert "AUTH_CLIENTID_SECRET" not in render(section, values)["ConfigMap"]["data"]


def test_existing_secret_replaces_the_charts_own() -> None:
    section = BY_ID["frontend_app"]
    values = nest(section, REQUIRED["frontend_app"]) | {"existingSecret": "frontend-creds",
                                                        "deployment": {"enabled": True}}
    manifests = render(section, values)
    assert "Secret" not in manifests
    container = manifests["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert container["envFrom"] == [{"configMapRef": {"name": "rel-neosync-frontend-app"}},
                                    {"secretRef": {"name": "frontend-creds"}}]


def test_existing_secret_makes_the_secret_values_unnecessary() -> None:
    section = BY_ID["backend_api"]
    without_pass = {k: v for k, v in REQUIRED["backend_api"].items() if k != "DB_PASS"}
    with pytest.raises(HelmValuesError) as caught:
        render(section, nest(section, without_pass))
    assert "missing property 'pass'" in str(caught.value)
    manifests = render(section, nest(section, without_pass) | {"existingSecret": "db-creds"})
    assert "Secret" not in manifests and "DB_PASS" not in environment(manifests)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"temporal": {"taskQueue": ""}}, "at '/temporal/taskQueue': minLength: got 0, want 1"),
        ({"temporal": {"taskQueue": "q"}, "redisKnd": "x"}, "additional properties 'redisKnd' not allowed"),
        ({"temporal": {"taskQueue": "q", "nmspace": "x"}}, "additional properties 'nmspace' not allowed"),
    ],
)
def test_empty_required_values_and_misspelt_keys_are_rejected(values: dict[str, Any], message: str) -> None:
    with pytest.raises(HelmValuesError) as caught:
        render(BY_ID["worker"], values)
    assert message in str(caught.value)


def test_deployment_gets_the_environment_through_the_helper() -> None:
    section = BY_ID["worker"]
    manifests = render(section, nest(section, REQUIRED["worker"]) | {
        "deployment": {"enabled": True, "image": {"repository": "neosync/worker", "tag": "v1"}}})
    container = manifests["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "neosync/worker:v1"
    assert container["envFrom"] == [{"configMapRef": {"name": "rel-neosync-worker"}},
                                    {"secretRef": {"name": "rel-neosync-worker"}}]
    annotations = manifests["Deployment"]["spec"]["template"]["metadata"]["annotations"]
    assert set(annotations) == {"checksum/env", "checksum/secret"}  # either change restarts the pods
    assert "Deployment" not in render(section, nest(section, REQUIRED["worker"]))


@pytest.mark.parametrize(
    ("section_id", "flat", "message"),
    [
        ("worker", {"PORT": "eighty"}, "at '/port': got string, want null or integer"),
        ("worker", {"REDIS_KIND": "sentinel"}, "at '/redis/kind': value must be one of 'simple', 'cluster', 'failover'"),
        ("worker", {"REDIS_URL": "redis-host:6379"}, "at '/redis/url'"),
        ("backend_api", {"DB_SSL_DISABLE": "yes"}, "at '/db/sslDisable': got string, want null or boolean"),
        ("backend_api", {"AUTH_AUDIENCE": "api"}, "at '/auth/audience': got string, want array"),
    ],
)
def test_helm_schema_rejects_bad_values(section_id: str, flat: dict[str, Any], message: str) -> None:
    section = BY_ID[section_id]
    with pytest.raises(HelmValuesError) as caught:
        render(section, nest(section, REQUIRED[section_id] | flat))
    assert message in str(caught.value)


@pytest.mark.parametrize("section", [s for s in SECTIONS if REQUIRED[s.id]], ids=lambda s: s.id)
def test_helm_schema_rejects_missing_required_values(section: Section) -> None:
    with pytest.raises(HelmValuesError) as caught:
        render(section)  # the chart's defaults leave every required value unset
    missing = {(line.split("'")[1], key) for line in str(caught.value).splitlines() if "missing propert" in line
               for key in line.split(":", 1)[1].split("'")[1::2]}
    assert missing == {("".join("/" + key for key in paths(section)[name][:-1]), paths(section)[name][-1])
                       for name in REQUIRED[section.id]}
    first = next(iter(REQUIRED[section.id]))
    with pytest.raises(HelmValuesError):
        render(section, nest(section, REQUIRED[section.id] | {first: None}))


def test_helm_schema_enforces_required_if() -> None:
    section = BY_ID["frontend_app"]
    base = nest(section, REQUIRED["frontend_app"])
    render(section, base)  # AUTH_ENABLED defaults to false: nothing else required
    with pytest.raises(HelmValuesError) as caught:
        render(section, base | nest(section, {"AUTH_ENABLED": True}))
    assert "missing property 'nextauthUrl'" in str(caught.value)
    assert "at '/auth': missing property 'clientId'" in str(caught.value)


FULL_VALUES = {
    "backend_api": REQUIRED["backend_api"] | {
        "DB_SSL_DISABLE": True, "PORT": 9000, "AUTH_ENABLED": True, "AUTH_BASEURL": "https://auth.example.com",
        "AUTH_CLIENTID_SECRET": {"cli": "s"}, "TEMPORAL_CERT_KEY": "k", "TEMPORAL_CERT_KEY_PATH": "/k",
        "AUTH_API_CLIENT_SECRET": "api-secret", "KUBERNETES_ENABLED": False},
    "backend_api_database_migrations": REQUIRED["backend_api_database_migrations"] | {"DB_MIGRATIONS_TABLE": "m"},
    "frontend_app": REQUIRED["frontend_app"] | {
        "AUTH_ENABLED": True, "NEXTAUTH_URL": "https://app.example.com", "AUTH_CLIENT_ID": "c",
        "AUTH_CLIENT_SECRET": "cs", "AUTH_ISSUER": "https://auth", "AUTH_SCOPE": ["openid", "email"],
        "AUTH_AUDIENCE": "aud", "AUTH_PROVIDER_ID": "p", "AUTH_PROVIDER_NAME": "Provider", "POSTHOG_KEY": "phc"},
    "worker": REQUIRED["worker"] | {"REDIS_KIND": "failover", "REDIS_TLS_ENABLED": True,
                                    "TEMPORAL_CERT_PATH": "/etc/cert.pem", "PORT": 8443},
    "cli": {"NEOSYNC_API_KEY": "neo-key", "LOGIN_PORT": 5000},
}


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
def test_round_trip_values_to_environment_to_python_config(section: Section) -> None:
    flat = FULL_VALUES[section.id]
    env = environment(render(section, nest(section, flat)))
    config_class = getattr(neosync_config, class_name(section.id))
    config = config_class.from_env(env)
    fields = {f.metadata["env"]: f.name for f in config_class.__dataclass_fields__.values()}
    for name, value in flat.items():
        got = getattr(config, fields[name])
        got = got.reveal() if isinstance(got, neosync_config.Secret) else got
        if isinstance(got, Path):
            got = str(got)
        assert got == value, name
    unset = {v.name for v in section.variables} - set(flat)
    defaults = config_class.from_env({k: v for k, v in env.items() if k in flat})
    for name in unset:  # whatever the values left alone is exactly what the service would default to
        assert getattr(config, fields[name]) == getattr(defaults, fields[name]), name


def test_every_type_round_trips_through_a_chart(sample_package: Any) -> None:
    out = Path(sample_package.__path__[0]).parent
    chart = out / "helm" / "all-types-service"
    values = {"app": {"name": "svc", "port": 9100, "ratio": 0.5, "timeout": "2m30s"}, "featureEnabled": True,
              "callbackUrl": "https://cb.example.com/x", "dataDir": "/data", "allowedHosts": ["a", "b"],
              "scopes": ["openid", "email"], "labels": {"team": "core", "tier": 2}, "logLevel": "warn",
              "dbPassword": "pw", "apiToken": "tok", "namespace": "team-a", "mode": "safe", "safeLimit": "10",
              "tlsCertFile": "/c.pem", "tlsKeyFile": "/k.pem"}
    with Chart.load(str(chart)) as loaded:
        rendered = loaded.render(values, name="rel")
        with pytest.raises(HelmValuesError) as caught:
            loaded.render(values | {"tlsKeyFile": None}, name="rel")  # required if TLS_CERT_FILE is set
        assert "missing property 'tlsKeyFile'" in str(caught.value)
        with pytest.raises(HelmValuesError):
            loaded.render(values | {"app": {"name": "svc", "timeout": "90"}}, name="rel")  # not a Go duration
    manifests = {m["kind"]: m for text in rendered.values() for m in yaml.safe_load_all(text) if m}
    env = environment(manifests)
    cfg = sample_package.ServiceConfig.from_env(env)
    assert (cfg.app_port, cfg.app_ratio, cfg.app_timeout.total_seconds()) == (9100, 0.5, 150)
    assert cfg.allowed_hosts == ["a", "b"] and cfg.scopes == ["openid", "email"]
    assert cfg.labels == {"team": "core", "tier": 2} and cfg.log_level == "warn"
    assert cfg.db_password.reveal() == "pw" and "DB_PASSWORD" not in manifests["ConfigMap"]["data"]
    assert cfg.worker_namespace == "team-a" == cfg.namespace  # unset: the value of NAMESPACE, as documented
    assert cfg.tls_key_file == Path("/k.pem")
