"""Serialising an operation's output value (in JSON form) into the HTTP response a service sends.

"JSON form": timestamps are ISO-8601 strings ("1999-12-31T23:59:59Z"), blobs are base64 text,
documents are JSON values, everything else is as boto3 returns it.  An event-stream member is
a list of events, each ``{"EventMemberName": {...members in JSON form...}}``.  For convenience
``datetime`` and ``bytes`` values are accepted too.

Every encoder walks botocore's own shapes (``botocore.model``) and writes what botocore's parser
for the protocol (``botocore.parsers``) reads back.  Where botocore's *request* serialisers fit
a response body they are reused: ``JSONSerializer`` (JSON bodies, timestamp formats),
``CBORSerializer`` (the CBOR encoder) and ``BaseRestSerializer`` (header values, incl. ``jsonvalue``).
XML response bodies follow the parser's rules (which differ from ``RestXMLSerializer``'s), so
they are written here.

What the wire cannot carry, or botocore drops, by protocol:

* JSON: ``null`` members are written and skipped by the parser; ``null`` list items come back
  as ``None``; ``null`` map values come back as ``None`` only for string/structure/document
  values (other types make botocore's parser fail, as it would with a real service).
* XML (rest-xml, query, ec2): there is no null; ``None`` members, list items and map values
  are left out.  An empty flattened list/map is indistinguishable from an absent one.
* CBOR: ``null`` list items come back as ``None``; botocore's decoder drops ``null`` map values
  (so a sparse map loses those keys).
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from botocore.model import OperationModel, Shape, StructureShape
from botocore.serialize import BaseRestSerializer, CBORSerializer, JSONSerializer, Serializer
from botocore.utils import is_json_value_header

from . import eventstream

REQUEST_ID = "00000000-0000-4000-8000-000000000000"
HOST_ID = "shapegen-wire-host-id"

# Where a member that is not in the body lives (rest protocols).
HTTP_LOCATIONS = ("header", "headers", "statusCode")


@dataclass
class WireResponse:
    """An HTTP response as a service would send it."""

    status_code: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


# -- JSON form -> Python values ------------------------------------------------------------


def to_datetime(value: Any) -> _dt.datetime:
    """A JSON-form timestamp (ISO-8601 text; or a datetime, or epoch seconds) as aware UTC."""
    if isinstance(value, _dt.datetime):
        result = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        return _dt.datetime.fromtimestamp(value, _dt.timezone.utc)
    elif isinstance(value, str):
        result = _dt.datetime.fromisoformat(value)
    else:
        raise TypeError(f"not a timestamp: {value!r}")
    if result.tzinfo is None:
        result = result.replace(tzinfo=_dt.timezone.utc)
    return result.astimezone(_dt.timezone.utc)


def to_bytes(value: Any) -> bytes:
    """A JSON-form blob (base64 text; or bytes) as bytes."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error as exc:
            raise ValueError(f"blob is not base64: {value!r}") from exc
    raise TypeError(f"not a blob: {value!r}")


def to_float(value: Any) -> float:
    """A JSON-form float: a number or "Infinity"/"-Infinity"/"NaN"."""
    return float(value)


def to_text(value: Any) -> str:
    """A string member's value; a non-string (a decoded JSON document, as boto3's handlers for
    IAM policies or CloudFormation templates return it) goes on the wire as its JSON text."""
    if isinstance(value, str):
        return value
    return json.dumps(value)


_TIMESTAMPS = Serializer()


def format_timestamp(value: Any, timestamp_format: str) -> Any:
    """botocore's own formatting: iso8601 text, unixTimestamp number or rfc822 text."""
    return _TIMESTAMPS._convert_timestamp_to_str(to_datetime(value), timestamp_format)


def _members(shape: StructureShape, value: Mapping[str, Any]) -> list[tuple[str, Shape, Any]]:
    """(name, member shape, value) for each key of ``value``; unknown keys are an error."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{shape.name}: expected an object, got {value!r}")
    out = []
    for name, member_value in value.items():
        if name not in shape.members:
            raise KeyError(f"{shape.name} has no member {name!r} (members: {sorted(shape.members)})")
        out.append((name, shape.members[name], member_value))
    return out


def _body_members(shape: StructureShape, value: Mapping[str, Any]) -> list[tuple[str, Shape, Any]]:
    """Members that go in a body: not HTTP-located, not event headers, not the event stream."""
    return [
        (name, member, v)
        for name, member, v in _members(shape, value)
        if member.serialization.get("location") not in HTTP_LOCATIONS
        and not member.serialization.get("eventheader")
        and not member.serialization.get("eventstream")
    ]


# -- JSON ------------------------------------------------------------------------------------


class _JSONBody(JSONSerializer):  # type: ignore[misc]
    """botocore's JSON request serialiser, taught JSON-form inputs and nulls."""

    def _serialize(self, serialized: Any, value: Any, shape: Shape, key: Any = None) -> None:
        if value is None:
            serialized[key] = None
            return
        super()._serialize(serialized, value, shape, key)

    def _serialize_type_structure(self, serialized: Any, value: Any, shape: Any, key: Any) -> None:
        if shape.is_document_type:
            serialized[key] = value
            return
        if key is not None:
            serialized[key] = serialized = self.MAP_TYPE()
        for name, member, member_value in _body_members(shape, value):
            self._serialize(serialized, member_value, member, member.serialization.get("name", name))

    def _serialize_type_timestamp(self, serialized: Any, value: Any, shape: Any, key: Any) -> None:
        super()._serialize_type_timestamp(serialized, to_datetime(value), shape, key)

    def _serialize_type_blob(self, serialized: Any, value: Any, shape: Any, key: Any) -> None:
        super()._serialize_type_blob(serialized, to_bytes(value), shape, key)

    def _serialize_type_float(self, serialized: Any, value: Any, shape: Any, prefix: Any = "") -> None:
        if isinstance(value, str):  # "Infinity", "-Infinity", "NaN" as JSON has them
            serialized[prefix] = value
            return
        super()._serialize_type_float(serialized, value, shape, prefix)

    def _serialize_type_string(self, serialized: Any, value: Any, shape: Any, key: Any) -> None:
        serialized[key] = to_text(value)

    def _serialize_type_map(self, serialized: Any, value: Any, shape: Any, key: Any) -> None:
        serialized[key] = map_obj = self.MAP_TYPE()
        for sub_key, sub_value in value.items():
            self._serialize(map_obj, sub_value, shape.value, sub_key)


def json_body(shape: Shape, value: Any) -> bytes:
    body: dict[str, Any] = {}
    if shape.type_name == "structure" and not getattr(shape, "is_document_type", False):
        _JSONBody()._serialize(body, value, shape)
    else:  # a payload member that is a document or a list
        _JSONBody()._serialize(body, value, shape, "v")
        return json.dumps(body["v"]).encode()
    return json.dumps(body).encode()


# -- CBOR ------------------------------------------------------------------------------------


class _CBORBody(CBORSerializer):  # type: ignore[misc]
    """botocore's CBOR encoder (from its rpc-v2-cbor request serialiser) for response bodies."""

    TIMESTAMP_FORMAT = "unixtimestamp"
    NULL = b"\xf6"

    def _serialize_data_item(self, serialized: bytearray, value: Any, shape: Any, key: Any = None) -> None:
        if value is None:
            serialized.extend(self.NULL)
        elif shape.type_name == "structure" and shape.is_document_type:
            self._serialize_any(serialized, value)
        else:
            super()._serialize_data_item(serialized, value, shape, key)

    def _serialize_any(self, serialized: bytearray, value: Any) -> None:
        """A document (untyped JSON value)."""
        if value is None:
            serialized.extend(self.NULL)
        elif isinstance(value, bool):
            self._serialize_type_boolean(serialized, value, None, None)
        elif isinstance(value, int):
            self._serialize_type_integer(serialized, value, None, None)
        elif isinstance(value, float):
            self._serialize_type_double(serialized, value, None, None)
        elif isinstance(value, str):
            self._serialize_type_string(serialized, value, None, None)
        elif isinstance(value, Sequence):
            self._write_head(serialized, self.LIST_MAJOR_TYPE, len(value))
            for item in value:
                self._serialize_any(serialized, item)
        elif isinstance(value, Mapping):
            self._write_head(serialized, self.MAP_MAJOR_TYPE, len(value))
            for k, v in value.items():
                self._serialize_type_string(serialized, str(k), None, None)
                self._serialize_any(serialized, v)
        else:
            raise TypeError(f"not a document value: {value!r}")

    def _write_head(self, serialized: bytearray, major_type: int, length: int) -> None:
        info, num_bytes = self._get_additional_info_and_num_bytes(length)
        serialized.extend(self._get_initial_byte(major_type, info))
        if num_bytes:
            serialized.extend(length.to_bytes(num_bytes, "big"))

    def _serialize_type_structure(self, serialized: bytearray, value: Any, shape: Any, key: Any) -> None:
        # rpc-v2-cbor keys are member names (botocore's parser ignores locationName here).
        members = _body_members(shape, value)
        self._write_head(serialized, self.MAP_MAJOR_TYPE, len(members))
        for name, member, member_value in members:
            self._serialize_type_string(serialized, name, None, None)
            self._serialize_data_item(serialized, member_value, member)

    def _serialize_type_string(self, serialized: bytearray, value: Any, shape: Any, key: Any) -> None:
        super()._serialize_type_string(serialized, to_text(value), shape, key)

    def _serialize_type_blob(self, serialized: bytearray, value: Any, shape: Any, key: Any) -> None:
        super()._serialize_type_blob(serialized, to_bytes(value), shape, key)

    def _serialize_type_timestamp(self, serialized: bytearray, value: Any, shape: Any, key: Any) -> None:
        super()._serialize_type_timestamp(serialized, to_datetime(value), shape, key)

    def _serialize_type_float(self, serialized: bytearray, value: Any, shape: Any, key: Any) -> None:
        # Always 64-bit, so the value boto3 gets is exactly the JSON-form value.
        super()._serialize_type_double(serialized, to_float(value), shape, key)

    def _serialize_type_double(self, serialized: bytearray, value: Any, shape: Any, key: Any) -> None:
        super()._serialize_type_double(serialized, to_float(value), shape, key)

    _serialize_type_byte = CBORSerializer._serialize_type_integer
    _serialize_type_short = CBORSerializer._serialize_type_integer
    _serialize_type_character = _serialize_type_string


def cbor_body(shape: Shape, value: Any) -> bytes:
    out = bytearray()
    _CBORBody()._serialize_data_item(out, value, shape)
    return bytes(out)


# -- XML -------------------------------------------------------------------------------------


class _XMLBody:
    """XML as botocore's ``BaseXMLResponseParser`` reads it (rest-xml, query, ec2)."""

    def __init__(self, timestamp_format: str = "iso8601") -> None:
        self.timestamp_format = timestamp_format

    def element(self, tag: str, shape: Shape, value: Any) -> ElementTree.Element:
        node = ElementTree.Element(tag)
        self._namespace(shape, node)
        self.fill(node, shape, value)
        return node

    def fill(self, node: ElementTree.Element, shape: Any, value: Any) -> None:
        kind = shape.type_name
        if kind == "structure":
            self._structure(node, shape, value)
        elif kind == "list":
            item_tag = shape.member.serialization.get("name", "member")
            for item in value:
                if item is not None:
                    node.append(self.element(item_tag, shape.member, item))
        elif kind == "map":
            for k, v in value.items():
                if v is not None:
                    self._map_entry(ElementTree.SubElement(node, "entry"), shape, k, v)
        else:
            node.text = self.scalar(shape, value)

    def scalar(self, shape: Any, value: Any) -> str:
        kind = shape.type_name
        if kind == "boolean":
            return "true" if value else "false"
        if kind in ("integer", "long", "byte", "short"):
            return str(int(value))
        if kind in ("float", "double"):
            return value if isinstance(value, str) else repr(float(value))
        if kind == "timestamp":
            fmt = shape.serialization.get("timestampFormat", self.timestamp_format)
            return str(format_timestamp(value, fmt))
        if kind == "blob":
            return base64.b64encode(to_bytes(value)).decode()
        return to_text(value)

    def _map_entry(self, entry: ElementTree.Element, shape: Any, key: Any, value: Any) -> None:
        entry.append(self.element(shape.key.serialization.get("name", "key"), shape.key, key))
        entry.append(self.element(shape.value.serialization.get("name", "value"), shape.value, value))

    def _structure(self, node: ElementTree.Element, shape: Any, value: Any) -> None:
        for name, member, member_value in _body_members(shape, value):
            if member_value is None:
                continue
            tag = member.serialization.get("name", name)
            if member.serialization.get("xmlAttribute"):
                node.set(tag, self.scalar(member, member_value))
                prefix = tag.split(":")[0] if ":" in tag else None
                if prefix and f"xmlns:{prefix}" not in node.attrib:
                    node.set(f"xmlns:{prefix}", f"urn:shapegen-wire:{prefix}")
            elif member.type_name == "list" and member.serialization.get("flattened"):
                # botocore looks a flattened list up by its member's locationName, if any.
                item_tag = member.member.serialization.get("name", tag)
                for item in member_value:
                    if item is not None:
                        node.append(self.element(item_tag, member.member, item))
            elif member.type_name == "map" and member.serialization.get("flattened"):
                for k, v in member_value.items():
                    if v is not None:
                        entry = ElementTree.SubElement(node, tag)
                        self._namespace(member, entry)
                        self._map_entry(entry, member, k, v)
            else:
                node.append(self.element(tag, member, member_value))

    @staticmethod
    def _namespace(shape: Shape, node: ElementTree.Element) -> None:
        namespace = shape.serialization.get("xmlNamespace")
        if isinstance(namespace, dict):
            attribute = f"xmlns:{namespace['prefix']}" if namespace.get("prefix") else "xmlns"
            node.set(attribute, namespace["uri"])
        elif isinstance(namespace, str):
            node.set("xmlns", namespace)


def xml_document(root: ElementTree.Element) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + bytes(ElementTree.tostring(root, encoding="utf-8"))


def xml_body(shape: Shape, value: Any, tag: str | None = None, namespace: str | None = None) -> bytes:
    root = _XMLBody().element(tag or shape.serialization.get("name", shape.name), shape, value)
    if namespace and "xmlns" not in root.attrib:
        root.set("xmlns", namespace)
    return xml_document(root)


# -- Bodies by protocol ------------------------------------------------------------------------

CONTENT_TYPES = {
    "rest-json": "application/json",
    "rest-xml": "application/xml",
    "query": "text/xml",
    "ec2": "text/xml;charset=UTF-8",
    "smithy-rpc-v2-cbor": "application/cbor",
}
EVENT_CONTENT_TYPES = {
    "json": "application/json",
    "rest-json": "application/json",
    "rest-xml": "text/xml",
    "query": "text/xml",
    "ec2": "text/xml",
    "smithy-rpc-v2-cbor": "application/cbor",
}


def encode_body(protocol: str, shape: Shape, value: Any, tag: str | None = None) -> bytes:
    """``value`` of ``shape`` in the protocol's body format."""
    if protocol in ("json", "rest-json"):
        return json_body(shape, value)
    if protocol == "smithy-rpc-v2-cbor":
        return cbor_body(shape, value)
    if protocol in ("rest-xml", "query", "ec2"):
        return xml_body(shape, value, tag)
    raise ValueError(f"unsupported protocol {protocol!r}")


# -- Event streams ---------------------------------------------------------------------------

_HEADER_TYPES = {
    "byte": eventstream.BYTE,
    "short": eventstream.SHORT,
    "integer": eventstream.INTEGER,
    "long": eventstream.LONG,
    "string": eventstream.STRING,
    "blob": eventstream.BYTES,
    "timestamp": eventstream.TIMESTAMP,
}


def _event_header(member: Shape, value: Any) -> eventstream.HeaderValue:
    kind = member.type_name
    if kind == "boolean":
        return eventstream.HeaderValue(eventstream.BOOL_TRUE if value else eventstream.BOOL_FALSE, bool(value))
    if kind == "blob":
        value = to_bytes(value)
    elif kind == "timestamp":
        value = to_datetime(value)
    elif kind == "string":
        value = to_text(value)
    if kind not in _HEADER_TYPES:
        raise TypeError(f"{member.name}: a {kind} cannot be an event header")
    return eventstream.HeaderValue(_HEADER_TYPES[kind], value)


def encode_event(protocol: str, stream_shape: StructureShape, event: Mapping[str, Any]) -> bytes:
    """One event ``{"EventName": {...}}`` of an event-stream union as a message."""
    if not isinstance(event, Mapping) or len(event) != 1:
        raise ValueError(f"an event is an object with exactly one key, got {event!r}")
    ((name, members),) = event.items()
    if name not in stream_shape.members:
        raise KeyError(f"{stream_shape.name} has no event {name!r} (events: {sorted(stream_shape.members)})")
    shape: Any = stream_shape.members[name]
    members = members or {}
    content_type = EVENT_CONTENT_TYPES[protocol]
    if shape.metadata.get("exception"):
        return eventstream.exception_message(name, encode_body(protocol, shape, members, name), content_type)
    # Header names are member names (botocore's event parser looks them up so).
    headers = {
        member_name: _event_header(member, member_value)
        for member_name, member, member_value in _members(shape, members)
        if member.serialization.get("eventheader") and member_value is not None
    }
    payload_names = [m for m, s in shape.members.items() if s.serialization.get("eventpayload")]
    if payload_names:
        member_name = payload_names[0]
        member = shape.members[member_name]
        member_value = members.get(member_name)
        if member.type_name == "blob":
            payload, content_type = to_bytes(member_value or b""), "application/octet-stream"
        elif member.type_name == "string":
            payload, content_type = to_text(member_value or "").encode(), "text/plain"
        else:
            tag = member.serialization.get("name", member_name)
            payload = encode_body(protocol, member, member_value or {}, tag) if member_value is not None else b""
    elif any(not s.serialization.get("eventheader") for s in shape.members.values()):
        payload = encode_body(protocol, shape, members, name)
    else:
        payload = b""
    return eventstream.event_message(name, payload, content_type, headers)


def encode_event_stream(protocol: str, stream_shape: StructureShape, events: Sequence[Mapping[str, Any]],
                        initial_response: bytes | None = None) -> bytes:
    messages = []
    if initial_response is not None:
        messages.append(eventstream.event_message("initial-response", initial_response, EVENT_CONTENT_TYPES[protocol]))
    messages.extend(encode_event(protocol, stream_shape, event) for event in events or ())
    return b"".join(messages)


# -- Whole responses ---------------------------------------------------------------------------


class _HeaderValues(BaseRestSerializer):  # type: ignore[misc]
    """botocore's rest header encoding (rfc822 timestamps, base64 jsonvalue, comma lists)."""

    def _convert_header_value(self, shape: Any, value: Any) -> str:
        if shape.type_name == "timestamp":
            fmt = shape.serialization.get("timestampFormat", self.HEADER_TIMESTAMP_FORMAT)
            return str(format_timestamp(value, fmt))
        if shape.type_name == "list":
            # botocore's parser splits on "," and does not unquote, so no quoting here.
            return ",".join(self._convert_header_value(shape.member, v) for v in value if v is not None)
        if shape.type_name == "blob":
            return base64.b64encode(to_bytes(value)).decode()
        if shape.type_name in ("float", "double") and isinstance(value, str):
            return value
        if shape.type_name == "string" and not is_json_value_header(shape):
            return to_text(value)
        return str(super()._convert_header_value(shape, value))


def encode_response(operation: OperationModel, value: Mapping[str, Any] | None) -> WireResponse:
    """The HTTP response carrying ``value`` (the operation's output in JSON form)."""
    protocol = operation.service_model.resolved_protocol
    shape: Any = operation.output_shape
    value = dict(value or {})
    if shape is None and value:
        raise ValueError(f"{operation.name} has no output, got {value!r}")
    if shape is not None:
        _members(shape, value)  # reject unknown members early
    if (operation.service_model.service_name, operation.name) == ("s3", "GetBucketLocation"):
        return _s3_get_bucket_location(value)
    encoder = {
        "json": _rpc_response,
        "smithy-rpc-v2-cbor": _rpc_response,
        "rest-json": _rest_response,
        "rest-xml": _rest_response,
        "query": _query_response,
        "ec2": _query_response,
    }.get(protocol)
    if encoder is None:
        raise ValueError(f"unsupported protocol {protocol!r}")
    return encoder(protocol, operation, shape, value)


def _rpc_response(protocol: str, operation: OperationModel, shape: Any, value: dict[str, Any]) -> WireResponse:
    if protocol == "json":
        headers = {"x-amzn-RequestId": REQUEST_ID,
                   "Content-Type": f"application/x-amz-json-{operation.metadata.get('jsonVersion', '1.0')}"}
        encode = json_body
    else:
        headers = {"x-amzn-RequestId": REQUEST_ID, "Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"}
        encode = cbor_body
    if shape is None:
        return WireResponse(200, headers, b"{}" if protocol == "json" else b"")
    stream_name = shape.event_stream_name
    if stream_name:
        # These protocols open an event stream with an initial-response event carrying the
        # other output members.
        initial = encode(shape, {k: v for k, v in value.items() if k != stream_name})
        body = encode_event_stream(protocol, shape.members[stream_name], value.get(stream_name) or [], initial)
        headers["Content-Type"] = "application/vnd.amazon.eventstream"
        return WireResponse(200, headers, body)
    return WireResponse(200, headers, encode(shape, value))


def _rest_response(protocol: str, operation: OperationModel, shape: Any, value: dict[str, Any]) -> WireResponse:
    if protocol == "rest-xml":
        headers = {"x-amz-request-id": REQUEST_ID, "x-amz-id-2": HOST_ID}
    else:
        headers = {"x-amzn-RequestId": REQUEST_ID}
    status = 200
    if shape is None:
        return WireResponse(status, headers, b"")
    header_values = _HeaderValues()
    modeled: dict[str, str] = {}
    for name, member, member_value in _members(shape, value):
        location = member.serialization.get("location")
        if member_value is None or location is None:
            continue
        if location == "statusCode":
            status = int(member_value)
        elif location == "header":
            if member.type_name == "list" and not member_value:
                continue
            modeled[member.serialization.get("name", name)] = header_values._convert_header_value(member, member_value)
        elif location == "headers":
            prefix = member.serialization.get("name", "")
            for key, header_value in member_value.items():
                modeled[prefix + key] = to_text(header_value)

    payload_name = shape.serialization.get("payload")
    content_type: str | None = CONTENT_TYPES[protocol]
    if payload_name is not None:
        payload: Any = shape.members[payload_name]
        payload_value = value.get(payload_name)
        if payload.serialization.get("eventstream"):
            body = encode_event_stream(protocol, payload, payload_value or [])
            content_type = "application/vnd.amazon.eventstream"
        elif payload.type_name == "blob":
            body = to_bytes(payload_value) if payload_value is not None else b""
            content_type = "application/octet-stream"
        elif payload.type_name == "string":
            body = to_text(payload_value).encode() if payload_value is not None else b""
            content_type = "text/plain"
        elif payload_value is None:
            body = b""
        elif protocol == "rest-xml":
            tag = payload.serialization.get("name", payload_name)
            body = xml_body(payload, payload_value, tag)
        else:
            body = json_body(payload, payload_value)
    else:
        body_values = {k: v for k, m, v in _body_members(shape, value)}
        has_body_members = any(
            m.serialization.get("location") not in HTTP_LOCATIONS for m in shape.members.values()
        )
        if protocol == "rest-json":
            body = json_body(shape, body_values) if has_body_members else b""
        elif any(v is not None for v in body_values.values()):
            namespace = operation.metadata.get("xmlNamespace")
            ns = namespace.get("uri") if isinstance(namespace, dict) else namespace
            body = xml_body(shape, body_values, None, ns)
        else:
            body = b""  # e.g. s3 HeadObject: everything is in headers
    if not body and payload_name is None:
        content_type = None
    if content_type:
        headers["Content-Type"] = content_type
    headers["Content-Length"] = str(len(body))
    # A header an output member is bound to (s3 GetObject's ContentType/ContentLength, lambda's
    # ResponseStreamContentType) carries that member's value, or is left out, so that boto3
    # returns exactly the members the value has.
    bound = {
        m.serialization.get("name", n).lower()
        for n, m in shape.members.items()
        if m.serialization.get("location") == "header"
    }
    headers = {k: v for k, v in headers.items() if k.lower() not in bound}
    headers.update(modeled)
    return WireResponse(status, headers, body)


def _query_response(protocol: str, operation: OperationModel, shape: Any, value: dict[str, Any]) -> WireResponse:
    xml = _XMLBody()
    if protocol == "ec2":
        namespace = f"http://ec2.amazonaws.com/doc/{operation.metadata['apiVersion']}/"
    else:
        namespace = operation.metadata.get("xmlNamespace") or "https://example.amazonaws.com/doc/"
        if isinstance(namespace, dict):
            namespace = namespace["uri"]
    root = ElementTree.Element(f"{operation.name}Response", {"xmlns": namespace})
    if protocol == "ec2":
        ElementTree.SubElement(root, "requestId").text = REQUEST_ID
    if shape is not None:
        wrapper = shape.serialization.get("resultWrapper")
        target = ElementTree.SubElement(root, wrapper) if wrapper else root
        xml.fill(target, shape, value)
    if protocol == "query":
        metadata = ElementTree.SubElement(root, "ResponseMetadata")
        ElementTree.SubElement(metadata, "RequestId").text = REQUEST_ID
    return WireResponse(200, {"x-amzn-RequestId": REQUEST_ID, "Content-Type": CONTENT_TYPES[protocol]},
                        xml_document(root))


def _s3_get_bucket_location(value: Mapping[str, Any]) -> WireResponse:
    """S3 answers with a bare ``<LocationConstraint>`` root, which the model cannot describe;
    botocore's ``parse_get_bucket_location`` handler reads the root's text."""
    root = ElementTree.Element("LocationConstraint", {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"})
    root.text = value.get("LocationConstraint")
    body = xml_document(root)
    return WireResponse(200, {"x-amz-request-id": REQUEST_ID, "x-amz-id-2": HOST_ID,
                              "Content-Type": "application/xml", "Content-Length": str(len(body))}, body)
