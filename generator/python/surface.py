"""The generated Python package, described once: modules' classes, fields, enums, helpers.

Plain frozen data, built by ``generator.python.build`` from the shape graph and read by
every emitter that speaks of Python: the package emitter lays it out as ``models.py``
and ``_codec.py``, the docs name its classes and attributes, the skeleton module shares
its header. Nothing here is text for a template to trust: names are validated
identifiers, annotations are objects, docs still go through the escaping layer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.graph import ServiceInfo
from generator.python.annotations import ANY, RUNTIME, Annotation, Import, imports_of
from generator.python.codecs import Codec, ContainerHelper
from generator.python.header import python_header

# What botocore puts in a union's place when the service sends a member the model does not know.
UNKNOWN_UNION_MEMBER = "SDK_UNKNOWN_MEMBER"
# What botocore puts beside a modeled error's members: ``Code``, ``Message``...
ERROR_KEY = "Error"
# The synthetic attribute that keeps the keys of parsed data the model does not know (as a
# wire-like name, so ``naming.attribute_names`` makes it ``unknown_members``, or
# ``unknown_members_`` when a member of the model takes that name first).
UNKNOWN_MEMBERS = "UnknownMembers"
UNKNOWN_MEMBERS_DOC = (
    "Keys of the parsed data this model does not know (members AWS added later),\n"
    "with their values as given: written back by ``to_dict`` and ``to_json_dict``.\n"
    "Part of equality, not of the hash (so a new member never makes an object\n"
    "unhashable)."
)


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
    annotation: Annotation  # ``X | None`` when the member is optional
    # Names a class defined further down (only inside a cycle): the class body quotes it.
    forward: bool
    required: bool
    doc: str
    codec: Codec
    # Other keys boto3 takes the member under (botocore's ParameterAlias).
    aliases: tuple[str, ...] = ()

    @property
    def declared(self) -> str:
        """The annotation as the class body writes it."""
        text = self.annotation.render()
        return f'"{text}"' if self.forward else text


@dataclass(frozen=True, slots=True)
class DataClass:
    name: str
    shape: str
    parse_name: str
    builder_name: str
    dump_name: str
    # Every structure has its own JSON dump: a key the model does not know may hold a
    # timestamp or bytes (boto3 parsed it with a newer model) and must be written as JSON.
    dump_json_name: str
    # The module-level set of the wire keys the parser knows (members, aliases, synthetic keys).
    known_name: str
    doc: str
    fields: tuple[Field, ...]
    union: bool
    # Synthetic fields, outside the model: None when the class has none.
    response_metadata: str | None
    unknown_member: str | None
    error_info: str | None
    # Every class has it, last: the keys of parsed data the model does not know.
    unknown_members: str
    known_keys: tuple[str, ...]

    @property
    def attrs(self) -> tuple[str, ...]:
        """Every attribute in field order: the model's members, then the synthetic ones."""
        extra = (self.unknown_member, self.error_info, self.response_metadata, self.unknown_members)
        return tuple(f.attr for f in self.fields) + tuple(a for a in extra if a)

    @property
    def required_count(self) -> int:
        return sum(f.required for f in self.fields)

    def field(self, wire: str) -> Field:
        return next(f for f in self.fields if f.wire == wire)


@dataclass(frozen=True, slots=True)
class OperationEntry:
    name: str
    input: str | None
    output: str | None
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PythonSurface:
    """Everything the generated package defines, decided; classes in definition order."""

    package: str
    service: ServiceInfo
    enums: tuple[EnumClass, ...]
    classes: tuple[DataClass, ...]
    helpers: tuple[ContainerHelper, ...]
    operations: tuple[OperationEntry, ...]
    _by_shape: dict[str, DataClass | EnumClass] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_shape: dict[str, DataClass | EnumClass] = {e.shape: e for e in self.enums}
        by_shape.update((c.shape, c) for c in self.classes)
        object.__setattr__(self, "_by_shape", by_shape)  # a frozen dataclass's derived index

    @property
    def header(self) -> str:
        """The comment every generated Python file starts with."""
        return python_header(self.service)

    @property
    def class_names(self) -> list[str]:
        """Every enum and dataclass the package defines, sorted."""
        return sorted([*(e.name for e in self.enums), *(c.name for c in self.classes)])

    @property
    def exported(self) -> list[str]:
        return sorted([*self.class_names, "ERRORS", "OPERATIONS", "ShapeValidationError"])

    def class_of(self, shape: str) -> DataClass | None:
        found = self._by_shape.get(shape)
        return found if isinstance(found, DataClass) else None

    def enum_of(self, shape: str) -> EnumClass | None:
        found = self._by_shape.get(shape)
        return found if isinstance(found, EnumClass) else None

    def model_imports(self) -> list[Import]:
        """What ``models.py`` needs from the standard library for its annotations, sorted.
        ``Any`` always: ``from_dict`` and ``to_dict`` are typed with it."""
        return sorted(i for i in imports_of(self._field_annotations()) if i.module != RUNTIME)

    def model_runtime_names(self) -> list[str]:
        """What ``models.py`` imports from ``_runtime``: its base class, error and union check,
        and what its annotations name (``Readable``...), sorted."""
        named = {i.name for i in imports_of(self._field_annotations()) if i.module == RUNTIME}
        return sorted(named | {"OpenStrEnum", "ShapeValidationError", "_one_of"})

    def codec_imports(self) -> list[Import]:
        """What ``_codec.py`` needs: the same for its parsers' locals and its list and map
        helpers, sorted (``_runtime``'s names are imported there in full)."""
        annotations = [*self._field_annotations(), *(h.annotation for h in self.helpers)]
        return sorted(i for i in imports_of(annotations) if i.module != RUNTIME)

    def _field_annotations(self) -> Iterator[Annotation]:
        yield ANY
        yield from (f.annotation for c in self.classes for f in c.fields)
