"""Doc -> model -> every output, in memory. `generate` writes the result; `check` compares it."""

from __future__ import annotations

from dataclasses import dataclass

from . import model_json, overrides
from .builder import ParseResult, parse_document
from .diagnostics import Diagnostic, has_errors
from .errors import DocenvError
from .manifest import MANIFEST, inputs_fingerprint, manifest_bytes
from .settings import DocSettings, Settings
from .sources import read_doc


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


def parse_configured(doc: DocSettings, origin: str) -> ParseResult:
    """Read and parse one configured doc, with its overrides applied."""
    text = read_doc(str(doc.path), doc.display)
    result = parse_document(text, doc.display, doc.section_level, doc.file_twins)
    if doc.overrides:
        result.document, found = overrides.apply(result.document, doc.overrides, origin)
        result.diagnostics.extend(found)
    return result


def render_all(settings: Settings) -> Rendered:
    files: dict[str, bytes] = {}
    diagnostics: list[Diagnostic] = []
    for doc in settings.docs:
        result = parse_configured(doc, settings.origin)
        diagnostics.extend(result.diagnostics)
        if has_errors(result.diagnostics):
            raise GenerationRefused(result.diagnostics)
        if "model" in doc.outputs:
            data = model_json.document_json(result.document, result.diagnostics)
            _add(files, f"{doc.name}/model.json", model_json.dumps(data))
        if "python" in doc.outputs:
            from .python_target import render_package

            for path, text in render_package(result.document, doc.package).items():
                _add(files, path, text)
        if "env" in doc.outputs:
            from .env_target import render_env_files

            for path, text in render_env_files(result.document, f"{doc.name}/env").items():
                _add(files, path, text)
        if "helm" in doc.outputs:
            from .helm_target import render_charts

            for path, text in render_charts(result.document, doc.name, "helm", doc.values_paths,
                                            settings.origin).items():
                _add(files, path, text)
    fingerprint = inputs_fingerprint(settings)
    files[MANIFEST] = manifest_bytes(fingerprint, files)
    return Rendered(files, diagnostics, fingerprint)


def _add(files: dict[str, bytes], path: str, text: str) -> None:
    if path in files:
        raise DocenvError(f"two outputs would both be written to {path}; give the docs different names "
                          "or packages in [tool.docenv]")
    files[path] = text.encode("utf-8")
