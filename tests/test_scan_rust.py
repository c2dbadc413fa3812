"""The Rust readers' tricky parts: lexing (raw strings, nested comments, chars and lifetimes), test code,
`use` spellings, what a read declares, and envy's naming rules (prefix, rename, rename_all, keep_names, flatten)
and how a struct named in one file is found in another."""

from __future__ import annotations

import pytest

from docenv.scan.found import Place
from docenv.scan.lexing import Lines
from docenv.scan.rust_reads import find
from docenv.scan.rust_structs import apply_rename_all, apply_rename_all_to_variant, facts, module_path, resolve


def names(source: str) -> list[str | None]:
    return [found.name for found in find(source)]


def envy(files: dict[str, str]) -> list[Place]:
    """What the envy reader places, for source files given by path."""
    return resolve([(path, fact) for path, text in files.items() for fact in facts(text, Lines(text).position)])


def envy_names(files: dict[str, str]) -> list[str | None]:
    return [place.name for place in sorted(envy(files), key=lambda p: (p.path, p.line, p.column, p.name or ""))]


# --- Lexing ------------------------------------------------------------------------------------------------


def test_raw_strings_hide_reads_and_end_at_their_own_hashes() -> None:
    source = '''
fn main() {
    let a = r#"std::env::var("IN_RAW") and a lone " quote"#;
    let b = r##"still raw: "# std::env::var("IN_RAW_2") "##;
    let c = br"std::env::var(\\"BYTES\\")";
    let d = b"std::env::var(\\"BYTE_STRING\\")";
    let e = std::env::var(r"RAW_NAME").unwrap();
    let f = std::env::var(r#"HASHED_NAME"#).unwrap();
}
'''
    found = find(source)
    assert [f.name for f in found] == ["RAW_NAME", "HASHED_NAME"]
    assert source[found[0].offset:].startswith("RAW_NAME")  # the column is the name's, after `r"`
    assert source[found[1].offset:].startswith("HASHED_NAME")


def test_block_comments_nest() -> None:
    source = '''
/* outer /* inner std::env::var("INNER") */ std::env::var("STILL_OUTER") */
fn main() { std::env::var("AFTER").ok(); }
// std::env::var("LINE_COMMENT")
/// std::env::var("DOC_COMMENT")
'''
    assert names(source) == ["AFTER"]


def test_an_unterminated_comment_hides_the_rest() -> None:
    assert names('fn f() { /* /* */ std::env::var("X").ok(); }') == []


def test_char_literals_are_not_strings_and_lifetimes_are_not_chars() -> None:
    source = '''
fn pick<'a>(s: &'a str) -> &'a str { let q = '"'; std::env::var("AFTER_QUOTE_CHAR").ok(); s }
fn other<'b>(x: &'b u8) { let c = '\\''; let u = '\\u{1F600}'; std::env::var("AFTER_ESCAPED_CHAR").ok(); }
fn label() { 'outer: loop { break 'outer; } std::env::var("AFTER_LABEL").ok(); }
fn bytes() { let b = b'"'; std::env::var("AFTER_BYTE_CHAR").ok(); }
'''
    assert names(source) == ["AFTER_QUOTE_CHAR", "AFTER_ESCAPED_CHAR", "AFTER_LABEL", "AFTER_BYTE_CHAR"]


# --- Test code -----------------------------------------------------------------------------------------------


def test_cfg_test_modules_and_test_functions_are_not_reads() -> None:
    source = '''
use std::env;
fn real() { env::var("REAL").ok(); }
#[cfg(test)]
mod tests {
    use super::*;
    fn helper() { let s = "}"; env::var("IN_TEST_MODULE").ok(); }
    #[test]
    fn t() { env::var("IN_TEST_FN").ok(); }
}
#[tokio::test(flavor = "multi_thread")]
async fn integration() { env::var("IN_TOKIO_TEST").ok(); }
#[cfg(not(test))]
fn not_test() { env::var("NOT_TEST").ok(); }
fn after() { env::var("AFTER_TESTS").ok(); }
'''
    assert names(source) == ["REAL", "NOT_TEST", "AFTER_TESTS"]


def test_a_file_under_inner_cfg_test_is_all_test_code() -> None:
    assert names('#![cfg(test)]\nfn f() { std::env::var("X").ok(); }') == []


# --- Spellings -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [
    'fn f() { std::env::var("X").ok(); }',
    'fn f() { ::std::env::var("X").ok(); }',
    'use std::env;\nfn f() { env::var("X").ok(); }',
    'use std::{env, fs};\nfn f() { env::var("X").ok(); }',
    'use std::env::{self, args};\nfn f() { env::var("X").ok(); }',
    'use std::env::var;\nfn f() { var("X").ok(); }',
    'use std::env::var as getenv;\nfn f() { getenv("X").ok(); }',
    'use std::env::*;\nfn f() { var_os("X"); }',
    'use std::env as e;\nfn f() { e::var("X").ok(); }',
    'fn f() { dotenvy::var("X").ok(); }',
    'fn f() { dotenv::var("X").ok(); }',
    'fn f() { let v = env!("X"); }',
    'fn f() { let v = option_env!("X"); }',
])
def test_every_spelling_of_a_read(source: str) -> None:
    assert names(source) == ["X"]


@pytest.mark.parametrize("source", [
    'fn f() { env::var("X").ok(); }',  # no `use std::env`: some other `env`
    'fn var(k: &str) {}\nfn f() { var("X"); }',  # the file's own `var`
    'fn f() { cmd.env("X", "1"); ctx.var("X"); }',  # methods
    'fn f() { config::env::var("X"); }',
    'fn f() { let v = env!("CARGO_PKG_VERSION"); let w = env!("CARGO_MANIFEST_DIR"); let o = env!("OUT_DIR"); }',
    'fn f() { let s = "std::env::var(\\"X\\")"; }',
])
def test_what_is_not_a_read(source: str) -> None:
    assert names(source) == []


def test_a_constant_bound_once_is_resolved_at_its_use_and_one_bound_twice_is_not() -> None:
    source = '''
const KEY: &str = "DB_HOST";
pub(crate) static OTHER: &'static str = "DB_PORT";
const TWICE: &str = "A";
mod m {
    const TWICE: &str = "B";
}
fn f() { std::env::var(KEY).ok(); std::env::var(&OTHER).ok(); std::env::var(TWICE).ok(); }
'''
    found = find(source)
    assert [f.name for f in found] == ["DB_HOST", "DB_PORT", None]
    assert source[found[0].offset:].startswith("KEY)")
    assert found[2].why == "`TWICE` is not a string constant bound once in this file"


@pytest.mark.parametrize(("argument", "why"), [
    ('format!("{}_URL", p)', "the name is built by format!"),
    ("key", "`key` is not a string constant bound once in this file"),
    ("config::KEY", "`config::KEY` is a constant of another module"),
    ("name.as_str()", "the name is computed at run time"),
])
def test_unresolved_reads_say_why(argument: str, why: str) -> None:
    found = find(f"fn f() {{ std::env::var({argument}).ok(); }}")
    assert [(f.name, f.why) for f in found] == [(None, why)]
    assert found[0].expression == f"std::env::var({argument})"


# --- Declared ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("chain", "declared"), [
    ('.unwrap_or("8080".into())', (None, "8080", False)),
    ('.unwrap_or_else(|_| "8080".to_string())', (None, "8080", False)),
    ('.unwrap_or_else(|_| String::from("8080"))', (None, "8080", False)),
    (".unwrap_or_default()", (None, None, False)),
    ('.expect("PORT")', (None, None, True)),
    (".unwrap()", (None, None, True)),
    ('.unwrap_or_else(|_| panic!("PORT is not set"))', (None, None, True)),
    ('.unwrap_or_else(|e| { std::process::exit(2) })', (None, None, True)),
    ("?", (None, None, True)),
    ('.context("PORT")?', (None, None, True)),
    (".is_ok()", (None, None, False)),
    (".ok()", (None, None, False)),
    ("", (None, None, None)),
    ("?.parse::<u16>()?", ("int", None, True)),
    ('.unwrap_or("8080".into()).parse::<u16>().unwrap()', ("int", "8080", False)),
    (".ok().and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.5)", ("float", "0.5", False)),
    (".ok().and_then(|v| v.parse::<bool>().ok()).unwrap_or(false)", ("bool", "false", False)),
    ('.map(|v| v == "1").unwrap_or(false)', (None, None, False)),  # the default is the mapped value's
    (".map(PathBuf::from).unwrap()", ("path", None, True)),
])
def test_what_a_chain_declares(chain: str, declared: tuple[str | None, str | None, bool | None]) -> None:
    [found] = find(f'use std::env;\nfn f() {{ let p = env::var("PORT"){chain}; }}')
    assert found.declared is not None
    assert (found.declared.type, found.declared.default, found.declared.required) == declared


def test_an_untyped_parse_takes_the_let_annotation() -> None:
    [found] = find('fn f() { let port: u16 = std::env::var("PORT")?.parse()?; }')
    assert found.declared is not None and found.declared.type == "int"


def test_if_let_and_option_env_are_optional_env_is_required() -> None:
    source = '''
fn f() {
    if let Ok(v) = std::env::var("A") {}
    let b = option_env!("B").unwrap_or("dev");
    let c = env!("C");
}
'''
    declared = [(f.name, f.declared and (f.declared.library, f.declared.default, f.declared.required))
                for f in find(source)]
    assert declared == [("A", ("std::env", None, False)), ("B", ("option_env!", "dev", False)),
                        ("C", ("env!", None, True))]


# --- envy ----------------------------------------------------------------------------------------------------

CONFIG = '''
use serde::Deserialize;
#[derive(Deserialize)]
pub struct Config {
    pub database_url: String,
    #[serde(rename = "redis")]
    pub cache_url: Option<String>,
    #[serde(rename(serialize = "x", deserialize = "http_port"), default)]
    pub port: u16,
    #[serde(alias = "threads")]
    pub workers: usize,
}
'''


def test_prefix_and_rename() -> None:
    main = 'fn main() { let c = envy::prefixed("APP_").from_env::<Config>().unwrap(); }'
    places = envy({"src/config.rs": CONFIG, "src/main.rs": main})
    assert sorted(p.name or "" for p in places) == [
        "APP_DATABASE_URL", "APP_HTTP_PORT", "APP_REDIS", "APP_THREADS", "APP_WORKERS"]
    by_name = {p.name: p for p in places}
    assert (by_name["APP_DATABASE_URL"].path, by_name["APP_DATABASE_URL"].line) == ("src/config.rs", 5)
    assert by_name["APP_REDIS"].declared is not None and by_name["APP_REDIS"].declared.required is False
    assert by_name["APP_HTTP_PORT"].declared is not None and by_name["APP_HTTP_PORT"].declared.required is False


@pytest.mark.parametrize(("rule", "expected"), [
    ("snake_case", ["DATABASE_URL", "PORT"]),
    ("lowercase", ["DATABASE_URL", "PORT"]),
    ("kebab-case", ["DATABASE-URL", "PORT"]),
    ("camelCase", [None, "PORT"]),  # `databaseUrl` has a capital: envy lower-cases every name
    ("SCREAMING_SNAKE_CASE", [None, None]),
])
def test_rename_all_as_serde_applies_it_and_envy_lower_cases(rule: str, expected: list[str | None]) -> None:
    config = f'#[derive(Deserialize)]\n#[serde(rename_all = "{rule}")]\nstruct C {{ database_url: String, port: u16 }}'
    assert envy_names({"src/c.rs": config, "src/main.rs": "fn f() { envy::from_env::<C>(); }"}) == expected


def test_a_serde_name_with_capitals_says_why_it_matches_nothing() -> None:
    config = '#[derive(Deserialize)]\nstruct C { #[serde(rename = "DB_HOST")] host: String }'
    [place] = envy({"src/c.rs": config, "src/main.rs": 'fn f() { envy::prefixed("APP_").from_env::<C>(); }'})
    assert (place.name, place.line, place.expression) == (None, 2, "host: String")
    assert place.why == ("envy lower-cases variable names, so the serde name `DB_HOST` matches none; "
                         "envy::keep_names() would read it")


def test_keep_names_reads_serde_names_as_written() -> None:
    config = '#[derive(Deserialize)]\nstruct C { #[serde(rename = "LEGACY_TOKEN")] token: String, mode: u8 }'
    loads = "fn f() { envy::keep_names().from_env::<C>(); }"
    assert envy_names({"src/c.rs": config, "src/main.rs": loads}) == ["LEGACY_TOKEN", "mode"]


def test_serde_rename_rules_match_serdes_own_table() -> None:
    # serde_derive/src/internals/case.rs, tests rename_fields and rename_variants
    assert [apply_rename_all(rule, "very_tasty") for rule in
            (None, "UPPERCASE", "PascalCase", "camelCase", "snake_case", "SCREAMING_SNAKE_CASE", "kebab-case",
             "SCREAMING-KEBAB-CASE")] == [
        "very_tasty", "VERY_TASTY", "VeryTasty", "veryTasty", "very_tasty", "VERY_TASTY", "very-tasty", "VERY-TASTY"]
    assert [apply_rename_all_to_variant(rule, "VeryTasty") for rule in
            (None, "lowercase", "UPPERCASE", "PascalCase", "camelCase", "snake_case", "SCREAMING_SNAKE_CASE",
             "kebab-case", "SCREAMING-KEBAB-CASE")] == [
        "VeryTasty", "verytasty", "VERYTASTY", "VeryTasty", "veryTasty", "very_tasty", "VERY_TASTY", "very-tasty",
        "VERY-TASTY"]


def test_flatten_keeps_the_prefix_and_survives_a_cycle() -> None:
    config = '''
#[derive(Deserialize)]
struct Outer { name: String, #[serde(flatten)] inner: Option<Inner>, #[serde(flatten)] extra: HashMap<String, String> }
#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Inner { pool_size: u32, #[serde(flatten)] back: Outer }
'''
    places = envy({"src/c.rs": config, "src/main.rs": 'fn f() { envy::prefixed("P_").from_env::<Outer>(); }'})
    assert sorted((p.name, p.declared and p.declared.required) for p in places) == [
        ("P_NAME", True), ("P_POOL-SIZE", False)]


def test_option_with_a_custom_deserializer_is_required_as_serde_does() -> None:
    config = '#[derive(Deserialize)]\nstruct C { #[serde(deserialize_with = "csv")] hosts: Option<Vec<String>> }'
    [place] = envy({"src/c.rs": config, "src/main.rs": "fn f() { envy::from_env::<C>(); }"})
    assert place.declared is not None and place.declared.required is True


@pytest.mark.parametrize(("load", "why"), [
    ("fn f() { let c = envy::from_env().unwrap(); }", "the struct type is left for the compiler to infer"),
    ("fn f() { envy::prefixed(p).from_env::<C>(); }", "the prefix `p` is computed at run time"),
    ("fn f() { envy::from_env::<Missing>(); }", "no Deserialize struct named Missing in the scanned Rust files"),
])
def test_loads_that_cannot_be_followed_are_unresolved(load: str, why: str) -> None:
    config = "#[derive(Deserialize)]\nstruct C { a: String }"
    [place] = envy({"src/c.rs": config, "src/main.rs": load})
    assert (place.path, place.name, place.why) == ("src/main.rs", None, why)


@pytest.mark.parametrize("load", [
    "fn one() -> anyhow::Result<()> { let c: C = envy::from_env()?; Ok(()) }",
    "fn two() -> Result<Vec<u8>, E> { let c: Result<C, envy::Error> = envy::from_env(); }",
    "fn three() -> Result<C, envy::Error> { envy::from_env() }",
    "fn four() -> anyhow::Result<C> { Ok(envy::from_env()?) }",
    "fn five() -> Result<C, E> { envy::from_env().map_err(E::from) }",
    "fn six() -> Result<C, envy::Error> { if x { return y; } let z = 1; envy::from_env() }",
    "impl C { fn seven() -> Result<Self, envy::Error> { envy::from_env::<Self>() } }",
    "impl Load for C { fn eight() -> Result<Self, envy::Error> { envy::from_env() } }",
])
def test_a_type_is_found_from_let_annotations_and_function_returns(load: str) -> None:
    config = "#[derive(Deserialize)]\npub struct C { a: String }"
    assert envy_names({"src/c.rs": config, "src/main.rs": load}) == ["A"]


def test_a_load_inside_an_inner_block_is_not_the_function_tail() -> None:
    config = "#[derive(Deserialize)]\npub struct C { a: String }"
    load = "fn f() -> Result<C, E> { let g = || { envy::from_env() }; g() }"
    assert envy_names({"src/c.rs": config, "src/main.rs": load}) == [None]


def test_the_same_name_in_two_crates_is_told_apart_by_the_path() -> None:
    structs = {
        "crates/billing/src/config.rs": "#[derive(Deserialize)]\npub struct Config { billing_key: String }",
        "crates/search/src/config.rs": "#[derive(Deserialize)]\npub struct Config { search_key: String }",
    }
    imported = "use billing::config::Config;\nfn f() { envy::from_env::<Config>(); }"
    assert envy_names({**structs, "crates/api/src/main.rs": imported}) == ["BILLING_KEY"]
    crate_path = "fn f() { envy::from_env::<crate::config::Config>(); }"
    assert envy_names({**structs, "crates/search/src/main.rs": crate_path}) == ["SEARCH_KEY"]
    [place] = envy({**structs, "crates/api/src/main.rs": "fn f() { envy::from_env::<Config>(); }"})
    assert place.why == "2 Deserialize structs are named Config; `Config` does not tell which"


def test_structs_and_loads_in_comments_and_tests_do_not_count() -> None:
    source = '''
// envy::from_env::<C>()
#[cfg(test)]
mod tests {
    #[derive(Deserialize)]
    struct C { in_test: String }
    fn t() { envy::from_env::<C>(); }
}
'''
    assert envy({"src/lib.rs": source}) == []


def test_module_paths() -> None:
    assert module_path("crates/my-app/src/config/mod.rs") == ("my_app", "config")
    assert module_path("crates/api/src/main.rs") == ("api",)
    assert module_path("src/settings/db.rs") == ("", "settings", "db")
