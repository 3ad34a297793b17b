"""The skeleton emitter: CLI skeletons and valid examples, as a module and as files.

Every value is decided here (``generator.emitters.skeleton.cli_skeletons`` for the CLI's skeletons,
``generator.emitters.skeleton.examples`` for the examples, ``generator.emitters.skeleton.yaml_text`` for YAML); the
template only lays out ``<package>/skeleton.py``, and the JSON files are ``json.dumps``
of the same data, formatted as awscli prints it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from generator.config import Target
from generator.emitters import Artifact
from generator.emitters.python_package import generated_header
from generator.escape import FILTERS
from generator.escape import json_text
from generator.emitters.skeleton.examples import ExampleBuilder
from generator.graph import ShapeGraph
from generator.python.naming import function_names
from generator.render import Templates
from generator.emitters.skeleton.cli_skeletons import cli_skeleton
from generator.emitters.skeleton.yaml_text import yaml_document

TEMPLATE = "python/package/skeleton.py.jinja"
# Every name skeleton.py uses besides its generated functions (imports, fixed names,
# builtins, locals): no generated function may take one. tests/test_injection.py
# collects these from generated modules and fails when one is missing here.
MODULE_NAMES = frozenset(
    {"annotations", "argparse", "difflib", "json", "re", "sys", "Any", "Callable", "KINDS", "FORMATS",
     "SKELETONS", "skeleton", "render", "main", "_ENSURE_ASCII", "_SURROGATE", "_YAML", "__name__",
     "dict", "int", "list", "ord", "print", "str", "tuple",
     "args", "argv", "close", "format", "hint", "kind", "m", "operation", "parser", "text"}
)


@dataclass(frozen=True, slots=True)
class Kind:
    """One of the four things the module gives per operation."""

    name: str  # as the command line spells it
    suffix: str  # of the function name, as a wire-style word
    request: bool  # about the operation's input
    # awscli prints the input skeleton with json.dumps' default ensure_ascii and the
    # output through its JSON formatter, with ensure_ascii=False.
    ensure_ascii: bool


KINDS = (
    Kind("input", "Input", request=True, ensure_ascii=True),
    Kind("output", "Output", request=False, ensure_ascii=False),
    Kind("example-input", "ExampleInput", request=True, ensure_ascii=True),
    Kind("example-output", "ExampleOutput", request=False, ensure_ascii=False),
)


@dataclass(frozen=True, slots=True)
class Sample:
    kind: Kind
    function: str
    shape: str | None
    value: dict[str, Any]
    yaml: str

    @property
    def json(self) -> str:
        return awscli_json(self.value, self.kind.ensure_ascii)


@dataclass(frozen=True, slots=True)
class OperationSamples:
    name: str
    samples: tuple[Sample, ...]

    def __getitem__(self, kind: str) -> Sample:
        return next(s for s in self.samples if s.kind.name == kind)


def awscli_json(value: dict[str, Any], ensure_ascii: bool) -> str:
    """What awscli writes: ``json.dumps(value, indent=4)`` and a newline."""
    return json_text(value, indent=4, ensure_ascii=ensure_ascii) + "\n"


def build_samples(graph: ShapeGraph) -> tuple[OperationSamples, ...]:
    examples = ExampleBuilder(graph)
    functions = function_names(
        {(op.name, kind.suffix): f"{op.name}{kind.suffix}" for op in graph.operations for kind in KINDS}, MODULE_NAMES
    )
    result = []
    for op in graph.operations:
        samples = []
        for kind in KINDS:
            shape = op.input if kind.request else op.output
            if kind.name.startswith("example-"):
                value = examples.example(shape)
            else:
                value = cli_skeleton(graph, shape, use_member_names=not kind.request)
            samples.append(
                Sample(kind, functions[op.name, kind.suffix], shape, value, yaml_document(graph, shape, value))
            )
        result.append(OperationSamples(op.name, tuple(samples)))
    return tuple(result)


class SkeletonEmitter:
    name = "skeleton"

    def emit(self, graph: ShapeGraph, target: Target) -> list[Artifact]:
        operations = build_samples(graph)
        templates = Templates(filters=FILTERS)
        module = Artifact(
            path=PurePosixPath("python", target.package, "skeleton.py"),
            text=templates.render(
                TEMPLATE,
                header=generated_header(graph),
                package=target.package,
                service=graph.service,
                operations=operations,
                kinds=KINDS,
            ),
            template=TEMPLATE,
        )
        folder = PurePosixPath("skeleton", graph.service.name)
        files = []
        for op in operations:
            files.append(Artifact(folder / f"{op.name}.input.json", op["input"].json))
            files.append(Artifact(folder / f"{op.name}.output.json", op["output"].json))
            files.append(Artifact(folder / f"{op.name}.input.yaml", op["input"].yaml))
        return [module, *files]
