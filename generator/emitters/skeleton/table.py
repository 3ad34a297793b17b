"""The per-shape table the generated ``skeleton.py`` walks: one row per shape.

A row holds what the walker needs and nothing it could compute (see the template's
comment for the fields): members with their targets, YAML keys and comments, and for
examples every decision ``examples.ExampleFacts`` made, per shape. The table is linear in
shapes; the values it gives unfold along paths, and are only built when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.emitters.skeleton.cli_skeletons import EPOCH_TEXT, NUMBER_VALUES
from generator.emitters.skeleton.examples import MAX_REPEATS, ExampleFacts, count, lengths_of, scalar_example
from generator.emitters.skeleton.yaml_text import member_comment
from generator.escape import json_text, yaml_key
from generator.graph import ListShape, MapShape, ScalarShape, Shape, ShapeGraph, ShapeKind, StructureShape

STRUCTURE, LIST, MAP, STRING, SCALAR, DOCUMENT = range(6)  # as the template numbers them


@dataclass(frozen=True, slots=True)
class SkeletonTable:
    shapes: tuple[tuple[Any, ...], ...]
    strings: tuple[tuple[int, str, str, bool], ...]
    operations: dict[str, tuple[int | None, int | None]]
    index: dict[str, int]  # shape name -> row
    max_repeats: int = MAX_REPEATS

    @property
    def shape_rows(self) -> list[str]:
        """The rows as JSON texts, one per line of a list: the module reads them on first use,
        and black has nothing to lay out in a string."""
        return [json_text(row) for row in self.shapes]

    @property
    def string_rows(self) -> list[str]:
        return [json_text(row) for row in self.strings]


def build_table(graph: ShapeGraph) -> tuple[SkeletonTable, ExampleFacts]:
    facts = ExampleFacts(graph)  # refuses a model with no valid example first
    index = {name: i for i, name in enumerate(graph.shapes)}
    rows = tuple(_row(graph, facts, index, shape) for shape in graph.shapes.values())
    strings = tuple(
        (index[shape], hint, example.value, example.valid) for (shape, hint), example in sorted(facts.strings.items())
    )
    operations = {
        op.name: (index[op.input] if op.input else None, index[op.output] if op.output else None)
        for op in graph.operations
    }
    return SkeletonTable(rows, strings, operations, index), facts


def _row(graph: ShapeGraph, facts: ExampleFacts, index: dict[str, int], shape: Shape) -> tuple[Any, ...]:
    if isinstance(shape, StructureShape):
        members = tuple(
            (
                m.name,
                index[m.target],
                yaml_key(m.name),
                member_comment(graph, m),
                m.required or shape.union or shape.event_stream,  # its container has no value without it
                facts.in_cycle(shape.name, m.target),
                (shape.name, m.name) in facts.event_streams,
            )
            for m in shape.members
        )
        position = {id(m): i for i, m in enumerate(shape.members)}

        def positions(saturated: bool) -> tuple[int, ...] | None:
            chosen = facts.chosen_members(shape, saturated)
            return None if chosen is None else tuple(position[id(m)] for m in chosen)

        return (STRUCTURE, members, positions(False), positions(True))
    if isinstance(shape, ListShape):
        return (
            LIST, index[shape.member], shape.member, lengths_of(shape).min == 0,
            count(shape, False), count(shape, True), facts.in_cycle(shape.name, shape.member),
        )
    if isinstance(shape, MapShape):
        keys = tuple(tuple(facts.map_keys.get((shape.name, output, shrink)) for shrink in (False, True)) for output in (False, True))
        return (
            MAP, index[shape.value], lengths_of(shape).min == 0,
            count(shape, False), count(shape, True), facts.in_cycle(shape.name, shape.value), keys,
        )
    assert isinstance(shape, ScalarShape)
    if shape.kind is ShapeKind.STRING:
        return (STRING, shape.enum[0] if shape.enum else "")
    if shape.kind is ShapeKind.DOCUMENT:
        return (DOCUMENT, scalar_example(shape))
    cli = EPOCH_TEXT if shape.kind is ShapeKind.TIMESTAMP else NUMBER_VALUES.get(shape.kind)
    return (SCALAR, cli, scalar_example(shape))
