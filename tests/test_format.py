"""The formatter cuts modules into chunks for black; the result must be black's, exactly."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import black
import pytest

from conftest import EDGE_MODEL, ROOT
from generator.config import Target, load_config
from generator.emitters import Artifact, TargetModel
from generator.emitters.registry import EMITTERS
from generator.errors import TemplateError
from generator.format import Formatter, black_mode, python_chunks
from generator.graph import build_graph
from generator.worker import load_model

EDGE_TARGET = Target(service="edgecase", operations=None, package="edge_shapes", model=EDGE_MODEL)


def rendered_python() -> list[Artifact]:
    """Every Python module the configured targets and the edge-case model render, unformatted."""
    targets = [*load_config(ROOT / "pyproject.toml").targets, EDGE_TARGET]
    artifacts = []
    for target in targets:
        graph = build_graph(load_model(target), target.operations)
        for emitter in EMITTERS.values():
            artifacts += [a for a in emitter.emit(TargetModel(graph, target)) if a.path.suffix == ".py"]
    return artifacts


@pytest.fixture(scope="module")
def modules() -> list[Artifact]:
    return rendered_python()


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "process-pool"])
def test_chunked_formatting_is_what_black_makes_of_the_whole_module(
    modules: list[Artifact], workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.format.POOL_THRESHOLD_LINES", 0 if workers > 1 else 10**9)
    formatted = Formatter(cache_dir=None, workers=workers).format_all(modules)
    assert len(modules) >= 6
    for before, after in zip(modules, formatted):
        assert after.text == black.format_str(before.text, mode=black_mode()), before.path


def test_chunks_are_cut_before_definitions_and_lose_nothing(modules: list[Artifact]) -> None:
    models = next(a for a in modules if a.path.name == "models.py")
    chunks = python_chunks(models)
    assert "".join(chunks) == models.text
    assert len(chunks) > 50
    for chunk in chunks[1:]:
        first = chunk.lstrip("\n").split("\n", 1)[0]
        assert first.startswith(("class ", "def ", "@")), first


def test_a_comment_above_a_definition_stays_with_it() -> None:
    text = "import os\n\n\n# about f\ndef f() -> None:\n    pass\n\n\nclass A:\n    x = 1\n"
    chunks = python_chunks(Artifact(PurePosixPath("m.py"), text, "t.jinja"))
    assert chunks == ["import os\n\n\n# about f\ndef f() -> None:\n    pass\n\n\n", "class A:\n    x = 1\n"]


def test_cache_serves_each_chunk_once_and_formatting_is_unchanged(modules: list[Artifact], tmp_path: Path) -> None:
    cold = Formatter(cache_dir=tmp_path).format_all(modules)
    entries = sorted((tmp_path / "format").glob("*.py"))
    distinct = {chunk for artifact in modules for chunk in python_chunks(artifact)}
    assert len(entries) == len(distinct)
    warm = Formatter(cache_dir=tmp_path).format_all(modules)
    assert [a.text for a in warm] == [a.text for a in cold]
    assert sorted((tmp_path / "format").glob("*.py")) == entries


def test_invalid_python_names_template_file_and_line() -> None:
    artifact = Artifact(PurePosixPath("pkg/m.py"), "x = 1\ndef f(:\n    pass\n", "python/package/m.py.jinja")
    with pytest.raises(TemplateError, match=r"^templates/python/package/m\.py\.jinja: rendered invalid "
                                           r"Python for pkg/m\.py at line 2, column \d+: .*'def f\(:'"):
        Formatter(cache_dir=None).format(artifact)
