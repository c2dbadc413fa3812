"""Where each output goes: under the output folder (`out`), or in a folder of the repository that uses it.

`go_out`, `typescript_out` and `python_out` place the Go package inside the Go module that imports it (no
go.mod of its own: it is part of that module), the TypeScript modules inside the app's source tree, the Python
package inside the service. Each such folder is a tree of its own, with its own manifest, so that `check` and
the ownership rules (never overwrite a file docenv did not write) stay within it.
"""

from __future__ import annotations

from pathlib import Path

from .project import DocSettings, Settings


def placed_folder(doc: DocSettings, output: str) -> str | None:
    """The repository folder (relative to the settings file) holding `output`'s files, or None for `out`."""
    if output == "go" and doc.go_out:
        return doc.go_out
    if output == "typescript" and doc.typescript_out:
        return doc.typescript_out
    if output in ("python", "pydantic") and doc.python_out:
        package = doc.package if output == "python" else doc.pydantic_package
        return f"{doc.python_out}/{package}"
    return None


def rebased(doc: DocSettings, output: str, files: dict[str, str]) -> dict[str, str]:
    """An output's files relative to its placed folder: a Go package without its go.mod, a Python package's
    files without the package folder."""
    if output == "go":
        return {path.removeprefix("./"): text for path, text in files.items() if path != "./go.mod"}
    if output == "typescript":
        return {path.removeprefix("./"): text for path, text in files.items()}
    package = doc.package if output == "python" else doc.pydantic_package
    return {path.removeprefix(f"{package}/"): text for path, text in files.items()}


def trees(settings: Settings) -> list[Path]:
    """Every folder docenv writes a tree into: `out`, then each placed output's folder."""
    placed = {settings.root / folder for doc in settings.docs for output in doc.outputs
              if (folder := placed_folder(doc, output)) is not None}
    return [settings.out, *sorted(placed)]
