"""YAML from the repository, read without letting a hostile file cost more than its size.

Files are composed into PyYAML's node graph (with line marks), never constructed into Python objects. An
alias is the anchored node itself, so an alias bomb (the "billion laughs") stays as small as its text as long
as nothing walks it as a tree: readers here only look up keys, and merge keys (`<<: [*a, *b]`) are expanded
with each merged mapping visited once. Still, a document whose aliases would make it more than _MAX_EXPANDED
nodes as a tree (or an alias inside its own anchor) is refused, as compose and Kubernetes refuse "excessive
aliasing": such a file is an attack or a mistake, never a configuration. Nesting deeper than _MAX_DEPTH (which
would exhaust the composer's recursion) is refused, as are files over MAX_BYTES and files of more than _MAX_NODES nodes.
"""

from __future__ import annotations

from typing import Any, Iterator

import yaml  # type: ignore[import-untyped]

from ..model.errors import DocenvError
from . import files

MAX_BYTES = 5_000_000
_MAX_NODES = 500_000
_MAX_EXPANDED = 1_000_000
_MAX_DEPTH = 200  # far past any real file, well inside the composer's recursion
_MERGE = "tag:yaml.org,2002:merge"

Node = Any  # yaml.Node: PyYAML ships no type information


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.nodes = 0
        self.depth = 0

    # The scanner revisits every open level as it reads, so nesting (`[[[[...`, or ever deeper indentation)
    # is bounded where it is scanned, before it costs time quadratic in the depth.
    def fetch_flow_collection_start(self, token_class: Any) -> None:
        if self.flow_level >= _MAX_DEPTH:
            raise _TooDeep
        super().fetch_flow_collection_start(token_class)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= _MAX_DEPTH:
            raise _TooDeep
        return bool(super().add_indent(column))

    def compose_node(self, parent: Node, index: Node) -> Node:
        self.nodes += 1
        if self.nodes > _MAX_NODES:
            raise _TooLarge(f"holds more than {_MAX_NODES:,} YAML nodes")
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _TooDeep
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooLarge(Exception):
    pass


class _TooDeep(Exception):
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
                _refuse_alias_bombs(node)
                documents.append(node)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else path
        raise DocenvError(f"is not valid YAML ({getattr(err, 'problem', None) or err})", where) from None
    except _TooLarge as err:
        raise DocenvError(f"{err}; not read", path) from None
    except (_TooDeep, RecursionError):
        raise DocenvError(f"nests YAML more than {_MAX_DEPTH} levels deep; not read", path) from None
    finally:
        loader.dispose()
    return documents


def _children(node: Node) -> list[Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _refuse_alias_bombs(root: Node) -> None:
    """Raise _TooLarge when walking `root` as a tree, aliases followed, would visit more than _MAX_EXPANDED
    nodes, or never end. Each node's tree size is computed once, so this costs the graph's size."""
    sizes: dict[int, int] = {}
    started: set[int] = set()
    todo: list[tuple[Node, bool]] = [(root, False)]
    while todo:
        node, children_done = todo.pop()
        key = id(node)
        if children_done:
            sizes[key] = min(1 + sum(sizes[id(c)] for c in _children(node)), _MAX_EXPANDED + 1)
            if sizes[key] > _MAX_EXPANDED:
                raise _TooLarge(f"has YAML aliases that expand to more than {_MAX_EXPANDED:,} nodes")
            continue
        if key in sizes:
            continue
        if key in started:  # reached again before it was finished: it is inside itself
            raise _TooLarge(f"has a YAML alias inside its own anchor (line {line(node)})")
        started.add(key)
        todo.append((node, True))
        todo.extend((child, False) for child in _children(node) if id(child) not in sizes)


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


def is_sequence(node: Node | None) -> bool:
    return isinstance(node, yaml.SequenceNode)


def is_scalar(node: Node | None) -> bool:
    return isinstance(node, yaml.ScalarNode)


def is_null(node: Node | None) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def line(node: Node) -> int:
    return int(node.start_mark.line) + 1
