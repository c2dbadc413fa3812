"""Project settings from `docenv.toml` (or `.docenv.toml`, or `[tool.docenv]` in pyproject.toml), or made up for
a doc given on the command line.

Discovery, as ruff finds its settings: from the working folder upward, the first folder holding
`.docenv.toml`, `docenv.toml` or a `pyproject.toml` with a `[tool.docenv]` table (in that order) wins; the
command line's `--config FILE` names one outright. The keys are the same in each: `docenv.toml` holds them at
its top level (`out`, `[[docs]]`, `[scan]`), pyproject.toml under `[tool.docenv]`. A wrong key or type stops
with `FILE:LINE: message`.
"""

from __future__ import annotations

import keyword
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from ..model.errors import DocenvError
from ..model.naming import snake_case
from ..targets.python.naming import python_identifier
from .config_lines import Located
from .outputs import DEFAULT_OUTPUTS, OUTPUTS
from .project import DocSettings, ScanSettings, ServiceEntry, Settings, ValidateSettings

_GO_PACKAGE = re.compile(r"[a-z][a-z0-9]*")
_GO_MODULE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9._~-]+)*")
_RELATIVE_DIR = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*")
_TS_DIR = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")
_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VALUES_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
OVERRIDABLE = ("type", "secret", "separator", "choices", "required")
_GENERIC_STEMS = {"environment_variables", "env_vars", "env", "environment", "configuration", "config", "readme",
                  "index", "variables", "settings"}
CONFIG_NAMES = (".docenv.toml", "docenv.toml")
_TOOL_TABLE = re.compile(rb"^[ \t]*\[{1,2}[ \t]*tool[ \t]*\.[ \t]*docenv\b", re.M)
_TOP_KEYS = ("out", "docs", "scan", "validate")
_DOC_KEYS = ("path", "name", "package", "outputs", "section_level", "file_twins", "overrides", "pydantic_package",
             "values_paths", "go_dir", "go_module", "go_package", "go_out", "typescript_dir", "typescript_out",
             "typescript_public_prefixes", "python_out", "services")

_config_file: Path | None = None  # --config FILE, set once by the command line


def use_config(path: str | None) -> None:
    """`--config FILE`: read this file instead of discovering one (a docenv.toml or a pyproject.toml)."""
    global _config_file
    _config_file = Path(path) if path else None


def find_config(start: Path) -> Path | None:
    """The settings file that applies in `start`: the first folder upward holding `.docenv.toml`,
    `docenv.toml` or a pyproject.toml with a [tool.docenv] table."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                if _TOOL_TABLE.search(pyproject.read_bytes()):
                    return pyproject
            except OSError:
                continue
    return None


def load(start: Path | None = None) -> Settings:
    """Settings from `--config`, or from the file that applies in `start` (default: the working folder)."""
    here = (start or Path.cwd()).resolve()
    config = _config_file or find_config(here)
    if config is None:
        pyproject = next((f / "pyproject.toml" for f in (here, *here.parents) if (f / "pyproject.toml").is_file()),
                         None)
        if pyproject is not None:
            raise DocenvError("has no [tool.docenv] table, and there is no docenv.toml here or above; run "
                              "`docenv init`, or give a doc on the command line", os.path.relpath(pyproject))
        raise DocenvError("no docenv.toml (or pyproject.toml with [tool.docenv]) found here or above; run "
                          "`docenv init`, or give a doc on the command line", str(start or "."))
    return load_file(config)


def load_file(config: Path) -> Settings:
    shown = os.path.relpath(config)
    try:
        text = config.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise DocenvError("no such file", shown) from None
    except (OSError, UnicodeDecodeError) as err:
        raise DocenvError(f"cannot be read ({getattr(err, 'strerror', None) or 'not UTF-8 text'})", shown) from None
    except tomllib.TOMLDecodeError as err:
        found = re.search(r"\(at line (\d+), column \d+\)", str(err))  # tomllib says where in its message
        raise DocenvError(f"is not valid TOML ({str(err).split(' (at ')[0]})",
                          f"{shown}:{found.group(1)}" if found else shown) from None
    # A pyproject.toml holds the settings under [tool.docenv]; so may a file given with --config.
    pyproject = config.name == "pyproject.toml" or ("docs" not in data and "docenv" in data.get("tool", {}))
    table = data.get("tool", {}).get("docenv") if pyproject else data
    if not isinstance(table, dict):
        raise DocenvError("has no [tool.docenv] table; add one, or put the settings in docenv.toml", shown)
    src = Located(shown, text, "tool.docenv." if pyproject else "")
    src.unknown(table, (), _TOP_KEYS)
    root = config.resolve().parent
    out = root / _text(table, "out", "generated", src, ())
    docs_table = table.get("docs")
    if not isinstance(docs_table, list) or not docs_table:
        raise DocenvError(f"needs at least one {src.table('docs', array=True)} entry with a path", src.at(()))
    docs = tuple(_doc(entry, root, src, index) for index, entry in enumerate(docs_table))
    return Settings(root, out, docs, shown, _scan(table.get("scan", {}), src),
                    _validate(table.get("validate", {}), src), config, src.prefix)


def for_doc(doc: str, out: str | None, package: str | None = None, name: str | None = None,
            section_level: int | None = None, file_twins: bool = False) -> Settings:
    """Settings for one doc given on the command line, with no pyproject.toml needed."""
    path = Path(doc)
    out_dir = Path(out) if out else Path("generated")
    root = out_dir.resolve().parent
    base = name or default_name(path)
    for flag, value in (("--name", base), ("--package", package or f"{base}_config")):
        if not value.isidentifier() or not value.isascii() or keyword.iskeyword(value):
            raise DocenvError(f"{flag} {value!r} must be a Python identifier (letters, digits, underscores; "
                              "not a keyword)")
    return Settings(
        root=root,
        out=out_dir,
        docs=(DocSettings(path, display_path(path, root), base, package or f"{base}_config", DEFAULT_OUTPUTS,
                          section_level, file_twins=file_twins, pydantic_package=f"{base}_settings",
                          **go_settings({}, base, "command line")),),
        origin="command line",
    )


def configured_doc(project: Settings, text: str) -> DocSettings | None:
    """The [[tool.docenv.docs]] entry `text` names: by its path (any spelling of it), else by its name."""
    try:
        target: Path | None = Path(text).resolve()
    except (OSError, RuntimeError):
        target = None
    for doc in project.docs:
        try:
            if target is not None and doc.path.resolve() == target:
                return doc
        except (OSError, RuntimeError):
            continue
    return next((doc for doc in project.docs if doc.name == text), None)


def default_name(path: Path) -> str:
    """`spec/neosync/environment-variables.md` -> `neosync` (a generic file name defers to its folder)."""
    stem = snake_case(path.stem)
    if stem in _GENERIC_STEMS or not stem:
        stem = snake_case(path.absolute().parent.name) or stem or "docs"
    return python_identifier(stem)


def display_path(path: Path, root: Path) -> str:
    """The doc's path relative to `root`: the same whatever the working directory or spelling.

    A doc outside `root` is named by its file name alone, so no machine's layout leaks into outputs.
    """
    try:
        relative = Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
    except (OSError, RuntimeError):  # a symlink loop: read_doc reports it
        return path.name
    return path.name if relative.startswith("../") else relative


def _override_problem(change: dict[str, Any]) -> str | None:
    """Why an override's values are not usable (a string "no" is not false), or None."""
    for flag in ("secret", "required"):
        if flag in change and not isinstance(change[flag], bool):
            return f"{flag} must be true or false, not {change[flag]!r}"
    if "type" in change and not isinstance(change["type"], str):
        return "type must be a string"
    if "separator" in change and (not isinstance(change["separator"], str) or not change["separator"]):
        return "separator must be a non-empty string"
    choices = change.get("choices")
    if choices is not None and (not isinstance(choices, list) or not choices
                                or not all(isinstance(c, str) and c for c in choices)):
        return "choices must be a non-empty list of strings"
    return None


def _text(table: dict[str, Any], key: str, default: str, src: Located, path: tuple[Any, ...]) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value:
        raise DocenvError(f"{key} must be a non-empty string", src.at((*path, key)))
    return value


def _scan(table: Any, src: Located) -> ScanSettings:
    name = src.table("scan")
    if not isinstance(table, dict):
        raise DocenvError(f"{name} must be a table", src.at(("scan",)))
    src.unknown(table, ("scan",), ("paths", "exclude", "allow", "fail_on_unused", "tests", "sections"))
    lists = {key: _strings(table, key, src, ("scan",)) for key in ("paths", "exclude", "allow")}
    fail_on_unused, tests = table.get("fail_on_unused", False), table.get("tests", False)
    for key, flag in (("fail_on_unused", fail_on_unused), ("tests", tests)):
        if not isinstance(flag, bool):
            raise DocenvError(f"{name} {key} must be true or false", src.at(("scan", key)))
    sections = table.get("sections", {})
    if not isinstance(sections, dict):
        raise DocenvError(f"{src.table('scan.sections')} must map section ids to lists of paths",
                          src.at(("scan", "sections")))
    mapped = {key: _strings(sections, key, src, ("scan", "sections")) for key in sections}
    return ScanSettings(lists["paths"] or (".",), lists["exclude"], lists["allow"], fail_on_unused, mapped, tests)


def _validate(table: Any, src: Located) -> ValidateSettings:
    if not isinstance(table, dict):
        raise DocenvError(f"{src.table('validate')} must be a table", src.at(("validate",)))
    src.unknown(table, ("validate",), ("compose",))
    return ValidateSettings(_strings(table, "compose", src, ("validate",)))


_SERVICE_KEYS = ("code", "compose", "charts", "workloads")


def _services(table: Any, src: Located, path: tuple[Any, ...]) -> dict[str, ServiceEntry]:
    """`[docs.services.SECTION]`: code, compose, charts and workloads, each a list of strings."""
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise DocenvError(f"{src.table('docs.services')} maps section ids to tables of {', '.join(_SERVICE_KEYS)}",
                          src.at((*path, "services")))
    entries = {}
    for section, entry in table.items():
        where = (*path, "services", section)
        src.unknown(entry, where, _SERVICE_KEYS, src.table(f"docs.services.{section}"))
        entries[section] = ServiceEntry(*(_strings(entry, key, src, where) for key in _SERVICE_KEYS))
    return entries


def _strings(table: dict[str, Any], key: str, src: Located, path: tuple[Any, ...]) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        name = src.table(".".join(str(p) for p in path if not isinstance(p, int)))
        raise DocenvError(f"{name} {key} must be a list of non-empty strings", src.at((*path, key)))
    return tuple(value)


def _doc(entry: Any, root: Path, src: Located, index: int) -> DocSettings:
    here = ("docs", index)
    docs = src.table("docs", array=True)
    if not isinstance(entry, dict) or "path" not in entry:
        raise DocenvError(f"each {docs} entry needs a path", src.at(here))
    src.unknown(entry, here, _DOC_KEYS, docs)
    path = root / _text(entry, "path", "", src, here)
    name = entry.get("name") or default_name(path)
    package = entry.get("package") or f"{name}_config"
    if not isinstance(name, str) or not name.isidentifier() or not isinstance(package, str) \
            or not package.isidentifier() or keyword.iskeyword(package):
        raise DocenvError(f"{docs} name and package must be Python identifiers ({name!r}, {package!r})",
                          src.at((*here, "name" if "name" in entry else "package")))
    outputs = entry.get("outputs", list(DEFAULT_OUTPUTS))
    if not isinstance(outputs, list) or any(o not in OUTPUTS for o in outputs):
        raise DocenvError(f"{docs} outputs must be a list drawn from {list(OUTPUTS)}", src.at((*here, "outputs")))
    level = entry.get("section_level")
    if level is not None and (not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 6):
        raise DocenvError(f"{docs} section_level must be a heading level from 1 to 6",
                          src.at((*here, "section_level")))
    file_twins = entry.get("file_twins", False)
    if not isinstance(file_twins, bool):
        raise DocenvError(f"{docs} file_twins must be true or false", src.at((*here, "file_twins")))
    overrides = entry.get("overrides", {})
    if not isinstance(overrides, dict) or any(
        not isinstance(v, dict) or set(v) - set(OVERRIDABLE) for v in overrides.values()
    ):
        raise DocenvError(f"{docs} overrides map a variable (or section.VARIABLE) to a table of "
                          f"{', '.join(OVERRIDABLE)}", src.at((*here, "overrides")))
    for key, change in overrides.items():
        problem = _override_problem(change)
        if problem:
            raise DocenvError(f"{docs} override {key!r}: {problem}", src.at((*here, "overrides", key)))
    pydantic_package = entry.get("pydantic_package") or f"{name}_settings"
    if not isinstance(pydantic_package, str) or not pydantic_package.isidentifier() \
            or keyword.iskeyword(pydantic_package) or pydantic_package == package:
        raise DocenvError(f"{docs} pydantic_package must be a Python identifier other than the "
                          f"package ({pydantic_package!r})", src.at((*here, "pydantic_package")))
    values_paths = entry.get("values_paths", {})
    if isinstance(values_paths, dict):
        # `api.DB_HOST = "db.host"` is a TOML dotted key, read as a table per section: flatten it back.
        values_paths = {f"{key}.{name}" if isinstance(value, dict) else key: path
                        for key, value in values_paths.items()
                        for name, path in (value.items() if isinstance(value, dict) else [(key, value)])}
    if not isinstance(values_paths, dict) or not all(
            isinstance(v, str) and _VALUES_PATH.fullmatch(v) for v in values_paths.values()):
        raise DocenvError(f"{src.table('docs.values_paths')} maps a variable (or section.VARIABLE) to a Helm values "
                          "path such as \"db.username\"", src.at((*here, "values_paths")))
    typescript_dir, public_prefixes = _typescript(entry, name, src, here)
    places = _places(entry, src, here)
    return DocSettings(path, display_path(path, root), name, package, tuple(outputs), level, overrides, file_twins,
                       pydantic_package, values_paths, typescript_dir=typescript_dir,
                       typescript_public_prefixes=public_prefixes,
                       services=_services(entry.get("services", {}), src, here), **places,
                       **go_settings(entry, name, src.at(here), docs))


def _places(entry: dict[str, Any], src: Located, here: tuple[Any, ...]) -> dict[str, str]:
    """go_out, typescript_out, python_out: a folder of the repository (relative to the settings file) where that
    output goes instead of `out`, inside the module, app or service that uses it."""
    found = {}
    for key in ("go_out", "typescript_out", "python_out"):
        value = entry.get(key, "")
        if value and (not isinstance(value, str) or not _TS_DIR.fullmatch(value) or ".." in value.split("/")):
            raise DocenvError(f"{key} must be a folder inside the repository, such as \"backend/internal/config\" "
                              "(letters, digits, ._- and /; no ..)", src.at((*here, key)))
        found[key] = value
    return found


def go_settings(entry: dict[str, Any], name: str, where: str, docs: str = "[[tool.docenv.docs]]") -> dict[str, Any]:
    """go_dir (a folder under the output dir), go_package (a Go package name) and go_module (a module path)."""
    package = entry.get("go_package") or re.sub(r"[^a-z0-9]", "", f"{name}config".lower())
    if not isinstance(package, str) or not _GO_PACKAGE.fullmatch(package):
        raise DocenvError(f"{docs} go_package must be a Go package name: lower-case letters and "
                          f"digits, starting with a letter ({package!r})", where)
    module = entry.get("go_module") or package
    if not isinstance(module, str) or not _GO_MODULE.fullmatch(module):
        raise DocenvError(f"{docs} go_module must be a Go module path such as "
                          f"\"example.com/team/config\" ({module!r})", where)
    folder = entry.get("go_dir") or f"{name}/go"
    if not isinstance(folder, str) or not _RELATIVE_DIR.fullmatch(folder) or ".." in folder.split("/"):
        raise DocenvError(f"{docs} go_dir must be a folder inside the output directory, such as "
                          f"\"{name}/go\" ({folder!r})", where)
    return {"go_dir": folder, "go_module": module, "go_package": package}


def _typescript(entry: dict[str, Any], name: str, src: Located, here: tuple[Any, ...]) -> tuple[str, tuple[str, ...]]:
    """`typescript_dir` (a relative folder under the output dir) and `typescript_public_prefixes`."""
    docs = src.table("docs", array=True)
    folder = entry.get("typescript_dir", f"{name}/ts")
    if not isinstance(folder, str) or not _TS_DIR.fullmatch(folder) or ".." in folder.split("/"):
        raise DocenvError(f"{docs} typescript_dir must be a relative folder under the output dir, "
                          f"such as \"{name}/ts\" (letters, digits, ._- and /; no ..)", src.at((*here, "typescript_dir")))
    prefixes = entry.get("typescript_public_prefixes", ["NEXT_PUBLIC_", "VITE_"])
    if not isinstance(prefixes, list) or not all(isinstance(p, str) and _PREFIX.fullmatch(p) for p in prefixes):
        raise DocenvError(f"{docs} typescript_public_prefixes must be a list of name prefixes such "
                          "as \"NEXT_PUBLIC_\"", src.at((*here, "typescript_public_prefixes")))
    return folder, tuple(prefixes)
