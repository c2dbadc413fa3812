"""The `docenv` command line. Exit codes: 0 fine, 1 findings or drift, 2 could not run."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Callable, Sequence

from . import __version__, output_commands
from .model.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, DocenvError
from .terminal import colour_enabled

# Each command imports what it needs when it runs: `docenv check` with nothing changed should cost
# little more than the interpreter's start (bench/run.py measures it).
if TYPE_CHECKING:
    from .generate.project import DocSettings, Settings



def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser(argv)
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.run
    try:
        if getattr(args, "config", None):
            from .generate import settings

            settings.use_config(args.config)
        return command(args)
    except DocenvError as err:
        print(str(err) if err.path else f"docenv: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The CLI. When argv names a command, only that command's parser is built: argparse's set-up (a
    gettext lookup per help string) costs more than check's whole quick path otherwise. Without one, or
    with an unknown one, every command is built, so help and "invalid choice" list them all."""
    args = list(sys.argv[1:] if argv is None else argv)
    values = {i + 1 for i, a in enumerate(args) if a == "--config"}  # `--config FILE` names no command
    named = next((a for i, a in enumerate(args) if not a.startswith("-") and i not in values), None)
    chosen = named if named in _COMMANDS else None
    parser = argparse.ArgumentParser(
        prog="docenv",
        formatter_class=_HelpFormatter,
        description="Generate typed config from the Markdown tables that document environment variables.",
        epilog="Without DOC, commands use the nearest docenv.toml (or .docenv.toml, or [tool.docenv] in "
        "pyproject.toml), looked for from here upward. Exit codes: 0 fine, 1 findings or drift, 2 could not run.",
    )
    parser.add_argument("--version", action="version", version=f"docenv {__version__}")
    parser.add_argument("--config", metavar="FILE", help=_CONFIG_HELP)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (text, configure) in _COMMANDS.items():
        if chosen in (None, name):
            command = sub.add_parser(name, help=text, formatter_class=_HelpFormatter)
            configure(command)
            command.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help=_CONFIG_HELP)
    return parser


_CONFIG_HELP = "the settings file (docenv.toml or pyproject.toml) instead of the nearest one"


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own, sized as it sizes it (COLUMNS, else the terminal, less 2), without importing shutil
    (and zlib, bz2, lzma with it), which argparse does for every option it adds."""

    def __init__(self, prog: str) -> None:
        try:
            columns = int(os.environ.get("COLUMNS", "0"))
        except ValueError:
            columns = 0
        if columns <= 0:
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):
                columns = 0
        super().__init__(prog, width=(columns or 80) - 2)


def _parse_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("doc", metavar="DOC")
    p.add_argument("--format", choices=("json", "text"), default="json")
    _doc_options(p)
    p.set_defaults(run=_parse)


def _lint_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("docs", nargs="*", metavar="DOC")
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    _doc_options(p)
    _output_options(p, verbose=False)
    p.set_defaults(run=_lint)


def _explain_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("variable", metavar="VAR", nargs="?",
                   help="the variable to explain (without it: every table of the doc, read or skipped, and why)")
    p.add_argument("--section", help="section id or title, when the variable is in several")
    p.add_argument("--doc", help="the doc (default: the docs of the settings file)")
    p.set_defaults(run=_explain)


def _scan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or folders to scan (default: [tool.docenv.scan] paths, else the project)")
    p.add_argument("--doc", help=_DOC_HELP)
    p.add_argument("--format", choices=("text", "json", "github", "sarif"), default="text")
    p.add_argument("--fail-on-unused", action="store_true", help="exit 1 when a documented variable is read nowhere")
    _doc_options(p)
    _output_options(p, verbose=True)
    p.set_defaults(run=_scan)


def _validate_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--section", action="append", default=[], metavar="S",
                   help="section id or title to check (repeatable; default: every section)")
    p.add_argument("--env-file", action="append", default=[], metavar="FILE",
                   help="a dotenv file (repeatable; later files override earlier ones)")
    p.add_argument("--manifest", action="append", default=[], metavar="FILE",
                   help="Kubernetes YAML, e.g. `helm template` output: ConfigMap, Secret and container env values")
    p.add_argument("--compose", action="append", default=[], metavar="FILE",
                   help="a Docker Compose file (repeatable, merged as `-f` merges): each mapped service's "
                        "environment, checked against its section")
    p.add_argument("--service", metavar="NAME",
                   help="with --compose and one --section: the compose service that runs it, without a map")
    p.add_argument("--doc", help=_DOC_HELP)
    p.add_argument("--format", choices=("text", "json"), default="text")
    _doc_options(p)
    _output_options(p, verbose=False)
    p.set_defaults(run=_validate)


def _fix_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--write", action="store_true", help="write the rows into the doc (default: print the diff)")
    p.add_argument("--section", action="append", default=[], metavar="S",
                   help="only this section (id or title; repeatable)")
    _output_options(p, verbose=False)
    p.set_defaults(run=_fix)


def _fix(args: argparse.Namespace) -> int:
    from .fix.command import run
    from .generate import settings

    return run(settings.load(), args.section, args.write, args.quiet)


def _init_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--doc", metavar="PATH", help="the doc to start from, when the repository holds several")
    p.add_argument("--draft-doc", metavar="PATH",
                   help="no doc yet: draft one at PATH from what the code reads, then the settings for it")
    p.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    p.set_defaults(run=_init)


def _init(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .init.command import run

    return run(Path.cwd(), args.doc, args.draft_doc, args.quiet)


def _diff_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="OLD", help="a doc path, or REV:path read through git (HEAD~1:spec/env.md)")
    p.add_argument("new", metavar="NEW", help="a doc path, or REV:path")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("--fail-on-breaking", action="store_true", help="exit 1 when a change is breaking")
    _doc_options(p)
    p.set_defaults(run=_diff)


def _helm_options(p: argparse.ArgumentParser) -> None:
    helm_sub = p.add_subparsers(dest="helm_command", required=True, metavar="HELM_COMMAND")
    p = helm_sub.add_parser("adopt", formatter_class=_HelpFormatter, help="read an existing chart's templates and map each documented variable to "
                                          "the values path it uses ([tool.docenv.docs.values_paths])")
    p.add_argument("templates", nargs="+", metavar="TEMPLATE", help="template files, or a chart folder")
    p.add_argument("--doc", metavar="DOC", help="the [[tool.docenv.docs]] entry, by name or path "
                                                "(needed when there are several)")
    p.add_argument("--write", action="store_true", help="write the table into pyproject.toml (else print it only)")
    p.set_defaults(run=_helm_adopt)


def _generate_options(p: argparse.ArgumentParser, check: bool = False) -> None:
    p.add_argument("doc", nargs="?", metavar="DOC", help="a doc, instead of the settings file's docs")
    p.add_argument("--out", metavar="DIR", help="output directory with DOC (default: generated)")
    p.add_argument("--package", help="generated Python package with DOC (default: NAME_config)")
    p.add_argument("--name", help="short name of the doc with DOC (default: from its file name)")
    _doc_options(p)
    if check:
        p.add_argument("--full", action="store_true",
                       help="always render and compare, never trust the manifest's hashes (for CI)")
    _output_options(p, verbose=True)
    p.set_defaults(run=output_commands.check if check else output_commands.generate)


def _check_options(p: argparse.ArgumentParser) -> None:
    _generate_options(p, check=True)


_DOC_HELP = ("a [[tool.docenv.docs]] entry by name or path; a path no entry has is read on its own, "
             "without a settings file")

# name -> (help, what adds its options), in the order help lists them
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "parse": ("print the model of a doc as JSON", _parse_options),
    "lint": ("report contradictions and mistakes in docs", _lint_options),
    "explain": ("show why each field of a variable has its value", _explain_options),
    "scan": ("find variables code reads that the doc lacks, and documented ones nothing reads", _scan_options),
    "validate": ("check an environment (process, dotenv files, Kubernetes manifests) against the doc",
                 _validate_options),
    "diff": ("compare two revisions of a doc: added, removed, renamed and changed variables", _diff_options),
    "helm": ("work with existing Helm charts", _helm_options),
    "fix": ("add a row to its section's table for each variable the section's code reads but the doc lacks",
            _fix_options),
    "init": ("start docenv in a repository: find the doc, draft the service map, write docenv.toml",
             _init_options),
    "generate": ("write every output", _generate_options),
    "check": ("fail when the outputs no longer match the doc; writes nothing", _check_options),
}


def _output_options(p: argparse.ArgumentParser, verbose: bool) -> None:
    """-q (and -v where there is more to say) for the commands with a summary or progress.

    Colour and progress need no flag: only a terminal gets them.
    """
    group = p.add_mutually_exclusive_group()
    group.add_argument("--quiet", "-q", action="store_true", help="print only findings: no summary, no progress")
    if verbose:
        group.add_argument("--verbose", "-v", action="store_true",
                           help="also say what was read, skipped and written")


def _doc_options(p: argparse.ArgumentParser) -> None:
    """How to read a doc given on the command line (the settings file says it for configured docs)."""
    p.add_argument("--section-level", type=_level, default=None, metavar="N",
                   help="heading level that opens a section (default: detected from the doc)")
    p.add_argument("--file-twins", action="store_true",
                   help="every secret can also be read from the file its NAME_FILE twin names")


def _level(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 6:
        raise argparse.ArgumentTypeError("a heading level from 1 to 6")
    return int(text)


def _parse(args: argparse.Namespace) -> int:
    from .generate.parse import parse_document
    from .read.sources import read_doc
    from .targets.model_json import document_json, dumps

    result = parse_document(read_doc(args.doc), args.doc, args.section_level, args.file_twins)
    if args.format == "json":
        sys.stdout.write(dumps(document_json(result.document, result.diagnostics)))
    else:
        for section in result.document.sections:
            members = [m for f in section.families for m in f.members]
            sys.stdout.write(f"{section.title} [{section.id}] line {section.line}: "
                             f"{len(section.variables) + len(members)} variables\n")
            for var in [*section.variables, *members]:
                flags = ("required " if var.required else "") + ("secret " if var.secret else "")
                sys.stdout.write(f"  {var.line:>5} {var.name:<40} {var.type:<10} {flags}\n")
    return EXIT_OK


def _lint(args: argparse.Namespace) -> int:
    from .generate import settings
    from .generate.parse import parse_configured, parse_document
    from .model.diagnostics import format_all
    from .read.sources import read_doc

    diagnostics = []
    if args.docs:
        for doc in args.docs:
            diagnostics.extend(parse_document(read_doc(doc), doc, args.section_level, args.file_twins).diagnostics)
    else:
        project = settings.load()
        for doc_settings in project.docs:
            diagnostics.extend(parse_configured(doc_settings, project.origin).diagnostics)
    sys.stdout.write(format_all(diagnostics, args.format, colour=colour_enabled(sys.stdout)))
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    if args.format == "text" and not args.quiet:
        print(f"docenv lint: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return EXIT_FINDINGS if errors or (args.strict and warnings) else EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain, explain_tables, find
    from .generate import settings
    from .generate.parse import parse_configured, parse_document
    from .read.sources import read_doc

    project, chosen = _project_for_doc(args) if args.doc else (settings.load(), None)
    if args.doc and chosen is None:
        results = [parse_document(read_doc(args.doc), args.doc)]
    else:
        results = [parse_configured(d, project.origin) for d in project.docs if chosen in (None, d)]
    if args.variable is None:
        sys.stdout.write("\n".join(explain_tables(r.document.source, r.table_notes) for r in results))
        return EXIT_OK
    documents = [r.document for r in results]
    matches = [(doc, title, var) for doc in documents for title, var in find(doc, args.variable, args.section)]
    if not matches:
        where = f" in section {args.section!r}" if args.section else ""
        raise DocenvError(f"{args.variable} is not documented{where} in " + ", ".join(d.source for d in documents))
    sys.stdout.write("\n".join(explain(doc, title, var) for doc, title, var in matches))
    return EXIT_OK


def _scan(args: argparse.Namespace) -> int:
    import dataclasses
    from pathlib import Path

    from .scan.command import run

    project, chosen = _project_for_doc(args)
    if args.doc and chosen is None:  # a doc on its own: the project is the current folder
        project = dataclasses.replace(project, root=Path.cwd())
    failed = run(project, args.paths, args.format, args.fail_on_unused, args.quiet, args.verbose,
                 only=chosen.name if chosen else None)
    return EXIT_FINDINGS if failed else EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    import dataclasses

    from .validate.command import run

    project, chosen = _project_for_doc(args)
    if chosen is not None:
        project = dataclasses.replace(project, docs=(chosen,))
    invalid = run(project, args.section, args.env_file, args.manifest, args.format, args.quiet, args.compose,
                  args.service)
    return EXIT_FINDINGS if invalid else EXIT_OK


def _project_for_doc(args: argparse.Namespace) -> tuple[Settings, DocSettings | None]:
    """scan's and validate's --doc: a configured doc by path or name (its entry's settings apply), else a
    doc file read on its own with the command-line options; without --doc, every configured doc."""
    from .generate import settings

    if not args.doc:
        return settings.load(), None
    try:
        project: Settings | None = settings.load()
    except DocenvError:
        project = None  # no usable settings here: the doc is read on its own
    chosen = settings.configured_doc(project, args.doc) if project is not None else None
    if project is not None and chosen is not None:
        return project, chosen
    return settings.for_doc(args.doc, None, section_level=getattr(args, "section_level", None),
                            file_twins=getattr(args, "file_twins", False)), None


def _diff(args: argparse.Namespace) -> int:
    from .diff.command import run

    return run(args.old, args.new, args.format, args.fail_on_breaking, args.section_level, args.file_twins)


def _helm_adopt(args: argparse.Namespace) -> int:
    from .adopt.command import run

    return run(args.templates, args.doc, args.write)


if __name__ == "__main__":
    raise SystemExit(main())
