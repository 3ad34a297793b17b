"""The formatter gives black only the statements that can wrap; the result must be black's, exactly."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import black
import pytest

from conftest import EDGE_MODEL, ROOT
from generator.config import Target, load_config
from generator.emitters import Artifact, TargetModel
from generator.emitters.registry import EMITTERS
from generator.errors import TemplateError
from generator.format import LINE_LENGTH, Formatter, black_mode, plan_module
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
def test_formatting_is_what_black_makes_of_the_whole_module(
    modules: list[Artifact], workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("generator.format.POOL_MODULE_CHARACTERS", 0 if workers > 1 else 10**12)
    formatted = Formatter(cache_dir=None, workers=workers).format_all(modules)
    assert len(modules) >= 6
    for before, after in zip(modules, formatted):
        assert after.text == black.format_str(before.text, mode=black_mode()), before.path


def test_only_statements_with_a_long_line_go_to_black(modules: list[Artifact]) -> None:
    for module in modules:
        plan = plan_module(module)
        lines = module.text.splitlines()
        for statement in plan.statements:
            span = lines[statement.first : statement.last + 1]
            assert any(len(line) > LINE_LENGTH for line in span), (module.path, statement.first)
    assert sum(len(plan_module(m).statements) for m in modules) > 10


# Each piece of layout black must see on its own: headers, decorators, bodies, else-blocks.
TRICKY = """\
import os


@decorator_with_a_long_argument_list("aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbb", "ccccccccccccccccc")
class Outer(BaseClassNumberOne, BaseClassNumberTwo, BaseClassNumberThree, BaseClassNumberFour4, Five):
    \"\"\"A docstring line that is much longer than one hundred characters and that black must leave exactly as it is.\"\"\"

    attribute_with_a_long_name: dict[str, tuple[int, ...]] | list[frozenset[str]] | set[bytes] | None = None

    @classmethod
    def from_dict(cls, data_argument: Mapping[str, Any], other_argument: int = 0) -> "OuterClassName":
        # a comment before the body that is also quite long, well past the limit of one hundred chars
        if data_argument and other_argument and data_argument.get("key_number_one") is not None:
            return cls(attribute_with_a_long_name={"k": (1, 2, 3)}, other=[x for x in range(100) if x])
        elif data_argument.get("key_number_two") is not None and other_argument > 1000000 and other_argument:
            pass
        else:
            value = some_function_with_a_long_name(data_argument, other_argument, keyword_argument=True, x=1)
        try:
            pass
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, LookupError, OSError) as e:
            raise RuntimeError("a message that is long enough to push this line past the limit") from e
        return cls()


x = {"short": 1}
"""


def test_statements_formatted_alone_are_formatted_as_in_the_module() -> None:
    artifact = Artifact(PurePosixPath("m.py"), TRICKY, "t.jinja")
    plan = plan_module(artifact)
    assert len(plan.statements) >= 6
    formatted = Formatter(cache_dir=None, workers=1).format(artifact).text
    assert formatted == black.format_str(TRICKY, mode=black_mode())


def test_cache_is_one_file_per_target_and_serves_every_statement(
    modules: list[Artifact], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = Formatter(cache_dir=tmp_path, workers=1).format_all(modules)
    assert len(list((tmp_path / "format").iterdir())) == 1

    def no_black(source: str) -> str:
        raise AssertionError("black ran on a cached statement")

    monkeypatch.setattr("generator.format.format_chunk", no_black)
    warm = Formatter(cache_dir=tmp_path, workers=1).format_all(modules)
    assert [a.text for a in warm] == [a.text for a in cold]


def test_invalid_python_names_template_file_and_line() -> None:
    artifact = Artifact(PurePosixPath("pkg/m.py"), "x = 1\ndef f(:\n    pass\n", "python/package/m.py.jinja")
    with pytest.raises(TemplateError, match=r"^templates/python/package/m\.py\.jinja: rendered invalid "
                                           r"Python for pkg/m\.py at line 2, column \d+: .*'def f\(:'"):
        Formatter(cache_dir=None).format(artifact)
