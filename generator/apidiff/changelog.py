"""``<output>/CHANGELOG.md``: each ``shapegen generate`` that changes a package's API appends a section.

The file is history, not derivable from the models: the manifest does not list it, ``shapegen
check`` does not compare it, and each run carries it into the next output folder. A section
names the botocore versions of the two runs (the manifests' ``botocore``) and lists the changes
as ``shapegen diff --format markdown`` does. Nothing is appended on the first run into a folder,
nor when no package's API changed; no timestamps, so runs stay reproducible.

Only packages whose ``models.py`` sha256 differs between the old and the new manifest, past the
header comment that names the botocore version, are read (this module imports libcst only
then): a run over every service after a botocore upgrade reads the packages whose code changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from generator.errors import OutputError
from generator.write import CHANGELOG
TITLE = "# Changelog\n\nThe API changes of the generated Python packages, one section per run that changed them.\n"
_MODELS_PATH = re.compile(r"python/([^/]+)/models\.py")


def botocore_of(manifest: bytes) -> str | None:
    """The ``botocore`` field of a manifest's bytes, or None (missing or not JSON)."""
    try:
        about = json.loads(manifest)
    except ValueError:
        return None
    version = about.get("botocore") if isinstance(about, dict) else None
    return version if isinstance(version, str) else None


def changed_packages(old_files: Mapping[str, str], new_files: Mapping[str, str]) -> set[str]:
    """Packages whose ``models.py`` was added, removed or changed (manifest path -> sha256)."""
    changed = set()
    for path in old_files.keys() | new_files.keys():
        match = _MODELS_PATH.fullmatch(path)
        if match and old_files.get(path) != new_files.get(path):
            changed.add(match[1])
    return changed


# models.py's first lines: the generator, botocore version and model sha256 that made it.
_HEADER = re.compile(rb"\A(?:#[^\n]*\n)*")


def body_changed(old_models: Path, new_models: Path) -> bool:
    """Whether two ``models.py`` differ past their header comment. A new botocore changes every
    package's header (it names the version) but the API of few: only those are read."""
    try:
        old, new = old_models.read_bytes(), new_models.read_bytes()
    except OSError:
        return True  # added or removed: compared as such
    return _HEADER.sub(b"", old, count=1) != _HEADER.sub(b"", new, count=1)


def _models(out: Path, package: str) -> Path:
    return out / "python" / package / "models.py"


def _read_existing(path: Path) -> str | None:
    """The changelog's text so far; None if there is none. Anything but a plain file there is
    refused rather than dropped at the swap: it may be history someone keeps."""
    if not path.is_symlink() and not path.exists():
        return None
    if path.is_symlink() or not path.is_file():
        raise OutputError(f"{path}: not a plain file; the API changelog must be one (move it away)")
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise OutputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); mend or remove it") from None


# A botocore version as a manifest records it; anything else (a hand-edited manifest) is not
# written into the Markdown as it is.
_VERSION = re.compile(r"[0-9A-Za-z.+-]{1,40}")


def heading(old_botocore: str | None, new_botocore: str | None) -> str:
    old, new = (v if v and _VERSION.fullmatch(v) else "unknown" for v in (old_botocore, new_botocore))
    if old == new:
        return f"## botocore {new} (model or generator changed)"
    return f"## botocore {old} → {new}"


def next_text(
    out: Path,
    old_manifest: bytes,
    old_files: Mapping[str, str],
    staging: Path,
    new_files: Mapping[str, str],
    new_botocore: str | None,
) -> str | None:
    """The text ``CHANGELOG.md`` should have in the next output folder (None: no file).

    ``out`` is the current output folder (``old_manifest`` its manifest's bytes, ``old_files``
    its files), ``staging`` the next one, written but for its manifest (``new_files``).
    """
    existing = _read_existing(out / CHANGELOG)
    packages = changed_packages(old_files, new_files) if old_manifest else set()
    packages = {p for p in packages if body_changed(_models(out, p), _models(staging, p))}
    if not packages:
        return existing
    from generator.apidiff.compare import compare
    from generator.apidiff.read import ApiReadError
    from generator.apidiff.report import markdown_sections
    from generator.apidiff.sources import read_packages
    from generator.apidiff.surface import ApiSurface, PackageApi
    from generator.escape import code_span, md_inline

    old_packages: dict[str, PackageApi] = {}
    unreadable: dict[str, str] = {}
    for name in sorted(packages):
        try:  # the earlier output may have been edited by hand: that must not stop this run
            old_packages.update(read_packages(out / "python", [name]))
        except ApiReadError as exc:  # named from the output folder: the text is committed
            unreadable[name] = str(exc).replace(str(out / "python"), "python", 1)
    new_packages = read_packages(staging / "python", packages - unreadable.keys())
    changes = compare(ApiSurface(old_packages, str(out)), ApiSurface(new_packages, str(staging)))
    if not changes and not unreadable:
        return existing
    parts = [heading(botocore_of(old_manifest), new_botocore)]
    parts += [markdown_sections(changes, level=3).rstrip()] if changes else []
    parts += [f"- {code_span(name)}: not compared, its earlier models.py cannot be read: {md_inline(problem)}"
              for name, problem in unreadable.items()]
    section = "\n\n".join(parts)
    before = existing if existing is not None else TITLE
    return f"{before.rstrip()}\n\n{section}\n"
