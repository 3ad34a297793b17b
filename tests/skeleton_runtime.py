"""The generated skeleton module's run-time walk, in-process: rendered from a graph and executed."""

from __future__ import annotations

import types
from typing import Any

from generator.emitters.skeleton import render_module
from generator.emitters.skeleton.examples import PatternStats
from generator.emitters.skeleton.table import build_table
from generator.graph import ShapeGraph


def runtime_module(graph: ShapeGraph, package: str = "runtime_shapes") -> types.ModuleType:
    """``<package>/skeleton.py`` as shapegen renders it for ``graph``, imported."""
    module = types.ModuleType(f"{package}.skeleton")
    exec(compile(render_module(graph, package), f"<{package}/skeleton.py>", "exec"), module.__dict__)
    return module


class RuntimeExamples:
    """Examples of any shape, computed by the generated module's walker."""

    def __init__(self, graph: ShapeGraph) -> None:
        self._table, facts = build_table(graph)
        self.patterns: PatternStats = facts.patterns
        self.module = runtime_module(graph)

    def example(self, shape_name: str | None, *, output: bool = False) -> dict[str, Any]:
        row = self._table.index[shape_name] if shape_name is not None else None
        value: dict[str, Any] = self.module._example(row, output)
        return value

    def cli(self, shape_name: str | None, *, use_member_names: bool) -> dict[str, Any]:
        row = self._table.index[shape_name] if shape_name is not None else None
        value: dict[str, Any] = self.module._cli(row, use_member_names)
        return value
