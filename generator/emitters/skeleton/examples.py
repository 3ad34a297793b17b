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
  may hold; a pattern too complex to sample is bad input.
- An output's event stream member is a list of one event, as boto3 yields them.
- Unions and event streams: exactly one member (in an event stream, not an exception event,
  which botocore raises rather than yields): in a recursive union the first member
  that recurses (so the recursion shows), otherwise the first member that does not.
- Recursion is unrolled one level: a structure met again on its own path (or reached
  from such a repeat through its cycle) keeps only its required members and the
  members that leave the cycle, and its lists and maps in the cycle take their minimum
  count. ``Expression -> AndExpression -> [Expression{AttributeCondition...}]``.

The examples themselves are built at run time, by the walker in the generated
``skeleton.py``, from a table that holds every decision above per shape. Building them
here would unfold the graph along its paths (exponential in depth: 153 MB of literals for
quicksight). What the walk depends on is decided here once per shape and per *state*
(a structure met fresh or saturated; a list, map or string under the member name that
leads to it), and so are the checks the walk would otherwise make as it goes: every state
the walk can reach is found (``ExampleFacts``), and then, over those states, a least
fixpoint finds the ones with no valid value (a required member no value satisfies, up to
the operation: bad input) and a cycle search the saturated structures that contain
themselves through required members (no finite example: bad input). The state set is a
superset of what any one walk meets, so every walk the module can make is covered.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.errors import ModelError
from generator.graph import ListShape, MapShape, Member, ScalarShape, Shape, ShapeGraph, ShapeKind, StructureShape
from generator.graph.facts import MemberForm, member_forms
from generator.limits import EXAMPLE_MAX_REPEATS
from generator.patterns import translate
from generator.emitters.skeleton.regex_sample import CheckBudget, LengthRange, PatternTooComplex, UnparsablePattern, sample

EXAMPLE_TIMESTAMP = "1999-12-31T23:59:59Z"
EXAMPLE_BLOB = b"example"
EXAMPLE_DOCUMENT: dict[str, Any] = {"key": "value"}
MAP_KEY_HINT = "KeyName"
# The walker's guard: a structure on its own path this many times means required members
# that recurse, which ``ExampleFacts`` refuses first; the module keeps it as a last stop.
MAX_REPEATS = EXAMPLE_MAX_REPEATS
_NO_PATTERN_MATCH = "no string found that matches its pattern within its length bounds"
_EMPTY_UNION = "a union without members has no value"


@dataclass(slots=True)
class PatternStats:
    """String shapes with a pattern, by outcome (shape names, so each is counted once)."""

    satisfied: set[str] = field(default_factory=set)
    unparsable: set[str] = field(default_factory=set)
    unsatisfied: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class StringExample:
    """A string's example under one hint: ``value``, and whether it meets the pattern (a
    request cannot use it when not; a response keeps it, fitted to the lengths)."""

    value: str
    valid: bool


# Abstract states of the example walk (see the module docstring):
# ("structure", name, "", saturated, output), ("container", name, hint, shrink, output),
# ("string", name, hint, False, output).
State = tuple[str, str, str, bool, bool]


class ExampleFacts:
    """Everything the run-time example walk reads, per shape, and the checks it would make."""

    def __init__(self, graph: ShapeGraph) -> None:
        self._graph = graph
        self._source = graph.service.model_source
        self._check_budget = CheckBudget()  # for every pattern of this graph together
        self.patterns = PatternStats()
        self.strings: dict[tuple[str, str], StringExample] = {}
        # (map, output, shrink) -> its keys, or None where a key has no valid value (a request)
        self.map_keys: dict[tuple[str, bool, bool], tuple[str, ...] | None] = {}
        self.event_streams = {key for key, form in member_forms(graph).items() if form is MemberForm.EVENT_STREAM}
        self._states: dict[State, list[State]] = {}  # reachable state -> its successors, in walk order
        self._leaf_unsatisfiable: dict[State, str] = {}  # state -> shape with no value (its witness)
        for root in self.roots():
            self._reach(root)
        self._refuse_recursing_required_members()
        unsatisfiable = self._unsatisfiable()
        for root in self.roots():
            if root in unsatisfiable:
                witness, reason = unsatisfiable[root]
                shape = root[1]
                raise ModelError(
                    f"{self._source}: shape {witness!r}: {reason}, and {shape!r} requires it, "
                    "so no valid example exists"
                )

    def roots(self) -> Iterator[State]:
        """Every operation's input (as a request) and output (as a response), fresh."""
        for op in self._graph.operations:
            for shape, output in ((op.input, False), (op.output, True)):
                if shape is not None:
                    yield ("structure", shape, "", False, output)

    # -- per shape: what the walk chooses ----------------------------------------------------

    def chosen_members(self, shape: StructureShape, saturated: bool) -> list[Member] | None:
        """The members an example gives, fresh or saturated; None: a union with no members."""
        cycle = set(self._graph.cycle_of(shape.name) or ())
        if shape.union or shape.event_stream:
            if not shape.members:
                # Valid data only from a newer model (an unknown member): nothing to show here.
                return None
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

    def in_cycle(self, shape: str, target: str) -> bool:
        return target in (self._graph.cycle_of(shape) or ())

    def string(self, shape: ScalarShape, hint: str) -> StringExample:
        """The example of string ``shape`` under ``hint`` (the member name), computed once."""
        key = (shape.name, hint)
        known = self.strings.get(key)
        if known is None:
            known = self.strings[key] = self._string(shape, hint)
        return known

    def keys(self, shape: MapShape, output: bool, shrink: bool) -> tuple[str, ...] | None:
        key = (shape.name, output, shrink)
        if key not in self.map_keys:
            self.map_keys[key] = self._map_keys(shape, count(shape, shrink), output)
        return self.map_keys[key]

    def _string(self, shape: ScalarShape, hint: str) -> StringExample:
        if shape.enum:
            return StringExample(shape.enum[0], True)
        lengths = lengths_of(shape)
        pattern = shape.constraints.pattern
        if pattern is None:
            return StringExample(lengths.fit(hint), True)
        try:
            built = sample(translate(pattern).ecma or pattern, hint, lengths, self._check_budget)
        except PatternTooComplex as exc:
            raise ModelError(f"{self._source}: shape {shape.name!r}: no example for its pattern: {exc}") from None
        except UnparsablePattern:
            self.patterns.unparsable.add(shape.name)
            return StringExample(lengths.fit(hint), True)
        if built is None:
            self.patterns.unsatisfied.add(shape.name)
            # A response's pattern is an annotation, not a check (README, JSON Schema): a
            # model whose pattern and lengths contradict (apprunner's 32-character ServiceId
            # with a 36-character UUID pattern) still has a response example.
            return StringExample(lengths.fit(hint), False)
        self.patterns.satisfied.add(shape.name)
        return StringExample(built, True)

    def _map_keys(self, shape: MapShape, wanted: int, output: bool) -> tuple[str, ...] | None:
        key_shape = self._graph[shape.key]
        assert isinstance(key_shape, ScalarShape)
        if key_shape.enum:
            keys = list(dict.fromkeys(key_shape.enum))[:wanted]
        else:
            keys = []
            for n in range(1, wanted + 8 if wanted else 1):  # spare tries for keys a pattern folds together
                key = self.string(key_shape, MAP_KEY_HINT if n == 1 else f"{MAP_KEY_HINT}{n}")
                if not (key.valid or output):
                    return None
                if key.value not in keys:
                    keys.append(key.value)
                if len(keys) == wanted:
                    break
        if len(keys) < lengths_of(shape).min:
            raise ModelError(
                f"{self._source}: shape {shape.name!r}: 'min' {lengths_of(shape).min} needs more distinct keys "
                f"than key shape {shape.key!r} gives ({len(keys)})"
            )
        return tuple(keys)

    # -- the states the walk can reach -------------------------------------------------------

    def _reach(self, root: State) -> None:
        work = [root]
        while work:
            state = work.pop()
            if state in self._states:
                continue
            successors = list(self._successors(state))
            self._states[state] = successors
            work.extend(reversed(successors))

    def _successors(self, state: State) -> Iterator[State]:
        what, name, hint, flag, output = state
        shape = self._graph[name]
        if isinstance(shape, StructureShape):
            members = self.chosen_members(shape, flag)
            if members is None:
                self._leaf_unsatisfiable[state] = name
                return
            for m in members:
                yield from self._enter(name, m.target, m.name, flag and self.in_cycle(name, m.target), output)
        elif isinstance(shape, (ListShape, MapShape)):
            if isinstance(shape, MapShape) and self.keys(shape, output, flag) is None:
                self._leaf_unsatisfiable[state] = shape.key  # a key with no valid value; no element is built
                return
            element = shape.member if isinstance(shape, ListShape) else shape.value
            if count(shape, flag):
                yield from self._enter(name, element, hint, flag, output)
        elif isinstance(shape, ScalarShape) and not self.string(shape, hint).valid and not output:
            self._leaf_unsatisfiable[state] = name

    def _enter(self, parent: str, name: str, hint: str, shrink: bool, output: bool) -> Iterator[State]:
        shape = self._graph[name]
        if isinstance(shape, StructureShape):
            yield ("structure", name, "", shrink, output)
            # Met again on its own path, a structure is saturated: only within its own cycle.
            if not shrink and self.in_cycle(parent, name):
                yield ("structure", name, "", True, output)
        elif isinstance(shape, (ListShape, MapShape)):
            element = shape.member if isinstance(shape, ListShape) else shape.value
            yield ("container", name, hint, shrink and self.in_cycle(name, element), output)
        elif isinstance(shape, ScalarShape) and shape.kind is ShapeKind.STRING:
            yield ("string", name, hint, False, output)

    # -- the checks ---------------------------------------------------------------------------

    def _refuse_recursing_required_members(self) -> None:
        """A saturated structure keeps only required members in its cycle: if these lead back
        to a saturated state, the walk never ends (the module's guard would stop it)."""
        saturated = {s: [t for t in nxt if t[3] and t[0] != "string"] for s, nxt in self._states.items() if s[3]}
        done: set[State] = set()
        for root in saturated:
            if root in done:
                continue
            on_stack: dict[State, int] = {root: 0}
            stack = [(root, iter(saturated[root]))]
            while stack:
                state, successors = stack[-1]
                child = next(successors, None)
                if child is None:
                    stack.pop()
                    del on_stack[state]
                    done.add(state)
                elif child in on_stack:
                    loop = [s for s, _ in stack[on_stack[child]:] if s[0] == "structure"]
                    raise ModelError(
                        f"{self._source}: shape {loop[0][1]!r} has no finite example: its required members recurse"
                    )
                elif child not in done and child in saturated:
                    on_stack[child] = len(stack)
                    stack.append((child, iter(saturated[child])))

    def _unsatisfiable(self) -> dict[State, tuple[str, str]]:
        """States with no valid value -> (the shape with none at the bottom, why): a least
        fixpoint over the reachable states, along the members an example cannot leave out."""
        parents: dict[State, list[State]] = {}
        for state, successors in self._states.items():
            for child in successors:
                parents.setdefault(child, []).append(state)
        found: dict[State, tuple[str, str]] = {}
        work: list[State] = []
        for state, witness in self._leaf_unsatisfiable.items():
            if state in self._states:
                found[state] = (witness, _EMPTY_UNION if state[0] == "structure" else _NO_PATTERN_MATCH)
                work.append(state)
        while work:
            child = work.pop()
            for parent in parents.get(child, ()):
                if parent not in found and self._needs(parent, child):
                    found[parent] = found[child]
                    work.append(parent)
        return found

    def _needs(self, parent: State, child: State) -> bool:
        """Whether ``parent`` has no value when ``child`` has none."""
        shape = self._graph[parent[1]]
        if isinstance(shape, StructureShape):
            if shape.union or shape.event_stream:
                return True
            members = self.chosen_members(shape, parent[3]) or []
            return any(
                m.required and child in self._enter(shape.name, m.target, m.name, parent[3] and self.in_cycle(shape.name, m.target), parent[4])
                for m in members
            )
        if isinstance(shape, (ListShape, MapShape)):
            return lengths_of(shape).min > 0
        return False


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


def lengths_of(shape: ScalarShape | ListShape | MapShape) -> LengthRange:
    low, high = shape.constraints.min, shape.constraints.max
    return LengthRange(
        min=max(0, math.ceil(low)) if low is not None else 0,
        max=math.floor(high) if high is not None else None,
    )


def count(shape: ListShape | MapShape, shrink: bool) -> int:
    """Elements of a list or map: ``max(min, 1)``, or (``shrink``: in its cycle, saturated) ``min``."""
    lengths = lengths_of(shape)
    wanted = lengths.min if shrink else max(lengths.min, 1)
    return wanted if lengths.max is None else min(wanted, lengths.max)


def scalar_example(shape: Shape) -> Any:
    """The example of a scalar that is not a string (the same under every hint)."""
    assert isinstance(shape, ScalarShape)
    kind = shape.kind
    if kind in (ShapeKind.INTEGER, ShapeKind.LONG):
        return _number(shape, integral=True)
    if kind in (ShapeKind.FLOAT, ShapeKind.DOUBLE):
        return _float(_number(shape, integral=False), shape.constraints.min, shape.constraints.max)
    if kind is ShapeKind.BOOLEAN:
        return True
    if kind is ShapeKind.TIMESTAMP:
        return EXAMPLE_TIMESTAMP
    if kind is ShapeKind.BLOB:
        raw = lengths_of(shape).fit(EXAMPLE_BLOB.decode()).encode()
        return base64.b64encode(raw).decode("ascii")
    return dict(EXAMPLE_DOCUMENT)


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
