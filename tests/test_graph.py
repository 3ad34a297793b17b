"""The shape graph: reachability, model order, cycles and dependency order."""

from __future__ import annotations

import json
from pathlib import Path

import botocore.session
import pytest

from conftest import EDGE_MODEL
from generator.errors import ModelError
from generator.graph import ListShape, MapShape, ShapeGraph, StructureShape, build_graph
from generator.graph.facts import reaching
from generator.graph.model import children
from generator.load import LoadedModel, load_file, load_installed


@pytest.fixture(scope="module")
def graph() -> ShapeGraph:
    return build_graph(load_installed("connect"), ["DescribeContact"])


def botocore_reachable(service: str, operation: str) -> set[str]:
    """The shapes botocore's own model objects reach from the operation (input, output and
    errors), for reference."""
    op = botocore.session.get_session().get_service_model(service).operation_model(operation)
    seen: set[str] = set()
    pending = [s for s in (op.input_shape, op.output_shape, *op.error_shapes) if s is not None]
    while pending:
        shape = pending.pop()
        if shape.name in seen:
            continue
        seen.add(shape.name)
        if shape.type_name == "structure":
            pending.extend(shape.members.values())
        elif shape.type_name == "list":
            pending.append(shape.member)
        elif shape.type_name == "map":
            pending.extend([shape.key, shape.value])
    return seen


def test_reaches_exactly_what_botocore_reaches(graph: ShapeGraph) -> None:
    assert set(graph.shapes) == botocore_reachable("connect", "DescribeContact")


def test_members_keep_model_order(graph: ShapeGraph) -> None:
    model = botocore.session.get_session().get_service_model("connect")
    for shape in graph:
        if isinstance(shape, StructureShape):
            assert [m.name for m in shape.members] == list(model.shape_for(shape.name).members)


def test_required_members_and_union_flag(graph: ShapeGraph) -> None:
    request = graph["DescribeContactRequest"]
    assert isinstance(request, StructureShape)
    assert [m.name for m in request.required_members] == ["InstanceId", "ContactId"]
    assert [m.location for m in request.members] == ["uri", "uri"]
    union = graph["NextContactMetadata"]
    assert isinstance(union, StructureShape) and union.union


def test_cycles_are_the_recursive_groups(graph: ShapeGraph) -> None:
    assert ("Expression", "Expressions") in graph.cycles
    assert ("SegmentAttributeValue", "SegmentAttributeValueList", "SegmentAttributeValueMap") in graph.cycles
    for cycle in graph.cycles:
        for name in cycle:
            assert graph.cycle_of(name) == cycle
    assert graph.cycle_of("Contact") is None
    assert not graph.is_recursive("DescribeContactResponse")


def test_dependency_order_puts_dependencies_first(graph: ShapeGraph) -> None:
    order = graph.dependency_order
    assert sorted(order) == sorted(graph.shapes)
    position = {name: i for i, name in enumerate(order)}
    for shape in graph:
        for child in children(shape):
            if graph.cycle_of(child) and graph.cycle_of(child) == graph.cycle_of(shape.name):
                continue  # inside a cycle there is no order to respect
            assert position[child] < position[shape.name], (child, shape.name)


def test_dependency_order_is_deterministic() -> None:
    first = build_graph(load_installed("connect"), ["DescribeContact"]).dependency_order
    second = build_graph(load_installed("connect"), ["DescribeContact"]).dependency_order
    assert first == second


def test_reaching_follows_cycles(graph: ShapeGraph) -> None:
    has_timestamp = reaching(graph, lambda s: s.name == "timestamp")
    assert "Contact" in has_timestamp and "DescribeContactResponse" in has_timestamp
    assert "Expression" not in has_timestamp  # routing expressions hold no timestamps
    has_integer = reaching(graph, lambda s: s.name == "SegmentAttributeValueInteger")
    assert {"SegmentAttributeValue", "SegmentAttributeValueList", "SegmentAttributeValueMap"} <= has_integer


def test_self_loop_and_long_cycle_are_found(tmp_path: Path) -> None:
    shapes = {
        "Root": {"type": "structure", "members": {"Self": {"shape": "Root"}, "Ring": {"shape": "A"}}},
        **{
            f"{a}": {"type": "structure", "members": {"Next": {"shape": b}}}
            for a, b in zip("ABCD", "BCDA", strict=True)
        },
    }
    model = _model(tmp_path, shapes, output="Root")
    graph = build_graph(model, ["Op"])
    assert graph.cycles == (("A", "B", "C", "D"), ("Root",))


def test_deep_chain_does_not_recurse(tmp_path: Path) -> None:
    depth = 5000  # far beyond Python's recursion limit
    shapes = {
        f"S{i}": {"type": "structure", "members": {"Next": {"shape": f"S{i + 1}"}}} for i in range(depth)
    }
    shapes[f"S{depth}"] = {"type": "structure", "members": {"Back": {"shape": "S0"}}}
    # Walked, cycles found and depth measured without recursion; then refused as too deep.
    with pytest.raises(ModelError, match=r"output nests 25005 shapes deep .*: S0 \(a recursive group of 5001\)$"):
        build_graph(_model(tmp_path, shapes, output="S0"), ["Op"])


def test_edge_model_kinds() -> None:
    graph = build_graph(load_file(EDGE_MODEL, "edgecase"), None)
    assert [op.name for op in graph.operations] == ["GetThing", "PutThing"]
    assert isinstance(graph["Grid"], ListShape) and graph["Grid"].member == "Row"
    labels = graph["LabelMap"]
    assert isinstance(labels, MapShape) and (labels.key, labels.value) == ("Kind", "Name")
    assert graph["Document"].kind == "document"
    assert graph["Kind"].enum[:2] == ("alpha", "BETA")  # type: ignore[attr-defined]
    assert ("Node", "NodeList", "NodeMap") in graph.cycles


def _model(tmp_path: Path, shapes: dict[str, object], output: str) -> LoadedModel:
    path = tmp_path / "service-2.json"
    data = {
        "metadata": {"serviceId": "Test", "apiVersion": "2020-01-01", "protocol": "rest-json"},
        "operations": {"Op": {"name": "Op", "output": {"shape": output}}},
        "shapes": shapes,
    }
    path.write_text(json.dumps(data))
    return load_file(path, "test")
