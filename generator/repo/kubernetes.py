"""Kubernetes manifests as the service map sees them: which lines belong to which workload."""

from __future__ import annotations

from ..model.errors import DocenvError
from . import safe_yaml
from .service_map import Workload

WORKLOADS = ("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob")


def workload_lines(text: str, path: str) -> dict[Workload, tuple[int, int]]:
    """Each workload document's first and last line. Empty for a file that does not parse (a Helm template):
    its reads are then placed by its path alone."""
    try:
        documents = safe_yaml.compose_documents(text, path)
    except DocenvError:
        return {}
    found: dict[Workload, tuple[int, int]] = {}
    for document in documents:
        kind = safe_yaml.text(safe_yaml.get(document, "kind"))
        name = safe_yaml.text(safe_yaml.get(safe_yaml.get(document, "metadata"), "name"))
        if kind in WORKLOADS and name:
            found[Workload(kind, name)] = (safe_yaml.line(document), int(document.end_mark.line) + 1)
    return found
