"""One target: load -> shape graph -> emitters -> format, then (in a worker) written out.

``render`` runs in the run's own process when targets go one after another; ``stage`` runs in
a worker process of ``pipeline.py``'s pool: it renders one target, writes its files into the
staging folder and returns only its summary and the files' hashes, never the files.

Importing this module imports botocore, jinja2, black and every emitter: the pool's fork
server imports it once, before forking the workers, so they share those pages.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config import Target
from generator.emitters import Artifact, TargetModel
from generator.emitters.registry import ClaimCheck, chosen, emit_claimed
from generator.errors import ModelError
from generator.format import Formatter
from generator.graph import ShapeGraph, build_graph
from generator.load import LoadedModel, load_file, load_installed
from generator.paths import operation_problem
from generator.write import check_paths, write_artifacts

Stage = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Staged:
    """What a worker sends back for one target: its line in the manifest and its files' sha256."""

    summary: dict[str, Any]
    files: dict[str, str]


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
    target: Target, formatter: Formatter, claims: ClaimCheck, stage: Stage | None = None
) -> tuple[list[Artifact], dict[str, Any]]:
    """One target's artefacts, checked and formatted, and its line in the manifest."""
    say = stage or (lambda _: None)
    source = str(target.model) if target.model else f"the {target.service} model"
    say("reading the model")
    with blamed_on(source, "reading it"):
        model = load_model(target)
        graph = build_graph(model, target.operations)
    check_operation_names(model, graph)
    plan, emitters = TargetModel(graph, target), chosen(target.emitters)
    claims.add(plan, emitters)
    # One batch a target: a big module is formatted in a worker process while the next
    # emitters run.
    with formatter.batch() as batch:
        for emitter in emitters:
            say(f"the {emitter.name} emitter")
            with blamed_on(model.source, f"the {emitter.name} emitter"):
                artifacts = emit_claimed(emitter, plan)
            with blamed_on(source, "formatting the generated code"):
                batch.add(artifacts)
        say("formatting")
        with blamed_on(source, "formatting the generated code"):
            formatted = batch.results()
    return formatted, target_summary(graph)


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


def stage(target: Target, out: Path, staging: Path, format_cache: Path | None) -> Staged:
    """In a worker: render ``target`` (black in this process only: the run's other workers
    are busy with other targets), write its files under ``staging``, return their hashes."""
    artifacts, summary = render(target, Formatter(cache_dir=format_cache, workers=1), ClaimCheck())
    check_paths(artifacts, out)
    files = write_artifacts(staging, artifacts, {})
    return Staged(summary=summary, files=files)
