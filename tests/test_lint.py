"""Lint and parse, through the CLI in-process and through parse_document: the seed doc and small fixture docs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docenv.generate.parse import parse_document
from docenv.read.builder import ParseResult
from docenv.cli import main
from docenv.model.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parent.parent
SEED = "spec/neosync/environment-variables.md"

# Every finding on the seed doc: (code, line).
SEED_FINDINGS = {
    ("DV104", 39),  # TEMPORAL_URL: RS256 in Backend API ...
    ("DV104", 102),  # ... vs localhost:7233 in Worker
    ("DV105", 35),  # AUTH_AUDIENCE is required and has the default false
    ("DV106", 90),  # POSTHOG_KEY: "Neosync's posthog api key"
    ("DV107", 39),  # TEMPORAL_URL: RS256 is no URL
    ("DV107", 102),  # TEMPORAL_URL: localhost:7233 is no URL (no scheme)
    ("DV107", 109),  # NEOSYNC_URL: localhost:8080 is no URL (no scheme)
}


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def _parse(text: str, path: str = "doc.md") -> ParseResult:
    return parse_document(text, path)


def _codes(diags: list[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diags if d.code == code]


def _write(tmp_path: Path, text: str, name: str = "doc.md") -> str:
    doc = tmp_path / name
    doc.write_text(text, encoding="utf-8")
    return str(doc)


# ---- the seed doc through `docenv lint` ------------------------------------------------


def test_lint_seed_exits_0_with_exactly_the_known_findings(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", SEED, "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    assert len(findings) == len(SEED_FINDINGS)
    assert {(f["code"], f["line"]) for f in findings} == SEED_FINDINGS
    assert {f["severity"] for f in findings} == {"warning"}
    assert {f["path"] for f in findings} == {SEED}


def test_lint_seed_text_output(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", SEED]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 7
    assert f"{SEED}:39:231: DV104 warning: TEMPORAL_URL has conflicting defaults across sections: " in captured.out
    assert f"{SEED}:35:231: DV105 warning: AUTH_AUDIENCE is required" in captured.out
    assert f"{SEED}:90:385: DV106 warning: default of POSTHOG_KEY is prose" in captured.out
    assert captured.err == "docenv lint: 0 error(s), 7 warning(s)\n"


def test_lint_seed_messages_name_the_conflict(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["lint", SEED, "--format", "json"])
    findings = json.loads(capsys.readouterr().out)
    by_key = {(f["code"], f["line"]): f["message"] for f in findings}
    for line in (39, 102):
        assert "'RS256' in Backend API (line 39)" in by_key[("DV104", line)]
        assert "'localhost:7233' in Worker (line 102)" in by_key[("DV104", line)]
        assert "TEMPORAL_URL" in by_key[("DV107", line)]
        assert "typed str instead" in by_key[("DV107", line)]
    assert "'RS256'" in by_key[("DV107", 39)]
    assert "'localhost:7233'" in by_key[("DV107", 102)]
    assert "NEOSYNC_URL" in by_key[("DV107", 109)]
    assert "'localhost:8080'" in by_key[("DV107", 109)]
    assert "AUTH_AUDIENCE" in by_key[("DV105", 35)]
    assert "POSTHOG_KEY" in by_key[("DV106", 90)]
    assert "Neosync's posthog api key" in by_key[("DV106", 90)]


def test_lint_seed_line_39_findings_point_at_the_default_cell(
    at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["lint", SEED, "--format", "json"])
    findings = json.loads(capsys.readouterr().out)
    line_39 = [f for f in findings if f["line"] == 39]
    assert sorted(f["code"] for f in line_39) == ["DV104", "DV107"]
    assert {f["column"] for f in line_39} == {231}
    source_line = (ROOT / SEED).read_text(encoding="utf-8").splitlines()[38]
    assert source_line[230:235] == "RS256"


def test_lint_seed_strict_exits_1(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--strict", SEED]) == 1
    assert "7 warning(s)" in capsys.readouterr().err


def test_lint_seed_json_format(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", SEED, "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert isinstance(data, list)
    assert len(data) == 7
    for item in data:
        assert list(item) == ["path", "line", "column", "code", "severity", "message"]
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
    # Sorted by path, line, column, code.
    assert [(d["line"], d["code"]) for d in data] == sorted((d["line"], d["code"]) for d in data)
    assert captured.err == ""  # the summary line is for the text format only


def test_lint_seed_github_format(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", SEED, "--format", "github"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7
    assert all(line.startswith("::warning file=") for line in lines)
    assert "::warning file=spec/neosync/environment-variables.md,line=39,col=231::DV104: " in lines[1]


def test_lint_seed_through_parse_document(at_root: Path) -> None:
    result = parse_document((ROOT / SEED).read_text(encoding="utf-8"), SEED)
    assert {(d.code, d.line) for d in result.diagnostics} == SEED_FINDINGS


# ---- `docenv lint` when it cannot run --------------------------------------------------


def test_lint_missing_file_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "no-such-doc.md")
    assert main(["lint", missing]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err_lines = captured.err.splitlines()
    assert len(err_lines) == 1
    assert err_lines[0].startswith(f"{missing}: ")
    assert "no such file" in err_lines[0]
    assert "Traceback" not in captured.err


# ---- `docenv parse` on the seed ------------------------------------------------------


# The first contract, in order; later fields are appended after these.
VARIABLE_KEYS = [
    "name", "line", "group", "description", "type", "choices", "separator", "required", "required_if",
    "default", "default_ref", "default_text", "secret",
]
APPENDED_KEYS = ["default_literal", "aliases", "file_twin", "spellings", "since", "required_text"]


def test_parse_seed_model(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", SEED]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == SEED
    sections = data["sections"]
    assert [s["id"] for s in sections] == [
        "backend_api", "backend_api_database_migrations", "frontend_app", "worker", "cli",
    ]
    assert [s["line"] for s in sections] == [13, 53, 69, 94, 119]
    commands = {s["id"]: s["command"] for s in sections}
    assert commands["backend_api"] == "mgmt serve connect"
    assert commands["worker"] == "worker serve"
    assert commands["backend_api_database_migrations"] == "mgmt migrate up"
    assert commands["frontend_app"] is None
    assert commands["cli"] is None
    assert [len(s["variables"]) for s in sections] == [33, 9, 20, 18, 6]
    assert sum(len(s["variables"]) for s in sections) == 86
    for section in sections:
        for var in section["variables"]:
            assert list(var) == VARIABLE_KEYS + APPENDED_KEYS, var["name"]
    assert {(d["code"], d["line"]) for d in data["diagnostics"]} == SEED_FINDINGS


def test_parse_seed_selected_variables(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["parse", SEED])
    data = json.loads(capsys.readouterr().out)
    vars_by = {(s["id"], v["name"]): v for s in data["sections"] for v in s["variables"]}
    temporal = vars_by[("backend_api", "TEMPORAL_URL")]
    assert (temporal["line"], temporal["type"], temporal["default"]) == (39, "str", "RS256")
    audience = vars_by[("backend_api", "AUTH_AUDIENCE")]
    assert (audience["required"], audience["type"], audience["separator"]) == (True, "list[str]", ",")
    nextauth = vars_by[("frontend_app", "NEXTAUTH_URL")]
    assert nextauth["required_if"] == {"variable": "AUTH_ENABLED", "equals": "true", "one_of": ["true"]}
    posthog = vars_by[("frontend_app", "POSTHOG_KEY")]
    assert (posthog["default"], posthog["default_text"], posthog["secret"]) == (
        None, "Neosync's posthog api key", True,
    )
    redis_kind = vars_by[("worker", "REDIS_KIND")]
    assert (redis_kind["type"], redis_kind["choices"]) == ("enum", ["simple", "cluster", "failover"])
    assert vars_by[("backend_api", "DB_PORT")]["type"] == "int"
    assert vars_by[("backend_api", "DB_PASS")]["secret"] is True


# ---- fixture docs ---------------------------------------------------------------------


DUPLICATE_SAME = """\
## Service

| Variable | Description | Required | Default |
| -------- | ----------- | -------- | ------- |
| LOG_LEVEL | The log level | false | info |
| PORT | The port | false | 8080 |
| LOG_LEVEL | The log level | false | info |
"""

DUPLICATE_CONFLICT = """\
## Service

| Variable | Description | Required | Default |
| -------- | ----------- | -------- | ------- |
| LOG_LEVEL | The log level | false | info |
| LOG_LEVEL | The log level | false | debug |
"""


def test_duplicate_identical_rows_are_merged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = _parse(DUPLICATE_SAME)
    dv102 = _codes(result.diagnostics, "DV102")
    assert len(dv102) == 1
    assert (dv102[0].severity, dv102[0].line, dv102[0].column) == ("info", 7, 3)
    assert "first at line 5" in dv102[0].message
    assert not _codes(result.diagnostics, "DV103")
    (section,) = result.document.sections
    assert [v.name for v in section.variables] == ["LOG_LEVEL", "PORT"]
    assert section.variables[0].line == 5
    assert result.variable_rows == 3
    assert main(["lint", _write(tmp_path, DUPLICATE_SAME)]) == 0
    assert "DV102 info" in capsys.readouterr().out


def test_duplicate_conflicting_rows_are_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = _parse(DUPLICATE_CONFLICT)
    dv103 = _codes(result.diagnostics, "DV103")
    assert len(dv103) == 1
    assert (dv103[0].severity, dv103[0].line) == ("error", 6)
    assert "lines 5 and 6" in dv103[0].message
    assert "LOG_LEVEL" in dv103[0].message
    doc = _write(tmp_path, DUPLICATE_CONFLICT)
    assert main(["lint", doc]) == 1
    captured = capsys.readouterr()
    assert f"{doc}:6:3: DV103 error: " in captured.out
    assert "1 error(s)" in captured.err


def test_unknown_column_header_is_a_warning(tmp_path: Path) -> None:
    text = (
        "## Service\n\n"
        "| Variable | Description | Colour |\n"
        "| --- | --- | --- |\n"
        "| LOG_LEVEL | The log level | red |\n"
    )
    result = _parse(text)
    dv002 = _codes(result.diagnostics, "DV002")
    assert len(dv002) == 1
    assert (dv002[0].severity, dv002[0].line) == ("warning", 3)
    assert dv002[0].column == text.splitlines()[2].index("Colour") + 1
    assert "'Colour'" in dv002[0].message
    assert [v.name for v in result.document.sections[0].variables] == ["LOG_LEVEL"]


CELL_COUNTS = """\
## Service

| Variable | Description | Default |
| -------- | ----------- | ------- |
| TOO_MANY | Extra cell | a | b |
| TOO_FEW | Missing default |
| FINE | ok | x |
"""


def test_rows_with_wrong_cell_counts_warn_and_parsing_goes_on(tmp_path: Path) -> None:
    result = _parse(CELL_COUNTS)
    dv003 = _codes(result.diagnostics, "DV003")
    assert [(d.severity, d.line) for d in dv003] == [("warning", 5), ("warning", 6)]
    assert "row has 4 cells but the header has 3" in dv003[0].message
    assert "row has 2 cells but the header has 3" in dv003[1].message
    variables = {v.name: v for v in result.document.sections[0].variables}
    assert list(variables) == ["TOO_MANY", "TOO_FEW", "FINE"]
    assert (variables["TOO_MANY"].line, variables["TOO_MANY"].default) == (5, "a")
    assert (variables["TOO_FEW"].line, variables["TOO_FEW"].default) == (6, None)
    assert variables["FINE"].default == "x"
    assert main(["lint", _write(tmp_path, CELL_COUNTS)]) == 0
    assert main(["lint", "--strict", _write(tmp_path, CELL_COUNTS)]) == 1


INVALID_NAMES = """\
## Service

| Variable | Description |
| -------- | ----------- |
| 2FA_CODE | starts with a digit |
| MY VAR | has a space |
| A=B | has an equals sign |
| GOOD_NAME | fine |
"""


def test_invalid_names_are_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = _parse(INVALID_NAMES)
    dv101 = _codes(result.diagnostics, "DV101")
    assert [(d.severity, d.line, d.column) for d in dv101] == [("error", 5, 3), ("error", 6, 3), ("error", 7, 3)]
    assert ["'2FA_CODE'" in dv101[0].message, "'MY VAR'" in dv101[1].message, "'A=B'" in dv101[2].message] == [
        True, True, True,
    ]
    assert [v.name for v in result.document.sections[0].variables] == ["GOOD_NAME"]
    assert main(["lint", _write(tmp_path, INVALID_NAMES)]) == 1
    assert "3 error(s)" in capsys.readouterr().err


NO_VARIABLE_COLUMN = """\
## Service

| Driver | Limit |
| ------ | ----- |
| s3     | 5MB   |

| Variable | Description |
| -------- | ----------- |
| GOOD_NAME | fine |
"""


def test_table_without_variable_column_is_skipped(tmp_path: Path) -> None:
    result = _parse(NO_VARIABLE_COLUMN)
    dv001 = _codes(result.diagnostics, "DV001")
    assert len(dv001) == 1
    assert (dv001[0].severity, dv001[0].line) == ("info", 3)
    assert "'Driver', 'Limit'" in dv001[0].message
    assert result.tables == 2
    assert result.variable_rows == 1
    assert [v.name for v in result.document.sections[0].variables] == ["GOOD_NAME"]


HIDDEN_TABLES = """\
---
title: Hidden
note: |
  | Variable | Description |
  | -------- | ----------- |
  | FRONT_MATTER_VAR | in front matter |
---

## Service

```markdown
| Variable | Description |
| -------- | ----------- |
| FENCED_VAR | in a code block |
```

<!--
| Variable | Description |
| -------- | ----------- |
| COMMENTED_VAR | in a comment |
-->

| Variable | Description |
| -------- | ----------- |
| REAL_VAR | the only real one |
"""


def test_tables_in_code_blocks_comments_and_front_matter_are_not_read() -> None:
    result = _parse(HIDDEN_TABLES)
    names = [v.name for s in result.document.sections for v in s.variables]
    assert names == ["REAL_VAR"]
    assert result.document.sections[0].variables[0].line == 25
    assert result.tables == 1
    assert result.variable_rows == 1
    assert result.diagnostics == []


MISSING_CONDITION_VARIABLE = """\
## Mail

| Variable | Description | Required |
| -------- | ----------- | -------- |
| SMTP_AUTH | Whether to log in to the server | false |

## Service

| Variable | Description | Required |
| -------- | ----------- | -------- |
| SMTP_USER | The user. Required if SMTP_AUTH is true | false |
| SMTP_HOST | The host. Required if SMTP_ENABLED is true | false |
| SMTP_ENABLED | Whether to send mail | false |
"""


def test_required_if_naming_a_variable_the_section_lacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = _parse(MISSING_CONDITION_VARIABLE)
    dv108 = _codes(result.diagnostics, "DV108")
    # SMTP_AUTH is documented, but in another section; SMTP_ENABLED is in the same section, so no finding.
    assert [(d.severity, d.line) for d in dv108] == [("warning", 11)]
    assert "SMTP_USER" in dv108[0].message and "SMTP_AUTH" in dv108[0].message
    assert "'Service'" in dv108[0].message
    assert dv108[0].column == MISSING_CONDITION_VARIABLE.splitlines()[10].index("The user") + 1
    service = result.document.sections[1]
    user = service.variable("SMTP_USER")
    assert user is not None and user.required_if is not None
    assert (user.required_if.variable, user.required_if.values) == ("SMTP_AUTH", ("true",))
    assert main(["lint", _write(tmp_path, MISSING_CONDITION_VARIABLE)]) == 0
    assert "DV108 warning" in capsys.readouterr().out


def test_a_default_naming_another_documented_variable_is_a_reference(tmp_path: Path) -> None:
    doc = ("## App\n\n| Variable | Description | Default |\n| --- | --- | --- |\n"
           "| OPENAI_API_KEY | The API key | |\n"
           "| EMBEDDING_API_KEY | Key for embeddings; if unset, OPENAI_API_KEY is used | `OPENAI_API_KEY` |\n")
    result = parse_document(doc, "doc.md")
    var = result.document.sections[0].variables[1]
    assert (var.default, var.default_ref) == (None, "OPENAI_API_KEY")


def test_names_the_outputs_must_change_are_reported_by_lint(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("## App\n\n| Variable | Description |\n| --- | --- |\n| MAX_MB | a |\n| max_mb | b |\n"
                   "| FROM | c |\n")
    assert main(["lint", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "doc.md:6:3: DV201 warning: max_mb would be the Python field 'max_mb'" in out
    assert "it is 'max_mb_2'" in out
    assert "doc.md:6:3: DV202 warning: max_mb would take a Helm values key" in out and "it is maxMb2" in out
