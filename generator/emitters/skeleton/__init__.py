"""The skeleton emitter: CLI skeletons and valid examples, as a module and as files.

Every decision is made in this package, per shape (``cli_skeletons`` for the CLI's
skeletons, ``examples`` and ``regex_sample`` for the examples, ``yaml_text`` for YAML
comments) and recorded in a table (``table``); function names come from the one namer
(``generator.python.naming``). The template lays out ``<package>/skeleton.py``: the
table and the walker that computes every skeleton and example from it when asked. The
static files are CLI skeletons walked here, as awscli prints them, each only while it
holds at most MAX_SKELETON_FILE_VALUES values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.emitters import Artifact, Claim, TargetModel
from generator.emitters.skeleton.cli_skeletons import cli_skeleton
from generator.emitters.skeleton.table import SkeletonTable, build_table
from generator.emitters.skeleton.yaml_text import yaml_document
from generator.escape import FILTERS, json_text
from generator.graph import ShapeGraph
from generator.limits import MAX_SKELETON_FILE_VALUES
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

    @property
    def example(self) -> bool:
        return self.name.startswith("example-")


KINDS = (
    Kind("input", "Input", request=True, ensure_ascii=True),
    Kind("output", "Output", request=False, ensure_ascii=False),
    Kind("example-input", "ExampleInput", request=True, ensure_ascii=True),
    Kind("example-output", "ExampleOutput", request=False, ensure_ascii=False),
)


@dataclass(frozen=True, slots=True)
class Sample:
    """One function of the module: which walk (``call``) over which row, with which flag."""

    kind: Kind
    function: str
    shape: str | None
    row: int | None

    @property
    def call(self) -> str:
        return "_example" if self.kind.example else "_cli"

    @property
    def flag(self) -> bool:
        """``output`` for an example, ``use_member_names`` for a CLI skeleton: both mean a response."""
        return not self.kind.request


@dataclass(frozen=True, slots=True)
class OperationSamples:
    name: str
    input: str | None
    output: str | None
    samples: tuple[Sample, ...]


def awscli_json(value: dict[str, Any], ensure_ascii: bool) -> str:
    """What awscli writes: ``json.dumps(value, indent=4)`` and a newline."""
    return json_text(value, indent=4, ensure_ascii=ensure_ascii) + "\n"


def operation_samples(graph: ShapeGraph, table: SkeletonTable) -> tuple[OperationSamples, ...]:
    functions = skeleton_function_names((op.name for op in graph.operations), (kind.suffix for kind in KINDS))
    result = []
    for op in graph.operations:
        samples = []
        for kind in KINDS:
            shape = op.input if kind.request else op.output
            row = table.index[shape] if shape is not None else None
            samples.append(Sample(kind, functions[op.name, kind.suffix], shape, row))
        result.append(OperationSamples(op.name, op.input, op.output, tuple(samples)))
    return tuple(result)


def render_module(graph: ShapeGraph, package: str) -> str:
    """The text of ``<package>/skeleton.py`` (before formatting)."""
    table, _ = build_table(graph)
    return Templates(filters=FILTERS).render(
        TEMPLATE,
        header=python_header(graph.service),
        package=package,
        service=graph.service,
        operations=operation_samples(graph, table),
        kinds=KINDS,
        ensure_ascii={kind.name: kind.ensure_ascii for kind in KINDS},
        request={kind.name: kind.request for kind in KINDS},
        table=table,
    )


def static_files(graph: ShapeGraph) -> dict[str, str]:
    """File name -> text of each CLI skeleton file small enough to write (see the limit)."""
    files: dict[str, str] = {}
    for op in graph.operations:
        value = cli_skeleton(graph, op.input, use_member_names=False, limit=MAX_SKELETON_FILE_VALUES)
        if value is not None:
            files[f"{op.name}.input.json"] = awscli_json(value, ensure_ascii=True)
        output = cli_skeleton(graph, op.output, use_member_names=True, limit=MAX_SKELETON_FILE_VALUES)
        if output is not None:
            files[f"{op.name}.output.json"] = awscli_json(output, ensure_ascii=False)
        if value is not None:
            files[f"{op.name}.input.yaml"] = yaml_document(graph, op.input, value)
    return files


class SkeletonEmitter:
    name = "skeleton"

    def claims(self, model: TargetModel) -> tuple[Claim, ...]:
        return (
            Claim(model.package_folder / MODULE),
            Claim(model.service_folder("skeleton"), folder=True),
        )

    def emit(self, model: TargetModel) -> list[Artifact]:
        module = Artifact(
            path=model.package_folder / MODULE,
            text=render_module(model.graph, model.target.package),
            template=TEMPLATE,
        )
        folder = model.service_folder("skeleton")
        files = [Artifact(folder / name, text) for name, text in static_files(model.graph).items()]
        return [module, *files]
