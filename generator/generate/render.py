"""Doc -> model -> every output, in memory. `generate` writes the result; `check` compares it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..targets import model_json
from ..read import overrides
from ..read.builder import ParseResult, parse_document
from ..model.diagnostics import Diagnostic, has_errors
from ..model.errors import DocenvError
from .manifest import MANIFEST, inputs_fingerprint, manifest_bytes
from .settings import OUTPUTS, DocSettings, Settings
from ..read.sources import read_doc


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


def render_all(settings: Settings, progress: Callable[[int], None] | None = None) -> Rendered:
    """Every output of every doc, in memory. `progress(n)`: n more outputs rendered."""
    files: dict[str, bytes] = {}
    diagnostics: list[Diagnostic] = []
    for doc in settings.docs:
        result = parse_configured(doc, settings.origin)
        diagnostics.extend(result.diagnostics)
        if has_errors(result.diagnostics):
            raise GenerationRefused(result.diagnostics)
        for output in OUTPUTS:  # a fixed order, whatever the settings list
            if output in doc.outputs:
                for path, text in _TARGETS[output](doc, result, settings).items():
                    _add(files, path, text)
                if progress is not None:
                    progress(1)
    fingerprint = inputs_fingerprint(settings)
    files[MANIFEST] = manifest_bytes(fingerprint, files)
    return Rendered(files, diagnostics, fingerprint)


def _add(files: dict[str, bytes], path: str, text: str) -> None:
    if path in files:
        raise DocenvError(f"two outputs would both be written to {path}; give the docs different names "
                          "or packages in [tool.docenv]")
    files[path] = text.encode("utf-8")


def _model(doc: DocSettings, result: ParseResult, settings: Settings) -> dict[str, str]:
    data = model_json.document_json(result.document, result.diagnostics)
    return {f"{doc.name}/model.json": model_json.dumps(data)}


def _python(doc: DocSettings, result: ParseResult, settings: Settings) -> dict[str, str]:
    from ..targets.python.package import render_package

    return render_package(result.document, doc.package)


def _env(doc: DocSettings, result: ParseResult, settings: Settings) -> dict[str, str]:
    from ..targets.env import render_env_files

    return render_env_files(result.document, f"{doc.name}/env")


def _helm(doc: DocSettings, result: ParseResult, settings: Settings) -> dict[str, str]:
    from ..targets.helm.chart import render_charts

    return render_charts(result.document, doc.name, "helm", doc.values_paths, settings.origin)


def _pydantic(doc: DocSettings, result: ParseResult, settings: Settings) -> dict[str, str]:
    from ..targets.pydantic.package import render_package

    return render_package(result.document, doc.pydantic_package)


_TARGETS: dict[str, Callable[[DocSettings, ParseResult, Settings], dict[str, str]]] = {
    "model": _model, "python": _python, "env": _env, "helm": _helm, "pydantic": _pydantic,
}
