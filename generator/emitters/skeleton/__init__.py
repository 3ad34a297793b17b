"""The skeleton emitter: CLI skeletons and valid examples, as a module and as files.

Every value is decided in this package (``cli_skeletons`` for the CLI's skeletons,
``examples`` and ``regex_sample`` for the examples, ``yaml_text`` for YAML); function
names come from the one namer (``generator.python.naming``). The template only lays
out ``<package>/skeleton.py``, and the JSON files are ``json.dumps`` of the same
data, formatted as awscli prints it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.emitters import Artifact, Claim, TargetModel
from generator.emitters.skeleton.cli_skeletons import cli_skeleton
from generator.emitters.skeleton.examples import ExampleBuilder
from generator.emitters.skeleton.yaml_text import yaml_document
from generator.escape import FILTERS, json_text
from generator.graph import ShapeGraph
from generator.python.header import python_header
from generator.python.naming import skeleton_function_names
from generator.render import Templates

MODULE = "skeleton.py"  # in the generated package
TEMPLATE = "python/package/skeleton.py.jinja"


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
    functions = skeleton_function_names((op.name for op in graph.operations), (kind.suffix for kind in KINDS))
    result = []
    for op in graph.operations:
        samples = []
        for kind in KINDS:
            shape = op.input if kind.request else op.output
            if kind.name.startswith("example-"):
                value = examples.example(shape, output=not kind.request)
            else:
                value = cli_skeleton(graph, shape, use_member_names=not kind.request)
            samples.append(
                Sample(kind, functions[op.name, kind.suffix], shape, value, yaml_document(graph, shape, value))
            )
        result.append(OperationSamples(op.name, tuple(samples)))
    return tuple(result)


class SkeletonEmitter:
    name = "skeleton"

    def claims(self, model: TargetModel) -> tuple[Claim, ...]:
        return (
            Claim(model.package_folder / MODULE),
            Claim(model.service_folder("skeleton"), folder=True),
        )

    def emit(self, model: TargetModel) -> list[Artifact]:
        graph = model.graph
        operations = build_samples(graph)
        templates = Templates(filters=FILTERS)
        module = Artifact(
            path=model.package_folder / MODULE,
            text=templates.render(
                TEMPLATE,
                header=python_header(graph.service),
                package=model.target.package,
                service=graph.service,
                operations=operations,
                kinds=KINDS,
                ensure_ascii={kind.name: kind.ensure_ascii for kind in KINDS},
            ),
            template=TEMPLATE,
        )
        folder = model.service_folder("skeleton")
        files = []
        for op in operations:
            files.append(Artifact(folder / f"{op.name}.input.json", op["input"].json))
            files.append(Artifact(folder / f"{op.name}.output.json", op["output"].json))
            files.append(Artifact(folder / f"{op.name}.input.yaml", op["input"].yaml))
        return [module, *files]
