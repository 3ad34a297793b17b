"""Wall time of `make generate` for the configured targets, with a ready .venv.

Cold: an empty format cache, so every module goes through the syntax check and black (what
CI's first run and any template change cost). Warm: the cache filled by the cold
run (what an unchanged re-run costs). Also the time of each stage, in-process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def make_generate(cache: Path) -> float:
    env = {**os.environ, "SHAPEGEN_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", "generate"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def stages() -> dict[str, float]:
    from generator.config import load_config
    from generator.emitters import TargetModel
    from generator.emitters.registry import EMITTERS
    from generator.format import Formatter
    from generator.graph import build_graph
    from generator.worker import load_model

    timings: dict[str, float] = {}

    def timed(name: str, started: float) -> None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

    for target in load_config(ROOT / "pyproject.toml").targets:
        started = time.perf_counter()
        model = load_model(target)
        timed("load", started)
        started = time.perf_counter()
        graph = build_graph(model, target.operations)
        timed("shape graph", started)
        artifacts = []
        plan = TargetModel(graph, target)
        started = time.perf_counter()
        plan.surface
        timed("python surface", started)
        for emitter in EMITTERS.values():
            started = time.perf_counter()
            artifacts += emitter.emit(plan)
            timed(f"emit {emitter.name}", started)
        started = time.perf_counter()
        Formatter(cache_dir=None).format_all(artifacts)
        timed("check + black", started)
        lines = sum(a.text.count("\n") for a in artifacts if a.path.suffix == ".py")
        print(f"{target.package}: {len(graph.shapes)} shapes, {lines} lines of Python rendered")
    return timings


def whole_service_schemas(service: str = "connect") -> None:
    """The JSON Schema emitter on every operation of a service: what a wider target costs."""
    from generator.emitters.json_schema import schema_documents
    from generator.graph import build_graph
    from generator.load import load_installed

    graph = build_graph(load_installed(service), None)
    started = time.perf_counter()
    documents = list(schema_documents(graph))
    seconds = time.perf_counter() - started
    defs = sum(d.defs for d in documents)
    translated = sum(d.patterns_translated for d in documents)
    kept = sum(d.patterns_kept for d in documents)
    print(f"json-schema, all {len(graph.operations)} {service} operations: {len(documents)} documents, "
          f"{defs} $defs, patterns {translated} translated / {kept} x-pattern, {seconds:.2f} s")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch)
        cold = make_generate(cache)
        warm = [make_generate(cache) for _ in range(RUNS)]
    print(f"make generate, cold format cache: {cold:.2f} s")
    print(f"make generate, warm format cache: median {statistics.median(warm):.2f} s, "
          f"best {min(warm):.2f} s over {RUNS} runs (target < 1.5 s)")
    sys.path.insert(0, str(ROOT))
    for stage, seconds in stages().items():
        print(f"  {stage:22} {seconds:6.2f} s")
    whole_service_schemas()


if __name__ == "__main__":
    main()
