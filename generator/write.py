"""Stage 5: write the output folder whole, or not at all.

Files go to a staging folder beside the output folder, with a manifest of their sha256; the
staging folder then replaces the output folder, so files from an earlier run that are no
longer generated disappear, and a failure at any point leaves the output folder exactly as it
was. The files may come in batches (one target after another, rendered as the writer asks for
them); each batch is written to the staging folder and let go before the next one.

Crashes and concurrent runs:

- Runs writing the same output folder take a lock (``flock`` on ``.<out>.lock`` beside it)
  and so run one after the other; the lock dies with its process.
- On Linux the swap is one ``renameat2(RENAME_EXCHANGE)``: the output folder is never
  missing, even if the run is killed. Elsewhere (or on a file system that cannot exchange)
  it is two renames, and a run killed between them leaves the old folder aside; the next run
  puts it back.
- Staging and retired folders carry their run's pid (``.<out>.new-<pid>-*``,
  ``.<out>.old-<pid>-*``); the next run, holding the lock, deletes those whose process is
  gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from generator.errors import OutputError
from generator.limits import OUTPUT_LOCK_WAIT_SECONDS

if TYPE_CHECKING:  # not at run time: importing the emitters costs what a run that skips everything must not
    from generator.emitters import Artifact

MANIFEST = "manifest.json"
# History the output folder keeps from run to run (generator/apidiff/changelog.py); not listed
# in the manifest.
CHANGELOG = "CHANGELOG.md"
# One segment of an artefact's path: no leading dot (so no "..", nor hidden files), no
# separators, spaces or characters some file systems treat specially.
SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
SEGMENT_BYTES_MAX = 255  # the usual limit on one file name


def manifest_text(artifacts: Iterable[Artifact], about: Mapping[str, Any]) -> str:
    return _manifest({str(a.path): _sha256(a.text) for a in artifacts}, about)


def manifest_of(files: Mapping[str, str], about: Mapping[str, Any]) -> str:
    """The manifest's text for ``files`` (path -> sha256) under ``about``."""
    return _manifest(files, about)


def _manifest(files: Mapping[str, str], about: Mapping[str, Any]) -> str:
    data = {**about, "files": dict(sorted(files.items()))}
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_tree(artifacts: list[Artifact], out: Path, about: Mapping[str, Any]) -> None:
    """Replace ``out`` with exactly ``artifacts`` plus ``manifest.json``."""
    check_paths(artifacts, output_folder(out))
    write_batches([artifacts], out, lambda: about)


def write_batches(
    batches: Iterable[Sequence[Artifact]], out: Path, about: Callable[[], Mapping[str, Any]]
) -> int:
    """Replace ``out`` with every batch's artefacts plus ``manifest.json``; the number of artefacts.

    ``batches`` may render each batch as it is asked for (one target after another): each is
    checked and written to the staging folder, then let go, so only one is held at a time.
    Nothing is created until the first batch is there, and the output folder is replaced only
    once the last one is written, then ``about()`` heads the manifest. An error at any point
    (in a batch's rendering too) leaves ``out`` as it was and removes what this call created.
    """
    out = output_folder(out)
    _check_owned(out)  # before anything is rendered, and before the lock, so a refused run creates nothing
    remaining = iter(batches)
    first = next(remaining, [])
    check_paths(first, out)
    with staged(out) as staging:
        batch: Sequence[Artifact] | None = first
        del first  # from here on, only the batch being written is held
        while batch is not None:
            staging.write(batch)
            batch = None
            batch = next(remaining, None)
        return staging.commit(about())


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Staging]:
    """A staging folder beside ``out``, under ``out``'s lock: write into it, then ``commit``.

    Leaving the block without committing (an error anywhere, in rendering too) leaves ``out``
    as it was and removes the staging folder and every folder this call created.
    """
    out = output_folder(out)
    _check_owned(out)
    parent = out.parent
    created = _missing_folders(parent)
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
    try:
        # A second run writing this folder waits for the whole of this one, which would replace
        # whatever it wrote anyway.
        with _locked(out):
            try:
                _clean_up_after_dead_runs(out)
            except OSError as exc:
                raise OutputError(f"{out}: cannot clean up after an earlier run: {exc.strerror or exc}") from None
            _check_owned(out)
            try:
                folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{os.getpid()}-", dir=parent))
                folder.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the output folder is not
            except OSError as exc:
                raise OutputError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
            try:
                yield Staging(out, folder.resolve())
            except OSError as exc:
                raise OutputError(f"{out}: cannot write the output folder: {exc.strerror or exc}") from None
            finally:
                shutil.rmtree(folder, ignore_errors=True)  # after an exchange, the old tree
    except BaseException:
        for missing in created:  # deepest first
            with contextlib.suppress(OSError):
                missing.rmdir()
        raise


class Staging:
    """The next output folder, being written: every file's sha256 is recorded for the manifest.

    Files arrive three ways: written from artefacts here (``write``), written by a worker
    process into ``root`` (``add``: only their paths and hashes come back), or carried over
    from the current output folder unchanged (``carry``). Paths are checked across all of them.
    """

    def __init__(self, out: Path, root: Path) -> None:
        self.out = out
        self.root = root
        self.files: dict[str, str] = {}
        self._paths = _PathCheck(out)

    def write(self, artifacts: Sequence[Artifact]) -> dict[str, str]:
        """Check and write ``artifacts``; their paths and sha256."""
        self._paths.add(artifacts)
        return write_artifacts(self.root, artifacts, self.files)

    def add(self, files: Mapping[str, str], origin: str) -> None:
        """Files already written into ``root`` (by a worker that checked them against each other)."""
        self._paths.add_paths((PurePosixPath(p) for p in files), origin)
        self.files.update(files)

    def carry(self, files: Mapping[str, str], origin: str) -> None:
        """Files of the current output folder that stay as they are (their hashes checked by the
        caller): hard-linked into the staging folder, or copied where links cannot be made."""
        self._paths.add_paths((PurePosixPath(p) for p in files), origin)
        for relative in files:
            target = self.root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.out / relative, target, follow_symlinks=False)
            except OSError:
                shutil.copyfile(self.out / relative, target, follow_symlinks=False)
        self.files.update(files)

    def write_unlisted(self, relative: str, text: str) -> None:
        """A file the manifest does not list: the changelog, history rather than output."""
        _write_file(self.root, PurePosixPath(relative), text)

    def commit(self, about: Mapping[str, Any]) -> int:
        """Write the manifest and swap the staging folder in at ``out``; the number of files."""
        _write_file(self.root, PurePosixPath(MANIFEST), _manifest(self.files, about))
        _swap(self.root, self.out)
        return len(self.files)


def write_artifacts(root: Path, artifacts: Iterable[Artifact], files: dict[str, str]) -> dict[str, str]:
    """Write ``artifacts`` under ``root``, recording each file's sha256 in ``files``; this batch's."""
    written: dict[str, str] = {}
    for artifact in artifacts:
        _write_file(root, PurePosixPath(artifact.path), artifact.text)
        written[str(artifact.path)] = _sha256(artifact.text)
    files.update(written)
    return written


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and those above it that do not exist yet, deepest first."""
    missing = []
    while not os.path.lexists(folder) and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    return missing


def output_folder(out: Path) -> Path:
    """``out`` made absolute; a symlink is written through: its target is replaced, the link kept."""
    out = Path(os.path.abspath(out))  # abspath, not absolute(): "x/.." must not be the folder's name
    if out.is_symlink():
        target = Path(os.path.realpath(out))
        if not target.is_dir():
            raise OutputError(f"{out}: output path is a symlink to {target}, which is not a folder")
        return target
    return out


def check_paths(artifacts: Iterable[Artifact], out: Path) -> None:
    """Every artefact path is relative, plain and unique (also ignoring case); else OutputError."""
    _PathCheck(out).add(artifacts)


class _PathCheck:
    """``check_paths`` over batches: each path is checked against those of earlier batches too."""

    def __init__(self, out: Path) -> None:
        self._out = out
        # casefolded path -> the path first written there and what made it (not the text)
        self._seen: dict[str, tuple[PurePosixPath, str]] = {}

    def add(self, artifacts: Iterable[Artifact]) -> None:
        for artifact in artifacts:
            self._add(PurePosixPath(artifact.path), _origin(artifact))

    def add_paths(self, paths: Iterable[PurePosixPath], origin: str) -> None:
        for path in paths:
            self._add(path, origin)

    def _add(self, path: PurePosixPath, origin: str) -> None:
        out = self._out
        problem = path_problem(path)
        if problem:
            raise OutputError(f"{out}: refusing to write {str(path)!r} ({origin}): {problem}")
        key = str(path).casefold()
        if key == MANIFEST:
            raise OutputError(f"{out}: {origin} makes {path}, the file the writer keeps its manifest in")
        if key == CHANGELOG.casefold():
            raise OutputError(f"{out}: {origin} makes {path}, the file the writer keeps the API changelog in")
        entry = (path, origin)
        first = self._seen.setdefault(key, entry)
        if first is not entry:
            how = "twice" if first[0] == path else f"twice: as {first[0]} and as {path}, names differing only in case"
            raise OutputError(f"{out}: {first[0]} would be written {how}, by {first[1]} and by {origin}")


def path_problem(path: PurePosixPath) -> str | None:
    if path.is_absolute():
        return "it is absolute"
    if not path.parts:
        return "it is empty"
    for part in path.parts:
        if not SEGMENT.fullmatch(part):
            return f"segment {part!r} is not a plain file name ({SEGMENT.pattern})"
        if len(part.encode()) > SEGMENT_BYTES_MAX:
            return f"segment {part[:40]!r}... is longer than {SEGMENT_BYTES_MAX} bytes"
    return None


def _origin(artifact: Artifact) -> str:
    return (
        f"templates/{artifact.template}"
        if artifact.template
        else f"a {artifact.path.suffix or 'data'} document built as data"
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_file(root: Path, relative: PurePosixPath, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.parent.resolve().is_relative_to(root):  # checked above; the writer's own guard
        raise OutputError(f"{relative}: would be written outside the staging folder {root}")
    # "x": a path is never written twice, nor through anything already there.
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _check_owned(out: Path) -> None:
    """Refuse to replace a folder shapegen did not write (it has no manifest)."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: output path exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise OutputError(f"{out}: output folder is not empty and has no {MANIFEST}; refusing to replace it")
    probe = out if out.is_dir() else out.parent
    if probe.is_dir() and not os.access(probe, os.W_OK):
        raise OutputError(f"{probe}: output folder is not writable")


# --- one run at a time, and what killed runs leave --------------------------------------


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out`` (waiting up to OUTPUT_LOCK_WAIT_SECONDS for another run).

    The lock file exists only while a run holds it: the holder deletes it before letting go,
    so a waiter that then gets the lock on the deleted file sees that and tries again.
    """
    path = lock_path(out)
    deadline = time.monotonic() + OUTPUT_LOCK_WAIT_SECONDS
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise OutputError(f"{out}: cannot create the lock file {path}: {exc.strerror or exc}") from None
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OutputError(
                            f"{out}: another shapegen run is writing this output folder (lock {path}); "
                            f"gave up after {OUTPUT_LOCK_WAIT_SECONDS:.0f} s"
                        ) from None
                    time.sleep(0.05)
            try:
                current = os.stat(path)
                mine = os.fstat(fd)
                if (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino):
                    break
            except FileNotFoundError:
                pass
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # locked a file the previous holder had already deleted
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)


def _clean_up_after_dead_runs(out: Path) -> None:
    """Delete staging and retired folders of dead runs; put back an output folder a run
    killed mid-swap (two-rename fallback) left aside. Runs under the lock."""
    debris = re.compile(rf"\.{re.escape(out.name)}\.(new|old)-(\d+)-[A-Za-z0-9_]+")
    dead: list[tuple[str, Path]] = []
    with os.scandir(out.parent) as entries:
        for entry in entries:
            match = debris.fullmatch(entry.name)
            if match and entry.is_dir(follow_symlinks=False) and not _alive(int(match[2])):
                dead.append((match[1], Path(entry.path)))
    if not os.path.lexists(out):
        retired = [p for kind, p in dead if kind == "old"]
        if retired:
            newest = max(retired, key=lambda p: p.stat().st_mtime)
            os.rename(newest, out)
            dead.remove(("old", newest))
    for _, folder in dead:
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, from an earlier write in this process: not in use (we hold the lock)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # exists (another user's), or not a pid we can ask about: leave it
    return True


# --- the swap ---------------------------------------------------------------------------


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` at ``out``; afterwards ``staging`` holds the old tree, if any."""
    if not os.path.lexists(out):
        os.rename(staging, out)
        return
    if exchange(staging, out):
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
    retired.rmdir()
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)  # if killed first, the next run deletes it


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where that is not possible."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # this kernel or file system cannot exchange: two renames instead
    raise OSError(err, os.strerror(err), os.fspath(b))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None  # a C library without it (glibc before 2.28)
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function
