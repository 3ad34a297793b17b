"""Property-based tests of the generated dataclasses, with data drawn from the shape graph.

The strategies are not written per shape: ``wire_strategy(graph, shape, depth)`` reads
the shape graph (the generator's own IR) and produces the boto3 form of any shape, and
``walk`` goes over drawn data alongside the graph, yielding every position in it with
the wire path the generated parser must report (``Contact.Steps[0].Expression`` ...,
map keys as ``Tags["k"]``). The properties then hold for every shape of the models:

1. ``from_dict(x).to_dict() == x`` (boto3 form, ``ResponseMetadata`` included);
2. the JSON form survives ``json.dumps``/``json.loads`` and parses back to an equal
   object, with ``...Z`` UTC timestamps;
3. a wrongly typed value anywhere is reported at its exact path;
4. a missing required member is reported at its exact path;
5. a union with two members (or none) is refused, with the union's path;

and, at the end, other documented behaviour: other JSON spellings of timestamps,
datetimes in other zones, parsed objects equal to constructed ones, unknown keys kept.

``containing_strategy`` forces drawn data to hold a given kind of shape (a union, a
structure with required members, a blob...), so the properties about those never
depend on luck. ``SHAPEGEN_PROPERTY_EXAMPLES=2000`` runs a longer hunt.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import json
import math
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cached_property
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from generator.graph.build import build_graph
from generator.graph.model import (
    ListShape,
    MapShape,
    Member,
    ScalarShape,
    Shape,
    ShapeGraph,
    ShapeKind,
    StructureShape,
    children,
)
from generator.graph.facts import reaching
from generator.load import load_file, load_installed
from generator.python.build import build_surface
from tests.conftest import EDGE_MODEL

# --------------------------------------------------------------------------------------
# The models under test: the shape graph, and what the emitter decided for each class.
# --------------------------------------------------------------------------------------

UNKNOWN_ENUM_VALUE = "NEW_VALUE_FROM_AWS"
RESPONSE_METADATA = "ResponseMetadata"
UNKNOWN_MEMBER = "SDK_UNKNOWN_MEMBER"
DEPTH = 3  # how many times a recursive structure may nest in itself


@dataclass(frozen=True)
class Model:
    """A shape graph, the class specs the emitter builds from it, and its fixture name."""

    fixture: str
    graph: ShapeGraph

    @cached_property
    def classes(self) -> dict[str, Any]:
        """Shape name -> ``DataClass`` spec (class name, fields, union, synthetic fields)."""
        return {c.shape: c for c in build_surface(self.graph, "pkg").classes}

    def cls(self, package: ModuleType, shape: str) -> Any:
        """The generated class for ``shape`` in ``package``."""
        return getattr(package, self.classes[shape].name)


CONNECT = Model("connect", build_graph(load_installed("connect"), ["DescribeContact"]))
EDGE = Model("edge", build_graph(load_file(EDGE_MODEL, "edgecase"), None))
MODELS = {"connect": CONNECT, "edge": EDGE}


def operation_shapes(model: Model) -> list[str]:
    names: list[str] = []
    for op in model.graph.operations:
        for name in (op.input, op.output):
            if name is not None and name not in names:
                names.append(name)
    return names


# Which top-level shapes each property runs on: connect's DescribeContact request and
# response, and every operation input and output of the edge model.
CASES = [("connect", "DescribeContactResponse"), ("connect", "DescribeContactRequest")] + [
    ("edge", name) for name in operation_shapes(EDGE)
]
CASE_IDS = [f"{m}-{s}" for m, s in CASES]


def cases_reaching(is_target: Callable[[Shape], bool]) -> list[Any]:
    """The cases whose data can hold a shape for which ``is_target`` holds."""
    return [pytest.param(m, s, id=f"{m}-{s}") for m, s in CASES if s in reaching(MODELS[m].graph, is_target)]


@pytest.fixture
def package(request: pytest.FixtureRequest, model_name: str) -> ModuleType:
    """The generated package (the ``connect`` or ``edge`` session fixture) for a case."""
    module: ModuleType = request.getfixturevalue(MODELS[model_name].fixture)
    return module


# SHAPEGEN_PROPERTY_EXAMPLES raises the count for a longer hunt; the default keeps the
# file well under a minute.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("SHAPEGEN_PROPERTY_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --------------------------------------------------------------------------------------
# Strategies, from the graph.
# --------------------------------------------------------------------------------------

TEXT = st.text(max_size=12)
UTC_DATETIMES = st.datetimes(timezones=st.just(timezone.utc))  # microsecond precision


def _json_containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    _json_containers,
    max_leaves=6,
)
RESPONSE_METADATA_VALUES = st.fixed_dictionaries(
    {
        "RequestId": TEXT,
        "HTTPStatusCode": st.sampled_from([200, 201, 204]),
        "HTTPHeaders": st.dictionaries(TEXT, TEXT, max_size=3),
        "RetryAttempts": st.integers(0, 5),
    }
)

_SCALAR_STRATEGIES: dict[ShapeKind, st.SearchStrategy[Any]] = {
    ShapeKind.STRING: TEXT,
    ShapeKind.INTEGER: st.integers(-(2**31), 2**31 - 1),
    ShapeKind.LONG: st.integers(-(2**63), 2**63 - 1),
    ShapeKind.FLOAT: st.floats(allow_nan=False, allow_infinity=False),
    ShapeKind.DOUBLE: st.floats(allow_nan=False, allow_infinity=False),
    ShapeKind.BOOLEAN: st.booleans(),
    ShapeKind.TIMESTAMP: UTC_DATETIMES,
    ShapeKind.BLOB: st.binary(max_size=24),
    # A document is any JSON value; a top-level null would be a member left out.
    ShapeKind.DOCUMENT: JSON_VALUES.filter(lambda v: v is not None),
}

_strategy_cache: dict[tuple[int, str, int], st.SearchStrategy[Any]] = {}
_recursive_cache: dict[int, frozenset[str]] = {}


def reaches_recursion(graph: ShapeGraph, name: str) -> bool:
    """Whether data of shape ``name`` can contain a recursive shape (and so nest without end)."""
    found = _recursive_cache.get(id(graph))
    if found is None:
        found = _recursive_cache[id(graph)] = reaching(graph, lambda s: graph.is_recursive(s.name))
    return name in found


def wire_strategy(graph: ShapeGraph, shape_name: str, depth: int = DEPTH) -> st.SearchStrategy[Any]:
    """The boto3 form of ``shape_name``'s data, any shape of ``graph``.

    ``depth`` bounds recursion: it goes down by one each time a recursive structure
    is entered; at 0, optional members, list items and map entries that could recurse
    further are left out (and a union picks a member that cannot recurse, if it has one).
    """
    key = (id(graph), shape_name, depth)
    strategy = _strategy_cache.get(key)
    if strategy is None:
        strategy = _strategy_cache[key] = _make_strategy(graph, graph[shape_name], depth)
    return strategy


def _make_strategy(graph: ShapeGraph, shape: Shape, depth: int) -> st.SearchStrategy[Any]:
    if depth < -2:
        raise AssertionError(f"{shape.name}: recursion through required members never ends")
    if isinstance(shape, ScalarShape):
        if shape.is_enum:
            # Known values mostly, sometimes one AWS added later, sometimes any text.
            return st.one_of(
                st.sampled_from(shape.enum), st.sampled_from(shape.enum), st.just(UNKNOWN_ENUM_VALUE), TEXT
            )
        return _SCALAR_STRATEGIES[shape.kind]

    stop = depth <= 0
    if isinstance(shape, ListShape):
        if stop and reaches_recursion(graph, shape.member):
            return st.just([])
        return st.lists(wire_strategy(graph, shape.member, depth), max_size=2)
    if isinstance(shape, MapShape):
        if stop and reaches_recursion(graph, shape.value):
            return st.just({})
        return st.dictionaries(
            wire_strategy(graph, shape.key, depth), wire_strategy(graph, shape.value, depth), max_size=2
        )
    assert isinstance(shape, StructureShape), shape
    inner = depth - 1 if graph.is_recursive(shape.name) else depth

    def member_strategy(target: str) -> st.SearchStrategy[Any]:
        return wire_strategy(graph, target, inner)

    if shape.union:
        members = [m for m in shape.members if not (stop and reaches_recursion(graph, m.target))]
        members = members or list(shape.members)

        def one(wire: str) -> Callable[[Any], dict[str, Any]]:
            return lambda value: {wire: value}

        options = [member_strategy(m.target).map(one(m.name)) for m in members]
        # boto3's report of a member this model does not know, which must round-trip.
        options.append(TEXT.map(lambda name: {UNKNOWN_MEMBER: {"name": name}}))
        return st.one_of(options)
    required = {m.name: member_strategy(m.target) for m in shape.members if m.required}
    optional = {
        m.name: member_strategy(m.target)
        for m in shape.members
        if not m.required and not (stop and reaches_recursion(graph, m.target))
    }
    return st.fixed_dictionaries(required, optional=optional)


@dataclass(frozen=True)
class Target:
    """A kind of shape some drawn data must hold at least once (named, to cache by)."""

    name: str
    holds: Callable[[Shape], bool]


IS_UNION = Target("union", lambda s: isinstance(s, StructureShape) and s.union)
HAS_REQUIRED = Target("required", lambda s: isinstance(s, StructureShape) and bool(s.required_members))


def of_kind(kind: ShapeKind) -> Target:
    return Target(str(kind), lambda s: s.kind is kind)


SCALAR_TARGETS = {
    kind: of_kind(kind) for kind in ShapeKind if kind not in (ShapeKind.STRUCTURE, ShapeKind.LIST, ShapeKind.MAP)
}
_distance_cache: dict[tuple[int, str], dict[str, int]] = {}
_containing_cache: dict[tuple[int, str, str, int], st.SearchStrategy[Any]] = {}


def distances(graph: ShapeGraph, target: Target) -> dict[str, int]:
    """How many steps each shape that can hold ``target`` is from one (0: it is one)."""
    key = (id(graph), target.name)
    found = _distance_cache.get(key)
    if found is None:
        referrers: dict[str, set[str]] = {}
        for shape in graph:
            # Values only: a map key is not a position the walk visits.
            held = (shape.value,) if isinstance(shape, MapShape) else children(shape)
            for child in held:
                referrers.setdefault(child, set()).add(shape.name)
        found = {s.name: 0 for s in graph if target.holds(s)}
        frontier = list(found)
        while frontier:
            following = []
            for name in frontier:
                for parent in referrers.get(name, ()):
                    if parent not in found:
                        found[parent] = found[name] + 1
                        following.append(parent)
            frontier = following
        _distance_cache[key] = found
    return found


def containing_strategy(
    graph: ShapeGraph, shape_name: str, target: Target, depth: int = DEPTH
) -> st.SearchStrategy[Any]:
    """Like ``wire_strategy``, but the data holds a ``target`` shape somewhere.

    One member (list item, map entry) on a way to a target is forced; the rest is drawn
    as usual. Ways around a cycle are only taken while ``depth`` lasts; at 0 each step
    must get closer to a target, so the forcing ends.
    """
    key = (id(graph), shape_name, target.name, depth)
    strategy = _containing_cache.get(key)
    if strategy is None:
        strategy = _containing_cache[key] = _make_containing(graph, graph[shape_name], target, depth)
    return strategy


def _make_containing(graph: ShapeGraph, shape: Shape, target: Target, depth: int) -> st.SearchStrategy[Any]:
    dist = distances(graph, target)
    if dist.get(shape.name) is None:
        raise AssertionError(f"{shape.name} cannot hold a {target.name} shape")
    if dist[shape.name] == 0:
        return wire_strategy(graph, shape.name, depth)

    def forced(name: str, d: int) -> st.SearchStrategy[Any]:
        return st.deferred(lambda: containing_strategy(graph, name, target, d))

    if isinstance(shape, ListShape):
        return st.tuples(
            forced(shape.member, depth), st.lists(wire_strategy(graph, shape.member, depth), max_size=1), st.booleans()
        ).map(lambda t: [t[0], *t[1]] if t[2] else [*t[1], t[0]])
    if isinstance(shape, MapShape):
        return st.tuples(
            wire_strategy(graph, shape.key, depth),
            forced(shape.value, depth),
            st.dictionaries(
                wire_strategy(graph, shape.key, depth), wire_strategy(graph, shape.value, depth), max_size=1
            ),
        ).map(lambda t: {**t[2], t[0]: t[1]})
    assert isinstance(shape, StructureShape), shape
    inner = depth - 1 if graph.is_recursive(shape.name) else depth
    closer = [m for m in shape.members if dist.get(m.target, len(graph.shapes)) < dist[shape.name]]
    ways = [m for m in shape.members if m.target in dist] if depth > 0 else closer

    def through(member: Member) -> st.SearchStrategy[Any]:
        if shape.union:
            return forced(member.target, inner).map(lambda v: {member.name: v})
        required = {m.name: wire_strategy(graph, m.target, inner) for m in shape.members if m.required}
        optional = {
            m.name: wire_strategy(graph, m.target, inner)
            for m in shape.members
            if not m.required and not (depth <= 0 and reaches_recursion(graph, m.target))
        }
        required[member.name] = forced(member.target, inner)
        optional.pop(member.name, None)
        return st.fixed_dictionaries(required, optional=optional)

    return st.sampled_from(ways).flatmap(through)


def top_strategy(model: Model, shape_name: str) -> st.SearchStrategy[dict[str, Any]]:
    """A top-level shape's data; an operation output sometimes carries ``ResponseMetadata``."""
    base = wire_strategy(model.graph, shape_name)
    # From the graph, not from the emitter's decision, so a class that lost the field fails.
    if shape_name not in {op.output for op in model.graph.operations}:
        return base
    return st.tuples(base, st.none() | RESPONSE_METADATA_VALUES).map(
        lambda pair: pair[0] if pair[1] is None else {**pair[0], RESPONSE_METADATA: pair[1]}
    )


# --------------------------------------------------------------------------------------
# Walking data alongside the graph.
# --------------------------------------------------------------------------------------


@dataclass
class Position:
    """One value inside drawn data: its wire path, its shape, and where it is held."""

    path: str
    shape: Shape
    parent: Any  # the dict or list holding it; None for the top-level value
    key: Any  # its key or index in ``parent``
    value: Any


def member_path(path: str, wire: str) -> str:
    return f"{path}.{wire}" if path else wire


def key_path(path: str, key: str) -> str:
    """A map entry's path segment: the key as a JSON string literal, in brackets."""
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def walk(
    graph: ShapeGraph, shape_name: str, value: Any, path: str = "", parent: Any = None, key: Any = None
) -> Iterator[Position]:
    """Every value in ``value`` (boto3 or JSON form), depth first, with its wire path."""
    shape = graph[shape_name]
    yield Position(path, shape, parent, key, value)
    if isinstance(shape, StructureShape):
        for member in shape.members:
            if value.get(member.name) is not None:
                yield from walk(
                    graph, member.target, value[member.name], member_path(path, member.name), value, member.name
                )
    elif isinstance(shape, ListShape):
        for index, item in enumerate(value):
            yield from walk(graph, shape.member, item, f"{path}[{index}]", value, index)
    elif isinstance(shape, MapShape):
        for k, item in value.items():
            yield from walk(graph, shape.value, item, key_path(path, str(k)), value, k)


def leaves(graph: ShapeGraph, shape_name: str, value: Any) -> list[Position]:
    return [p for p in walk(graph, shape_name, value) if isinstance(p.shape, ScalarShape)]


# --------------------------------------------------------------------------------------
# Comparing.
# --------------------------------------------------------------------------------------


def same_data(a: Any, b: Any) -> bool:
    """Equality that also holds exact types apart where ``==`` would not (1 vs 1.0 vs True)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same_data, a, b))
    if isinstance(a, float) and isinstance(b, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, str) and isinstance(b, str):
        return str.__eq__(a, b)  # an enum member compares as its text
    return type(a) is type(b) and a == b


# --------------------------------------------------------------------------------------
# Property 1: the boto3 form round-trips.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model_name", "shape_name"), CASES, ids=CASE_IDS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_boto3_form_round_trips(package: ModuleType, model_name: str, shape_name: str, data: st.DataObject) -> None:
    model = MODELS[model_name]
    x = data.draw(top_strategy(model, shape_name), label="boto3 form")
    original = copy.deepcopy(x)
    obj = model.cls(package, shape_name).from_dict(x)
    out = obj.to_dict()
    assert out == x
    assert same_data(out, x)
    assert x == original, "from_dict changed its argument"
    event(f"leaves: {min(len(leaves(model.graph, shape_name, x)) // 10 * 10, 50)}+")


# --------------------------------------------------------------------------------------
# Property 2: the JSON form round-trips through json.dumps/json.loads.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model_name", "shape_name"), CASES, ids=CASE_IDS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_json_form_round_trips(package: ModuleType, model_name: str, shape_name: str, data: st.DataObject) -> None:
    model = MODELS[model_name]
    cls = model.cls(package, shape_name)
    obj = cls.from_dict(data.draw(top_strategy(model, shape_name), label="boto3 form"))

    first = obj.to_json_dict()
    wire = json.loads(json.dumps(first))
    assert same_data(wire, first), "the JSON form is not plain JSON"
    again = cls.from_dict(wire)
    assert again == obj
    assert same_data(again.to_json_dict(), first)

    for leaf in leaves(model.graph, shape_name, wire):
        if leaf.shape.kind is ShapeKind.TIMESTAMP:
            assert isinstance(leaf.value, str) and leaf.value.endswith("Z"), leaf
            assert datetime.fromisoformat(leaf.value).utcoffset() == timezone.utc.utcoffset(None)
        elif leaf.shape.kind is ShapeKind.BLOB:
            assert isinstance(leaf.value, str), leaf
            base64.b64decode(leaf.value, validate=True)


# --------------------------------------------------------------------------------------
# Property 3: a wrongly typed value is reported at its exact path.
# --------------------------------------------------------------------------------------

NOT_BASE64 = st.sampled_from(["not base64!", "abc", "====", "é"])
NOT_ISO = st.sampled_from(["", "yesterday", "2024-13-45T00:00:00Z", "12:00"])
SMALL_LISTS = st.lists(st.integers(), max_size=2)
SMALL_DICTS = st.dictionaries(TEXT, st.integers(), max_size=2)

# For each kind of shape, values of some other type: every one must be refused. The
# near misses (a float for an integer, a bool for a number, an int for a bool) come
# first and twice, as the likeliest to slip through.
WRONG_VALUES: dict[ShapeKind, st.SearchStrategy[Any]] = {
    ShapeKind.STRING: st.one_of(
        st.integers(), st.floats(), st.booleans(), SMALL_LISTS, SMALL_DICTS, st.binary(max_size=3)
    ),
    ShapeKind.INTEGER: st.one_of(
        st.floats(), st.booleans(), st.floats(), st.booleans(), TEXT, SMALL_LISTS, SMALL_DICTS
    ),
    ShapeKind.LONG: st.one_of(st.floats(), st.booleans(), st.floats(), st.booleans(), TEXT, SMALL_LISTS, SMALL_DICTS),
    ShapeKind.FLOAT: st.one_of(st.booleans(), TEXT, st.booleans(), SMALL_LISTS, SMALL_DICTS),
    ShapeKind.DOUBLE: st.one_of(st.booleans(), TEXT, st.booleans(), SMALL_LISTS, SMALL_DICTS),
    ShapeKind.BOOLEAN: st.one_of(st.integers(0, 1), st.floats(), st.integers(), TEXT, SMALL_LISTS, SMALL_DICTS),
    # Numbers are epoch seconds, a valid timestamp: only an out-of-range one is wrong.
    ShapeKind.TIMESTAMP: st.one_of(NOT_ISO, st.booleans(), SMALL_LISTS, SMALL_DICTS, st.just(1e300), st.just(math.nan)),
    ShapeKind.BLOB: st.one_of(NOT_BASE64, st.integers(), st.booleans(), SMALL_LISTS, SMALL_DICTS),
    # Containers of the wrong kind.
    ShapeKind.STRUCTURE: st.one_of(TEXT, st.integers(), SMALL_LISTS),
    ShapeKind.LIST: st.one_of(TEXT, st.integers(), SMALL_DICTS),
    ShapeKind.MAP: st.one_of(TEXT, st.integers(), SMALL_LISTS),
}


# What a wrong value may replace: each kind of scalar (enums apart from plain
# strings), and lists and maps whole. Documents take any value, so none is wrong.
REPLACEABLE = [
    *(t for k, t in SCALAR_TARGETS.items() if k is not ShapeKind.DOCUMENT),
    Target("enum", lambda s: isinstance(s, ScalarShape) and s.is_enum),
    Target("list", lambda s: s.kind is ShapeKind.LIST),
    Target("map", lambda s: s.kind is ShapeKind.MAP),
]


@pytest.mark.parametrize(("model_name", "shape_name"), CASES, ids=CASE_IDS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_wrong_type_reports_its_path(
    package: ModuleType, model_name: str, shape_name: str, data: st.DataObject
) -> None:
    model = MODELS[model_name]
    # Pick a kind of value the shape can hold, then data that holds one (or more).
    kinds = [t for t in REPLACEABLE if shape_name in distances(model.graph, t)]
    kind = data.draw(st.sampled_from(kinds), label="kind to break")
    x = data.draw(containing_strategy(model.graph, shape_name, kind), label="valid data")
    positions = [
        p for p in walk(model.graph, shape_name, x) if p.parent is not None and p.shape.kind is not ShapeKind.DOCUMENT
    ]
    # Mostly a value of the chosen kind; sometimes any value, a nested structure included.
    of_kind = [p for p in positions if kind.holds(p.shape)]
    assert of_kind, "containing_strategy did not produce the kind it was asked for"
    pool = of_kind if data.draw(st.integers(0, 4), label="of kind?") else positions
    target = data.draw(st.sampled_from(pool), label="position")
    bad = data.draw(WRONG_VALUES[target.shape.kind], label="wrong value")
    target.parent[target.key] = bad
    event(
        f"replaced a {'enum' if isinstance(target.shape, ScalarShape) and target.shape.is_enum else target.shape.kind}"
    )
    note(f"path {target.path!r} <- {bad!r}")

    with pytest.raises(package.ShapeValidationError) as info:
        model.cls(package, shape_name).from_dict(x)
    error = info.value
    assert error.path == target.path
    assert error.problem.startswith("expected"), error.problem
    assert str(error) == f"{target.path}: {error.problem}"


def test_wrong_type_examples(connect: ModuleType) -> None:
    data = {
        "Contact": {
            "RoutingCriteria": {
                "Steps": [
                    {"Expression": {}},
                    {"Expression": {"AndExpression": [{}, {"AttributeCondition": {"ProficiencyLevel": "high"}}]}},
                ]
            },
        }
    }
    with pytest.raises(connect.ShapeValidationError) as info:
        connect.DescribeContactResponse.from_dict(data)
    assert (
        info.value.path
        == "Contact.RoutingCriteria.Steps[1].Expression.AndExpression[1].AttributeCondition.ProficiencyLevel"
    )
    assert info.value.problem == "expected number, got 'high'"
    with pytest.raises(connect.ShapeValidationError) as info:
        connect.DescribeContactResponse.from_dict({"Contact": {"Tags": {"k": 1}}})
    assert str(info.value) == 'Contact.Tags["k"]: expected string, got 1'
    with pytest.raises(connect.ShapeValidationError) as info:
        connect.DescribeContactResponse.from_dict({"Contact": {"Tags": {'say "hi"': None}}})
    assert info.value.path == 'Contact.Tags["say \\"hi\\""]'


def test_wrong_map_key_type(edge: ModuleType) -> None:
    # Keys are not walked by the property (a key has no path of its own); an entry whose
    # key has the wrong type is still refused, within the map.
    with pytest.raises(edge.ShapeValidationError) as info:
        edge.PutThingRequest.from_dict({"Name": "n", "Payload": b"", "Labels": {5: "x"}})
    assert info.value.path.startswith("Labels[")
    assert info.value.problem == "expected string, got 5"


# --------------------------------------------------------------------------------------
# Property 4: a missing required member is reported at its exact path.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model_name", "shape_name"), cases_reaching(HAS_REQUIRED.holds))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_missing_required_member_reports_its_path(
    package: ModuleType, model_name: str, shape_name: str, data: st.DataObject
) -> None:
    model = MODELS[model_name]
    x = data.draw(containing_strategy(model.graph, shape_name, HAS_REQUIRED), label="valid data")
    required = [
        (p.value, m.name, member_path(p.path, m.name))
        for p in walk(model.graph, shape_name, x)
        if isinstance(p.shape, StructureShape)
        for m in p.shape.required_members
    ]
    assert required, "containing_strategy did not produce a structure with required members"
    holder, wire, path = data.draw(st.sampled_from(required), label="required member")
    if data.draw(st.booleans(), label="as None"):
        holder[wire] = None  # boto3 never sends None, but it means the same
    else:
        del holder[wire]
    event(f"removed {path.count('.') + path.count('[')}-deep")

    with pytest.raises(package.ShapeValidationError) as info:
        model.cls(package, shape_name).from_dict(x)
    assert info.value.path == path
    assert info.value.problem == "missing required member"
    assert str(info.value) == f"{path}: missing required member"


def test_missing_required_member_examples(edge: ModuleType, connect: ModuleType) -> None:
    with pytest.raises(edge.ShapeValidationError) as info:
        edge.PutThingRequest.from_dict({"Payload": b"x"})
    assert str(info.value) == "Name: missing required member"
    with pytest.raises(edge.ShapeValidationError) as info:
        edge.PutThingRequest.from_dict({"Name": "n"})
    assert str(info.value) == "Payload: missing required member"
    with pytest.raises(edge.ShapeValidationError) as info:
        edge.PutThingResponse.from_dict({"Thing": {"Payload": b""}})
    assert str(info.value) == "Thing.Id: missing required member"
    with pytest.raises(connect.ShapeValidationError) as info:
        connect.DescribeContactResponse.from_dict({"Contact": {"OutboundStrategy": {}}})
    assert str(info.value) == "Contact.OutboundStrategy.Type: missing required member"


# --------------------------------------------------------------------------------------
# Property 5: a union holds exactly one member.
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model_name", "shape_name"), cases_reaching(IS_UNION.holds))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_union_with_two_members_reports_its_path(
    package: ModuleType, model_name: str, shape_name: str, data: st.DataObject
) -> None:
    model = MODELS[model_name]
    x = data.draw(containing_strategy(model.graph, shape_name, IS_UNION), label="valid data")
    unions = [p for p in walk(model.graph, shape_name, x) if IS_UNION.holds(p.shape)]
    assert unions, "containing_strategy did not produce a union"
    union = data.draw(st.sampled_from(unions), label="union")
    assert isinstance(union.shape, StructureShape)
    spec = model.classes[union.shape.name]
    # A second member: one of the model's, or boto3's tag for a member it does not know.
    unset: list[tuple[str, st.SearchStrategy[Any]]] = [
        (m.name, wire_strategy(model.graph, m.target, 1))
        for m in union.shape.members
        if union.value.get(m.name) is None
    ]
    if UNKNOWN_MEMBER not in union.value:
        unset.append((UNKNOWN_MEMBER, st.just({"name": "NewMember"})))
    if data.draw(st.booleans(), label="empty it"):
        union.value.clear()
        count = 0
    else:
        wire, values = data.draw(st.sampled_from(unset), label="second member")
        union.value[wire] = data.draw(values, label="its value")
        count = 2
    event(f"union with {count} members")

    with pytest.raises(package.ShapeValidationError) as info:
        model.cls(package, shape_name).from_dict(x)
    assert info.value.path == union.path
    assert info.value.problem.startswith(f"{spec.name} is a union: expected exactly one member, got {count}")


def test_union_constructed_directly_needs_exactly_one_member(edge: ModuleType) -> None:
    with pytest.raises(edge.ShapeValidationError, match="got 0"):
        edge.Choice()
    with pytest.raises(edge.ShapeValidationError, match=r"got 2 \(Text, Number\)"):
        edge.Choice(text="a", number=1)
    with pytest.raises(edge.ShapeValidationError, match="got 2"):
        edge.Choice(text="a", sdk_unknown_member="Other")
    assert edge.Choice(text="").to_dict() == {"Text": ""}
    assert edge.Choice(number=0).to_dict() == {"Number": 0}


def test_union_errors_in_from_dict_examples(edge: ModuleType) -> None:
    with pytest.raises(edge.ShapeValidationError) as info:
        edge.PutThingRequest.from_dict({"Name": "n", "Payload": b"", "Choice": {"Text": "a", "Number": 1}})
    assert info.value.path == "Choice"
    assert str(info.value) == "Choice: Choice is a union: expected exactly one member, got 2 (Text, Number)"
    with pytest.raises(edge.ShapeValidationError) as info:
        edge.Thing.from_dict({"Id": "i", "Tree": {"Children": [{}, {"Named": {"k": {}}}]}, "Choice": {}})
    assert info.value.path == "Choice"
    # A tagged unknown member plus a known one is two members.
    with pytest.raises(edge.ShapeValidationError) as info:
        edge.Choice.from_dict({"Text": "a", UNKNOWN_MEMBER: {"name": "Other"}})
    assert info.value.path == ""


# --------------------------------------------------------------------------------------
# More of the documented API: JSON from elsewhere, datetimes in other zones, objects
# as the constructor builds them, unknown keys.
# --------------------------------------------------------------------------------------


def json_variant(timestamp: datetime, form: int) -> Any:
    """One of the ways JSON may carry ``timestamp``: ISO-8601 (with ``Z``, an offset, or
    no zone, meaning UTC) or epoch seconds."""
    if form == 0:
        return timestamp.isoformat().replace("+00:00", "Z")
    if form == 1:
        return timestamp.isoformat()
    if form == 2:
        return timestamp.replace(tzinfo=None).isoformat()
    if form == 3 and 2 <= timestamp.year <= 9998:
        return timestamp.astimezone(timezone(timedelta(hours=-7, minutes=-30))).isoformat()
    if form == 4 and timestamp.microsecond == 0 and timestamp.year >= 1970:
        return int(timestamp.timestamp())
    return timestamp.isoformat()


@pytest.mark.parametrize(
    ("model_name", "shape_name"), cases_reaching(lambda s: s.kind in (ShapeKind.TIMESTAMP, ShapeKind.BLOB))
)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_json_from_elsewhere_parses_like_boto3_form(
    package: ModuleType, model_name: str, shape_name: str, data: st.DataObject
) -> None:
    """JSON written by someone else (other timestamp spellings, base64 blobs) parses to the
    object the boto3 form gives."""
    model = MODELS[model_name]
    targets = [SCALAR_TARGETS[ShapeKind.TIMESTAMP], SCALAR_TARGETS[ShapeKind.BLOB]]
    target = data.draw(st.sampled_from([t for t in targets if shape_name in distances(model.graph, t)]))
    x = data.draw(containing_strategy(model.graph, shape_name, target), label="boto3 form")
    cls = model.cls(package, shape_name)
    expected = cls.from_dict(x)
    for leaf in leaves(model.graph, shape_name, x):
        if leaf.shape.kind is ShapeKind.TIMESTAMP:
            leaf.parent[leaf.key] = json_variant(leaf.value, data.draw(st.integers(0, 4), label="spelling"))
        elif leaf.shape.kind is ShapeKind.BLOB:
            leaf.parent[leaf.key] = base64.b64encode(leaf.value).decode("ascii")
    wire = json.loads(json.dumps(x))
    assert cls.from_dict(wire) == expected


@pytest.mark.parametrize(("model_name", "shape_name"), cases_reaching(SCALAR_TARGETS[ShapeKind.TIMESTAMP].holds))
@PROPERTY_SETTINGS
@given(data=st.data())
def test_timestamps_in_other_zones_dump_as_utc(
    package: ModuleType, model_name: str, shape_name: str, data: st.DataObject
) -> None:
    """boto3 may hand over datetimes in any zone: the JSON form is still UTC with ``Z``."""
    model = MODELS[model_name]
    x = data.draw(containing_strategy(model.graph, shape_name, SCALAR_TARGETS[ShapeKind.TIMESTAMP]), label="boto3 form")
    cls = model.cls(package, shape_name)
    expected = cls.from_dict(x).to_json_dict()
    offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    for leaf in leaves(model.graph, shape_name, x):
        if leaf.shape.kind is ShapeKind.TIMESTAMP and 2 <= leaf.value.year <= 9998:
            leaf.parent[leaf.key] = leaf.value.astimezone(data.draw(offsets, label="zone"))
    obj = cls.from_dict(x)
    assert obj.to_dict() == x  # the same instants
    assert obj.to_json_dict() == expected


def structures_in(obj: Any) -> Iterator[Any]:
    """``obj`` and every generated object inside it."""
    if dataclasses.is_dataclass(obj):
        yield obj
        for f in dataclasses.fields(obj):
            yield from structures_in(getattr(obj, f.name))
    elif isinstance(obj, list):
        for item in obj:
            yield from structures_in(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from structures_in(item)


@pytest.mark.parametrize(("model_name", "shape_name"), CASES, ids=CASE_IDS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_parsed_objects_are_what_the_constructor_builds(
    package: ModuleType, model_name: str, shape_name: str, data: st.DataObject
) -> None:
    """``from_dict`` skips ``__init__`` (see ``_runtime._builder``): what it builds must be
    an ordinary instance all the same, equal to the constructor's, copyable and picklable."""
    model = MODELS[model_name]
    obj = model.cls(package, shape_name).from_dict(data.draw(top_strategy(model, shape_name), label="boto3 form"))
    for inner in structures_in(obj):
        fields = {f.name: getattr(inner, f.name) for f in dataclasses.fields(inner)}
        assert type(inner)(**fields) == inner
        assert dataclasses.replace(inner) == inner
    assert copy.deepcopy(obj) == obj
    assert pickle.loads(pickle.dumps(obj)) == obj


NOT_MEMBERS = st.text(min_size=1, max_size=10).filter(lambda k: k not in (RESPONSE_METADATA, UNKNOWN_MEMBER, "Error"))
# What a newer botocore may put under a member this model does not know: any boto3 value.
UNKNOWN_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        TEXT,
        st.binary(max_size=8),
        st.datetimes(timezones=st.just(timezone.utc)),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


def json_of_unknown(value: Any) -> Any:
    """The JSON form of a value the model does not know, written independently of _runtime."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat() + "Z"
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {k: json_of_unknown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_of_unknown(v) for v in value]
    return value


@pytest.mark.parametrize(("model_name", "shape_name"), CASES, ids=CASE_IDS)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_unknown_keys_are_kept(package: ModuleType, model_name: str, shape_name: str, data: st.DataObject) -> None:
    """Keys the model does not list (python attribute names included), at any depth, are
    kept in ``unknown_members`` and written back: by ``to_dict`` as given, by
    ``to_json_dict`` in the JSON form; and they take part in equality."""
    model = MODELS[model_name]
    x = data.draw(wire_strategy(model.graph, shape_name), label="boto3 form")
    cls = model.cls(package, shape_name)
    without = cls.from_dict(x)
    json_without = without.to_json_dict()
    structures = [p for p in walk(model.graph, shape_name, x) if isinstance(p.shape, StructureShape)]
    added: dict[str, Any] = {}  # JSON path of the object -> the unknown keys added to it
    for p in data.draw(st.lists(st.sampled_from(structures), min_size=1, max_size=3), label="where"):
        assert isinstance(p.shape, StructureShape)
        members = {m.name for m in p.shape.members}
        # The python attribute names are not wire names either.
        attrs = [f.attr for f in model.classes[p.shape.name].fields if f.attr not in members]
        # boto3's tag for an unknown union member never comes with a key of that member's name.
        tag = p.value.get(UNKNOWN_MEMBER, {}).get("name")
        names = NOT_MEMBERS.filter(lambda k: k not in members) | st.sampled_from(attrs or ["x-extra"])
        name = data.draw(names.filter(lambda k: k != tag))
        p.value[name] = data.draw(UNKNOWN_VALUES, label="unknown value")
        added.setdefault(p.path, {})[name] = p.value[name]
    original = copy.deepcopy(x)
    obj = cls.from_dict(x)
    assert obj.to_dict() == x
    assert x == original, "from_dict changed its argument"
    for inner in structures_in(obj):
        if inner.unknown_members is not None:
            assert inner.unknown_members and all(type(k) is str for k in inner.unknown_members)
    assert obj != without and obj == cls.from_dict(x)
    # The JSON form: every added value in its JSON form, at its place; the rest unchanged.
    json_form = obj.to_json_dict()
    assert json.loads(json.dumps(json_form)) == json_form
    again = cls.from_dict(json_form)
    assert again.to_json_dict() == json_form
    note(f"added: {added!r}")
    expected = copy.deepcopy(json_without)
    for p in list(walk(model.graph, shape_name, expected)):
        for name, value in added.get(p.path, {}).items():
            p.value[name] = json_of_unknown(value)
    assert json_form == expected
