"""Facts about the model that several emitters need, each decided once, here.

Which shapes a walk reaches, which reach a timestamp or a blob, which blob is a
streaming body, what boto3 adds to every response. Walks are iterative and visit a
shape once, so they are linear in shapes whatever the depth or the number of paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum

from generator.graph.model import (
    Member,
    Operation,
    ScalarShape,
    Shape,
    ShapeGraph,
    ShapeKind,
    StructureShape,
    children,
)

# boto3 adds this key to every response; it is not in the model.
RESPONSE_METADATA = "ResponseMetadata"


def reachable(graph: ShapeGraph, roots: Iterable[str | None]) -> list[str]:
    """Names of the shapes reachable from ``roots`` (``None`` skipped), in name order."""
    seen: set[str] = set()
    pending = [r for r in roots if r]
    while pending:
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            pending.extend(children(graph[name]))
    return sorted(seen)


def reaching(graph: ShapeGraph, is_target: Callable[[Shape], bool]) -> frozenset[str]:
    """Names of the shapes from which some shape satisfying ``is_target`` can be reached.

    One pass in dependency order, a cycle taken as a whole, so it stays linear on
    large, deeply recursive models.
    """
    found: set[str] = set()
    done: set[str] = set()
    for name in graph.dependency_order:
        if name in done:
            continue
        group = graph.cycle_of(name) or (name,)
        done.update(group)
        shapes = [graph.shapes[n] for n in group]
        if any(is_target(s) or any(c in found for c in children(s)) for s in shapes):
            found.update(group)
    return frozenset(found)


def json_form_differs(graph: ShapeGraph) -> frozenset[str]:
    """Shapes whose JSON form is not their boto3 form: those reaching a timestamp or a blob."""
    return reaching(graph, lambda s: s.kind in (ShapeKind.TIMESTAMP, ShapeKind.BLOB))


def is_streaming_blob(shape: Shape, member: Member | None = None) -> bool:
    """A blob boto3 streams (botocore's ``is_streaming_blob_type``): ``streaming`` on the
    blob shape, or on the member that targets it (botocore merges member traits in)."""
    streaming = (isinstance(shape, ScalarShape) and shape.streaming) or (member is not None and member.streaming)
    return shape.kind == ShapeKind.BLOB and streaming


def payload_member(shape: Shape) -> Member | None:
    """The member that is the whole HTTP body (``payload``), if the structure names one."""
    if not isinstance(shape, StructureShape) or shape.payload is None:
        return None
    return next((m for m in shape.members if m.name == shape.payload), None)


def has_streaming_output(graph: ShapeGraph, operation: Operation) -> bool:
    """botocore's ``OperationModel.has_streaming_output``: the output's payload member is a blob."""
    if operation.output is None:
        return False
    payload = payload_member(graph[operation.output])
    return payload is not None and graph[payload.target].kind == ShapeKind.BLOB


class MemberForm(StrEnum):
    """How boto3 carries a member whose value is not simply its shape's value."""

    PLAIN = "plain"
    # A blob that is an output's payload: botocore's ``StreamingBody``, unread.
    STREAMING_OUTPUT = "streaming-output"
    # A blob that is an input's payload: bytes or a readable file object.
    STREAMING_INPUT = "streaming-input"
    # An event stream: botocore's ``EventStream``, an iterable of ``{event name: event}``.
    EVENT_STREAM = "event-stream"
    # A ``jsonvalue`` header: any JSON value, which botocore encodes and decodes itself.
    JSON_VALUE = "json-value"


def member_forms(graph: ShapeGraph) -> dict[tuple[str, str], MemberForm]:
    """(structure, member) -> form, for the members whose form is not ``PLAIN``: decided once
    per graph (every emitter, and every JSON Schema document, asks)."""
    return graph.memo("member_forms", lambda: _member_forms(graph))


def _member_forms(graph: ShapeGraph) -> dict[tuple[str, str], MemberForm]:
    """(structure, member) -> form, for the members whose form is not ``PLAIN``.

    botocore decides streaming by the operation (``has_streaming_output``, ``_get_event_stream``),
    so a structure that is an operation's output takes the output's form.
    """
    roles: dict[str, str] = {}
    for operation in graph.operations:
        if operation.input:
            roles.setdefault(operation.input, "input")
        if operation.output:
            roles[operation.output] = "output"
    forms: dict[tuple[str, str], MemberForm] = {}
    for shape in graph.structures():
        payload = payload_member(shape)
        for member in shape.members:
            target = graph[member.target]
            form = MemberForm.PLAIN
            if isinstance(target, StructureShape) and target.event_stream:
                form = MemberForm.EVENT_STREAM
            elif member is payload and target.kind == ShapeKind.BLOB and shape.name in roles:
                form = MemberForm.STREAMING_OUTPUT if roles[shape.name] == "output" else MemberForm.STREAMING_INPUT
            elif member.json_value and member.location == "header" and target.kind == ShapeKind.STRING:
                form = MemberForm.JSON_VALUE  # botocore's is_json_value_header
            if form is not MemberForm.PLAIN:
                forms[(shape.name, member.name)] = form
    return forms
