"""The `docenv.toml` that `docenv init` writes: each line with a short comment saying what it is for or why."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..model.document import Document
from .discover import Repository
from .draft import Draft

_COMMENT_COLUMN = 40


@dataclass(slots=True)
class Outputs:
    names: list[str]
    settings: list[tuple[str, str, str]] = field(default_factory=list)  # (key, value, why)


def propose_outputs(repo: Repository, draft: Draft, name: str) -> Outputs:
    """What to generate, and where: each language's package inside the stack that uses it."""
    outputs = Outputs(["model", "env"])
    package = re.sub(r"[^a-z0-9]", "", f"{name}config".lower())
    go = next((s for s in draft.stacks if s.kind == "go"), None)
    if go is not None:
        folder = _join(go.folder, f"internal/{package}")
        outputs.names.append("go")
        outputs.settings += [
            ("go_out", folder, f"inside the Go module {go.name}"),
            ("go_module", f"{go.name}/internal/{package}", "its import path: no go.mod of its own"),
            ("go_package", package, "import it as " + f"{go.name}/internal/{package}"),
        ]
    node = next((s for s in draft.stacks if s.kind == "node" and s.typescript), None)
    if node is not None:
        folder = _join(_join(node.folder, node.source), f"config/{name}")
        outputs.names.append("typescript")
        outputs.settings.append(("typescript_out", folder, f"inside the app {node.name}'s source tree"))
    python = next((s for s in draft.stacks if s.kind == "python"), None)
    if python is not None:
        outputs.names.append("python")
        outputs.settings.append(("python_out", python.folder or ".", f"the package {name}_config, inside "
                                 f"{python.name}"))
    if not repo.charts:
        outputs.names.append("helm")
    return outputs


def render(repo: Repository, doc_path: str, document: Document, name: str, draft: Draft, outputs: Outputs) -> str:
    sections = len(document.sections)
    lines = [
        "# docenv settings, drafted by `docenv init` from what this repository reads. Review the service map",
        "# below, then run `docenv generate`. Every key is described in docenv's docs (docs/settings.md).",
        "",
        _line("out", "generated", "where the model, .env examples and charts are written"),
        "",
        "[[docs]]",
        _line("path", doc_path, f"{document.variable_count} variables in {sections} section(s)"),
        _line("name", name, f"generated/{name}/..."),
        _line("outputs", outputs.names, "what is made of the doc"),
    ]
    lines += [_line(key, value, why) for key, value, why in outputs.settings]
    lines += ["", "# The service map: what runs each section. `docenv scan` checks each section's code, compose",
              "# services and charts against what the section documents, and leaves out (and counts) what no",
              f"# section claims. Drafted from {'section titles and' if draft.mode == 'titles' else 'what'} "
              f"{'what the code reads' if draft.mode == 'titles' else 'the code reads: the doc describes one service'}."]
    for section in document.sections:
        entry = draft.entries[section.id]
        lines += ["", f"[docs.services.{section.id}]" + " " * max(1, _COMMENT_COLUMN - 17 - len(section.id))
                  + f"# {section.title}"]
        if not (entry.code or entry.compose or entry.charts):
            lines.append("# nothing found that reads this section's variables: add its code, compose service or chart")
        for key, claims in (("code", entry.code), ("compose", entry.compose), ("charts", entry.charts)):
            if claims:
                lines.append(_line(key, [what for what, _ in claims], "; ".join(why for _, why in claims)))
    if draft.left_out:
        lines += ["", "# Left out of the map (not this doc's):"] + [f"#   {line}" for line in draft.left_out]
    return "\n".join(lines) + "\n"


def _line(key: str, value: object, why: str) -> str:
    text = f"{key} = {json.dumps(value)}"
    return text + " " * max(1, _COMMENT_COLUMN - len(text)) + f"# {why}"


def _join(folder: str, sub: str) -> str:
    return str(PurePosixPath(folder) / sub) if folder else sub


def next_steps(config: str) -> str:
    return "\n".join([
        f"docenv init: wrote {config}. Next:",
        "  docenv generate            # write the outputs it lists",
        "  docenv check               # in CI: fails when the outputs no longer match the doc",
        "  docenv scan                # what the code reads that the doc lacks, section by section",
        "  # pre-commit (.pre-commit-config.yaml):",
        "  #   - repo: <docenv's repository>",
        "  #     hooks: [{id: docenv-check}, {id: docenv-lint}]",
    ]) + "\n"
