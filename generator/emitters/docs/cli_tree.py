"""The parts of the docs that follow the AWS CLI's help page exactly.

awscli (``awscli/clidocs.py``) decides how a type is named, what the synopsis lists and
where the output tree stops recursing; the rules here are the same rules, read from
the shape graph, and ``tests/test_docs_awscli.py`` checks them against awscli itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from botocore import xform_name

from generator.graph.facts import has_streaming_output, is_streaming_blob
from generator.graph import ListShape, MapShape, Member, Operation, ScalarShape, Shape, ShapeGraph, ShapeKind, StructureShape

RECURSIVE_MARKER = "( ... recursive ... )"
# How many times a shape may already be on the path before awscli stops descending:
# it documents a recursive shape twice, then cuts (clidocs.CLIDocumentEventHandler._doc_member).
MAX_ON_PATH = 2


def cli_type_name(shape: Shape, member: Member | None = None) -> str:
    """The type in parentheses, as awscli prints it (``_get_argument_type_name``)."""
    if member is not None and member.json_value and member.location == "header" and shape.kind == ShapeKind.STRING:
        return "JSON"
    if shape.kind == ShapeKind.DOCUMENT:
        return "document"
    if is_streaming_blob(shape, member):
        return "streaming blob"
    if isinstance(shape, StructureShape) and shape.union:
        return "tagged union structure"
    return shape.kind.value


def is_botocore_structure(shape: Shape) -> bool:
    """botocore's ``type_name == 'structure'``: documents are structures there."""
    return isinstance(shape, StructureShape) or shape.kind == ShapeKind.DOCUMENT


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """One line of the CLI's output tree: ``Name -> (type)``, ``(type)``, the recursion marker, or
    the marker of a repeated subtree."""

    depth: int
    name: str | None  # None for list members and for the recursion marker
    shape: str
    type_name: str
    documentation: str  # the member's documentation, else its shape's (as botocore resolves it)
    recursive: bool = False
    repeated: bool = False  # stands for a large subtree already on the page (not awscli's)


def documented_children(shape: Shape) -> list[tuple[str | None, str, Member | None]]:
    """(label, target shape, member) for what awscli documents under ``shape``, in model order."""
    if isinstance(shape, StructureShape):
        return [(m.name, m.target, m) for m in shape.members]
    if isinstance(shape, MapShape):
        return [(shape.key_location_name or "key", shape.key, None),
                (shape.value_location_name or "value", shape.value, None)]
    if isinstance(shape, ListShape):
        return [(None, shape.member, None)]
    return []


@dataclass(frozen=True, slots=True)
class CliOption:
    """A request member as an awscli option: ``--instance-id``, or ``--force | --no-force``."""

    member: Member
    names: tuple[str, ...]
    required: bool

    @property
    def synopsis(self) -> str:
        text = " | ".join(self.names) if len(self.names) > 1 else f"{self.names[0]} <value>"
        return text if self.required else f"[{text}]"


def command_name(operation: str) -> str:
    return str(xform_name(operation, "-"))


def cli_options(graph: ShapeGraph, input_shape: str | None) -> list[CliOption]:
    """The options awscli builds from the input members (``_create_argument_table``), in model order.

    awscli adds options of its own on top for some operations (pagination, customizations);
    only what the model implies is listed.
    """
    shape = graph[input_shape] if input_shape else None
    if not isinstance(shape, StructureShape):
        return []
    options = []
    for member in shape.members:
        name = f"--{xform_name(member.name, '-')}"
        boolean = graph[member.target].kind == ShapeKind.BOOLEAN
        names = (name, f"--no-{name[2:]}") if boolean else (name,)
        options.append(CliOption(member, names, member.required and not member.idempotency_token))
    return options


# What awscli adds to an operation's synopsis before the global options: a positional
# ``outfile`` for a streaming response body, otherwise the JSON input options.
CLI_INPUT_OPTIONS = ("[--cli-input-json <value>]", "[--generate-cli-skeleton <value>]")
OUTFILE = "<outfile>"


def synopsis(graph: ShapeGraph, operation: Operation) -> list[str]:
    options = [o.synopsis for o in cli_options(graph, operation.input)]
    extra = (OUTFILE,) if has_streaming_output(graph, operation) else CLI_INPUT_OPTIONS
    return [command_name(operation.name), *options, *extra]
