"""JSON Schema (draft 2020-12) for each operation's input and output, built as data.

One document per operation and direction: ``schema/<service>/<Operation>.input.schema.json``
and ``.output.schema.json``. Every structure and every enum reached is one ``$defs`` entry
and is referred to with ``$ref``, so recursion stays recursion; lists, maps and plain
scalars are written in place. The JSON is ``json.dumps`` of the data, never a template.

Directions differ on purpose: an input schema rejects properties the model does not
list (a typo in a request is a bug) and enforces the model's ``min``, ``max`` and
``pattern``; an output schema accepts unknown properties and unknown enum values, because
AWS adds both to responses and a consumer pinned to today's schema must keep working, and
states the model's bounds and patterns only as an annotation (``x-constraints``), because
real responses break them (dynamodb's ``NumberOfDecreasesToday: 0`` where the model says
``min: 1``). Types, required members and the one-member rule of unions are enforced both
ways. Input and output are separate documents, each with its own ``$defs``, so a shape
reached from both is strict in one and lax in the other.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Literal

from botocore import xform_name

from generator import __version__
from generator.doctext import html_to_text
from generator.escape import json_text
from generator.emitters import Artifact, Claim, TargetModel
from generator.errors import ModelError
from generator.graph import ListShape, MapShape, ScalarShape, Shape, ShapeGraph, ShapeKind, StructureShape
from generator.graph.customizations import Effect, added_members, has_effect
from generator.graph.facts import RESPONSE_METADATA, MemberForm, is_streaming_blob, member_forms
from generator.graph.model import Member, Operation
from generator.patterns import translate

FOLDER = "schema"  # schema/<service>/<Operation>.<direction>.schema.json
DRAFT = "https://json-schema.org/draft/2020-12/schema"
# ``.invalid`` can never resolve (RFC 2606): the id names the document, it is not a download.
ID_BASE = "https://shapegen.invalid/schema"
# The keyword under which an output schema keeps the model's bounds and translated pattern:
# an object holding exactly the keywords the input schema enforces at that place.
CONSTRAINTS = "x-constraints"
STREAMING_BLOB = "A streaming blob: boto3 takes bytes or a file and returns a StreamingBody."
# One paragraph per line: a description is read by tools, not in a terminal.
UNWRAPPED = 1_000_000

Direction = Literal["input", "output"]
JsonObject = dict[str, Any]


@dataclass(slots=True)
class PatternCount:
    """Distinct pattern-carrying shapes in one document, by what became of the pattern."""

    translated: set[str] = field(default_factory=set)
    kept: set[str] = field(default_factory=set)  # under ``x-pattern``


@dataclass(frozen=True, slots=True)
class SchemaDocument:
    operation: str
    direction: Direction
    path: PurePosixPath
    data: JsonObject
    patterns_translated: int
    patterns_kept: int

    @property
    def defs(self) -> int:
        return len(self.data["$defs"])

    def text(self) -> str:
        return json_text(self.data, indent=2) + "\n"


class JsonSchemaEmitter:
    name = "json-schema"

    def claims(self, model: TargetModel) -> tuple[Claim, ...]:
        return (Claim(model.service_folder(FOLDER), folder=True),)

    def emit(self, model: TargetModel) -> list[Artifact]:
        return [Artifact(path=doc.path, text=doc.text()) for doc in schema_documents(model.graph)]


def schema_documents(graph: ShapeGraph) -> Iterator[SchemaDocument]:
    """The input and output schema of every operation, in operation order."""
    for operation in graph.operations:
        for direction in ("input", "output"):
            yield _Builder(graph, direction).document(operation)


class _Builder:
    """Builds one document: ``$defs`` fill up as structures and enums are reached."""

    def __init__(self, graph: ShapeGraph, direction: Direction) -> None:
        self.graph = graph
        self.direction: Direction = direction
        self.closed = direction == "input"  # unknown properties and enum values rejected
        self.enforced = direction == "input"  # the model's min, max and pattern asserted
        self.defs: dict[str, JsonObject] = {}
        self.patterns = PatternCount()
        self._inlining: set[str] = set()
        self._forms = member_forms(graph)

    def document(self, operation: Operation) -> SchemaDocument:
        service = self.graph.service
        shape_name = operation.input if self.direction == "input" else operation.output
        body: JsonObject = {"type": "object"} if shape_name is None else self._ref(shape_name)
        if self.direction == "output":
            output = self.graph[shape_name] if shape_name else None
            if isinstance(output, StructureShape) and any(m.name == RESPONSE_METADATA for m in output.members):
                # The model's own member takes the key, as it takes the attribute in the dataclass.
                body = {"type": "object", "allOf": [body]}
            else:
                body = {"type": "object", "allOf": [body], "properties": {RESPONSE_METADATA: _response_metadata()}}
        elif shape_name is None:
            body["additionalProperties"] = False
        root: JsonObject = {
            "$schema": DRAFT,
            "$id": f"{ID_BASE}/{service.name}/{operation.name}.{self.direction}.schema.json",
            "$comment": (
                f"Generated by shapegen {__version__} from the {service.name} model ({service.api_version}) "
                f"of botocore {service.botocore_version}, model sha256 {service.model_sha256}. "
                f"Patterns: {len(self.patterns.translated)} translated to ECMA-262, "
                f"{len(self.patterns.kept)} kept under x-pattern."
                + ("" if self.enforced else f" Bounds and translated patterns are annotations under {CONSTRAINTS}.")
            ),
            "title": f"{operation.name} {self.direction}",
            "description": self._description(operation),
            **body,
            "$defs": dict(sorted(self.defs.items())),
        }
        return SchemaDocument(
            operation=operation.name,
            direction=self.direction,
            path=PurePosixPath(FOLDER, service.name, f"{operation.name}.{self.direction}.schema.json"),
            data=root,
            patterns_translated=len(self.patterns.translated),
            patterns_kept=len(self.patterns.kept),
        )

    def _description(self, operation: Operation) -> str:
        method = xform_name(operation.name)
        if self.direction == "input":
            policy = (
                f"The parameters of boto3's {method}(**kwargs): members the service sends in the URI, "
                "headers or query string are ordinary keys here. Properties the model does not list "
                "are rejected."
            )
        else:
            policy = (
                f"The response of boto3's {method}() in JSON form. Properties and enum values the "
                "model does not list are accepted, because AWS adds them to responses over time. "
                "The model's lengths, value ranges, item counts and patterns are not checked, because "
                f"real responses break them; they are kept under {CONSTRAINTS}. Types and required "
                f"members are checked. {RESPONSE_METADATA} is what boto3 adds (request ID, HTTP status and headers); it is "
                "not part of the model."
            )
        forms = "Timestamps are RFC 3339 text and blobs base64 text, as the generated dataclasses' to_json_dict() writes them."
        summary = html_to_text(operation.documentation, UNWRAPPED)
        return "\n\n".join(part for part in (summary, policy, forms) if part)

    def _ref(self, name: str) -> JsonObject:
        """A reference to a structure or enum (defined once in ``$defs``), or the inline schema."""
        shape = self.graph[name]
        if isinstance(shape, StructureShape) or (isinstance(shape, ScalarShape) and shape.is_enum):
            if name not in self.defs:
                self.defs[name] = {}  # placeholder first: a recursive reference finds it
                outer, self._inlining = self._inlining, set()  # a structure breaks any cycle
                self.defs[name] = self._definition(shape)
                self._inlining = outer
            return {"$ref": f"#/$defs/{name}"}
        if name in self._inlining:
            raise ModelError(f"shape {name!r} contains itself with no structure in between; it has no JSON Schema")
        self._inlining.add(name)
        try:
            return self._inline(shape)
        finally:
            self._inlining.discard(name)

    def _definition(self, shape: Shape) -> JsonObject:
        out = _described(shape)
        doc = out.get("description", "")
        if isinstance(shape, ScalarShape):  # an enum
            values = list(dict.fromkeys(shape.enum))
            if self.closed:
                out.update(type="string", enum=values)
            else:
                out["anyOf"] = [{"type": "string", "enum": values}, {"type": "string"}]
            return out
        assert isinstance(shape, StructureShape)
        out["type"] = "object"
        out["properties"] = {m.name: self._member(shape, m) for m in shape.members}
        if not self.closed:
            out["properties"].update(
                (wire, {"type": "string", "description": f"Added by {entry.citation}: the header's text."})
                for wire, entry in added_members(shape)
            )
        required = [m.name for m in shape.required_members if not (self.closed and has_effect(m, Effect.AUTO_FILLED))]
        if required:
            out["required"] = required
        if shape.union or shape.event_stream:
            # Exactly one member: the count, not oneOf, so that an output union may carry a
            # member AWS added later (as one unknown key).
            out.update(minProperties=1, maxProperties=1)
            note = "An event stream: boto3 yields one such object per event." if shape.event_stream else ""
            out["description"] = " ".join(p for p in (doc, "Exactly one member is set.", note) if p)
        if self.closed:
            out["additionalProperties"] = False
        return out

    def _member(self, structure: StructureShape, member: Member) -> JsonObject:
        """The target's schema, in the form boto3 gives the member; the member's own
        documentation, if any, replaces the target's."""
        schema = self._member_form(structure, member)
        doc = html_to_text(member.documentation, UNWRAPPED)
        if not doc:
            return schema
        if "$ref" in schema:
            # Not a sibling of $ref: type generators would read that as a new type (Expression1).
            return {"description": doc, "allOf": [schema]}
        return {"description": doc, **{k: v for k, v in schema.items() if k != "description"}}

    def _member_form(self, structure: StructureShape, member: Member) -> JsonObject:
        target = self.graph[member.target]
        form = self._forms.get((structure.name, member.name), MemberForm.PLAIN)
        if not self.closed and any(has_effect(member, e) for e in (Effect.DECODED_JSON,)):
            entry = next(c for c in member.customizations if c.effect is Effect.DECODED_JSON)
            return {"$comment": f"Any JSON value: {entry.citation} decodes the model's text (text stays text when it is not JSON)."}
        if form is MemberForm.JSON_VALUE:
            return {"$comment": "A jsonvalue header: any JSON value, which botocore encodes and decodes itself."}
        schema = self._ref(member.target)
        if form is MemberForm.EVENT_STREAM and not self.closed:
            return {"type": "array", "items": schema, "$comment": "An event stream: the events boto3 yields, in order."}
        if self.closed and has_effect(member, Effect.COPY_SOURCE_MAPPING):
            return {"anyOf": [schema, _COPY_SOURCE]}
        if self.closed and member.host_label and target.kind is ShapeKind.STRING and "$ref" not in schema:
            if not isinstance(schema.get("minLength"), int) or schema["minLength"] < 1:
                schema = {**schema, "minLength": 1}  # botocore's implicit minimum for host labels
        if is_streaming_blob(target, member) and not is_streaming_blob(target):
            schema = {**schema, "$comment": STREAMING_BLOB}  # streaming set on the member (S3)
        return schema

    def _inline(self, shape: Shape) -> JsonObject:
        out = _described(shape)
        limits = shape.constraints
        if isinstance(shape, ListShape):
            out.update(type="array", items=_nullable(self._ref(shape.member), shape.sparse))
            self._constrain(out, _bounds("minItems", "maxItems", limits.min, limits.max))
        elif isinstance(shape, MapShape):
            out.update(
                type="object",
                propertyNames=self._ref(shape.key),
                additionalProperties=_nullable(self._ref(shape.value), shape.sparse),
            )
            self._constrain(out, _bounds("minProperties", "maxProperties", limits.min, limits.max))
        else:
            assert isinstance(shape, ScalarShape)
            out.update(self._scalar(shape))
        return out

    def _scalar(self, shape: ScalarShape) -> JsonObject:
        limits = shape.constraints
        kind = shape.kind
        if kind is ShapeKind.STRING:
            out: JsonObject = {"type": "string"}
            asserted = _bounds("minLength", "maxLength", limits.min, limits.max)
            untranslated: JsonObject = {}
            if limits.pattern is not None:
                translated = self._pattern(shape.name, limits.pattern)
                (asserted if "pattern" in translated else untranslated).update(translated)
            self._constrain(out, asserted)
            out.update(untranslated)  # x-pattern asserts nothing in either direction
            return out
        if kind in (ShapeKind.INTEGER, ShapeKind.LONG, ShapeKind.FLOAT, ShapeKind.DOUBLE):
            out = {"type": "integer" if kind in (ShapeKind.INTEGER, ShapeKind.LONG) else "number"}
            self._constrain(out, _bounds("minimum", "maximum", limits.min, limits.max))
            return out
        if kind is ShapeKind.BOOLEAN:
            return {"type": "boolean"}
        if kind is ShapeKind.TIMESTAMP:
            return {"type": "string", "format": "date-time"}
        if kind is ShapeKind.BLOB:
            # min/max of a blob count bytes, which no bound on the base64 text states exactly.
            out = {"type": "string", "contentEncoding": "base64"}
            if is_streaming_blob(shape):
                out["$comment"] = STREAMING_BLOB
            return out
        if kind is ShapeKind.DOCUMENT:
            return {"$comment": "A document: any JSON value."}
        raise ModelError(f"shape {shape.name!r} of kind {kind} has no JSON Schema")

    def _constrain(self, out: JsonObject, keywords: JsonObject) -> None:
        """The model's bounds and pattern: asserted in an input, an annotation in an output."""
        if not keywords:
            return
        if self.enforced:
            out.update(keywords)
        else:
            out[CONSTRAINTS] = keywords

    def _pattern(self, shape: str, pattern: str) -> JsonObject:
        translation = translate(pattern)
        if translation.ecma is not None:
            self.patterns.translated.add(shape)
            return {"pattern": translation.ecma}
        self.patterns.kept.add(shape)
        return {"x-pattern": pattern, "$comment": f"x-pattern is the model's Java pattern, not translated: {translation.reason}."}


# s3's CopySource as botocore's handle_copy_source_param also takes it.
_COPY_SOURCE: JsonObject = {
    "type": "object",
    "properties": {"Bucket": {"type": "string"}, "Key": {"type": "string"}, "VersionId": {"type": "string"}},
    "required": ["Bucket", "Key"],
    "additionalProperties": False,
    "$comment": "Also taken by botocore.handlers.handle_copy_source_param.",
}


def _nullable(schema: JsonObject, sparse: bool) -> JsonObject:
    """A sparse list's or map's element: the schema, or ``null``."""
    return {"anyOf": [schema, {"type": "null"}]} if sparse else schema


def _described(shape: Shape) -> JsonObject:
    """A schema holding only the shape's documentation as ``description``, if it has any."""
    doc = html_to_text(shape.documentation, UNWRAPPED)
    return {"description": doc} if doc else {}


def _bounds(low_key: str, high_key: str, low: float | None, high: float | None) -> JsonObject:
    out: JsonObject = {}
    if low is not None:
        out[low_key] = low
    if high is not None:
        out[high_key] = high
    return out


def _response_metadata() -> JsonObject:
    return {
        "description": "Added by boto3: RequestId, HTTPStatusCode, HTTPHeaders, RetryAttempts. Not part of the service model.",
        "type": "object",
    }
