"""Build the shape graph from a decoded botocore model.

The walk registers a shape before visiting what it refers to, and it is iterative,
so recursive and very deep models are safe. Every reference is checked here: the
emitters can trust that each name they meet is in the graph.
"""

from __future__ import annotations

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

    shapes: dict[str, Shape] = {}
    pending: list[str] = []
    for operation in operations:
        pending.extend(n for n in (operation.output, operation.input) if n is not None)
    while pending:
        name = pending.pop()
        if name in shapes:
            continue
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


def _operation(
    model: LoadedModel, raw_operations: Mapping[str, Any], name: str, raw_shapes: Mapping[str, Any]
) -> Operation:
    if name not in raw_operations:
        raise ModelError(
            f"unknown operation {name!r} in service {model.service!r}"
            f"{closest(name, sorted(raw_operations))}"
        )
    raw = raw_operations[name]
    refs = {}
    for role in ("input", "output"):
        target = (raw.get(role) or {}).get("shape")
        if target is not None and target not in raw_shapes:
            raise ModelError(
                f"{model.source}: operation {name!r} {role} refers to shape {target!r}, "
                "which is not in the model"
            )
        refs[role] = target
    http = raw.get("http") or {}
    return Operation(
        name=name,
        input=refs["input"],
        output=refs["output"],
        documentation=raw.get("documentation", ""),
        http_method=http.get("method", ""),
        request_uri=http.get("requestUri", ""),
        errors=tuple(e["shape"] for e in raw.get("errors", ())),
        deprecated=bool(raw.get("deprecated", False)),
    )


def _references(shape: Shape) -> list[tuple[str, str]]:
    """(what refers, target name) pairs, for error messages that name both ends."""
    if isinstance(shape, StructureShape):
        return [(f"member {m.name!r}", m.target) for m in shape.members]
    labels = {ListShape: ("member",), MapShape: ("key", "value")}.get(type(shape), ())
    return list(zip(labels, children(shape), strict=True))


def _shape(model: LoadedModel, name: str, raw: Any) -> Shape:
    if not isinstance(raw, Mapping) or "type" not in raw:
        raise ModelError(f"{model.source}: shape {name!r} has no 'type'")
    kind = raw["type"]
    common: dict[str, Any] = {
        "name": name,
        "documentation": raw.get("documentation", ""),
        "constraints": Constraints(min=raw.get("min"), max=raw.get("max"), pattern=raw.get("pattern")),
        "sensitive": bool(raw.get("sensitive", False)),
        "deprecated": bool(raw.get("deprecated", False)),
    }
    try:
        if kind == "structure" and raw.get("document"):
            return ScalarShape(kind=ShapeKind.DOCUMENT, **common)
        if kind == "structure":
            required = set(raw.get("required", ()))
            members = tuple(
                _member(name, member_name, spec, member_name in required)
                for member_name, spec in raw.get("members", {}).items()
            )
            unknown = required - {m.name for m in members}
            if unknown:
                raise ModelError(
                    f"{model.source}: shape {name!r} requires {sorted(unknown)!r}, "
                    "which are not its members"
                )
            return StructureShape(
                kind=ShapeKind.STRUCTURE,
                members=members,
                union=bool(raw.get("union", False)),
                exception=bool(raw.get("exception", False)),
                event_stream=bool(raw.get("eventstream", False)),
                **common,
            )
        if kind == "list":
            return ListShape(kind=ShapeKind.LIST, member=raw["member"]["shape"], **common)
        if kind == "map":
            return MapShape(kind=ShapeKind.MAP, key=raw["key"]["shape"], value=raw["value"]["shape"], **common)
        if kind in _SCALAR_KINDS:
            return ScalarShape(
                kind=_SCALAR_KINDS[kind],
                enum=tuple(raw.get("enum", ())),
                timestamp_format=raw.get("timestampFormat"),
                streaming=bool(raw.get("streaming", False)),
                **common,
            )
    except (KeyError, TypeError) as exc:
        raise ModelError(f"{model.source}: shape {name!r} ({kind}) is malformed: missing {exc}") from None
    raise ModelError(f"{model.source}: shape {name!r} has unsupported type {kind!r}")


def _member(owner: str, name: str, spec: Mapping[str, Any], required: bool) -> Member:
    return Member(
        name=name,
        target=spec["shape"],
        required=required,
        documentation=spec.get("documentation", ""),
        location=spec.get("location"),
        location_name=spec.get("locationName"),
        idempotency_token=bool(spec.get("idempotencyToken", False)),
        deprecated=bool(spec.get("deprecated", False)),
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
