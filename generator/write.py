"""Stage 5: write the output folder whole, or not at all.

Files go to a temporary folder beside the output folder, with a manifest of their
sha256; the temporary folder then replaces the output folder, so files from an
earlier run that are no longer generated disappear, and a failure at any point
leaves the output folder exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from generator.emitters import Artifact
from generator.errors import OutputError

MANIFEST = "manifest.json"


def manifest_text(artifacts: Iterable[Artifact], about: Mapping[str, Any]) -> str:
    files = {str(a.path): hashlib.sha256(a.text.encode("utf-8")).hexdigest() for a in artifacts}
    data = {**about, "files": dict(sorted(files.items()))}
    return json.dumps(data, indent=2, sort_keys=False) + "\n"


def write_tree(artifacts: list[Artifact], out: Path, about: Mapping[str, Any]) -> None:
    """Replace ``out`` with exactly ``artifacts`` plus ``manifest.json``."""
    out = out.absolute()
    _check_owned(out)
    paths = [str(a.path) for a in artifacts]
    if len(set(paths)) != len(paths) or MANIFEST in paths:
        raise OutputError(f"{out}: two generated files share a path")
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the output folder is not
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
    try:
        for artifact in artifacts:
            _write_file(staging / artifact.path, artifact.text)
        _write_file(staging / MANIFEST, manifest_text(artifacts, about))
        _swap(staging, out)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the output folder: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
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


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except OSError:
        retired.rename(out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
