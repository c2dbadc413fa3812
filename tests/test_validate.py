"""`docenv validate`: real environments checked against the doc, with the generated classes' own semantics."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from helm_python import Chart

import neosync_config
from docenv.cli import main

from .conftest import ROOT, SEED

SECTION_CLASSES = {
    "backend_api": neosync_config.BackendApiConfig,
    "worker": neosync_config.WorkerConfig,
    "frontend_app": neosync_config.FrontendAppConfig,
}
BACKEND_REQUIRED = {"DB_HOST": "db", "DB_PORT": "5432", "DB_NAME": "n", "DB_USER": "u", "DB_PASS": "p",
                    "AUTH_AUDIENCE": "api"}

# One environment per behaviour the generated classes have; each runs through both paths.
CASES: list[tuple[str, str, dict[str, str]]] = [
    ("valid", "backend_api", BACKEND_REQUIRED),
    ("required missing", "backend_api", {"DB_HOST": "db"}),
    ("not an integer", "backend_api", {**BACKEND_REQUIRED, "DB_PORT": "54x"}),
    ("Go bool spellings", "backend_api", {**BACKEND_REQUIRED, "DB_SSL_DISABLE": "T", "AUTH_ENABLED": "yes"}),
    ("required if", "frontend_app", {"NEXTAUTH_SECRET": "s", "AUTH_ENABLED": "true", "AUTH_CLIENT_ID": "c"}),
    ("choice", "worker", {"TEMPORAL_TASK_QUEUE": "q", "REDIS_KIND": "sentinel"}),
    ("duration and url", "backend_api", {**BACKEND_REQUIRED, "SHUTDOWN_TIMEOUT_SECONDS": "soon",
                                         "AUTH_BASEURL": "not a url"}),
    ("secret json", "backend_api", {**BACKEND_REQUIRED, "AUTH_CLIENTID_SECRET": '{"cli": tops3cret'}),
    ("valid list", "backend_api", {**BACKEND_REQUIRED, "AUTH_AUDIENCE": "api,cli"}),
]


def class_problems(section: str, env: dict[str, str]) -> list[tuple[str, str]]:
    try:
        SECTION_CLASSES[section].from_env(env)
    except neosync_config.ConfigError as err:
        return sorted((p.variable, p.message) for p in err.problems)
    return []


def write_dotenv(path: Path, env: dict[str, str]) -> Path:
    path.write_text("".join(f"{k}={json.dumps(v)}\n" for k, v in env.items()))
    return path


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", "--doc", str(SEED), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("label, section, env", CASES, ids=[c[0] for c in CASES])
def test_validate_and_the_generated_classes_agree(label: str, section: str, env: dict[str, str],
                                                  tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = class_problems(section, env)
    code, out, _ = validate(capsys, "--section", section, "--env-file", str(write_dotenv(tmp_path / ".env", env)),
                            "--format", "json")
    report = json.loads(out)
    assert sorted((p["variable"], p["message"]) for p in report["problems"]) == expected
    assert code == (1 if expected else 0)
    assert report["valid"] is (not expected)
    assert bool(expected) is not label.startswith("valid"), "each case is valid or breaks a rule, as named"


def test_problems_point_at_the_line_that_set_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = tmp_path / "prod.env"
    env.write_text("# production\nTEMPORAL_TASK_QUEUE=sync\n\nexport PORT=80a\n")
    code, out, err = validate(capsys, "--section", "Worker", "--env-file", str(env))
    assert code == 1
    assert out == f"{env}:4: error: PORT 'abc' is not an integer [worker]\n".replace("'abc'", "'80a'")
    assert "docenv validate: 1 problem(s) for section(s) worker" in err


def test_a_missing_variable_points_at_its_doc_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = validate(capsys, "--section", "worker", "--env-file", str(write_dotenv(tmp_path / "e", {})))
    assert code == 1
    assert out.endswith(":104: error: TEMPORAL_TASK_QUEUE is required but not set [worker]\n")


def test_secret_values_are_never_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {**BACKEND_REQUIRED, "AUTH_CLIENTID_SECRET": '{"cli": tops3cret', "DB_PASS": "hunter2"}
    code, out, err = validate(capsys, "--section", "backend_api", "--env-file",
                              str(write_dotenv(tmp_path / ".env", env)))
    assert code == 1
    assert "AUTH_CLIENTID_SECRET the value is not valid JSON" in out
    assert "tops3cret" not in out + err and "hunter2" not in out + err


def test_later_env_files_override_earlier_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write_dotenv(tmp_path / "base.env", {"TEMPORAL_TASK_QUEUE": "q", "PORT": "oops"})
    local = write_dotenv(tmp_path / "local.env", {"PORT": "8080"})
    assert validate(capsys, "--section", "worker", "--env-file", str(base), "--env-file", str(local))[0] == 0
    assert validate(capsys, "--section", "worker", "--env-file", str(local), "--env-file", str(base))[0] == 1


def test_typos_get_a_did_you_mean(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    env = write_dotenv(tmp_path / ".env", {"TEMPORAL_TASK_QUEUE": "q", "TEMPORAL_TASKQUEUE": "other", "LANG": "C"})
    code, out, _ = validate(capsys, "--section", "worker", "--env-file", str(env))
    assert code == 1
    assert out == f"{env}:2: error: TEMPORAL_TASKQUEUE is not documented; did you mean TEMPORAL_TASK_QUEUE?\n"
    # In the process environment, which holds the whole machine's variables, a near miss only warns.
    monkeypatch.setenv("TEMPORAL_TASK_QUEUE", "q")
    monkeypatch.setenv("TEMPORAL_TASKQUEUE", "other")
    code, out, err = validate(capsys, "--section", "worker")
    assert code == 0
    assert "environment: warning: TEMPORAL_TASKQUEUE is not documented; did you mean TEMPORAL_TASK_QUEUE?" in out
    assert "1 warning(s)" in err


def test_every_section_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = validate(capsys, "--env-file", str(write_dotenv(tmp_path / ".env", {})), "--format", "json")
    report = json.loads(out)
    assert report["sections"] == ["backend_api", "backend_api_database_migrations", "frontend_app", "worker", "cli"]
    assert {p["section"] for p in report["problems"]} == {"backend_api", "backend_api_database_migrations",
                                                          "frontend_app", "worker"}
    assert code == 1


MANIFEST = """
apiVersion: v1
kind: ConfigMap
metadata: {name: worker-config}
data:
  TEMPORAL_TASK_QUEUE: sync
  REDIS_KIND: sentinel
---
apiVersion: v1
kind: Secret
metadata: {name: worker-secrets}
data:
  REDIS_URL: %s
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker}
spec:
  template:
    spec:
      containers:
        - name: worker
          envFrom:
            - configMapRef: {name: worker-config}
          env:
            - name: PORT
              value: "eighty"
            - name: REDIS_URL
              valueFrom:
                secretKeyRef: {name: worker-secrets, key: REDIS_URL}
            - name: TEMPORAL_CERT
              valueFrom:
                secretKeyRef: {name: managed-elsewhere, key: cert}
""" % base64.b64encode(b"redis://cache:6379").decode()


def test_manifests_give_configmap_secret_and_container_values(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "worker.yaml"
    path.write_text(MANIFEST)
    code, out, _ = validate(capsys, "--section", "worker", "--manifest", str(path), "--format", "json")
    problems = {(p["variable"], p["origin"], p["message"]) for p in json.loads(out)["problems"]}
    assert problems == {
        ("REDIS_KIND", f"{path}:7", "'sentinel' is not one of: simple, cluster, failover"),
        ("PORT", f"{path}:26", "'eighty' is not an integer"),
    }  # REDIS_URL decoded from the Secret is fine; TEMPORAL_CERT comes from a Secret not given: not checked
    assert code == 1


def test_helm_template_output_of_the_generated_chart_validates(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    values: dict[str, Any] = {"temporal": {"taskQueue": "sync-job"}, "redis": {"kind": "cluster",
                                                                                   "url": "redis://r:6379"}}
    with Chart.load(str(ROOT / "generated" / "helm" / "neosync-worker")) as chart:
        rendered = chart.render(values, name="rel", namespace="ns")
    path = tmp_path / "rendered.yaml"
    path.write_text("\n---\n".join(rendered.values()))
    code, out, _ = validate(capsys, "--section", "worker", "--manifest", str(path))
    assert (code, out) == (0, "")


@pytest.mark.parametrize("args, message", [
    (["--env-file", "missing.env"], "missing.env: no such file"),
    (["--section", "billing"], "no section 'billing' in"),
    (["--manifest", "bad.yaml"], "bad.yaml:3: is not valid YAML"),
])
def test_what_cannot_run_exits_2(args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("kind: ConfigMap\ndata: [unclosed\n")
    code, out, err = validate(capsys, *args)
    assert code == 2
    assert message in err and "Traceback" not in err and out == ""


def test_a_doc_with_errors_is_not_validated_against(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("## A\n\n| Variable | Description | Default |\n|---|---|---|\n| `X` | one | `1` |\n"
                   "| `X` | two | `2` |\n")
    code, _, err = main(["validate", "--doc", str(doc)]), *capsys.readouterr()
    assert code == 2
    assert "DV103" in err and "has errors: fix them before validating" in err


def test_file_twins_where_enabled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("## API\n\n| Variable | Description | Required |\n|---|---|---|\n"
                   "| `API_TOKEN` | Token for the upstream API | Yes |\n| `PORT` | Port to listen on | No |\n")
    secret = tmp_path / "token"
    secret.write_text("s3cr3t\n")
    twin = write_dotenv(tmp_path / "twin.env", {"API_TOKEN_FILE": str(secret)})
    both = write_dotenv(tmp_path / "both.env", {"API_TOKEN_FILE": str(secret), "API_TOKEN": "pw-both-42"})
    missing = write_dotenv(tmp_path / "missing.env", {"API_TOKEN_FILE": str(tmp_path / "nope")})

    def run(env: Path, *flags: str) -> tuple[int, str]:
        code = main(["validate", "--doc", str(doc), "--env-file", str(env), *flags])
        return code, capsys.readouterr().out

    assert run(twin, "--file-twins") == (0, "")
    code, out = run(twin)  # without the convention, API_TOKEN_FILE is nothing and the token is missing
    assert code == 1 and "API_TOKEN is required but not set" in out
    code, out = run(both, "--file-twins")
    assert code == 1 and "API_TOKEN is set, and so is API_TOKEN_FILE; set one or the other" in out
    assert "s3cr3t" not in out and "pw-both-42" not in out
    # A twin in a file written for the deployment names a path inside the container: not opened here.
    assert run(missing, "--file-twins") == (0, "")


def test_a_twin_in_the_process_environment_is_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Run where the service runs (its own environment), validate reads the file as the service would."""
    doc = tmp_path / "doc.md"
    doc.write_text("## API\n\n| Variable | Description | Required |\n|---|---|---|\n"
                   "| `API_TOKEN` | Token for the upstream API | Yes |\n")
    monkeypatch.setenv("API_TOKEN_FILE", str(tmp_path / "nope"))
    code = main(["validate", "--doc", str(doc), "--file-twins"])
    out = capsys.readouterr().out
    assert code == 1 and "API_TOKEN_FILE names" in out and "which cannot be read" in out


def test_a_twin_set_in_a_manifest_is_not_opened(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("## API\n\n| Variable | Description | Required |\n|---|---|---|\n"
                   "| `DB_PASSWORD` | Database password | Yes |\n")
    manifest = tmp_path / "m.yaml"
    manifest.write_text("kind: ConfigMap\nmetadata: {name: c}\ndata:\n  DB_PASSWORD_FILE: /run/secrets/db\n")
    code = main(["validate", "--doc", str(doc), "--file-twins", "--manifest", str(manifest)])
    assert (code, capsys.readouterr().out) == (0, "")


def test_a_null_configmap_value_is_empty_not_deferred(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`KEY:` (what a template without quote renders for nil) is stored by Kubernetes as an empty string."""
    manifest = tmp_path / "m.yaml"
    manifest.write_text("kind: ConfigMap\nmetadata: {name: c}\ndata:\n  TEMPORAL_TASK_QUEUE:\n")
    code, out, _ = validate(capsys, "--section", "worker", "--manifest", str(manifest))
    assert code == 1
    assert "TEMPORAL_TASK_QUEUE is required but not set" in out


def test_a_name_another_doc_documents_is_no_typo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    table = "| Variable | Description | Required |\n|---|---|---|\n"
    (tmp_path / "a.md").write_text(f"## Api\n\n{table}| `DB_HOST` | Database host | No |\n")
    (tmp_path / "b.md").write_text(f"## Worker\n\n{table}| `DB_HOSTS` | Database hosts | No |\n")
    (tmp_path / "pyproject.toml").write_text('[tool.docenv]\n[[tool.docenv.docs]]\npath = "a.md"\n'
                                             '[[tool.docenv.docs]]\npath = "b.md"\n')
    write_dotenv(tmp_path / ".env", {"DB_HOSTS": "z", "DB_HOTS": "y"})
    monkeypatch.chdir(tmp_path)
    code = main(["validate", "--env-file", ".env"])
    out = capsys.readouterr().out
    assert out == ".env:2: error: DB_HOTS is not documented; did you mean DB_HOSTS?\n"
    assert code == 1
