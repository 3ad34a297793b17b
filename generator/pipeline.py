"""The whole run: which targets can stay as they are; the others rendered (here, or in worker
processes) into a staging folder, which is then swapped in at the output folder (or compared).

This module imports neither botocore, jinja2, black nor the emitters: a run that finds every
target unchanged (``generator/fingerprint.py``) reads and hashes files and stops there.
Rendering is in ``generator/worker.py``, imported only when a target is rendered.
"""

from __future__ import annotations

import filecmp
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__, botocore_data
from generator.apidiff import changelog
from generator.config import Target
from generator.fingerprint import (
    FileCheck,
    model_files,
    TargetRecord,
    read_manifest_files,
    read_record,
    target_fingerprint,
    target_key,
    write_record,
)
from generator.load import check_known_services
from generator.progress import Progress, Silent
from generator.write import CHANGELOG, Staging, manifest_of, output_folder, staged

if TYPE_CHECKING:
    from generator.format import Formatter


@dataclass(frozen=True, slots=True)
class Generation:
    """What a run did: how many files the output folder holds (besides the manifest), for
    which targets, how many targets were rendered and how many kept as they were."""

    files: int
    targets: list[dict[str, Any]]
    rendered: int = 0
    unchanged: int = 0
    wrote: bool = True  # False: every target was unchanged and nothing was written

    def about(self) -> dict[str, Any]:
        return about(self.targets)


def about(targets: list[dict[str, Any]]) -> dict[str, Any]:
    """The manifest's header: what produced these files (no timestamps)."""
    return {"generator": f"shapegen {__version__}", "botocore": botocore_data.version(), "targets": targets}


def generate(
    targets: Iterable[Target],
    out: Path,
    formatter: Formatter | None = None,
    *,
    jobs: int = 1,
    format_cache: Path | None = None,
    record_cache: Path | None = None,
    progress: Progress | None = None,
) -> Generation:
    """Render the targets into a staging folder, then swap it in at ``out``.

    With ``record_cache``, targets whose fingerprint and files are unchanged since the last
    run into ``out`` are not rendered: their files are carried into the staging folder; when
    every target is unchanged nothing is written at all. ``jobs`` > 1 renders targets in that
    many worker processes (``formatter`` is then used only for a run that renders one target;
    the workers format with ``format_cache``, one process each).
    """
    targets = tuple(targets)
    check_known_services(t.service for t in targets if t.model is None)
    shown = progress or Silent()
    folder = output_folder(out)
    fingerprints = [target_fingerprint(t) if record_cache else None for t in targets]
    check: FileCheck | None = None
    if record_cache is not None:
        kept, check = _unchanged(targets, fingerprints, folder, record_cache, None)
        if len(kept) == len(targets) and _nothing_else_changed(folder, kept, check):
            summaries = [kept[i].summary for i in range(len(targets))]
            return Generation(files=len(check.manifest), targets=summaries, unchanged=len(targets), wrote=False)
    try:
        with staged(folder) as staging:
            kept = {}
            if record_cache is not None:  # again, under the lock: another run may have written meanwhile
                kept, check = _unchanged(targets, fingerprints, folder, record_cache, check)
            shown.start(len(targets), 0)
            for index, record in sorted(kept.items()):
                staging.carry(record.files, f"{targets[index].package} (unchanged, carried over)")
                shown.finished(targets[index].service, "unchanged")
            todo = [i for i in range(len(targets)) if i not in kept]
            if jobs > 1 and len(todo) > 1:
                done = _render_in_workers(targets, todo, jobs, staging, format_cache, shown)
            else:
                done = _render_here(targets, todo, staging, formatter or _formatter(format_cache), shown)
            records = {**kept, **{i: _record(fingerprints[i], *done[i]) for i in todo}}
            summaries = [records[i].summary for i in range(len(targets))]
            header = about(summaries)
            _carry_changelog(folder, staging, header["botocore"])
            files = staging.commit(header)
            if record_cache is not None:
                write_record(record_cache, folder, {target_key(t): records[i] for i, t in enumerate(targets)})
    finally:
        shown.close()
    return Generation(files=files, targets=summaries, rendered=len(todo), unchanged=len(kept))


def _formatter(format_cache: Path | None) -> Formatter:
    from generator.format import Formatter

    return Formatter(cache_dir=format_cache)


def _record(fingerprint: str | None, summary: dict[str, Any], files: dict[str, str]) -> TargetRecord:
    # A target without a fingerprint is recorded so the manifest can be rebuilt, but never matches.
    return TargetRecord(fingerprint=fingerprint or "", summary=summary, files=files)


# --- which targets stay as they are -----------------------------------------------------------


def _unchanged(
    targets: tuple[Target, ...],
    fingerprints: list[str | None],
    folder: Path,
    record_cache: Path,
    earlier: FileCheck | None,
) -> tuple[dict[int, TargetRecord], FileCheck]:
    """The targets (by index) whose fingerprint matches the record and whose files are intact."""
    records = read_record(record_cache, folder)
    manifest_bytes, manifest = read_manifest_files(folder)
    check = FileCheck(folder, manifest, manifest_bytes, earlier)
    kept: dict[int, TargetRecord] = {}
    for index, target in enumerate(targets):
        record = records.get(target_key(target))
        fingerprint = fingerprints[index]
        if record is not None and fingerprint and record.fingerprint == fingerprint and check.intact(record):
            kept[index] = record
    return kept, check


def _nothing_else_changed(folder: Path, kept: Mapping[int, TargetRecord], check: FileCheck) -> bool:
    """The manifest is what this run would write, and the folder holds no other file (but the
    changelog, which is history)."""
    files: dict[str, str] = {}
    for record in kept.values():
        files.update(record.files)
    summaries = [kept[i].summary for i in range(len(kept))]
    if manifest_of(files, about(summaries)).encode() != check.manifest_bytes:
        return False
    return set(_walk_files(folder)) - {CHANGELOG} == {*files, "manifest.json"}


def _carry_changelog(folder: Path, staging: Staging, botocore: str) -> None:
    """Put the output folder's CHANGELOG.md, with this run's API changes appended, into staging."""
    manifest_bytes, old_files = read_manifest_files(folder)
    text = changelog.next_text(folder, manifest_bytes, old_files, staging.root, staging.files, botocore)
    if text is not None:
        staging.write_unlisted(CHANGELOG, text)


def _walk_files(root: Path) -> Iterator[str]:
    """Every file under ``root`` (relative POSIX paths) but tool leftovers."""
    for folder, folders, files in os.walk(root):
        folders[:] = [f for f in folders if not _is_leftover_part(f)]
        relative = Path(folder).relative_to(root)
        for name in files:
            if not _is_leftover_part(name):
                yield (relative / name).as_posix()


# --- rendering --------------------------------------------------------------------------------


def _render_here(
    targets: tuple[Target, ...], todo: list[int], staging: Staging, formatter: Formatter, shown: Progress
) -> dict[int, tuple[dict[str, Any], dict[str, str]]]:
    """One target after another in this process; each written to staging and let go before the
    next is rendered, so a run holds one target's files at a time."""
    from generator import worker
    from generator.emitters.registry import ClaimCheck

    claims = ClaimCheck()
    done = {}
    for index in todo:
        target = targets[index]
        shown.stage(target.service)
        artifacts, summary = worker.render(target, formatter, claims, shown.stage)
        files = staging.write(artifacts)
        del artifacts
        done[index] = (summary, files)
        shown.finished(target.service, f"{len(files)} files")
    return done


def _render_in_workers(
    targets: tuple[Target, ...],
    todo: list[int],
    jobs: int,
    staging: Staging,
    format_cache: Path | None,
    shown: Progress,
) -> dict[int, tuple[dict[str, Any], dict[str, str]]]:
    """Targets in ``jobs`` worker processes, each writing its files into the staging folder.

    Targets start in order. After a failure no further target starts; those already started
    finish, and the error of the first failing target in order is raised (the one a run of
    one job would report: every target before it has started).
    """
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    # A fork server imports the renderer once and forks each worker from it: the run's own
    # process stays small, and workers share the imported modules' pages.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["generator.worker"])
    waiting = iter(todo)
    running: dict[Future[tuple[dict[str, Any], dict[str, str]]], int] = {}
    done: dict[int, tuple[dict[str, Any], dict[str, str]]] = {}
    failures: dict[int, BaseException] = {}
    workers = min(jobs, len(todo))
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_started, max_tasks_per_child=MAX_TARGETS_PER_WORKER
    ) as pool:

        following = next(waiting, None)

        def start_next() -> None:
            """Start targets in order while the models of those running stay within the budget
            (a big one waits until it can run alone)."""
            nonlocal following
            while following is not None and len(running) < workers:
                if not admits([model_weight(targets[i]) for i in running.values()], model_weight(targets[following])):
                    return
                future = pool.submit(_stage_in_worker, targets[following], staging.out, staging.root, format_cache)
                running[future] = following
                following = next(waiting, None)

        start_next()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                error = future.exception()
                if error is not None:
                    failures[index] = error
                    continue
                summary, files = future.result()
                staging.add(files, f"the target {targets[index].package}")
                done[index] = (summary, files)
                shown.finished(targets[index].service, f"{len(files)} files")
            if not failures:
                start_next()
    if failures:
        raise failures[min(failures)]
    return done


# Targets render side by side while their models add up to at most this many bytes of JSON;
# a bigger one renders alone. A target's peak memory grows with its model: ec2 (4.3 MB of
# JSON, the largest) peaks at about 0.9 GB, quicksight (2.1 MB) 0.65 GB, connect (1.9 MB)
# 0.35 GB, so two of the biggest at once would pass the 1 GB a run may take.
PARALLEL_MODEL_BYTES = 3_000_000
# botocore's models are gzipped, about 8 to 1.
_GZIP_RATIO = 8


def admits(running: list[int], weight: int) -> bool:
    """Whether a target whose model weighs ``weight`` may start beside targets of ``running``
    weights: always when none runs, else while they add up to at most the budget."""
    return not running or sum(running) + weight <= PARALLEL_MODEL_BYTES


def model_weight(target: Target) -> int:
    """About how many bytes of JSON the target's model holds (its file size; gzip times 8)."""
    files = model_files(target)
    if not files:
        return 0
    try:
        size = files[0].stat().st_size
    except OSError:
        return 0
    return size * _GZIP_RATIO if files[0].suffix == ".gz" else size


# A worker ends after this many targets and a fresh one is forked: memory a big target leaves
# fragmented in a worker goes back to the system.
MAX_TARGETS_PER_WORKER = 1


def _worker_started() -> None:
    from generator.processes import die_with_parent

    die_with_parent()


def _stage_in_worker(
    target: Target, out: Path, staging: Path, format_cache: Path | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Runs in a worker; what it returns is only plain data (the run never imports the renderer)."""
    from generator.worker import stage

    result = stage(target, out, staging, format_cache)
    return result.summary, result.files


# --- shapegen check ---------------------------------------------------------------------------


def stale_files(targets: Iterable[Target], out: Path, *, jobs: int = 1, progress: Progress | None = None) -> list[str]:
    """Regenerate (without any cache) into a temporary folder; list files that differ."""
    with tempfile.TemporaryDirectory(prefix="shapegen-check-") as scratch:
        fresh = Path(scratch) / "generated"
        generate(targets, fresh, _formatter(None), jobs=jobs, progress=progress)
        expected = _files(fresh)
        actual = _files(out) - {CHANGELOG} if out.is_dir() else set()
        problems = [f"missing: {p}" for p in sorted(expected - actual)]
        problems += [f"stale: {p}" for p in sorted(expected & actual) if not _same(fresh / p, out / p)]
        problems += [f"not generated any more: {p}" for p in sorted(actual - expected)]
        return problems


# What tools leave beside generated code (importing it, type-checking it, or
# `pip install`-ing a generated package from its folder) is not output: it is
# neither compared nor reported.
TOOL_LEFTOVERS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build"})


def _is_leftover_part(part: str) -> bool:
    return part in TOOL_LEFTOVERS or part.endswith(".egg-info")


def is_tool_leftover(relative: Path) -> bool:
    return any(_is_leftover_part(part) for part in relative.parts)


def _files(root: Path) -> set[str]:
    relative = (p.relative_to(root) for p in root.rglob("*") if p.is_file())
    return {r.as_posix() for r in relative if not is_tool_leftover(r)}


def _same(a: Path, b: Path) -> bool:
    return filecmp.cmp(a, b, shallow=False)
