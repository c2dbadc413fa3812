"""`docenv init` from its arguments to an exit code: refuse to overwrite, find the doc, draft, write."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..generate.settings import CONFIG_NAMES, default_name, find_config
from ..model.errors import EXIT_OK, DocenvError
from ..model.naming import snake_case
from ..targets.python.naming import python_identifier
from .config_text import next_steps, propose_outputs, render
from .discover import FoundDoc, explore
from .draft_doc import draft_doc
from .draft import draft, gather


def run(root: Path, doc: str | None, draft_doc_path: str | None = None, quiet: bool = False) -> int:
    existing = _existing_config(root)
    if existing is not None:
        raise DocenvError("already holds docenv's settings; init never overwrites them (edit that file, or "
                          "remove it to start again)", os.path.relpath(existing))
    if draft_doc_path is not None:
        _write_draft_doc(root, draft_doc_path, quiet)
        doc = draft_doc_path
    repo = explore(root)
    chosen = _choose(repo.docs, doc, root)
    name = _name(root, chosen.path)
    drafted = draft(repo, chosen.document, gather(repo, chosen.document))
    outputs = propose_outputs(repo, drafted, name)
    text = render(repo, chosen.path, chosen.document, name, drafted, outputs)
    target = root / "docenv.toml"
    temporary = target.with_name(".docenv.toml.docenv-tmp")
    with open(temporary, "x", encoding="utf-8") as handle:  # "x": never over a file that appeared meanwhile
        handle.write(text)
    if target.exists():
        temporary.unlink()
        raise DocenvError("appeared while init was running; nothing was written", os.path.relpath(target))
    os.replace(temporary, target)
    if not quiet:
        sys.stdout.write(text)
        print(next_steps(os.path.relpath(target)), file=sys.stderr, end="")
    return EXIT_OK


def _write_draft_doc(root: Path, path: str, quiet: bool) -> None:
    target = Path(path)
    if target.exists():
        raise DocenvError("exists; --draft-doc writes a new doc and never over one (use plain `docenv init`, "
                          "or `docenv fix` to add what the code reads to it)", path)
    text = draft_doc(explore(root), _name(root, path).replace("_", " ").title())
    if not text:
        raise DocenvError("no code here reads environment variables (Go, Node, Python or Rust projects); "
                          "nothing to draft", ".")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.docenv-tmp")
    with open(temporary, "x", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(temporary, target)
    if not quiet:
        print(f"docenv init: drafted {path} from what the code reads; describe each variable", file=sys.stderr)


def _name(root: Path, doc: str) -> str:
    """The doc's short name; a docs folder's name (`docs/environment-variables.md`) defers to the repository's."""
    name = default_name(root / doc)
    if name in ("docs", "doc", "documentation", "website", "site", "content", "pages"):
        name = python_identifier(snake_case(root.resolve().name)) or "app"
    return name


def _existing_config(root: Path) -> Path | None:
    """A settings file in the repository's root folder (one further up belongs to another project)."""
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    found = find_config(root)
    return found if found is not None and found.parent == root else None


def _choose(docs: list[FoundDoc], doc: str | None, root: Path) -> FoundDoc:
    if doc is not None:
        wanted = os.path.relpath(Path(doc).resolve(), root.resolve()).replace(os.sep, "/")
        match = next((d for d in docs if d.path == wanted), None)
        if match is None:
            raise DocenvError("holds no table of environment variables docenv can read"
                              if Path(doc).is_file() else "no such file", doc)
        return match
    if not docs:
        raise DocenvError("no Markdown doc here holds a table of environment variables (a column headed "
                          "Variable, holding names such as LOG_LEVEL); write one, or draft it from the code with "
                          "`docenv init --draft-doc docs/environment-variables.md`", ".")
    if len(docs) > 1:
        listing = "; ".join(f"{d.path} ({d.names} variables)" for d in docs)
        raise DocenvError(f"{len(docs)} docs hold variable tables: {listing}; pick one with --doc PATH", ".")
    return docs[0]
