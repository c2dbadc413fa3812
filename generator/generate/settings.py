"""Project settings from `[tool.docenv]` in pyproject.toml, or made up for a doc given on the command line."""

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


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load(start: Path | None = None) -> Settings:
    """Settings from the nearest pyproject.toml with a [tool.docenv] table."""
    pyproject = find_pyproject((start or Path.cwd()).resolve())
    if pyproject is None:
        raise DocenvError("no pyproject.toml found here or above; give a doc on the command line instead",
                          str(start or "."))
    shown = os.path.relpath(pyproject)
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise DocenvError(f"is not valid TOML ({err})", shown) from None
    table = data.get("tool", {}).get("docenv")
    if not isinstance(table, dict):
        raise DocenvError("has no [tool.docenv] table; add one or give a doc on the command line", shown)
    root = pyproject.parent
    out = root / _text(table, "out", "generated", shown)
    docs_table = table.get("docs")
    if not isinstance(docs_table, list) or not docs_table:
        raise DocenvError("[tool.docenv] needs at least one [[tool.docenv.docs]] entry with a path", shown)
    docs = tuple(_doc(entry, root, shown) for entry in docs_table)
    return Settings(root, out, docs, shown, _scan(table.get("scan", {}), shown),
                    _validate(table.get("validate", {}), shown))


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


def _text(table: dict[str, Any], key: str, default: str, shown: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value:
        raise DocenvError(f"[tool.docenv] {key} must be a non-empty string", shown)
    return value


def _scan(table: Any, shown: str) -> ScanSettings:
    if not isinstance(table, dict):
        raise DocenvError("[tool.docenv.scan] must be a table", shown)
    unknown = set(table) - {"paths", "exclude", "allow", "fail_on_unused", "tests", "sections"}
    if unknown:
        raise DocenvError(f"[tool.docenv.scan] has unknown key(s) {', '.join(sorted(unknown))}; known: paths, "
                          "exclude, allow, fail_on_unused, tests, sections", shown)
    lists = {key: _strings(table, key, shown) for key in ("paths", "exclude", "allow")}
    fail_on_unused, tests = table.get("fail_on_unused", False), table.get("tests", False)
    for key, flag in (("fail_on_unused", fail_on_unused), ("tests", tests)):
        if not isinstance(flag, bool):
            raise DocenvError(f"[tool.docenv.scan] {key} must be true or false", shown)
    sections = table.get("sections", {})
    if not isinstance(sections, dict):
        raise DocenvError("[tool.docenv.scan.sections] must map section ids to lists of paths", shown)
    mapped = {key: _strings(sections, key, shown, "[tool.docenv.scan.sections]") for key in sections}
    return ScanSettings(lists["paths"] or (".",), lists["exclude"], lists["allow"], fail_on_unused, mapped, tests)


def _validate(table: Any, shown: str) -> ValidateSettings:
    if not isinstance(table, dict) or set(table) - {"compose"}:
        raise DocenvError("[tool.docenv.validate] takes one key, compose: the compose files `docenv validate` "
                          "reads when no source is given", shown)
    return ValidateSettings(_strings(table, "compose", shown, "[tool.docenv.validate]"))


_SERVICE_KEYS = ("code", "compose", "charts", "workloads")


def _services(table: Any, shown: str) -> dict[str, ServiceEntry]:
    """`[tool.docenv.docs.services.SECTION]`: code, compose, charts and workloads, each a list of strings."""
    where = "[tool.docenv.docs.services]"
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise DocenvError(f"{where} maps section ids to tables of {', '.join(_SERVICE_KEYS)}", shown)
    entries = {}
    for section, entry in table.items():
        unknown = set(entry) - set(_SERVICE_KEYS)
        if unknown:
            raise DocenvError(f"{where[:-1]}.{section}] has unknown key(s) {', '.join(sorted(unknown))}; known: "
                              f"{', '.join(_SERVICE_KEYS)}", shown)
        entries[section] = ServiceEntry(*(_strings(entry, key, shown, f"{where[:-1]}.{section}]")
                                          for key in _SERVICE_KEYS))
    return entries


def _strings(table: dict[str, Any], key: str, shown: str, where: str = "[tool.docenv.scan]") -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DocenvError(f"{where} {key} must be a list of non-empty strings", shown)
    return tuple(value)


def _doc(entry: Any, root: Path, shown: str) -> DocSettings:
    if not isinstance(entry, dict) or "path" not in entry:
        raise DocenvError("each [[tool.docenv.docs]] entry needs a path", shown)
    path = root / _text(entry, "path", "", shown)
    name = entry.get("name") or default_name(path)
    package = entry.get("package") or f"{name}_config"
    if not isinstance(name, str) or not name.isidentifier() or not isinstance(package, str) \
            or not package.isidentifier() or keyword.iskeyword(package):
        raise DocenvError(f"[[tool.docenv.docs]] name and package must be Python identifiers ({name!r}, "
                          f"{package!r})", shown)
    outputs = entry.get("outputs", list(DEFAULT_OUTPUTS))
    if not isinstance(outputs, list) or any(o not in OUTPUTS for o in outputs):
        raise DocenvError(f"[[tool.docenv.docs]] outputs must be a list drawn from {list(OUTPUTS)}", shown)
    level = entry.get("section_level")
    if level is not None and (not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 6):
        raise DocenvError("[[tool.docenv.docs]] section_level must be a heading level from 1 to 6", shown)
    file_twins = entry.get("file_twins", False)
    if not isinstance(file_twins, bool):
        raise DocenvError("[[tool.docenv.docs]] file_twins must be true or false", shown)
    overrides = entry.get("overrides", {})
    if not isinstance(overrides, dict) or any(
        not isinstance(v, dict) or set(v) - set(OVERRIDABLE) for v in overrides.values()
    ):
        raise DocenvError(f"[[tool.docenv.docs]] overrides map a variable (or section.VARIABLE) to a table of "
                          f"{', '.join(OVERRIDABLE)}", shown)
    for key, change in overrides.items():
        problem = _override_problem(change)
        if problem:
            raise DocenvError(f"[[tool.docenv.docs]] override {key!r}: {problem}", shown)
    pydantic_package = entry.get("pydantic_package") or f"{name}_settings"
    if not isinstance(pydantic_package, str) or not pydantic_package.isidentifier() \
            or keyword.iskeyword(pydantic_package) or pydantic_package == package:
        raise DocenvError(f"[[tool.docenv.docs]] pydantic_package must be a Python identifier other than the "
                          f"package ({pydantic_package!r})", shown)
    values_paths = entry.get("values_paths", {})
    if isinstance(values_paths, dict):
        # `api.DB_HOST = "db.host"` is a TOML dotted key, read as a table per section: flatten it back.
        values_paths = {f"{key}.{name}" if isinstance(value, dict) else key: path
                        for key, value in values_paths.items()
                        for name, path in (value.items() if isinstance(value, dict) else [(key, value)])}
    if not isinstance(values_paths, dict) or not all(
            isinstance(v, str) and _VALUES_PATH.fullmatch(v) for v in values_paths.values()):
        raise DocenvError("[tool.docenv.docs.values_paths] maps a variable (or section.VARIABLE) to a Helm values "
                          "path such as \"db.username\"", shown)
    typescript_dir, public_prefixes = _typescript(entry, name, shown)
    return DocSettings(path, display_path(path, root), name, package, tuple(outputs), level, overrides, file_twins,
                       pydantic_package, values_paths, typescript_dir=typescript_dir,
                       typescript_public_prefixes=public_prefixes, services=_services(entry.get("services", {}), shown),
                       **go_settings(entry, name, shown))


def go_settings(entry: dict[str, Any], name: str, shown: str) -> dict[str, Any]:
    """go_dir (a folder under the output dir), go_package (a Go package name) and go_module (a module path)."""
    package = entry.get("go_package") or re.sub(r"[^a-z0-9]", "", f"{name}config".lower())
    if not isinstance(package, str) or not _GO_PACKAGE.fullmatch(package):
        raise DocenvError(f"[[tool.docenv.docs]] go_package must be a Go package name: lower-case letters and "
                          f"digits, starting with a letter ({package!r})", shown)
    module = entry.get("go_module") or package
    if not isinstance(module, str) or not _GO_MODULE.fullmatch(module):
        raise DocenvError(f"[[tool.docenv.docs]] go_module must be a Go module path such as "
                          f"\"example.com/team/config\" ({module!r})", shown)
    folder = entry.get("go_dir") or f"{name}/go"
    if not isinstance(folder, str) or not _RELATIVE_DIR.fullmatch(folder) or ".." in folder.split("/"):
        raise DocenvError(f"[[tool.docenv.docs]] go_dir must be a folder inside the output directory, such as "
                          f"\"{name}/go\" ({folder!r})", shown)
    return {"go_dir": folder, "go_module": module, "go_package": package}


def _typescript(entry: dict[str, Any], name: str, shown: str) -> tuple[str, tuple[str, ...]]:
    """`typescript_dir` (a relative folder under the output dir) and `typescript_public_prefixes`."""
    folder = entry.get("typescript_dir", f"{name}/ts")
    if not isinstance(folder, str) or not _TS_DIR.fullmatch(folder) or ".." in folder.split("/"):
        raise DocenvError("[[tool.docenv.docs]] typescript_dir must be a relative folder under the output dir, "
                          f"such as \"{name}/ts\" (letters, digits, ._- and /; no ..)", shown)
    prefixes = entry.get("typescript_public_prefixes", ["NEXT_PUBLIC_", "VITE_"])
    if not isinstance(prefixes, list) or not all(isinstance(p, str) and _PREFIX.fullmatch(p) for p in prefixes):
        raise DocenvError("[[tool.docenv.docs]] typescript_public_prefixes must be a list of name prefixes such "
                          "as \"NEXT_PUBLIC_\"", shown)
    return folder, tuple(prefixes)
