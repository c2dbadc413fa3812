"""The Go target: the model -> a stdlib-only Go package, one file per section, a runtime file and go.mod.

Each section is a struct (`Worker`) with exported, initialism-aware field names (`DBHost`), each field
tagged `env:"NAME"` and documented from the doc; `LoadWorker()` reads the process environment and
`LoadWorkerFrom(lookup)` any `func(string) (string, bool)`. Loading is straight-line code, one
statement per variable, through the runtime's generic helpers; every problem is collected into one
`*ConfigError`. The code is written as gofmt writes it (a test holds it to gofmt), so generating needs
no Go toolchain. Decisions live here and in fields.py; templates/go only places finished statements.
"""

from __future__ import annotations

from ...model.document import Document, Section
from ...model.values.text import _FALSE, _TRUE
from .. import escaping
from ..templating import render
from .fields import SectionCode, section_code
from .naming import Names, exported

# A file name's last `_part` that would make go build skip the file (a test, another OS or CPU).
_BUILD_SUFFIXES = frozenset(
    "test aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 "
    "windows zos 386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 "
    "mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm".split())
# The runtime's own exported names: no section, type or constant may take them.
RUNTIME_NAMES = frozenset({"Mask", "Secret", "NewSecret", "Problem", "ConfigError", "ErrMissing", "ErrInvalid",
                           "ErrConflict"})


def render_package(doc: Document, folder: str, module: str, package: str) -> dict[str, str]:
    """Files of the Go package under `folder`: path relative to the output dir -> text."""
    files: dict[str, str] = {}
    source = escaping.go_comment_lines(doc.source)[0]
    names = Names(set(RUNTIME_NAMES))
    for section, code in section_codes(doc, names):
        files[f"{folder}/{code.file}"] = render("go/section.go.jinja", source=source, package=package, code=code,
                                                section_title=escaping.go_comment_lines(section.title)[0])
    files[f"{folder}/docenv_runtime.go"] = render(
        "go/runtime.go.jinja", source=source, package=package, source_literal=escaping.go_string(doc.source),
        true_spellings=", ".join(escaping.go_string(s) for s in sorted(_TRUE)),
        false_spellings=", ".join(escaping.go_string(s) for s in sorted(_FALSE)))
    files[f"{folder}/go.mod"] = render("go/go.mod.jinja", module=module)
    return files


def section_codes(doc: Document, names: Names | None = None) -> list[tuple[Section, SectionCode]]:
    """Each section with its Go code, names allocated in doc order (the conformance runner uses them too)."""
    names = names or Names(set(RUNTIME_NAMES))
    files = Names({"docenv_runtime"})
    everywhere = {v.name: v for s in doc.sections for v in s.variables}
    found = []
    for section in doc.sections:
        struct = names.take(exported(section.id))
        code = section_code(section, struct, names, {**everywhere, **{v.name: v for v in section.variables}})
        stem = section.id + ("_section" if section.id.rpartition("_")[2] in _BUILD_SUFFIXES else "")
        found.append((section, code.with_file(files.take(stem) + ".go")))
    return found
