"""from_dict / to_dict on a large DescribeContact response, beside pydantic v2 and asdict.

Run with ``make bench``. Each contender is timed in interleaved rounds and the best
round is kept, so a busy machine slows every contender alike rather than one of them.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "generated" / "python"), str(ROOT / "benchmarks")]

import pydantic  # noqa: E402

import connect_shapes  # noqa: E402
from connect_shapes import models  # noqa: E402
from generator.graph import build_graph  # noqa: E402
from generator.graph.facts import RESPONSE_METADATA  # noqa: E402
from generator.load import load_installed  # noqa: E402
from generator.python.build import build_surface  # noqa: E402
from generator.python.surface import UNKNOWN_UNION_MEMBER  # noqa: E402
from sample import large_response  # noqa: E402

ROUNDS = 25


def pydantic_adapter() -> pydantic.TypeAdapter[Any]:
    """A TypeAdapter over the very same generated dataclasses, told their wire names."""
    graph = build_graph(load_installed("connect"), ["DescribeContact"])
    for spec in build_surface(graph, "connect_shapes").classes:
        wire = {f.attr: f.wire for f in spec.fields}
        if spec.response_metadata:
            wire[spec.response_metadata] = RESPONSE_METADATA
        if spec.unknown_member:
            wire[spec.unknown_member] = UNKNOWN_UNION_MEMBER
        # Kept by shapegen, not a key of the data: pydantic leaves it at its default (None).
        wire[spec.unknown_members] = f"<{spec.unknown_members}>"
        cls = getattr(models, spec.name)
        cls.__pydantic_config__ = pydantic.ConfigDict(alias_generator=wire.__getitem__)
    return pydantic.TypeAdapter(connect_shapes.DescribeContactResponse)


def timed_rounds(contenders: dict[str, Callable[[], object]], number: int) -> dict[str, list[float]]:
    """µs per call of each contender, one figure per round; contenders alternate within a round."""
    rounds: dict[str, list[float]] = {name: [] for name in contenders}
    order = list(contenders)
    for i in range(ROUNDS):
        for name in order if i % 2 else reversed(order):
            rounds[name].append(timeit.timeit(contenders[name], number=number) / number * 1e6)
    return rounds


def paired_ratio(rounds: dict[str, list[float]], ours: str, theirs: str) -> float:
    """The median over rounds of ours/theirs: robust to a round the machine was slow in."""
    return statistics.median(a / b for a, b in zip(rounds[ours], rounds[theirs], strict=True))


def count_objects(value: object) -> int:
    if dataclasses.is_dataclass(value):
        return 1 + sum(count_objects(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, list):
        return sum(count_objects(v) for v in value)
    if isinstance(value, dict):
        return sum(count_objects(v) for v in value.values())
    return 0


def main() -> None:
    data = large_response(steps=50, expression_depth=4, attributes=50, attribute_depth=3)
    parsed = connect_shapes.DescribeContactResponse.from_dict(data)
    assert parsed.to_dict() == data, "round trip failed"
    adapter = pydantic_adapter()
    assert adapter.validate_python(data) == parsed, "pydantic parsed something else"
    print(f"payload: {count_objects(parsed)} dataclass instances (50 steps, depth-4 expressions, "
          "50 segment attributes nested 3 deep)")

    parse = timed_rounds(
        {
            "shapegen from_dict": lambda: connect_shapes.DescribeContactResponse.from_dict(data),
            "pydantic v2 validate_python": lambda: adapter.validate_python(data),
        },
        number=10,
    )
    dump = timed_rounds(
        {
            "shapegen to_dict": parsed.to_dict,
            "shapegen to_json_dict": parsed.to_json_dict,
            "dataclasses.asdict": lambda: dataclasses.asdict(parsed),
            "pydantic v2 dump_python": lambda: adapter.dump_python(parsed, by_alias=True, exclude_none=True),
        },
        number=10,
    )
    print(f"{'':32} {'best':>10} {'median':>10}  (µs per call, {ROUNDS} rounds)")
    for name, figures in {**parse, **dump}.items():
        print(f"{name:32} {min(figures):10.1f} {statistics.median(figures):10.1f}")
    ratio = paired_ratio(parse, "shapegen from_dict", "pydantic v2 validate_python")
    print(f"from_dict / pydantic validate_python: {ratio:.2f} (median of paired rounds; target <= 1)")
    ratio = paired_ratio(dump, "shapegen to_dict", "dataclasses.asdict")
    print(f"to_dict / dataclasses.asdict: {ratio:.2f} (median of paired rounds; target <= 1)")


if __name__ == "__main__":
    main()
