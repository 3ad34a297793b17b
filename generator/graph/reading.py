"""Typed reads of the raw JSON model: a value of the wrong type is a one-line ModelError.

A model from a file is untrusted input; every read that the graph builder makes goes
through here, so a malformed model is reported with its path and the shape or
operation, never as a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NoReturn

from generator.errors import ModelError
from generator.limits import MAX_DOC_LENGTH

_KIND_NAMES: dict[Any, str] = {
    dict: "an object", list: "a list", str: "a string", (int, float): "a number", bool: "true or false"
}


def field(raw: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str, default: Any = None) -> Any:
    """``raw[key]`` checked to be of ``kind``; a wrong type is a one-line ModelError."""
    if key not in raw:
        return default
    value = raw[key]
    if not isinstance(value, kind) or (kind == (int, float) and isinstance(value, bool)):
        raise ModelError(f"{where}: {key!r} must be {_KIND_NAMES[kind]}, not {json.dumps(value)[:40]}")
    return value


def shape_name(raw: Mapping[str, Any], where: str) -> str:
    """The ``"shape"`` of a reference such as a member, a list member or an operation output."""
    target = field(raw, "shape", str, where)
    if target is None:
        raise ModelError(f"{where} has no 'shape'")
    return str(target)


def ref(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    """The shape ``raw[key]`` refers to (``{"shape": ...}``), or None when ``key`` is absent."""
    spec = field(raw, key, dict, where)
    return None if spec is None else shape_name(spec, f"{where} {key}")


def required_ref(raw: Mapping[str, Any], key: str, where: str) -> str:
    target = ref(raw, key, where)
    if target is None:
        raise ModelError(f"{where} has no {key!r}")
    return target


def not_object(where: str, value: Any) -> NoReturn:
    raise ModelError(f"{where} must be an object, not {json.dumps(value)[:40]}")


def strings(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = field(raw, key, list, where, default=[])
    if not all(isinstance(v, str) for v in values):
        raise ModelError(f"{where}: {key!r} must be a list of strings")
    return tuple(values)


def flag(raw: Mapping[str, Any], key: str, where: str) -> bool:
    """A boolean trait (``union``, ``sensitive``...): JSON ``true``/``false`` only, so that
    ``"false"`` is refused rather than read as true."""
    return bool(field(raw, key, bool, where, default=False))


def documentation(raw: Mapping[str, Any], where: str) -> str:
    """``documentation``: a string of at most MAX_DOC_LENGTH characters (rendering is not free)."""
    text: str = field(raw, "documentation", str, where, default="")
    if len(text) > MAX_DOC_LENGTH:
        raise ModelError(f"{where}: 'documentation' is {len(text)} characters long, more than {MAX_DOC_LENGTH}")
    return text
