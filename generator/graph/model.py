"""Plain typed nodes of the shape graph, apart from how they are built.

Members refer to shapes by name, so a recursive model is an ordinary graph: the
cycle ``Expression -> Expressions -> Expression`` is two entries naming each other.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from generator.graph.customizations import Customization

_T = TypeVar("_T")


class ShapeKind(StrEnum):
    STRUCTURE = "structure"
    LIST = "list"
    MAP = "map"
    STRING = "string"
    INTEGER = "integer"
    LONG = "long"
    FLOAT = "float"
    DOUBLE = "double"
    BOOLEAN = "boolean"
    TIMESTAMP = "timestamp"
    BLOB = "blob"
    # botocore marks document types as structures with ``"document": true``.
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraints:
    """``min``/``max`` (length, count or value, by kind) and ``pattern``, as the model states them."""

    min: int | float | None = None
    max: int | float | None = None
    pattern: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    """A structure member, in model order; ``name`` is the wire name."""

    name: str
    target: str
    required: bool = False
    documentation: str = ""
    location: str | None = None
    location_name: str | None = None
    idempotency_token: bool = False
    deprecated: bool = False
    # ``jsonvalue``: a header whose string value is JSON (the AWS CLI documents it as ``JSON``).
    json_value: bool = False
    # ``streaming`` set on the member rather than on its blob shape (S3 does this).
    streaming: bool = False
    # Event members: sent as an event-stream header, or as the whole event payload.
    event_header: bool = False
    event_payload: bool = False
    # ``hostLabel``: an input member put into the endpoint host, so botocore requires it non-empty.
    host_label: bool = False
    # botocore handlers that change what boto3 takes or gives for this member
    # (``generator.graph.customizations``); empty for almost every member.
    customizations: tuple[Customization, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Shape:
    name: str
    kind: ShapeKind
    documentation: str = ""
    constraints: Constraints = field(default_factory=Constraints)
    sensitive: bool = False
    deprecated: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class StructureShape(Shape):
    members: tuple[Member, ...] = ()
    union: bool = False
    exception: bool = False
    # The error code botocore matches an error response against (``error.code``, else the name).
    error_code: str | None = None
    event_stream: bool = False
    # ``event``: one kind of message of an event stream.
    event: bool = False
    # ``wrapper``: a query-protocol structure that only wraps its members (no type effect).
    wrapper: bool = False
    # ``payload``: the member that is the whole HTTP body (a blob here means a streaming body).
    payload: str | None = None

    @property
    def required_members(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.required)


@dataclass(frozen=True, slots=True, kw_only=True)
class ListShape(Shape):
    member: str
    # ``sparse``: elements may be null (botocore keeps them as ``None``).
    sparse: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class MapShape(Shape):
    key: str
    value: str
    # The key's and value's ``locationName``, when the model gives one (XML services do).
    key_location_name: str | None = None
    value_location_name: str | None = None
    # ``sparse``: values may be null (botocore keeps them as ``None``).
    sparse: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ScalarShape(Shape):
    """Strings (with ``enum`` when the model lists values), numbers, booleans, timestamps, blobs, documents."""

    enum: tuple[str, ...] = ()
    timestamp_format: str | None = None
    streaming: bool = False

    @property
    def is_enum(self) -> bool:
        return bool(self.enum)


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    name: str
    input: str | None
    output: str | None
    documentation: str = ""
    http_method: str = ""
    request_uri: str = ""
    errors: tuple[str, ...] = ()
    deprecated: bool = False
    # botocore removes the operation from its client (``creating-client-class`` handlers).
    customizations: tuple[Customization, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceInfo:
    name: str
    service_id: str
    full_name: str
    api_version: str
    protocol: str
    documentation: str
    model_source: str
    model_sha256: str
    botocore_version: str


def children(shape: Shape) -> tuple[str, ...]:
    """Names of the shapes ``shape`` refers to directly, in model order."""
    if isinstance(shape, StructureShape):
        return tuple(m.target for m in shape.members)
    if isinstance(shape, ListShape):
        return (shape.member,)
    if isinstance(shape, MapShape):
        return (shape.key, shape.value)
    return ()


@dataclass(frozen=True, kw_only=True)
class ShapeGraph:
    """Every shape reachable from the chosen operations' input, output and errors.

    ``shapes`` is keyed by name in name order; ``cycles`` holds each strongly connected
    group of shapes that refer to themselves, names sorted, groups sorted.
    """

    service: ServiceInfo
    operations: tuple[Operation, ...]
    shapes: Mapping[str, Shape]
    cycles: tuple[tuple[str, ...], ...]

    def __getitem__(self, name: str) -> Shape:
        return self.shapes[name]

    def __iter__(self) -> Iterator[Shape]:
        return iter(self.shapes.values())

    @cached_property
    def _cycle_by_shape(self) -> dict[str, tuple[str, ...]]:
        return {name: cycle for cycle in self.cycles for name in cycle}

    def memo(self, fact: str, decide: Callable[[], _T]) -> _T:
        """A fact about this (immutable) graph, decided by ``decide`` on first use only."""
        facts: dict[str, Any] = self.__dict__.setdefault("_facts", {})
        if fact not in facts:
            facts[fact] = decide()
        return cast(_T, facts[fact])

    def cycle_of(self, name: str) -> tuple[str, ...] | None:
        """The cycle ``name`` belongs to, if it is on one."""
        return self._cycle_by_shape.get(name)

    def is_recursive(self, name: str) -> bool:
        return name in self._cycle_by_shape

    @cached_property
    def dependency_order(self) -> tuple[str, ...]:
        """Shape names with every shape after the shapes it refers to, cycles kept together.

        Deterministic: among shapes whose dependencies are all placed, the smallest name
        goes first; inside a cycle, names go in name order.
        """
        group_of = {name: self._cycle_by_shape.get(name, (name,)) for name in self.shapes}
        waiting_on: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        needed_by: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for name, shape in self.shapes.items():
            group = group_of[name]
            waiting_on.setdefault(group, set())
            for child in children(shape):
                child_group = group_of[child]
                if child_group != group:
                    waiting_on[group].add(child_group)
                    needed_by.setdefault(child_group, set()).add(group)
        ready = [group for group, deps in waiting_on.items() if not deps]
        heapq.heapify(ready)
        order: list[str] = []
        while ready:
            group = heapq.heappop(ready)
            order.extend(group)
            for dependant in sorted(needed_by.get(group, ())):
                deps = waiting_on[dependant]
                deps.discard(group)
                if not deps:
                    heapq.heappush(ready, dependant)
        return tuple(order)

    def structures(self) -> Iterator[StructureShape]:
        for name in self.dependency_order:
            shape = self.shapes[name]
            if isinstance(shape, StructureShape):
                yield shape

    def enums(self) -> Iterator[ScalarShape]:
        for shape in self.shapes.values():
            if isinstance(shape, ScalarShape) and shape.is_enum:
                yield shape

