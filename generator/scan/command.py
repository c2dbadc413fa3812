"""`docenv scan` from settings to exit code: list files, read them, compare with the docs, print."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..generate.parse import parse_configured
from ..generate.project import Settings
from ..model.document import Document
from ..model.errors import DocenvError
from ..repo.service_map import ServiceMap
from ..targets.go.package import section_codes
from ..targets.pydantic.package import settings_class
from ..targets.python.package import section_classes
from ..targets.typescript.package import module_names
from ..terminal import Progress, colour_enabled
from .files import Listing, list_files
from .formats import render, summary
from .ownership import Outside, Owners
from .report import Report, ScannedSection, compare, section_names
from .scanner import ConfigClasses, ScanResult, scan


@dataclass(slots=True)
class Scanned:
    """What one scan found, compared with the docs: what `scan` prints and `fix` writes into the doc."""

    report: Report
    result: ScanResult
    listing: Listing
    outside: Outside
    documents: list[tuple[str, Document, dict[str, tuple[str, ...]]]]


def run(project: Settings, paths: list[str], fmt: str, fail_on_unused: bool, quiet: bool,
        verbose: bool = False, only: str | None = None) -> bool:
    """Print the report; True when it should fail (something undocumented, or unused with the flag).

    `only`: the name of the one configured doc to scan against (`--doc`); its section keys stay those of
    the whole project, so [tool.docenv.scan.sections] means the same either way.
    """
    scanned = collect(project, paths, quiet, verbose, only)
    report, result = scanned.report, scanned.result
    fail_on_unused = fail_on_unused or project.scan.fail_on_unused
    sys.stdout.write(render(report, result, scanned.listing, fmt, fail_on_unused, colour_enabled(sys.stdout),
                            scanned.outside))
    for key in report.idle_mappings:
        where = "[tool.docenv.scan.sections]" if key in project.scan.sections else "the service map"
        print(f"docenv scan: the paths of section {key} in {where} match no scanned file", file=sys.stderr)
    if not quiet:
        print(summary(report, result, scanned.outside), file=sys.stderr)
    return report.undocumented > 0 or (fail_on_unused and report.unused > 0)


def collect(project: Settings, paths: list[str], quiet: bool, verbose: bool = False,
            only: str | None = None) -> Scanned:
    """Scan the project's files and compare what they read and set with its docs."""
    documents: list[tuple[str, Document, dict[str, tuple[str, ...]]]] = []
    config: list[ConfigClasses] = []
    for doc in project.docs:
        parsed = parse_configured(doc, project.origin)
        errors = sum(d.severity == "error" for d in parsed.diagnostics)
        if errors:
            print(f"docenv scan: {doc.display} has {errors} error(s) (see `docenv lint`); scanning against the "
                  "variables it documents", file=sys.stderr)
        stdlib = {section.id: cls for section, _, cls in section_classes(parsed.document)}
        pydantic = {sid: settings_class(cls) for sid, cls in stdlib.items()}
        go = {section.id: tuple(n for n in (code.loader, code.loader_from, code.loader_environ) if n)
              for section, code in section_codes(parsed.document)}
        # The public loader reads only the browser's names: it is no read of the whole section.
        typescript = {section.id: f"load{base}" for section, _, base in module_names(parsed.document)}
        documents.append((doc.name, parsed.document, {sid: (cls, pydantic[sid], *go[sid], typescript[sid])
                                                      for sid, cls in stdlib.items()}))
        if "python" in doc.outputs:
            config.append(ConfigClasses(doc.package, tuple(sorted(stdlib.values()))))
        if "pydantic" in doc.outputs:  # a BaseSettings class reads the environment when it is built
            config.append(ConfigClasses(doc.pydantic_package, tuple(sorted(pydantic.values())), r"\s*\("))
        if "go" in doc.outputs:  # neosyncconfig.LoadWorker() in a file that imports the module
            loaders = tuple(sorted(n for names in go.values() for n in names))
            config.append(ConfigClasses(doc.go_module, loaders, r"\s*\(", "go", f'"{re.escape(doc.go_module)}"'))
        if "typescript" in doc.outputs:  # loadWorker() in a module that imports it
            loaders = tuple(sorted(typescript.values()))
            names = "|".join(map(re.escape, loaders))
            config.append(ConfigClasses(doc.name, loaders, r"\s*\(", "js",
                                        rf"\bimport\s*(?:type\s+)?\{{[^}}]*\b(?:{names})\b[^}}]*\}}"))
    sections = section_names(documents)
    service_map = _service_map(project, documents, sections)
    if only is not None:
        source = next(document.source for name, document, _ in documents if name == only)
        sections = [s for s in sections if s.doc == source]

    if paths:
        roots = [_under_root(project.root, p) for p in paths]
    else:
        roots = [_under_root(project.root, str(project.root / p), "[tool.docenv.scan] paths: ")
                 for p in project.scan.paths]
    output = _output_dir(project)
    listing = list_files(project.root, roots, list(project.scan.exclude), output, project.scan.tests)
    with Progress("files scanned", len(listing.candidates), sys.stderr, quiet) as progress:
        result = scan(project.root, listing, tuple(config), progress=progress.advance)
    if verbose:
        for path, why in result.skipped_paths:
            print(f"skipped {path}: {why}", file=sys.stderr)
    scanned = [path for path, _ in listing.candidates]
    idle = tuple(key for key in service_map.keys if service_map.patterns.get(key)
                 and not any(service_map.paths[key].match_file(path) for path in scanned))
    owners = Owners(project.root, service_map)
    if service_map.maps_compose:
        result.places.extend(owners.env_file_places([path for path, reader in listing.candidates
                                                     if reader == "compose"]))
    report = compare(result.places, sections, owners, list(project.scan.allow), frozenset(service_map.keys), idle)
    return Scanned(report, result, listing, owners.outside, documents)


def _service_map(project: Settings, documents: list[tuple[str, Document, dict[str, tuple[str, ...]]]],
                 sections: list[ScannedSection]) -> ServiceMap:
    """The docs' service maps and scan.sections, keyed like the scanned sections (`doc.section` when two docs
    share an id); a key naming no section stops the scan."""
    keys = {s.key for s in sections}
    entries = {}
    for doc in project.docs:
        for section, entry in doc.services.items():
            entries[section if section in keys else f"{doc.name}.{section}"] = entry
    legacy = dict(project.scan.sections)
    unknown = sorted((set(entries) | set(legacy)) - keys)
    if unknown:
        raise DocenvError(f"the service map names no documented section: {', '.join(unknown)} "
                          f"(sections: {', '.join(s.key for s in sections)})", project.origin)
    return ServiceMap(entries, legacy)


def _inside(root: Path, path: Path) -> bool:
    return not os.path.relpath(path.resolve(), root.resolve()).startswith("..")


def _output_dir(project: Settings) -> str | None:
    """docenv's own output folder, relative to the root: its files are the doc restated, not code."""
    if not _inside(project.root, project.out):
        return None
    return os.path.relpath(project.out.resolve(), project.root.resolve()).replace(os.sep, "/")


def _under_root(root: Path, path: str, where: str = "") -> str:
    """A path to scan (from the command line, or the settings), relative to the project root."""
    shown = f"{where}{os.path.relpath(path, root) if where else path}"
    if not _inside(root, Path(path)):
        raise DocenvError(f"{shown} is outside the project ({root})")
    if not Path(path).exists():
        raise DocenvError(f"{shown}: no such file or folder")
    return os.path.relpath(Path(path).resolve(), root.resolve()).replace(os.sep, "/")
