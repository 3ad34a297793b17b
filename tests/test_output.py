"""The committed output: up to date, deterministic, self-describing, installable."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import black
import libcst

from conftest import GENERATED, ROOT, tree
from generator.config import load_config
from generator.format import Formatter, black_mode
from generator.graph import StructureShape, build_graph
from generator.load import load_installed
from generator.pipeline import generate, stale_files


def output_files(root: Path) -> dict[str, bytes]:
    return tree(root, skip_tool_leftovers=True)


def test_committed_output_is_up_to_date() -> None:
    config = load_config(ROOT / "pyproject.toml")
    assert stale_files(config.targets, GENERATED) == []


def test_cached_and_uncached_runs_are_byte_identical(tmp_path: Path) -> None:
    config = load_config(ROOT / "pyproject.toml")
    cache = tmp_path / "cache"
    generate(config.targets, tmp_path / "cold", Formatter(cache_dir=cache))
    generate(config.targets, tmp_path / "warm", Formatter(cache_dir=cache))  # served from the cache
    generate(config.targets, tmp_path / "none", Formatter(cache_dir=None))
    runs = [output_files(tmp_path / name) for name in ("cold", "warm", "none")]
    assert runs[0] == runs[1] == runs[2] == output_files(GENERATED)
    assert list((cache / "format").glob("*.json"))


def test_manifest_lists_every_file_with_its_hash() -> None:
    manifest = json.loads((GENERATED / "manifest.json").read_text())
    files = {k: v for k, v in output_files(GENERATED).items() if k != "manifest.json"}
    assert manifest["files"] == {k: hashlib.sha256(v).hexdigest() for k, v in files.items()}
    assert manifest["botocore"] == __import__("botocore").__version__


def test_no_timestamps_and_a_truthful_header() -> None:
    model = load_installed("connect")
    for name, content in output_files(GENERATED).items():
        text = content.decode()
        assert not re.search(r"20\d\d-\d\d-\d\d[T ]\d\d:\d\d", text), name
        if name.endswith(".py"):
            assert f"botocore {model.botocore_version}" in text.splitlines()[0]
            assert model.sha256 in text.splitlines()[1]


def test_python_output_is_black_formatted() -> None:
    for name, content in output_files(GENERATED).items():
        if name.endswith(".py"):
            text = content.decode()
            assert black.format_str(text, mode=black_mode()) == text, name


def test_module_api_read_back_with_libcst_matches_the_graph() -> None:
    """What models.py defines, read with libcst, is what the shape graph says it must."""
    graph = build_graph(load_installed("connect"), ["DescribeContact"])
    module = libcst.parse_module((GENERATED / "python" / "connect_shapes" / "models.py").read_text())
    classes: dict[str, list[str]] = {}
    for statement in module.body:
        if isinstance(statement, libcst.ClassDef):
            classes[statement.name.value] = [
                line.body[0].target.value  # type: ignore[attr-defined]
                for line in statement.body.body
                if isinstance(line, libcst.SimpleStatementLine)
                and isinstance(line.body[0], libcst.AnnAssign)
            ]
    structures = [s for s in graph if isinstance(s, StructureShape)]
    enums = list(graph.enums())
    assert len(classes) == len(structures) + len(enums)
    for shape in structures:
        fields = classes[shape.name]
        assert len(fields) >= len(shape.members)  # plus response_metadata / sdk_unknown_member
        assert fields[-1] == "unknown_members"
    assert classes["Expression"] == [
        "attribute_condition", "and_expression", "or_expression", "not_attribute_condition", "unknown_members"
    ]


def test_generated_package_installs_with_pip_and_imports_alone(tmp_path: Path) -> None:
    source = tmp_path / "connect_shapes"  # a copy: setuptools leaves build/ in the folder it builds
    shutil.copytree(GENERATED / "python" / "connect_shapes", source)
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stderr
    installed = sorted(p.name for p in (target / "connect_shapes").iterdir() if not p.name.startswith("__pycache__"))
    assert {"__init__.py", "_runtime.py", "models.py", "py.typed"} <= set(installed)
    # -S: no site-packages, so only the standard library and the installed package are importable.
    probe = subprocess.run(
        [sys.executable, "-S", "-c",
         "import sys; sys.path.insert(0, sys.argv[1]); import connect_shapes as c; "
         "print(c.DescribeContactRequest(instance_id='i', contact_id='c').to_dict())", str(target)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": ""},
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "{'InstanceId': 'i', 'ContactId': 'c'}"


def test_generator_wheel_ships_the_templates(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp_path.glob("shapegen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*.jinja")}
    assert templates and {f"generator/{t}" for t in templates} <= names
    assert "generator/cli.py" in names
