"""The Go and JavaScript readers of `docenv scan`: the fixtures read exactly, each rule, hostile text.

Offsets are checked exactly: a resolved read starts where its name is written (inside the quotes,
at the struct tag's name, at the viper key, at the identifier a constant resolves), an unresolved
read where its expression starts.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docenv.scan import go_reads, go_structs, js_reads
from docenv.scan.found import READ, Found
from docenv.scan.lexing import Lines

from .conftest import FIXTURES

Find = Callable[[str], list[Found]]
Row = tuple[str, int, int, str, str]

SCAN_FIXTURES = FIXTURES / "scan"
READERS: dict[str, Find] = {"go": go_reads.find, "js": js_reads.find}
SUFFIXES = {"go": {".go"}, "js": {".js", ".mjs", ".ts", ".vue", ".svelte"}}


# ---- helpers


def expected_rows(language: str) -> set[Row]:
    with open(SCAN_FIXTURES / language / "expected.tsv", newline="", encoding="utf-8") as handle:
        return {
            (r["file"], int(r["line"]), int(r["column"]), r["name"], r["kind"])
            for r in csv.DictReader(handle, delimiter="\t")
        }


def found_rows(language: str) -> set[Row]:
    root = SCAN_FIXTURES / language
    rows = set()
    for path in sorted(root.rglob("*")):
        if path.suffix not in SUFFIXES[language]:
            continue
        text = path.read_text(encoding="utf-8")
        finds = READERS[language](text)
        assert [f.offset for f in finds] == sorted(f.offset for f in finds), path
        lines = Lines(text)
        for f in finds:
            line, column = lines.position(f.offset)
            rows.add((path.relative_to(root).as_posix(), line, column, f.name or "-", f.kind))
    if language == "go":  # struct tags: the files' facts, resolved together
        facts = [(path.relative_to(root).as_posix(), fact) for path in sorted(root.rglob("*.go"))
                 for fact in go_structs.facts(path.read_text(encoding="utf-8"),
                                              Lines(path.read_text(encoding="utf-8")).position)]
        rows |= {(p.path, p.line, p.column, p.name or "-", p.kind) for p in go_structs.resolve(facts)}
    return rows


def struct_reads(text: str) -> list[tuple[str | None, int, int]]:
    """(name, line, column) of what go_structs reads in one file."""
    facts = [("x.go", fact) for fact in go_structs.facts(text, Lines(text).position)]
    return [(p.name, p.line, p.column) for p in sorted(go_structs.resolve(facts), key=lambda p: (p.line, p.column))]


def go(text: str) -> list[tuple[str | None, int]]:
    return [(f.name, f.offset) for f in go_reads.find(text)]


def js(text: str) -> list[tuple[str | None, int]]:
    return [(f.name, f.offset) for f in js_reads.find(text)]


def at(text: str, needle: str, occurrence: int = 1) -> int:
    """Where the `occurrence`-th `needle` starts in `text`."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(needle, offset + 1)
    return offset


def expressions(find: Find, text: str) -> list[str]:
    return [f.expression for f in find(text)]


# ---- (a) the fixtures, exactly


@pytest.mark.parametrize("language", sorted(READERS))
def test_fixture_reads_are_exactly_the_expected_rows(language: str) -> None:
    want, got = expected_rows(language), found_rows(language)
    assert (sorted(got - want), sorted(want - got)) == ([], [])
    assert {row[4] for row in got} == {READ}
    assert any(row[3] == "-" for row in got), "the fixture holds unresolved reads"


def test_fixtures_hold_what_they_are_meant_to_test() -> None:
    """The negatives the fixtures were written for are in them, so the exact comparison tests them."""
    go_text = "".join(p.read_text() for p in (SCAN_FIXTURES / "go").rglob("*.go"))
    js_text = "".join(p.read_text() for p in (SCAN_FIXTURES / "js").rglob("*") if p.suffix in SUFFIXES["js"])
    for needle in ['os.Getenv("IN_COMMENT")', 'cmd.Flags().GetString("config")', 'envDefault:"8080"', 'env:"-"']:
        assert needle in go_text
    for needle in ["process.env.IN_STRING", "process.env.IN_COMMENT", "`it's up", "${process.env.UPSTREAM_URL}"]:
        assert needle in js_text
    assert {p.suffix for p in (SCAN_FIXTURES / "js").rglob("*")} >= {".ts", ".vue", ".svelte"}


# ---- (b) Go rules


@pytest.mark.parametrize(
    ("call", "name"),
    [
        ('os.Getenv("DATABASE_URL")', "DATABASE_URL"),
        ('os.LookupEnv("REDIS_HOST")', "REDIS_HOST"),
        ('syscall.Getenv("HOME")', "HOME"),
        ("os.Getenv(`RAW_NAME`)", "RAW_NAME"),
    ],
)
def test_go_getenv_literal_is_read_at_its_name(call: str, name: str) -> None:
    text = f"package main\n\nfunc main() {{\n\tv := {call}\n}}\n"
    assert go(text) == [(name, at(text, name))]
    assert expressions(go_reads.find, text) == [call]


def test_go_identifiers_bound_once_to_a_literal_are_resolved_at_the_identifier() -> None:
    text = (
        'const dbKey = "DB_HOST"\n'
        "const (\n"
        '\tportKey = "PORT"\n'
        '\thostKey string = "BIND_HOST"\n'
        ")\n"
        'var regionKey = "AWS_REGION"\n'
        "func f() {\n"
        '\ttoken := "API_TOKEN"\n'
        "\t_ = os.Getenv(dbKey) + os.Getenv(portKey) + os.Getenv(hostKey)\n"
        "\t_, _ = os.LookupEnv(regionKey)\n"
        "\t_ = syscall.Getenv(token)\n"
        "}\n"
    )
    assert go(text) == [
        ("DB_HOST", at(text, "dbKey)")),
        ("PORT", at(text, "portKey)")),
        ("BIND_HOST", at(text, "hostKey)")),
        ("AWS_REGION", at(text, "regionKey)")),
        ("API_TOKEN", at(text, "token)")),
    ]


def test_go_identifier_bound_twice_or_unknown_is_unresolved() -> None:
    text = 'var key = "A"\nfunc f(param string) {\n\tkey = "B"\n\t_ = os.Getenv(key)\n\t_ = os.Getenv(param)\n}\n'
    assert go(text) == [(None, at(text, "os.Getenv(key")), (None, at(text, "os.Getenv(param"))]
    assert expressions(go_reads.find, text) == ["os.Getenv(key)", "os.Getenv(param)"]


def test_go_built_name_is_unresolved_at_the_call_with_its_source_on_one_line() -> None:
    text = (
        'func f() {\n\t_ = os.Getenv(prefix + "_HOST")\n'
        '\t_ = os.Getenv(\n\t\tstrings.ToUpper(svc) +\n\t\t"_PORT",\n\t)\n}\n'
    )
    assert go(text) == [(None, at(text, "os.Getenv(prefix")), (None, at(text, "os.Getenv(\n"))]
    assert expressions(go_reads.find, text) == [
        'os.Getenv(prefix + "_HOST")',
        'os.Getenv( strings.ToUpper(svc) + "_PORT", )',
    ]


def test_go_constants_in_a_file_with_windows_line_endings() -> None:
    text = 'const dbKey = "DB_HOST"\r\nfunc f() {\r\n\t_ = os.Getenv(dbKey)\r\n}\r\n'
    assert go(text) == [("DB_HOST", at(text, "dbKey)"))]


@pytest.mark.parametrize(
    "line",
    [
        '// os.Getenv("IN_COMMENT")',
        '/* see os.Getenv("IN_BLOCK") */',
        'msg := "call os.Getenv(\\"IN_STRING\\")"',
        'doc := `os.Getenv("IN_RAW")`',
        'x := myos.Getenv("NOT_OS")',
        'x := cfg.os.Getenv("SELECTED")',
        'x := os.Getenv("")',
    ],
)
def test_go_non_reads(line: str) -> None:
    assert go(f"package main\n\nfunc f() {{\n\t{line}\n}}\n") == []


def test_go_rune_holding_a_quote_does_not_start_a_string() -> None:
    text = "q := '\"'; v := os.Getenv(\"AFTER_RUNE\") // '\n"
    assert go(text) == [("AFTER_RUNE", at(text, "AFTER_RUNE"))]


def test_go_struct_tags_name_variables_at_their_name() -> None:
    text = (
        "type Config struct {\n"
        '\tURL   string `env:"DATABASE_URL,required" envDefault:"postgres://localhost"`\n'
        '\tPort  int    `json:"port" env:"PORT" envDefault:"8080"`\n'
        '\tRedis string `envconfig:"REDIS_HOST" default:"localhost"`\n'
        '\tSub   Sub    `envPrefix:"SUB_"`\n'
        '\tSkip  string `env:"-"`\n'
        '\tEmpty string `env:""`\n'
        '\tOpts  string `env:",required"`\n'
        '\tOther string `myenv:"NOT_ENV" json:"env"`\n'
        "}\n"
    )
    assert go(text) == []  # os.Getenv and viper only: struct tags are go_structs'
    where = Lines(text).position
    assert struct_reads(text) == [("DATABASE_URL", *where(at(text, "DATABASE_URL"))),
                                  ("PORT", *where(at(text, 'PORT"'))), ("REDIS_HOST", *where(at(text, "REDIS_HOST")))]
    facts = [("x.go", fact) for fact in go_structs.facts(text, Lines(text).position)]
    assert sorted(p.expression for p in go_structs.resolve(facts)) == [
        'env:"DATABASE_URL,required"', 'env:"PORT"', 'envconfig:"REDIS_HOST"']


@pytest.mark.parametrize(
    "line",
    [
        '// Field string `env:"IN_COMMENT"`',
        's := "`env:\\"IN_STRING\\"`"',
        'help := `Set env:"IN_RAW_TEXT" in your shell`',
        'usage := `\nenv:"MULTI_LINE"\n`',
    ],
)
def test_go_tag_shaped_text_outside_struct_tags_is_not_read(line: str) -> None:
    assert go(f"package main\n\n{line}\n") == []
    assert struct_reads(f"package main\n\n{line}\n") == []


VIPER_METHODS = sorted(
    """Get GetString GetBool GetInt GetInt32 GetInt64 GetUint GetUint16 GetUint32 GetUint64 GetFloat64
    GetDuration GetTime GetStringSlice GetIntSlice GetStringMap GetStringMapString GetStringMapStringSlice
    GetSizeInBytes IsSet BindEnv""".split()
)


@pytest.mark.parametrize("method", VIPER_METHODS)
def test_go_viper_key_reads_its_automatic_env_name(method: str) -> None:
    text = f'func f() {{\n\t_ = viper.{method}("server.http-port")\n}}\n'
    assert go(text) == [("SERVER_HTTP_PORT", at(text, "server.http-port"))]
    assert expressions(go_reads.find, text) == [f'viper.{method}("server.http-port")']


def test_go_viper_instances_assigned_or_declared_in_the_file() -> None:
    text = (
        "type app struct{ cfg *viper.Viper }\n"
        "func load(v *viper.Viper) {\n"
        '\t_ = v.GetString("db.url")\n'
        "\tlocal := viper.New()\n"
        '\t_ = local.GetInt("pool.size")\n'
        "\ts.conf = viper.NewWithOptions(viper.KeyDelimiter(\"::\"))\n"
        '\t_ = s.conf.GetBool("tls.enabled")\n'
        '\t_ = a.cfg.GetDuration("http.timeout")\n'
        "}\n"
    )
    assert go(text) == [
        ("DB_URL", at(text, "db.url")),
        ("POOL_SIZE", at(text, "pool.size")),
        ("TLS_ENABLED", at(text, "tls.enabled")),
        ("HTTP_TIMEOUT", at(text, "http.timeout")),
    ]


@pytest.mark.parametrize(
    "line",
    [
        'name, _ := cmd.Flags().GetString("config")',
        'verbose, _ := cmd.PersistentFlags().GetBool("verbose")',
        'x := cfg.GetString("not.viper")',
        'x := settings.GetInt("not.viper")',
        'x := viper.Sub("db").GetString("host")',
        'x := myviper.GetString("not.viper")',
        'x := viper.GetViper()',
        '// viper.GetString("in.comment")',
        'x := "viper.GetString(\\"in.string\\")"',
    ],
)
def test_go_other_receivers_and_noise_are_not_viper_reads(line: str) -> None:
    assert go(f'import "github.com/spf13/viper"\n\nfunc f(cmd *cobra.Command) {{\n\t{line}\n}}\n') == []


def test_go_viper_env_prefix_and_replacer() -> None:
    text = (
        '// viper.SetEnvPrefix("ignored") in a comment does not count\n'
        'func init() {\n\tviper.SetEnvPrefix("my-app")\n\tviper.AutomaticEnv()\n'
        '\t_ = viper.GetString("db.max-conns")\n\t_ = viper.BindEnv("log.level")\n}\n'
    )
    assert go(text) == [("MY_APP_DB_MAX_CONNS", at(text, "db.max-conns")), ("MY_APP_LOG_LEVEL", at(text, "log.level"))]


def test_go_viper_bind_env_with_names_reads_exactly_those_names() -> None:
    text = (
        'func init() {\n\tviper.SetEnvPrefix("billing")\n'
        '\t_ = viper.BindEnv("database.url", "DATABASE_URL", "PG_DSN")\n}\n'
    )
    assert go(text) == [("DATABASE_URL", at(text, "DATABASE_URL")), ("PG_DSN", at(text, "PG_DSN"))]


def test_go_viper_keys_resolved_through_constants_or_unresolved() -> None:
    text = (
        'const keySecret = "stripe.secret"\nfunc f(key string) {\n'
        '\t_ = viper.GetString(keySecret)\n\t_ = viper.GetString(key)\n\t_ = viper.BindEnv("k", envName)\n}\n'
    )
    assert go(text) == [
        ("STRIPE_SECRET", at(text, "keySecret)")),
        (None, at(text, "viper.GetString(key)")),
        (None, at(text, "viper.BindEnv")),
    ]


def test_go_file_without_trigger_or_candidate_is_not_lexed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("lexed a file without candidate reads")

    monkeypatch.setattr(go_reads, "noise_spans", refuse)
    assert go_reads.find("package main\n\nfunc main() { fmt.Println(\"hello\") }\n") == []
    assert go_reads.find("func GetenvDefault() {}\nvar viperish = cfg.GetString(\"x\")\n") == []


# ---- (b) JavaScript / TypeScript rules


@pytest.mark.parametrize(
    ("read", "name"),
    [
        ("process.env.DATABASE_URL", "DATABASE_URL"),
        ("process.env?.REDIS_HOST", "REDIS_HOST"),
        ('process.env["API_KEY"]', "API_KEY"),
        ("process.env['API_SECRET']", "API_SECRET"),
        ("process.env[`SENTRY_DSN`]", "SENTRY_DSN"),
        ('process.env?.["LOG_LEVEL"]', "LOG_LEVEL"),
        ("globalThis.process.env.NODE_OPTIONS", "NODE_OPTIONS"),
        ("import.meta.env.VITE_API_URL", "VITE_API_URL"),
        ('import.meta.env["VITE_TITLE"]', "VITE_TITLE"),
        ("Bun.env.BUN_PORT", "BUN_PORT"),
        ('Deno.env.get("DENO_DB")', "DENO_DB"),
        ("Deno.env.has('DENO_FLAG')", "DENO_FLAG"),
        ('process.env.hasOwnProperty("FEATURE_X")', "FEATURE_X"),
    ],
)
def test_js_member_reads_are_read_at_the_name(read: str, name: str) -> None:
    text = f"export function load() {{\n  return {read} ?? null;\n}}\n"
    assert js(text) == [(name, at(text, name))]
    assert expressions(js_reads.find, text) == [read.removeprefix("globalThis.")]  # the read starts at `process`


def test_js_in_operator_reads_the_quoted_name() -> None:
    text = 'if ("SENTRY_DSN" in process.env || \'TRACE\' in env) {}\nconst env = process.env;\nif ("A" in config) {}\n'
    assert js(text) == [("SENTRY_DSN", at(text, "SENTRY_DSN")), ("TRACE", at(text, "TRACE"))]
    assert expressions(js_reads.find, text) == ['"SENTRY_DSN" in process.env', "'TRACE' in env"]


def test_js_computed_names_resolve_through_constants_or_stay_unresolved() -> None:
    text = (
        'const KEY = "API_KEY";\n'
        "export const TOKEN = 'STRIPE_TOKEN' as const;\n"
        'let region = "AWS_REGION";\n'
        'region = "AWS_DEFAULT_REGION";\n'
        "const a = process.env[KEY], b = Deno.env.get(TOKEN), c = process.env[region];\n"
        "const d = process.env[name], e = process.env[`${prefix}_URL`], f = process.env['A' + b];\n"
    )
    assert js(text) == [
        ("API_KEY", at(text, "KEY]")),
        ("STRIPE_TOKEN", at(text, "TOKEN)")),
        (None, at(text, "process.env[region")),
        (None, at(text, "process.env[name")),
        (None, at(text, "process.env[`")),
        (None, at(text, "process.env['A'")),
    ]
    assert expressions(js_reads.find, text)[2:] == [
        "process.env[region]", "process.env[name]", "process.env[`${prefix}_URL`]", "process.env['A' + b]",
    ]  # fmt: skip


def test_js_destructuring_reads_each_key_at_its_own_offset() -> None:
    text = (
        "const {\n"
        "  DATABASE_URL,\n"
        "  // NOT_A_KEY, in a comment\n"
        '  REDIS_HOST: redisHost = "localhost",\n'
        '  PORT = "3000",\n'
        '  "LOG_LEVEL": logLevel,\n'
        "  [dynamicKey]: dynamic,\n"
        "  TIMEOUT = Number(\"5\", 10),\n"
        "  ...rest\n"
        "} = process.env;\n"
        "let { VITE_MODE } = import.meta.env;\n"
        "var { BUN_X } = Bun.env;\n"
        "const { NOT_ENV } = config;\n"
    )
    assert js(text) == [
        ("DATABASE_URL", at(text, "DATABASE_URL")),
        ("REDIS_HOST", at(text, "REDIS_HOST")),
        ("PORT", at(text, "PORT")),
        ("LOG_LEVEL", at(text, "LOG_LEVEL")),
        (None, at(text, "[dynamicKey")),
        ("TIMEOUT", at(text, "TIMEOUT")),
        (None, at(text, "...rest")),
        ("VITE_MODE", at(text, "VITE_MODE")),
        ("BUN_X", at(text, "BUN_X")),
    ]
    assert expressions(js_reads.find, text)[1] == 'const { REDIS_HOST: redisHost = "localhost" } = process.env'
    assert expressions(js_reads.find, text)[6] == "const { ...rest } = process.env"


def test_js_aliases_of_the_environment() -> None:
    text = (
        "const env = process.env;\n"
        "const { env: nodeEnv } = require('node:process');\n"
        'import { env as penv, argv } from "process";\n'
        "const vite = import.meta.env;\n"
        'env.A; env["B"]; nodeEnv.C; penv?.D; vite.E;\n'
        "const { F } = env;\n"
        "config.env.NOT_ALIAS; myenv.NOT_ALIAS; env.toString();\n"
    )
    assert js(text) == [
        ("A", at(text, "A;")),
        ("B", at(text, 'B"')),
        ("C", at(text, "C;")),
        ("D", at(text, "D;")),
        ("E", at(text, "E;")),
        ("F", at(text, "F }")),
    ]


def test_js_alias_with_a_type_annotation() -> None:
    text = "const env: NodeJS.ProcessEnv = process.env;\nexport const port = env.PORT;\n"
    assert js(text) == [("PORT", at(text, "PORT"))]


def test_js_constants_in_a_file_with_windows_line_endings() -> None:
    text = 'const KEY = "API_KEY";\r\nconst OTHER = "X"\r\nprocess.env[KEY]; process.env[OTHER];\r\n'
    assert js(text) == [("API_KEY", at(text, "KEY]")), ("X", at(text, "OTHER]"))]


def test_js_destructured_env_of_process_is_an_alias() -> None:
    text = "const { env, argv } = process;\nconst port = env.PORT;\n"
    assert js(text) == [("PORT", at(text, "PORT"))]


def test_js_without_an_alias_env_is_not_the_environment() -> None:
    text = "const env = loadConfig();\nenv.PORT; process.env.HOST;\n"
    assert js(text) == [("HOST", at(text, "HOST"))]


@pytest.mark.parametrize(
    "line",
    [
        "// process.env.IN_COMMENT",
        "/* process.env.IN_BLOCK */",
        "<!-- process.env.IN_HTML_COMMENT -->",
        'const s = "process.env.IN_DOUBLE";',
        "const s = 'process.env.IN_SINGLE';",
        "const s = `process.env.IN_TEMPLATE_TEXT`;",
        "const s = \"'SENTRY_DSN' in process.env\";",
        "const s = `const { IN_TEMPLATE } = process.env`;",
        "const s = myprocess.env.NOT_PROCESS;",
        "process.env.toString();",
        'process.env.ASSIGNED = "1";',
        "process.env['ASSIGNED'] = value;",
        "delete process.env.DELETED;",
        'Deno.env.set("SET_BY_DENO", "1");',
    ],
)
def test_js_non_reads(line: str) -> None:
    assert js(f"const x = process.env;\n{line}\n") == []


def test_js_template_interpolation_is_code_and_its_text_is_not() -> None:
    text = "const url = `it's ${process.env.API_URL}/v1?q=${`${process.env.NESTED}`}` + process.env.AFTER; // '\n"
    assert js(text) == [
        ("API_URL", at(text, "API_URL")),
        ("NESTED", at(text, "NESTED")),
        ("AFTER", at(text, "AFTER")),
    ]


def test_js_quote_in_template_text_does_not_start_a_string() -> None:
    text = "const a = `don't`; const b = process.env.REAL;\nconst c = `it\"s`; const d = process.env.ALSO_REAL;\n"
    assert js(text) == [("REAL", at(text, "REAL")), ("ALSO_REAL", at(text, "ALSO_REAL"))]


def test_js_braces_inside_interpolation_keep_it_open() -> None:
    text = 'const s = `${ fn({ a: "}" }) + process.env.INSIDE } text process.env.TEXT`;\n'
    assert js(text) == [("INSIDE", at(text, "INSIDE"))]


def test_js_comparisons_and_logical_assignment_are_reads() -> None:
    text = 'if (process.env.NODE_ENV === "test") {}\nprocess.env.LOG_LEVEL ||= "info";\n'
    assert js(text) == [("NODE_ENV", at(text, "NODE_ENV")), ("LOG_LEVEL", at(text, "LOG_LEVEL"))]


def test_js_file_without_trigger_or_candidate_is_not_lexed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("lexed a file without candidate reads")

    monkeypatch.setattr(js_reads, "_noise", refuse)
    assert js_reads.find("export const add = (a, b) => a + b;\n") == []
    assert js_reads.find("// the process reads its environment elsewhere\nconst environment = 1;\n") == []


# ---- (c) hostile text


HOSTILE_LINE = ('"\\\'`' * 50_000) + "\\"  # 200 KB of quotes and backslashes on one line


@pytest.mark.parametrize(
    ("find", "text", "expected"),
    [
        (go_reads.find, "", []),
        (js_reads.find, "", []),
        (go_reads.find, 'a := os.Getenv("A")\nb := "os.Getenv(\\"B\\")', ["A"]),
        (go_reads.find, 'a := os.Getenv("A")\n/* os.Getenv("B")', ["A"]),
        (go_reads.find, 'a := os.Getenv("A")\nraw := `os.Getenv("B")', ["A"]),
        (go_reads.find, 'x := os.Getenv("UNCLOSED\ny := os.Getenv("C")', ["C"]),
        (go_reads.find, "x := os.Getenv(", []),
        (go_reads.find, 'viper.GetString("a"', []),
        (go_reads.find, 'type T struct { A string `env:"A', []),
        (js_reads.find, "process.env.A; 'process.env.B\nprocess.env.C", ["A", "C"]),
        (js_reads.find, "process.env.A; /* process.env.B", ["A"]),
        (js_reads.find, "process.env.A; `process.env.B ${process.env.C", ["A", "C"]),
        (js_reads.find, "process.env.A; `unclosed \\", ["A"]),
        (js_reads.find, "process.env[", []),
        (js_reads.find, "const { A, B = process.env", []),
        (js_reads.find, "}}} process.env.A `}` ${ }", ["A"]),
    ],
)
def test_hostile_text_is_read_without_error(find: Find, text: str, expected: list[str]) -> None:
    """Unterminated strings, comments, templates and calls: what is code before (or after a line) is still read."""
    assert [(f.name, f.offset) for f in find(text)] == [(name, text.rindex(name)) for name in expected]


@pytest.mark.parametrize(
    ("find", "read", "name"),
    [(go_reads.find, 'os.Getenv("BEFORE") ', "BEFORE"), (js_reads.find, "process.env.BEFORE; ", "BEFORE")],
)
def test_a_long_line_of_quotes_and_backslashes(find: Find, read: str, name: str) -> None:
    for text in (read + HOSTILE_LINE, HOSTILE_LINE + "\n" + read, read + HOSTILE_LINE.replace("`", "") + read):
        finds = find(text)
        if text.startswith(read):
            assert [(f.name, f.offset) for f in finds][:1] == [(name, read.index(name))]
        assert all(0 <= f.offset < len(text) for f in finds)


@pytest.mark.parametrize(
    ("find", "text"),
    [
        (go_reads.find, "os.Getenv(" * 20_000),
        (go_reads.find, "v := viper.New(" * 20_000),
        (go_reads.find, "viper.GetString(" * 20_000),
        (go_reads.find, "a *viper.Viper " * 20_000),
        (go_reads.find, '`env:"A" ' * 20_000),
        (js_reads.find, "process.env[" * 20_000),
        (js_reads.find, "Deno.env.get(" * 20_000),
        (js_reads.find, "process.env; " + "}= a " * 50_000),
        (js_reads.find, "process.env " + "`${`${" * 30_000),
        (js_reads.find, "const {" + "a" * 200_000 + "} = process.env " * 2_000),
    ],
    ids=lambda value: value[:16] if isinstance(value, str) else "",
)
def test_repeated_candidates_are_read_to_the_end(find: Find, text: str) -> None:
    """Look-backs and bracket matching are bounded, so these finish (one took minutes when they were not);
    speed itself is measured by `make bench`."""
    finds = find(text)
    assert all(0 <= f.offset < len(text) for f in finds)


PIECES = [
    'os.Getenv("A")', "os.Getenv(", "viper.GetString(", 'env:"X"', "`", '"', "'", "\\", "//", "/*", "*/", "\n",
    "process.env", ".X", "[", "]", "${", "}", "{", "const { ", " } = ", "= process.env", " in ", "<!--", "-->",
    "Deno.env.get(", ")", ",", "...", "v := viper.New()", "const K = 'N'", "K",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.sampled_from(sorted(READERS)))
def test_random_fragments_give_sorted_finds_inside_the_text(text: str, language: str) -> None:
    finds = READERS[language](text)
    assert [f.offset for f in finds] == sorted(f.offset for f in finds)
    for f in finds:
        assert 0 <= f.offset < len(text)
        assert f.kind == READ and f.expression and f.name != ""
