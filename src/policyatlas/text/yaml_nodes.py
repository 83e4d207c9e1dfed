"""Where a value stands in a YAML file: the node at a path, for errors and provenance with lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml


def node_at(root: yaml.Node, path: Sequence[Any]) -> yaml.Node:
    """The node at ``path`` (mapping keys and list indexes), or the deepest node on the way there."""
    node = root
    for key in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(key)]
            if not match:
                break
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node


def line_span(node: yaml.Node) -> tuple[int, int]:
    """The 1-based first and last lines of a node."""
    first = int(node.start_mark.line) + 1
    return first, max(first, int(node.end_mark.line))
