"""Which sections each find belongs to, by the service map: a compose service's line, a workload's, a path.

`owners(place)` gives the section keys; an empty list for a find outside a map (not the doc's: left out of the
findings, and tallied for the summary); None where no mapping covers it and there is no map to be outside of
(the legacy scan.sections, or no settings): such a find is checked against every section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..repo.compose import ServicesByLine, env_files
from ..repo.files import dotenv_names
from ..repo.kubernetes import workload_lines
from ..repo.service_map import ServiceMap, Workload
from .files import VENDORED
from .found import READ, SET, Place
from .languages import reader_name


@dataclass(slots=True)
class Outside:
    """What a map leaves out, as found with reads or sets in it."""

    services: set[str] = field(default_factory=set)  # compose services no section claims
    files: set[str] = field(default_factory=set)  # other files no section claims

    def summary(self) -> str:
        parts = []
        if self.services:
            names = sorted(self.services)
            parts.append(f"{len(names)} compose service(s) not in the map: {', '.join(names)}")
        if self.files:
            folders = sorted({_top(path) for path in self.files})
            shown = ", ".join(folders[:6]) + (", ..." if len(folders) > 6 else "")
            parts.append(f"{len(self.files)} file(s) outside the map ({shown})")
        return "; ".join(parts)


class Owners:
    def __init__(self, root: Path, service_map: ServiceMap) -> None:
        self.root = root
        self.map = service_map
        self.outside = Outside()
        self._services = ServicesByLine(root)
        self._workloads: dict[str, dict[Workload, tuple[int, int]]] = {}
        self.env_file_services: dict[str, set[str]] = {}  # env_file path -> the compose services it is read by
        self._mapped = bool(service_map.keys)
        self._kinds: dict[str, str] = {}  # path -> its reader ("" for none), asked once per file
        self._paths: dict[str, list[str]] = {}  # path -> the sections its path claims

    def env_file_places(self, compose_files: list[str]) -> list[Place]:
        """The variables each mapped compose service's env_file sets, as finds of that service."""
        places: list[Place] = []
        for compose in compose_files:
            for service, files in env_files(self._text(compose), compose).items():
                if not self.map.of_service(service):
                    continue
                for file in files:
                    path = str(PurePosixPath(compose).parent / file).removeprefix("./")
                    self.env_file_services.setdefault(path, set()).add(service)
                    text = self._text(path)
                    places.extend(Place(path, line, 1, name, SET, f"env_file of compose service {service}")
                                  for name, line in dotenv_names(text))
        return places

    def __call__(self, place: Place) -> list[str] | None:
        if not self._mapped:  # no mapping at all: everything is checked against every section
            return None
        kind = self._kinds.get(place.path)
        if kind is None:
            kind = self._kinds[place.path] = reader_name(place.path) or ""
        if place.path in self.env_file_services:
            return sorted({k for service in self.env_file_services[place.path] for k in self.map.of_service(service)})
        if kind == "compose" and self.map.maps_compose:
            if place.kind == READ:
                return []  # `${X}`: the compose file's own input (host or .env), not the service's variable
            return self._compose(place)
        owners = self._paths.get(place.path)
        if owners is None:
            owners = self._paths[place.path] = self.map.of_path(place.path)
        if kind == "manifest" and self.map.workloads:
            owners = sorted({*owners, *self._workload(place)})
        if owners:
            return owners
        if not self.map.strict:
            return None
        self.outside.files.add(place.path)
        return []

    def _compose(self, place: Place) -> list[str]:
        services = self._services.at(place.path, place.line)
        owners = sorted({key for name in services for key in self.map.of_service(name)})
        if not owners:
            self.outside.services.update(services)
            if not services:
                self.outside.files.add(place.path)
        return owners

    def _workload(self, place: Place) -> list[str]:
        if place.path not in self._workloads:
            self._workloads[place.path] = workload_lines(self._text(place.path), place.path)
        return [key for workload, (start, end) in self._workloads[place.path].items() if start <= place.line <= end
                for key in self.map.of_workload(workload)]

    def _text(self, path: str) -> str:
        try:
            return (self.root / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""


def _top(path: str) -> str:
    parts = [p for p in PurePosixPath(path).parts[:-1] if p not in VENDORED]
    return f"{parts[0]}/" if parts else path
