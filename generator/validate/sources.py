"""Where an environment comes from: the process, dotenv files, or Kubernetes manifests.

Each value keeps its origin (`path:line`) so that a problem points at the line to fix.
Dotenv files are read by python-dotenv, as the services that load them read them; manifests
(`helm template` output, `kubectl get -o yaml`) by PyYAML: ConfigMap and Secret keys, and
the `env:` values of every container.
"""

from __future__ import annotations

import base64
import binascii
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml  # type: ignore[import-untyped]
from dotenv import dotenv_values
from dotenv.parser import parse_stream

from ..model.errors import DocenvError

_WORKLOADS = ("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob")


@dataclass(frozen=True, slots=True)
class Setting:
    value: str | None  # None: set, but only known at deploy time (a reference to an object not given)
    origin: str  # "path:line", or "environment"


def process_environment() -> dict[str, Setting]:
    return {name: Setting(value, "environment") for name, value in sorted(os.environ.items())}


def dotenv_file(path: str) -> dict[str, Setting]:
    """The file's variables as python-dotenv reads them (quotes, escapes, `export`, `${X}`)."""
    text = _read(path)
    # A binding's text starts with the blank lines before it; its own line is after them.
    lines = {b.key: b.original.line + len(b.original.string) - len(b.original.string.lstrip("\r\n"))
             for b in parse_stream(io.StringIO(text)) if b.key is not None}
    values = dotenv_values(stream=io.StringIO(text))
    return {name: Setting(value or "", f"{path}:{lines.get(name, 1)}") for name, value in values.items()}


def manifest_file(path: str) -> dict[str, Setting]:
    """ConfigMap and Secret keys, then container `env:` values (which reference them) of every document."""
    text = _read(path)
    try:
        documents = [d for d in yaml.compose_all(text, Loader=yaml.SafeLoader) if d is not None]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else path
        raise DocenvError(f"is not valid YAML ({getattr(err, 'problem', None) or err})", where) from None
    objects: dict[tuple[str, str], dict[str, Setting]] = {}
    settings: dict[str, Setting] = {}
    for node in documents:
        kind, name = _text(_get(node, "kind")), _text(_get(_get(node, "metadata"), "name"))
        if kind in ("ConfigMap", "Secret"):
            keys = _object_keys(node, kind, path)
            objects[(kind, name or "")] = keys
            settings.update(keys)
    for node in documents:
        if _text(_get(node, "kind")) in _WORKLOADS:
            for container in _containers(node):
                settings.update(_container_env(container, objects, path))
    return settings


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DocenvError("no such file", path) from None
    except IsADirectoryError:
        raise DocenvError("is a directory, not a file", path) from None
    except (OSError, UnicodeDecodeError) as err:
        raise DocenvError(f"cannot be read ({getattr(err, 'strerror', None) or 'not UTF-8 text'})", path) from None


def _object_keys(node: yaml.Node, kind: str, path: str) -> dict[str, Setting]:
    keys: dict[str, Setting] = {}
    for field in ("data", "stringData"):
        for key, value in _items(_get(node, field)):
            text = _text(value) or ""  # a null value (`KEY:`) is stored as an empty string
            decoded = _base64(text) if kind == "Secret" and field == "data" else text
            keys[key.value] = Setting(decoded, f"{path}:{key.start_mark.line + 1}")
    return keys


def _base64(text: str) -> str | None:
    try:
        return base64.b64decode("".join(text.split()), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None  # not text: the value is unknown here, the variable is still set


def _containers(node: yaml.Node) -> Iterator[yaml.Node]:
    """Containers of a workload at any depth (Pod spec, template spec, CronJob jobTemplate)."""
    for key, value in _items(node):
        if key.value in ("containers", "initContainers") and isinstance(value, yaml.SequenceNode):
            yield from value.value
        elif isinstance(value, yaml.MappingNode):
            yield from _containers(value)


def _container_env(container: yaml.Node, objects: dict[tuple[str, str], dict[str, Setting]],
                   path: str) -> dict[str, Setting]:
    settings: dict[str, Setting] = {}
    for source in _sequence(_get(container, "envFrom")):
        for field, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
            name = _text(_get(_get(source, field), "name"))
            if name is not None:
                prefix = _text(_get(source, "prefix")) or ""
                settings.update({prefix + k: v for k, v in objects.get((kind, name), {}).items()})
    for entry in _sequence(_get(container, "env")):
        name_node = _get(entry, "name")
        name = _text(name_node)
        if name is None or name_node is None:
            continue
        origin = f"{path}:{name_node.start_mark.line + 1}"
        if _get(entry, "valueFrom") is not None:
            settings[name] = _reference(_get(entry, "valueFrom"), objects, origin)
        else:
            settings[name] = Setting(_text(_get(entry, "value")) or "", origin)
    return settings


def _reference(node: yaml.Node | None, objects: dict[tuple[str, str], dict[str, Setting]],
               origin: str) -> Setting:
    for field, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
        ref = _get(node, field)
        if ref is not None:
            found = objects.get((kind, _text(_get(ref, "name")) or ""), {}).get(_text(_get(ref, "key")) or "")
            return Setting(found.value, origin) if found else Setting(None, origin)
    return Setting(None, origin)  # fieldRef, resourceFieldRef: filled in by Kubernetes


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    for k, v in _items(node):
        if k.value == key:
            return v
    return None


def _items(node: yaml.Node | None) -> Iterator[tuple[yaml.ScalarNode, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield key, value


def _sequence(node: yaml.Node | None) -> list[Any]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _text(node: yaml.Node | None) -> str | None:
    """A scalar as the environment sees it: Kubernetes takes env values as strings."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)
