"""mypy --strict accepts the generated packages and the generator itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import GENERATED, ROOT


def mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir=/dev/null", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_generated_packages_pass_mypy_strict(edge_dir: Path) -> None:
    # Checked as a user would vendor them: strict, with no project configuration.
    for python_dir, package in [(GENERATED / "python", "connect_shapes"), (edge_dir / "python", "edge_shapes")]:
        result = mypy("--strict", "--config-file=", "--python-version=3.11", "-p", package, cwd=python_dir)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Success: no issues found" in result.stdout


def test_generator_passes_mypy_strict() -> None:
    result = mypy(cwd=ROOT)  # [tool.mypy] in pyproject.toml: strict, files = generator
    assert result.returncode == 0, result.stdout + result.stderr
