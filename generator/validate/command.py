"""`docenv validate` from its arguments to an exit code."""

from __future__ import annotations

import json
import sys

from ..generate.parse import parse_configured
from ..generate.project import Settings
from ..model.diagnostics import format_all, has_errors, paint_severity
from ..model.document import Document
from ..repo import compose
from ..model.errors import DocenvError
from ..targets.escaping import terminal_line
from ..terminal import colour_enabled
from .checker import Finding, check, named, typos
from .compose_check import check_services, pairs_from
from .sources import Setting, dotenv_file, manifest_file, process_environment


def run(project: Settings, wanted: list[str], env_files: list[str], manifests: list[str], fmt: str,
        quiet: bool = False, compose_files: list[str] | None = None, service: str | None = None) -> bool:
    """Print every problem; True when the environment is invalid."""
    compose_files = list(compose_files or ())
    if not (env_files or manifests or compose_files) and project.validate.compose:
        compose_files = [str(project.root / path) for path in project.validate.compose]
    if service is not None and not compose_files:
        raise DocenvError("--service names a compose service: give the compose file with --compose")
    findings: list[Finding] = []
    checked: list[str] = []
    found: set[str] = set()
    documents = []
    mapped: list[tuple[str, Document, dict[str, tuple[str, ...]]]] = []
    environment = _environment(env_files, manifests) if env_files or manifests or not compose_files else None
    for doc in project.docs:
        parsed = parse_configured(doc, project.origin)
        if has_errors(parsed.diagnostics):
            sys.stderr.write(format_all([d for d in parsed.diagnostics if d.severity == "error"], "text"))
            raise DocenvError("has errors: fix them before validating against it (see `docenv lint`)", doc.display)
        documents.append(parsed.document)
        mapped.append((doc.name, parsed.document, {key: entry.compose for key, entry in doc.services.items()}))
        sections = [s for s in parsed.document.sections if not wanted or named(s, wanted)]
        found.update(w for s in sections for w in wanted if named(s, [w]))
        if sections and environment is not None:
            checked.extend(s.id for s in sections)
            findings.extend(check(parsed.document, sections, environment))
    unknown = [w for w in wanted if w not in found]
    if unknown:
        raise DocenvError(f"no section {', '.join(map(repr, unknown))} in " + ", ".join(d.display for d in project.docs)
                          + "; sections are named by id or title (`docenv parse DOC --format text` lists them)")
    if environment is not None:
        findings.extend(typos(documents, environment))  # once, against every doc: B may document what A lacks
    unmapped: list[str] = []
    if compose_files:
        services = compose.load(compose_files)
        result = check_services(services, pairs_from(mapped, wanted, service, services))
        findings.extend(result.findings)
        checked.extend(result.checked)
        unmapped = result.unmapped
    findings = sorted(set(findings), key=lambda f: (f.severity != "error", f.section or "~", f.origin, f.variable))
    errors = sum(f.severity == "error" for f in findings)
    if fmt == "json":
        sys.stdout.write(json.dumps({"valid": not errors, "sections": checked,
                                     "problems": [f.to_json() for f in findings]}, indent=2) + "\n")
    else:
        colour = colour_enabled(sys.stdout)
        for f in findings:
            where = f" [{f.section}]" if f.section else ""
            line = terminal_line(f"{f.origin}: {f.severity}: {f.variable} {f.message}{where}")
            print(paint_severity(line, f.severity) if colour else line)
        verdict = f"{errors} problem(s)" if errors else "valid"
        if not quiet:
            print(f"docenv validate: {verdict} for section(s) {', '.join(checked)}"
                  + (f"; {len(findings) - errors} warning(s)" if len(findings) > errors else "")
                  + (f"; {len(unmapped)} compose service(s) not in the map: {', '.join(unmapped)}" if unmapped
                     else ""), file=sys.stderr)
    return errors > 0


def _environment(env_files: list[str], manifests: list[str]) -> dict[str, Setting]:
    if not env_files and not manifests:
        return process_environment()
    environment: dict[str, Setting] = {}
    for path in env_files:
        environment.update(dotenv_file(path))  # a later file overrides an earlier one
    for path in manifests:
        environment.update(manifest_file(path))
    return environment
