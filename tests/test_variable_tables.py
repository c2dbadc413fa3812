"""Only tables that document variables are read (issue: read only the tables that document variables).

`fixtures/mixed_tables.md` is an operator's page: three variable tables (one under a `Variable` header, one
under a generic `Name` header, one with no variable header at all) among fifteen kinds of tables whose cells
look like variable names but are not: log levels, ports, HTTP methods, HTTP status codes, error codes,
database drivers, file paths, renamed names, roles, an editions matrix, CLI flags, an enum's values,
keyboard keys, deployment environments and service accounts.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from docenv.cli import main
from docenv.generate.parse import parse_document
from docenv.read.builder import ParseResult

FIXTURE = Path(__file__).parent / "fixtures" / "mixed_tables.md"

REAL = ["RELAY_HOST", "RELAY_PORT", "RELAY_LOG_LEVEL", "RELAY_SIGNING_KEY", "STORAGE_DRIVER", "STORAGE_DSN",
        "STORAGE_POOL_SIZE", "ACCESS_ADMIN_TOKEN", "ACCESS_ALLOWED_CIDRS"]

# The header row of each table that documents no variables -> the finding that says it was skipped.
NOT_VARIABLES = {
    "| Level | Meaning": "DV008",  # log levels: TRACE, DEBUG...
    "| Port | Protocol | Purpose": "DV008",  # TCP twice, UDP
    "| Method | Path | What it does": "DV008",  # GET twice, POST, DELETE
    "| Code | Meaning": "DV001",  # HTTP status codes: no names at all
    "| Status              | Meaning": "DV008",  # NOT_FOUND, QUEUE_FULL: upper case with underscores
    "| Engine     | Driver value | Notes": "DV008",  # PG, MYSQL, SQLITE
    "| Path                          | Purpose": "DV001",  # file paths
    "| Deprecated           | Replacement": "DV008",  # renamed names
    "| Role   | Permissions": "DV008",  # ADMIN, EDITOR, VIEWER
    "| Feature        | COMMUNITY | ENTERPRISE": "DV008",  # an editions matrix: SSO, AUDIT_LOG; YES, NO
    "| Flag           | Description": "DV001",  # --config, --dry-run
    "| Value   | Effect": "DV008",  # an enum's values: RETRY, DROP, PARK
    "| Key | Action": "DV008",  # keyboard keys under a generic header: ESC, TAB, F5
    "| Environment | URL": "DV004",  # deployment environments under a variable-ish header
    "| Account       | Scope": "DV008",  # service accounts sharing the doc's RELAY_ prefix
}


def _parse(text: str) -> ParseResult:
    return parse_document(textwrap.dedent(text).lstrip(), "doc.md")


def _names(result: ParseResult) -> list[str]:
    return [v.name for s in result.document.sections for v in s.every_variable]


def _line_of(text: str, start: str) -> int:
    """The line of the table whose header starts as `start` does (spacing aside)."""
    wanted = " ".join(start.split())
    return next(i for i, line in enumerate(text.splitlines(), 1) if " ".join(line.split()).startswith(wanted))


def test_the_page_reads_exactly_its_real_variables() -> None:
    result = parse_document(FIXTURE.read_text(encoding="utf-8"), "mixed_tables.md")
    assert _names(result) == REAL
    assert [s.title for s in result.document.sections] == ["Server", "Storage", "Access"]
    assert result.tables == 3 + len(NOT_VARIABLES) and len(NOT_VARIABLES) >= 12
    assert [d for d in result.diagnostics if d.severity != "info"] == []  # no DV103 from the ports table


def test_every_table_that_is_not_about_variables_is_skipped_with_a_finding_at_its_line() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    result = parse_document(text, "mixed_tables.md")
    skipped = {(d.line, d.code) for d in result.diagnostics if d.code in ("DV001", "DV004", "DV008")}
    expected = {(_line_of(text, header), code) for header, code in NOT_VARIABLES.items()}
    assert skipped == expected
    assert all(d.severity == "info" for d in result.diagnostics if d.code == "DV008")
    notes = {n.line: n for n in result.table_notes}
    assert [n.read for n in result.table_notes].count(True) == 3
    assert all(not notes[line].read for line, _ in expected)


def test_a_skipped_candidate_says_why_and_what_would_make_docenv_read_it() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    result = parse_document(text, "mixed_tables.md")
    by_line = {d.line: d for d in result.diagnostics if d.code == "DV008"}
    levels = by_line[_line_of(text, "| Level | Meaning")]
    assert "(TRACE, DEBUG, INFO, WARN, ERROR)" in levels.message
    assert "the header 'Level' names something other than variables" in levels.message
    assert levels.message.endswith("If they are variables, head that column 'Variable'")
    ports = by_line[_line_of(text, "| Port | Protocol")]
    assert "TCP appears twice" in ports.message and ports.column == 10  # the Protocol header cell
    keys = by_line[_line_of(text, "| Key | Action")]
    assert "no column beside it is headed Description, Default, Required or Type" in keys.message
    assert "single words" in keys.message
    renames = by_line[_line_of(text, "| Deprecated ")]
    assert "maps old names to new ones" in renames.message


def test_explain_lists_every_table_read_or_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--doc", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{FIXTURE}: 18 table(s), 3 read as variables, 15 skipped\n")
    assert "  line 9     read     Variable | Description | Required | Default\n" in out
    assert "the 'Variable' header names the variable column" in out
    assert "  line 20    skipped  Level | Meaning\n" in out
    assert "no header names the variable column; the 'Thing' column was taken" in out
    assert out.count(" skipped  ") == 15


def test_the_page_generates_with_only_its_real_variables(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(FIXTURE), "--out", str(out), "--name", "relay", "--quiet"]) == 0
    written = "".join(p.read_text() for p in sorted((out / "relay" / "env").glob("*.env.example")))
    names = [line.lstrip("# ").split("=")[0] for line in written.splitlines() if "=" in line]
    assert sorted(names) == sorted(REAL)


# ---- the evidence, one fact at a time ------------------------------------------------------------


def test_a_column_without_a_variable_header_needs_names_that_share_a_prefix() -> None:
    base = """
        | Variable | Description |
        | --- | --- |
        | `QUEUE_URL` | Where the queue is. |

        | Thing | Description |
        | --- | --- |
        {rows}
        """
    shared = _parse(base.format(rows="| `QUEUE_DEPTH` | Depth. |\n        | `WORKER_COUNT` | Workers. |"))
    assert _names(shared) == ["QUEUE_URL", "QUEUE_DEPTH", "WORKER_COUNT"]  # half share the doc's QUEUE_
    unrelated = _parse(base.format(rows="| `ALPHA_ONE` | One. |\n        | `BETA_TWO` | Two. |"))
    assert _names(unrelated) == ["QUEUE_URL"]
    [why] = [d.message for d in unrelated.diagnostics if d.code == "DV008"]
    assert "they share no prefix with each other or with the doc's variables" in why


def test_a_generic_header_over_single_words_needs_a_required_default_or_type_column() -> None:
    described = _parse("""
        | Variable | Description |
        | --- | --- |
        | `APP_ONE` | One. |

        | Name | Description |
        | --- | --- |
        | TRACE | Everything. |
        | DEBUG | Decisions. |
        """)
    with_defaults = _parse("""
        | Name | Default | Description |
        | --- | --- | --- |
        | PORT | 8080 | Port. |
        | HOST | | Host. |
        | `APP_MODE` | | Mode. |
        """)
    assert _names(described) == ["APP_ONE"]
    assert _names(with_defaults) == ["PORT", "HOST", "APP_MODE"]


def test_names_documented_twice_in_one_column_are_not_a_variable_table() -> None:
    result = _parse("""
        | Variable | Description |
        | --- | --- |
        | `APP_ONE` | One. |

        | Setting | Description |
        | --- | --- |
        | `APP_MODE` | Fast. |
        | `APP_MODE` | Slow. |
        """)
    assert _names(result) == ["APP_ONE"]
    assert not [d for d in result.diagnostics if d.code == "DV103"]


def test_an_environment_header_over_environment_names_is_still_read() -> None:
    result = _parse("""
        | Environment | Description |
        | --- | --- |
        | `APP_PORT` | Port. |
        | lowercase_name | A variable spelled in lower case. |
        """)
    assert _names(result) == ["APP_PORT", "lowercase_name"]


def test_a_doc_with_only_a_near_miss_says_which_table_came_closest(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "levels.md"
    doc.write_text("| Level | Meaning |\n| --- | --- |\n| TRACE | All. |\n| DEBUG | Some. |\n", encoding="utf-8")
    assert main(["lint", str(doc)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{doc}: has tables, but none that documents environment variables")
    assert "; line 1: not read as variables: the 'Level' column holds upper-case words (TRACE, DEBUG)" in err
    assert err.count("\n") == 1 and "Traceback" not in err
