"""Read meaning out of cells and prose: required, conditions, defaults, types, secrets.

Each function returns its answer with a `Decision` naming the rule and the text it read,
so that `docenv explain` can show why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..model.document import Condition, Decision

NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A variable in prose: an upper-case name, even inside a case-insensitive pattern.
_VAR = r"`?\$?\{?((?-i:[A-Z][A-Z0-9_]*))\}?`?"
_QUOTED = r"""[`"']([^`"'\n]+)[`"']"""
_BARE = r"""([^\s`"',.;)]+)"""


# ---- required ------------------------------------------------------------------------

_YES = {"true", "yes", "y", "✅", "✔", "✔️", "☑️", "x", "mandatory", "always"}
_NO = {"false", "no", "n", "❌", "✖", "✖️", "", "-", "not required", "none", "not set"}
_QUALIFIER = re.compile(r"\b(when|if|unless|only|in|for|with|except|depending)\b")
# Words that mean the same under a Required and an Optional column.
_ABSOLUTE = {"required": True, "optional": False}
# Cells that answer yes or no and need no keeping as text.
PLAIN_REQUIRED_ANSWERS = frozenset(_YES | _NO | set(_ABSOLUTE))

_CONDITION = re.compile(
    rf"required\s+(?:only\s+)?(?:if|when)\s+{_VAR}\s*"
    rf"(?:(?P<set>is\s+(?:set|defined|provided|not\s+empty))\b(?!\s+to\b)|"
    rf"(?:is\s+set\s+to|is|==?|equals)\s*(?!not\b)(?:{_QUOTED}|{_BARE}))",
    re.IGNORECASE,
)
# More values: `or X` with any value, `, X` only when quoted (", otherwise ..." ends the condition).
_MORE_VALUE = re.compile(rf"\s*(?:,\s*(?:or\s+)?{_QUOTED}|\s+or\s+(?:{_QUOTED}|{_BARE}))", re.IGNORECASE)


def condition_from_text(text: str) -> tuple[Condition, str] | None:
    """`Required if AUTH_ENABLED is true` -> Condition(AUTH_ENABLED, ("true",)), with the matched text.

    `Required if X is set` gives a condition with no values: required whenever X is set.
    """
    match = _CONDITION.search(text)
    if not match:
        return None
    if match.group("set"):
        return Condition(match.group(1), ()), match.group(0)
    values = [match.group(3) or match.group(4)]
    end = match.end()
    while more := _MORE_VALUE.match(text, end):
        values.append(next(v for v in more.groups() if v))
        end = more.end()
    return Condition(match.group(1), tuple(dict.fromkeys(values))), text[match.start() : end]


@dataclass(frozen=True, slots=True)
class RequiredCell:
    required: bool
    condition: Condition | None
    understood: bool
    decision: Decision


def read_required(text: str, inverted: bool, column_name: str) -> RequiredCell:
    folded = text.strip().strip("*_").strip().lower()
    cond = condition_from_text(text)
    if cond is not None:
        return RequiredCell(False, cond[0], True, Decision("required_if", f"{column_name} column condition", text))
    words = folded.split()
    first = words[0].rstrip(",.;:") if words else ""
    if folded in _ABSOLUTE or first in _ABSOLUTE:
        value = _ABSOLUTE[folded if folded in _ABSOLUTE else first]
        if value and folded not in _ABSOLUTE and _QUALIFIER.search(folded):
            return RequiredCell(False, None, False,
                                Decision("required", f"{column_name} column qualified; optional", text))
        return RequiredCell(value, None, True, Decision("required", f"{column_name} column", text))
    rule = f"{column_name} column" + (" (inverted: it says optional)" if inverted else "")
    if folded in _YES or folded in _NO:
        return RequiredCell((folded in _YES) != inverted, None, True, Decision("required", rule, text))
    if first in ("yes", "true"):
        if _QUALIFIER.search(folded):
            # "Yes when using S3": required only sometimes, in words docenv cannot check.
            return RequiredCell(False, None, False,
                                Decision("required", f"{column_name} column qualified; optional", text))
        return RequiredCell(not inverted, None, True, Decision("required", rule, text))
    if first in ("no", "false"):
        return RequiredCell(inverted, None, True, Decision("required", rule, text))
    return RequiredCell(False, None, False, Decision("required", f"{column_name} column not understood; optional", text))


# ---- defaults ------------------------------------------------------------------------

_NO_DEFAULT = {
    "", "-", "--", "—", "–", "n/a", "na", "none", "null", "nil", "undefined", "(none)", "empty", "unset",
    "not set", "(not set)", "no default", "empty string", "(empty)", "not specified", "blank", "(unset)",
}
_CODE_SPAN = re.compile(r"(`+)[^`]*\1")
_EMBEDDED_REF = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")
_REF_DOLLAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")
_REF_PROSE = re.compile(r"(?:defaults?\s+to\s+)?(?:the\s+)?value\s+of\s+`?\$?([A-Z][A-Z0-9_]*)`?", re.IGNORECASE)
_PROSE_START = re.compile(r"(?i)^(?:see|depends|computed|generated|random|auto|derived|same as|uses?|the |a |an )")


@dataclass(frozen=True, slots=True)
class DefaultCell:
    kind: str  # "none", "literal", "ref" or "prose"
    literal: str | None
    ref: str | None
    decision: Decision


def read_default(text: str, raw: str) -> DefaultCell:
    stripped = text.strip()
    quoted = _unquote(stripped)
    if stripped.lower() in _NO_DEFAULT:
        return DefaultCell("none", None, None, Decision("default", "no default", raw))
    dollar = _REF_DOLLAR.fullmatch(quoted)
    if dollar:
        return DefaultCell("ref", None, dollar.group(1), Decision("default", "reference to another variable", raw))
    prose_ref = _REF_PROSE.fullmatch(stripped.rstrip("."))
    if prose_ref:
        return DefaultCell("ref", None, prose_ref.group(1), Decision("default", "reference to another variable", raw))
    is_code = bool(_CODE_SPAN.fullmatch(raw.strip())) or quoted != stripped
    if "`" in raw and not is_code:
        # `3001` (server), `3003` (worker): values with commentary around them.
        return DefaultCell("prose", None, None, Decision("default", "values with commentary, not one value", raw))
    if not is_code and _looks_like_prose(stripped):
        return DefaultCell("prose", None, None, Decision("default", "prose, not a value", raw))
    if _EMBEDDED_REF.search(quoted):
        return DefaultCell("prose", None, None, Decision("default", "expands another variable inside a value", raw))
    return DefaultCell("literal", quoted, None, Decision("default", "literal", raw))


def _unquote(text: str) -> str:
    for quote in ('"', "'", "`"):
        if len(text) >= 2 and text[0] == quote and text[-1] == quote:
            return text[1:-1]
    return text


def _looks_like_prose(text: str) -> bool:
    words = text.split()
    if len(words) >= 3 or "'s " in text:
        return True
    return len(words) >= 2 and bool(_PROSE_START.match(text))


# ---- types ---------------------------------------------------------------------------

_TYPE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?i)\benum"), "enum"),
    (re.compile(r"(?i)\b(bool|boolean)\b"), "bool"),
    (re.compile(r"(?i)\b(int|integer|number|port)\b"), "int"),
    (re.compile(r"(?i)\b(float|decimal|double)\b"), "float"),
    (re.compile(r"(?i)\b(url|uri)\b"), "url"),
    (re.compile(r"(?i)\b(path|file|directory|dir)\b"), "path"),
    (re.compile(r"(?i)\b(duration)\b"), "duration"),
    (re.compile(r"(?i)\b(list|array|(comma|space)[- ]separated)\b"), "list[str]"),
    (re.compile(r"(?i)\b(json|object|map)\b"), "json"),
    (re.compile(r"(?i)\b(string|str|text|any)\b"), "str"),
]

_CHOICE_PROSE = re.compile(
    r"(?i)(?:options\s+are|(?:possible|accepted|allowed|valid|supported)\s+values(?:\s+are)?|"
    r"one\s+of|must\s+be\s+one\s+of|options|either)\s*:?\s*\[?([^.\]\n]+)"
)
_CHOICE_ITEM = re.compile(r"""^[`"']?([A-Za-z0-9_.:/+-]+)[`"']?$""")
_LIST_PROSE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?i)\bcomma[- ]?(?:separated|separator|delimited|seperated)"), ","),
    (re.compile(r"(?i)\bseparated\s+by\s+(?:a\s+)?comma"), ","),
    (re.compile(r"(?i)\bspace[- ]?(?:separated|separator|delimited|seperated)"), " "),
    (re.compile(r"(?i)\bseparated\s+by\s+(?:a\s+)?space"), " "),
]
_JSON_PROSE = re.compile(
    r"(?i)\bjson[- ](?:stringified|encoded|string|object|map|array)|\bstringified\s+json|\bas\s+json\b|\bjson\s+formatted"
)
# "URL that receives the events", "The webhook URL to call": the description says what the value is.
_URL_PROSE = re.compile(r"(?i)^(?:(?:the|a|an)\s+)?(?:[\w-]+\s+)?(?:url|uri)\s+(?:that|which|of|to|for|where|at)\b")
_FLAG_PROSE = re.compile(
    r"(?i)^(?:whether\b|set\s+(?:this\s+)?to\s+[`\"']?true|if\s+[`\"']?true|enables?\b|disables?\b|toggles?\b|turns?\s+on)"
)

_NAME_RULES: list[tuple[Callable[[str], bool], str, str]] = [
    (lambda n: n == "PORT" or n.endswith("_PORT"), "int", "name ends in _PORT"),
    (
        lambda n: n.endswith(("_ENABLED", "_DISABLED", "_ENABLE", "_DISABLE")) or n.startswith(("ENABLE_", "DISABLE_")),
        "bool",
        "name says enabled/disabled",
    ),
    (lambda n: n.endswith(("_PATH", "_FILE", "_DIR", "_DIRECTORY")), "path", "name ends in _PATH, _FILE or _DIR"),
    (lambda n: n.endswith(("_URL", "_BASEURL", "_URI")), "url", "name ends in _URL, _BASEURL or _URI"),
    (
        lambda n: n.endswith(
            ("_SECONDS", "_SECS", "_MS", "_MILLIS", "_MILLISECONDS", "_MINUTES", "_HOURS", "_DAYS", "_COUNT")
        ),
        "int",
        "name ends in a unit or _COUNT",
    ),
]


@dataclass(frozen=True, slots=True)
class TypeInfo:
    type: str
    choices: tuple[str, ...] | None
    separator: str | None
    decisions: tuple[Decision, ...]


def read_choices(text: str) -> tuple[str, ...] | None:
    """`simple, cluster or failover`, `'TLS', 'SSL', 'NONE'`, `[pgvector, pgvecto.rs]` -> a tuple."""
    parts = [p.strip() for p in re.split(r",|\bor\b|\|", text) if p.strip()]
    choices: list[str] = []
    for part in parts:
        match = _CHOICE_ITEM.match(part)
        if not match:
            return None
        if match.group(1) not in choices:
            choices.append(match.group(1))
    return tuple(choices) if len(choices) >= 2 else None


def _prose_choices(description: str) -> tuple[tuple[str, ...], str] | None:
    for match in _CHOICE_PROSE.finditer(description):
        choices = read_choices(match.group(1).strip().rstrip(")"))
        if choices:
            return choices, match.group(0).strip()
    return None


def infer_type(
    name: str, description: str, type_cell: str | None, choices_cell: str | None, literal: str | None
) -> TypeInfo:
    """The type by precedence: Type column, choices, list/JSON prose, name, flag prose, default, str."""
    separator = _separator(description)
    if type_cell and type_cell.strip():
        declared = _declared_type(type_cell)
        if declared is not None:
            kind, choices = declared
            if kind == "list[str]":
                separator = _separator(type_cell) or separator or ","
            return TypeInfo(kind, choices, separator if kind == "list[str]" else None,
                            (Decision("type", "Type column", type_cell),))
    if choices_cell:
        choices = read_choices(choices_cell)
        if choices:
            return _enum_or_bool(choices, Decision("type", "choices column", choices_cell))
    found = _prose_choices(description)
    if found and separator is None:  # "comma separated list ... Valid values: a, b": a list of those
        return _enum_or_bool(found[0], Decision("type", "choices in the description", found[1]))
    if separator is not None:
        evidence = next(m for p, sep in _LIST_PROSE if sep == separator and (m := p.search(description)))
        return TypeInfo("list[str]", None, separator, (Decision("type", "list in the description", evidence.group(0)),))
    json_match = _JSON_PROSE.search(description)
    if json_match:
        return TypeInfo("json", None, None, (Decision("type", "JSON in the description", json_match.group(0)),))
    for test, kind, rule in _NAME_RULES:
        if test(name):
            return TypeInfo(kind, None, None, (Decision("type", rule, name),))
    url = _URL_PROSE.search(description)
    if url:
        return TypeInfo("url", None, None, (Decision("type", "a URL in the description", url.group(0)),))
    flag = _FLAG_PROSE.search(description)
    if flag:
        return TypeInfo("bool", None, None, (Decision("type", "flag in the description", flag.group(0)),))
    if literal is not None:
        literal_kind = _literal_type(literal)
        if literal_kind is not None:
            return TypeInfo(literal_kind, None, None, (Decision("type", "the default's literal", literal),))
    return TypeInfo("str", None, None, (Decision("type", "no rule matched; plain string", ""),))


def _separator(description: str) -> str | None:
    for pattern, sep in _LIST_PROSE:
        if pattern.search(description):
            return sep
    return None


def _enum_or_bool(choices: tuple[str, ...], decision: Decision) -> TypeInfo:
    if {c.lower() for c in choices} == {"true", "false"}:
        return TypeInfo("bool", None, None, (decision,))
    return TypeInfo("enum", choices, None, (decision,))


def _declared_type(cell: str) -> tuple[str, tuple[str, ...] | None] | None:
    for pattern, kind in _TYPE_WORDS:
        if pattern.search(cell):
            if kind == "enum":
                after = cell.split(":", 1)[1] if ":" in cell else ""
                choices = read_choices(after)
                return ("enum", choices) if choices else ("str", None)
            return kind, None
    return None


def _literal_type(literal: str) -> str | None:
    if literal in ("true", "false", "True", "False", "TRUE", "FALSE"):
        return "bool"
    if re.fullmatch(r"-?(0|[1-9][0-9]*)", literal):  # not 0640: a leading zero is a code, not a number
        return "int"
    if re.fullmatch(r"-?[0-9]+\.[0-9]+", literal):
        return "float"
    if re.fullmatch(r"([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+", literal):
        return "duration"
    return None


# ---- secrets -------------------------------------------------------------------------

_SECRET_SUFFIXES = ("_PASS", "_PASSWORD", "_PASSWD", "_SECRET", "_TOKEN", "_API_KEY", "_APIKEY", "_PRIVATE_KEY",
                    "_SECRET_KEY", "_ACCESS_KEY", "_SECRET_ACCESS_KEY", "_CREDENTIALS", "_PASSPHRASE",
                    "_ENCRYPTION_KEY", "_SIGNING_KEY", "_MASTER_KEY", "_SESSION_KEY", "_HMAC_KEY", "_ACCOUNT_KEY")
# Names that talk about a credential without holding one.
_NOT_SECRET_SUFFIXES = ("_LENGTH", "_MIN", "_MAX", "_ATTEMPTS", "_POLICY", "_COUNT", "_ENABLED", "_DISABLED",
                        "_FILE", "_PATH", "_DIR", "_URL", "_HOST", "_PORT", "_TTL", "_EXPIRY", "_EXPIRATION",
                        "_TIMEOUT", "_HEADER", "_ALGORITHM", "_ALG", "_TYPE", "_MODE", "_NAME", "_ID")
_KEY_PROSE = re.compile(
    r"(?i)\b(api|private|secret|access|encryption|signing|certificate|license|client)\s+key\b"
)
_KEY_USE = re.compile(r"(?i)\b(?:used\s+)?to\s+(?:encrypt|decrypt|sign|verify)\b|\bencryption\b|\bsigning\b")
_SECRET_PROSE = re.compile(r"(?i)^(?:the\s+|a\s+|an\s+|your\s+)?(?:\w+\s+)?(password|passphrase|secret|api\s+key)\b")


def infer_secret(name: str, description: str) -> tuple[bool, Decision]:
    upper = name.upper()
    if upper.endswith(_SECRET_SUFFIXES) or upper in ("PASSWORD", "SECRET", "TOKEN", "API_KEY"):
        return True, Decision("secret", "name ends like a credential", name)
    if upper.endswith(_NOT_SECRET_SUFFIXES):
        return False, Decision("secret", "name describes a credential's setting, not the credential", name)
    if upper.endswith("_KEY") and _KEY_USE.search(description):
        return True, Decision("secret", "name ends in _KEY and the key encrypts or signs",
                              _KEY_USE.search(description).group(0))  # type: ignore[union-attr]
    if upper.endswith("_KEY"):
        key = _KEY_PROSE.search(description)
        if key:
            return True, Decision("secret", "name ends in _KEY and the description names a key", key.group(0))
    prose = _SECRET_PROSE.search(description)
    if prose:
        return True, Decision("secret", "the description says it is a credential", prose.group(0))
    return False, Decision("secret", "no credential in the name or description", "")
