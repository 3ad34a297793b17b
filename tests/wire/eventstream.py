"""Encoding AWS event-stream messages (``application/vnd.amazon.eventstream``).

The binary framing botocore's ``botocore.eventstream`` decoder reads::

    [total length: u32][headers length: u32][prelude CRC32: u32]
    [headers ...][payload ...][message CRC32: u32]

Each header is ``[name length: u8][name][type: u8][value]``.  Only the framing and the
typed header values live here; turning an event's members into headers and a payload is
done by ``responses.encode_event`` with the protocol's body encoder.
"""

from __future__ import annotations

import struct
import uuid
from binascii import crc32
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# Header value types, as numbered by the event-stream format (and botocore's decoder).
BOOL_TRUE, BOOL_FALSE, BYTE, SHORT, INTEGER, LONG, BYTES, STRING, TIMESTAMP, UUID = range(10)


@dataclass(frozen=True)
class HeaderValue:
    """A header value with an explicit event-stream type (one of the constants above)."""

    type: int
    value: Any


def _header_value(value: Any) -> HeaderValue:
    """A plain Python value's natural header type (strings, bytes, bools, ints, datetimes)."""
    if isinstance(value, HeaderValue):
        return value
    if isinstance(value, bool):
        return HeaderValue(BOOL_TRUE if value else BOOL_FALSE, value)
    if isinstance(value, int):
        return HeaderValue(LONG if not -(2**31) <= value < 2**31 else INTEGER, value)
    if isinstance(value, (bytes, bytearray)):
        return HeaderValue(BYTES, bytes(value))
    if isinstance(value, datetime):
        return HeaderValue(TIMESTAMP, value)
    if isinstance(value, uuid.UUID):
        return HeaderValue(UUID, value)
    if isinstance(value, str):
        return HeaderValue(STRING, value)
    raise TypeError(f"no event-stream header type for {value!r}")


def encode_header(name: str, value: Any) -> bytes:
    """One header: name, type byte and the value in that type's encoding."""
    header = _header_value(value)
    raw_name = name.encode("utf-8")
    if len(raw_name) > 255:
        raise ValueError(f"header name too long: {name!r}")
    out = bytearray(struct.pack("!B", len(raw_name)) + raw_name + struct.pack("!B", header.type))
    v = header.value
    if header.type in (BOOL_TRUE, BOOL_FALSE):
        pass
    elif header.type == BYTE:
        out += struct.pack("!b", v)
    elif header.type == SHORT:
        out += struct.pack("!h", v)
    elif header.type == INTEGER:
        out += struct.pack("!i", v)
    elif header.type == LONG:
        out += struct.pack("!q", v)
    elif header.type in (BYTES, STRING):
        data = v.encode("utf-8") if isinstance(v, str) else bytes(v)
        out += struct.pack("!H", len(data)) + data
    elif header.type == TIMESTAMP:
        # Milliseconds since the epoch; botocore divides by 1000 for timestamp members.
        millis = v if isinstance(v, int) else round(v.timestamp() * 1000)
        out += struct.pack("!q", millis)
    elif header.type == UUID:
        out += v.bytes if isinstance(v, uuid.UUID) else bytes(v)
    else:
        raise ValueError(f"unknown header type {header.type}")
    return bytes(out)


def encode_message(headers: Mapping[str, Any], payload: bytes = b"") -> bytes:
    """One complete event-stream message with both CRC32 checksums."""
    raw_headers = b"".join(encode_header(name, value) for name, value in headers.items())
    total = 12 + len(raw_headers) + len(payload) + 4
    prelude = struct.pack("!II", total, len(raw_headers))
    prelude += struct.pack("!I", crc32(prelude) & 0xFFFFFFFF)
    message = prelude + raw_headers + payload
    return message + struct.pack("!I", crc32(message) & 0xFFFFFFFF)


def event_message(event_type: str, payload: bytes, content_type: str | None,
                  extra_headers: Mapping[str, Any] | None = None) -> bytes:
    """An ``event`` message as services send them (``:message-type``/``:event-type`` first)."""
    headers: dict[str, Any] = {":message-type": "event", ":event-type": event_type}
    if content_type is not None:
        headers[":content-type"] = content_type
    headers.update(extra_headers or {})
    return encode_message(headers, payload)


def exception_message(exception_type: str, payload: bytes, content_type: str | None) -> bytes:
    """A modeled-exception message; botocore raises ``EventStreamError`` when it reaches it."""
    headers: dict[str, Any] = {":message-type": "exception", ":exception-type": exception_type}
    if content_type is not None:
        headers[":content-type"] = content_type
    return encode_message(headers, payload)


def decode_messages(data: bytes) -> list[tuple[dict[str, Any], bytes]]:
    """(headers, payload) of every message in ``data``, read by botocore's own decoder."""
    from botocore.eventstream import EventStreamBuffer

    buffer = EventStreamBuffer()
    buffer.add_data(data)
    return [(dict(message.headers), message.payload) for message in buffer]


