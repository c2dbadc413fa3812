"""The service map: each section tied to its code, compose services and charts (tests/fixtures/monorepo).

The fixture is a polyglot monorepo: a Go API and a Python worker that the doc describes, a Postgres, a Redis
and a Keycloak in its compose file, a vendored Temporal compose file, two charts, dev scripts and a marketing
site that the doc never describes. `pyproject.toml` has no map; `pyproject.mapped.toml` maps both sections.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest

from docenv.cli import main

from .conftest import FIXTURES

MONOREPO = FIXTURES / "monorepo"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ledger"
    shutil.copytree(MONOREPO, root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "no-git"))  # scan walks the copy, not this repository
    for name in ("POSTGRES_PASSWORD", "JWT_SECRET", "WORKER_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    return root


def mapped(root: Path) -> None:
    shutil.copy(root / "pyproject.mapped.toml", root / "pyproject.toml")


def scan_json(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object], str]:
    code = main(["scan", "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def undocumented(report: dict[str, object]) -> dict[str, list[str]]:
    sections = report["sections"]
    assert isinstance(sections, list)
    return {s["section"] or "*": sorted(u["name"] for u in s["undocumented"]) for s in sections if s["undocumented"]}


def test_without_a_map_the_whole_repository_is_the_docs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, _ = scan_json(capsys)
    assert code == 1
    names = undocumented(report)["*"]
    assert len(names) == 20
    assert {"POSTGRES_DB", "KEYCLOAK_ADMIN", "KC_DB", "REDIS_ARGS", "POSTGRES_SEEDS", "NEXT_PUBLIC_GA_ID",
            "DEV_SEED_FILE"} <= set(names)  # third-party services, the marketing site and dev scripts


def test_with_a_map_findings_are_about_mapped_services_each_naming_its_section(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapped(repo)
    code, report, err = scan_json(capsys)
    assert code == 1
    assert undocumented(report) == {
        "backend_api": ["FEATURE_FLAGS", "OTEL_EXPORTER_OTLP_ENDPOINT", "QUEUE_NAME", "RATE_LIMIT_PER_MINUTE",
                        "SENTRY_DSN"],
        "worker": ["JOB_TIMEOUT_SECONDS", "LOG_LEVEL"],
    }
    assert report["outside_the_map"] == {"compose_services": ["cache", "db", "keycloak", "temporal"],
                                         "files": ["marketing/src/analytics.ts", "scripts/dev.sh"]}
    assert err.rstrip().endswith("; 4 compose service(s) not in the map: cache, db, keycloak, temporal; 2 file(s) "
                                 "outside the map (marketing/, scripts/)")


def test_a_finding_says_which_section_reads_it_and_which_documents_it(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapped(repo)
    assert main(["scan"]) == 1
    out = capsys.readouterr().out
    assert ("worker/app/settings.py:10:24: DV301 error: LOG_LEVEL is read here by Worker but the Worker section does "
            "not document it; Backend API does") in out.splitlines()
    assert ("compose.yml:15:7: DV301 error: FEATURE_FLAGS is set here by Backend API but the Backend API section "
            "does not document it") in out.splitlines()


def test_a_compose_services_env_file_counts_for_its_section(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapped(repo)
    (repo / "worker" / ".env.worker").write_text("API_TOKEN=dev-token\nWORKER_POOL=big\n")
    _, report, _ = scan_json(capsys)
    places = [p for s in report["sections"] if s["section"] == "worker" for u in s["undocumented"]  # type: ignore
              if u["name"] == "WORKER_POOL" for p in u["places"]]
    assert places == [{"path": "worker/.env.worker", "line": 2, "column": 1, "kind": "set",
                       "expression": "env_file of compose service worker"}]


def test_validate_reads_the_compose_file_as_compose_does(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapped(repo)
    assert main(["validate", "--compose", "compose.yml"]) == 0
    out, err = capsys.readouterr()
    assert out == ("compose.yml:15: warning: FEATURE_FLAGS is set for compose service api, but the Backend API "
                   "section does not document it [backend_api]\n")
    assert err == ("docenv validate: valid for section(s) api -> backend_api, worker -> worker; 1 warning(s); "
                   "3 compose service(s) not in the map: cache, db, keycloak\n")


def test_validate_finds_what_is_wrong_in_a_compose_services_environment(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapped(repo)
    (repo / ".env").write_text("POSTGRES_PASSWORD=pw\nJWT_SECRET=from-dotenv\nWORKER_CONCURRENCY=four\n")
    (repo / "worker" / ".env.worker").write_text("API_TOKN=dev-token\n")
    compose = (repo / "compose.yml").read_text().replace('PORT: "8080"', 'PORT: "8080"\n      SESSION_KEY_VERSION: v2')
    (repo / "compose.yml").write_text(compose)
    assert main(["validate", "--compose", "compose.yml", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    problems = {(p["variable"], p["severity"]): p for p in report["problems"]}
    assert problems[("API_TOKEN", "error")]["message"] == "is required but not set (compose service worker)"
    assert problems[("API_TOKN", "error")]["message"].startswith("is not documented in Worker; did you mean API_TOKEN?")
    assert problems[("API_TOKN", "error")]["origin"] == "worker/.env.worker:1"
    bad_int = problems[("WORKER_CONCURRENCY", "error")]
    assert "'four'" in bad_int["message"] and bad_int["origin"] == "compose.yml:25"  # interpolated from .env
    secret = problems[("SESSION_KEY_VERSION", "error")]
    assert "v2" not in json.dumps(secret) and "not an integer" in secret["message"]
    assert ("JWT_SECRET", "error") not in problems  # ${JWT_SECRET} came from .env


def test_validate_without_a_map_pairs_a_service_with_a_section(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--compose", "compose.yml"]) == 2
    assert "no compose service is mapped to a section (services: api, cache, db, keycloak, worker)" in \
        capsys.readouterr().err
    assert main(["validate", "--compose", "compose.yml", "--service", "worker", "--section", "Worker"]) == 0
    assert capsys.readouterr().err.startswith("docenv validate: valid for section(s) worker -> worker;")


def test_validate_reads_the_compose_files_the_settings_name(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapped(repo)
    with open(repo / "pyproject.toml", "a") as handle:
        handle.write('\n[tool.docenv.validate]\ncompose = ["compose.yml"]\n')
    assert main(["validate", "--section", "worker"]) == 0
    assert capsys.readouterr().err.startswith("docenv validate: valid for section(s) worker -> worker;")


# ---- files that are not what the option expects, and hostile YAML ---------------------------------------

BILLION_LAUGHS = "\n".join(
    ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 9) + "]" for i in range(1, 10)]
    + ["services:", "  api:", "    environment: *lol9", "    env_file: *lol9"]) + "\n"


@pytest.mark.parametrize(("option", "text", "message"), [
    ("--manifest", "services:\n  api:\n    image: x\n", "compose.yml: is a Docker Compose file: use --compose"),
    ("--manifest", "name: x\nitems: [1, 2]\n", "compose.yml: holds no ConfigMap, Secret or workload"),
    ("--compose", "apiVersion: v1\nkind: ConfigMap\ndata: {A: b}\n",
     "compose.yml: has no `services:`, so it is not a Docker Compose file (it holds Kubernetes objects (ConfigMap): "
     "use --manifest)"),
    ("--compose", "services: [\n", "compose.yml:2: is not valid YAML"),
    ("--compose", "[" * 5_000 + "]" * 5_000, "compose.yml: nests YAML more than 200 levels deep; not read"),
    ("--compose", BILLION_LAUGHS, "compose.yml: has YAML aliases that expand to more than 1,000,000 nodes; not read"),
    ("--manifest", "a: &a [" + ", ".join(["x"] * 100) + "]\n" + "".join(
        f"b{i}: &b{i} {{k: *{'a' if i == 0 else f'b{i - 1}'}, j: *{'a' if i == 0 else f'b{i - 1}'}}}\n"
        for i in range(40)) + "kind: Deployment\nspec: *b39\n",
     "compose.yml: has YAML aliases that expand to more than 1,000,000 nodes; not read"),
    ("--compose", "services:\n  api: &api\n    environment: [*api]\n",
     "compose.yml: has a YAML alias inside its own anchor (line 2); not read"),
    ("--compose", "services:\n  api:\n    environment:\n      - [A, B]\n",
     "compose.yml:4: service api: an environment item is not a NAME=VALUE string"),
    ("--compose", "services:\n  api:\n    environment:\n      A:\n        nested: 1\n",
     "compose.yml:5: service api: the environment value of A is a list or mapping; compose takes a string, "
     "number, boolean or nothing"),
], ids=["compose as manifest", "nothing to check", "manifest as compose", "invalid", "deep", "billion laughs",
        "alias bomb in a manifest", "alias inside itself", "nested list item", "nested value"])
def test_a_yaml_file_docenv_cannot_use_stops_with_one_line(repo: Path, capsys: pytest.CaptureFixture[str],
                                                           option: str, text: str, message: str) -> None:
    mapped(repo)
    (repo / "compose.yml").write_text(text)
    pairing = ["--service", "api", "--section", "Backend API"] if option == "--compose" else []
    tracemalloc.start()
    started = time.perf_counter()
    code = main(["validate", option, "compose.yml", *pairing])
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    err = capsys.readouterr().err
    # Not a speed target (that is make bench): an expanded bomb would take hours and gigabytes, not seconds.
    assert elapsed < 5 and peak < 50_000_000, (elapsed, peak)
    assert "Traceback" not in err
    assert code == 2 and err.startswith(message) and err.count("\n") == 1, err
    assert re.match(r"compose\.yml(:\d+)?: ", err)
