"""Doc -> model -> every output, in memory. `generate` writes the result; `check` compares it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..model.diagnostics import Diagnostic, has_errors, sort_key
from ..model.errors import DocenvError
from .manifest import MANIFEST, inputs_fingerprint, manifest_bytes
from .outputs import OUTPUTS
from .parse import parse_configured
from .placement import placed_folder, rebased
from .project import Settings


class GenerationRefused(Exception):
    """The doc has errors that must be fixed before anything is generated."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{sum(d.severity == 'error' for d in diagnostics)} error(s) in the doc")
        self.diagnostics = diagnostics


@dataclass(slots=True)
class Rendered:
    files: dict[str, bytes]  # path relative to the output dir (forward slashes) -> content
    diagnostics: list[Diagnostic]
    fingerprint: str
    # Outputs placed in the repository (go_out...): folder relative to the settings file -> its files, each
    # folder with a manifest of its own.
    trees: dict[str, dict[str, bytes]] = field(default_factory=dict)

    def each_tree(self, settings: Settings) -> list[tuple[Path, Rendered]]:
        """(folder, its files) for `out` and every placed folder, as `write` and `compare` take them."""
        return [(settings.out, Rendered(self.files, self.diagnostics, self.fingerprint)),
                *((settings.root / folder, Rendered(files, self.diagnostics, self.fingerprint))
                  for folder, files in sorted(self.trees.items()))]


def render_all(settings: Settings, progress: Callable[[int], None] | None = None) -> Rendered:
    """Every output of every doc, in memory. `progress(n)`: n more outputs rendered."""
    files: dict[str, bytes] = {}
    trees: dict[str, dict[str, bytes]] = {}
    diagnostics: list[Diagnostic] = []
    for doc in settings.docs:
        result = parse_configured(doc, settings.origin)
        diagnostics.extend(result.diagnostics)
        if has_errors(result.diagnostics):
            raise GenerationRefused(result.diagnostics)
        for name, output in OUTPUTS.items():  # a fixed order, whatever the settings list
            if name in doc.outputs:
                rendered = output.render(doc, result.document, result.diagnostics, settings)
                folder = placed_folder(doc, name)
                if folder is not None:
                    rendered = rebased(doc, name, rendered)
                target = files if folder is None else trees.setdefault(folder, {})
                for path, text in rendered.items():
                    _add(target, path, text)
                if progress is not None:
                    progress(1)
    fingerprint = inputs_fingerprint(settings)
    findings = [d.to_json() for d in sorted(diagnostics, key=sort_key) if d.severity != "info"]
    for tree in (files, *trees.values()):
        tree[MANIFEST] = manifest_bytes(fingerprint, tree, findings)
    return Rendered(files, diagnostics, fingerprint, trees)


def _add(files: dict[str, bytes], path: str, text: str) -> None:
    if path in files:
        raise DocenvError(f"two outputs would both be written to {path}; give the docs different names "
                          "or packages in the settings file")
    files[path] = text.encode("utf-8")
