"""Print a scan report: text and GitHub annotations (as diagnostics), JSON, and SARIF 2.1.0."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..model.diagnostics import CODES, Diagnostic, format_all, sort_key
from ..targets.escaping import terminal_line
from .files import Listing
from .found import BUILD_ARG, SET, Place
from .ownership import Outside
from .report import ALL, Group, Report
from .scanner import ScanResult

FORMATS = ("text", "json", "github", "sarif")
_DOING = {SET: "set", BUILD_ARG: "a build argument"}


def diagnostics(report: Report, fail_on_unused: bool) -> list[Diagnostic]:
    """DV301 for every place an undocumented variable is read, DV302 per unused one, DV303 per unresolved read."""
    out: list[Diagnostic] = []
    for group in report.groups:
        for name, places in group.undocumented.items():
            for place in places:
                doing = _DOING.get(place.kind, "read")
                if group.key == ALL:
                    message = f"{terminal_line(name)} is {doing} here but not documented in the doc"
                else:  # "LOG_LEVEL is read here by Worker but the Worker section does not document it; API does"
                    others = group.elsewhere.get(name, [])
                    message = (f"{terminal_line(name)} is {doing} here by {group.title} but the {group.title} "
                               f"section does not document it"
                               + (f"; {', '.join(others)} {'does' if len(others) == 1 else 'do'}" if others else ""))
                out.append(Diagnostic(place.path, place.line, place.column, "DV301", "error", message))
        for var in group.unused:
            out.append(Diagnostic(group.doc or "", var.line, var.column("name"), "DV302",
                                  "error" if fail_on_unused else "warning",
                                  f"{var.name} is documented in section {group.key} but no scanned code reads it"))
        for place in group.unresolved:
            out.append(Diagnostic(place.path, place.line, place.column, "DV303", "info",
                                  f"name built at run time, not checked: {terminal_line(place.expression)}"
                                  + (f" ({terminal_line(place.why)})" if place.why else "")))
    return sorted(set(out), key=sort_key)


def render(report: Report, result: ScanResult, listing: Listing, fmt: str, fail_on_unused: bool,
           colour: bool = False, outside: Outside | None = None) -> str:
    if fmt == "json":
        return json.dumps(_json(report, result, outside or Outside()), indent=2, ensure_ascii=False) + "\n"
    found = diagnostics(report, fail_on_unused)
    if fmt == "sarif":
        return json.dumps(_sarif(found), indent=2, ensure_ascii=False) + "\n"
    return format_all(found, fmt, colour)


def summary(report: Report, result: ScanResult, outside: Outside | None = None) -> str:
    skipped = sum(result.skipped.values())
    left_out = outside.summary() if outside is not None else ""
    return (f"docenv scan: {result.scanned} file(s) scanned, {skipped} skipped; {report.undocumented} undocumented, "
            f"{report.unused} unused, {report.unresolved} unresolved" + (f"; {left_out}" if left_out else ""))


def _json(report: Report, result: ScanResult, outside: Outside) -> dict[str, Any]:
    return {
        "outside_the_map": {"compose_services": sorted(outside.services), "files": sorted(outside.files)},
        "files": {"scanned": result.scanned, "skipped": dict(sorted(result.skipped.items())),
                  "not_source": result.other},
        "summary": {"undocumented": report.undocumented, "unused": report.unused,
                    "unresolved": report.unresolved},
        "sections": [_group_json(group) for group in report.groups],
        "idle_mappings": list(report.idle_mappings),
    }


def _group_json(group: Group) -> dict[str, Any]:
    return {
        "section": None if group.key == ALL else group.key,
        "title": group.title,
        "doc": group.doc,
        "undocumented": [{"name": name, "places": [_place_json(p) for p in places]}
                         for name, places in group.undocumented.items()],
        "unused": [{"name": v.name, "line": v.line} for v in group.unused],
        "unresolved": [_place_json(p) for p in group.unresolved],
    }


def _place_json(place: Place) -> dict[str, Any]:
    found: dict[str, Any] = {"path": place.path, "line": place.line, "column": place.column, "kind": place.kind,
                             "expression": place.expression}
    if place.declared is not None:
        found["declared"] = place.declared.to_json()
    if place.why is not None:
        found["why"] = place.why
    return found


def _sarif(found: list[Diagnostic]) -> dict[str, Any]:
    """SARIF 2.1.0 for code-scanning upload: one rule per code, paths relative to the checkout."""
    codes = sorted({d.code for d in found} | {"DV301", "DV302", "DV303"})
    level = {"error": "error", "warning": "warning", "info": "note"}
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "docenv",
                "version": __version__,
                "rules": [{"id": code, "name": code, "shortDescription": {"text": CODES[code]},
                           "defaultConfiguration": {"level": level["error" if code == "DV301" else
                                                                   "warning" if code == "DV302" else "info"]}}
                          for code in codes],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "./"}},
            "results": [{
                "ruleId": d.code,
                "ruleIndex": codes.index(d.code),
                "level": level[d.severity],
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": quote(d.path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": d.line, "startColumn": d.column},
                }}],
            } for d in found],
        }],
    }
