""".env.example and Helm output for the shapes beyond one plain variable per row.

tests/fixtures/shapes.md documents a family with a keys variable (CACHE_BACKENDS + CACHE_<BACKEND>_URL,
_TTL, _PASSWORD), a family without one (OIDC_{PROVIDER}_CLIENT_ID, _CLIENT_SECRET, _SCOPES), a secret
with a `_FILE` twin from a twin table, a variable with an alias, a Since column and a Required cell in
words. The files are generated with the real CLI, read back by python-dotenv, and the charts are linted,
rendered and schema-checked by real Helm (its Go SDK, via helm-python-sdk).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import helm_python as helm
import jsonschema
import pytest
import yaml
from helm_python import Chart, HelmRenderError, HelmValuesError

from docenv.generate.parse import parse_document
from docenv.targets.env import render_env_files
from docenv.targets.helm.chart import render_charts
from docenv.targets.helm.layout import RESERVED, family_values_keys
from docenv.model.types import parser_for
from docenv.model.document import Document, Family, Section, Variable
from docenv.targets.python.naming import class_name
from docenv.generate.parse import parse_configured
from docenv.generate.settings import load
from docenv.read.sources import read_doc
from docenv.targets.helm.values_paths import family_keys, member_keys, values_paths_renamed

from .conftest import FIXTURES, ROOT, generate_into, import_generated, read_dotenv, uncomment_last_lines

SHAPES = FIXTURES / "shapes.md"
DOC = parse_document(read_doc(str(SHAPES)), str(SHAPES)).document
BY_ID = {s.id: s for s in DOC.sections}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_into(SHAPES, tmp_path_factory.mktemp("shapes"), "shapes_config")


@pytest.fixture(scope="module")
def package(generated: Path) -> ModuleType:
    return import_generated(generated, "shapes_config")


def env_text(out: Path, section: str) -> str:
    return (out / "shapes" / "env" / f"{section}.env.example").read_text()


def chart(out: Path, section: str) -> Path:
    return out / "helm" / f"shapes-{section}"


def render(out: Path, section: str, values: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    with Chart.load(str(chart(out, section))) as loaded:
        rendered = loaded.render(values or {}, name="rel", namespace="ns")
    return {m["kind"]: m for text in rendered.values() for m in yaml.safe_load_all(text) if m}


def secret_data(manifests: dict[str, dict[str, Any]]) -> dict[str, str]:
    data = manifests.get("Secret", {}).get("data") or {}
    return {k: base64.b64decode(v).decode() for k, v in data.items()}


def family(section: Section) -> Family:
    (only,) = section.families
    return only


# ---- the fixture reads as intended (the targets below rely on it)


def test_fixture_parses_into_the_shapes_under_test() -> None:
    server, cache, login = BY_ID["server"], BY_ID["cache"], BY_ID["login"]
    host = server.variable("APP_HOST")
    assert host is not None and host.aliases == ("HOST",) and host.since == "v1.0.0"
    password = server.variable("DB_PASSWORD")
    assert password is not None and password.secret and password.file_twin == "DB_PASSWORD_FILE"
    bucket = server.variable("UPLOAD_BUCKET")
    assert bucket is not None and not bucket.required and bucket.required_text == "Yes when using S3"
    backends = family(cache)
    assert (backends.prefix, backends.placeholder, backends.keys_variable) == ("CACHE_", "BACKEND", "CACHE_BACKENDS")
    assert [(m.name, backends.suffix(m), m.required, m.secret, m.default) for m in backends.members] == [
        ("CACHE_<BACKEND>_URL", "_URL", True, False, None), ("CACHE_<BACKEND>_TTL", "_TTL", False, False, 60),
        ("CACHE_<BACKEND>_PASSWORD", "_PASSWORD", False, True, None)]
    keys_var = cache.variable("CACHE_BACKENDS")
    assert keys_var is not None and keys_var.type == "list[str]" and keys_var.default == ["redis", "memcached"]
    providers = family(login)
    assert (providers.prefix, providers.placeholder, providers.keys_variable) == ("OIDC_", "PROVIDER", None)
    assert [m.name for m in providers.members] == [
        "OIDC_<PROVIDER>_CLIENT_ID", "OIDC_<PROVIDER>_CLIENT_SECRET", "OIDC_<PROVIDER>_SCOPES"]


# ---- .env.example


EXPECTED_KEYS = {
    "server": ["APP_HOST", "APP_PORT", "UPLOAD_BUCKET", "DB_PASSWORD", "DB_PASSWORD_FILE", "DB_USER"],
    "cache": ["CACHE_BACKENDS", "CACHE_REDIS_URL", "CACHE_REDIS_TTL", "CACHE_REDIS_PASSWORD"],
    "login": ["LOGIN_TIMEOUT", "OIDC_EXAMPLE_CLIENT_ID", "OIDC_EXAMPLE_CLIENT_SECRET", "OIDC_EXAMPLE_SCOPES"],
}


@pytest.mark.parametrize("section", sorted(EXPECTED_KEYS))
def test_dotenv_reads_the_expected_keys(generated: Path, section: str) -> None:
    text = env_text(generated, section)
    assert read_dotenv(text) == {}, "nothing here is required outside a family: every line is commented"
    values = read_dotenv(uncomment_last_lines(text))
    assert list(values) == EXPECTED_KEYS[section]


def test_uncommented_values_are_the_documented_defaults(generated: Path) -> None:
    server = read_dotenv(uncomment_last_lines(env_text(generated, "server")))
    assert server == {"APP_HOST": "0.0.0.0", "APP_PORT": "8000", "UPLOAD_BUCKET": "", "DB_PASSWORD": "",
                      "DB_PASSWORD_FILE": "", "DB_USER": "shapes"}
    cache = read_dotenv(uncomment_last_lines(env_text(generated, "cache")))
    assert cache == {"CACHE_BACKENDS": "redis,memcached", "CACHE_REDIS_URL": "", "CACHE_REDIS_TTL": "60",
                     "CACHE_REDIS_PASSWORD": ""}
    login = read_dotenv(uncomment_last_lines(env_text(generated, "login")))
    assert login["OIDC_EXAMPLE_SCOPES"] == "openid email" and login["LOGIN_TIMEOUT"] == "5m"


def _member_of(section: Section, name: str) -> tuple[Family, Variable, str] | None:
    """The family member a concrete name fills, and the key (lower-case, as the Python side reads it)."""
    for fam in section.families:
        for member in fam.members:
            suffix = fam.suffix(member)
            if name.startswith(fam.prefix) and name.endswith(suffix) and len(name) > len(fam.prefix) + len(suffix):
                return fam, member, name[len(fam.prefix):len(name) - len(suffix)].lower()
    return None


@pytest.mark.parametrize("section_id", sorted(EXPECTED_KEYS))
def test_uncommented_family_examples_are_an_environment_the_service_reads(
        generated: Path, package: ModuleType, section_id: str) -> None:
    section = BY_ID[section_id]
    values = read_dotenv(uncomment_last_lines(env_text(generated, section_id)))
    twins = {v.file_twin: v for v in section.variables if v.file_twin}
    for name, value in values.items():
        assert value is not None
        var = section.variable(name)
        found = _member_of(section, name) if var is None else None
        if var is None and found is not None:
            fam, var, key = found
            keys_var = section.variable(fam.keys_variable) if fam.keys_variable else None
            assert key == (keys_var.default[0] if keys_var is not None else "example"), name
        elif var is None:
            assert name in twins, name
            continue
        if value:  # empty counts as unset; anything else is valid for the member's type
            parser_for(var.type, var.choices, var.separator)(value)
    # What a user fills in: the required members of every key the documented CACHE_BACKENDS lists.
    filled = {"CACHE_REDIS_URL": "redis://r:6379", "CACHE_MEMCACHED_URL": "memcache://m:11211",
              "OIDC_EXAMPLE_CLIENT_ID": "id", "OIDC_EXAMPLE_CLIENT_SECRET": "s"}
    env = {k: v or "" for k, v in values.items()} | {k: v for k, v in filled.items()
                                                     if k in values or k.startswith("CACHE_")}
    config_class = getattr(package, class_name(section_id))
    config_class.from_env(env)  # the generated class reads the environment without a problem


def test_comments_carry_patterns_keys_twins_aliases_since_and_required_text(generated: Path) -> None:
    cache = env_text(generated, "cache")
    assert ("# CACHE_<BACKEND>_URL, CACHE_<BACKEND>_TTL, CACHE_<BACKEND>_PASSWORD: one set of\n"
            "# variables per BACKEND. <BACKEND> is each name listed in CACHE_BACKENDS, upper-cased\n"
            "# with - as _ (the examples use REDIS).\n#\n") in cache
    assert ("# CACHE_<BACKEND>_TTL: Seconds an entry stays cached\n# Type: int. Default: 60.\n"
            "# CACHE_REDIS_TTL=60\n") in cache
    assert "# Type: url. Required for each BACKEND.\n# CACHE_REDIS_URL=\n" in cache
    assert "# Type: str, secret.\n# CACHE_REDIS_PASSWORD=\n" in cache
    login = env_text(generated, "login")
    assert "<PROVIDER> is a name of your choosing" in login and "# OIDC_EXAMPLE_CLIENT_ID=\n" in login
    server = env_text(generated, "server")
    assert "# Type: str. Default: 0.0.0.0. Since v1.0.0.\n# Also read as: HOST.\n# APP_HOST=0.0.0.0\n" in server
    assert "# Type: str. Required: Yes when using S3. Since v2.0.0.\n# UPLOAD_BUCKET=\n" in server
    assert ("# DB_PASSWORD=\n\n# DB_PASSWORD_FILE names a file holding the value of DB_PASSWORD (Docker secrets); "
            "set\n# one or the other, not both.") in server
    assert server.endswith("# DB_PASSWORD_FILE=\n\n# Name of the database user\n"
                           "# Type: str. Default: shapes. Since v1.0.0.\n# DB_USER=shapes\n")


def test_a_required_twinned_variable_stays_active_and_names_its_twin(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("## App\n\n| Variable | Description | Required |\n| --- | --- | --- |\n"
                   "| API_TOKEN | Token for the API | yes |\n\n"
                   "| Variable | `_FILE` variable |\n| --- | --- |\n| `API_TOKEN` | `API_TOKEN_FILE` |\n")
    parsed = parse_document(doc.read_text(), "doc.md").document
    (text,) = render_env_files(parsed, "env").values()
    assert "# Type: str, secret. Required (or set API_TOKEN_FILE).\nAPI_TOKEN=\n\n" in text
    assert read_dotenv(text) == {"API_TOKEN": ""}
    assert read_dotenv(uncomment_last_lines(text)) == {"API_TOKEN": "", "API_TOKEN_FILE": ""}


HOSTILE = 'Line one\nline two # not=\'a\' "value" ${HOME} $(id) `id` {{ .Release.Name }} */}}\u2028\x85\x00'


def test_family_doc_text_never_leaves_a_comment_or_a_value(tmp_path: Path) -> None:
    """Descriptions, defaults and the keys variable's default flow into comments and example values."""
    doc = tmp_path / "doc.md"
    cell = HOSTILE.replace("\n", "<br>").replace("|", "\\|").replace("\x00", "")
    doc.write_text("## App\n\n| Variable | Description | Default |\n| --- | --- | --- |\n"
                   f"| `APP_REGIONS` | Regions {cell} | `eu west,us` |\n"
                   f"| `APP_<REGION>_NAME` | Name {cell} | `\"q\" # it's \\n` |\n"
                   f"| `APP_<REGION>_TOKEN` | Token {cell} | |\n")
    out = generate_into(doc, tmp_path / "out", "hostile_shapes")
    text = (out / "doc" / "env" / "app.env.example").read_text()
    assert read_dotenv(text) == {}
    values = read_dotenv(uncomment_last_lines(text), interpolate=False)
    # `eu west` is no valid key (it would not make a name): the examples use EXAMPLE
    assert values == {"APP_REGIONS": "eu west,us", "APP_EXAMPLE_NAME": '"q" # it\'s \\n', "APP_EXAMPLE_TOKEN": ""}
    report = helm.lint(str(out / "helm" / "doc-app"))
    assert report["errors"] == [] and [m for m in report["messages"] if m["severity"] > 1] == []
    values_yaml = yaml.safe_load((out / "helm" / "doc-app" / "values.yaml").read_text())
    assert values_yaml["app"] == {} and values_yaml["appRegions"] is None
    with Chart.load(str(out / "helm" / "doc-app")) as loaded:
        rendered = loaded.render({"app": {"eu-west": {"name": "n", "token": "t"}}}, name="rel")
    manifests = {m["kind"]: m for t in rendered.values() for m in yaml.safe_load_all(t) if m}
    assert manifests["ConfigMap"]["data"] == {"APP_REGIONS": "eu-west", "APP_EU_WEST_NAME": "n"}
    assert secret_data(manifests) == {"APP_EU_WEST_TOKEN": "t"}


# ---- Helm


@pytest.mark.parametrize("section", sorted(EXPECTED_KEYS))
def test_every_chart_passes_helm_lint(generated: Path, section: str) -> None:
    report = helm.lint(str(chart(generated, section)))
    assert report["total_charts_linted"] == 1 and report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] > 1] == []


def test_values_hold_each_family_as_an_empty_map_and_the_keys_variable_as_null(generated: Path) -> None:
    cache = yaml.safe_load((chart(generated, "cache") / "values.yaml").read_text())
    assert cache["cache"] == {} and cache["cacheBackends"] is None
    login = yaml.safe_load((chart(generated, "login") / "values.yaml").read_text())
    assert login["oidc"] == {} and login["loginTimeout"] == "5m"
    server = yaml.safe_load((chart(generated, "server") / "values.yaml").read_text())
    assert set(server) == {"appHost", "appPort", "uploadBucket", "dbPassword", "dbUser", "existingSecret",
                           "deployment"}, "twins and aliases get no values key: the chart sets the canonical name"


@pytest.mark.parametrize("section", ["cache", "login"])
def test_the_commented_example_entry_is_valid_values(generated: Path, section: str) -> None:
    text = (chart(generated, section) / "values.yaml").read_text()
    lines = text.split("\n")
    start = lines.index("# Example:") + 1
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("#"))
    example = yaml.safe_load("\n".join(line[2:] for line in lines[start:end]))
    key = lines[end].split(":")[0]
    schema = json.loads((chart(generated, section) / "values.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate({key: example, "existingSecret": ""})
    render(generated, section, {key: example})


def test_schema_shape_of_a_family(generated: Path) -> None:
    schema = json.loads((chart(generated, "cache") / "values.schema.json").read_text())
    node = schema["properties"]["cache"]
    assert node["type"] == "object"
    assert node["propertyNames"] == {"pattern": "^[A-Za-z0-9]+([_-][A-Za-z0-9]+)*$"}
    entry = node["additionalProperties"]
    assert entry["additionalProperties"] is False and entry["required"] == ["url"]
    assert list(entry["properties"]) == ["url", "ttl", "password"]
    assert entry["properties"]["url"]["type"] == "string" and "pattern" in entry["properties"]["url"]
    assert entry["properties"]["ttl"]["type"] == ["integer", "null"]
    assert entry["properties"]["password"]["type"] == ["string", "null"]


def test_family_entries_render_into_the_configmap_and_the_secret(generated: Path) -> None:
    manifests = render(generated, "cache", {"cache": {"redis": {"url": "redis://r:6379", "password": "pw"}}})
    assert manifests["ConfigMap"]["data"] == {"CACHE_BACKENDS": "redis", "CACHE_REDIS_URL": "redis://r:6379"}
    assert secret_data(manifests) == {"CACHE_REDIS_PASSWORD": "pw"}


def test_several_keys_render_sorted_with_dashes_as_underscores(generated: Path) -> None:
    values = {"cache": {"redis": {"url": "redis://r:6379", "ttl": 12345678901},
                        "hot-mem": {"url": "memcache://m:1", "ttl": None, "password": ""}}}
    manifests = render(generated, "cache", values)
    assert manifests["ConfigMap"]["data"] == {
        "CACHE_BACKENDS": "hot-mem,redis", "CACHE_HOT_MEM_URL": "memcache://m:1",
        "CACHE_REDIS_URL": "redis://r:6379", "CACHE_REDIS_TTL": "12345678901"}
    assert secret_data(manifests) == {}, "null and empty values are left out, never set empty"


def test_a_keys_variable_of_its_own_wins_and_no_entries_set_nothing(generated: Path) -> None:
    manifests = render(generated, "cache", {"cache": {"redis": {"url": "redis://r"}}, "cacheBackends": ["redis", "x"]})
    assert manifests["ConfigMap"]["data"]["CACHE_BACKENDS"] == "redis,x"
    manifests = render(generated, "cache")
    assert not manifests["ConfigMap"].get("data"), "the service then applies its documented default"
    assert not manifests["Secret"].get("data")


def test_existing_secret_skips_secret_members_and_lifts_their_requirement(generated: Path) -> None:
    with pytest.raises(HelmValuesError) as caught:
        render(generated, "login", {"oidc": {"google": {"clientId": "c"}}})
    assert "at '/oidc/google': missing property 'clientSecret'" in str(caught.value)
    manifests = render(generated, "login", {"oidc": {"google": {"clientId": "c"}}, "existingSecret": "creds",
                                            "deployment": {"enabled": True}})
    assert "Secret" not in manifests
    assert manifests["ConfigMap"]["data"] == {"LOGIN_TIMEOUT": "5m", "OIDC_GOOGLE_CLIENT_ID": "c"}
    container = manifests["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert container["envFrom"][1] == {"secretRef": {"name": "creds"}}
    manifests = render(generated, "login", {"oidc": {"google": {"clientId": "c", "clientSecret": "s",
                                                                "scopes": ["openid", "profile"]}}})
    assert manifests["ConfigMap"]["data"]["OIDC_GOOGLE_SCOPES"] == "openid profile"
    assert secret_data(manifests) == {"OIDC_GOOGLE_CLIENT_SECRET": "s"}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"cache": {"redis": {"url": "redis://r", "pasword": "x"}}}, "additional properties 'pasword' not allowed"),
        ({"cache": {"bad key": {"url": "redis://r"}}}, "invalid propertyName 'bad key'"),
        ({"cache": {"-redis": {"url": "redis://r"}}}, "invalid propertyName '-redis'"),
        ({"cache": {"redis": {"ttl": 5}}}, "at '/cache/redis': missing property 'url'"),
        ({"cache": {"redis": {"url": ""}}}, "at '/cache/redis/url': minLength"),
        ({"cache": {"redis": {"url": "redis-host:6379"}}}, "at '/cache/redis/url'"),
        ({"cache": {"redis": {"url": "redis://r", "ttl": "soon"}}}, "at '/cache/redis/ttl'"),
        ({"cache": {"redis": None}}, "at '/cache/redis': got null, want object"),
        ({"cache": ["redis"]}, "at '/cache': got array, want object"),
    ],
)
def test_schema_rejects_bad_entries(generated: Path, values: dict[str, Any], message: str) -> None:
    with pytest.raises(HelmValuesError) as caught:
        render(generated, "cache", values)
    assert message in str(caught.value)


def test_keys_that_fill_the_placeholder_alike_are_refused(generated: Path) -> None:
    with pytest.raises(HelmRenderError) as caught:
        render(generated, "cache", {"cache": {"a-b": {"url": "redis://r"}, "a_b": {"url": "redis://r"}}})
    assert 'the keys "a-b" and "a_b" both fill <BACKEND> with A_B' in str(caught.value)


def test_family_values_keys_take_a_number_when_taken(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("## App\n\n| Variable | Description |\n| --- | --- |\n"
                   "| STORAGE_ROOT | Root |\n| STORAGE_MODE | Mode |\n| STORAGE_QUOTA | Quota |\n"
                   "| `STORAGE_<LOCATION>_DRIVER` | Driver |\n| `<SERVICE>_URL` | Address of a service |\n"
                   "| `DEPLOYMENT_<NAME>_REPLICAS` | Replicas |\n")
    parsed = parse_document(doc.read_text(), "doc.md").document
    (section,) = parsed.sections
    paths, _ = values_paths_renamed([v.name for v in section.variables], RESERVED)
    assert paths["STORAGE_ROOT"] == ("storage", "root")
    keys, renamed = family_values_keys(section, paths)
    assert keys == ["storage2", "service", "deployment2"]
    assert [f.prefix for f in renamed] == ["STORAGE_", "DEPLOYMENT_"]
    files = render_charts(parsed, "doc", "helm")
    values = yaml.safe_load(files["helm/doc-app/values.yaml"])
    assert values["storage2"] == {} and values["service"] == {} and values["deployment2"] == {}
    assert values["deployment"]["enabled"] is False
    out = generate_into(doc, tmp_path / "out", "renamed_config")
    with Chart.load(str(out / "helm" / "doc-app")) as loaded:
        rendered = loaded.render({"storage2": {"s3": {"driver": "s3"}}, "service": {"auth": {"url": "https://a"}},
                                  "deployment2": {"x": {"replicas": "2"}}}, name="rel")
    data = next(m for t in rendered.values() for m in yaml.safe_load_all(t) if m and m["kind"] == "ConfigMap")["data"]
    assert data == {"STORAGE_S3_DRIVER": "s3", "AUTH_URL": "https://a", "DEPLOYMENT_X_REPLICAS": "2"}


def test_naming_helpers() -> None:
    assert family_keys([("CACHE_", "BACKEND"), ("", "SERVICE"), ("OIDC_PROVIDER_", "NAME"), ("CACHE_", "X")],
                       {"existingSecret"}) == (["cache", "service", "oidcProvider", "cache2"], [3])
    assert member_keys(["_URL", "_CLIENT_ID", "", "_CLIENT__ID"]) == ["url", "clientId", "value", "clientId2"]


# ---- the seed's outputs do not change


def test_seed_env_and_helm_outputs_are_unchanged() -> None:
    """generated/ holds the seed's .env.example files and charts; a fresh render must equal them."""
    settings = load(ROOT)
    (doc_settings,) = settings.docs
    document: Document = parse_configured(doc_settings, settings.origin).document
    assert not any(s.families for s in document.sections)
    assert not any(v.aliases or v.file_twin or v.since or v.required_text
                   for s in document.sections for v in s.variables)
    fresh = render_env_files(document, f"{doc_settings.name}/env") | render_charts(document, doc_settings.name, "helm")
    on_disk = {str(p.relative_to(settings.out)): p.read_text()
               for folder in (settings.out / doc_settings.name / "env", settings.out / "helm")
               for p in folder.rglob("*") if p.is_file()}
    assert fresh == on_disk
