"""The whole run: load -> shape graph -> Python surface -> emitters -> format -> write (or compare)."""

from __future__ import annotations

import contextlib
import filecmp
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import botocore

from generator import __version__
from generator.config import Target
from generator.emitters import Artifact, TargetModel
from generator.emitters.registry import ClaimCheck, chosen, emit_claimed
from generator.errors import ModelError
from generator.format import Formatter
from generator.graph import ShapeGraph, build_graph
from generator.load import LoadedModel, check_known_services, load_file, load_installed
from generator.paths import operation_problem
from generator.write import write_batches


@dataclass(frozen=True, slots=True)
class Generation:
    """What a run wrote: how many files (besides the manifest), and for which targets."""

    files: int
    targets: list[dict[str, Any]]

    def about(self) -> dict[str, Any]:
        return about(self.targets)


def about(targets: list[dict[str, Any]]) -> dict[str, Any]:
    """The manifest's header: what produced these files (no timestamps)."""
    return {"generator": f"shapegen {__version__}", "botocore": botocore.__version__, "targets": targets}


def target_summary(graph: ShapeGraph) -> dict[str, Any]:
    """One target in the manifest's header."""
    return {
        "service": graph.service.name,
        "operations": [op.name for op in graph.operations],
        "model_sha256": graph.service.model_sha256,
    }


def load_model(target: Target) -> LoadedModel:
    return load_file(target.model, target.service) if target.model else load_installed(target.service)


def check_operation_names(model: LoadedModel, graph: ShapeGraph) -> None:
    """Operation names become file names (schema/, skeleton/, docs/): each must be a plain one."""
    by_file_name: dict[str, str] = {}
    for operation in graph.operations:
        problem = operation_problem(operation.name)
        if problem:
            raise ModelError(f"{model.source}: operation {operation.name!r}: {problem}")
        # Case-insensitive file systems (macOS, Windows) would hold one file for both.
        other = by_file_name.setdefault(operation.name.lower(), operation.name)
        if other != operation.name:
            raise ModelError(
                f"{model.source}: operations {other!r} and {operation.name!r} differ only in case; "
                "their files would clash"
            )


def render(
    targets: Iterable[Target], formatter: Formatter, summaries: list[dict[str, Any]] | None = None
) -> Iterator[list[Artifact]]:
    """Each target's artefacts, checked and formatted, one target at a time.

    A target is rendered only when the previous one has been taken, and nothing of it is kept
    (but its summary, appended to ``summaries``): a run over many services holds one at a time.
    Every service name is checked before the first is rendered.
    """
    targets = tuple(targets)
    check_known_services(t.service for t in targets if t.model is None)
    claims = ClaimCheck()
    summaries = [] if summaries is None else summaries
    for target in targets:
        # Yielded, not bound to a name: this frame must not keep a target's files while the
        # next one renders.
        yield _render_one(target, formatter, claims, summaries)


def _render_one(
    target: Target, formatter: Formatter, claims: ClaimCheck, summaries: list[dict[str, Any]]
) -> list[Artifact]:
    """One target's artefacts, formatted; its line in the manifest goes to ``summaries``."""
    source = str(target.model) if target.model else f"the {target.service} model"
    with blamed_on(source, "reading it"):
        model = load_model(target)
        graph = build_graph(model, target.operations)
    check_operation_names(model, graph)
    plan, emitters = TargetModel(graph, target), chosen(target.emitters)
    claims.add(plan, emitters)
    rendered: list[Artifact] = []
    for emitter in emitters:
        with blamed_on(model.source, f"the {emitter.name} emitter"):
            rendered.extend(emit_claimed(emitter, plan))
    # One batch a target, so formatting can spread over every module of the target.
    with blamed_on(source, "formatting the generated code"):
        formatted = formatter.format_all(rendered)
    summaries.append(target_summary(graph))
    return formatted


@contextlib.contextmanager
def blamed_on(source: str, stage: str) -> Iterator[None]:
    """A last line of defence: a model nested deeper than some stage can walk is the model's
    fault, reported as such (one line, exit 2), not a traceback. Each stage should refuse
    such depth itself first, naming the shape."""
    try:
        yield
    except RecursionError:
        raise ModelError(
            f"{source}: nested too deeply: {stage} went past Python's recursion limit"
        ) from None


def generate(targets: Iterable[Target], out: Path, formatter: Formatter | None = None) -> Generation:
    """Render the targets one after another into a staging folder, then swap it in at ``out``."""
    summaries: list[dict[str, Any]] = []
    files = write_batches(render(targets, formatter or Formatter(), summaries), out, lambda: about(summaries))
    return Generation(files=files, targets=summaries)


def stale_files(targets: Iterable[Target], out: Path) -> list[str]:
    """Regenerate (without the format cache) into a temporary folder; list files that differ."""
    with tempfile.TemporaryDirectory(prefix="shapegen-check-") as scratch:
        fresh = Path(scratch) / "generated"
        generate(targets, fresh, Formatter(cache_dir=None))
        expected = _files(fresh)
        actual = _files(out) if out.is_dir() else set()
        problems = [f"missing: {p}" for p in sorted(expected - actual)]
        problems += [f"stale: {p}" for p in sorted(expected & actual) if not _same(fresh / p, out / p)]
        problems += [f"not generated any more: {p}" for p in sorted(actual - expected)]
        return problems


# What tools leave beside generated code (importing it, type-checking it, or
# `pip install`-ing a generated package from its folder) is not output: it is
# neither compared nor reported.
TOOL_LEFTOVERS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build"})


def is_tool_leftover(relative: Path) -> bool:
    return any(part in TOOL_LEFTOVERS or part.endswith(".egg-info") for part in relative.parts)


def _files(root: Path) -> set[str]:
    relative = (p.relative_to(root) for p in root.rglob("*") if p.is_file())
    return {r.as_posix() for r in relative if not is_tool_leftover(r)}


def _same(a: Path, b: Path) -> bool:
    return filecmp.cmp(a, b, shallow=False)
