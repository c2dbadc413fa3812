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
from typing import Iterator

from dotenv import dotenv_values

from ..model.errors import DocenvError
from ..repo import safe_yaml
from ..repo.files import dotenv_names, read_text
from ..repo.safe_yaml import Node
from ..repo.compose import is_compose
from ..repo.kubernetes import WORKLOADS



@dataclass(frozen=True, slots=True)
class Setting:
    value: str | None  # None: set, but only known at deploy time (a reference to an object not given)
    origin: str  # "path:line", or "environment"


def process_environment() -> dict[str, Setting]:
    return {name: Setting(value, "environment") for name, value in sorted(os.environ.items())}


def dotenv_file(path: str) -> dict[str, Setting]:
    """The file's variables as python-dotenv reads them (quotes, escapes, `export`, `${X}`)."""
    text = read_text(path)
    lines = dict(dotenv_names(text))
    values = dotenv_values(stream=io.StringIO(text))
    return {name: Setting(value or "", f"{path}:{lines.get(name, 1)}") for name, value in values.items()}


def manifest_file(path: str) -> dict[str, Setting]:
    """ConfigMap and Secret keys, then container `env:` values (which reference them) of every document."""
    documents = safe_yaml.compose_documents(safe_yaml.read_text(path), path)
    kinds = {safe_yaml.text(safe_yaml.get(node, "kind")) for node in documents}
    if not kinds & {"ConfigMap", "Secret", *WORKLOADS}:
        if is_compose(documents):
            raise DocenvError("is a Docker Compose file: use --compose", path)
        raise DocenvError("holds no ConfigMap, Secret or workload (Pod, Deployment, StatefulSet, DaemonSet, "
                          "ReplicaSet, Job, CronJob); nothing to check", path)
    objects: dict[tuple[str, str], dict[str, Setting]] = {}
    settings: dict[str, Setting] = {}
    for node in documents:
        kind, name = safe_yaml.text(safe_yaml.get(node, "kind")), safe_yaml.text(safe_yaml.get(safe_yaml.get(node, "metadata"), "name"))
        if kind in ("ConfigMap", "Secret"):
            keys = _object_keys(node, kind, path)
            objects[(kind, name or "")] = keys
            settings.update(keys)
    for node in documents:
        if safe_yaml.text(safe_yaml.get(node, "kind")) in WORKLOADS:
            for container in _containers(node):
                settings.update(_container_env(container, objects, path))
    return settings


def _object_keys(node: Node, kind: str, path: str) -> dict[str, Setting]:
    keys: dict[str, Setting] = {}
    for field in ("data", "stringData"):
        for key, value in safe_yaml.items(safe_yaml.get(node, field)):
            text = safe_yaml.text(value) or ""  # a null value (`KEY:`) is stored as an empty string
            decoded = _base64(text) if kind == "Secret" and field == "data" else text
            keys[key.value] = Setting(decoded, f"{path}:{key.start_mark.line + 1}")
    return keys


def _base64(text: str) -> str | None:
    try:
        return base64.b64decode("".join(text.split()), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None  # not text: the value is unknown here, the variable is still set


def _containers(node: Node) -> Iterator[Node]:
    """Containers of a workload at any depth (Pod spec, template spec, CronJob jobTemplate); each mapping is
    visited once, so aliases cannot make the walk longer than the file."""
    seen: set[int] = set()
    todo = [node]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        for key, value in safe_yaml.items(current):
            if key.value in ("containers", "initContainers"):
                yield from safe_yaml.sequence(value)
            elif safe_yaml.is_mapping(value):
                todo.append(value)


def _container_env(container: Node, objects: dict[tuple[str, str], dict[str, Setting]],
                   path: str) -> dict[str, Setting]:
    settings: dict[str, Setting] = {}
    for source in safe_yaml.sequence(safe_yaml.get(container, "envFrom")):
        for field, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
            name = safe_yaml.text(safe_yaml.get(safe_yaml.get(source, field), "name"))
            if name is not None:
                prefix = safe_yaml.text(safe_yaml.get(source, "prefix")) or ""
                settings.update({prefix + k: v for k, v in objects.get((kind, name), {}).items()})
    for entry in safe_yaml.sequence(safe_yaml.get(container, "env")):
        name_node = safe_yaml.get(entry, "name")
        name = safe_yaml.text(name_node)
        if name is None or name_node is None:
            continue
        origin = f"{path}:{name_node.start_mark.line + 1}"
        if safe_yaml.get(entry, "valueFrom") is not None:
            settings[name] = _reference(safe_yaml.get(entry, "valueFrom"), objects, origin)
        else:
            settings[name] = Setting(safe_yaml.text(safe_yaml.get(entry, "value")) or "", origin)
    return settings


def _reference(node: Node | None, objects: dict[tuple[str, str], dict[str, Setting]],
               origin: str) -> Setting:
    for field, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
        ref = safe_yaml.get(node, field)
        if ref is not None:
            found = objects.get((kind, safe_yaml.text(safe_yaml.get(ref, "name")) or ""), {}).get(safe_yaml.text(safe_yaml.get(ref, "key")) or "")
            return Setting(found.value, origin) if found else Setting(None, origin)
    return Setting(None, origin)  # fieldRef, resourceFieldRef: filled in by Kubernetes
