"""How generation scales: shapegen against mypy-boto3-builder, and per service, per stage.

Speed is a ratio against the peer measured in the same run, in alternating rounds, since
the machine's load changes from minute to minute. The peer is mypy-boto3-builder (the stub
generator users pick today) in its own Python 3.12 environment (``make bench-scale`` builds
it from requirements/bench-scale-peer.txt), reading the same botocore models as shapegen.

Parts, each printed as it finishes and summed up in a table at the end:

1. ``cold``: one service (connect), empty caches, shapegen and the builder alternating;
2. ``unchanged``: shapegen again on the same output folder and cache;
3. ``--all``: every service, cold and unchanged (long); ``--all-peer``: the builder too;
4. ``stages``: for each of ``--services``, seconds per stage in-process and peak memory of
   a child process (and the processes it starts), per 1,000 shapes so linearity shows.

shapegen is driven only through its command line and the in-process API that
bench_generate.py uses, so the script survives changes inside generator/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEER = ROOT / ".bench" / "mypy-boto3-builder" / "bin" / "mypy_boto3_builder"
PARTS = ("cold", "unchanged", "stages")
DEFAULT_SERVICES = "sts,connect,ec2,quicksight"  # small, medium, large, the largest
SAMPLE_SECONDS = 0.05
MIB = 1024 * 1024

# The goals of issue 13, printed beside the figures.
GOAL_RATIO = 1.0
GOAL_UNCHANGED_S = 0.5
GOAL_ALL_COLD_S = 300.0
GOAL_ALL_UNCHANGED_S = 15.0


# --- memory of a process tree ------------------------------------------------------------


def _children_by_parent() -> dict[int, list[int]]:
    """Every process's children, from /proc/<pid>/stat (this kernel has no .../children)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                # The command name, in parentheses, may hold spaces: the fields after it are fixed.
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _tree(root: int) -> list[int]:
    children = _children_by_parent()
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _rollup(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in bytes; (0, 0) once it has ended."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return pss, rss


class TreeMemory:
    """Peak PSS and RSS of a process and everything it starts, sampled every ~50 ms.

    PSS divides each shared page among the processes sharing it, so summed over a tree
    (black's forked workers share most of their pages with the parent) it counts each page
    once; summed RSS counts shared pages once per process and so overstates.
    """

    available = os.path.exists("/proc/self/smaps_rollup")

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_pss = 0
        self.peak_rss = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            pss = rss = 0
            for pid in _tree(self.pid):
                one_pss, one_rss = _rollup(pid)
                pss += one_pss
                rss += one_rss
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_rss = max(self.peak_rss, rss)
            self.samples += 1
            self._stop.wait(SAMPLE_SECONDS)


# --- the commands compared ----------------------------------------------------------------


def default_package(service: str) -> str:
    return service.replace("-", "_").replace(".", "_") + "_shapes"


@dataclass
class Commands:
    python: str  # the interpreter of shapegen's environment
    peer: Path  # the mypy_boto3_builder script of the peer's environment

    def shapegen_env(self, cache: Path) -> dict[str, str]:
        # The children import this checkout's generator/, whatever the environment installed.
        pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        return {**os.environ, "SHAPEGEN_CACHE_DIR": str(cache), "PYTHONPATH": pythonpath}

    def shapegen(self, service: str | None, out: Path) -> list[str]:
        """`generate` for one service (all operations, every artefact), or every service."""
        selection = ["--service", service, "--package", default_package(service)] if service else ["--all-services"]
        return [self.python, "-m", "generator", "generate", *selection, "--out", str(out)]

    def peer_env(self, scratch: Path) -> dict[str, str]:
        # ruff (which the builder runs) keeps a cache in the working folder: a fresh one each run.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        return {**env, "RUFF_CACHE_DIR": str(scratch / "ruff-cache")}

    def builder(self, service: str | None, out: Path) -> list[str]:
        """The builder's stubs package (`mypy-boto3-<service>`) of one service, or of every one.

        `boto3-services` is one package per service, like shapegen's one package per service;
        `--no-smart-version` keeps it offline (it otherwise asks PyPI for the last version).
        """
        return [str(self.peer), str(out), "-s", service or "all", "--product", "boto3-services", "--no-smart-version"]


def run_timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"bench_scale: {' '.join(command)} failed (exit {done.returncode}):\n{done.stdout[-4000:]}")
    return seconds


def tree_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) under a folder."""
    files = size = 0
    for path in folder.rglob("*"):
        if path.is_file():
            files += 1
            size += path.stat().st_size
    return files, size


@contextmanager
def scratch_dir(base: Path | None) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="bench-scale-", dir=base))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# --- parts 1-3: whole runs ----------------------------------------------------------------


@dataclass
class ShapegenRun:
    """An output folder and a cache a cold run filled, kept for the unchanged runs."""

    out: Path
    cache: Path


def shapegen_cold(commands: Commands, service: str | None, folder: Path) -> tuple[float, ShapegenRun]:
    run = ShapegenRun(folder / "out", folder / "cache")
    run.cache.mkdir(parents=True)
    seconds = run_timed(commands.shapegen(service, run.out), commands.shapegen_env(run.cache), ROOT)
    return seconds, run


def shapegen_again(commands: Commands, service: str | None, run: ShapegenRun) -> float:
    return run_timed(commands.shapegen(service, run.out), commands.shapegen_env(run.cache), ROOT)


def builder_cold(commands: Commands, service: str | None, folder: Path) -> tuple[float, Path]:
    out = folder / "out"
    return run_timed(commands.builder(service, out), commands.peer_env(folder), folder), out


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def cold_rounds(commands: Commands, service: str, rounds: int, base: Path | None,
                keep: Path) -> tuple[dict[str, Any], ShapegenRun]:
    """Alternating rounds, each in fresh folders; the last shapegen run's folders are kept."""
    ours: list[float] = []
    theirs: list[float] = []
    sizes: dict[str, tuple[int, int]] = {}
    last: ShapegenRun | None = None
    for number in range(1, rounds + 1):
        if last is not None:
            shutil.rmtree(last.out.parent)
        folder = keep / f"shapegen-{number}"
        seconds, last = shapegen_cold(commands, service, folder)
        ours.append(seconds)
        sizes["shapegen"] = tree_size(last.out)
        print(f"  round {number}: shapegen {seconds:7.2f} s", end="", flush=True)
        with scratch_dir(base) as folder:
            seconds, out = builder_cold(commands, service, folder)
            theirs.append(seconds)
            sizes["builder"] = tree_size(out)
        print(f"   builder {seconds:7.2f} s   ratio {ours[-1] / seconds:.2f}")
    assert last is not None
    ratio = median(ours) / median(theirs)
    paired = median([a / b for a, b in zip(ours, theirs)])
    print(f"  median: shapegen {median(ours):.2f} s, builder {median(theirs):.2f} s, "
          f"ratio shapegen/builder {ratio:.2f} (median of paired ratios {paired:.2f}; goal <= {GOAL_RATIO:.1f})")
    for who, (files, size) in sizes.items():
        print(f"  {who} output: {files} files, {size / MIB:.1f} MiB")
    figures = {
        "service": service, "rounds": rounds, "shapegen_s": ours, "builder_s": theirs,
        "shapegen_median_s": median(ours), "builder_median_s": median(theirs),
        "ratio": ratio, "paired_ratio_median": paired, "goal_ratio": GOAL_RATIO,
        "output": {who: {"files": files, "bytes": size} for who, (files, size) in sizes.items()},
    }
    return figures, last


def unchanged_runs(commands: Commands, service: str | None, run: ShapegenRun, rounds: int, goal: float) -> dict[str, Any]:
    times = [shapegen_again(commands, service, run) for _ in range(rounds)]
    print("  " + ", ".join(f"{t:.2f} s" for t in times) + f"; median {median(times):.2f} s (goal < {goal:g} s)")
    return {"seconds": times, "median_s": median(times), "goal_s": goal}


def all_services(commands: Commands, keep: Path) -> dict[str, Any]:
    cold, run = shapegen_cold(commands, None, keep / "shapegen-all")
    files, size = tree_size(run.out)
    print(f"  shapegen --all-services, cold: {cold:.1f} s (goal < {GOAL_ALL_COLD_S:g} s); "
          f"{files} files, {size / MIB:.0f} MiB")
    again = shapegen_again(commands, None, run)
    print(f"  shapegen --all-services, unchanged: {again:.1f} s (goal < {GOAL_ALL_UNCHANGED_S:g} s)")
    return {"cold_s": cold, "unchanged_s": again, "goal_cold_s": GOAL_ALL_COLD_S,
            "goal_unchanged_s": GOAL_ALL_UNCHANGED_S, "output": {"files": files, "bytes": size}}


def all_services_peer(commands: Commands, base: Path | None) -> dict[str, Any]:
    with scratch_dir(base) as folder:
        seconds, out = builder_cold(commands, None, folder)
        files, size = tree_size(out)
    print(f"  builder, every service, cold: {seconds:.1f} s; {files} files, {size / MIB:.0f} MiB")
    return {"cold_s": seconds, "output": {"files": files, "bytes": size}}


# --- part 4: stages and memory, one child process per service -----------------------------


def stages_in_process(service: str) -> dict[str, Any]:
    """Runs in the child: each stage of one service, timed (as bench_generate.stages does)."""
    sys.path.insert(0, str(ROOT))
    from generator.config import Target
    from generator.emitters import TargetModel
    from generator.emitters.registry import EMITTERS
    from generator.format import Formatter
    from generator.graph import build_graph
    from generator.load import load_installed

    seconds: dict[str, float] = {}

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        seconds[name] = time.perf_counter() - started

    with stage("load"):
        model = load_installed(service)
    with stage("shape graph"):
        graph = build_graph(model, None)
    plan = TargetModel(graph, Target(service=service, operations=None, package=default_package(service)))
    with stage("python surface"):
        plan.surface
    artifacts: list[Any] = []
    for emitter in EMITTERS.values():
        with stage(f"emit {emitter.name}"):
            artifacts += emitter.emit(plan)
    with stage("format"):
        formatted = Formatter(cache_dir=None).format_all(artifacts)
    return {
        "child_maxrss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,  # KiB on Linux
        "workers_maxrss_bytes": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
        "shapes": len(graph.shapes), "operations": len(graph.operations), "artefacts": len(formatted),
        "bytes": sum(len(a.text.encode()) for a in formatted), "stages_s": seconds,
    }


@dataclass
class ServiceFigures:
    service: str
    shapes: int
    operations: int
    artefacts: int
    bytes: int
    stages_s: dict[str, float]
    total_s: float  # the stages summed
    child_wall_s: float  # the child from start to exit: interpreter, imports, stages
    s_per_1000_shapes: float
    peak_pss_bytes: int | None  # the child and every process it started, summed
    peak_rss_bytes: int | None  # the same, RSS (counts shared pages once per process)
    child_maxrss_bytes: int  # the child alone, exact (getrusage)
    workers_maxrss_bytes: int  # the largest of the processes it started and waited for, exact
    memory_samples: int = 0
    stage_s_per_1000_shapes: dict[str, float] = field(default_factory=dict)


def measure_service(commands: Commands, service: str) -> ServiceFigures:
    command = [commands.python, str(Path(__file__).resolve()), "--stages-child", service]
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=commands.shapegen_env(Path(cache)),
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with TreeMemory(child.pid) as memory:
            # Read while sampling; the pipes are drained by communicate, the memory by the thread.
            stdout, stderr = child.communicate()
        wall = time.perf_counter() - started
    if child.returncode != 0:
        sys.exit(f"bench_scale: stages of {service} failed (exit {child.returncode}):\n{stderr[-4000:]}")
    found = json.loads(stdout.strip().splitlines()[-1])
    total = sum(found["stages_s"].values())
    per = 1000 / max(found["shapes"], 1)
    return ServiceFigures(
        service=service, total_s=total, child_wall_s=wall, s_per_1000_shapes=total * per,
        peak_pss_bytes=memory.peak_pss if memory.available else None,
        peak_rss_bytes=memory.peak_rss if memory.available else None,
        memory_samples=memory.samples,
        stage_s_per_1000_shapes={k: v * per for k, v in found["stages_s"].items()}, **found,
    )


def print_service(figures: ServiceFigures) -> None:
    stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in figures.stages_s.items())
    memory = (f"peak PSS {figures.peak_pss_bytes / MIB:.0f} MiB, RSS {figures.peak_rss_bytes / MIB:.0f} MiB"
              if figures.peak_pss_bytes is not None and figures.peak_rss_bytes is not None else "memory n/a")
    print(f"  {figures.service}: {figures.shapes} shapes, {figures.operations} operations; {stages} "
          f"= {figures.total_s:.2f} s ({figures.s_per_1000_shapes:.2f} s / 1000 shapes); {memory}")


# --- the table and the command line --------------------------------------------------------


def print_table(results: dict[str, Any]) -> None:
    print("\nsummary")
    if "cold" in results:
        c = results["cold"]
        print(f"  {c['service']} cold, {c['rounds']} rounds: shapegen {c['shapegen_median_s']:.2f} s, "
              f"builder {c['builder_median_s']:.2f} s, ratio {c['ratio']:.2f} (goal <= {GOAL_RATIO:.1f})")
    if "unchanged" in results:
        print(f"  {results['service']} unchanged: {results['unchanged']['median_s']:.2f} s "
              f"(goal < {GOAL_UNCHANGED_S:g} s)")
    if "all" in results:
        a = results["all"]
        print(f"  every service: cold {a['cold_s']:.1f} s (goal < {GOAL_ALL_COLD_S:g} s), "
              f"unchanged {a['unchanged_s']:.1f} s (goal < {GOAL_ALL_UNCHANGED_S:g} s)")
    if "all_peer" in results:
        print(f"  every service, builder: cold {results['all_peer']['cold_s']:.1f} s")
    rows = results.get("stages", [])
    if not rows:
        return
    names = list(dict.fromkeys(name for row in rows for name in row["stages_s"]))
    header = ["service", "shapes", *names, "total s", "s/1k shapes", "PSS MiB", "RSS MiB"]
    table = [header]
    for row in rows:
        mib = [f"{row[k] / MIB:.0f}" if row[k] is not None else "n/a" for k in ("peak_pss_bytes", "peak_rss_bytes")]
        table.append([row["service"], str(row["shapes"]), *(f"{row['stages_s'].get(n, 0.0):.2f}" for n in names),
                      f"{row['total_s']:.2f}", f"{row['s_per_1000_shapes']:.3f}", *mib])
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  " + "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths))))
    for step in marginal_costs(rows):
        print(f"  marginal {step['from']} -> {step['to']}: {step['s_per_1000_shapes']:.3f} s / 1000 more shapes")


def marginal_costs(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Seconds per 1,000 more shapes between services of growing size: what is left once
    the fixed costs (imports, black's start) cancel out; about constant if cost is linear."""
    ordered = sorted(rows, key=lambda row: row["shapes"])
    return [
        {"from": a["service"], "to": b["service"],
         "s_per_1000_shapes": (b["total_s"] - a["total_s"]) / (b["shapes"] - a["shapes"]) * 1000}
        for a, b in zip(ordered, ordered[1:]) if b["shapes"] > a["shapes"]
    ]


def versions(commands: Commands, want_peer: bool) -> dict[str, str]:
    import botocore

    found = {"python": platform.python_version(), "botocore": botocore.__version__}
    if want_peer:
        script = "import botocore, importlib.metadata as m; print(m.version('mypy-boto3-builder'), botocore.__version__)"
        python = commands.peer.parent / "python"
        out = subprocess.run([str(python), "-c", script], capture_output=True, text=True, check=True).stdout.split()
        found["mypy-boto3-builder"], found["peer botocore"] = out
        if found["peer botocore"] != found["botocore"]:
            sys.exit(f"bench_scale: the builder reads botocore {found['peer botocore']}, shapegen "
                     f"{found['botocore']}: not the same models (reinstall with `make bench-scale`)")
    return found


def options(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--part", action="append", choices=PARTS,
                        help="run only this part; repeat for more (default: all three)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each side in `cold`, runs in `unchanged` (default 3)")
    parser.add_argument("--service", default="connect", help="the service of `cold` and `unchanged` (default connect)")
    parser.add_argument("--services", default=DEFAULT_SERVICES,
                        help=f"comma-separated services of `stages` (default {DEFAULT_SERVICES})")
    parser.add_argument("--all", action="store_true", help="also shapegen --all-services, cold and unchanged (long)")
    parser.add_argument("--all-peer", action="store_true", help="also the builder for every service (long)")
    parser.add_argument("--json", type=Path, help="write the figures to this file as JSON")
    parser.add_argument("--python", default=sys.executable, help="shapegen's interpreter (default: this one)")
    parser.add_argument("--peer", type=Path, default=PEER, help=f"the builder's script (default {PEER.relative_to(ROOT)})")
    parser.add_argument("--tmp", type=Path, help="where the scratch folders go (default: the system's)")
    parser.add_argument("--stages-child", metavar="SERVICE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = options(argv)
    if args.stages_child:
        print(json.dumps(stages_in_process(args.stages_child)))
        return
    parts = args.part or list(PARTS)
    commands = Commands(python=args.python, peer=args.peer)
    want_peer = "cold" in parts or args.all_peer
    if want_peer and not commands.peer.exists():
        sys.exit(f"bench_scale: no {commands.peer}; `make bench-scale` installs it")
    results: dict[str, Any] = {"versions": versions(commands, want_peer), "service": args.service,
                               "cpus": os.cpu_count(), "load_before": os.getloadavg()}
    print("bench_scale: " + ", ".join(f"{k} {v}" for k, v in results["versions"].items())
          + f"; {os.cpu_count()} CPUs, load {results['load_before'][0]:.2f}")
    if want_peer:
        print(f"  builder command: {' '.join(commands.builder(args.service, Path('OUT')))}")
    with scratch_dir(args.tmp) as keep:
        run: ShapegenRun | None = None
        if "cold" in parts:
            print(f"\n{args.service}, empty caches, alternating rounds")
            results["cold"], run = cold_rounds(commands, args.service, args.rounds, args.tmp, keep)
        if "unchanged" in parts:
            print(f"\n{args.service}, nothing changed (the same output folder and cache)")
            if run is None:
                seconds, run = shapegen_cold(commands, args.service, keep / "shapegen-setup")
                print(f"  (a cold run first, to fill them: {seconds:.2f} s)")
            results["unchanged"] = unchanged_runs(commands, args.service, run, args.rounds, GOAL_UNCHANGED_S)
        if args.all:
            print("\nevery service")
            results["all"] = all_services(commands, keep)
        if args.all_peer:
            print("\nevery service, the builder")
            results["all_peer"] = all_services_peer(commands, args.tmp)
    if "stages" in parts:
        print("\nper service: stages in-process (s), peak memory of the child and its workers")
        rows = []
        for service in (s.strip() for s in args.services.split(",") if s.strip()):
            figures = measure_service(commands, service)
            print_service(figures)
            rows.append(asdict(figures))
        results["stages"] = rows
        results["marginal"] = marginal_costs(rows)
    results["load_after"] = os.getloadavg()
    print_table(results)
    print(f"  load average {results['load_before'][0]:.2f} before, {results['load_after'][0]:.2f} after "
          "(other work on the machine makes every figure noisy)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
        print(f"  figures written to {args.json}")


if __name__ == "__main__":
    main()
