"""The whole-corpus check: every service of the pinned botocore, generated and checked.

    python -m tests.corpus.run [--services a,b,...] [--sample] [--jobs N] [--out DIR] [--keep]

For each service (``tests.corpus.worker``, one process per service, ``--jobs`` at a time):

1. ``python -m generator generate --service S --out DIR/S --package S_shapes`` (all operations);
2. every generated module imports (``__init__``, ``models``, ``_codec``, ``skeleton``);
3. ``mypy --strict`` on the generated packages, several packages per mypy run (here);
4. every JSON Schema document passes the draft 2020-12 meta-schema;
5. every CLI skeleton file equals botocore's ``ArgumentGenerator`` output (as tests/test_skeleton.py);
6. every example request passes ``botocore.validate.validate_parameters`` (base64 blobs as bytes);
7. every example response, serialised by the protocol and parsed by a botocore client
   (``tests.wire.client.boto3_response``), survives ``from_dict(parsed).to_dict() == parsed``
   (streaming bodies and event streams: the very same object; the events then parse), and
   the JSON example validates against the operation's output schema;
8. every docs page parses as tests/test_docs.py reads them (links, anchors, output tree);
9. every generated module is byte for byte what black makes of it (``black_check``);
10. ``shapegen diff``'s libcst reader reads every ``models.py`` back to what the generator
    decided (classes, kinds, fields with annotation and required, enum values, operations).

Failures are collected per (service, operation, check) with a one-line reason and written
to ``DIR/failures.tsv``; one summary line is printed at the end. Exit 1 on any failure.
``--sample`` checks ``tests.corpus.sample.SAMPLE`` instead: a few operations of a few
services that together cover every protocol and shape feature.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from tests.corpus.worker import ROOT, one_line, package_name

# mypy runs over several packages at once, up to this much generated Python per run (a
# bigger package runs alone).
MYPY_BATCH_BYTES = 6_000_000
MYPY_BATCH_PACKAGES = 12
MYPY_ERROR = re.compile(r"^(?P<path>[^:]+\.py):(?P<line>\d+): error: (?P<message>.*)$")


class Run:
    def __init__(self, out: Path, jobs: int, keep: bool, total: int) -> None:
        self.out = out
        self.keep = keep
        self.total = total
        self.jobs = jobs
        self.lock = threading.Condition()
        self.queue: list[tuple[str, list[str]]] = []
        self.ready_batches: list[list[dict[str, Any]]] = []
        self.busy = 0
        self.results: dict[str, dict[str, Any]] = {}
        self.failures: list[list[str]] = []
        self.skipped: list[list[str]] = []
        self.batch: list[dict[str, Any]] = []
        self.batch_bytes = 0
        self.done = 0
        self.started = time.perf_counter()

    # -- services ---------------------------------------------------------------------------

    def service(self, service: str, operations: list[str]) -> None:
        result_file = self.out / f"{service}.result.json"
        command = [sys.executable, "-m", "tests.corpus.worker", "--service", service,
                   "--out", str(self.out / service), "--result", str(result_file)]
        for op in operations:
            command += ["--operation", op]
        started = time.perf_counter()
        process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if process.returncode != 0 or not result_file.is_file():
            lines = [line for line in (process.stderr or process.stdout).splitlines() if line.strip()]
            result: dict[str, Any] = {
                "service": service, "package": package_name(service), "out": str(self.out / service),
                "operations": 0, "counts": {}, "generated": False, "skipped": [], "seconds": {},
                "peak_rss_mb": {}, "package_bytes": 0,
                "failures": [[service, "-", "worker", f"exit {process.returncode}: {one_line(lines[-1] if lines else '')}"]],
            }
        else:
            result = json.loads(result_file.read_text(encoding="utf-8"))
            result_file.unlink()
        with self.lock:
            self.results[service] = result
            self.failures += result["failures"]
            self.skipped += result["skipped"]
            self.done += 1
            self.progress(result, seconds)
            if result["generated"]:
                self.add_to_mypy_batch(result)
            elif not self.keep:
                shutil.rmtree(self.out / service, ignore_errors=True)

    def progress(self, result: dict[str, Any], seconds: float) -> None:
        rss = result["peak_rss_mb"]
        timing = ", ".join(f"{k} {v:.1f}s" for k, v in result["seconds"].items())
        memory = ", ".join(f"{k} {v:.0f} MB" for k, v in rss.items())
        print(
            f"[{self.done}/{self.total}] {result['service']}: {result['operations']} ops, "
            f"{result['counts'].get('shapes', 0)} shapes, {len(result['failures'])} failures"
            f" in {seconds:.1f}s ({timing}; peak RSS {memory or '?'})",
            flush=True,
        )
        for row in result["failures"][:3]:
            print(f"    {row[1]} {row[2]}: {row[3][:200]}", flush=True)
        if len(result["failures"]) > 3:
            print(f"    ... and {len(result['failures']) - 3} more", flush=True)

    # -- mypy -------------------------------------------------------------------------------

    def add_to_mypy_batch(self, result: dict[str, Any]) -> None:
        size = result["package_bytes"]
        if self.batch and (self.batch_bytes + size > MYPY_BATCH_BYTES or len(self.batch) >= MYPY_BATCH_PACKAGES):
            self.flush_mypy()
        self.batch.append(result)
        self.batch_bytes += size

    def flush_mypy(self) -> None:
        if not self.batch:
            return
        batch, self.batch, self.batch_bytes = self.batch, [], 0
        self.ready_batches.append(batch)
        self.lock.notify_all()

    def mypy(self, batch: list[dict[str, Any]]) -> None:
        cache = Path(tempfile.mkdtemp(prefix="mypy-cache-", dir=self.out))
        env = {**os.environ, "MYPYPATH": os.pathsep.join(str(Path(r["out"]) / "python") for r in batch)}
        command = [sys.executable, "-m", "mypy", "--strict", "--config-file=", "--python-version=3.11",
                   f"--cache-dir={cache}", "--no-error-summary", "--hide-error-context"]
        for result in batch:
            command += ["-p", result["package"]]
        started = time.perf_counter()
        process = subprocess.run(command, cwd=self.out, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - started
        shutil.rmtree(cache, ignore_errors=True)
        by_package: dict[str, list[str]] = {r["package"]: [] for r in batch}
        other: list[str] = []
        for line in process.stdout.splitlines():
            match = MYPY_ERROR.match(line)
            package = next((p for p in by_package if match and f"{p}/" in match["path"]), None)
            if match and package:
                by_package[package].append(f"{Path(match['path']).name}:{match['line']}: {match['message']}")
            elif match or "error" in line:
                other.append(line)
        failures = []
        for result in batch:
            errors = by_package[result["package"]]
            if errors:
                failures.append([result["service"], "-", "mypy", one_line(f"{len(errors)} error(s); first: {errors[0]}")])
        if process.returncode != 0 and not any(by_package.values()):
            text = (other or process.stderr.splitlines() or process.stdout.splitlines() or ["(no output)"])[-1]
            failures += [[r["service"], "-", "mypy", one_line(f"mypy exit {process.returncode}: {text}")] for r in batch]
        with self.lock:
            self.failures += failures
            names = ", ".join(r["service"] for r in batch)
            print(f"  mypy --strict on {len(batch)} package(s) ({names}): {len(failures)} failing, {seconds:.1f}s", flush=True)
            for result in batch:
                if not self.keep:
                    shutil.rmtree(result["out"], ignore_errors=True)

    # -- the end ----------------------------------------------------------------------------

    def work(self) -> None:
        """One of ``jobs`` threads: mypy batches first (they free disk), then services."""
        while True:
            with self.lock:
                while True:
                    if self.ready_batches:
                        task: Any = ("mypy", self.ready_batches.pop(0))
                        break
                    if self.queue:
                        task = ("service", self.queue.pop(0))
                        break
                    if self.busy == 0:
                        if not self.batch:
                            self.lock.notify_all()
                            return
                        self.flush_mypy()  # the last, partial batch
                        continue
                    self.lock.wait()
                self.busy += 1
            try:
                if task[0] == "mypy":
                    self.mypy(task[1])
                else:
                    self.service(*task[1])
            finally:
                with self.lock:
                    self.busy -= 1
                    self.lock.notify_all()

    def execute(self, services: list[tuple[str, list[str]]]) -> int:
        self.queue = list(services)
        threads = [threading.Thread(target=self.work, daemon=True) for _ in range(self.jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return self.finish()

    def finish(self) -> int:
        totals: Counter[str] = Counter()
        for result in self.results.values():
            totals.update(result["counts"])
        failures = sorted(self.failures)
        report = self.out / "failures.tsv"
        with open(report, "w", encoding="utf-8") as stream:
            stream.write("service\toperation\tcheck\treason\n")
            for row in failures:
                stream.write("\t".join(row) + "\n")
            for row in sorted(self.skipped):
                stream.write("\t".join([*row[:2], "skipped:" + row[2], row[3]]) + "\n")
        by_check = Counter(row[2] for row in failures)
        elapsed = time.perf_counter() - self.started
        streams = totals["streaming_blobs"] + totals["event_streams"]
        print(f"failure details: {report}")
        print(
            f"corpus: {len(self.results)} services, {totals['operations']} operations, {totals['shapes']} shapes, "
            f"{totals['recursive']} recursive shapes, {totals['unions']} unions, {totals['documents']} documents, "
            f"{streams} streams ({totals['streaming_blobs']} streaming blobs + {totals['event_streams']} event streams), "
            f"patterns {totals['patterns_translated']} translated / {totals['patterns_x_pattern']} x-pattern, "
            f"{totals['schema_documents']} schema files, {totals['black_modules']} modules checked against black, "
            f"{totals['api_classes']} classes read back by the API reader, "
            f"{len(self.skipped)} skipped, "
            f"{len(failures)} failures"
            + (f" ({', '.join(f'{k} {v}' for k, v in sorted(by_check.items()))})" if failures else "")
            + f" in {elapsed:.0f}s",
            flush=True,
        )
        return 1 if failures else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", help="comma-separated service names (default: every service)")
    parser.add_argument("--sample", action="store_true", help="the fixed sample of tests.corpus.sample")
    parser.add_argument("--jobs", type=int, default=2, help="services checked at once (default 2)")
    parser.add_argument("--out", type=Path, help="working folder (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    return parser.parse_args(argv)


def plan(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    from generator.load import available_services

    if args.sample:
        from tests.corpus.sample import SAMPLE

        wanted = args.services.split(",") if args.services else list(SAMPLE)
        return [(s, list(SAMPLE[s])) for s in wanted]
    services = args.services.split(",") if args.services else available_services()
    unknown = sorted(set(services) - set(available_services()))
    if unknown:
        raise SystemExit(f"unknown service(s): {', '.join(unknown)}")
    # The biggest models first, so that a huge one does not start last.
    return sorted(((s, []) for s in services), key=lambda item: -model_size(item[0]))


def model_size(service: str) -> int:
    import botocore.loaders

    loader = botocore.loaders.Loader()
    try:
        path = loader.list_api_versions(service, "service-2")[-1]
        folder = Path(botocore.loaders.Loader.BUILTIN_DATA_PATH) / service / path
        return sum(p.stat().st_size for p in folder.glob("service-2.json*"))
    except Exception:  # noqa: BLE001 - only the order depends on it
        return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    services = plan(args)
    out = args.out or Path(tempfile.mkdtemp(prefix="shapegen-corpus-"))
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"checking {len(services)} service(s) in {out} with {args.jobs} job(s)", flush=True)
    run = Run(out, max(args.jobs, 1), args.keep, len(services))
    return run.execute(services)


if __name__ == "__main__":
    sys.exit(main())
