"""Stage 4: check and format what the emitters rendered, before anything is written.

Python is parsed first (CPython's own parser), so a template that renders invalid code
is reported with the template, the output file and the line, and nothing is written;
then black formats it in-process with explicit settings (never a user's config).

black is the slow step, so each module is cut into top-level chunks that black
formats independently, the same as black would format the whole module: a chunk
starts at a top-level ``def``/``class`` (or its decorators), before which black always
puts exactly two blank lines. Chunks are cached by content (the key is the chunk plus
black's version and settings, so an entry only ever stands for what black would
produce), and the ones not cached are formatted in a process pool when there are
enough of them to pay for it. ``shapegen check`` bypasses the cache.
"""

from __future__ import annotations

import ast
import ctypes
import functools
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.emitters import Artifact
from generator.errors import TemplateError

LINE_LENGTH = 100
# Least-recently used entries beyond this are dropped; a run of the whole botocore
# data set stays well under it.
CACHE_ENTRIES = 200_000
# Below this many lines to format, starting worker processes costs more than it saves.
POOL_THRESHOLD_LINES = 1_500
# Where the kernel cannot kill a pool worker with its parent, how often a worker checks.
PARENT_POLL_SECONDS = 1.0
_BETWEEN_CHUNKS = "\n\n"  # each chunk ends with a newline: two blank lines in all


def black_mode() -> Any:
    from black.mode import Mode, TargetVersion

    return Mode(
        target_versions={TargetVersion.PY311},
        line_length=LINE_LENGTH,
        string_normalization=True,
        is_pyi=False,
        magic_trailing_comma=True,
        preview=False,
    )


def default_cache_dir() -> Path:
    """``$SHAPEGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/shapegen``, else ``~/.cache/shapegen``."""
    explicit = os.environ.get("SHAPEGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "shapegen"


class Formatter:
    """Validates and formats artefacts by kind; ``cache_dir=None`` disables the cache."""

    def __init__(self, cache_dir: Path | None = None, workers: int | None = None) -> None:
        self._cache = cache_dir / "format" if cache_dir else None
        self._workers = workers if workers is not None else (os.cpu_count() or 1)

    def format(self, artifact: Artifact) -> Artifact:
        return self.format_all([artifact])[0]

    def format_all(self, artifacts: Sequence[Artifact]) -> list[Artifact]:
        """Every artefact checked, and every Python module formatted, in one batch."""
        chunked: dict[int, list[str]] = {}
        for index, artifact in enumerate(artifacts):
            if artifact.path.suffix == ".py":
                chunked[index] = python_chunks(artifact)
            elif artifact.path.suffix in (".json", ".toml"):
                _check_data(artifact)
            elif artifact.path.suffix == ".md":
                _check_markdown(artifact)
        formatted = self._black(chunk for chunks in chunked.values() for chunk in chunks)
        result = list(artifacts)
        for index, chunks in chunked.items():
            text = _BETWEEN_CHUNKS.join(formatted[chunk] for chunk in chunks)
            result[index] = replace(artifacts[index], text=text)
        return result

    def _black(self, chunks: Iterable[str]) -> dict[str, str]:
        """black's output for each distinct chunk: from the cache, or formatted now."""
        done: dict[str, str] = {}
        missing: list[str] = []
        for chunk in dict.fromkeys(chunks):
            cached = self._read(_key(chunk))
            if cached is None:
                missing.append(chunk)
            else:
                done[chunk] = cached
        lines = sum(chunk.count("\n") for chunk in missing)
        if self._workers > 1 and lines >= POOL_THRESHOLD_LINES:
            missing.sort(key=len, reverse=True)  # longest first, so no worker is left with a big one at the end
            with ProcessPoolExecutor(
                self._workers, mp_context=_pool_context(), initializer=_die_with_parent, initargs=(os.getpid(),)
            ) as pool:
                results = list(pool.map(format_chunk, missing))
        else:
            results = [format_chunk(chunk) for chunk in missing]
        for chunk, text in zip(missing, results):
            done[chunk] = text
            self._write(_key(chunk), text)
        if missing:
            self._prune()
        return done

    def _read(self, key: str) -> str | None:
        if self._cache is None:
            return None
        entry = self._cache / f"{key}.py"
        try:
            text = entry.read_text(encoding="utf-8")
            os.utime(entry)  # most recently used: pruned last
            return text
        except OSError:
            return None

    def _write(self, key: str, text: str) -> None:
        """Best effort: a cache that cannot be written only costs time."""
        if self._cache is None:
            return
        try:
            self._cache.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self._cache, delete=False) as tmp:
                tmp.write(text)
            os.replace(tmp.name, self._cache / f"{key}.py")
        except OSError:
            pass

    def _prune(self) -> None:
        if self._cache is None:
            return
        try:
            entries = sorted(self._cache.glob("*.py"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[CACHE_ENTRIES:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass


def format_chunk(chunk: str) -> str:
    import black

    return black.format_str(chunk, mode=black_mode())


def _die_with_parent(parent: int) -> None:
    """Pool initializer: the worker exits when the run that started it dies, even by SIGKILL
    (each worker holds about 500 MB, and nothing else would ever stop it).

    Linux: the kernel sends SIGKILL on the parent's death (PR_SET_PDEATHSIG), which also works
    while the worker is busy inside black. (Strictly, on the death of the thread that started
    it: the executor starts its workers from the thread that submits, here the run's own.)
    The parent may already have died before the prctl
    call, so the parent pid is checked right after it. Elsewhere a daemon thread polls the
    parent pid instead (a dead parent's children are re-parented, so the pid changes).
    """
    if _set_parent_death_signal(signal.SIGKILL):
        if os.getppid() != parent:
            os._exit(1)
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="shapegen-parent-watch", daemon=True).start()


def _set_parent_death_signal(signum: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        return int(libc.prctl(pr_set_pdeathsig, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _pool_context() -> Any:
    # fork shares the already imported black with the workers; elsewhere, the default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _key(chunk: str) -> str:
    return hashlib.sha256(f"{_black_identity()}\n{chunk}".encode()).hexdigest()


@functools.cache
def _black_identity() -> str:
    return f"black {metadata.version('black')} line {LINE_LENGTH}"


def python_chunks(artifact: Artifact) -> list[str]:
    """The module cut before each top-level ``def``/``class`` that no comment leads into.

    Raises ``TemplateError`` naming the template and line when the module is not valid Python.
    """
    text = artifact.text
    try:
        module = ast.parse(text, str(artifact.path))
    except SyntaxError as exc:
        lines = text.splitlines()
        line = exc.lineno or 0
        source_line = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        raise TemplateError(
            f"templates/{artifact.template}: rendered invalid Python for {artifact.path} "
            f"at line {line}, column {exc.offset or 0}: {exc.msg} (the line reads {source_line!r})"
        ) from None
    lines = text.splitlines(keepends=True)
    starts = [0]
    for statement in module.body[1:]:
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        first = min([statement.lineno, *(d.lineno for d in statement.decorator_list)]) - 1
        above = next((lines[i].strip() for i in range(first - 1, -1, -1) if lines[i].strip()), "")
        if not above.startswith("#"):  # a comment above belongs to the definition: keep them together
            starts.append(first)
    bounds = zip(starts, [*starts[1:], len(lines)])
    return ["".join(lines[start:end]) for start, end in bounds]


def _check_data(artifact: Artifact) -> None:
    try:
        if artifact.path.suffix == ".json":
            json.loads(artifact.text)
        else:
            tomllib.loads(artifact.text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(
            f"templates/{artifact.template}: rendered invalid {artifact.path.suffix[1:].upper()} "
            f"for {artifact.path}: {exc}"
        ) from None


def _check_markdown(artifact: Artifact) -> None:
    """Markdown passes through as rendered; it must end in exactly one newline and carry no
    trailing spaces (two of which would be a hard line break)."""
    text = artifact.text
    lines = text.split("\n")
    bad = next((n for n, line in enumerate(lines[:-1], start=1) if line != line.rstrip()), None)
    if not text.endswith("\n") or text.endswith("\n\n") or bad is not None:
        where = f"trailing whitespace at line {bad}" if bad else "it must end in exactly one newline"
        raise TemplateError(f"templates/{artifact.template}: rendered bad Markdown for {artifact.path}: {where}")
