"""Every output docenv can write: its name in `outputs`, how it is rendered, and the lint rules it adds.

Each renderer imports its target only when it runs, so commands that render nothing (`check` with
nothing changed, `lint`) never load Jinja or black. Adding an output: a module under targets/, an entry
here, its settings in settings.py (see the README's architecture section).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings validates `outputs` against this registry: keep it free of the model's imports
    from collections.abc import Callable

    from ..model.diagnostics import Diagnostic
    from ..model.document import Document
    from ..model.lint import LintRule
    from .project import DocSettings, Settings


@dataclass(frozen=True, slots=True)
class Output:
    # (the doc's settings, its model, its diagnostics, the project) -> path under the output dir -> text
    render: Callable[[DocSettings, Document, list[Diagnostic], Settings], dict[str, str]]
    lint: LintRule | None = None  # findings about what this output had to change in the doc's names


def _model(doc: DocSettings, document: Document, diagnostics: list[Diagnostic], settings: Settings) -> dict[str, str]:
    from ..targets import model_json

    return {f"{doc.name}/model.json": model_json.dumps(model_json.document_json(document, diagnostics))}


def _python(doc: DocSettings, document: Document, diagnostics: list[Diagnostic], settings: Settings) -> dict[str, str]:
    from ..targets.python.package import render_package

    return render_package(document, doc.package)


def _python_lint(document: Document) -> list[Diagnostic]:
    from ..targets.python.lint import renamed_fields

    return renamed_fields(document)


def _env(doc: DocSettings, document: Document, diagnostics: list[Diagnostic], settings: Settings) -> dict[str, str]:
    from ..targets.env import render_env_files

    return render_env_files(document, f"{doc.name}/env")


def _helm(doc: DocSettings, document: Document, diagnostics: list[Diagnostic], settings: Settings) -> dict[str, str]:
    from ..targets.helm.chart import render_charts

    return render_charts(document, doc.name, "helm", doc.values_paths, settings.origin)


def _helm_lint(document: Document) -> list[Diagnostic]:
    from ..targets.helm.lint import renamed_keys

    return renamed_keys(document)


def _pydantic(doc: DocSettings, document: Document, diagnostics: list[Diagnostic],
              settings: Settings) -> dict[str, str]:
    from ..targets.pydantic.package import render_package

    return render_package(document, doc.pydantic_package)


def _go(doc: DocSettings, document: Document, diagnostics: list[Diagnostic], settings: Settings) -> dict[str, str]:
    from ..targets.go.package import render_package

    return render_package(document, "." if doc.go_out else doc.go_dir, doc.go_module, doc.go_package)


def _go_lint(document: Document) -> list[Diagnostic]:
    from ..targets.go.lint import renamed_fields

    return renamed_fields(document)


def _typescript(doc: DocSettings, document: Document, diagnostics: list[Diagnostic],
                settings: Settings) -> dict[str, str]:
    from ..targets.typescript.package import render_package

    folder = "." if doc.typescript_out else doc.typescript_dir or f"{doc.name}/ts"
    return render_package(document, folder, doc.typescript_public_prefixes)


# In the order they are rendered, whatever order the settings list them in.
OUTPUTS: dict[str, Output] = {
    "model": Output(_model),
    "python": Output(_python, _python_lint),
    "env": Output(_env),
    "helm": Output(_helm, _helm_lint),
    "pydantic": Output(_pydantic, _python_lint),
    "go": Output(_go, _go_lint),
    "typescript": Output(_typescript),
}
DEFAULT_OUTPUTS = ("model", "python", "env", "helm")  # pydantic-settings classes and TypeScript are opt-in


def lint_rules(outputs: tuple[str, ...]) -> list[LintRule]:
    """The lint rules the given outputs add, each once (the two Python targets share their field names)."""
    rules: list[LintRule] = []
    for name, output in OUTPUTS.items():
        if name in outputs and output.lint is not None and output.lint not in rules:
            rules.append(output.lint)
    return rules
