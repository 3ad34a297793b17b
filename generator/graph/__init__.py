"""Stage 2: the shape graph, the intermediate representation every later stage reads."""

from generator.graph.build import build_graph
from generator.graph.model import (
    Constraints,
    ListShape,
    MapShape,
    Member,
    Operation,
    ScalarShape,
    ServiceInfo,
    Shape,
    ShapeGraph,
    ShapeKind,
    StructureShape,
)

__all__ = [
    "Constraints",
    "ListShape",
    "MapShape",
    "Member",
    "Operation",
    "ScalarShape",
    "ServiceInfo",
    "Shape",
    "ShapeGraph",
    "ShapeKind",
    "StructureShape",
    "build_graph",
]
