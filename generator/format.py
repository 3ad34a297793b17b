"""Stage 4: check and format what the emitters rendered, before anything is written.

Python is parsed with libcst first, so a template that renders invalid code is
reported with the template, the output file and the line, and nothing is written;
then black formats it in-process with explicit settings (never a user's config).

Formatting is the slow step, so results are cached by content: the key is the
rendered text plus the black and libcst versions and black's settings, so an entry
can only ever stand for what black would produce. ``shapegen check`` bypasses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import tomllib
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.emitters import Artifact
from generator.errors import TemplateError

LINE_LENGTH = 100
CACHE_ENTRIES = 64  # newest entries kept; a model or template change makes new ones


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

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache = cache_dir / "format" if cache_dir else None

    def format(self, artifact: Artifact) -> Artifact:
        suffix = artifact.path.suffix
        if suffix == ".py":
            return replace(artifact, text=self._python(artifact))
        if suffix in (".json", ".toml"):
            _check_data(artifact)
        if suffix == ".md":
            _check_markdown(artifact)
        return artifact

    def _python(self, artifact: Artifact) -> str:
        key = self._key(artifact.text)
        cached = self._read(key)
        if cached is not None:
            return cached
        _check_python(artifact)
        import black

        formatted = black.format_str(artifact.text, mode=black_mode())
        self._write(key, formatted)
        return formatted

    @staticmethod
    def _key(text: str) -> str:
        versions = f"black {metadata.version('black')} libcst {metadata.version('libcst')} line {LINE_LENGTH}"
        return hashlib.sha256(f"{versions}\n{text}".encode()).hexdigest()

    def _read(self, key: str) -> str | None:
        if self._cache is None:
            return None
        try:
            return (self._cache / f"{key}.py").read_text(encoding="utf-8")
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
            entries = sorted(self._cache.glob("*.py"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[CACHE_ENTRIES:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass


def _check_python(artifact: Artifact) -> None:
    import libcst

    try:
        libcst.parse_module(artifact.text)
    except libcst.ParserSyntaxError as exc:
        line, column, message = exc.raw_line, exc.raw_column + 1, exc.message.splitlines()[0]
        try:  # libcst points at the token it stopped on; CPython's parser names the culprit
            compile(artifact.text, str(artifact.path), "exec", dont_inherit=True)
        except SyntaxError as syntax:
            line, column, message = syntax.lineno or line, syntax.offset or column, syntax.msg
        lines = artifact.text.splitlines()
        source_line = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        raise TemplateError(
            f"templates/{artifact.template}: rendered invalid Python for {artifact.path} "
            f"at line {line}, column {column}: {message} (the line reads {source_line!r})"
        ) from None


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
