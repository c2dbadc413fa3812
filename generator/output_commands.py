"""`docenv generate` and `docenv check`: render every output in memory, then write it or compare it.

Each imports what it needs when it runs, so check's quick path (nothing changed) loads almost nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from .model.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, DocenvError
from .terminal import colour_enabled

if TYPE_CHECKING:
    from .generate.project import Settings
    from .generate.render import Rendered
    from .model.diagnostics import Diagnostic



def project_settings(args: argparse.Namespace) -> Settings:
    from .generate import settings

    if getattr(args, "doc", None):
        return settings.for_doc(args.doc, args.out, args.package, args.name, args.section_level,
                                args.file_twins)
    if getattr(args, "out", None) or getattr(args, "package", None):
        raise DocenvError("--out, --package and --name go with a DOC argument; "
                          "without one, the settings file (docenv.toml) says where outputs go")
    return settings.load()


def generate(args: argparse.Namespace) -> int:
    from .generate.manifest import inputs_fingerprint
    from .generate.tree import check_output_dir, manifest_findings

    project = project_settings(args)
    check_output_dir(project.out)
    out = os.path.relpath(project.out)
    # Nothing changed since the last generate: check's quick path, and the warnings it recorded.
    if _all_clean(project, inputs_fingerprint(project)):
        if not args.quiet:
            findings = manifest_findings(project.out)
            _print_findings(findings)
            if args.verbose:
                from .generate.tree import read_manifest

                for rel in sorted(read_manifest(project.out)):
                    print(f"unchanged {os.path.join(out, rel)}", file=sys.stderr)
            print(f"docenv generate: nothing to do, {out} is up to date" + _warning_count(findings),
                  file=sys.stderr)
        return EXIT_OK
    return _generate_all(project, out, args.quiet, args.verbose)


def _generate_all(project: Settings, out: str, quiet: bool, verbose: bool) -> int:
    from .generate.render import GenerationRefused
    from .generate.write import refuse_foreign_files, write

    try:
        rendered = _render_with_progress(project, quiet)
    except GenerationRefused as refused:
        return _refused(refused)
    trees = rendered.each_tree(project)
    for folder, tree in trees:  # every tree is checked before any is written
        refuse_foreign_files(folder, tree)
    results = [(folder, tree, *write(folder, tree)) for folder, tree in trees]
    if quiet:
        return EXIT_OK
    findings = [d for d in rendered.diagnostics if d.severity != "info"]
    _print_findings(findings)
    total = written_count = removed_count = 0
    for folder, tree, written, removed in results:
        shown = os.path.relpath(folder)
        for rel in written:
            print(f"wrote {os.path.join(shown, rel)}", file=sys.stderr)
        for rel in removed:
            print(f"removed {os.path.join(shown, rel)} (no longer generated)", file=sys.stderr)
        if verbose:
            for rel in sorted(set(tree.files) - set(written)):
                print(f"unchanged {os.path.join(shown, rel)}", file=sys.stderr)
        total, written_count, removed_count = total + len(tree.files), written_count + len(written), \
            removed_count + len(removed)
    print(f"docenv generate: {written_count} written, {removed_count} removed, {total - written_count} unchanged"
          + _warning_count(findings), file=sys.stderr)
    return EXIT_OK


def _all_clean(project: Settings, fingerprint: str) -> bool:
    """check's quick path over `out` and every placed output's folder."""
    from .generate.placement import trees
    from .generate.tree import quick_clean

    return all(quick_clean(folder, fingerprint) for folder in trees(project))


def _print_findings(findings: list[Diagnostic]) -> None:
    """Each warning as `path:line:col: CODE severity: message`, the way `docenv lint` prints it."""
    from .model.diagnostics import format_all

    sys.stderr.write(format_all(findings, "text", colour=colour_enabled(sys.stderr)))


def _warning_count(findings: list[Diagnostic]) -> str:
    warnings = sum(d.severity == "warning" for d in findings)
    return f"; {warnings} warning(s)" if warnings else ""


def check(args: argparse.Namespace) -> int:
    from .generate.manifest import inputs_fingerprint
    from .generate.tree import check_output_dir

    project = project_settings(args)
    check_output_dir(project.out)
    out = os.path.relpath(project.out)
    if not args.full and _all_clean(project, inputs_fingerprint(project)):
        if not args.quiet:
            how = " (inputs unchanged since the manifest; hashes compared)" if args.verbose else ""
            print(f"docenv check: {out} is up to date{how}", file=sys.stderr)
        return EXIT_OK

    from .generate.check import compare
    from .generate.render import GenerationRefused

    try:
        rendered = _render_with_progress(project, args.quiet)
    except GenerationRefused as refused:
        return _refused(refused)
    drifts = [(folder, compare(folder, tree)) for folder, tree in rendered.each_tree(project)]
    if all(drift.clean for _, drift in drifts):
        if not args.quiet:
            files = len(rendered.files) + sum(len(tree) for tree in rendered.trees.values())
            how = f" ({files} files rendered and compared)" if args.verbose else ""
            print(f"docenv check: {out} is up to date{how}", file=sys.stderr)
        return EXIT_OK
    count = 0
    for folder, drift in drifts:
        shown = os.path.relpath(folder)
        for label, paths in (("missing", drift.missing), ("out of date", drift.outdated),
                             ("hand-edited", drift.edited), ("stale, no longer generated", drift.stale)):
            for rel in paths:
                print(f"{os.path.join(shown, rel)}: {label}")
        for diff in drift.diffs:
            sys.stdout.write(diff if diff.endswith("\n") else diff + "\n")
        count += len(drift.missing) + len(drift.outdated) + len(drift.edited) + len(drift.stale)
    print(f"docenv check: {count} file(s) in {out} do not match the doc; run `make generate` "
          "(or `docenv generate`) and commit the result", file=sys.stderr)
    return EXIT_FINDINGS


def _render_with_progress(project: Settings, quiet: bool) -> Rendered:
    from .generate.render import render_all
    from .terminal import Progress

    total = sum(len(doc.outputs) for doc in project.docs)
    with Progress("outputs rendered", total, sys.stderr, quiet) as progress:
        return render_all(project, progress.advance)


def _refused(refused: Exception) -> int:
    from .generate.render import GenerationRefused
    from .model.diagnostics import format_all

    assert isinstance(refused, GenerationRefused)
    errors = [d for d in refused.diagnostics if d.severity == "error"]
    sys.stderr.write(format_all(errors, "text", colour=colour_enabled(sys.stderr)))
    print(f"docenv: nothing generated: fix the {len(errors)} error(s) above in the doc", file=sys.stderr)
    return EXIT_ERROR
