"""Build the shape graph from a decoded botocore model.

The walk registers a shape before visiting what it refers to, and it is iterative,
so recursive and very deep models are safe. Every reference is checked here (and
every raw value read through ``reading``): the emitters can trust that each name
they meet is in the graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from generator.errors import ModelError
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
    children,
)
from generator.graph.reading import field, not_object, ref, required_ref, shape_name, strings
from generator.limits import MAX_NAME_LENGTH
from generator.load import LoadedModel, closest

_SCALAR_KINDS = {
    "string": ShapeKind.STRING,
    "integer": ShapeKind.INTEGER,
    "long": ShapeKind.LONG,
    "float": ShapeKind.FLOAT,
    "double": ShapeKind.DOUBLE,
    "boolean": ShapeKind.BOOLEAN,
    "timestamp": ShapeKind.TIMESTAMP,
    "blob": ShapeKind.BLOB,
}


def build_graph(model: LoadedModel, operation_names: Iterable[str] | None = None) -> ShapeGraph:
    """The graph of ``operation_names`` (all operations, in name order, when ``None``)."""
    data = model.data
    raw_operations: Mapping[str, Any] = data["operations"]
    raw_shapes: Mapping[str, Any] = data["shapes"]
    names = sorted(raw_operations) if operation_names is None else list(operation_names)
    operations = tuple(_operation(model, raw_operations, name, raw_shapes) for name in names)
    for operation in operations:
        _check_name(model, "operation", operation.name)

    shapes: dict[str, Shape] = {}
    pending: list[str] = []
    for operation in operations:
        pending.extend(n for n in (operation.output, operation.input) if n is not None)
    while pending:
        name = pending.pop()
        if name in shapes:
            continue
        _check_name(model, "shape", name)
        shape = _shape(model, name, raw_shapes[name])
        shapes[name] = shape  # registered before its children are walked
        for member_name, target in _references(shape):
            if target not in raw_shapes:
                raise ModelError(
                    f"{model.source}: shape {name!r} {member_name} refers to shape "
                    f"{target!r}, which is not in the model"
                )
            if target not in shapes:
                pending.append(target)

    ordered = {name: shapes[name] for name in sorted(shapes)}
    return ShapeGraph(
        service=_service(model),
        operations=operations,
        shapes=ordered,
        cycles=find_cycles(ordered),
    )


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _check_name(model: LoadedModel, kind: str, name: str) -> None:
    """Shape and operation names become Python classes and functions, file names, anchors
    and ``$defs`` keys, so they must fit Smithy's identifier grammar (every botocore name does)."""
    if len(name) > MAX_NAME_LENGTH or not _NAME.fullmatch(name):
        raise ModelError(
            f"{model.source}: {kind} name {name[:MAX_NAME_LENGTH]!r} is not an identifier of at most "
            f"{MAX_NAME_LENGTH} characters ([A-Za-z_][A-Za-z0-9_]*)"
        )


def _operation(
    model: LoadedModel, raw_operations: Mapping[str, Any], name: str, raw_shapes: Mapping[str, Any]
) -> Operation:
    if name not in raw_operations:
        raise ModelError(
            f"unknown operation {name!r} in service {model.service!r}"
            f"{closest(name, sorted(raw_operations))}"
        )
    where = f"{model.source}: operation {name!r}"
    raw = raw_operations[name]
    if not isinstance(raw, Mapping):
        not_object(where, raw)
    refs = {}
    for role in ("input", "output"):
        target = ref(raw, role, where)
        if target is not None and target not in raw_shapes:
            raise ModelError(f"{where} {role} refers to shape {target!r}, which is not in the model")
        refs[role] = target
    errors = field(raw, "errors", list, where, default=[])
    http = field(raw, "http", dict, where, default={})
    return Operation(
        name=name,
        input=refs["input"],
        output=refs["output"],
        documentation=field(raw, "documentation", str, where, default=""),
        http_method=field(http, "method", str, where, default=""),
        request_uri=field(http, "requestUri", str, where, default=""),
        errors=tuple(
            shape_name(e, f"{where} error") if isinstance(e, Mapping) else not_object(f"{where} error", e)
            for e in errors
        ),
        deprecated=bool(raw.get("deprecated", False)),
    )


def _references(shape: Shape) -> list[tuple[str, str]]:
    """(what refers, target name) pairs, for error messages that name both ends."""
    if isinstance(shape, StructureShape):
        return [(f"member {m.name!r}", m.target) for m in shape.members]
    labels = {ListShape: ("member",), MapShape: ("key", "value")}.get(type(shape), ())
    return list(zip(labels, children(shape), strict=True))


def _shape(model: LoadedModel, name: str, raw: Any) -> Shape:
    where = f"{model.source}: shape {name!r}"
    if not isinstance(raw, Mapping):
        not_object(where, raw)
    kind = field(raw, "type", str, where)
    if kind is None:
        raise ModelError(f"{where} has no 'type'")
    common: dict[str, Any] = {
        "name": name,
        "documentation": field(raw, "documentation", str, where, default=""),
        "constraints": Constraints(
            min=field(raw, "min", (int, float), where),
            max=field(raw, "max", (int, float), where),
            pattern=field(raw, "pattern", str, where),
        ),
        "sensitive": bool(raw.get("sensitive", False)),
        "deprecated": bool(raw.get("deprecated", False)),
    }
    if kind == "structure" and raw.get("document"):
        return ScalarShape(kind=ShapeKind.DOCUMENT, **common)
    if kind == "structure":
        required = strings(raw, "required", where)
        raw_members = field(raw, "members", dict, where, default={})
        members = tuple(
            _member(f"{where} member {member_name!r}", member_name, spec, member_name in required)
            for member_name, spec in raw_members.items()
        )
        unknown = sorted(set(required) - {m.name for m in members})
        if unknown:
            raise ModelError(f"{where} requires {unknown!r}, which are not its members")
        return StructureShape(
            kind=ShapeKind.STRUCTURE,
            members=members,
            union=bool(raw.get("union", False)),
            exception=bool(raw.get("exception", False)),
            event_stream=bool(raw.get("eventstream", False)),
            payload=field(raw, "payload", str, where),
            **common,
        )
    if kind == "list":
        return ListShape(kind=ShapeKind.LIST, member=required_ref(raw, "member", where), **common)
    if kind == "map":
        key, value = required_ref(raw, "key", where), required_ref(raw, "value", where)
        return MapShape(
            kind=ShapeKind.MAP,
            key=key,
            value=value,
            key_location_name=field(raw["key"], "locationName", str, f"{where} key"),
            value_location_name=field(raw["value"], "locationName", str, f"{where} value"),
            **common,
        )
    if kind in _SCALAR_KINDS:
        return ScalarShape(
            kind=_SCALAR_KINDS[kind],
            enum=strings(raw, "enum", where),
            timestamp_format=field(raw, "timestampFormat", str, where),
            streaming=bool(raw.get("streaming", False)),
            **common,
        )
    raise ModelError(f"{where} has unsupported type {kind!r}")


def _member(where: str, name: str, spec: Any, required: bool) -> Member:
    if not isinstance(spec, Mapping):
        not_object(where, spec)
    return Member(
        name=name,
        target=shape_name(spec, where),
        required=required,
        documentation=field(spec, "documentation", str, where, default=""),
        location=field(spec, "location", str, where),
        location_name=field(spec, "locationName", str, where),
        idempotency_token=bool(spec.get("idempotencyToken", False)),
        deprecated=bool(spec.get("deprecated", False)),
        json_value=bool(spec.get("jsonvalue", False)),
        streaming=bool(spec.get("streaming", False)),
    )


def _service(model: LoadedModel) -> ServiceInfo:
    metadata = model.data.get("metadata") or {}
    return ServiceInfo(
        name=model.service,
        service_id=metadata.get("serviceId", ""),
        full_name=metadata.get("serviceFullName", ""),
        api_version=metadata.get("apiVersion", ""),
        protocol=metadata.get("protocol", ""),
        documentation=model.data.get("documentation", ""),
        model_source=model.source,
        model_sha256=model.sha256,
        botocore_version=model.botocore_version,
    )


def find_cycles(shapes: Mapping[str, Shape]) -> tuple[tuple[str, ...], ...]:
    """Strongly connected groups that form a cycle (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[tuple[str, ...]] = []
    counter = 0
    for root in shapes:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child_pos = work.pop()
            if child_pos == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            kids = children(shapes[node])
            if child_pos < len(kids):
                work.append((node, child_pos + 1))
                child = kids[child_pos]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in children(shapes[node]):
                    cycles.append(tuple(sorted(group)))
    return tuple(sorted(cycles))
