"""Where the two sides of a diff come from: an output folder on disk, or one as committed in git.

Either way the packages are the folders under ``python/`` (each must hold ``models.py``), and
the botocore version is the ``botocore`` field of ``manifest.json`` when there is one.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Collection
from pathlib import Path, PurePosixPath

from generator.apidiff.changelog import botocore_of
from generator.apidiff.read import ApiReadError, read_package
from generator.apidiff.surface import ApiSurface, PackageApi
from generator.pipeline import is_tool_leftover

MANIFEST = "manifest.json"
MODELS = "models.py"


def _is_package_folder(name: str) -> bool:
    return not is_tool_leftover(Path(name))


def read_folder(out: Path) -> ApiSurface:
    """The packages of the output folder ``out``."""
    if not out.is_dir():
        raise ApiReadError(f"{out}: {'not a folder' if out.exists() else 'no such folder'}")
    python = out / "python"
    if not python.is_dir() and not (out / MANIFEST).is_file():
        raise ApiReadError(f"{out}: not a shapegen output folder (neither {MANIFEST} nor python/)")
    try:
        names = [p.name for p in python.iterdir() if p.is_dir() and _is_package_folder(p.name)] if python.is_dir() else []
    except OSError as exc:
        raise ApiReadError(f"{python}: cannot list it ({exc.strerror or exc})") from None
    for name in names:
        if not (python / name / MODELS).is_file():
            raise ApiReadError(f"{python / name}: not a generated package (no {MODELS})")
    try:
        botocore = botocore_of((out / MANIFEST).read_bytes())
    except OSError:
        botocore = None
    return ApiSurface(read_packages(python, names), str(out), botocore)


def read_packages(python: Path, names: Collection[str]) -> dict[str, PackageApi]:
    """The packages ``names`` of the folder ``python`` that are there, by name."""
    packages: dict[str, PackageApi] = {}
    for name in sorted(names):
        models = python / name / MODELS
        if models.is_file():
            try:
                data = models.read_bytes()
            except OSError as exc:
                raise ApiReadError(f"{models}: cannot read it ({exc.strerror or exc})") from None
            packages[name] = read_package(name, _decoded(data, str(models)), str(models))
    return packages


def _decoded(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiReadError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


# --- git --------------------------------------------------------------------------------------


def read_git(out: Path, ref: str) -> ApiSurface:
    """The packages of the output folder ``out`` as committed at ``ref`` in its git repository."""
    git = _Git(_repository_of(out))
    folder = _relative(out, git.root)
    commit = git.commit(ref)
    prefix = f"{folder}/" if folder else ""
    files = git.files(commit, f"{prefix}python/")
    has_manifest = f"{prefix}{MANIFEST}" in git.files(commit, f"{prefix}{MANIFEST}")
    if not files and not has_manifest:
        raise ApiReadError(f"{ref}: no shapegen output folder at {folder or '.'} in {git.root}")
    python = f"{prefix}python/"
    packages: dict[str, PackageApi] = {}
    for name in sorted({PurePosixPath(f[len(python):]).parts[0] for f in files if "/" in f[len(python):]}):
        if not _is_package_folder(name):
            continue
        path = f"{python}{name}/{MODELS}"
        where = f"{ref}:{path}"
        if path not in files:
            raise ApiReadError(f"{ref}:{python}{name}: not a generated package (no {MODELS})")
        packages[name] = read_package(name, _decoded(git.blob(commit, path), where), where)
    botocore = botocore_of(git.blob(commit, f"{prefix}{MANIFEST}")) if has_manifest else None
    return ApiSurface(packages, f"{out} at {ref}", botocore)


def _repository_of(out: Path) -> Path:
    """The top folder of the git work tree holding ``out`` (or, if it does not exist, its parent)."""
    probe = Path(os.path.abspath(out))
    while not probe.is_dir() and probe.parent != probe:
        probe = probe.parent
    result = _run(["git", "-C", str(probe), "rev-parse", "--show-toplevel"], f"{out}: not in a git repository")
    return Path(result.decode("utf-8", "surrogateescape").strip())


def _relative(out: Path, root: Path) -> str:
    absolute = Path(os.path.realpath(out))
    try:
        relative = absolute.relative_to(Path(os.path.realpath(root))).as_posix()
    except ValueError:
        raise ApiReadError(f"{out}: not inside the git work tree {root}") from None
    return "" if relative == "." else relative


class _Git:
    def __init__(self, root: Path) -> None:
        self.root = root

    def commit(self, ref: str) -> str:
        unknown = f"{ref!r}: not a commit in the git repository {self.root}"
        if not ref or ref.startswith("-"):
            raise ApiReadError(unknown)
        return self._git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], unknown).decode().strip()

    def files(self, commit: str, path: str) -> set[str]:
        listed = self._git(["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, "--", path], "cannot list files")
        return {name.decode("utf-8", "surrogateescape") for name in listed.split(b"\0") if name}

    def blob(self, commit: str, path: str) -> bytes:
        return self._git(["cat-file", "blob", f"{commit}:{path}"], f"cannot read {path} at {commit}")

    def _git(self, args: list[str], problem: str) -> bytes:
        return _run(["git", "-C", str(self.root), *args], problem)


def _run(command: list[str], problem: str) -> bytes:
    try:
        result = subprocess.run(command, capture_output=True, check=False)
    except OSError as exc:
        raise ApiReadError(f"cannot run git: {exc.strerror or exc}") from None
    if result.returncode != 0:
        raise ApiReadError(problem)
    return result.stdout
