"""`docenv helm adopt` and `[tool.docenv.docs.values_paths]`: a team's chart layout, taken over.

The fixture under tests/fixtures/adopt/ is a hand-written chart in a team's own layout (`db.username`,
`db.disableSsl`, `auth.clientMap`, ...) setting its environment through a ConfigMap, a Secret and container
`env:` entries, and a doc for the same service. Adopt must find exactly the team's mappings; the chart
generated with them must give, rendered by real Helm with the same values file, the same environment.
"""

from __future__ import annotations

import base64
import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import helm_python  # noqa: F401  (real Helm through its Go SDK)
import jsonschema
import pytest
import yaml
from helm_python import Chart, HelmValuesError
from hypothesis import given, settings, strategies as st

from docenv.cli import main
from docenv.adopt.template_reader import read_template

from .conftest import FIXTURES

ADOPT = FIXTURES / "adopt"
LEGACY = ADOPT / "legacy-chart"
DOC = ADOPT / "service.md"

EXPECTED = {
    "AUTH_CLIENTID_SECRET": "auth.clientMap",
    "DB_HOST": "db.host",
    "DB_PASS": "db.password",
    "DB_PORT": "db.port",
    "DB_SSL_DISABLE": "db.disableSsl",
    "DB_USER": "db.username",
    "TEMPORAL_URL": "temporal.url",
}

PYPROJECT = """\
# The payments service.
[project]
name = "payments"  # the distribution

[tool.docenv]
out = "generated"  # outputs, committed

# The one doc of this service.
[[tool.docenv.docs]]
path = "spec/service.md"  # the source of truth
name = "payments"
package = "payments_config"

[tool.docenv.docs.overrides]  # where the doc is silent
"LOG_LEVEL" = { choices = ["debug", "info", "warn", "error"], type = "enum" }

[tool.other]
keep = true  # a table after ours
"""

# The team's values file for production: the same file goes to the old chart and to the generated one.
TEAM_VALUES: list[dict[str, Any]] = [
    {
        # Keys of the team's own beside the variables: the generated chart must take this file as it is.
        "replicaCount": 3, "image": {"repository": "registry.example.com/payments", "tag": "1.4.2"},
        "db": {"host": "pg.internal", "port": 6432, "username": "payments", "password": "pa ss: \"w0rd\"\n",
               "disableSsl": True, "poolMode": "session"},
        "auth": {"clientMap": {"cli": "s-1", "web": "s\u00e9cret <&>"}},
        "temporal": {"url": "temporal.internal:7233"},
    },
    {
        "db": {"host": "10.0.0.7", "username": "ro", "password": "x", "disableSsl": True},
        "auth": {"clientMap": {"only": "one"}},
    },
]


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "spec").mkdir()
    shutil.copy(DOC, tmp_path / "spec" / "service.md")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def adopt(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["helm", "adopt", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def table(mapping: dict[str, str]) -> str:
    return "[tool.docenv.docs.values_paths]\n" + "".join(f'{k} = "{v}"\n' for k, v in sorted(mapping.items()))


# ---- adopt finds the team's layout


def test_adopt_finds_exactly_the_team_mappings(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = adopt(capsys, str(LEGACY))
    assert code == 0
    assert out == table(EXPECTED)
    assert tomllib.loads(out)["tool"]["docenv"]["docs"]["values_paths"] == EXPECTED
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert len(warnings) == 2, err
    assert "_helpers.tpl:9: warning: OTEL_SERVICE_NAME is not documented in spec/service.md; left out" in err
    assert "configmap.yaml:16: warning: DATABASE_URL is not documented" in err
    assert "7 mapping(s) for doc payments from 4 template(s), 2 warning(s)" in err
    assert (project / "pyproject.toml").read_text() == PYPROJECT  # without --write nothing is written


def test_template_files_one_by_one_give_the_same_as_the_chart_folder(project: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in (LEGACY / "templates").iterdir())
    assert adopt(capsys, *files)[1] == table(EXPECTED)
    assert adopt(capsys, str(LEGACY / "templates" / "secret.yaml"))[1] == table(
        {"AUTH_CLIENTID_SECRET": "auth.clientMap", "DB_PASS": "db.password"})


def test_write_edits_pyproject_in_place_keeping_comments_and_is_idempotent(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = project / "pyproject.toml"
    code, out, err = adopt(capsys, str(LEGACY), "--write")
    assert code == 0 and out == table(EXPECTED) and "wrote pyproject.toml" in err
    written = pyproject.read_text()
    # Every line of the original is still there, in order; the table sits in the doc's entry.
    lines = written.splitlines()
    positions = [lines.index(line) for line in PYPROJECT.splitlines() if line]
    assert positions == sorted(positions)
    data = tomllib.loads(written)
    assert data["tool"]["docenv"]["docs"][0]["values_paths"] == EXPECTED
    assert data["tool"]["docenv"]["docs"][0]["overrides"]["LOG_LEVEL"]["type"] == "enum"
    assert data["tool"]["other"] == {"keep": True}
    assert written.index("[tool.docenv.docs.values_paths]") < written.index("[tool.other]")
    code, _, err = adopt(capsys, str(LEGACY), "--write")
    assert code == 0 and "unchanged: pyproject.toml" in err
    assert pyproject.read_text() == written


def test_write_replaces_an_existing_table_and_keeps_an_inline_one_inline(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(PYPROJECT.replace('package = "payments_config"\n', 'package = "payments_config"\n'
                                           '\n[tool.docenv.docs.values_paths]  # from an older chart\n'
                                           'DB_HOST = "database.host"\nLOG_LEVEL = "log.level"\n'))
    assert adopt(capsys, str(LEGACY), "--write")[0] == 0
    text = pyproject.read_text()
    assert tomllib.loads(text)["tool"]["docenv"]["docs"][0]["values_paths"] == EXPECTED
    assert "database.host" not in text and "# The one doc of this service." in text
    assert text.count("[tool.docenv.docs.values_paths]") == 1

    pyproject.write_text(PYPROJECT.replace('package = "payments_config"\n',
                                           'package = "payments_config"\nvalues_paths = { DB_HOST = "x.y" }\n'))
    assert adopt(capsys, str(LEGACY), "--write")[0] == 0
    text = pyproject.read_text()
    assert tomllib.loads(text)["tool"]["docenv"]["docs"][0]["values_paths"] == EXPECTED
    assert "values_paths = {" in text and "[tool.docenv.docs.values_paths]" not in text
    before = text
    assert adopt(capsys, str(LEGACY), "--write")[0] == 0
    assert pyproject.read_text() == before


def test_write_picks_the_doc_named_by_doc(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pyproject = project / "pyproject.toml"
    shutil.copy(DOC, project / "spec" / "other.md")
    pyproject.write_text(PYPROJECT.replace("[tool.other]", '[[tool.docenv.docs]]\npath = "spec/other.md"\n'
                                           'name = "other"  # second\n\n[tool.other]'))
    code, _, err = adopt(capsys, str(LEGACY))
    assert code == 2 and "several [[tool.docenv.docs]] entries (payments, other); pick one with --doc NAME (or its path)" in err
    assert adopt(capsys, str(LEGACY), "--doc", "other", "--write")[0] == 0
    docs = tomllib.loads(pyproject.read_text())["tool"]["docenv"]["docs"]
    assert "values_paths" not in docs[0] and docs[1]["values_paths"] == EXPECTED
    assert "name = \"other\"  # second" in pyproject.read_text()
    # The doc's path (any spelling of it) names the same entry as its name.
    before = pyproject.read_text()
    assert adopt(capsys, str(LEGACY), "--doc", "./spec//other.md", "--write")[0] == 0
    assert pyproject.read_text() == before
    code, _, err = adopt(capsys, str(LEGACY), "--doc", str(project / "spec" / "service.md"))
    assert code == 0 and "mapping(s) for doc payments" in err


# ---- the generated chart accepts the team's values and gives the same environment


def render(chart: Path, values: dict[str, Any]) -> list[dict[str, Any]]:
    with Chart.load(str(chart)) as loaded:
        out = loaded.render(values, name="rel", namespace="ns")
    return [doc for text in out.values() for doc in yaml.safe_load_all(text) if doc]


def environment(manifests: list[dict[str, Any]]) -> dict[str, str]:
    """What the container gets: ConfigMap data, decoded Secret data, then its own `env` values on top."""
    env: dict[str, str] = {}
    for manifest in manifests:
        if manifest["kind"] == "ConfigMap":
            env.update(manifest.get("data") or {})
        elif manifest["kind"] == "Secret":
            env.update({k: base64.b64decode(v).decode() for k, v in (manifest.get("data") or {}).items()})
    for manifest in manifests:
        if manifest["kind"] == "Deployment":
            for container in manifest["spec"]["template"]["spec"]["containers"]:
                env.update({e["name"]: e["value"] for e in container.get("env") or [] if "value" in e})
    return env


@pytest.fixture()
def generated_chart(project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert adopt(capsys, str(LEGACY), "--write")[0] == 0
    assert main(["generate", "--quiet"]) == 0
    return project / "generated" / "helm" / "payments-api"


@pytest.mark.parametrize("values", TEAM_VALUES, ids=["full", "partial"])
def test_the_same_values_file_gives_the_same_environment_through_both_charts(
        generated_chart: Path, values: dict[str, Any]) -> None:
    legacy = environment(render(LEGACY, values))
    generated = environment(render(generated_chart, values))
    both = set(legacy) & set(generated)
    assert both == set(EXPECTED), (legacy, generated)
    assert {name: legacy[name] for name in both} == {name: generated[name] for name in both}
    assert json.loads(generated["AUTH_CLIENTID_SECRET"]) == values["auth"]["clientMap"]
    assert generated["DB_PASS"] == values["db"]["password"]
    # What only one chart sets: the old chart's undocumented extras; the doc's LOG_LEVEL default.
    assert set(legacy) - both == {"OTEL_SERVICE_NAME", "DATABASE_URL"}
    assert set(generated) - both == {"LOG_LEVEL"}


def test_unmapped_variables_keep_their_computed_paths(generated_chart: Path) -> None:
    values = yaml.safe_load((generated_chart / "values.yaml").read_text())
    assert values["db"] == {"host": None, "port": 5432, "username": None, "password": None, "disableSsl": False}
    assert values["auth"] == {"clientMap": None} and values["temporal"] == {"url": "localhost:7233"}
    assert values["logLevel"] == "info"  # not in the old chart: the computed path


def test_the_generated_schema_accepts_the_team_values_and_rejects_the_computed_layout(generated_chart: Path) -> None:
    schema = json.loads((generated_chart / "values.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    defaults = _drop_nulls(yaml.safe_load((generated_chart / "values.yaml").read_text()))
    for values in TEAM_VALUES:
        validator.validate(_merge(defaults, values))
    # The old chart's own values.yaml is the same layout (its empty username is what `required` refuses there too).
    legacy_defaults = yaml.safe_load((LEGACY / "values.yaml").read_text())
    legacy_defaults["db"].update(username="u", password="p")
    validator.validate(_merge(defaults, legacy_defaults))
    computed_layout = {"db": {"host": "h", "user": "u", "pass": "p"}}
    assert not validator.is_valid(_merge(defaults, computed_layout))
    with pytest.raises(HelmValuesError, match="username"):
        render(generated_chart, computed_layout)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        merged[key] = _merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) \
            else value
    return merged


def _drop_nulls(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _drop_nulls(v) for k, v in node.items() if v is not None}
    return node


# ---- values_paths: clashes and mappings that name nothing are settings errors


def _generate_with(project: Path, capsys: pytest.CaptureFixture[str], mapping: str) -> tuple[int, str]:
    (project / "pyproject.toml").write_text(PYPROJECT.replace('package = "payments_config"\n',
                                                              f'package = "payments_config"\nvalues_paths = '
                                                              f'{mapping}\n'))
    capsys.readouterr()
    code = main(["generate", "--quiet"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("mapping", "message"), [
    ('{ DB_USER = "db.host" }',
     "DB_HOST -> db.host (computed) and DB_USER -> db.host (mapped) are the same key (map DB_HOST too)"),
    ('{ DB_USER = "db" }',
     "DB_USER -> db (mapped) holds a value, but DB_HOST -> db.host (computed), DB_PASS -> db.pass (computed), "
     "DB_PORT -> db.port (computed) and 1 more need db to be a map"),
    ('{ DB_USER = "logLevel.user" }',
     "LOG_LEVEL -> logLevel (computed) holds a value, but DB_USER -> logLevel.user (mapped) needs logLevel to be a "
     "map"),
    ('{ DB_USER = "x.y", DB_PASS = "x.y" }',
     "DB_PASS -> x.y (mapped) and DB_USER -> x.y (mapped) are the same key (change one of them)"),
    ('{ DB_USER = "existingSecret.user" }', "DB_USER -> existingSecret.user: the chart keeps the key "
                                            "'existingSecret' for itself"),
])
def test_a_mapping_that_clashes_is_a_settings_error(project: Path, capsys: pytest.CaptureFixture[str],
                                                     mapping: str, message: str) -> None:
    code, err = _generate_with(project, capsys, mapping)
    assert code == 2
    assert err == f"pyproject.toml: [tool.docenv.docs.values_paths] of payments, section api: {message}\n"
    assert not (project / "generated").exists()


@pytest.mark.parametrize(("mapping", "message"), [
    ('{ DB_USR = "db.username" }', "'DB_USR': the doc (spec/service.md) documents no variable DB_USR"),
    ('{ "worker.DB_USER" = "db.username" }', "'worker.DB_USER': the doc has no section 'worker' (sections: api)"),
    ('{ "api.NOPE" = "a" }', "'api.NOPE': section api (spec/service.md) documents no variable NOPE"),
])
def test_a_mapping_of_an_undocumented_variable_is_a_settings_error(
        project: Path, capsys: pytest.CaptureFixture[str], mapping: str, message: str) -> None:
    code, err = _generate_with(project, capsys, mapping)
    assert code == 2
    assert err == f"pyproject.toml: [tool.docenv.docs.values_paths] of payments: {message}\n"


def test_a_section_key_wins_over_a_plain_one_and_check_sees_the_change(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _generate_with(project, capsys, '{ DB_USER = "db.username", "api.DB_USER" = "pg.login" }')
    assert code == 0
    values = yaml.safe_load((project / "generated" / "helm" / "payments-api" / "values.yaml").read_text())
    assert values["pg"] == {"login": None} and "user" not in values["db"] and "username" not in values["db"]
    assert main(["check", "--quiet"]) == 0
    (project / "pyproject.toml").write_text(PYPROJECT)
    assert main(["check"]) == 1


def test_mapped_keys_that_yaml_would_retype_are_quoted(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _generate_with(project, capsys, '{ DB_SSL_DISABLE = "db.on", DB_USER = "no.null" }')
    assert code == 0
    chart = project / "generated" / "helm" / "payments-api"
    values = yaml.safe_load((chart / "values.yaml").read_text())
    assert values["db"]["on"] is False and values["no"] == {"null": None}
    env = environment(render(chart, {"db": {"host": "h", "pass": "p", "on": True}, "no": {"null": "u"}}))
    assert env["DB_SSL_DISABLE"] == "true" and env["DB_USER"] == "u"


def test_adopt_warns_about_what_generate_would_refuse(project: Path, capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    template = tmp_path / "cm.yaml"
    template.write_text("data:\n  DB_USER: {{ .Values.logLevel | quote }}\n  DB_HOST: {{ .Values.db.host }}\n")
    code, out, err = adopt(capsys, str(template))
    assert code == 0 and out == table({"DB_USER": "logLevel", "DB_HOST": "db.host"})
    assert ("spec/service.md: warning: with this mapping `docenv generate` refuses: section api: "
            "DB_USER -> logLevel (mapped) and LOG_LEVEL -> logLevel (computed) are the same key (map LOG_LEVEL too)"
            ) in err


def test_adopt_leaves_out_conflicting_pairs_and_maps_aliases(project: Path, capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    (project / "spec" / "service.md").write_text(DOC.read_text().replace("`DB_USER`", "`DB_USER`, `PGUSER`"))
    template = tmp_path / "cm.yaml"
    template.write_text(
        "data:\n"
        "  DB_HOST: {{ .Values.db.host }}\n"
        "  DB_PORT: {{ .Values.db.host }}\n"  # two variables from one key
        "  TEMPORAL_URL: {{ .Values.temporal.url }}\n"
        "  TEMPORAL_URL: {{ .Values.temporal.address }}\n"  # one variable from two keys
        "  PGUSER: {{ .Values.pg.user }}\n"  # an alias: mapped under the canonical name
        "  LOG_LEVEL: {{ .Values.log.level | upper }}\n"  # changes the value
    )
    code, out, err = adopt(capsys, str(template))
    assert code == 0 and out == table({"DB_USER": "pg.user"})
    assert f"{template}:2: warning: DB_HOST and DB_PORT are set from the same key .Values.db.host" in err
    assert (f"{template}:4: warning: TEMPORAL_URL is set from different values: .Values.temporal.address "
            f"({template}:5); .Values.temporal.url ({template}:4); left out") in err
    assert f"{template}:6: warning: PGUSER is an alias of DB_USER: mapped as DB_USER" in err
    assert f"{template}:7: warning: LOG_LEVEL is set from `upper`, which changes the value; left out" in err


# ---- the template shapes


def pairs(text: str) -> dict[str, str]:
    found, _ = read_template(text, "t.yaml")
    return {p.name: ".".join(p.path) for p in found}


@pytest.mark.parametrize(("text", "expected"), [
    ("data:\n  DB_HOST: {{ .Values.db.host }}\n", {"DB_HOST": "db.host"}),
    ("  DB_HOST: {{ .Values.db.host | quote }}\n", {"DB_HOST": "db.host"}),
    ("  DB_HOST: \"{{ .Values.db.host }}\"\n", {"DB_HOST": "db.host"}),
    ("  'DB_HOST': '{{ .Values.db.host }}'  # a comment\n", {"DB_HOST": "db.host"}),
    ("  DB_PASS: {{ .Values.db.password | b64enc | quote }}\n", {"DB_PASS": "db.password"}),
    ("  DB_PORT: {{ .Values.db.port | int | quote }}\n", {"DB_PORT": "db.port"}),
    ("  J: {{ .Values.a.b | toJson }}\n  Y: {{ toYaml .Values.c }}\n", {"J": "a.b", "Y": "c"}),
    ('  D: {{ .Values.d | default "x" | quote }}\n  E: {{ default "y" .Values.e }}\n  F: {{ .Values.f | default 3 }}\n',
     {"D": "d", "E": "e", "F": "f"}),
    ('  R: {{ required "set r" .Values.r.s | quote }}\n  S: {{ .Values.s | required "set s" }}\n',
     {"R": "r.s", "S": "s"}),
    ("  A: {{ $.Values.a.b }}\n", {"A": "a.b"}),
    ('  I: {{ index .Values "db" "host" }}\n', {"I": "db.host"}),
    ("{{- with .Values.db }}\n  H: {{ .host | quote }}\n  P: {{ $.Values.p }}\n{{- end }}\n  Q: {{ .Values.q }}\n",
     {"H": "db.host", "P": "p", "Q": "q"}),
    ("{{ with .Values.db.host }}\n  H: {{ . }}\n{{ else }}\n  F: {{ .Values.fallback }}\n{{ end }}\n",
     {"H": "db.host", "F": "fallback"}),
    ("{{- with $db := .Values.db }}\n  H: {{ $db.host }}\n  P: {{ .port }}\n{{- end }}\n",
     {"H": "db.host", "P": "db.port"}),
    ("{{- $db := .Values.db }}\n  U: {{ $db.user | quote }}\n", {"U": "db.user"}),
    ("{{ with .Values.a }}{{ with .b }}\n  C: {{ .c }}\n{{ end }}{{ end }}\n", {"C": "a.b.c"}),
    ("env:\n  - name: DB_HOST\n    value: {{ .Values.db.host | quote }}\n", {"DB_HOST": "db.host"}),
    ("env:\n  {{- if .Values.db.ssl }}\n  - name: \"DB_SSL\"\n    {{- /* why */}}\n    # note\n\n"
     "    value: {{ .Values.db.ssl | toString | quote }}\n  {{- end }}\n", {"DB_SSL": "db.ssl"}),
    ("  - {name: DB_HOST, value: {{ .Values.db.host | quote }}}\n", {"DB_HOST": "db.host"}),
    ('{{- define "x.env" }}\n- name: lower_case\n  value: {{ .Values.lc }}\n{{- end }}\n', {"lower_case": "lc"}),
    ("data:\r\n  DB_HOST: {{ .Values.db.host }}\r\n", {"DB_HOST": "db.host"}),
    ('  Z: {{ .Values.z | default "}}" }}\n', {"Z": "z"}),
])
def test_recognised_shapes(text: str, expected: dict[str, str]) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize("text", [
    "  U: {{ .Values.db.url | upper }}\n",  # changes the value
    "  U: {{ printf \"%s:%s\" .Values.h .Values.p }}\n",  # built from two
    "  U: postgres://{{ .Values.db.host }}\n",  # text around it
    "  U: {{ .Values.a }}{{ .Values.b }}\n",
    "  U: {{ tpl .Values.t . }}\n",
    "  U: {{ (.Values.a) }}\n",
    "  U: {{ .Values.a | default .Values.b }}\n",
    "  U: {{ .Release.Name }}\n  V: {{ .Chart.AppVersion }}\n  W: {{ .Values }}\n",
    "{{- with .Values.db }}\n  U: {{ .Values.host }}\n{{- end }}\n",  # a key "Values" inside db: a slip
    "{{- range .Values.list }}\n  U: {{ .host }}\n{{- end }}\n",  # a range element
    "{{- range $k, $v := .Values.m }}\n  {{ $k }}: {{ $v }}\n  U: {{ $v.x }}\n{{- end }}\n",
    '  U: {{ index .Values "a-b" }}\n  V: {{ index .Values "a\\"b" }}\n',
    "  replicas: {{ .Values.replicas }}\n",  # a lower-case key: not a data key
    "  # U: {{ .Values.u }}\n",
    "{{/*\n  U: {{ .Values.u }}\n*/}}\n",
    "- name: U\n  valueFrom:\n    secretKeyRef: {name: s, key: u}\n  value: {{ .Values.u }}\n",
    "- name: U\n- name: V\n  image: {{ .Values.image }}\n",
    "  U: {{ .Values.u\n",  # never closed
])
def test_shapes_that_are_not_one_value_are_left_out(text: str) -> None:
    assert pairs(text) == {}


def test_hostile_template_text(project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    template = tmp_path / "hostile.yaml"
    template.write_text(
        'DB_HOST: {{ .Values.db.host }}\n'
        'DB_USER: {{ index .Values "db" "user\\"\\n[evil]" }}\n'  # a key TOML would need escaping: left out
        'DB_PÄSS: {{ .Values.x }}\n'
        '"DB_PORT\\"]\\n[x]": {{ .Values.y }}\n'
        'TEMPORAL_URL: {{ .Values.t }}}}}} {{ "{{" }}\n'
        '{{ end }}{{ end }}{{ else }}\n'  # stray ends: ignored
        + "LOG_LEVEL: " + "{{ .Values.a }}" * 2000 + "\n"
        + "\u2028\u0085\ufeff" + "x" * 100_000 + "\n"
        '  DB_SSL_DISABLE: {{ .Values.db.ssl /* not a comment here */ }}\n'
        'AUTH_CLIENTID_SECRET: {{ .Values.auth.m\n'
    )
    code, out, err = adopt(capsys, str(template))
    assert code == 0
    assert tomllib.loads(out)["tool"]["docenv"]["docs"]["values_paths"] == {"DB_HOST": "db.host"}
    assert "is never closed; the rest of the file is not read" in err
    assert "Traceback" not in err


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"{}|.$-\"'`/* \n\tabAB_=:()#", "{{", "}}", "{{- ", " -}}", "Values", "DB_X", "with",
                                  "end", "range", "if", "else", "- name:", "value:", "index", "quote", "default"]),
                max_size=80).map("".join))
def test_any_text_reads_without_error_into_identifier_paths(text: str) -> None:
    found, notes = read_template(text, "t.yaml")
    for pair in found:
        assert pair.path and all(key.isidentifier() and key.isascii() for key in pair.path)
        assert pair.name.isidentifier()
    assert all(note.file == "t.yaml" for note in notes)


# ---- what exits 2


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: str(p / "missing.yaml"), "missing.yaml: no such file"),
    (lambda p: (p / "empty").mkdir() or str(p / "empty"), "empty: has no templates (*.yaml, *.yml, *.tpl)"),
    (lambda p: (p / "bin.yaml").write_bytes(b"a: \x00\x01") and str(p / "bin.yaml"),
     "bin.yaml: is a binary file, not a chart template"),
    (lambda p: (p / "latin.yaml").write_bytes(b"A: \xe9\n") and str(p / "latin.yaml"),
     "latin.yaml: is not UTF-8 text (byte 0xe9 at offset 3)"),
])
def test_template_problems_exit_2_with_one_line(project: Path, capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path, make: Any, message: str) -> None:
    argument = make(tmp_path)
    code, out, err = adopt(capsys, argument)
    assert code == 2 and out == ""
    assert err.endswith(message + "\n") and err.count("\n") == 1, err


def test_unknown_doc_and_missing_pyproject_exit_2(project: Path, capsys: pytest.CaptureFixture[str],
                                                  tmp_path_factory: pytest.TempPathFactory,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = adopt(capsys, str(LEGACY), "--doc", "nope")
    assert code == 2 and err == ("pyproject.toml: no [[tool.docenv.docs]] entry is named 'nope' or has that path "
                         "(names: payments; paths: spec/service.md)\n")
    monkeypatch.chdir(tmp_path_factory.mktemp("bare"))
    code, _, err = adopt(capsys, str(LEGACY))
    assert code == 2 and "no docenv.toml (or pyproject.toml with [tool.docenv]) found" in err and err.count("\n") == 1


def test_a_mapping_of_an_alias_or_a_templated_name_says_what_to_map(project: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    doc = project / "spec" / "service.md"
    doc.write_text(DOC.read_text().replace("`DB_USER`", "`DB_USER`, `PGUSER`")
                   + "| `CACHE_<NAME>_URL` | url | no | | URL of each cache |\n")
    code, err = _generate_with(project, capsys, '{ PGUSER = "pg.user", CACHE_REDIS_URL = "redis.url" }')
    assert code == 2
    assert err == ("pyproject.toml: [tool.docenv.docs.values_paths] of payments: 'CACHE_REDIS_URL': CACHE_REDIS_URL "
                   "is a templated name (CACHE_<NAME>...), whose values live in the family's map; it cannot be "
                   "mapped; 'PGUSER': PGUSER is an alias of DB_USER; map DB_USER\n")
    code, err = _generate_with(project, capsys, '{ DB_USER = "cache.user" }')
    assert code == 2 and "DB_USER -> cache.user: 'cache' is the map of the templated names CACHE_<NAME>..." in err


def test_a_section_key_written_as_a_toml_dotted_key_is_read(tmp_path: Path) -> None:
    """`api.DB_HOST = "x"` is a table in TOML; it means the same as the quoted `"api.DB_HOST" = "x"`."""
    from docenv.generate.settings import load

    (tmp_path / "doc.md").write_text("## Api\n\n| Variable | Description |\n|---|---|\n| `DB_HOST` | Host |\n")
    for line in ('api.DB_HOST = "db.hostname"', '"api.DB_HOST" = "db.hostname"'):
        (tmp_path / "pyproject.toml").write_text('[tool.docenv]\n[[tool.docenv.docs]]\npath = "doc.md"\n'
                                                 f"[tool.docenv.docs.values_paths]\n{line}\n")
        assert load(tmp_path).docs[0].values_paths == {"api.DB_HOST": "db.hostname"}
