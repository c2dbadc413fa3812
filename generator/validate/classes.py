"""The config classes `docenv generate` would write for a doc, imported from a temporary folder.

Validation runs the generated `from_env()` itself: one implementation of parsing, defaults,
required-if, choices and `_FILE` twins serves both, so they cannot disagree.
"""

from __future__ import annotations

import hashlib
import importlib
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..model.document import Document
from ..targets.python.package import render_package, section_classes


def config_classes(document: Document) -> dict[str, Any]:
    """Section id -> its generated config class."""
    digest = hashlib.sha256(repr(document).encode()).hexdigest()[:16]
    package = f"_docenv_validate_{digest}"  # one package per model: a second doc never shadows the first
    if package not in sys.modules:
        files_for = render_package(document, package)
        with tempfile.TemporaryDirectory() as folder:
            for rel, text in files_for.items():
                target = Path(folder) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            sys.path.insert(0, folder)
            try:
                for rel in files_for:
                    if rel.endswith(".py"):
                        importlib.import_module(rel[:-3].replace("/", ".").removesuffix(".__init__"))
            finally:
                sys.path.remove(folder)
    modules = {section.id: (module, cls) for section, module, cls in section_classes(document)}
    return {sid: getattr(sys.modules[f"{package}.{module}"], cls) for sid, (module, cls) in modules.items()}
