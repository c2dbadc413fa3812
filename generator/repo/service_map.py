"""The service map: for each section of a doc, the code, compose services and deployments that run it.

A path, compose service or Kubernetes workload belongs to the sections whose entries name it. With a map
(`[docs.services.SECTION]`), what no section claims is not the doc's: `scan` leaves it out of its findings and
counts it. `scan.sections` (code paths only) is the older spelling: files it does not cover are still checked
against every section, as before the map existed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pathspec

from ..generate.project import ServiceEntry


@dataclass(frozen=True, slots=True)
class Workload:
    kind: str
    name: str


class ServiceMap:
    def __init__(self, entries: dict[str, ServiceEntry], legacy: dict[str, tuple[str, ...]] | None = None) -> None:
        """`entries`: section key -> what runs it; `legacy`: scan.sections (section key -> code paths)."""
        legacy = legacy or {}
        self.strict = bool(entries)
        keys = sorted(set(entries) | set(legacy))
        self.paths = {key: pathspec.GitIgnoreSpec.from_lines(
            [*legacy.get(key, ()), *entries.get(key, ServiceEntry()).code, *entries.get(key, ServiceEntry()).charts])
            for key in keys}
        self.patterns = {key: (*legacy.get(key, ()), *entries.get(key, ServiceEntry()).code,
                               *entries.get(key, ServiceEntry()).charts) for key in keys}
        self.services: dict[str, list[str]] = {}
        self.workloads: dict[str, list[str]] = {}
        for key, entry in sorted(entries.items()):
            for service in entry.compose:
                self.services.setdefault(service, []).append(key)
            for workload in entry.workloads:
                self.workloads.setdefault(workload, []).append(key)

    @property
    def keys(self) -> list[str]:
        return sorted(set(self.paths) | {k for keys in self.services.values() for k in keys}
                      | {k for keys in self.workloads.values() for k in keys})

    @property
    def maps_compose(self) -> bool:
        """Compose files are placed by service when the map names compose services, else by their path."""
        return bool(self.services)

    def of_path(self, path: str) -> list[str]:
        return [key for key, spec in self.paths.items() if self.patterns[key] and spec.match_file(path)]

    def of_service(self, name: str) -> list[str]:
        return list(self.services.get(name, ()))

    def of_workload(self, workload: Workload) -> list[str]:
        return sorted({*self.workloads.get(workload.name, ()), *self.workloads.get(f"{workload.kind}/{workload.name}",
                                                                                   ())})
