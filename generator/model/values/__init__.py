"""What the environment's text means: the one definition of values that inference, every target and the
conformance cases share.

`text` turns text into typed values and back, `secret` keeps a value from showing itself, `problems`
and `reading` collect what is wrong with one environment (missing, set twice through aliases or `_FILE`
twins), `family_keys` says which names fill a templated family. docenv checks documented defaults with
these functions; the Python targets carry the modules' code, one after another, as their runtime
(`_runtime.py`, see targets/python/runtime.py), so the generator and the generated code cannot disagree;
the Go and TypeScript runtimes keep to the same rules, which the conformance cases hold them to.
Standard library only.
"""

from .family_keys import env_key, is_family_key, list_keys, scan_keys
from .problems import ConfigError, Problem
from .reading import Problems
from .secret import MASK, Secret
from .text import (
    enum_parser,
    format_bool,
    format_duration,
    format_json,
    format_list,
    list_parser,
    parse_bool,
    parse_duration,
    parse_float,
    parse_int,
    parse_json,
    parse_path,
    parse_str,
    parse_url,
    reveal,
    secret_of,
)

__all__ = [
    "MASK",
    "ConfigError",
    "Problem",
    "Problems",
    "Secret",
    "enum_parser",
    "env_key",
    "format_bool",
    "format_duration",
    "format_json",
    "format_list",
    "is_family_key",
    "list_keys",
    "list_parser",
    "parse_bool",
    "parse_duration",
    "parse_float",
    "parse_int",
    "parse_json",
    "parse_path",
    "parse_str",
    "parse_url",
    "reveal",
    "scan_keys",
    "secret_of",
]
