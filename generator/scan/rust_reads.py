"""Rust: environment variables read with std::env, dotenvy, dotenv and the compile-time env macros.

Reads:
- `std::env::var("X")`, `std::env::var_os("X")` (also `::std::...`), `dotenvy::var("X")`, `dotenv::var("X")`;
  `env::var`/`env::var_os` after `use std::env;` (or `use std::{env, ...}`, `use std::env::{self, ...}`);
  `var("X")`/`var_os("X")` after `use std::env::var;` or `use std::env::*;`, and names renamed with `as`.
- `env!("X")` and `option_env!("X")`: the build environment, except the names Cargo sets itself.
The name is a string literal (raw strings too) or an identifier bound once in the file by
`const`/`static X: &str = "..."`; anything else (`format!`, a variable, another module's constant) is an
unresolved read with a why.

Declared (library `std::env`, `dotenvy`, `dotenv`, `env!`, `option_env!`), from the calls chained on the read:
required True for `?` on a Result, `.unwrap()`, `.expect(..)`, a fallback that panics and `env!`; False for
`.unwrap_or*`, `.ok()`, `.is_ok()`, `if let Ok(..) =` and `option_env!`. A default given as a literal (`"8080".into()`,
`|_| "8080".to_string()`, a `&str` constant; a number or bool once the value is parsed); a type from
`.parse::<T>()` or a `let x: T` annotation on an untyped `.parse()`.

Not reads: comments (block comments nest), strings, raw strings `r#"..."#`, byte and C strings, char
literals (told from lifetimes such as `'a`), and test code: items under `#[cfg(test)]` (a `mod tests { }`),
`#[test]`/`#[tokio::test]` functions, a file under `#![cfg(test)]`.

This module also lexes Rust for rust_structs (`lex`, `Lexed`, `use_bindings`, `literal`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .found import READ, Declared, Found
from .lexing import Constants, Spans, call_arguments, one_line

_TRIGGER = "env"  # every spelling holds it: std::env, env!, option_env!, dotenv(y), `use std::env::var`

# --- Lexing ------------------------------------------------------------------------------------------

# Where a comment, string or char literal may start; a lone `'` may also be a lifetime or a label.
_LEX = re.compile(r"""/[/*]|(?<![\w])[bc]?r(?P<hashes>\#*)"|"|'""")
_BLOCK_MARK = re.compile(r"/\*|\*/")
_STRING_REST = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_CHAR = re.compile(r"""'(?:[^'\\\n\r\t]|\\(?:[nrt\\0'"]|x[0-7][0-9A-Fa-f]|u\{[0-9A-Fa-f_]{1,6}\}))'""")

# Test-only items: `#[cfg(test)]`, `#[cfg(all(test, ..))]`, `#[test]`, `#[tokio::test(..)]`; `#![cfg(test)]`.
_TEST_ATTRIBUTE = re.compile(
    r"#\s*\[\s*(?:cfg\s*\(\s*(?:test|all\s*\([^()]*\btest\b[^()]*\))\s*\)|(?:\w+\s*::\s*)*test\b[^\]]*)\s*\]")
_TEST_FILE = re.compile(r"#!\s*\[\s*cfg\s*\(\s*test\s*\)\s*\]")
_ITEM_BODY = re.compile(r"[{;]")
_BRACES = re.compile(r"[{}]")


@dataclass(frozen=True, slots=True)
class Lexed:
    """A Rust file's text that is not code (comments, strings, chars) and its test-only items."""

    noise: Spans
    comments: tuple[tuple[int, int], ...]
    tests: Spans

    def is_code(self, offset: int) -> bool:
        """True when `offset` is neither in a comment, string or char literal nor in test-only code."""
        return not self.noise.covers(offset) and not self.tests.covers(offset)


def lex(text: str) -> Lexed:
    ranges, comments = _noise_ranges(text)
    noise = Spans(ranges)
    tests = _test_regions(text, noise) if "test" in text else Spans(())
    return Lexed(noise, tuple(comments), tests)


def _noise_ranges(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Every comment, string and char literal as [start, end); comments also on their own. Unterminated ones
    run to the end of the text, as the compiler would complain."""
    ranges: list[tuple[int, int]] = []
    comments: list[tuple[int, int]] = []
    at = 0
    while (token := _LEX.search(text, at)) is not None:
        start, mark = token.start(), token.group()
        if mark == "'":
            char = _CHAR.match(text, start)
            if char is None:  # a lifetime or a loop label: code
                at = start + 1
                continue
            end = char.end()
        elif mark == "//":
            newline = text.find("\n", start)
            end = len(text) if newline == -1 else newline
            comments.append((start, end))
        elif mark == "/*":
            end = _block_comment_end(text, start)
            comments.append((start, end))
        elif token.group("hashes") is not None:  # r"..", r#".."#, br"..", cr".."
            closer = '"' + token.group("hashes")
            close = text.find(closer, token.end())
            end = len(text) if close == -1 else close + len(closer)
        else:
            rest = _STRING_REST.match(text, token.end())
            end = len(text) if rest is None else rest.end()
        ranges.append((start, end))
        at = end
    return ranges, comments


def _block_comment_end(text: str, start: int) -> int:
    """Where the block comment opened at `start` ends: Rust block comments nest."""
    depth = 0
    for mark in _BLOCK_MARK.finditer(text, start):
        depth += 1 if mark.group() == "/*" else -1
        if depth == 0:
            return mark.end()
    return len(text)


def _test_regions(text: str, noise: Spans) -> Spans:
    """The spans of test-only items: from the attribute to the end of the item's body (or its `;`)."""
    whole = _TEST_FILE.search(text)
    if whole is not None and not noise.covers(whole.start()):
        return Spans([(0, len(text))])
    regions: list[tuple[int, int]] = []
    for attribute in _TEST_ATTRIBUTE.finditer(text):
        start = attribute.start()
        if noise.covers(start) or (regions and start < regions[-1][1]):  # nested in a region already found
            continue
        regions.append((start, _item_end(text, attribute.end(), noise)))
    return Spans(regions)


def _item_end(text: str, after: int, noise: Spans) -> int:
    for mark in _ITEM_BODY.finditer(text, after):
        if noise.covers(mark.start()):
            continue
        return mark.end() if mark.group() == ";" else _closing_brace(text, mark.start(), noise)
    return len(text)


def _closing_brace(text: str, opening: int, noise: Spans) -> int:
    """Just past the `}` that closes the `{` at `opening` (braces in comments and strings do not count)."""
    depth = 0
    for brace in _BRACES.finditer(text, opening):
        if noise.covers(brace.start()):
            continue
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            return brace.end()
    return len(text)


def blank_comments(text: str, lexed: Lexed) -> str:
    """`text` with its comments as spaces (newlines kept): offsets hold, doc comments vanish."""
    if not lexed.comments:
        return text
    parts: list[str] = []
    at = 0
    for start, end in lexed.comments:
        parts.append(text[at:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        at = end
    parts.append(text[at:])
    return "".join(parts)


# --- Paths and `use` ---------------------------------------------------------------------------------

_USE = re.compile(r"(?m)^[ \t]*(?:pub(?:[ \t]*\([^)\n]*\))?[ \t]+)?use[ \t]+(?P<tree>[^;]+);")
_USE_TOKEN = re.compile(r"::|[{},*]|(?:r#)?[A-Za-z_]\w*")
_PATH_BEFORE = re.compile(r"(?:(?:::)?[ \t]*(?:[A-Za-z_]\w*[ \t]*::[ \t]*)+)?\Z")
_LONGEST_PATH = 120

Path = tuple[str, ...]


def use_bindings(text: str, lexed: Lexed, mentioning: str | None = None) -> dict[str, Path]:
    """The names the file's `use` declarations bring in, each with its full path (`env` -> std::env);
    a glob import is bound to the name "*" + its path's last part. Only trees holding `mentioning`."""
    bindings: dict[str, Path] = {}
    for use in _USE.finditer(text):
        tree = use.group("tree")
        if (mentioning is None or mentioning in tree) and lexed.is_code(use.start("tree")):
            for local, path in _use_tree(_USE_TOKEN.findall(tree)):
                bindings[local] = path
    return bindings


def _use_tree(tokens: list[str]) -> Iterator[tuple[str, Path]]:
    """(local name, full path) of each leaf of a use tree: `std::env::{self, var as v}` -> env, v."""
    stack: list[Path] = [()]  # the path prefix at each brace depth
    path: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "{":
            stack.append(tuple(path))
        elif token == "}":
            stack.pop()
            path = list(stack[-1])
        elif token == ",":
            path = list(stack[-1])
        elif token == "*":
            yield "*" + (path[-1] if path else ""), tuple(path)
        elif token != "::":
            name = token.removeprefix("r#")
            if i + 1 < len(tokens) and tokens[i + 1] == "::":
                path.append(name)
            else:
                full = tuple(path) if name == "self" else (*path, name)
                local = (path[-1] if path else name) if name == "self" else name
                if i + 2 < len(tokens) and tokens[i + 1] == "as":
                    local = tokens[i + 2]
                    i += 2
                if local != "_" and full:
                    yield local, full
        i += 1


def path_before(text: str, start: int) -> tuple[int, Path]:
    """The path written right before the name at `start` (`std::env::` before `var`): its start and parts;
    a leading "" part for an absolute path (`::std`)."""
    written = _PATH_BEFORE.search(text, max(0, start - _LONGEST_PATH), start)
    if written is None or written.start() == start:
        return start, ()
    parts = tuple(part.strip() for part in written.group().split("::"))[:-1]
    return written.start() + (len(written.group()) - len(written.group().lstrip())), parts


def resolve_path(parts: Path, bindings: dict[str, Path]) -> Path:
    """A written path with its first part replaced by what a `use` bound it to (a crate name stays)."""
    if not parts:
        return parts
    if parts[0] == "":
        return parts[1:]
    return bindings.get(parts[0], (parts[0],)) + parts[1:]


# --- Literals ------------------------------------------------------------------------------------------

_STRING_LITERAL = re.compile(r'"(?P<text>[^"\\]*)"|r(?P<hashes>#*)"(?P<raw>.*?)"(?P=hashes)', re.S)
_WRAPPED = re.compile(r"(?:String|OsString|PathBuf)\s*::\s*from\s*\((?P<inner>.*)\)", re.S)
_CONVERTED = re.compile(r"(?P<inner>.*?)\s*\.\s*(?:into|to_string|to_owned)\s*\(\s*\)", re.S)
_NUMBER_OR_BOOL = re.compile(
    r"(?P<value>-?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?|true|false)(?:[iuf](?:8|16|32|64|128|size))?")
_CLOSURE = re.compile(r"(?:move\s*)?\|[^|]*\|\s*(?P<body>.*)", re.S)


def string_literal(source: str) -> tuple[str, int] | None:
    """(the text, where it starts in `source`) when `source` is exactly one string literal without escapes."""
    found = _STRING_LITERAL.fullmatch(source)
    if found is None:
        return None
    group = "text" if found.group("text") is not None else "raw"
    return found.group(group), found.start(group)


def literal(source: str, constants: Constants | None = None, typed: bool = True) -> str | None:
    """The value a default expression gives, as the variable would be set: `"8080".into()` -> 8080,
    `|_| String::from("x")` -> x; a number or bool only when `typed` (the variable is parsed); a `&str`
    constant of the file. None for anything computed."""
    source = source.strip()
    closure = _CLOSURE.fullmatch(source)
    if closure is not None:
        source = closure.group("body").strip()
    if source.startswith("{") and source.endswith("}"):
        source = source[1:-1].strip()
    unwrapped = _WRAPPED.fullmatch(source) or _CONVERTED.fullmatch(source)
    if unwrapped is not None:
        source = unwrapped.group("inner").strip()
    text = string_literal(source)
    if text is not None:
        return text[0]
    number = _NUMBER_OR_BOOL.fullmatch(source)
    if number is not None:
        return number.group("value").replace("_", "") if typed else None
    if constants is not None and _IDENTIFIER.fullmatch(source):
        return constants.get(source)
    return None


# --- Reads ---------------------------------------------------------------------------------------------

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_CONSTANT = re.compile(
    r"(?m)^[ \t]*(?:pub(?:[ \t]*\([^)\n]*\))?[ \t]+)?(?:const|static)[ \t]+(?P<name>[A-Za-z_]\w*)[ \t]*:"
    r"[ \t]*&[ \t]*(?:'static[ \t]+)?str[ \t]*=[ \t]*\"(?P<value>[^\"\\\n]*)\"[ \t]*;")
# The last part of a read's path: a function, or a macro with its `!`.
_CALL = re.compile(r"\b(?P<name>var_os|var|option_env|env)\s*(?P<bang>!)?\s*(?:::\s*<[^<>()]{0,80}>\s*)?\(")
# Inside a call's brackets: comments and strings whole (so their brackets and commas do not count).
ARGUMENT_TOKEN = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)|[bc]?r(?P<h>#*)\".*?(?:\"(?P=h)|\Z)|\"[^\"\\]*(?:\\.[^\"\\]*)*(?:\"|\Z)"
    r"|'(?:[^'\\\n]|\\[^\n]{1,10}?)'|[()\[\]{},]", re.S)

# (library, what the call returns) of each function read.
_FUNCTIONS: dict[Path, tuple[str, str]] = {
    ("std", "env", "var"): ("std::env", "result"),
    ("std", "env", "var_os"): ("std::env", "option"),
    ("dotenvy", "var"): ("dotenvy", "result"),
    ("dotenv", "var"): ("dotenv", "result"),
}
_GLOBS = {"*env": ("std", "env"), "*dotenvy": ("dotenvy",), "*dotenv": ("dotenv",)}
_MACROS = {"env": ("env!", True), "option_env": ("option_env!", False)}  # library, required


def _cargo_sets(name: str) -> bool:
    """Names Cargo sets while it compiles a crate (the Cargo book, "Environment variables Cargo sets for
    crates"): CARGO, CARGO_PKG_VERSION, CARGO_MANIFEST_DIR, CARGO_BIN_EXE_<name>..., and OUT_DIR."""
    return name == "CARGO" or name.startswith("CARGO_") or name == "OUT_DIR"


@dataclass(frozen=True, slots=True)
class _Call:
    start: int  # where the path starts
    opening: int  # the `(`
    library: str
    returns: str  # "result", "option" or "macro"
    required: bool | None = None  # a macro's own say


def find(text: str) -> list[Found]:
    """Every environment variable read in the Rust source `text`, sorted by offset."""
    if _TRIGGER not in text:
        return []
    matches = list(_CALL.finditer(text))
    if not matches and " as " not in text:  # without a call, only a renamed function can read
        return []
    lexed = lex(text)
    bindings = _function_bindings(text, lexed)
    renamed = [name for name, path in bindings.items() if path in _FUNCTIONS and name not in ("var", "var_os")]
    if renamed:
        extra = re.compile(rf"\b(?P<name>{'|'.join(map(re.escape, renamed))})\s*(?P<bang>)\(")
        matches.extend(extra.finditer(text))
    if not matches:
        return []
    constants = Constants(text, _CONSTANT)
    finds: list[Found] = []
    for match in matches:
        call = _call(text, match, bindings)
        if call is not None and lexed.is_code(call.start):
            finds.extend(_reads(text, call, constants))
    return sorted(finds, key=lambda found: found.offset)


def _function_bindings(text: str, lexed: Lexed) -> dict[str, Path]:
    """The file's `use` names that lead to a read (`env`, `var`, `getenv`), glob imports unfolded."""
    bindings = use_bindings(text, lexed, "env") if "use" in text else {}
    for glob, module in _GLOBS.items():
        if bindings.get(glob) == module:
            bindings.update({path[-1]: path for path in _FUNCTIONS if path[:-1] == module})
    return bindings


def _call(text: str, match: re.Match[str], bindings: dict[str, Path]) -> _Call | None:
    """The read a name followed by `(` (or `!(`) makes, when its path leads to one."""
    name = match.group("name")
    start, written = path_before(text, match.start())
    if start > 0 and text[start - 1] in ".$":  # a method (`cmd.env(..)`) or a macro_rules fragment
        return None
    if match.group("bang"):
        if name not in _MACROS or written not in ((), ("std",), ("core",), ("", "std"), ("", "core")):
            return None
        library, required = _MACROS[name]
        return _Call(start, match.end() - 1, library, "macro", required)
    function = _FUNCTIONS.get(resolve_path((*written, name), bindings) if written else bindings.get(name, ()))
    if function is None:
        return None
    return _Call(start, match.end() - 1, *function)


def _reads(text: str, call: _Call, constants: Constants) -> list[Found]:
    parsed = call_arguments(text, call.opening, ARGUMENT_TOKEN)
    if parsed is None or not parsed[0]:
        return []
    arguments, close = parsed
    expression = one_line(text[call.start: close + 1])
    name, offset, why = _argument_name(text, arguments[0], constants, call.returns == "macro")
    if name is not None and call.returns == "macro" and _cargo_sets(name):
        return []
    declared = _declared(text, call, close, constants)
    if name is None:
        return [Found(call.start, None, READ, expression, declared, why)]
    return [Found(offset, name, READ, expression, declared)] if name else []


def _argument_name(text: str, argument: tuple[int, int], constants: Constants,
                   macro: bool) -> tuple[str | None, int, str | None]:
    """(the name, where it starts, why it is unknown): a literal, or a `&str` constant bound once in the file."""
    start, end = argument
    source = text[start:end]
    found = string_literal(source)
    if found is not None:
        return found[0], start + found[1], None
    bare = source.lstrip("&").strip()
    if _IDENTIFIER.fullmatch(bare) and not macro:
        value = constants.get(bare)
        if value is not None:
            return value, start + source.index(bare), None
        return None, start, f"`{bare}` is not a string constant bound once in this file"
    return None, start, _why(source)


def _why(source: str) -> str:
    macro = re.match(r"&?\s*([A-Za-z_]\w*)\s*!", source)
    if macro is not None:
        return f"the name is built by {macro.group(1)}!"
    if re.fullmatch(r"&?\s*(?:[A-Za-z_]\w*\s*::\s*)+[A-Za-z_]\w*", source):
        return f"`{one_line(source, 40)}` is a constant of another module"
    if '"' in source and "\\" in source:
        return "the name is a string with escapes"
    return "the name is computed at run time"


# --- What a read declares ----------------------------------------------------------------------------

_STEP = re.compile(
    r"\s*(?:(?P<try>\?)|\.\s*(?P<method>[A-Za-z_]\w*)\s*"
    r"(?:::\s*<\s*(?P<turbofish>[^<>()]*(?:<[^<>()]*>[^<>()]*)*?)\s*>\s*)?\()")
_LONGEST_CHAIN = 8
_REQUIRED = frozenset({"unwrap", "expect", "unwrap_unchecked"})
_FALLBACK = frozenset({"unwrap_or", "unwrap_or_else"})
_OPTIONAL = frozenset({"unwrap_or_default", "is_ok", "is_err", "is_some", "is_none", "is_ok_and", "is_some_and",
                       "map_or", "map_or_else", "or", "or_else"})
_PASS = frozenset({"map_err", "context", "with_context", "wrap_err", "wrap_err_with", "as_deref", "as_ref",
                   "ok_or", "ok_or_else", "filter", "cloned", "to_owned", "into_string"})
_TRANSFORM = frozenset({"map", "and_then"})
# A fallback closure that never returns: the read is required after all.
_DIVERGES = re.compile(r"(?:move\s*)?\|[^|]*\|\s*\{?\s*(?:(?:std\s*::\s*)?(?:panic|unreachable|todo|unimplemented)\s*!"
                       r"|(?:std\s*::\s*)?process\s*::\s*exit\s*\().*", re.S)
_STRING_METHODS = frozenset({"trim", "as_str", "to_string", "to_owned", "into", "to_lowercase", "to_uppercase"})
_PARSE_TYPE = re.compile(r"\bparse\s*::\s*<\s*(?P<type>[\w:]+)\s*>")
_LET_TYPE = re.compile(r"\blet\s+(?:mut\s+)?[A-Za-z_]\w*\s*:\s*(?P<type>[^=;{}]+?)\s*=\s*\Z")
_IF_LET = re.compile(r"\b(?:if|while)\s+let\s+(?:Ok|Some)\s*\([^()]*\)\s*=\s*\Z")
_WRAPPER = re.compile(r"(?:[\w:]*::)?(?:Option|Result)\s*<\s*(?P<inner>[\w:]+)")
_MAPPED = {"PathBuf::from": "path", "Url::parse": "url"}

# A parsed type's last path part, in the doc's vocabulary.
PARSED_TYPES: dict[str, str] = {
    **dict.fromkeys(("u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize"), "int"),
    "f32": "float", "f64": "float", "bool": "bool", "String": "str", "PathBuf": "path", "Url": "url",
}


@dataclass(slots=True)
class _Chain:
    """What the calls chained on a read say: walked one step at a time."""

    state: str  # "result", "option" (the read's own wrapper), "value" (unwrapped) or "done"
    required: bool | None = None
    default: str | None = None
    type: str | None = None
    parsed: bool = False  # a parse mapped over the wrapper: typed defaults are the variable's text
    untyped_parse: bool = False
    transformed: bool = False  # mapped into something else: later defaults are not the variable's
    handled: bool = False  # turned into an Option with `.ok()`: absent is a case the code handles


def _declared(text: str, call: _Call, close: int, constants: Constants) -> Declared:
    if call.returns == "macro":  # env! gives the value, option_env! an Option
        chain = _Chain("value" if call.required else "option", required=call.required or None)
    else:
        chain = _Chain(call.returns)
        if _IF_LET.search(text, max(0, call.start - 200), call.start):
            chain.required = False
    at = close + 1
    for _ in range(_LONGEST_CHAIN):
        step = _STEP.match(text, at)
        if step is None or chain.state == "done":
            break
        at = step.end()
        argument = ""
        if step.group("method"):
            parsed = call_arguments(text, at - 1, ARGUMENT_TOKEN)
            if parsed is None:
                break
            argument = text[parsed[0][0][0]: parsed[0][0][1]] if parsed[0] else ""
            at = parsed[1] + 1
        _step(chain, step, argument, constants)
    if chain.untyped_parse and chain.type is None:
        chain.type = _let_type(text, call.start)
    if chain.required is None and (chain.handled or call.required is False):
        chain.required = False  # `.ok()`, option_env!: the code handles the variable's absence
    return Declared(call.library, chain.type, chain.default, chain.required)


def _step(chain: _Chain, step: re.Match[str], argument: str, constants: Constants) -> None:
    method = step.group("method") or "?"
    if chain.state == "value":
        if method == "parse":
            _parse(chain, step.group("turbofish"))
            chain.state = "done"
        elif method not in _STRING_METHODS:
            chain.state = "done"
        return
    if method == "?":
        chain.required = True if chain.state == "result" and chain.required is None else chain.required
        chain.state = "value"
    elif method in _REQUIRED:
        chain.required = True if chain.required is None else chain.required
        chain.state = "value"
    elif method in _FALLBACK and _DIVERGES.fullmatch(argument):
        chain.required = True if chain.required is None else chain.required  # `|_| panic!(..)`: no fallback
        chain.state = "value"
    elif method in _FALLBACK:
        chain.required = False
        if not chain.transformed:
            chain.default = literal(argument, constants, typed=chain.parsed)
        chain.state = "value"
    elif method in _OPTIONAL:
        chain.required = False
        chain.state = "value" if method == "unwrap_or_default" else "done"
    elif method == "ok":
        chain.state, chain.handled = "option", True
    elif method in _TRANSFORM:
        _transform(chain, argument)
    elif method not in _PASS:
        chain.state = "done"


def _transform(chain: _Chain, argument: str) -> None:
    """`.map(..)`/`.and_then(..)`: a parse keeps the variable's text as the value, anything else does not."""
    mapped = _MAPPED.get("::".join(re.sub(r"\s+", "", argument).split("::")[-2:]))
    if mapped is not None:
        chain.type = mapped
    elif re.search(r"\.\s*parse\b", argument):
        chain.parsed = True
        _parse(chain, (found.group("type") if (found := _PARSE_TYPE.search(argument)) else None))
    else:
        chain.transformed = True


def _parse(chain: _Chain, turbofish: str | None) -> None:
    if turbofish is None:
        chain.untyped_parse = True
    else:
        chain.type = PARSED_TYPES.get(turbofish.strip().rsplit("::", 1)[-1])


def _let_type(text: str, start: int) -> str | None:
    """The type of `let x: T = <read>...` (inside an Option or Result), for an untyped `.parse()`."""
    annotation = _LET_TYPE.search(text, max(0, start - 200), start)
    if annotation is None:
        return None
    written = annotation.group("type").strip()
    wrapped = _WRAPPER.match(written)
    name = wrapped.group("inner") if wrapped else written
    return PARSED_TYPES.get(name.rsplit("::", 1)[-1])
