"""The Python surface of one shape graph: names, annotations, codecs, docstrings, decided once."""

from __future__ import annotations

from generator.doctext import html_to_text
from generator.graph import Member, ScalarShape, ShapeGraph, StructureShape
from generator.graph.customizations import Effect, added_members, has_effect
from generator.graph.facts import RESPONSE_METADATA, json_form_differs, reaching
from generator.python.annotations import STR
from generator.python.codecs import PLAIN_STRING, Codecs
from generator.python.naming import (
    CLASS_BODY_NAMES,
    MODULE_NAMES,
    attribute_names,
    enum_member_names,
    helper_shapes,
    module_names,
)
from generator.python.surface import (
    ERROR_KEY,
    UNKNOWN_MEMBERS,
    UNKNOWN_UNION_MEMBER,
    DataClass,
    EnumClass,
    EnumMember,
    Field,
    OperationEntry,
    PythonSurface,
)

DOC_WIDTH = 80


def build_surface(graph: ShapeGraph, package: str) -> PythonSurface:
    enum_shapes = list(graph.enums())
    struct_shapes = list(graph.structures())
    names, helper_names = module_names(
        [s.name for s in enum_shapes + struct_shapes], helper_shapes(graph), MODULE_NAMES
    )
    json_differs = _json_differs(graph)
    codecs = Codecs(graph, names, helper_names, json_differs)
    output_shapes = {op.output for op in graph.operations if op.output}
    output_shapes.update(e for op in graph.operations for e in op.errors)  # boto3 adds the same metadata

    enums = tuple(
        sorted((_enum_class(shape, names[shape.name]) for shape in enum_shapes), key=lambda e: e.name)
    )
    defined = {e.name for e in enums}
    classes = []
    for shape in struct_shapes:
        data_class = _data_class(shape, names[shape.name], codecs, defined, shape.name in output_shapes, graph)
        classes.append(data_class)
        defined.add(data_class.name)
    return PythonSurface(
        package=package,
        service=graph.service,
        enums=enums,
        classes=tuple(classes),
        helpers=codecs.helpers(),
        operations=tuple(
            OperationEntry(
                name=op.name,
                input=names[op.input] if op.input else None,
                output=names[op.output] if op.output else None,
                errors=tuple(names[e] for e in op.errors),
            )
            for op in graph.operations
        ),
    )


def _json_differs(graph: ShapeGraph) -> frozenset[str]:
    """Shapes whose JSON form is not their boto3 form: those reaching a timestamp or a blob,
    and those reaching a structure. A structure's members may differ in form (an event
    stream, a handler's bytes or text), and whatever it does not know may hold a timestamp
    or bytes (what a newer botocore parsed), which its JSON dump writes as JSON."""
    return json_form_differs(graph) | reaching(graph, lambda shape: isinstance(shape, StructureShape))


def _enum_class(shape: ScalarShape, name: str) -> EnumClass:
    member_names = enum_member_names(shape.enum)
    return EnumClass(
        name=name,
        shape=shape.name,
        doc=html_to_text(shape.documentation, DOC_WIDTH - 4) or f"Values of ``{shape.name}``.",
        members=tuple(EnumMember(name=member_names[v], value=v) for v in dict.fromkeys(shape.enum)),
    )


def _data_class(
    shape: StructureShape,
    name: str,
    codecs: Codecs,
    defined: set[str],
    is_output: bool,
    graph: ShapeGraph,
) -> DataClass:
    added = added_members(shape)
    wire_names = [m.name for m in shape.members] + [name for name, _ in added]
    attrs = attribute_names(wire_names, CLASS_BODY_NAMES)
    synthetic = []  # keys boto3 adds beside the model's members
    if is_output and RESPONSE_METADATA not in attrs:
        synthetic.append(RESPONSE_METADATA)
    if (shape.union or shape.event_stream) and UNKNOWN_UNION_MEMBER not in attrs:
        synthetic.append(UNKNOWN_UNION_MEMBER)
    if shape.exception and ERROR_KEY not in attrs:
        synthetic.append(ERROR_KEY)
    # Named like the keys, so ``unknown_members`` yields to a model member of that name too.
    extra = attribute_names([*synthetic, UNKNOWN_MEMBERS], CLASS_BODY_NAMES | set(attrs.values()))
    # A key is read for one member only: the parser counts the members it found to tell
    # whether a key is unknown. An alias that is another member's name (or another alias) is
    # dropped; no botocore model has one.
    read_keys = set(wire_names) | set(synthetic)

    fields = []
    for member in shape.members:
        codec = codecs.for_member(shape.name, member)
        doc_html = member.documentation or graph[member.target].documentation
        required = member.required and not has_effect(member, Effect.AUTO_FILLED)
        fields.append(
            Field(
                attr=attrs[member.name],
                wire=member.name,
                annotation=codec.annotation if required else codec.annotation.optional(),
                forward=bool(codec.refs - defined),
                required=required,
                doc=html_to_text(doc_html, DOC_WIDTH - 4),
                codec=codec,
                aliases=_aliases(member, read_keys),
            )
        )
    for wire, entry in added:
        fields.append(
            Field(
                attr=attrs[wire],
                wire=wire,
                annotation=STR.optional(),
                forward=False,
                required=False,
                doc=f"Added by botocore ({entry.citation}): the header's text, kept also when it is not a timestamp.",
                codec=PLAIN_STRING,
            )
        )
    doc = html_to_text(shape.documentation, DOC_WIDTH - 4) or f"The ``{shape.name}`` structure."
    own = codecs.structure_helpers(shape.name)
    # The keys the parser reads; any other key of the data is kept in ``unknown_members``.
    known = [key for f in fields for key in (f.wire, *f.aliases)] + synthetic
    return DataClass(
        name=name,
        shape=shape.name,
        parse_name=own["parse"],
        builder_name=own["builder"],
        dump_name=own["dump"],
        dump_json_name=own["dump_json"],
        known_name=own["known"],
        doc=doc,
        fields=tuple(fields),
        union=shape.union or shape.event_stream,
        response_metadata=extra.get(RESPONSE_METADATA),
        unknown_member=extra.get(UNKNOWN_UNION_MEMBER),
        error_info=extra.get(ERROR_KEY),
        unknown_members=extra[UNKNOWN_MEMBERS],
        known_keys=tuple(sorted(known)),
    )


def _aliases(member: Member, read_keys: set[str]) -> tuple[str, ...]:
    """Other keys boto3 takes the member under (botocore's ParameterAlias) that no other member
    reads; each is then taken (``read_keys`` grows)."""
    aliases = []
    for c in member.customizations:
        if c.effect is Effect.ALIAS and c.value and c.value not in read_keys:
            read_keys.add(c.value)
            aliases.append(c.value)
    return tuple(aliases)
