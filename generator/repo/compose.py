"""Docker Compose files, read as `docker compose` reads them: the services, and each one's environment.

A service's environment is its `env_file:` files in order (a later file wins; `required: false` lets one be
missing), then its `environment:` (a list `- X=1`, `- X`, or a map `X: 1`, `X:`), which wins over them. A name
given without a value takes it from the project's environment, or is left unset. Values are interpolated
(`${X}`, `${X:-d}`, `${X:?err}`, `$$`) from the `.env` beside the first compose file and the process
environment, which wins, as compose does. Several files (`-f a -f b`) merge as compose merges them: services by
name, `environment` by variable, `env_file` appended, anything else replaced. `extends:` (a service of this
file or of another) is merged the same way, the extending service last. Profiles do not hide a service:
each is checked as it would run.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from dotenv import dotenv_values

from ..model.errors import DocenvError
from . import safe_yaml
from .files import dotenv_names
from .interpolation import interpolate
from .safe_yaml import Node

COMPOSE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_DEEPEST_EXTENDS = 10


@dataclass(frozen=True, slots=True)
class Value:
    value: str | None  # None: named without a value and not set in the project's environment (unset)
    origin: str  # "path:line" where it was set


@dataclass(slots=True)
class Service:
    name: str
    origin: str  # "path:line" of the service's key
    environment: dict[str, Value] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (origin, message): a missing env_file...
    profiles: tuple[str, ...] = ()


@dataclass(slots=True)
class _Raw:
    """One service as written in one file: the parts the environment is made of, before merging."""

    name: str
    path: str
    node: Node
    env_files: list[tuple[str, bool, str]]  # (path, required, origin)
    environment: dict[str, tuple[str | None, str]]  # name -> (raw value, origin)
    extends: tuple[str, str] | None  # (file, service)
    profiles: tuple[str, ...]


def is_compose(documents: list[Node]) -> bool:
    """A YAML file with a top-level `services:` mapping."""
    return any(safe_yaml.is_mapping(safe_yaml.get(d, "services")) for d in documents)


def load(paths: list[str], process: Mapping[str, str] | None = None) -> dict[str, Service]:
    """Every service of the compose files `paths`, merged in order, with its environment resolved."""
    if not paths:
        return {}
    process = dict(os.environ if process is None else process)
    project = _project_environment(paths[0], process)
    raw: dict[str, list[_Raw]] = {}
    for path in paths:
        for service in _services(path, project):
            raw.setdefault(service.name, []).append(service)
    return {name: _resolve(name, layers, project, raw) for name, layers in raw.items()}


def _project_environment(first: str, process: dict[str, str]) -> dict[str, str]:
    """The `.env` beside the first compose file, under the process environment (which wins)."""
    dotenv = Path(first).resolve().parent / ".env"
    values: dict[str, str] = {}
    if dotenv.is_file():
        text = safe_yaml.read_text(str(dotenv))
        values = {k: v or "" for k, v in dotenv_values(stream=io.StringIO(text), interpolate=False).items()}
    return {**values, **process}


def _services(path: str, project: dict[str, str]) -> list[_Raw]:
    documents = safe_yaml.compose_documents(safe_yaml.read_text(path), path)
    services = next((node for node in (safe_yaml.get(d, "services") for d in documents) if node is not None), None)
    if not safe_yaml.is_mapping(services):
        found = _what_it_holds(documents)
        raise DocenvError(f"has no `services:`, so it is not a Docker Compose file ({found})", path)
    return [_raw(path, key.value, node, project) for key, node in safe_yaml.items(services)]


def _what_it_holds(documents: list[Node]) -> str:
    kinds = [safe_yaml.text(safe_yaml.get(d, "kind")) for d in documents]
    if any(kinds):
        return f"it holds Kubernetes objects ({', '.join(sorted({k for k in kinds if k}))}): use --manifest"
    keys = [k.value for d in documents for k, _ in safe_yaml.items(d)][:5]
    return f"its top-level keys are {', '.join(keys)}" if keys else "it is empty"


def _raw(path: str, name: str, node: Node, project: dict[str, str]) -> _Raw:
    env_files: list[tuple[str, bool, str]] = []
    given = safe_yaml.get(node, "env_file")
    entries = safe_yaml.sequence(given) if given is not None and not safe_yaml.text(given) else [given]
    for entry in entries:
        if entry is None:
            continue
        file_path = safe_yaml.text(entry) or safe_yaml.text(safe_yaml.get(entry, "path"))
        required = safe_yaml.text(safe_yaml.get(entry, "required")) not in ("false", "False")
        if file_path:
            env_files.append((file_path, required, f"{path}:{safe_yaml.line(entry)}"))
    extends_node = safe_yaml.get(node, "extends")
    extends = None
    if extends_node is not None:
        target = safe_yaml.text(extends_node) or safe_yaml.text(safe_yaml.get(extends_node, "service"))
        other = safe_yaml.text(safe_yaml.get(extends_node, "file"))
        if target:
            extends = (str(Path(path).parent / other) if other else path, target)
    profiles = tuple(p for p in (safe_yaml.text(n) for n in safe_yaml.sequence(safe_yaml.get(node, "profiles"))) if p)
    return _Raw(name, path, node, env_files, _environment(safe_yaml.get(node, "environment"), path, name), extends,
                profiles)


def _environment(node: Node | None, path: str, service: str) -> dict[str, tuple[str | None, str]]:
    """`environment:` as written: name -> (raw value or None when named alone, origin). A shape compose
    refuses (a nested list or mapping where a value belongs) is refused here too, never skipped."""
    found: dict[str, tuple[str | None, str]] = {}
    if node is None or safe_yaml.is_null(node):
        return found
    if safe_yaml.is_mapping(node):
        for key, value in safe_yaml.items(node):
            if not safe_yaml.is_scalar(value):
                raise DocenvError(f"service {service}: the environment value of {key.value} is a list or "
                                  "mapping; compose takes a string, number, boolean or nothing",
                                  f"{path}:{safe_yaml.line(value)}")
            found[key.value] = (safe_yaml.text(value), f"{path}:{safe_yaml.line(key)}")
        return found
    if not safe_yaml.is_sequence(node):
        raise DocenvError(f"service {service}: environment is neither a mapping nor a list of NAME=VALUE strings",
                          f"{path}:{safe_yaml.line(node)}")
    for entry in safe_yaml.sequence(node):
        item = safe_yaml.text(entry)
        if item is None:
            raise DocenvError(f"service {service}: an environment item is not a NAME=VALUE string",
                              f"{path}:{safe_yaml.line(entry)}")
        name, sep, value = item.partition("=")
        found[name.strip()] = (value if sep else None, f"{path}:{safe_yaml.line(entry)}")
    return found


def _resolve(name: str, layers: list[_Raw], project: dict[str, str], everything: dict[str, list[_Raw]],
             depth: int = 0) -> Service:
    service = Service(name, f"{layers[-1].path}:{safe_yaml.line(layers[-1].node)}")
    lookup = project.get
    for layer in _with_extends(layers, everything, depth):
        service.profiles = layer.profiles or service.profiles
        for file_path, required, origin in layer.env_files:
            full = Path(layer.path).parent / file_path
            if not full.is_file():
                if required:
                    service.problems.append((origin, f"env_file {file_path} does not exist"))
                continue
            service.environment.update(_env_file(str(full), project))
        for variable, (raw, origin) in layer.environment.items():
            if raw is None:
                service.environment[variable] = Value(lookup(variable), origin)
                continue
            result = interpolate(raw, lookup)
            service.problems.extend((origin, error) for error in result.errors)
            service.environment[variable] = Value(result.value, origin)
    return service


def _with_extends(layers: list[_Raw], everything: dict[str, list[_Raw]], depth: int) -> list[_Raw]:
    """The layers a service is made of: what it extends first (recursively), then its own files in order."""
    out: list[_Raw] = []
    for layer in layers:
        if layer.extends is not None and depth < _DEEPEST_EXTENDS:
            file_path, target = layer.extends
            if Path(file_path).resolve() == Path(layer.path).resolve():
                base = everything.get(target, [])
            else:
                base = [s for s in _services(file_path, {}) if s.name == target]
            if not base:
                raise DocenvError(f"service {layer.name} extends {target}, which {file_path} does not define",
                                  f"{layer.path}:{safe_yaml.line(layer.node)}")
            out.extend(_with_extends(base, everything, depth + 1))
        out.append(layer)
    return out


def _env_file(path: str, project: dict[str, str]) -> dict[str, Value]:
    """An env_file's variables, as compose reads them (dotenv syntax, `${X}` from the project environment)."""
    text = safe_yaml.read_text(path)
    lines = dict(dotenv_names(text))
    values = dotenv_values(stream=io.StringIO(text), interpolate=False)
    found: dict[str, Value] = {}
    for name, raw in values.items():
        value = interpolate(raw, project.get).value if raw is not None else project.get(name)
        found[name] = Value(value, f"{path}:{lines.get(name, 1)}")
    return found


class ServicesByLine:
    """Which compose services each line of a compose file belongs to, each file read and parsed once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, dict[str, list[tuple[int, int]]]] = {}

    def at(self, path: str, line: int) -> list[str]:
        """The services whose lines (their own block, or an anchor they merge) hold `line` of `path`."""
        if path not in self._files:
            try:
                text = (self.root / path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            self._files[path] = service_lines(text, path)
        return [service for service, ranges in self._files[path].items()
                if any(start <= line <= end for start, end in ranges)]


def service_lines(text: str, path: str) -> dict[str, list[tuple[int, int]]]:
    """For `docenv scan`: each service's line ranges in a compose file, its own block and every anchored block
    it merges or aliases (`<<: *common-env`), so that a variable set in a shared block counts for each
    service that uses it. Empty when the file does not parse (its reads then belong to no service)."""
    try:
        documents = safe_yaml.compose_documents(text, path)
    except DocenvError:
        return {}
    ranges: dict[str, list[tuple[int, int]]] = {}
    for document in documents:
        for key, node in safe_yaml.items(safe_yaml.get(document, "services")):
            ranges[key.value] = [(safe_yaml.line(key), int(node.end_mark.line) + 1), *_aliased(node)]
    return ranges


def _aliased(node: Node) -> list[tuple[int, int]]:
    """Line ranges of the nodes a service reaches that are written outside it (anchors it aliases)."""
    inside = (int(node.start_mark.line), int(node.end_mark.line))
    found: list[tuple[int, int]] = []
    seen: set[int] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        start, end = int(current.start_mark.line), int(current.end_mark.line)
        if not (inside[0] <= start <= inside[1]):
            found.append((start + 1, end + 1))
        if isinstance(current.value, list):
            for child in current.value:
                todo.extend(child if isinstance(child, tuple) else (child,))
    return found


def env_files(text: str, path: str) -> dict[str, list[str]]:
    """For `docenv scan`: each service's env_file paths (relative to the compose file's folder, as written).
    Empty when the file does not parse."""
    try:
        documents = safe_yaml.compose_documents(text, path)
    except DocenvError:
        return {}
    found: dict[str, list[str]] = {}
    for document in documents:
        for key, node in safe_yaml.items(safe_yaml.get(document, "services")):
            try:
                files = [f for f, _, _ in _raw(path, key.value, node, {}).env_files]
            except DocenvError:  # a service compose would refuse: its env files are nobody's
                continue
            if files:
                found[key.value] = files
    return found
