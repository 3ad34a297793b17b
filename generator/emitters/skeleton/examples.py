"""Example requests and responses that satisfy the model's constraints.

Where the CLI's skeleton only shows the shape (and its output stub can break the
model: ``0`` where ``min`` is 1), an example is a value a service could send or
accept. Decisions, where the model leaves a choice:

- Every member is present, required or not, except where recursion stops (below), and
  except a second body member with the same wire name (only one value can be sent).
- Strings: an enum's first value; else the member name (``"ContactId"``), repeated or cut
  to the length range; with a ``pattern``, a value built to match it (see
  ``regex_sample``), from the pattern as ``patterns.translate`` gives it to Python, so that
  Java's meaning is the one satisfied (and the JSON Schema's ``pattern`` accepts the value).
  A pattern with no translation that Python cannot parse either falls back to the member
  name and is counted in ``PatternStats.unparsable``. A pattern for which no string is
  found (connect's ``Password``, a JavaScript literal that matches nothing in Java) is
  counted in ``PatternStats.unsatisfied``; a request example leaves the value out where the
  model allows it (an optional member, an empty list or map), and where it does not, there
  is no valid example and that is bad input. A response example keeps the member name
  fitted to the lengths instead, since a response's pattern is only an annotation.
- Numbers: the minimum when there is one, else 1 (or the maximum when that is below 1).
- Booleans ``true``; timestamps ``1999-12-31T23:59:59Z``; blobs base64 text (the JSON
  form, as the generated ``from_dict`` and AWS CLI v2 take them) of ``example`` bytes,
  fitted to the length range; documents ``{"key": "value"}``.
- Lists and maps: ``max(min, 1)`` elements, at most ``max``; map keys are distinct (a map
  whose key shape cannot give ``min`` distinct keys has no example: bad input).
- Bounded (``generator/limits.py``): the graph builder refused minimums above what an example
  may hold; a pattern too complex to sample, or an example of more than MAX_TREE_VALUES
  values, is bad input.
- An output's event stream member is a list of one event, as boto3 yields them.
- Unions and event streams: exactly one member (in an event stream, not an exception event,
  which botocore raises rather than yields): in a recursive union the first member
  that recurses (so the recursion shows), otherwise the first member that does not.
- Recursion is unrolled one level: a structure met again on its own path (or reached
  from such a repeat through its cycle) keeps only its required members and the
  members that leave the cycle, and its lists and maps in the cycle take their minimum
  count. ``Expression -> AndExpression -> [Expression{AttributeCondition...}]``.
"""

from __future__ import annotations

import base64
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.errors import ModelError
from generator.graph import ListShape, MapShape, Member, ScalarShape, ShapeGraph, ShapeKind, StructureShape
from generator.graph.facts import MemberForm, member_forms
from generator.limits import EXAMPLE_MAX_REPEATS, MAX_TREE_VALUES
from generator.patterns import translate
from generator.emitters.skeleton.regex_sample import CheckBudget, LengthRange, PatternTooComplex, UnparsablePattern, sample

EXAMPLE_TIMESTAMP = "1999-12-31T23:59:59Z"
EXAMPLE_BLOB = b"example"
EXAMPLE_DOCUMENT: dict[str, Any] = {"key": "value"}
MAP_KEY_HINT = "KeyName"
# A structure can be on its own path this many times at most; a model whose required
# members recurse without a list, map or union to stop them has no finite value.
_MAX_REPEATS = EXAMPLE_MAX_REPEATS


@dataclass(slots=True)
class PatternStats:
    """String shapes with a pattern, by outcome (shape names, so each is counted once)."""

    satisfied: set[str] = field(default_factory=set)
    unparsable: set[str] = field(default_factory=set)
    unsatisfied: set[str] = field(default_factory=set)


class _Unsatisfiable(Exception):
    """A shape with no valid value (a pattern no string was found for, a union without
    members): its container leaves it out where the model allows."""

    def __init__(self, shape: str, reason: str) -> None:
        super().__init__(shape)
        self.shape = shape
        self.reason = reason


class ExampleBuilder:
    def __init__(self, graph: ShapeGraph) -> None:
        self._graph = graph
        self._on_path: Counter[str] = Counter()
        self.patterns = PatternStats()
        self._values = 0  # built in the current example
        self._source = graph.service.model_source
        self._check_budget = CheckBudget()  # for every pattern of this graph together
        # In a response an event stream is what boto3 yields: a list of events in the JSON form.
        # In a request it stays one event object, the only form botocore's validator takes.
        self._event_streams = {key for key, form in member_forms(graph).items() if form is MemberForm.EVENT_STREAM}
        self._output = False

    def example(self, shape_name: str | None, *, output: bool = False) -> dict[str, Any]:
        """An example of ``shape_name``, as a response (``output``) or a request gives it."""
        if shape_name is None:
            return {}
        self._values = 0
        self._output = output
        try:
            value = self._value(shape_name, shape_name, shrink=False)
        except _Unsatisfiable as exc:
            raise ModelError(
                f"{self._source}: shape {exc.shape!r}: {exc.reason}, and {shape_name!r} requires it, "
                "so no valid example exists"
            ) from None
        assert isinstance(value, dict)
        return value

    def _value(self, shape_name: str, hint: str, shrink: bool) -> Any:
        shape = self._graph[shape_name]
        self._values += 1
        if self._values > MAX_TREE_VALUES:
            raise ModelError(
                f"{self._source}: shape {shape_name!r}: an example would hold more than {MAX_TREE_VALUES} values"
            )
        if isinstance(shape, StructureShape):
            return self._structure(shape, shrink)
        if isinstance(shape, (ListShape, MapShape)):
            try:
                return self._container(shape, hint, shrink)
            except _Unsatisfiable:
                if _lengths(shape).min == 0:  # no valid element: empty is still valid
                    return [] if isinstance(shape, ListShape) else {}
                raise
        assert isinstance(shape, ScalarShape)
        return self._scalar(shape, hint)

    def _container(self, shape: ListShape | MapShape, hint: str, shrink: bool) -> list[Any] | dict[str, Any]:
        element = shape.member if isinstance(shape, ListShape) else shape.value
        shrink = shrink and self._in_own_cycle(shape.name, element)
        count = _count(shape, shrink)
        if isinstance(shape, ListShape):
            return [self._value(element, hint, shrink) for _ in range(count)]
        return {key: self._value(element, hint, shrink) for key in self._map_keys(shape, count)}

    def _structure(self, shape: StructureShape, shrink: bool) -> dict[str, Any]:
        repeats = self._on_path[shape.name]
        if repeats >= _MAX_REPEATS:
            raise ModelError(f"{self._source}: shape {shape.name!r} has no finite example: its required members recurse")
        saturated = shrink or repeats > 0
        cycle = set(self._graph.cycle_of(shape.name) or ())
        members = self._chosen_members(shape, saturated, cycle)
        self._on_path[shape.name] += 1
        try:
            value: dict[str, Any] = {}
            for m in members:
                try:
                    value[m.name] = self._value(m.target, m.name, saturated and m.target in cycle)
                    if self._output and (shape.name, m.name) in self._event_streams:
                        value[m.name] = [value[m.name]]
                except _Unsatisfiable:
                    if m.required or shape.union or shape.event_stream:
                        raise
                    # An optional member no value satisfies is left out: the example stays valid.
            return value
        finally:
            self._on_path[shape.name] -= 1

    def _chosen_members(self, shape: StructureShape, saturated: bool, cycle: set[str]) -> list[Member]:
        if shape.union or shape.event_stream:
            if not shape.members:
                # Valid data only from a newer model (an unknown member): nothing to show here.
                raise _Unsatisfiable(shape.name, "a union without members has no value")
            if shape.required_members:  # an event stream may require its one member
                return [shape.required_members[0]]
            candidates = list(shape.members)
            if shape.event_stream:
                # An exception event is raised by botocore, never yielded: show a real event.
                events = [m for m in candidates if not _is_exception(self._graph[m.target])]
                candidates = events or candidates
            recursing = [m for m in candidates if m.target in cycle]
            leaving = [m for m in candidates if m.target not in cycle]
            preferred = leaving if saturated else recursing
            return [(preferred or leaving or recursing)[0]]
        chosen = [m for m in shape.members if m.required or not (saturated and m.target in cycle)]
        return _one_per_wire_key(chosen)

    def _in_own_cycle(self, container: str, element: str) -> bool:
        return element in (self._graph.cycle_of(container) or ())

    def _map_keys(self, shape: MapShape, count: int) -> list[str]:
        key_shape = self._graph[shape.key]
        assert isinstance(key_shape, ScalarShape)
        if key_shape.enum:
            keys = list(dict.fromkeys(key_shape.enum))[:count]
        else:
            keys = []
            for n in range(1, count + 8 if count else 1):  # spare tries for keys a pattern folds together
                key = self._string(key_shape, MAP_KEY_HINT if n == 1 else f"{MAP_KEY_HINT}{n}")
                if key not in keys:
                    keys.append(key)
                if len(keys) == count:
                    break
        if len(keys) < _lengths(shape).min:
            raise ModelError(
                f"{self._source}: shape {shape.name!r}: 'min' {_lengths(shape).min} needs more distinct keys "
                f"than key shape {shape.key!r} gives ({len(keys)})"
            )
        return keys

    def _scalar(self, shape: ScalarShape, hint: str) -> Any:
        kind = shape.kind
        if kind is ShapeKind.STRING:
            return self._string(shape, hint)
        if kind in (ShapeKind.INTEGER, ShapeKind.LONG):
            return _number(shape, integral=True)
        if kind in (ShapeKind.FLOAT, ShapeKind.DOUBLE):
            return _float(_number(shape, integral=False), shape.constraints.min, shape.constraints.max)
        if kind is ShapeKind.BOOLEAN:
            return True
        if kind is ShapeKind.TIMESTAMP:
            return EXAMPLE_TIMESTAMP
        if kind is ShapeKind.BLOB:
            raw = _lengths(shape).fit(EXAMPLE_BLOB.decode()).encode()
            return base64.b64encode(raw).decode("ascii")
        return dict(EXAMPLE_DOCUMENT)

    def _string(self, shape: ScalarShape, hint: str) -> str:
        if shape.enum:
            return shape.enum[0]
        lengths = _lengths(shape)
        pattern = shape.constraints.pattern
        if pattern is None:
            return lengths.fit(hint)
        try:
            built = sample(translate(pattern).ecma or pattern, hint, lengths, self._check_budget)
        except PatternTooComplex as exc:
            raise ModelError(f"{self._source}: shape {shape.name!r}: no example for its pattern: {exc}") from None
        except UnparsablePattern:
            self.patterns.unparsable.add(shape.name)
            return lengths.fit(hint)
        if built is None:
            self.patterns.unsatisfied.add(shape.name)
            if self._output:
                # A response's pattern is an annotation, not a check (README, JSON Schema): a
                # model whose pattern and lengths contradict (apprunner's 32-character ServiceId
                # with a 36-character UUID pattern) still has a response example.
                return lengths.fit(hint)
            raise _Unsatisfiable(shape.name, "no string found that matches its pattern within its length bounds")
        self.patterns.satisfied.add(shape.name)
        return built


def _is_exception(shape: object) -> bool:
    return isinstance(shape, StructureShape) and shape.exception


def _one_per_wire_key(members: list[Member]) -> list[Member]:
    """Body members that share a wire key (s3's deprecated ``Event`` and ``Events`` are both the
    XML element ``Event``) are one value on the wire: only the first (or a required one) is given."""
    taken: dict[str, Member] = {}
    for member in members:
        if member.location is not None:
            continue  # headers, URI and query members have their own namespaces
        key = member.location_name or member.name
        if key not in taken or (member.required and not taken[key].required):
            taken[key] = member
    kept = {id(m) for m in taken.values()}
    return [m for m in members if m.location is not None or id(m) in kept]


def _lengths(shape: ScalarShape | ListShape | MapShape) -> LengthRange:
    low, high = shape.constraints.min, shape.constraints.max
    return LengthRange(
        min=max(0, math.ceil(low)) if low is not None else 0,
        max=math.floor(high) if high is not None else None,
    )


def _count(shape: ListShape | MapShape, shrink: bool) -> int:
    lengths = _lengths(shape)
    wanted = lengths.min if shrink else max(lengths.min, 1)
    return wanted if lengths.max is None else min(wanted, lengths.max)


def _number(shape: ScalarShape, integral: bool) -> int | float:
    low, high = shape.constraints.min, shape.constraints.max
    if low is not None:
        return math.ceil(low) if integral else low
    if high is not None and high < 1:
        return math.floor(high) if integral else high
    return 1


def _float(value: int | float, low: int | float | None, high: int | float | None) -> float:
    """``value`` as a float still inside ``low``..``high``: an integer bound no float holds
    exactly rounds to a float just outside it, so step back in."""
    result = float(value)
    if low is not None and result < low:
        result = math.nextafter(result, math.inf)
    if high is not None and result > high:
        result = math.nextafter(result, -math.inf)
    return result
