"""The docs emitter: one Markdown page per operation and an index per service.

Each page has what the AWS CLI's help page has (description, synopsis, request
parameters, the output tree cut where awscli cuts it, with large repeats linked on pages
past a bound: ``output_tree.py``), plus one anchored section per shape with its Python
class and attribute names and its constraints. Python decides everything here;
``templates/docs/service/`` holds the layout. Model documentation is data passed to the
templates as escaped Markdown, never template source or raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.doctext import html_to_markdown
from generator.emitters import Artifact, Claim, TargetModel
from generator.emitters.docs.cli_tree import RECURSIVE_MARKER, cli_options, cli_type_name, synopsis
from generator.emitters.docs.output_tree import REPEATED_MARKER, OutputTrees
from generator.escape import FILTERS, code_span, escape_markdown
from generator.graph import ListShape, MapShape, Member, Operation, ScalarShape, Shape, ShapeGraph, ShapeKind, StructureShape
from generator.graph.facts import reachable
from generator.limits import DOCS_EXACT_TREE_ENTRIES, DOCS_REPEAT_ENTRIES
from generator.python.surface import PythonSurface
from generator.render import Templates

# Markdown nests a list item's content by the width of its marker; four columns keep
# nested lists nested in Python-Markdown (MkDocs) as well as in CommonMark.
NEST = "    "
_LENGTH_KINDS = frozenset({ShapeKind.STRING, ShapeKind.BLOB})
_COUNT_KINDS = frozenset({ShapeKind.LIST, ShapeKind.MAP})


@dataclass(frozen=True, slots=True)
class OutputLine:
    indent: str
    name: str | None
    type_name: str
    shape: str
    anchor: str
    doc: str
    recursive: bool
    repeated: bool
    union_members: tuple[str, ...]  # code spans; empty unless a tagged union


@dataclass(frozen=True, slots=True)
class Parameter:
    option: str  # e.g. ``--instance-id`` or ``--force | --no-force``
    wire: str
    type_name: str
    required: bool
    python: str  # ``Class.attr: annotation`` as a code span
    shape: str
    anchor: str
    facts: tuple[str, ...]
    doc: str


@dataclass(frozen=True, slots=True)
class MemberLine:
    wire: str
    type_name: str
    shape: str
    anchor: str
    details: tuple[str, ...]  # required or optional, the Python attribute, the target's constraints
    doc: str


@dataclass(frozen=True, slots=True)
class ShapeSection:
    name: str
    anchor: str
    type_name: str
    python: str  # a sentence naming the Python class or enum, or ""
    doc: str
    facts: tuple[str, ...]
    members: tuple[MemberLine, ...]


@dataclass(frozen=True, slots=True)
class Page:
    operation: str
    file_name: str
    doc: str
    synopsis: tuple[str, ...]
    synopsis_fence: str
    parameters: tuple[Parameter, ...]
    output: tuple[OutputLine, ...]
    repeats: bool  # the output tree stands for some repeated subtrees by a link
    shapes: tuple[ShapeSection, ...]
    python_classes: tuple[str, ...]  # "request `pkg.Class`", "response `pkg.Class`"


class DocsEmitter:
    name = "docs"

    def claims(self, model: TargetModel) -> tuple[Claim, ...]:
        return (Claim(model.service_folder("docs"), folder=True),)

    def emit(self, model: TargetModel) -> list[Artifact]:
        graph = model.graph
        templates = Templates(filters=FILTERS)
        plan = DocsPlan(graph, model.surface)
        pages = plan.pages()
        folder = model.service_folder("docs")
        common = {
            "service": graph.service,
            "package": model.target.package,
            "recursive_marker": RECURSIVE_MARKER,
            "repeated_marker": REPEATED_MARKER,
            "exact_entries": f"{DOCS_EXACT_TREE_ENTRIES:,}",
            "repeat_entries": f"{DOCS_REPEAT_ENTRIES:,}",
        }
        artifacts = [
            Artifact(
                path=folder / page.file_name,
                text=templates.render("docs/service/operation.md.jinja", page=page, **common),
                template="docs/service/operation.md.jinja",
            )
            for page in pages
        ]
        index = templates.render(
            "docs/service/README.md.jinja", pages=pages, service_doc=plan.markdown(graph.service.documentation), **common
        )
        artifacts.append(Artifact(folder / "README.md", index, "docs/service/README.md.jinja"))
        return artifacts


def shape_anchors(names: Iterable[str]) -> dict[str, str]:
    """A unique HTML id per shape: ``shape-`` and the lower-cased name, numbered on a clash.

    Names are taken in sorted order, so an anchor never depends on which page it is on.
    """
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(names):
        base = "shape-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x")
        anchor, number = base, 1
        while anchor in used:
            number += 1
            anchor = f"{base}-{number}"
        used.add(anchor)
        anchors[name] = anchor
    return anchors


def _number(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _bounds(label: str, low: int | float | None, high: int | float | None) -> str | None:
    if low is not None and high is not None:
        joint = "-" if low >= 0 and high >= 0 else " to "
        return f"{label}: {_number(low)}{joint}{_number(high)}"
    if low is not None:
        return f"{label}: at least {_number(low)}"
    if high is not None:
        return f"{label}: at most {_number(high)}"
    return None


def constraints(shape: Shape) -> tuple[str, ...]:
    """Markdown facts: ``Length: 1-256``, ``Range: 1-5``, ``Count: ...``, pattern, valid values."""
    limits = shape.constraints
    label = "Length" if shape.kind in _LENGTH_KINDS else "Count" if shape.kind in _COUNT_KINDS else "Range"
    facts = [_bounds(label, limits.min, limits.max)]
    if limits.pattern is not None:
        facts.append(f"Pattern: {code_span(limits.pattern) or '(empty)'}")
    if isinstance(shape, ScalarShape):
        if shape.enum:
            facts.append("Valid values: " + ", ".join(code_span(v) or '""' for v in shape.enum))
        if shape.timestamp_format:
            facts.append(f"Timestamp format: {code_span(shape.timestamp_format)}")
    if shape.sensitive:
        facts.append("Sensitive")
    if shape.deprecated:
        facts.append("Deprecated")
    return tuple(f for f in facts if f)


class DocsPlan:
    """Everything the docs say about one graph, decided once and shared by its pages."""

    def __init__(self, graph: ShapeGraph, surface: PythonSurface) -> None:
        self.graph = graph
        self.surface = surface
        self.package = surface.package
        self.anchors = shape_anchors(graph.shapes)
        self.output_trees = OutputTrees(graph, DOCS_EXACT_TREE_ENTRIES, DOCS_REPEAT_ENTRIES)
        self._sections: dict[str, ShapeSection] = {}
        self._markdown: dict[str, str] = {}

    def markdown(self, html: str) -> str:
        """Model HTML as Markdown, once per text: the output tree repeats the same docs."""
        if html not in self._markdown:
            self._markdown[html] = html_to_markdown(html)
        return self._markdown[html]

    def pages(self) -> list[Page]:
        return [self._page(op) for op in self.graph.operations]

    def _page(self, op: Operation) -> Page:
        lines = synopsis(self.graph, op)
        longest_backticks = max((len(r) for line in lines for r in re.findall(r"`+", line)), default=0)
        output = self._output(op)
        return Page(
            operation=op.name,
            file_name=f"{op.name}.md",
            doc=self.markdown(op.documentation),
            synopsis=tuple(lines),
            synopsis_fence="`" * max(3, longest_backticks + 1),
            parameters=tuple(self._parameters(op)),
            output=tuple(output),
            repeats=any(line.repeated for line in output),
            shapes=tuple(self._section(name) for name in reachable(self.graph, (op.input, op.output))),
            python_classes=tuple(
                f"{role} {code_span(f'{self.package}.{data_class.name}')}"
                for role, name in (("request", op.input), ("response", op.output))
                if name and (data_class := self.surface.class_of(name))
            ),
        )

    def _python_member(self, structure: str, wire: str, qualified: bool = False) -> str:
        """``attr: annotation`` (``Class.attr: annotation`` if qualified) as a code span."""
        data_class = self.surface.class_of(structure)
        assert data_class is not None, structure
        field = data_class.field(wire)
        owner = f"{data_class.name}." if qualified else ""
        return code_span(f"{owner}{field.attr}: {field.annotation.render()}")

    def _parameters(self, op: Operation) -> list[Parameter]:
        params = []
        for option in cli_options(self.graph, op.input):
            member, target = option.member, self.graph[option.member.target]
            assert op.input is not None  # options exist only for an input structure
            params.append(
                Parameter(
                    option=" | ".join(code_span(n) for n in option.names),
                    wire=member.name,
                    type_name=cli_type_name(target, member),
                    required=option.required,
                    python=self._python_member(op.input, member.name, qualified=True),
                    shape=target.name,
                    anchor=self.anchors[target.name],
                    facts=constraints(target),
                    doc=self.markdown(member.documentation or target.documentation),
                )
            )
        return params

    def _output(self, op: Operation) -> list[OutputLine]:
        lines = []
        for entry in self.output_trees.entries(op.output):
            shape = self.graph[entry.shape]
            marker = entry.recursive or entry.repeated
            union = shape.members if isinstance(shape, StructureShape) and shape.union and not marker else ()
            lines.append(
                OutputLine(
                    indent=NEST * entry.depth,
                    name=entry.name,
                    type_name=entry.type_name,
                    shape=entry.shape,
                    anchor=self.anchors[entry.shape],
                    doc=self.markdown(entry.documentation),
                    recursive=entry.recursive,
                    repeated=entry.repeated,
                    union_members=tuple(code_span(m.name) for m in union),
                )
            )
        return lines

    def _section(self, name: str) -> ShapeSection:
        if name not in self._sections:
            self._sections[name] = self._make_section(self.graph[name])
        return self._sections[name]

    def _make_section(self, shape: Shape) -> ShapeSection:
        facts = list(constraints(shape))
        members: tuple[MemberLine, ...] = ()
        python = ""
        if isinstance(shape, StructureShape):
            data_class = self.surface.class_of(shape.name)
            assert data_class is not None, shape.name
            python = f"Python class {code_span(f'{self.package}.{data_class.name}')}."
            if shape.union:
                facts.append("Tagged union: exactly one member is set")
            members = tuple(self._member_line(shape, m) for m in shape.members)
        elif isinstance(shape, ScalarShape) and (enum := self.surface.enum_of(shape.name)):
            python = f"Python enum {code_span(f'{self.package}.{enum.name}')}: " + ", ".join(
                code_span(f"{enum.name}.{m.name}") for m in enum.members
            ) + "."
        elif isinstance(shape, ListShape):
            facts.insert(0, f"Member: {self._link(shape.member)}")
        elif isinstance(shape, MapShape):
            facts[:0] = [f"Key: {self._link(shape.key)}", f"Value: {self._link(shape.value)}"]
        return ShapeSection(
            name=shape.name,
            anchor=self.anchors[shape.name],
            type_name=cli_type_name(shape),
            python=python,
            doc=self.markdown(shape.documentation),
            facts=tuple(facts),
            members=members,
        )

    def _member_line(self, shape: StructureShape, member: Member) -> MemberLine:
        target = self.graph[member.target]
        return MemberLine(
            wire=member.name,
            type_name=cli_type_name(target, member),
            shape=target.name,
            anchor=self.anchors[target.name],
            details=(
                "required" if member.required else "optional",
                f"Python {self._python_member(shape.name, member.name)}",
                *constraints(target),
            ),
            doc=self.markdown(member.documentation),
        )

    def _link(self, name: str) -> str:
        return f"[{escape_markdown(name)}](#{self.anchors[name]}) ({cli_type_name(self.graph[name])})"
