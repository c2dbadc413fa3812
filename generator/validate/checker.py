"""Check one environment against sections of a doc: every problem at once, values of secrets never shown."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ..model.document import Document, Section
from ..model.names import SectionNames
from .classes import config_classes
from .sources import Setting

ENVIRONMENT = "environment"
_TYPO_CUTOFF = 0.85  # difflib ratio: TEMPORAL_TASKQUEUE ~ TEMPORAL_TASK_QUEUE is 0.97, DB_HOST ~ DB_PORT 0.71


@dataclass(frozen=True, slots=True)
class Finding:
    origin: str  # where the value was set (`path:line`, "environment"), or the doc line of a missing one
    section: str | None  # section id; None for a name no section documents
    variable: str
    message: str
    severity: str  # "error" fails validation; "warning" does not

    def to_json(self) -> dict[str, Any]:
        return {"origin": self.origin, "section": self.section, "variable": self.variable,
                "message": self.message, "severity": self.severity}


def check(document: Document, sections: list[Section], environment: dict[str, Setting]) -> list[Finding]:
    """The problems `from_env()` finds in each section, placed where each value was set.

    A `_FILE` twin set in a dotenv file or a manifest names a file inside the container: it is
    not opened here, and its variable counts as set (a twin set beside its variable is still
    an error, found without reading the file).
    """
    classes = config_classes(document)
    deferred = {name for name, s in environment.items() if s.value is None}
    twins = {v.file_twin: v.name for s in sections for v in s.every_variable if v.file_twin}
    for twin, name in twins.items():
        setting = environment.get(twin)
        if setting is not None and setting.origin != ENVIRONMENT and not _set(environment.get(name)):
            deferred |= {twin, name}
    environ = {name: s.value for name, s in environment.items() if s.value is not None and name not in deferred}
    findings: list[Finding] = []
    for section in sections:
        try:
            classes[section.id].from_env(environ)
        except ValueError as err:  # the generated ConfigError
            for problem in getattr(err, "problems", ()):
                if problem.variable in deferred:
                    continue  # filled in where the service runs: a reference to an object not given, a secret file
                setting = environment.get(problem.variable)
                origin = setting.origin if setting else f"{document.source}:{problem.line}"
                findings.append(Finding(origin, section.id, problem.variable, problem.message, "error"))
    return findings


def _set(setting: Setting | None) -> bool:
    return setting is not None and setting.value != ""


def typos(documents: list[Document], environment: dict[str, Setting]) -> list[Finding]:
    """Names no section of any doc documents that are one slip from a documented one.

    They fail validation when a file written for the service sets them; in the process
    environment, which holds the whole machine's variables, they are warnings.
    """
    names = [SectionNames.of(s) for doc in documents for s in doc.sections]
    documented = sorted({name for n in names for name in n.names} | {
        v.name for doc in documents for s in doc.sections for v in s.every_variable})
    findings = []
    for name, setting in environment.items():
        if any(n.resolve(name) for n in names):
            continue
        close = difflib.get_close_matches(name, documented, n=1, cutoff=_TYPO_CUTOFF)
        if close:
            severity = "warning" if setting.origin == ENVIRONMENT else "error"
            findings.append(Finding(setting.origin, None, name, f"is not documented; did you mean {close[0]}?",
                                    severity))
    return findings


def named(section: Section, wanted: list[str]) -> bool:
    """The section is one of `wanted`, by id or title (case aside)."""
    return any(w.casefold() in (section.id.casefold(), section.title.casefold()) for w in wanted)
