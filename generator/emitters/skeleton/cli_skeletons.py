"""The AWS CLI's ``--generate-cli-skeleton`` data, computed from the shape graph.

This follows botocore's ``ArgumentGenerator`` (``botocore/utils.py``) rule for rule,
which is what awscli prints:

- ``input``: ``ArgumentGenerator()``: strings ``""`` (an enum gives one of its values:
  botocore picks one at random, we pick the first), integers ``0``, floats ``0.0``,
  booleans ``true``, timestamps ``datetime(1970, 1, 1)`` (printed as
  ``"1970-01-01T00:00:00"``), blobs ``None`` (printed as ``null``).
- ``output``: ``ArgumentGenerator(use_member_names=True)``: a string is the name it was
  generated under: a structure member's name, a list's member *shape* name, ``""`` for a
  map value or the top level; enums are not consulted.
- Lists get one element; maps one entry ``{"KeyName": value}``; documents ``{}``.
- Recursion: botocore keeps a stack of the shape names on the path (every kind, not
  only structures) and a structure that is already on it becomes ``{}``.

The generated ``skeleton.py`` computes the same at run time from its table; this walk
writes the static files, and stops once a skeleton holds more than ``limit`` values (the
skeleton unfolds the graph along its paths: exponential in depth). Values are plain JSON
data, so the files match what awscli prints byte for byte.
"""

from __future__ import annotations

from typing import Any

from generator.graph import ListShape, MapShape, ScalarShape, Shape, ShapeGraph, ShapeKind, StructureShape

# What ``json_encoder`` in awscli makes of ``datetime.datetime(1970, 1, 1, 0, 0, 0)``.
EPOCH_TEXT = "1970-01-01T00:00:00"

NUMBER_VALUES: dict[ShapeKind, int | float | bool] = {
    ShapeKind.INTEGER: 0,
    ShapeKind.LONG: 0,
    ShapeKind.FLOAT: 0.0,
    ShapeKind.DOUBLE: 0.0,
    ShapeKind.BOOLEAN: True,
}


def cli_skeleton(
    graph: ShapeGraph, shape_name: str | None, *, use_member_names: bool, limit: int
) -> dict[str, Any] | None:
    """``ArgumentGenerator(use_member_names).generate_skeleton(shape)``; ``{}`` when there is
    no shape; None when it would hold more than ``limit`` values (the walk stops there)."""
    if shape_name is None:
        return {}
    try:
        value = _Walk(graph, use_member_names, limit).value(shape_name, "")
    except _TooLarge:
        return None
    assert isinstance(value, dict), f"{shape_name} is not a structure"
    return value


class _TooLarge(Exception):
    pass


class _Walk:
    def __init__(self, graph: ShapeGraph, use_member_names: bool, limit: int) -> None:
        self._graph = graph
        self._use_member_names = use_member_names
        self._stack: list[str] = []
        self._left = limit

    def value(self, shape_name: str, name: str) -> Any:
        self._left -= 1
        if self._left < 0:
            raise _TooLarge
        self._stack.append(shape_name)
        try:
            return self._value(self._graph[shape_name], name)
        finally:
            self._stack.pop()

    def _value(self, shape: Shape, name: str) -> Any:
        if isinstance(shape, StructureShape):
            if self._stack.count(shape.name) > 1:
                return {}
            return {m.name: self.value(m.target, m.name) for m in shape.members}
        if isinstance(shape, ListShape):
            return [self.value(shape.member, shape.member if self._use_member_names else "")]
        if isinstance(shape, MapShape):
            return {"KeyName": self.value(shape.value, "")}
        assert isinstance(shape, ScalarShape)
        if shape.kind is ShapeKind.STRING:
            if self._use_member_names:
                return name
            return shape.enum[0] if shape.enum else ""
        if shape.kind is ShapeKind.TIMESTAMP:
            return EPOCH_TEXT
        if shape.kind is ShapeKind.DOCUMENT:  # a structure without members to botocore
            return {}
        return NUMBER_VALUES.get(shape.kind)  # a blob falls through to None there too
