"""Compose services checked against the sections that they run, by the service map.

Each mapped service's environment (env_file files, then `environment:`, interpolated as compose does) is
checked with the section's generated `from_env()`, as a dotenv file is; a name the section does not document
is an error when it is one slip from a documented name ("did you mean"), else a warning.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..model.document import Document, Section
from ..model.errors import DocenvError
from ..model.names import SectionNames
from ..repo.compose import Service
from ..repo.platform import is_platform
from .checker import Finding, check, named
from .sources import Setting

_TYPO_CUTOFF = 0.85


@dataclass(slots=True)
class ComposeCheck:
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # "service -> section"
    unmapped: list[str] = field(default_factory=list)  # compose services no section claims


def check_services(services: dict[str, Service], pairs: list[tuple[str, Document, Section]]) -> ComposeCheck:
    """`pairs`: (compose service, its doc, its section), as the map or --service gives them."""
    result = ComposeCheck()
    for name, document, section in pairs:
        service = services.get(name)
        if service is None:
            continue
        result.checked.append(f"{name} -> {section.id}")
        environment = {variable: Setting(value.value, value.origin)
                       for variable, value in service.environment.items() if value.value is not None}
        result.findings.extend(_tagged(f, name) for f in check(document, [section], environment))
        result.findings.extend(Finding(origin, section.id, f"[compose service {name}]", message, "error")
                               for origin, message in service.problems)
        result.findings.extend(_undocumented(section, name, environment))
    claimed = {name for name, _, _ in pairs}
    result.unmapped = sorted(set(services) - claimed)
    return result


def _tagged(finding: Finding, service: str) -> Finding:
    return Finding(finding.origin, finding.section, finding.variable, f"{finding.message} (compose service {service})",
                   finding.severity)


def _undocumented(section: Section, service: str, environment: dict[str, Setting]) -> list[Finding]:
    names = SectionNames.of(section)
    documented = sorted({v.name for v in section.every_variable} | set(names.names))
    findings = []
    for variable, setting in sorted(environment.items()):
        if names.resolve(variable) is not None or is_platform(variable):
            continue
        close = difflib.get_close_matches(variable, documented, n=1, cutoff=_TYPO_CUTOFF)
        if close:
            findings.append(Finding(setting.origin, section.id, variable,
                                    f"is not documented in {section.title}; did you mean {close[0]}? "
                                    f"(compose service {service})", "error"))
        else:
            findings.append(Finding(setting.origin, section.id, variable,
                                    f"is set for compose service {service}, but the {section.title} section does "
                                    "not document it", "warning"))
    return findings


def pairs_from(documents: list[tuple[str, Document, dict[str, tuple[str, ...]]]], wanted: list[str],
               service: str | None, services: dict[str, Service]) -> list[tuple[str, Document, Section]]:
    """(compose service, doc, section) to check: `--service` with one `--section`, else the map's pairs
    (`documents`: doc name, document, section id -> its compose services)."""
    if service is not None:
        matching = [(doc, s) for _, doc, _ in documents for s in doc.sections if named(s, wanted)]
        if len(wanted) != 1 or len(matching) != 1:
            raise DocenvError("--service pairs one compose service with one section: give exactly one --section")
        if service not in services:
            raise DocenvError(f"no compose service {service!r} in the compose files (services: "
                              f"{', '.join(sorted(services)) or 'none'})")
        return [(service, matching[0][0], matching[0][1])]
    pairs = [(name, doc, section) for _, doc, mapped in documents for section in doc.sections
             if not wanted or named(section, wanted) for name in mapped.get(section.id, ())]
    if not pairs:
        raise DocenvError("no compose service is mapped to " + ("those sections" if wanted else "a section")
                          + f" (services: {', '.join(sorted(services)) or 'none'}); map them with "
                          "`compose = [...]` under [docs.services.SECTION], or pair one with --service and --section")
    return pairs
