"""The shapes real docs use (issue: real-world pages), each with a small doc written for the test."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from docenv.generate.parse import parse_document
from docenv.read.builder import ParseResult
from docenv.cli import main
from docenv.model.document import Variable

from .conftest import generate_into, import_generated


def parse(text: str, **options: Any) -> ParseResult:
    return parse_document(textwrap.dedent(text).lstrip(), "doc.md", **options)


def variables(result: ParseResult) -> dict[str, Variable]:
    return {v.name: v for s in result.document.sections for v in s.every_variable}


def codes(result: ParseResult, code: str) -> list[str]:
    return [f"{d.line}:{d.severity}:{d.message}" for d in result.diagnostics if d.code == code]


def generate(tmp_path: Path, text: str, package: str, *extra: str) -> Any:
    doc = tmp_path / "doc.md"
    doc.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["generate", str(doc), "--out", str(out), "--package", package, "--quiet", *extra]) == 0
    return import_generated(out, package)


# ---- 1. prose glued to a table --------------------------------------------------------

GLUED = """
    ## App

    | Variable | Description | Default |
    | --- | --- | --- |
    | `APP_PORT` | Port the app listens on, | `8080` |
    and also the health checks.
    | `APP_HOST` | Host to bind. | `0.0.0.0` |
    \\*1: Only when running in Docker.
    """


def test_prose_glued_under_a_row_continues_its_description_or_is_dropped() -> None:
    result = parse(GLUED)
    found = variables(result)
    assert list(found) == ["APP_PORT", "APP_HOST"]
    assert found["APP_PORT"].description == "Port the app listens on, and also the health checks."
    assert found["APP_HOST"].description == "Host to bind."
    glued = codes(result, "DV006")
    assert len(glued) == 2 and all(":info:" in g for g in glued)
    assert "appended" in glued[0] and "ignored" in glued[1]
    assert not codes(result, "DV003") and not codes(result, "DV101")
    assert result.variable_rows == 2


# ---- 2. templated names ---------------------------------------------------------------

FAMILIES = """
    ## Storage

    | Variable | Description | Default |
    | --- | --- | --- |
    | `STORAGE_LOCATIONS` | A comma-separated list of storage locations. | `local` |
    | `STORAGE_<LOCATION>_DRIVER` | Which driver to use, either `local` or `s3`. | |
    | `STORAGE_<LOCATION>_ROOT` | Where to store the files on disk. | `/data` |
    | `STORAGE_<LOCATION>_MAX_MB` | Largest upload, in MB. | `10` |
    | `STORAGE_<LOCATION>_SECRET` | Access secret. | |
    | `OIDC_{PROVIDER}_CLIENT_ID` | Client id given by the provider. | |
    | `OIDC_*_TIMEOUT` | Timeout in ms. | `500` |
    """


def test_templated_names_are_pattern_variables_grouped_into_families() -> None:
    result = parse(FAMILIES)
    section = result.document.sections[0]
    assert [v.name for v in section.variables] == ["STORAGE_LOCATIONS"]
    storage, oidc = section.families
    assert (storage.prefix, storage.placeholder, storage.keys_variable) == ("STORAGE_", "LOCATION", "STORAGE_LOCATIONS")
    assert [storage.suffix(m) for m in storage.members] == ["_DRIVER", "_ROOT", "_MAX_MB", "_SECRET"]
    assert storage.members[0].type == "enum" and storage.members[2].type == "int"
    assert storage.members[3].secret
    # `*` takes the placeholder the family's other member names.
    assert (oidc.prefix, oidc.placeholder, oidc.keys_variable) == ("OIDC_", "PROVIDER", None)
    assert [m.name for m in oidc.members] == ["OIDC_<PROVIDER>_CLIENT_ID", "OIDC_<PROVIDER>_TIMEOUT"]
    assert result.document.variable_count == 7 == result.variable_rows
    assert not [d for d in result.diagnostics if d.severity != "info"]


def test_families_are_generated_as_typed_validated_mappings(tmp_path: Path) -> None:
    package = generate(tmp_path, FAMILIES, "families_config")
    cls = package.StorageConfig
    cfg = cls.from_env({"STORAGE_LOCATIONS": "local, s3", "STORAGE_S3_DRIVER": "s3", "STORAGE_S3_MAX_MB": "25",
                        "STORAGE_S3_SECRET": "k3y", "OIDC_GOOGLE_CLIENT_ID": "abc", "OIDC_MY_IDP_TIMEOUT": "7"})
    assert set(cfg.storage) == {"local", "s3"}
    assert cfg.storage["local"].root == "/data" and cfg.storage["local"].driver is None
    assert cfg.storage["s3"].max_mb == 25 and cfg.storage["s3"].secret.reveal() == "k3y"
    assert {k: (v.client_id, v.timeout) for k, v in cfg.oidc.items()} == {"google": ("abc", 500), "my_idp": (None, 7)}
    assert cls.from_env(cfg.to_env()) == cfg
    # Only the keys STORAGE_LOCATIONS lists are read; the default lists `local`.
    assert set(cls.from_env({"STORAGE_OTHER_ROOT": "/x"}).storage) == {"local"}
    with pytest.raises(package.ConfigError) as error:
        cls.from_env({"STORAGE_LOCATIONS": "s3", "STORAGE_S3_DRIVER": "ftp", "OIDC_X_TIMEOUT": "soon"})
    shown = str(error.value)
    assert "STORAGE_S3_DRIVER (line 6): 'ftp' is not one of: local, s3" in shown
    assert "OIDC_X_TIMEOUT (line 11): 'soon' is not an integer" in shown


# ---- 3. _FILE twins -------------------------------------------------------------------

TWINS = """
    ## Database

    | Variable | Description | Default |
    | --- | --- | --- |
    | `DB_HOST` | Database host. | `db` |
    | `DB_PORT` | Database port. | `5432` |
    | `DB_PASSWORD` | Database password. | |
    | `API_TOKEN` | Token for the API. | |

    ## Docker secrets

    | Regular variable | Equivalent `_FILE` variable |
    | --- | --- |
    | `DB_PASSWORD` | `DB_PASSWORD_FILE` |
    | `DB_PORT` | `DB_PORT_FILE` |
    """


def test_a_table_of_file_twins_adds_each_twin_to_its_variable() -> None:
    result = parse(TWINS)
    found = variables(result)
    # Six rows name variables, but the two twin rows add no variable of their own.
    assert result.variable_rows == 6 and result.document.variable_count == 4
    assert found["DB_PASSWORD"].file_twin == "DB_PASSWORD_FILE" and found["DB_PORT"].file_twin == "DB_PORT_FILE"
    assert found["API_TOKEN"].file_twin is None
    assert [s.id for s in result.document.sections] == ["database"]


def test_the_file_twins_setting_gives_every_secret_a_twin() -> None:
    found = variables(parse(TWINS, file_twins=True))
    assert found["API_TOKEN"].file_twin == "API_TOKEN_FILE"
    assert found["DB_HOST"].file_twin is None  # not a secret


def test_generated_code_reads_the_twin_file_and_never_shows_its_contents(tmp_path: Path) -> None:
    package = generate(tmp_path, TWINS, "twins_config")
    cls = package.DatabaseConfig
    secret = tmp_path / "password"
    secret.write_text("s3cr3t\n", encoding="utf-8")
    port = tmp_path / "port"
    port.write_text("not-a-port\n", encoding="utf-8")
    cfg = cls.from_env({"DB_PASSWORD_FILE": str(secret)})
    assert cfg.db_password.reveal() == "s3cr3t"  # the trailing newline is stripped
    assert cls.from_env({"DB_PASSWORD": "x"}).db_password.reveal() == "x"
    error_type = package.ConfigError
    with pytest.raises(error_type) as error:
        cls.from_env({"DB_PASSWORD": "x", "DB_PASSWORD_FILE": str(secret), "DB_PORT_FILE": str(port)})
    shown = str(error.value)
    assert "DB_PASSWORD (line 7): is set, and so is DB_PASSWORD_FILE; set one or the other" in shown
    assert f"DB_PORT (line 6): the value in {port} is not an integer" in shown
    assert "not-a-port" not in shown and "s3cr3t" not in shown
    with pytest.raises(error_type, match="DB_PASSWORD_FILE names .*, which cannot be read"):
        cls.from_env({"DB_PASSWORD_FILE": str(tmp_path / "missing")})


# ---- 4. duplicates --------------------------------------------------------------------

def test_a_repeated_entry_that_agrees_merges_with_an_info() -> None:
    result = parse("""
        ## App

        | Variable | Description | Default |
        | --- | --- | --- |
        | `APP_PORT` | Port to listen on. | `8080` |
        | `APP_PORT` | Port to listen on. | |
        """)
    assert variables(result)["APP_PORT"].default == 8080
    assert [c.split(":")[1] for c in codes(result, "DV102")] == ["info"]
    assert not codes(result, "DV103")


def test_a_copied_row_whose_name_was_not_changed_is_an_error_naming_both_lines(tmp_path: Path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    text = """
        ## App

        | Variable | Description | Default |
        | --- | --- | --- |
        | `APP_HOST` | Host to bind. | `0.0.0.0` |
        | `APP_HOST` | Port to listen on. | `8080` |
        """
    (error,) = codes(parse(text), "DV103")
    assert "lines 5 and 6" in error and "default" in error and "description" in error
    doc = tmp_path / "doc.md"
    doc.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    assert main(["generate", str(doc), "--out", str(tmp_path / "out")]) == 2  # refused: nothing written
    assert not (tmp_path / "out").exists()
    assert "lines 5 and 6" in capsys.readouterr().err


def test_one_setting_described_under_two_sub_headings_merges_without_the_default_it_lacks_under_one() -> None:
    result = parse("""
        ## Storage

        ### S3

        | Variable | Description | Default |
        | --- | --- | --- |
        | `STORE_ENDPOINT` | S3 endpoint. | `s3.amazonaws.com` |
        | `STORE_BUCKET` | S3 bucket. | |

        ### Azure

        | Variable | Description | Default |
        | --- | --- | --- |
        | `STORE_ENDPOINT` | Azure URL. | |
        | `STORE_BUCKET` | Azure container. | |
        """, section_level=2)
    found = variables(result)
    assert found["STORE_ENDPOINT"].default is None
    assert found["STORE_ENDPOINT"].description == "S3: S3 endpoint.\nAzure: Azure URL."
    (warning,) = codes(result, "DV115")
    assert "'S3' (line 7)" in warning and "'Azure' (line 14)" in warning and "no default" in warning
    assert len(codes(result, "DV102")) == 1 and not codes(result, "DV103")


# ---- 5. section level -----------------------------------------------------------------

def test_tables_all_under_level_three_headings_of_one_level_two_heading_are_sections() -> None:
    result = parse("""
        # Backend

        ## API environment variables

        ### General

        | Variables | Default | Description |
        | --- | --- | --- |
        | PUID | 911 | User id |

        ### Database

        | Variables | Default | Description |
        | --- | --- | --- |
        | DB_ENGINE | sqlite | Engine |
        """)
    assert [s.id for s in result.document.sections] == ["general", "database"]
    assert [s.id for s in parse_document(textwrap.dedent("""
        ## A

        | Variable | Description |
        | --- | --- |
        | `X` | x |
        """), "doc.md").document.sections] == ["a"]


EDITIONS = """
    # {first}

    ## Environment variables

    | Variable | Description |
    | --- | --- |
    | `A_{n}` | a |

    # Enterprise edition

    ## Environment variables

    | Variable | Description |
    | --- | --- |
    | `B_X` | b |
    """


def test_a_reference_repeated_for_two_editions_keeps_unique_ids_that_do_not_depend_on_order() -> None:
    ids = [s.id for s in parse(EDITIONS.format(first="Community edition", n=1)).document.sections]
    assert ids == ["community_edition_environment_variables", "enterprise_edition_environment_variables"]
    reordered = [s.id for s in parse(EDITIONS.format(first="Cloud edition", n=2)).document.sections]
    assert reordered[1] == ids[1]


# ---- 7. headers -----------------------------------------------------------------------

def test_the_variable_column_is_found_by_meaning_beside_other_spellings_of_the_setting() -> None:
    result = parse("""
        ## Server

        | Config key | Env var | CLI flag | Format | Since | Required / Default | Possible values | |
        | --- | --- | --- | --- | --- | --- | --- | --- |
        | `server.port` | `SERVER_PORT` | `--port` | Number | v1.2 | `8080` | | ✓ |
        | `server.mode` | `SERVER_MODE` | `--mode` | String | | Required | `dev`, `prod` | |
        | `log.level` | `LOG_LEVEL` | | String | v2.0 | Optional, defaults to `info` | | |
        """)
    found = variables(result)
    port, mode, level = found["SERVER_PORT"], found["SERVER_MODE"], found["LOG_LEVEL"]
    assert port.spellings == (("config key", "server.port"), ("cli flag", "--port"))
    assert (port.type, port.default, port.since, port.required) == ("int", 8080, "v1.2", False)
    assert (mode.type, mode.required, mode.default) == ("str", True, None)
    assert (level.default, level.since, level.spellings) == ("info", "v2.0", (("config key", "log.level"),))
    assert not codes(result, "DV002")


def test_every_header_that_means_the_variable_is_understood() -> None:
    for header in ("Environment", "Env var", "As an env var", "Env variable", "Environment Variable", "Name", "Key"):
        result = parse(f"""
            ## S

            | Description | {header} |
            | --- | --- |
            | The port. | `APP_PORT` |
            """)
        assert list(variables(result)) == ["APP_PORT"], header


def test_a_possible_values_column_makes_an_enum() -> None:
    found = variables(parse("""
        ## S

        | Name | Possible values | Description |
        | --- | --- | --- |
        | `LOG_FORMAT` | `text`, `json` | Format of the logs. |
        """))
    assert (found["LOG_FORMAT"].type, found["LOG_FORMAT"].choices) == ("enum", ("text", "json"))


# ---- 8. cells -------------------------------------------------------------------------

CELLS = """
    ⚠️ = required. Rows marked ❗ are deprecated.

    ## App

    | Name | Default | Description |
    | --- | --- | --- |
    | **Secrets** | | |
    | **`APP_KEY`** ⚠️ | | Key used to sign sessions. |
    | ``DB_URL``[^1] | `postgres://db`<sup>*1</sup> | Database URL. |
    | APP\\_MODE :octicons-tag-24: v2.0.0 | **`prod`** (e.g. `dev`) | Mode. |
    | `HTTP_PROXY`, `HTTPS_PROXY` | | Proxy for outgoing requests. |
    | | | A row with no name. |
    | Not available | | Set in the config file only. |
    | `OLD_FLAG` | | ❗ Old switch. |
    """


def test_name_and_default_cells_are_read_through_their_markup() -> None:
    result = parse(CELLS)
    found = variables(result)
    assert list(found) == ["APP_KEY", "DB_URL", "APP_MODE", "HTTP_PROXY", "OLD_FLAG"]
    assert found["APP_KEY"].required and found["APP_KEY"].group == "Secrets"
    assert found["DB_URL"].default == "postgres://db"
    assert (found["APP_MODE"].default, found["APP_MODE"].since) == ("prod", "v2.0.0")
    assert found["HTTP_PROXY"].aliases == ("HTTPS_PROXY",)
    assert found["OLD_FLAG"].description == "Old switch." and not found["OLD_FLAG"].required
    assert len(codes(result, "DV114")) == 2
    assert not codes(result, "DV117") and not codes(result, "DV101")


def test_a_marker_no_legend_explains_is_reported() -> None:
    result = parse("""
        ## App

        | Name | Description |
        | --- | --- |
        | `APP_KEY` 🔑 | The key. |
        """)
    (warning,) = codes(result, "DV117")
    assert "'🔑'" in warning
    assert not variables(result)["APP_KEY"].required


def test_aliases_are_accepted_and_two_set_differently_are_an_error(tmp_path: Path) -> None:
    package = generate(tmp_path, CELLS, "cells_config")
    cls = package.AppConfig
    assert cls.from_env({"APP_KEY": "k", "HTTPS_PROXY": "http://p"}).http_proxy == "http://p"
    assert cls.from_env({"APP_KEY": "k", "HTTP_PROXY": "http://p", "HTTPS_PROXY": "http://p"}).http_proxy == "http://p"
    with pytest.raises(package.ConfigError, match="HTTP_PROXY and HTTPS_PROXY are set to different values"):
        cls.from_env({"APP_KEY": "k", "HTTP_PROXY": "http://a", "HTTPS_PROXY": "http://b"})
    with pytest.raises(package.ConfigError, match="APP_KEY .*is required"):
        cls.from_env({})


@pytest.mark.parametrize(("cell", "description", "required", "condition", "kept"), [
    ("Yes when using S3", "The bucket.", False, None, "Yes when using S3"),
    ("*Read description*", "The bucket. Required if STORE is `s3`.", False, ("STORE", ("s3",)), "Read description"),
    ("Not set", "The bucket.", False, None, None),
    ("Required if STORE is `s3`", "The bucket.", False, ("STORE", ("s3",)), "Required if STORE is s3"),
    ("Yes", "The bucket.", True, None, None),
])
def test_free_text_required_cells_are_kept_and_mapped(cell: str, description: str, required: bool,
                                                      condition: tuple[str, tuple[str, ...]] | None,
                                                      kept: str | None) -> None:
    found = variables(parse(f"""
        ## S

        | Name | Required | Description |
        | --- | --- | --- |
        | `STORE` | No | Where to store. |
        | `BUCKET` | {cell} | {description} |
        """))
    bucket = found["BUCKET"]
    assert bucket.required == required
    cond = bucket.required_if
    assert ((cond.variable, cond.values) if cond else None) == condition
    assert bucket.required_text == kept


# ---- 9. tables in other clothes: rows cut short --------------------------------------------

def test_rows_cut_short_or_missing_their_last_pipe_are_read_with_a_warning() -> None:
    result = parse("""
        ## S

        | Name | Default | Description |
        | --- | --- | --- |
        | `A_ONE` | `1` | First.
        | `A_TWO` | `2` |
        | `A_THREE`
        """)
    found = variables(result)
    assert [(v.name, v.default) for v in found.values()] == [("A_ONE", 1), ("A_TWO", 2), ("A_THREE", None)]
    cut = codes(result, "DV003")
    assert len(cut) == 2 and all("cut short" in c for c in cut)


# ---- 10. tables that document no variables ---------------------------------------------

def test_tables_of_ports_or_drivers_are_skipped_even_with_a_variable_in_a_header() -> None:
    result = parse("""
        ## S

        | Name | Port |
        | --- | --- |
        | web | 80 |
        | api | 8080 |

        | Storage driver | `CHUNK_SIZE` restriction |
        | --- | --- |
        | gcs | power of 2 |

        | Variable | Description |
        | --- | --- |
        | `APP_PORT` | Port. |
        """)
    assert list(variables(result)) == ["APP_PORT"]
    assert len(codes(result, "DV004")) == 1 and len(codes(result, "DV001")) == 1
    assert result.variable_rows == 1


def test_a_templated_name_outside_backticks_keeps_the_placeholder_markdown_reads_as_html() -> None:
    result = parse("""
        ## S

        | Name | Description |
        | --- | --- |
        | APP_<REGION>_NAME | The name per region. |
        | APP\\_MODE | The mode. |
        """)
    (family,) = result.document.sections[0].families
    assert [m.name for m in family.members] == ["APP_<REGION>_NAME"]
    assert [v.name for v in result.document.sections[0].variables] == ["APP_MODE"]


# ---- 6 and 9. wrappers and HTML tables, through to the model ---------------------------------

def test_tables_inside_wrappers_and_html_tables_document_variables() -> None:
    result = parse("""
        ---
        title: Wrapped
        ---

        --8<-- "snippets/intro.md"

        ## Server <Badge type="tip" text="v2" />

        :::note Tuning
        | Variable | Description |
        | --- | --- |
        | `SERVER_THREADS` | Worker threads. |
        :::

        <details>
        <summary>More</summary>
        | Variable | Default |
        | --- | --- |
        | `SERVER_DEBUG` | `false` |
        </details>

        <Tabs>
        <TabItem value="a">

        <table>
          <tr><th>Name</th><th>Default</th></tr>
          <tr><td><code>SERVER_PORT</code></td><td><code>8080</code></td></tr>
        </table>

        </TabItem>
        </Tabs>
        """)
    (section,) = result.document.sections
    assert section.title == "Server"
    found = {v.name: v for v in section.variables}
    assert list(found) == ["SERVER_THREADS", "SERVER_DEBUG", "SERVER_PORT"]
    assert (found["SERVER_DEBUG"].type, found["SERVER_DEBUG"].default) == ("bool", False)
    assert (found["SERVER_PORT"].default, found["SERVER_PORT"].line) == (8080, 27)
    notices = codes(result, "DV005")
    assert any("snippet" in n for n in notices) and any(":::note" in n for n in notices)
    assert all(":info:" in n for n in notices)


# ---- headers that say it differently (issue 16) ------------------------------------------

CONFIG_KEY_TABLES = """
    # Svc

    ## Server

    | Setting | As an environment variable | Purpose |
    | --- | --- | --- |
    | `server.port` | `SERVER_PORT` | Port to listen on |
    | `hook.target` | `HOOK_TARGET` | URL that receives the webhook calls |
    | `feature.beta` | `FEATURE_BETA` | Accepted values: yes or no |

    ## Worker

    | Option | Env | Notes |
    | --- | --- | --- |
    | `worker.queue` | `WORKER_QUEUE` | Queue to read. Supported values: `fast`, `slow` |

    ## Logs

    | Key | Setting | Purpose |
    | --- | --- | --- |
    | `log.level` | `LOG_LEVEL` | Accepted values: debug, info or warn |
    | `log.sink` | `LOG_SINK` | The collector URL to send logs to |
    | `log.tag` | | Config file only |
    """


@pytest.mark.parametrize("header", ["As an environment variable", "As environment variable", "Env name",
                                    "Env var name", "Environment variable name", "Env key", "Environment key"])
def test_a_variable_header_in_other_words(header: str) -> None:
    result = parse(f"""
        | Config key | {header} | Purpose |
        | --- | --- | --- |
        | `a.b` | `APP_B` | Something |
        """)
    found = variables(result)
    assert list(found) == ["APP_B"] and found["APP_B"].description == "Something"
    assert found["APP_B"].spellings == (("config key", "a.b"),)
    assert not codes(result, "DV007") and not codes(result, "DV002")


def test_config_key_first_then_the_variable_under_env_setting_or_as_an_environment_variable() -> None:
    result = parse(CONFIG_KEY_TABLES)
    found = variables(result)
    assert list(found) == ["SERVER_PORT", "HOOK_TARGET", "FEATURE_BETA", "WORKER_QUEUE", "LOG_LEVEL", "LOG_SINK"]
    assert found["SERVER_PORT"].type == "int" and found["SERVER_PORT"].description == "Port to listen on"
    assert found["WORKER_QUEUE"].description.startswith("Queue to read")  # "Notes" is the description
    # "Key" heads config keys, "Setting" the names: the cells decide, and lint says so.
    assert found["LOG_LEVEL"].spellings == (("config key", "log.level"),)
    [taken] = codes(result, "DV007")
    line = textwrap.dedent(CONFIG_KEY_TABLES).lstrip().splitlines().index("| Key | Setting | Purpose |") + 1
    assert taken.startswith(f"{line}:info:")
    assert "the 'Key' column holds no environment-variable names; the 'Setting' column was taken" in taken


def test_prose_types_url_that_and_accepted_or_supported_values() -> None:
    found = variables(parse(CONFIG_KEY_TABLES))
    assert found["HOOK_TARGET"].type == "url" and found["LOG_SINK"].type == "url"
    assert (found["FEATURE_BETA"].type, found["FEATURE_BETA"].choices) == ("enum", ("yes", "no"))
    assert found["LOG_LEVEL"].choices == ("debug", "info", "warn")
    assert found["WORKER_QUEUE"].choices == ("fast", "slow")
    # A list whose items are drawn from choices stays a list.
    listed = variables(parse("""
        | Variable | Description |
        | --- | --- |
        | `WORKERS` | Comma separated list of workers to run. Valid values: crawler, search |
        """))["WORKERS"]
    assert (listed.type, listed.separator) == ("list[str]", ",")


NO_HEADER = """
    ## Cache

    | Thing | What it does |
    | --- | --- |
    | `CACHE_TTL_SECONDS` | Seconds to keep an entry |
    | `CACHE_DIR` | Where entries live |
    | **Tuning** | |
    | CACHE_MODE | Accepted values: `lru` or `fifo` |
    """


def test_no_header_names_the_variable_column_the_cells_do(tmp_path: Path) -> None:
    result = parse(NO_HEADER)
    found = variables(result)
    assert list(found) == ["CACHE_TTL_SECONDS", "CACHE_DIR", "CACHE_MODE"]
    assert found["CACHE_MODE"].choices == ("lru", "fifo") and found["CACHE_MODE"].group == "Tuning"
    [taken] = codes(result, "DV007")
    assert taken == ("3:info:no header names the variable column; the 'Thing' column was taken because 3 of its 4 "
                     "filled cells are each one environment-variable name")
    # explain shows the same reason; the generated class reads the variables.
    doc = tmp_path / "doc.md"
    doc.write_text(textwrap.dedent(NO_HEADER).lstrip())
    assert main(["explain", "CACHE_DIR", "--doc", str(doc)]) == 0
    module = generate(tmp_path, NO_HEADER, "nohdr_config")
    config = module.CacheConfig.from_env({"CACHE_MODE": "fifo", "CACHE_TTL_SECONDS": "30"})
    assert (config.cache_mode, config.cache_ttl_seconds) == ("fifo", 30)


@pytest.mark.parametrize("rows", [
    "| `APP_PORT` | One name is not enough |\n| x | y |",  # a single name
    "| 8080 | http |\n| 9090 | metrics |",  # ports, not names
    "| `APP_A` | a |\n| `b.c` | b |\n| `d.e` | c |",  # one in three
])
def test_cells_that_are_not_mostly_names_leave_the_table_unread(rows: str) -> None:
    result = parse("| Variable |\n| --- |\n| `KEPT` |\n\n| Thing | What |\n| --- | --- |\n" + rows + "\n")
    assert list(variables(result)) == ["KEPT"] and not codes(result, "DV007") and codes(result, "DV001")
