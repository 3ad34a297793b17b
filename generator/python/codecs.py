"""How each kind of shape becomes Python: its annotation, and how it is parsed and dumped.

A codec's expressions are written over a placeholder ``{v}`` (the value at hand, never
``None``). Scalars check the common case inline and call a ``_runtime`` helper only
on the slow path; structures, lists and maps get helper functions per shape in
``_codec.py``, so a recursive shape is a recursive call and an error can name the
member, index or key that failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.errors import ModelError
from generator.graph import ListShape, MapShape, Member, ScalarShape, ShapeGraph, ShapeKind, StructureShape
from generator.graph.customizations import Effect
from generator.graph.facts import MemberForm, member_forms
from generator.python.annotations import (
    ANY,
    BOOL,
    BYTES,
    DATETIME,
    EVENT_STREAM,
    FLOAT,
    INT,
    READABLE,
    STR,
    Annotation,
    DictOf,
    GeneratedClass,
    ListOf,
    Parameterized,
    UnionOf,
)


@dataclass(frozen=True, slots=True)
class Codec:
    annotation: Annotation
    parse: str
    dump: str
    dump_json: str
    dump_is_identity: bool = False
    dump_json_is_identity: bool = False
    parse_is_conditional: bool = False  # needs parentheses inside another conditional
    # The parse of a value that may be ``None`` (kept), where one test covers both: shorter
    # than ``None if v is None else (...)``, so the line rarely needs wrapping, and faster.
    optional_parse: str | None = None

    @property
    def refs(self) -> frozenset[str]:
        """Generated classes the annotation names."""
        return self.annotation.classes()

    def parse_of(self, var: str) -> str:
        return self.parse.replace("{v}", var)

    def optional_parse_of(self, var: str) -> str:
        """``None`` stays ``None``; anything else is parsed."""
        if self.optional_parse is not None:
            return self.optional_parse.replace("{v}", var)
        parse = self.parse_of(var)
        return f"None if {var} is None else " + (f"({parse})" if self.parse_is_conditional else parse)

    def dump_of(self, var: str) -> str:
        return self.dump.replace("{v}", var)

    def dump_json_of(self, var: str) -> str:
        return self.dump_json.replace("{v}", var)


def _checked(python_type: str, helper: str) -> str:
    return f"{{v}} if type({{v}}) is {python_type} else {helper}({{v}})"


def _scalar(annotation: Annotation, python_type: str, helper: str, dump_json: str | None = None) -> Codec:
    """A scalar is itself in the boto3 form; timestamps and blobs differ in JSON."""
    return Codec(
        annotation,
        _checked(python_type, helper),
        "{v}",
        dump_json or "{v}",
        dump_is_identity=True,
        dump_json_is_identity=dump_json is None,
        parse_is_conditional=True,
        optional_parse=f"{{v}} if {{v}} is None or type({{v}}) is {python_type} else {helper}({{v}})",
    )


_SCALARS: dict[ShapeKind, Codec] = {
    ShapeKind.STRING: _scalar(STR, "str", "_str"),
    ShapeKind.INTEGER: _scalar(INT, "int", "_int"),
    ShapeKind.LONG: _scalar(INT, "int", "_int"),
    ShapeKind.FLOAT: _scalar(FLOAT, "float", "_float"),
    ShapeKind.DOUBLE: _scalar(FLOAT, "float", "_float"),
    ShapeKind.BOOLEAN: _scalar(BOOL, "bool", "_bool"),
    ShapeKind.TIMESTAMP: _scalar(DATETIME, "datetime", "_timestamp", "_timestamp_json({v})"),
    ShapeKind.BLOB: _scalar(BYTES, "bytes", "_blob", "_blob_json({v})"),
    # A document is any JSON value; it is copied in and out, so the frozen object owns it.
    ShapeKind.DOCUMENT: Codec(ANY, "_document({v})", "_document({v})", "_document({v})"),
}


def _nullable(item: Codec) -> Codec:
    """The element codec of a sparse list or map: ``None`` stays ``None``."""
    def guard(expression: str) -> str:
        return f"None if {{v}} is None else ({expression})"

    return Codec(
        item.annotation.optional(),
        item.optional_parse or guard(item.parse),
        "{v}" if item.dump_is_identity else guard(item.dump),
        "{v}" if item.dump_json_is_identity else guard(item.dump_json),
        dump_is_identity=item.dump_is_identity,
        dump_json_is_identity=item.dump_json_is_identity,
        parse_is_conditional=True,
    )


# A plain string, for members botocore adds that no shape describes.
PLAIN_STRING = _SCALARS[ShapeKind.STRING]

# Members whose form is decided by the operation rather than the shape (``facts.MemberForm``).
_DOCUMENT = _SCALARS[ShapeKind.DOCUMENT]
_FORMS: dict[MemberForm, Codec] = {
    # botocore's StreamingBody, kept unread: to_dict gives the same object back.
    MemberForm.STREAMING_OUTPUT: Codec(READABLE, "_stream({v})", "{v}", "_stream_json({v})", dump_is_identity=True),
    MemberForm.STREAMING_INPUT: Codec(
        UnionOf((BYTES, READABLE)), "_body({v})", "{v}", "_stream_json({v})", dump_is_identity=True
    ),
    MemberForm.JSON_VALUE: _DOCUMENT,
}

# What a botocore handler makes of a member (``generator.graph.customizations``).
_EFFECTS: dict[Effect, Codec] = {
    Effect.DECODED_JSON: _DOCUMENT,
    Effect.ALSO_BYTES: Codec(
        UnionOf((STR, BYTES)), "{v} if type({v}) is str else _text_or_bytes({v})", "{v}", "_text_json({v})",
        dump_is_identity=True, parse_is_conditional=True,
    ),
    Effect.ALSO_TEXT: Codec(
        UnionOf((BYTES, STR, READABLE)), "_body_or_text({v})", "{v}", "_stream_json({v})", dump_is_identity=True
    ),
    Effect.COPY_SOURCE_MAPPING: Codec(
        UnionOf((STR, DictOf(STR, STR))), "_copy_source({v})", "_copy_source({v})", "_copy_source({v})"
    ),
}


@dataclass(frozen=True, slots=True)
class ContainerHelper:
    """The helper functions _codec.py defines for one list or map shape."""

    shape: str
    kind: Literal["list", "map"]
    annotation: Annotation
    parse_name: str
    dump_name: str | None  # None: dumping is a plain copy, no helper needed
    dump_json_name: str | None
    item: Codec  # list member, or map value
    key: Codec | None


class Codecs:
    def __init__(
        self,
        graph: ShapeGraph,
        class_names: dict[str, str],
        helper_names: dict[str, dict[str, str]],
        json_differs: frozenset[str],
    ):
        self._graph = graph
        self._class_names = class_names
        # One parse function per structure, list and map, named by ``naming.module_names``.
        self._helper_names = helper_names
        self.json_differs = json_differs
        self._codecs: dict[str, Codec] = {}
        self._helpers: dict[str, ContainerHelper] = {}
        self._building: set[str] = set()
        self._forms = member_forms(graph)

    def for_member(self, structure: str, member: Member) -> Codec:
        """The member's codec: its shape's, unless the operation or a botocore handler
        gives it another form."""
        form = self._forms.get((structure, member.name), MemberForm.PLAIN)
        effects = [c.effect for c in member.customizations if c.effect in _EFFECTS]
        if effects:
            return _EFFECTS[effects[0]]
        if form is MemberForm.EVENT_STREAM:
            events = self._graph[member.target]
            names = self._helper_names[events.name]
            event_class = self._class_names[events.name]
            dump_json = names["dump_json" if events.name in self.json_differs else "dump"]
            return Codec(
                Parameterized(EVENT_STREAM, GeneratedClass(event_class)),
                f"_event_stream({{v}}, {names['parse']})",
                f"_event_stream_dump({{v}}, {names['dump']})",
                f"_event_stream_json({{v}}, {dump_json})",
            )
        if form in _FORMS:
            return _FORMS[form]
        return self.for_shape(member.target)

    def for_shape(self, name: str) -> Codec:
        codec = self._codecs.get(name)
        if codec is None:
            if name in self._building:
                raise ModelError(
                    f"shape {name!r} contains itself with no structure in between; "
                    "it has no Python type"
                )
            self._building.add(name)
            codec = self._codecs[name] = self._make(name)
            self._building.discard(name)
        return codec

    def structure_helpers(self, shape: str) -> dict[str, str]:
        """A structure's helper names by role: ``parse``, ``builder`` (the plain class
        ``_runtime._builder`` makes for its parser), ``dump``, ``dump_json``."""
        return self._helper_names[shape]

    def helpers(self) -> tuple[ContainerHelper, ...]:
        return tuple(self._helpers[name] for name in sorted(self._helpers))

    def _make(self, name: str) -> Codec:
        shape = self._graph[name]
        if isinstance(shape, StructureShape):
            names = self._helper_names[name]
            dump_json = names["dump_json" if name in self.json_differs else "dump"]
            return Codec(
                GeneratedClass(self._class_names[name]),
                f"{names['parse']}({{v}})",
                f"{names['dump']}({{v}})",
                f"{dump_json}({{v}})",
            )
        if isinstance(shape, ScalarShape):
            if shape.is_enum:
                cls = self._class_names[name]
                return Codec(GeneratedClass(cls), f"_enum({cls}, {{v}})", "str({v})", "str({v})")
            return _SCALARS[shape.kind]
        if isinstance(shape, ListShape):
            item = self.for_shape(shape.member)
            return self._container(name, "list", _nullable(item) if shape.sparse else item, None)
        if isinstance(shape, MapShape):
            value = self.for_shape(shape.value)
            return self._container(name, "map", _nullable(value) if shape.sparse else value, self.for_shape(shape.key))
        raise ModelError(f"shape {name!r} of kind {shape.kind} has no Python codec")

    def _container(self, name: str, kind: Literal["list", "map"], item: Codec, key: Codec | None) -> Codec:
        fn = self._helper_names[name]
        keys = [key] if key else []
        plain_dump = item.dump_is_identity and all(k.dump_is_identity for k in keys)
        plain_json = item.dump_json_is_identity and all(k.dump_json_is_identity for k in keys)
        copy = "list({v})" if kind == "list" else "dict({v})"
        annotation: Annotation = ListOf(item.annotation) if key is None else DictOf(key.annotation, item.annotation)
        self._helpers[name] = ContainerHelper(
            shape=name,
            kind=kind,
            annotation=annotation,
            parse_name=fn["parse"],
            dump_name=None if plain_dump else fn["dump"],
            dump_json_name=None if plain_json or name not in self.json_differs else fn["dump_json"],
            item=item,
            key=key,
        )
        helper = self._helpers[name]
        dump = copy if helper.dump_name is None else f"{helper.dump_name}({{v}})"
        dump_json = dump if helper.dump_json_name is None else f"{helper.dump_json_name}({{v}})"
        return Codec(
            annotation,
            f"{fn['parse']}({{v}})",
            dump,
            dump_json,
        )
