"""`docenv scan` on small projects: what it reports, in which format, and with which exit code."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest

from docenv.cli import main
from docenv.scan.files import list_files
from docenv.scan.languages import reader_name

DOC = """# Service

## API

| Variable | Description | Required | Default |
|---|---|---|---|
| `DB_HOST` | Database host | Yes | |
| `DB_PORT` | Database port | No | `5432` |
| `API_TOKEN` | Token for the API | No | |

## Worker

| Variable | Description | Required | Default |
|---|---|---|---|
| `QUEUE` | Queue to read | No | `jobs` |
| `DB_HOST` | Database host | Yes | |
"""

PYPROJECT = """
[tool.docenv]
out = "generated"

[[tool.docenv.docs]]
path = "docs/env.md"
name = "svc"
package = "svc_config"
"""


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, {"docs/env.md": DOC, "pyproject.toml": PYPROJECT})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["scan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_everything_documented_exits_0_and_says_what_it_read(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"api/app.py": 'import os\nos.getenv("DB_HOST")\nos.environ["DB_PORT"]\n',
                    "worker/main.go": 'package main\nimport "os"\nvar q = os.Getenv("QUEUE")\n'})
    code, out, err = run(capsys, "--format", "text")
    assert code == 0
    assert "DV301" not in out
    assert "docenv scan: 2 file(s) scanned, 0 skipped; 0 undocumented, 1 unused, 0 unresolved" in err
    assert re.search(r"^docs/env\.md:9:\d+: DV302 warning: API_TOKEN is documented in section api but no scanned "
                     r"code reads it$", out, re.M)


def test_undocumented_reads_exit_1_with_every_place(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"a.py": 'import os\nx = os.getenv("CACHE_URL")\n',
                    "b.ts": "export const c = process.env.CACHE_URL;\n",
                    "Dockerfile": "FROM python:3.12\nENV CACHE_URL=redis://cache\n"})
    code, out, _ = run(capsys)
    assert code == 1
    lines = [line for line in out.splitlines() if "DV301" in line]
    assert lines == [
        "Dockerfile:2:5: DV301 error: CACHE_URL is set here but not documented in the doc",
        "a.py:2:16: DV301 error: CACHE_URL is read here but not documented in the doc",
        "b.ts:1:30: DV301 error: CACHE_URL is read here but not documented in the doc",
    ]


def test_unused_fails_only_when_asked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"a.py": 'import os\nos.getenv("DB_HOST")\n'})
    assert run(capsys)[0] == 0
    code, out, _ = run(capsys, "--fail-on-unused")
    assert code == 1
    assert "DV302 error: QUEUE is documented in section worker" in out
    (project / "pyproject.toml").write_text(PYPROJECT + "\n[tool.docenv.scan]\nfail_on_unused = true\n")
    assert run(capsys)[0] == 1
    (project / "pyproject.toml").write_text(PYPROJECT + '\n[tool.docenv.scan]\nfail_on_unused = true\n'
                                            'allow = ["DB_PORT", "API_*", "QUEUE"]\n')
    assert run(capsys)[0] == 0


def test_allow_list_forgives_deliberately_undocumented_names(project: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"a.py": 'import os\nos.getenv("CI")\nos.getenv("GITHUB_SHA")\nos.getenv("HOME")\n'})
    code, out, _ = run(capsys)
    assert code == 1
    assert {m for m in re.findall(r"DV301 error: (\w+)", out)} == {"CI", "GITHUB_SHA"}  # HOME is the platform's
    (project / "pyproject.toml").write_text(PYPROJECT + '\n[tool.docenv.scan]\nallow = ["CI", "GITHUB_*"]\n')
    assert run(capsys)[0] == 0


def test_sections_map_paths_to_what_they_may_read(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(
        PYPROJECT + '\n[tool.docenv.scan.sections]\napi = ["api/**"]\nworker = ["worker/**"]\n')
    write(project, {"api/app.py": 'import os\nos.getenv("DB_HOST")\nos.getenv("QUEUE")\n',
                    "worker/run.sh": 'echo "$QUEUE $DB_PORT"\n',
                    "tools/x.py": 'import os\nos.getenv("API_TOKEN")\n'})
    code, out, _ = run(capsys, "--format", "json")
    assert code == 1
    report = json.loads(out)
    by_section = {s["section"]: s for s in report["sections"]}
    # QUEUE is documented, but not for the API; DB_PORT not for the worker.
    assert [u["name"] for u in by_section["api"]["undocumented"]] == ["QUEUE"]
    assert [u["name"] for u in by_section["worker"]["undocumented"]] == ["DB_PORT"]
    assert by_section["api"]["undocumented"][0]["places"] == [
        {"path": "api/app.py", "line": 3, "column": 12, "kind": "read", "expression": 'os.getenv("QUEUE")'}]
    # A mapped section is used only by its own files: the worker never reads DB_HOST.
    assert [u["name"] for u in by_section["worker"]["unused"]] == ["DB_HOST"]
    assert [u["name"] for u in by_section["api"]["unused"]] == ["DB_PORT", "API_TOKEN"]
    # tools/ is mapped to no section: checked against every documented variable.
    assert by_section[None]["undocumented"] == []
    assert report["summary"] == {"undocumented": 2, "unused": 3, "unresolved": 0}


def test_a_mapping_to_an_unknown_section_cannot_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT + '\n[tool.docenv.scan.sections]\nbackend = ["b/**"]\n')
    code, _, err = run(capsys)
    assert code == 2
    assert "names no documented section: backend (sections: api, worker)" in err


def test_a_mapping_that_matches_nothing_is_named(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT + '\n[tool.docenv.scan.sections]\napi = ["bakend/**"]\n')
    write(project, {"backend/a.py": "x = 1\n"})
    _, _, err = run(capsys)
    assert "the paths of section api in [tool.docenv.scan.sections] match no scanned file" in err


@pytest.mark.parametrize("setting, message", [
    ('allow = "CI"', "allow must be a list of non-empty strings"),
    ("fail_on_unused = 1", "fail_on_unused must be true or false"),
    ('paths = ["."]\nexcludes = []', "[tool.docenv.scan] has unknown key 'excludes'"),
])
def test_bad_scan_settings_are_named(project: Path, capsys: pytest.CaptureFixture[str], setting: str,
                                     message: str) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT + f"\n[tool.docenv.scan]\n{setting}\n")
    code, _, err = run(capsys)
    assert code == 2
    line = (project / "pyproject.toml").read_text().splitlines().index(setting.splitlines()[-1]) + 1
    assert err.startswith(f"pyproject.toml:{line}: ") and message in err  # at the line of the setting


def test_generated_config_classes_read_their_whole_section(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"api/app.py": "from svc_config import ApiConfig\n\nconfig = ApiConfig.from_env()\n"})
    code, out, _ = run(capsys, "--format", "json")
    report = json.loads(out)
    unused = {s["section"]: [u["name"] for u in s["unused"]] for s in report["sections"]}
    assert unused == {"api": [], "worker": ["QUEUE", "DB_HOST"], None: []}
    assert code == 0


def test_generated_vendored_binary_and_large_files_are_skipped(project: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    read = 'import os\nos.getenv("SKIPPED")\n'
    write(project, {
        "generated/svc_config/api.py": read,  # docenv's own output folder
        "gen/models.py": "# Code generated by protoc. DO NOT EDIT.\n" + read,
        "node_modules/lib/index.js": "process.env.SKIPPED\n",
        "vendor/github.com/x/y.go": 'package y\nvar _ = os.Getenv("SKIPPED")\n',
        "blob.py": b"\0\1\2" + read.encode(),
        "big.py": read + "#" * 1_000_001,
        "web/app.min.js": "process.env.SKIPPED",
        "ok.py": 'import os\nos.getenv("DB_HOST")\n',
    })
    code, out, _ = run(capsys, "--format", "json")
    report = json.loads(out)
    assert code == 0, out
    assert report["files"]["scanned"] == 1
    assert report["files"]["skipped"] == {"binary": 1, "generated": 3, "over 1 MB": 1, "vendored": 2}


def test_git_lists_tracked_and_new_files_but_not_ignored_ones(project: Path) -> None:
    write(project, {".gitignore": "build/\n*.local.py\n", "build/out.py": "", "a.local.py": "", "src/new.py": "",
                    "src/old.py": "", "README.md": ""})
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "src/old.py"], cwd=project, check=True)
    listing = list_files(project, ["."], [], None)
    assert [path for path, _ in listing.candidates] == ["src/new.py", "src/old.py"]
    assert listing.other == 4  # .gitignore, README.md, docs/env.md, pyproject.toml


def test_without_git_the_walk_honours_every_gitignore(project: Path) -> None:
    write(project, {".gitignore": "build/\n*.local.py\n", "build/out.py": "", "a.local.py": "", "src/new.py": "",
                    "src/.gitignore": "gen_*.py\n!gen_keep.py\n", "src/gen_x.py": "", "src/gen_keep.py": "",
                    "other/gen_x.py": ""})
    listing = list_files(project, ["."], ["other/"], None)
    assert [path for path, _ in listing.candidates] == ["src/gen_keep.py", "src/new.py"]
    assert listing.skipped["excluded"] == 1
    # Starting below the root still applies the root's .gitignore.
    assert [p for p, _ in list_files(project, ["build"], [], None).candidates] == []


@pytest.mark.parametrize("path, reader", [
    ("a/b.py", "python"), ("main.go", "go"), ("web/x.tsx", "js"), ("App.vue", "js"), ("Dockerfile", "dockerfile"),
    ("docker/api.Dockerfile", "dockerfile"), ("Dockerfile.dev", "dockerfile"), ("docker-compose.yml", "compose"),
    ("compose.prod.yaml", "compose"), ("k8s/deploy.yaml", "manifest"), ("charts/x/templates/_helpers.tpl", "manifest"),
    ("bin/entrypoint.sh", "shell"), ("bin/run", "shebang"), ("README.md", None), ("logo.png", None),
    (".env", None),
])
def test_each_file_goes_to_its_reader(path: str, reader: str | None) -> None:
    assert reader_name(path) == reader


def test_extensionless_files_are_read_only_with_a_shell_shebang(project: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"bin/run": "#!/usr/bin/env bash\necho $CACHE_URL\n", "LICENSE": "$NOT_A_SCRIPT\n",
                    "bin/tool": "#!/usr/bin/env python3\nimport os\n"})
    code, out, err = run(capsys)
    assert code == 1
    assert "bin/run:2:7: DV301 error: CACHE_URL is read here" in out
    assert "NOT_A_SCRIPT" not in out
    assert "1 file(s) scanned" in err


def test_unresolved_reads_are_info_and_do_not_fail(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"a.py": 'import os\nos.getenv("DB_HOST")\nfor k in keys:\n    os.environ[k]\n'})
    code, out, _ = run(capsys)
    assert code == 0
    assert "a.py:4:5: DV303 info: name built at run time, not checked: os.environ[k]" in out


def test_github_format_annotates_each_place(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"src/a b.py": 'import os\nos.getenv("CACHE_URL")\n'})
    _, out, _ = run(capsys, "--format", "github")
    assert "::error file=src/a b.py,line=2,col=12::DV301: CACHE_URL is read here but not documented in the doc" in out
    assert "::warning file=docs/env.md,line=9," in out


# What GitHub code scanning requires of an uploaded SARIF file (SARIF 2.1.0, the subset it reads).
SARIF_UPLOAD = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name", "rules"],
                    "properties": {"rules": {"type": "array", "items": {
                        "type": "object", "required": ["id", "shortDescription"]}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["ruleId", "message", "locations", "level"],
                    "properties": {
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"type": "object", "required": ["text"]},
                        "locations": {"type": "array", "minItems": 1, "items": {
                            "type": "object", "required": ["physicalLocation"],
                            "properties": {"physicalLocation": {
                                "type": "object", "required": ["artifactLocation", "region"],
                                "properties": {
                                    "artifactLocation": {"type": "object", "required": ["uri"],
                                                         "properties": {"uri": {"type": "string",
                                                                                "pattern": "^[^/:]"}}},
                                    "region": {"type": "object", "required": ["startLine"],
                                               "properties": {"startLine": {"type": "integer", "minimum": 1},
                                                              "startColumn": {"type": "integer",
                                                                              "minimum": 1}}}}}}}}}}}}}},
    },
}


def test_sarif_is_what_code_scanning_accepts(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"src/a b.py": 'import os\nos.getenv("CACHE_URL")\nos.getenv(k)\n',
                    "src/ok.py": 'import os\nos.getenv("DB_HOST"), os.getenv("DB_PORT"), os.getenv("QUEUE")\n'})
    code, out, _ = run(capsys, "--format", "sarif")
    assert code == 1
    sarif = json.loads(out)
    jsonschema.validate(sarif, SARIF_UPLOAD)
    run_ = sarif["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    results = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run_["results"]]
    assert results == [("DV302", "warning", "docs/env.md", 9), ("DV301", "error", "src/a%20b.py", 2),
                       ("DV303", "note", "src/a%20b.py", 3)]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run_["results"])


def test_a_doc_on_the_command_line_scans_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {"env.md": DOC, "src/a.py": 'import os\nos.getenv("NOPE")\n'})
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--doc", "env.md", "src")
    assert code == 1
    assert "src/a.py:2:12: DV301 error: NOPE is read here" in out


def test_a_path_outside_the_project_is_refused(project: Path, tmp_path_factory: pytest.TempPathFactory,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path_factory.mktemp("elsewhere")
    code, _, err = run(capsys, str(outside))
    assert code == 2
    assert "is outside the project" in err
    code, _, err = run(capsys, "missing-folder")
    assert code == 2 and "missing-folder: no such file or folder" in err


def test_output_is_deterministic(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {f"m{i}/a.py": f'import os\nos.getenv("V{i % 7}")\nos.getenv(x{i})\n' for i in range(40)})
    outputs = {fmt: run(capsys, "--format", fmt)[1] for fmt in ("text", "json", "sarif")}
    again = {fmt: run(capsys, "--format", fmt)[1] for fmt in ("text", "json", "sarif")}
    assert outputs == again
    assert str(project) not in "".join(outputs.values())


def test_a_pydantic_settings_class_reads_its_whole_section(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT.replace('package = "svc_config"',
                                                              'package = "svc_config"\noutputs = ["python", "pydantic"]'))
    write(project, {"worker/main.py": "from svc_settings import WorkerSettings\n\nsettings = WorkerSettings()\n"})
    report = json.loads(run(capsys, "--format", "json")[1])
    unused = {s["section"]: [u["name"] for u in s["unused"]] for s in report["sections"]}
    assert unused == {"api": ["DB_HOST", "DB_PORT", "API_TOKEN"], "worker": [], None: []}
    # Without the opt-in output, the same name is no generated class.
    (project / "pyproject.toml").write_text(PYPROJECT)
    report = json.loads(run(capsys, "--format", "json")[1])
    assert {s["section"]: len(s["unused"]) for s in report["sections"]}["worker"] == 2


@pytest.mark.parametrize("paths, message", [
    ('["missing_dir"]', "[tool.docenv.scan] paths: missing_dir: no such file or folder"),
    ('["../elsewhere"]', "[tool.docenv.scan] paths: ../elsewhere is outside the project"),
])
def test_configured_paths_that_scan_nothing_are_refused(project: Path, capsys: pytest.CaptureFixture[str],
                                                        paths: str, message: str) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT + f"\n[tool.docenv.scan]\npaths = {paths}\n")
    code, _, err = run(capsys)
    assert code == 2 and message in err


def test_an_empty_git_listing_is_not_replaced_by_a_walk(project: Path) -> None:
    """Everything under the path is ignored by git: nothing is scanned, rather than a walk that ignores git."""
    write(project, {"build/a.py": ""})
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    (project / ".git" / "info" / "exclude").write_text("build/\n")
    assert list_files(project, ["build"], [], None).candidates == []


def test_control_characters_from_scanned_code_never_reach_the_terminal(project: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    write(project, {"a.py": 'import os\nos.getenv("BAD\x1b[31mNAME")\nos.getenv(pre + "\x1b[2Jx")\n'})
    for fmt in ("text", "github"):
        _, out, _ = run(capsys, "--format", fmt)
        assert "\x1b" not in out
        assert "BAD\\x1b[31mNAME is read here" in out and '"\\x1b[2Jx"' in out


def test_names_filling_a_family_are_documented_as_the_generated_code_reads_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, {
        "env.md": "## Files\n\n| Variable | Description |\n|---|---|\n"
                  "| `STORAGE_<LOCATION>_DRIVER` | Driver of the location |\n"
                  "| `STORAGE_<LOCATION>_ROOT_DIR` | Root folder of the location |\n",
        "a.py": 'import os\nos.getenv("STORAGE_S3_DRIVER")\nos.getenv("STORAGE_EU_WEST_ROOT_DIR")\n'
                'os.getenv("STORAGE_s3-x_DRIVER")\n',
    })
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--doc", "env.md", "--format", "json")
    report = json.loads(out)
    # `s3-x` is no key the generated classes accept (upper-case words), so that read is undocumented.
    assert [u["name"] for s in report["sections"] for u in s["undocumented"]] == ["STORAGE_s3-x_DRIVER"]
    assert report["summary"]["unused"] == 0 and code == 1


def test_generated_go_and_typescript_loaders_read_their_whole_section(project: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT.replace(
        'package = "svc_config"', 'package = "svc_config"\noutputs = ["python", "go", "typescript"]'))
    write(project, {
        "worker/main.go": 'package main\n\nimport "svcconfig"\n\nfunc main() {\n\tcfg, _ := svcconfig.LoadWorker()\n'
                          '\t_ = cfg\n}\n',
        "web/app.ts": 'import { loadApi } from "../generated/svc/ts/index.js";\n\nexport const config = loadApi();\n',
    })
    report = json.loads(run(capsys, "--format", "json")[1])
    unused = {s["section"]: [u["name"] for u in s["unused"]] for s in report["sections"]}
    assert unused == {"api": [], "worker": [], None: []}
    # A loader's name without the import is someone else's function.
    write(project, {"worker/main.go": 'package main\n\nfunc main() {\n\tLoadWorker()\n}\n',
                    "web/app.ts": "export const config = loadApi();\n"})
    report = json.loads(run(capsys, "--format", "json")[1])
    unused = {s["section"]: [u["name"] for u in s["unused"]] for s in report["sections"]}
    assert unused == {"api": ["DB_HOST", "DB_PORT", "API_TOKEN"], "worker": ["QUEUE", "DB_HOST"], None: []}
