"""Unit tests of generator.read.infer: reading required, conditions, defaults, types and secrets from cells and prose."""

from __future__ import annotations

import pytest

from docenv.model.types import check_default, loosen, typed_default
from docenv.read import infer
from docenv.model.document import Condition

# ---- read_required ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "required"),
    [
        ("true", True),
        ("false", False),
        ("yes", True),
        ("no", False),
        ("Yes", True),
        ("No", False),
        ("✅", True),
        ("❌", False),
        ("Optional", False),
        ("Required", True),
        ("**Yes**", True),
        ("", False),
        ("-", False),
    ],
)
def test_read_required_plain_cells(cell: str, required: bool) -> None:
    result = infer.read_required(cell, False, "Required")
    assert result.required is required
    assert result.condition is None
    assert result.understood is True
    assert result.decision.field == "required"
    assert result.decision.rule == "Required column"
    assert result.decision.evidence == cell


@pytest.mark.parametrize(
    ("cell", "required"),
    [("yes", False), ("no", True), ("true", False), ("false", True), ("✅", False), ("❌", True)],
)
def test_read_required_inverted_optional_column(cell: str, required: bool) -> None:
    # An "Optional?" column: "yes" means optional, so not required.
    result = infer.read_required(cell, True, "Optional")
    assert result.required is required
    assert result.condition is None
    assert result.understood is True
    assert result.decision.rule == "Optional column (inverted: it says optional)"


@pytest.mark.parametrize(("cell", "required"), [("Required", True), ("Optional", False)])
def test_read_required_absolute_words_are_not_inverted(cell: str, required: bool) -> None:
    assert infer.read_required(cell, True, "Optional").required is required


def test_read_required_first_word_of_free_text() -> None:
    yes = infer.read_required("Yes, in production", False, "Required")
    no = infer.read_required("No, unless clustering", False, "Required")
    plain = infer.read_required("Yes, always", False, "Required")
    # Required only sometimes, in words docenv cannot check: optional, and lint says so (DV111).
    assert (yes.required, yes.understood) == (False, False)
    assert (plain.required, plain.understood) == (True, True)
    assert (no.required, no.understood) == (False, True)


def test_read_required_free_text_condition() -> None:
    result = infer.read_required("Required if `X` is `true`", False, "Required")
    assert result.required is False
    assert result.condition == Condition("X", ("true",))
    assert result.understood is True
    assert result.decision.field == "required_if"
    assert result.decision.rule == "Required column condition"


def test_read_required_optional_with_parenthesised_condition() -> None:
    result = infer.read_required("optional (required if X=y)", False, "Required")
    assert result.required is False
    assert result.condition == Condition("X", ("y",))
    assert result.decision.field == "required_if"


def test_read_required_not_understood_is_optional_and_flagged() -> None:
    result = infer.read_required("sometimes", False, "Required")
    assert result.required is False
    assert result.condition is None
    assert result.understood is False
    assert result.decision.rule == "Required column not understood; optional"


# ---- condition_from_text ---------------------------------------------------------------


def test_condition_from_text_single_value() -> None:
    found = infer.condition_from_text("The issuer url. Required if AUTH_ENABLED is true")
    assert found is not None
    condition, matched = found
    assert condition == Condition("AUTH_ENABLED", ("true",))
    assert matched == "Required if AUTH_ENABLED is true"


def test_condition_from_text_quoted_alternatives() -> None:
    found = infer.condition_from_text("Required if SMTP_AUTH_STRATEGY is 'TLS' or 'SSL'")
    assert found is not None
    assert found[0].variable == "SMTP_AUTH_STRATEGY"
    assert found[0].values == ("TLS", "SSL")


def test_condition_from_text_backticks_commas_and_set_to() -> None:
    found = infer.condition_from_text("Required when `MODE` is set to `a`, `b` or `c`.")
    assert found is not None
    assert found[0] == Condition("MODE", ("a", "b", "c"))


def test_condition_from_text_equals_sign() -> None:
    found = infer.condition_from_text("required when STORAGE=s3")
    assert found is not None
    assert found[0] == Condition("STORAGE", ("s3",))


def test_condition_from_text_repeated_word_in_seed_doc() -> None:
    # The seed doc says "Required if AUTH_ENABLED is true true" (line 81); the stray word is not a value.
    found = infer.condition_from_text("Required if AUTH_ENABLED is true true")
    assert found is not None
    assert found[0] == Condition("AUTH_ENABLED", ("true",))


@pytest.mark.parametrize("text", ["Only needed if the backend talks to auth internally", "The database host", ""])
def test_condition_from_text_none_without_a_condition(text: str) -> None:
    assert infer.condition_from_text(text) is None


def test_condition_from_text_stops_at_a_comma_clause() -> None:
    found = infer.condition_from_text("Required if AUTH_ENABLED is true, otherwise optional")
    assert found is not None
    assert found[0] == Condition("AUTH_ENABLED", ("true",))


def test_condition_from_text_negation_is_not_a_value() -> None:
    found = infer.condition_from_text("Required if AUTH_ENABLED is not true")
    assert found is None or "not" not in found[0].values


def test_condition_from_text_is_set_is_not_the_value_set() -> None:
    found = infer.condition_from_text("Required if X_MODE is set")
    assert found is None or found[0].values != ("set",)


def test_condition_from_text_lowercase_word_is_not_a_variable() -> None:
    assert infer.condition_from_text("Required if auth is enabled") is None


# ---- read_default ----------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["-", "N/A", "none", "None", "", "  ", "—", "null"])
def test_read_default_no_default(cell: str) -> None:
    result = infer.read_default(cell, cell.strip())
    assert result.kind == "none"
    assert result.literal is None
    assert result.ref is None
    assert result.decision.rule == "no default"


@pytest.mark.parametrize(
    ("text", "raw", "literal"),
    [
        ("8080", "`8080`", "8080"),  # as the builder passes it: text without markup, raw as written
        ("`8080`", "`8080`", "8080"),
        ('"abc"', '"abc"', "abc"),
        ("'abc'", "'abc'", "abc"),
        ("127.0.0.1", "127.0.0.1", "127.0.0.1"),
        ("a b c d", "`a b c d`", "a b c d"),  # code, so not prose even with many words
    ],
)
def test_read_default_literal_strips_backticks_and_matching_quotes(text: str, raw: str, literal: str) -> None:
    result = infer.read_default(text, raw)
    assert result.kind == "literal"
    assert result.literal == literal
    assert result.ref is None
    assert result.decision.evidence == raw


def test_read_default_keeps_unmatched_quotes() -> None:
    result = infer.read_default("\"abc'", "\"abc'")
    assert result.kind == "literal"
    assert result.literal == "\"abc'"


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("$OTHER_VAR", "$OTHER_VAR"),
        ("${OTHER_VAR}", "${OTHER_VAR}"),
        ("$OTHER_VAR", "`$OTHER_VAR`"),
        ("defaults to the value of OTHER_VAR", "defaults to the value of OTHER_VAR"),
        ("Defaults to the value of `OTHER_VAR`.", "Defaults to the value of `OTHER_VAR`."),
        ("the value of OTHER_VAR", "the value of OTHER_VAR"),
    ],
)
def test_read_default_reference_to_another_variable(text: str, raw: str) -> None:
    result = infer.read_default(text, raw)
    assert result.kind == "ref"
    assert result.ref == "OTHER_VAR"
    assert result.literal is None
    assert result.decision.rule == "reference to another variable"


@pytest.mark.parametrize("cell", ["Neosync's posthog api key", "see below", "generated at first start", "Same as HOST"])
def test_read_default_prose(cell: str) -> None:
    result = infer.read_default(cell, cell)
    assert result.kind == "prose"
    assert result.literal is None
    assert result.ref is None
    assert result.decision.rule == "prose, not a value"


# ---- infer_type ------------------------------------------------------------------------


def test_type_column_wins_over_the_name() -> None:
    info = infer.infer_type("DB_PORT", "The port used to connect", "string", None, "5432")
    assert info.type == "str"
    assert info.decisions[0].rule == "Type column"
    assert info.decisions[0].evidence == "string"


def test_type_column_wins_over_choices_prose_and_default() -> None:
    info = infer.infer_type("LOG_LEVEL", "Options are a, b or c", "integer", None, "true")
    assert (info.type, info.choices) == ("int", None)


def test_type_column_enum_with_choices() -> None:
    info = infer.infer_type("MODE", "", "Enum: a, b", None, None)
    assert (info.type, info.choices, info.separator) == ("enum", ("a", "b"), None)


def test_type_column_enum_without_choices_is_str() -> None:
    assert infer.infer_type("MODE", "", "enum", None, None).type == "str"


def test_type_column_list_takes_separator_from_description() -> None:
    info = infer.infer_type("SCOPES", "Scopes, space separated", "list", None, None)
    assert (info.type, info.separator) == ("list[str]", " ")


def test_type_column_space_separated_list_has_space_separator() -> None:
    info = infer.infer_type("SCOPES", "Scopes to request", "space-separated list", None, "openid profile")
    assert (info.type, info.separator) == ("list[str]", " ")


def test_unrecognised_type_column_falls_through_to_other_rules() -> None:
    info = infer.infer_type("DB_PORT", "The port", "weird", None, None)
    assert info.type == "int"
    assert info.decisions[0].rule == "name ends in _PORT"


@pytest.mark.parametrize(
    ("description", "choices", "evidence"),
    [
        (
            "Specifies which redis client to use. Options are simple, cluster or failover",
            ("simple", "cluster", "failover"),
            "Options are simple, cluster or failover",
        ),
        ("Options are a, b or c", ("a", "b", "c"), "Options are a, b or c"),
        ("Accepted values are: x, y", ("x", "y"), "Accepted values are: x, y"),
        ("Accepted values are: `x`, `y`.", ("x", "y"), "Accepted values are: `x`, `y`"),
    ],
)
def test_choices_in_prose_make_an_enum(description: str, choices: tuple[str, ...], evidence: str) -> None:
    info = infer.infer_type("KIND", description, None, None, None)
    assert info.type == "enum"
    assert info.choices == choices
    assert info.decisions[0].rule == "choices in the description"
    assert info.decisions[0].evidence == evidence


def test_choices_prose_wins_over_the_name_rule() -> None:
    info = infer.infer_type("CACHE_ENABLED", "Options are a, b or c", None, None, None)
    assert (info.type, info.choices) == ("enum", ("a", "b", "c"))


def test_choices_column_makes_an_enum_and_true_false_a_bool() -> None:
    enum = infer.infer_type("LEVEL", "", None, "`debug`, `info`", None)
    flag = infer.infer_type("LEVEL", "", None, "true, false", None)
    assert (enum.type, enum.choices) == ("enum", ("debug", "info"))
    assert (flag.type, flag.choices) == ("bool", None)


@pytest.mark.parametrize(
    ("name", "description", "separator", "evidence"),
    [
        ("AUTH_AUDIENCE", "Can pass multiple values using a comma separator", ",", "comma separator"),
        ("AUTH_SCOPE", "The space separated list of scopes", " ", "space separated"),
        ("HOSTS", "Hosts, comma-separated", ",", "comma-separated"),
        ("HOSTS", "Hosts separated by a comma", ",", "separated by a comma"),
        ("ADMIN_PORT", "Ports, comma separated", ",", "comma separated"),  # prose wins over _PORT
    ],
)
def test_list_prose_makes_a_list_with_its_separator(name: str, description: str, separator: str, evidence: str) -> None:
    info = infer.infer_type(name, description, None, None, None)
    assert (info.type, info.choices, info.separator) == ("list[str]", None, separator)
    assert info.decisions[0].rule == "list in the description"
    assert info.decisions[0].evidence == evidence


def test_json_prose_makes_json() -> None:
    info = infer.infer_type(
        "AUTH_CLIENTID_SECRET", "This is a JSON stringified map of clientId:secret", None, None, None
    )
    assert (info.type, info.separator) == ("json", None)
    assert info.decisions[0].evidence == "JSON stringified"


@pytest.mark.parametrize(
    ("name", "kind", "rule"),
    [
        ("DB_PORT", "int", "name ends in _PORT"),
        ("PORT", "int", "name ends in _PORT"),
        ("AUTH_ENABLED", "bool", "name says enabled/disabled"),
        ("DB_SSL_DISABLE", "bool", "name says enabled/disabled"),
        ("ENABLE_RUN_LOGS", "bool", "name says enabled/disabled"),
        ("TEMPORAL_CERT_PATH", "path", "name ends in _PATH, _FILE or _DIR"),
        ("CA_FILE", "path", "name ends in _PATH, _FILE or _DIR"),
        ("DB_SCHEMA_DIR", "path", "name ends in _PATH, _FILE or _DIR"),
        ("TEMPORAL_URL", "url", "name ends in _URL, _BASEURL or _URI"),
        ("AUTH_BASEURL", "url", "name ends in _URL, _BASEURL or _URI"),
        ("SHUTDOWN_TIMEOUT_SECONDS", "int", "name ends in a unit or _COUNT"),
    ],
)
def test_name_rules(name: str, kind: str, rule: str) -> None:
    info = infer.infer_type(name, "Something about it", None, None, None)
    assert info.type == kind
    assert info.decisions[0].rule == rule
    assert info.decisions[0].evidence == name


def test_name_rule_wins_over_flag_prose_and_default() -> None:
    info = infer.infer_type("CALLBACK_URL", "Whether to call back", None, None, "8080")
    assert info.type == "url"


@pytest.mark.parametrize(
    ("description", "evidence"),
    [
        ("Whether or not to format logs in JSON or in plaintext to stdout", "Whether"),
        ("Enables analytics within the Neosync app.", "Enables"),
        ('Set this to "true" to disable SSL', 'Set this to "true'),
    ],
)
def test_flag_prose_makes_a_bool(description: str, evidence: str) -> None:
    info = infer.infer_type("LOGS_FORMAT", description, None, None, None)
    assert info.type == "bool"
    assert info.decisions[0].rule == "flag in the description"
    assert info.decisions[0].evidence == evidence


@pytest.mark.parametrize(
    ("literal", "kind"),
    [("8080", "int"), ("-1", "int"), ("true", "bool"), ("False", "bool"), ("1.5", "float"), ("30s", "duration"),
     ("1h30m", "duration")],
)
def test_default_literal_gives_the_type(literal: str, kind: str) -> None:
    info = infer.infer_type("THING", "A thing", None, None, literal)
    assert info.type == kind
    assert info.decisions[0].rule == "the default's literal"
    assert info.decisions[0].evidence == literal


@pytest.mark.parametrize("literal", ["hello", "127.0.0.1", None])
def test_otherwise_str(literal: str | None) -> None:
    info = infer.infer_type("THING", "A thing", None, None, literal)
    assert (info.type, info.choices, info.separator) == ("str", None, None)
    assert info.decisions[0].rule == "no rule matched; plain string"


# ---- check_default / loosen -------------------------------------------------------------


def test_url_default_without_scheme_loosens_to_str() -> None:
    reason = check_default("url", None, None, "RS256")
    assert reason is not None and "not a URL" in reason
    kind, first_reason = loosen("url", None, None, "RS256")
    assert kind == "str"
    assert first_reason == reason


def test_valid_defaults_pass_the_check() -> None:
    assert check_default("url", None, None, "http://localhost:8080") is None
    assert check_default("int", None, None, "8080") is None
    assert check_default("bool", None, None, "false") is None
    assert check_default("enum", ("a", "b"), None, "b") is None
    assert loosen("int", None, None, "8080") == ("int", "")


def test_loosen_steps_through_the_ladder() -> None:
    assert loosen("int", None, None, "1.5")[0] == "float"
    assert loosen("int", None, None, "abc")[0] == "str"
    kind, reason = loosen("enum", ("a", "b"), None, "c")
    assert kind == "str"
    assert "a, b" in reason


def test_typed_default_values() -> None:
    assert typed_default("int", None, "8080") == 8080
    assert typed_default("bool", None, "true") is True
    assert typed_default("list[str]", " ", "openid profile") == ["openid", "profile"]
    assert typed_default("url", None, "http://localhost:8080") == "http://localhost:8080"


# ---- infer_secret ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["DB_PASS", "SMTP_PASSWORD", "NEXTAUTH_SECRET", "GITHUB_TOKEN", "OPENAI_API_KEY", "PASSWORD"]
)
def test_secret_by_name(name: str) -> None:
    secret, decision = infer.infer_secret(name, "")
    assert secret is True
    assert decision.rule == "name ends like a credential"
    assert decision.evidence == name


def test_key_name_with_api_key_in_description_is_secret() -> None:
    secret, decision = infer.infer_secret("POSTHOG_KEY", "API key used to send analytics to Posthog.")
    assert secret is True
    assert decision.rule == "name ends in _KEY and the description names a key"
    assert decision.evidence == "API key"


@pytest.mark.parametrize("description", ["the sort key", "The sort key used to order results"])
def test_sort_key_is_not_secret(description: str) -> None:
    secret, decision = infer.infer_secret("SORT_KEY", description)
    assert secret is False
    assert decision.rule == "no credential in the name or description"


def test_password_description_is_secret() -> None:
    secret, decision = infer.infer_secret("DB_CREDS", "The password that will be used by the DB_USER")
    assert secret is True
    assert decision.rule == "the description says it is a credential"
    assert decision.evidence == "The password"


@pytest.mark.parametrize(("name", "description"), [("DB_USER", "The username"), ("AUTH_CLIENT_ID", "The client id"),
                                                   ("AUTH_TOKEN_URL", "The full url that routes to the token url.")])
def test_plain_variables_are_not_secret(name: str, description: str) -> None:
    assert infer.infer_secret(name, description)[0] is False


@pytest.mark.parametrize("cell", ["Not set", "empty string", "(empty)", "no default"])
def test_placeholder_words_mean_no_default(cell: str) -> None:
    assert infer.read_default(cell, cell).kind == "none"


@pytest.mark.parametrize(
    ("raw", "text", "kind", "literal"),
    [
        ("`0 * * * *`", "0 * * * *", "literal", "0 * * * *"),  # a cron line keeps its stars
        ("`3001` (server), `3003` (worker)", "3001 (server), 3003 (worker)", "prose", None),
        ("$HOME/.cache", "$HOME/.cache", "prose", None),  # expands another variable: not applied
        ("`0640`", "0640", "literal", "0640"),
    ],
)
def test_default_cells_that_look_like_values_but_are_not_one(raw: str, text: str, kind: str,
                                                            literal: str | None) -> None:
    cell = infer.read_default(text, raw)
    assert (cell.kind, cell.literal) == (kind, literal)


def test_a_leading_zero_is_not_an_int() -> None:
    assert infer.infer_type("FILE_MODE", "Mode of new files", None, None, "0640").type == "str"


@pytest.mark.parametrize("cell", ["Yes when using S3", "Required unless `LOCAL_DIR` is set", "Yes, in production"])
def test_qualified_required_cells_are_optional_and_flagged(cell: str) -> None:
    result = infer.read_required(cell, False, "Required")
    assert (result.required, result.understood) == (False, False)


@pytest.mark.parametrize(
    ("name", "description", "secret"),
    [("DATA_KEY", "The key used to encrypt data at rest", True), ("JWT_SIGNING_KEY", "Key for tokens", True),
     ("APP_ENCRYPTION_KEY", "", True), ("PASSWORD_MIN_LENGTH", "Minimum password length", False),
     ("SECRET_HEADER", "Header that carries the secret", False)],
)
def test_more_secret_names(name: str, description: str, secret: bool) -> None:
    assert infer.infer_secret(name, description)[0] is secret
