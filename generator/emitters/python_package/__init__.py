"""The Python package emitter: frozen dataclasses with exact boto3 (de)serialisation.

Decisions live here (names, types, how each kind of shape is parsed and dumped);
``templates/python/package/`` holds only the layout of the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from generator import __version__
from generator.config import Target
from generator.doctext import html_to_text
from generator.emitters import Artifact
from generator.python.codecs import Codec, Codecs, ContainerHelper
from generator.graph import ListShape, MapShape, ScalarShape, ShapeGraph, ShapeKind, StructureShape
from generator.graph.model import reaching
from generator.escape import FILTERS, py_comment, py_str
from generator.python.naming import attribute_names, enum_member_names, module_names
from generator.render import Templates

# Every name models.py and __init__.py use besides those the model decides: imports,
# ``_runtime`` helpers, builtins, the fixed module-level names, locals. No class or helper
# may take one. tests/test_injection.py collects these from generated modules and fails
# when a template starts using a name that is missing here.
MODULE_NAMES = frozenset(
    {"Any", "Mapping", "Self", "dataclass", "datetime", "OpenStrEnum", "ShapeValidationError", "OPERATIONS",
     "BOTOCORE_VERSION", "MODEL_SHA256", "__all__", "__post_init__",
     "_blob", "_blob_json", "_bool", "_builder", "_document", "_enum", "_float", "_int", "_key", "_list", "_new",
     "_object", "_one_of", "_required", "_str", "_timestamp", "_timestamp_json", "_unknown_member",
     "bool", "bytes", "classmethod", "dict", "float", "int", "len", "list", "object", "str", "tuple", "type",
     "from_dict", "to_dict", "to_json_dict",
     "append", "cls", "d", "data", "exc", "items", "k", "key", "obj", "out", "parsed", "present", "self", "v"}
)
# Names a structure's class body evaluates while the class is made (annotations, the
# ``classmethod`` decorator, method signatures) and its methods: an attribute must not
# shadow or replace one. Attributes are lower-case, so the capitalised names are here
# for completeness. Checked against the generated code like MODULE_NAMES.
CLASS_BODY_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "datetime", "Any", "Mapping", "classmethod",
     "from_dict", "to_dict", "to_json_dict", "__post_init__"}
)
# boto3 adds these to what it returns; the generated classes keep them so that
# ``from_dict(x).to_dict() == x``.
RESPONSE_METADATA = "ResponseMetadata"
UNKNOWN_UNION_MEMBER = "SDK_UNKNOWN_MEMBER"

DOC_WIDTH = 80


@dataclass(frozen=True, slots=True)
class EnumMember:
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class EnumClass:
    name: str
    shape: str
    doc: str
    members: tuple[EnumMember, ...]


@dataclass(frozen=True, slots=True)
class Field:
    attr: str
    wire: str
    annotation: str
    required: bool
    doc: str
    codec: Codec


@dataclass(frozen=True, slots=True)
class DataClass:
    name: str
    shape: str
    parse_name: str
    builder_name: str
    doc: str
    fields: tuple[Field, ...]
    union: bool
    # Synthetic fields, outside the model: None when the class has none.
    response_metadata: str | None
    unknown_member: str | None
    json_differs: bool

    @property
    def attrs(self) -> tuple[str, ...]:
        """Every attribute in field order: the model's members, then the synthetic ones."""
        extra = (self.unknown_member, self.response_metadata)
        return tuple(f.attr for f in self.fields) + tuple(a for a in extra if a)


@dataclass(frozen=True, slots=True)
class OperationEntry:
    name: str
    input: str | None
    output: str | None


@dataclass(frozen=True, slots=True)
class Module:
    """Everything models.py says, decided; classes in definition order."""

    enums: tuple[EnumClass, ...]
    classes: tuple[DataClass, ...]
    helpers: tuple[ContainerHelper, ...]
    operations: tuple[OperationEntry, ...]

    @property
    def exported(self) -> list[str]:
        names = [*(e.name for e in self.enums), *(c.name for c in self.classes)]
        return sorted([*names, "OPERATIONS", "ShapeValidationError"])


class PythonPackageEmitter:
    name = "python"

    def emit(self, graph: ShapeGraph, target: Target) -> list[Artifact]:
        templates = Templates(filters=FILTERS)
        module = build_module(graph)
        header = generated_header(graph)
        package = PurePosixPath("python", target.package)
        context = {
            "header": header,
            "package": target.package,
            "service": graph.service,
            "operations": module.operations,
            "enums": module.enums,
            "classes": module.classes,
            "helpers": module.helpers,
            "exported": module.exported,
            "generator_version": __version__,
            "response_metadata_key": RESPONSE_METADATA,
            "unknown_member_key": UNKNOWN_UNION_MEMBER,
        }
        files = ["__init__.py", "_runtime.py", "models.py", "py.typed", "pyproject.toml"]
        return [
            Artifact(
                path=package / name,
                text=templates.render(f"python/package/{name}.jinja", **context),
                template=f"python/package/{name}.jinja",
            )
            for name in files
        ]


def build_module(graph: ShapeGraph) -> Module:
    enum_shapes = list(graph.enums())
    struct_shapes = list(graph.structures())
    helper_shapes = [s.name for s in graph if isinstance(s, (StructureShape, ListShape, MapShape))]
    names, helper_names = module_names([s.name for s in enum_shapes + struct_shapes], helper_shapes, MODULE_NAMES)
    # Only classes that reach a timestamp or a blob need a JSON form of their own.
    json_differs = reaching(graph, lambda s: s.kind in (ShapeKind.TIMESTAMP, ShapeKind.BLOB))
    codecs = Codecs(graph, names, helper_names, json_differs)
    output_shapes = {op.output for op in graph.operations if op.output}

    enums = tuple(
        sorted((_enum_class(shape, names[shape.name]) for shape in enum_shapes), key=lambda e: e.name)
    )
    defined = {e.name for e in enums}
    classes = []
    for shape in struct_shapes:
        classes.append(
            _data_class(shape, names[shape.name], codecs, defined, shape.name in output_shapes,
                        shape.name in json_differs, graph)
        )
        defined.add(names[shape.name])
    return Module(
        enums=enums,
        classes=tuple(classes),
        helpers=codecs.helpers(),
        operations=tuple(
            OperationEntry(
                name=op.name,
                input=names[op.input] if op.input else None,
                output=names[op.output] if op.output else None,
            )
            for op in graph.operations
        ),
    )


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
    json_differs: bool,
    graph: ShapeGraph,
) -> DataClass:
    wire_names = [m.name for m in shape.members]
    attrs = attribute_names(wire_names, CLASS_BODY_NAMES)
    synthetic = []
    if is_output and RESPONSE_METADATA not in attrs:
        synthetic.append(RESPONSE_METADATA)
    if shape.union and UNKNOWN_UNION_MEMBER not in attrs:
        synthetic.append(UNKNOWN_UNION_MEMBER)
    extra = attribute_names(synthetic, CLASS_BODY_NAMES | set(attrs.values()))

    fields = []
    for member in shape.members:
        codec = codecs.for_shape(member.target)
        annotation = codec.annotation if member.required else f"{codec.annotation} | None"
        if codec.refs - defined:  # a class defined further down: only inside a cycle
            annotation = py_str(annotation)
        target = graph[member.target]
        doc_html = member.documentation or target.documentation
        fields.append(
            Field(
                attr=attrs[member.name],
                wire=member.name,
                annotation=annotation,
                required=member.required,
                doc=html_to_text(doc_html, DOC_WIDTH - 4),
                codec=codec,
            )
        )
    doc = html_to_text(shape.documentation, DOC_WIDTH - 4) or f"The ``{shape.name}`` structure."
    return DataClass(
        name=name,
        shape=shape.name,
        parse_name=codecs.parse_function(shape.name),
        builder_name=codecs.builder_name(shape.name),
        doc=doc,
        fields=tuple(fields),
        union=shape.union,
        response_metadata=extra.get(RESPONSE_METADATA),
        unknown_member=extra.get(UNKNOWN_UNION_MEMBER),
        json_differs=json_differs,
    )


def generated_header(graph: ShapeGraph) -> str:
    """The comment every generated Python file starts with; model text made one safe line."""
    service = graph.service
    return (
        f"# Generated by shapegen {__version__} from the {py_comment(service.name)} model "
        f"({py_comment(service.api_version)}) of botocore {py_comment(service.botocore_version)}.\n"
        f"# Model sha256: {py_comment(service.model_sha256)}\n"
        "# Do not edit: regenerate with `make generate`."
    )
