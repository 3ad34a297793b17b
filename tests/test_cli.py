"""The command line: ``check`` semantics, stale-file removal, ``--version``/``--help``, determinism."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import generator
from conftest import EDGE_MODEL, ROOT, run_shapegen, tree

EDGE_ARGS = ("--service", "edgecase", "--model", str(EDGE_MODEL), "--package", "edge_shapes")
MODELS = "python/edge_shapes/models.py"
PY_TYPED = "python/edge_shapes/py.typed"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if re.fullmatch(r"\..+\.(new|old)-.*", p.name))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pristine") / "out"
    result = run_shapegen("generate", *EDGE_ARGS, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def out(tmp_path: Path, pristine: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(pristine, copy)
    return copy


def check(out: Path) -> subprocess.CompletedProcess[str]:
    return run_shapegen("check", *EDGE_ARGS, "--out", str(out))


def reported(result: subprocess.CompletedProcess[str], out: Path) -> list[str]:
    """``check``'s stdout lines, without the ``<out>: `` prefix each one carries."""
    prefix = f"{out}: "
    lines = result.stdout.splitlines()
    assert all(line.startswith(prefix) for line in lines), result.stdout
    return [line[len(prefix):] for line in lines]


def assert_drift(result: subprocess.CompletedProcess[str], out: Path, expected: list[str]) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert reported(result, out) == expected
    assert result.stderr.strip() == f"shapegen check: {len(expected)} file(s) differ; run `make generate`"


# --- check -------------------------------------------------------------------------------


def test_check_passes_on_a_clean_copy(out: Path) -> None:
    before = tree(out)
    result = check(out)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert result.stdout.strip() == f"shapegen check: {out} is up to date"
    assert result.stderr == ""
    assert tree(out) == before


def test_check_reports_a_modified_file_as_stale_and_leaves_it(out: Path) -> None:
    models = out / MODELS
    models.write_bytes(models.read_bytes() + b"# edited by hand\n")
    before = tree(out)
    result = check(out)
    assert_drift(result, out, [f"stale: {MODELS}"])
    assert tree(out) == before
    assert leftovers(out.parent) == []


def test_check_reports_an_edited_manifest_as_stale(out: Path) -> None:
    manifest = out / "manifest.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("edgecase", "edgecase2"), encoding="utf-8")
    assert_drift(check(out), out, ["stale: manifest.json"])


def test_check_reports_a_deleted_file_as_missing(out: Path) -> None:
    (out / PY_TYPED).unlink()
    assert_drift(check(out), out, [f"missing: {PY_TYPED}"])
    assert not (out / PY_TYPED).exists()


def test_check_reports_an_extra_file_as_not_generated_any_more(out: Path) -> None:
    (out / "python" / "edge_shapes" / "extra.py").write_text("x = 1\n", encoding="utf-8")
    assert_drift(check(out), out, ["not generated any more: python/edge_shapes/extra.py"])
    assert (out / "python" / "edge_shapes" / "extra.py").is_file()


def test_check_lists_every_kind_of_drift_in_order(out: Path) -> None:
    (out / MODELS).write_text("# replaced\n", encoding="utf-8")
    (out / PY_TYPED).unlink()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert_drift(
        check(out),
        out,
        [f"missing: {PY_TYPED}", f"stale: {MODELS}", "not generated any more: notes.txt"],
    )


def test_check_on_a_missing_folder_reports_every_file_missing_and_creates_nothing(
    tmp_path: Path, pristine: Path
) -> None:
    out = tmp_path / "never-generated"
    result = check(out)
    assert_drift(result, out, [f"missing: {name}" for name in sorted(tree(pristine))])
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_check_ignores_what_tools_leave_beside_generated_code_and_generate_removes_it(
    out: Path, pristine: Path
) -> None:
    package = out / "python" / "edge_shapes"
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"\x00")
    (package / "build" / "lib").mkdir(parents=True)
    (package / "build" / "lib" / "models.py").write_text("x = 1\n", encoding="utf-8")
    (package / "edge_shapes.egg-info").mkdir()
    (package / "edge_shapes.egg-info" / "PKG-INFO").write_text("Name: edge_shapes\n", encoding="utf-8")
    (out / ".mypy_cache").mkdir()
    (out / ".mypy_cache" / "CACHEDIR.TAG").write_text("tag\n", encoding="utf-8")
    result = check(out)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert run_shapegen("generate", *EDGE_ARGS, "--out", str(out)).returncode == 0
    assert tree(out) == tree(pristine)


# --- generate ----------------------------------------------------------------------------


def test_generate_removes_files_from_an_earlier_run(out: Path, pristine: Path) -> None:
    (out / "python" / "edge_shapes" / "old_module.py").write_text("gone = True\n", encoding="utf-8")
    (out / "python" / "old_package").mkdir()
    (out / "python" / "old_package" / "__init__.py").write_text("", encoding="utf-8")
    (out / MODELS).write_text("# stale\n", encoding="utf-8")
    result = run_shapegen("generate", *EDGE_ARGS, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert tree(out) == tree(pristine)
    assert not (out / "python" / "old_package").exists()
    assert leftovers(out.parent) == []
    assert check(out).returncode == 0


def test_generate_into_an_empty_folder_is_allowed(tmp_path: Path, pristine: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    result = run_shapegen("generate", *EDGE_ARGS, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert tree(out) == tree(pristine)


def test_generate_reports_what_it_wrote(tmp_path: Path, pristine: Path) -> None:
    out = tmp_path / "out"
    result = run_shapegen("generate", *EDGE_ARGS, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    count = len(tree(pristine))
    assert re.fullmatch(rf"shapegen: wrote {count} files to {re.escape(str(out))} in \d+\.\d\d s\n", result.stdout)


def test_two_runs_into_two_folders_are_byte_identical(tmp_path: Path) -> None:
    """A cold run (no cache) and a warm one (cache filled by the first) give the same bytes."""
    cache = tmp_path / "cache"
    trees = []
    for name, extra in (("first", ("--no-cache",)), ("second", ()), ("third", ())):
        out = tmp_path / name
        result = subprocess.run(
            [sys.executable, "-m", "generator", "generate", *EDGE_ARGS,
             "--out", str(out), *extra],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "SHAPEGEN_CACHE_DIR": str(cache)},
        )
        assert result.returncode == 0, result.stderr
        trees.append(tree(out))
    first, second, third = trees
    assert "manifest.json" in first
    assert first == second == third
    assert any(cache.rglob("format/*.json")), "the warm runs should have used a filled cache"


# --- the command itself ------------------------------------------------------------------


def test_version() -> None:
    result = run_shapegen("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"shapegen {generator.__version__}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert generator.__version__ == project["version"]


def test_python_m_generator_help() -> None:
    result = run_shapegen("--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: shapegen")
    assert "generate" in result.stdout and "check" in result.stdout


@pytest.mark.parametrize("command", ["generate", "check"])
def test_subcommand_help(command: str) -> None:
    result = run_shapegen(command, "--help")
    assert result.returncode == 0, result.stderr
    for option in ("--config", "--service", "--operation", "--package", "--model", "--out"):
        assert option in result.stdout
    assert ("--no-cache" in result.stdout) == (command == "generate")


def test_no_command_is_a_usage_error() -> None:
    result = run_shapegen()
    assert result.returncode == 2
    assert "usage: shapegen" in result.stderr


def test_console_script_is_installed_and_runs() -> None:
    script = ROOT / ".venv" / "bin" / "shapegen"
    assert script.is_file()
    assert os.access(script, os.X_OK)
    result = subprocess.run([str(script), "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: shapegen")
    version = subprocess.run([str(script), "--version"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"shapegen {generator.__version__}"
