"""Build the shape graph from a decoded botocore model.

The walk registers a shape before visiting what it refers to, and it is iterative,
so recursive and very deep models are safe. Every reference is checked here (and
every raw value read through ``reading``): the emitters can trust that each name
they meet is in the graph.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
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
from generator.graph.customizations import apply_customizations
from generator.graph.reading import documentation, field, flag, not_object, ref, required_ref, shape_name, strings
from generator.limits import (
    MAX_EXAMPLE_ITEMS,
    MAX_EXAMPLE_STRING,
    MAX_NAME_LENGTH,
    MAX_PATTERN_LENGTH,
    MAX_SHAPE_DEPTH,
    SHAPE_UNROLL,
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
    raw_shapes: Mapping[str, Any] = with_member_traits(data["shapes"])
    names = sorted(raw_operations) if operation_names is None else list(operation_names)
    operations = tuple(_operation(model, raw_operations, name, raw_shapes) for name in names)
    for operation in operations:
        _check_name(model, "operation", operation.name)

    shapes: dict[str, Shape] = {}
    pending: list[str] = []
    for operation in operations:
        pending.extend(n for n in (operation.output, operation.input, *operation.errors) if n is not None)
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
    graph = ShapeGraph(
        service=_service(model),
        operations=operations,
        shapes=ordered,
        cycles=find_cycles(ordered),
    )
    _check_shapes(model.source, graph)
    _check_depth(model.source, graph)
    # Only members change (what botocore's handlers do to them): cycles and order stay.
    customized_operations, customized = apply_customizations(graph.service.service_id, operations, ordered)
    if customized is ordered and customized_operations == operations:
        return graph
    return replace(graph, operations=customized_operations, shapes=customized)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Traits a member may set on its own (apigatewayv2's ``OutputType`` has an ``enum``): botocore
# copies the target shape with them for that member (``ShapeResolver.resolve_shape_ref``).
_MEMBER_SHAPE_TRAITS = ("enum", "min", "max", "pattern")


def with_member_traits(raw_shapes: Mapping[str, Any]) -> Mapping[str, Any]:
    """The model's shapes, plus one shape per member that sets a shape trait of its own:
    its target with the member's traits, named ``<Structure><Member>`` (made unique), which
    the member then targets. Everything else is the model's own dictionaries."""
    extra: dict[str, Any] = {}
    for name, raw in raw_shapes.items():
        members = raw.get("members") if isinstance(raw, Mapping) else None
        if not isinstance(members, Mapping):
            continue
        own = {
            member: spec
            for member, spec in members.items()
            if isinstance(spec, Mapping) and any(k in spec for k in _MEMBER_SHAPE_TRAITS)
            and isinstance(spec.get("shape"), str) and isinstance(raw_shapes.get(spec["shape"]), Mapping)
        }
        if not own:
            continue
        rewritten = dict(members)
        for member, spec in own.items():
            base = name + re.sub(r"\W", "", member[:1].upper() + member[1:], flags=re.ASCII)
            synthetic, n = base, 1
            while synthetic in raw_shapes or synthetic in extra:
                n += 1
                synthetic = f"{base}{n}"
            traits = {k: spec[k] for k in _MEMBER_SHAPE_TRAITS if k in spec}
            extra[synthetic] = {**raw_shapes[spec["shape"]], **traits}
            rewritten[member] = {**spec, "shape": synthetic}
        extra[name] = {**raw, "members": rewritten}
    return {**raw_shapes, **extra} if extra else raw_shapes


def _check_name(model: LoadedModel, kind: str, name: str) -> None:
    """Shape and operation names become Python classes and functions, file names, anchors
    and ``$defs`` keys, so they must fit Smithy's identifier grammar (every botocore name does)."""
    if len(name) > MAX_NAME_LENGTH or not _NAME.fullmatch(name):
        raise ModelError(
            f"{model.source}: {kind} {name[:MAX_NAME_LENGTH]!r}: name is not an identifier of at most "
            f"{MAX_NAME_LENGTH} characters ([A-Za-z_][A-Za-z0-9_]*)"
        )


def _operation(
    model: LoadedModel, raw_operations: Mapping[str, Any], name: str, raw_shapes: Mapping[str, Any]
) -> Operation:
    if name not in raw_operations:
        raise ModelError(
            f"{model.source}: unknown operation {name!r} in service {model.service!r}"
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
    for error in errors:
        target = shape_name(error, f"{where} error") if isinstance(error, Mapping) else None
        if target is not None and target not in raw_shapes:
            raise ModelError(f"{where} error refers to shape {target!r}, which is not in the model")
    http = field(raw, "http", dict, where, default={})
    return Operation(
        name=name,
        input=refs["input"],
        output=refs["output"],
        documentation=documentation(raw, where),
        http_method=field(http, "method", str, where, default=""),
        request_uri=field(http, "requestUri", str, where, default=""),
        errors=tuple(
            dict.fromkeys(  # a model may list an error twice; botocore keeps one
                shape_name(e, f"{where} error") if isinstance(e, Mapping) else not_object(f"{where} error", e)
                for e in errors
            )
        ),
        deprecated=flag(raw, "deprecated", where),
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
    if kind not in ("structure", "list", "map") and kind not in _SCALAR_KINDS:
        raise ModelError(f"{where} has unsupported type {kind!r}")
    common: dict[str, Any] = {
        "name": name,
        "documentation": documentation(raw, where),
        "constraints": _constraints(raw, kind, where),
        "sensitive": flag(raw, "sensitive", where),
        "deprecated": flag(raw, "deprecated", where),
    }
    if kind == "structure" and flag(raw, "document", where):
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
        union, event_stream = flag(raw, "union", where), flag(raw, "eventstream", where)
        error = field(raw, "error", dict, where, default={})
        # Exactly one member is set: a union may require none, an event stream one (kinesis does).
        if (union and required) or (event_stream and len(required) > 1):
            what = "a union" if union else "an event stream"
            raise ModelError(f"{where} is {what} (exactly one member is set) but requires {list(required)!r}")
        return StructureShape(
            kind=ShapeKind.STRUCTURE,
            members=members,
            union=union,
            exception=flag(raw, "exception", where),
            error_code=field(error, "code", str, f"{where} error"),
            event_stream=event_stream,
            event=flag(raw, "event", where),
            wrapper=flag(raw, "wrapper", where),
            payload=field(raw, "payload", str, where),
            **common,
        )
    if kind == "list":
        return ListShape(
            kind=ShapeKind.LIST, member=required_ref(raw, "member", where), sparse=flag(raw, "sparse", where), **common
        )
    if kind == "map":
        key, value = required_ref(raw, "key", where), required_ref(raw, "value", where)
        return MapShape(
            kind=ShapeKind.MAP,
            key=key,
            value=value,
            key_location_name=field(raw["key"], "locationName", str, f"{where} key"),
            value_location_name=field(raw["value"], "locationName", str, f"{where} value"),
            sparse=flag(raw, "sparse", where),
            **common,
        )
    if kind in _SCALAR_KINDS:
        enum = strings(raw, "enum", where)
        if enum and kind != "string":
            raise ModelError(f"{where}: 'enum' applies to strings, not to {_a(kind)}")
        return ScalarShape(
            kind=_SCALAR_KINDS[kind],
            enum=enum,
            timestamp_format=field(raw, "timestampFormat", str, where),
            streaming=flag(raw, "streaming", where),
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
        documentation=documentation(spec, where),
        location=field(spec, "location", str, where),
        location_name=field(spec, "locationName", str, where),
        idempotency_token=flag(spec, "idempotencyToken", where),
        deprecated=flag(spec, "deprecated", where),
        json_value=flag(spec, "jsonvalue", where),
        streaming=flag(spec, "streaming", where),
        event_header=flag(spec, "eventheader", where),
        event_payload=flag(spec, "eventpayload", where),
        host_label=flag(spec, "hostLabel", where),
    )


# The metadata fields shapegen reads (here and in ``load.service_name_from_metadata``).
_METADATA_STRINGS = ("serviceId", "serviceFullName", "apiVersion", "protocol", "endpointPrefix")


def _service(model: LoadedModel) -> ServiceInfo:
    where = f"{model.source}: metadata"
    metadata = field(model.data, "metadata", dict, f"{model.source}: model", default={})
    text = {key: field(metadata, key, str, where, default="") for key in _METADATA_STRINGS}
    return ServiceInfo(
        name=model.service,
        service_id=text["serviceId"],
        full_name=text["serviceFullName"].strip(),  # a title of only spaces is no title
        api_version=text["apiVersion"],
        protocol=text["protocol"],
        documentation=documentation(model.data, f"{model.source}: model"),
        model_source=model.source,
        model_sha256=model.sha256,
        botocore_version=model.botocore_version,
    )


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


_LENGTHS = {"string": MAX_EXAMPLE_STRING, "blob": MAX_EXAMPLE_STRING, "list": MAX_EXAMPLE_ITEMS, "map": MAX_EXAMPLE_ITEMS}
_NUMBERS = ("integer", "long", "float", "double")


def _constraints(raw: Mapping[str, Any], kind: str, where: str) -> Constraints:
    """``min``, ``max`` and ``pattern``, refused where they contradict the kind or each other
    (see the README's table): every artefact, examples included, must be able to satisfy them."""
    low: int | float | None = field(raw, "min", (int, float), where)
    high: int | float | None = field(raw, "max", (int, float), where)
    pattern: str | None = field(raw, "pattern", str, where)
    bounds = [(key, value) for key, value in (("min", low), ("max", high)) if value is not None]
    if bounds and kind not in _LENGTHS and kind not in _NUMBERS:
        raise ModelError(f"{where}: {bounds[0][0]!r} applies to strings, blobs, lists, maps and numbers, not to {_a(kind)}")
    if kind in _LENGTHS:
        for key, value in bounds:
            if not isinstance(value, int) or value < 0:
                raise ModelError(f"{where}: {key!r} must be a non-negative integer (a length or count), not {value!r}")
        if low is not None and low > _LENGTHS[kind]:
            what = "characters or bytes" if _LENGTHS[kind] == MAX_EXAMPLE_STRING else "elements"
            raise ModelError(
                f"{where}: 'min' {low} is more than the {_LENGTHS[kind]} {what} an example may hold"
            )
    if kind in ("float", "double"):
        for key, value in bounds:
            try:
                float(value)
            except OverflowError:
                raise ModelError(f"{where}: {key!r} is out of range for {_a(kind)}") from None
    if low is not None and high is not None:
        if low > high:
            raise ModelError(f"{where}: 'min' {low!r} is above 'max' {high!r}")
        if kind in ("integer", "long") and math.ceil(low) > math.floor(high):
            raise ModelError(f"{where}: 'min' {low!r} and 'max' {high!r} admit no integer")
    if pattern is not None:
        if kind != "string":
            raise ModelError(f"{where}: 'pattern' applies to strings, not to {_a(kind)}")
        if len(pattern) > MAX_PATTERN_LENGTH:
            raise ModelError(f"{where}: 'pattern' is {len(pattern)} characters long, more than {MAX_PATTERN_LENGTH}")
    return Constraints(min=low, max=high, pattern=pattern)


def _check_shapes(source: str, graph: ShapeGraph) -> None:
    """What only the whole graph shows: operation input/output, map keys, cycles."""
    for operation in graph.operations:
        roles = [("input", operation.input), ("output", operation.output), *(("error", e) for e in operation.errors)]
        for role, target in roles:
            if target is not None and not isinstance(graph[target], StructureShape):
                raise ModelError(
                    f"{source}: operation {operation.name!r} {role} {target!r} is {_a(graph[target].kind)}, "
                    "not a structure"
                )
    for shape in graph:
        if isinstance(shape, MapShape) and graph[shape.key].kind is not ShapeKind.STRING:
            raise ModelError(
                f"{source}: shape {shape.name!r} key {shape.key!r} is {_a(graph[shape.key].kind)}, "
                "not a string (map keys are strings)"
            )
    for cycle in graph.cycles:
        if not any(isinstance(graph[name], StructureShape) for name in cycle):
            raise ModelError(
                f"{source}: shape {cycle[0]!r} contains itself with no structure in between "
                f"({' -> '.join(cycle)}); it has no finite value"
            )


def _check_depth(source: str, graph: ShapeGraph) -> None:
    """The one nesting limit (``limits.MAX_SHAPE_DEPTH``), before any emitter runs.

    The longest path from an operation's input or output to a leaf, one pass over the
    condensation in dependency order: a shape counts once, each shape of a recursive group
    SHAPE_UNROLL times, because the walkers unroll recursion that often at most.
    """
    depth: dict[str, int] = {}  # per shape, the same for every shape of a group
    below: dict[str, str | None] = {}  # the deepest group under it, for the message
    for name in graph.dependency_order:
        if name in depth:
            continue
        group = graph.cycle_of(name) or (name,)
        inside = set(group)
        deepest, via = 0, None
        for member in group:
            for child in children(graph[member]):
                if child not in inside and depth[child] > deepest:
                    deepest, via = depth[child], child
        weight = len(group) * SHAPE_UNROLL if len(inside) > 1 or name in children(graph[name]) else 1
        for member in group:
            depth[member] = weight + deepest
            below[member] = via
    for operation in graph.operations:
        roles = [("input", operation.input), ("output", operation.output), *(("error", e) for e in operation.errors)]
        for role, root in roles:
            if root is None or depth[root] <= MAX_SHAPE_DEPTH:
                continue
            path: list[str] = []
            step: str | None = root
            while step is not None:
                cycle = graph.cycle_of(step)
                path.append(step if cycle is None else f"{step} (a recursive group of {len(cycle)})")
                step = below[step]
            shown = " -> ".join(path if len(path) <= 8 else [*path[:4], "...", *path[-3:]])
            raise ModelError(
                f"{source}: operation {operation.name!r} {role} nests {depth[root]} shapes deep "
                f"(recursive groups counted {SHAPE_UNROLL} times), more than {MAX_SHAPE_DEPTH}: {shown}"
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
