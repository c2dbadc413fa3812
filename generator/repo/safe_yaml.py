"""YAML from the repository, read without letting a hostile file cost more than its size.

Files are composed into PyYAML's node graph (with line marks), never constructed into Python objects. An
alias is the anchored node itself, so an alias bomb (the "billion laughs") stays as small as its text as long
as nothing walks it as a tree: readers here only look up keys, and merge keys (`<<: [*a, *b]`) are expanded
with each merged mapping visited once. Deep nesting would exhaust the composer's recursion: it is refused,
as are files over MAX_BYTES and files of more than _MAX_NODES nodes.
"""

from __future__ import annotations

from typing import Any, Iterator

import yaml  # type: ignore[import-untyped]

from ..model.errors import DocenvError
from . import files

MAX_BYTES = 5_000_000
_MAX_NODES = 500_000
_MERGE = "tag:yaml.org,2002:merge"

Node = Any  # yaml.Node: PyYAML ships no type information


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.nodes = 0

    def compose_node(self, parent: Node, index: Node) -> Node:
        self.nodes += 1
        if self.nodes > _MAX_NODES:
            raise _TooLarge(f"holds more than {_MAX_NODES:,} YAML nodes")
        return super().compose_node(parent, index)


class _TooLarge(Exception):
    pass


def read_text(path: str) -> str:
    """A YAML file's text (or a compose project's `.env`), refused over MAX_BYTES before it is read."""
    return files.read_text(path, MAX_BYTES, "YAML files")


def compose_documents(text: str, path: str) -> list[Node]:
    """Every document's node graph (with line marks), or a DocenvError naming the file and line."""
    if len(text) > MAX_BYTES:
        raise DocenvError(f"is over {MAX_BYTES:,} characters; docenv reads YAML files up to that size", path)
    loader = _Loader(text)
    documents = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                documents.append(node)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else path
        raise DocenvError(f"is not valid YAML ({getattr(err, 'problem', None) or err})", where) from None
    except _TooLarge as err:
        raise DocenvError(f"{err}; not read", path) from None
    except RecursionError:
        raise DocenvError("nests YAML too deeply to read", path) from None
    finally:
        loader.dispose()
    return documents


def get(node: Node | None, key: str) -> Node | None:
    for k, v in items(node):
        if k.value == key:
            return v
    return None


def items(node: Node | None) -> Iterator[tuple[Node, Node]]:
    """The (key, value) pairs of a mapping with scalar keys, merge keys (`<<: *defaults`) expanded as YAML
    merges them: a key written in the mapping wins, then the merged mappings in order. Each merged mapping
    is visited once, so a chain of merges costs no more than the mappings it names."""
    if not isinstance(node, yaml.MappingNode):
        return
    seen: set[str] = set()
    visited: set[int] = set()
    todo = [node]
    while todo:
        current = todo.pop(0)
        if id(current) in visited:
            continue
        visited.add(id(current))
        merged: list[Node] = []
        for key, value in current.value:
            if key.tag == _MERGE:
                merged.extend(value.value if isinstance(value, yaml.SequenceNode) else [value])
            elif isinstance(key, yaml.ScalarNode) and key.value not in seen:
                seen.add(key.value)
                yield key, value
        todo[:0] = [m for m in merged if isinstance(m, yaml.MappingNode)]  # depth first, as YAML flattens


def sequence(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def text(node: Node | None) -> str | None:
    """A scalar as the environment sees it (a string); None for a missing value, a null or a collection."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        return None
    return str(node.value)


def is_mapping(node: Node | None) -> bool:
    return isinstance(node, yaml.MappingNode)


def line(node: Node) -> int:
    return int(node.start_mark.line) + 1
