"""Shared fixtures: the project's paths, running shapegen, and importing what it generated."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

# Importing the committed package must not leave bytecode inside generated/.
sys.dont_write_bytecode = True

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EDGE_MODEL = FIXTURES / "edgecases" / "service-2.json"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every shapegen run in the tests formats afresh or into a private cache."""
    previous = os.environ.get("SHAPEGEN_CACHE_DIR")
    os.environ["SHAPEGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("format-cache"))
    yield
    if previous is None:
        os.environ.pop("SHAPEGEN_CACHE_DIR", None)
    else:
        os.environ["SHAPEGEN_CACHE_DIR"] = previous


def tree(root: Path, *, skip_tool_leftovers: bool = False) -> dict[str, bytes]:
    """Every file under ``root`` (relative POSIX path -> bytes), optionally without what
    ``shapegen check`` ignores (bytecode, type-checker caches, build leftovers)."""
    from generator.pipeline import is_tool_leftover

    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not (skip_tool_leftovers and is_tool_leftover(p.relative_to(root)))
    }


def run_shapegen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in a subprocess, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def import_generated(python_dir: Path, package: str) -> ModuleType:
    """Import ``package`` (and its ``models``) from ``python_dir``, freshly."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(python_dir))
    try:
        module = importlib.import_module(package)
        importlib.import_module(f"{package}.models")
        return module
    finally:
        sys.path.remove(str(python_dir))


@pytest.fixture(scope="session")
def connect() -> ModuleType:
    """The committed ``connect_shapes`` package under generated/."""
    return import_generated(GENERATED / "python", "connect_shapes")


@pytest.fixture(scope="session")
def edge_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder generated from the edge-case model (every kind of shape, awkward names)."""
    out = tmp_path_factory.mktemp("edge") / "generated"
    result = run_shapegen(
        "generate", "--service", "edgecase", "--model", str(EDGE_MODEL), "--package", "edge_shapes", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def model(tmp_path: Path) -> Path:
    """A copy of the edge-case model, named as botocore names its files (so sdk-extras apply)."""
    path = tmp_path / "model" / "service-2.json"
    path.parent.mkdir()
    shutil.copyfile(EDGE_MODEL, path)
    return path


@pytest.fixture(scope="session")
def edge(edge_dir: Path) -> ModuleType:
    return import_generated(edge_dir / "python", "edge_shapes")


@pytest.fixture(scope="session")
def connect_service_model():  # type: ignore[no-untyped-def]
    import botocore.session

    return botocore.session.get_session().get_service_model("connect")
