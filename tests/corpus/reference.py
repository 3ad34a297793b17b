"""What botocore says, for comparing with the generated artefacts.

The CLI skeleton reference is tests/test_skeleton.py's (``cli_input_text``/``cli_output_text``),
copied here so that the corpus check does not import the test modules (they need pytest,
hypothesis and the tests folder on ``sys.path``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import botocore.model
from botocore.eventstream import EventStream as BotocoreEventStream
from botocore.response import StreamingBody
from botocore.utils import ArgumentGenerator


@contextmanager
def first_enum_value() -> Iterator[None]:
    """botocore picks an enum value at random; the generated skeletons hold the first."""
    original = random.choice
    random.choice = lambda seq: seq[0]
    try:
        yield
    finally:
        random.choice = original


def awscli_encoder(value: Any) -> str:
    # awscli.utils.json_encoder, without importing awscli (see tests/test_skeleton.py).
    return value.isoformat()  # type: ignore[no-any-return]


def cli_input_text(shape: botocore.model.Shape | None) -> str:
    """What awscli's ``--generate-cli-skeleton input`` writes."""
    with first_enum_value():
        skeleton = ArgumentGenerator().generate_skeleton(shape) if shape is not None else {}
    return json.dumps(skeleton, indent=4, default=awscli_encoder) + "\n"


def cli_output_text(shape: botocore.model.Shape | None) -> str:
    """What awscli's JSON formatter writes for the stubbed ``--generate-cli-skeleton output``."""
    with first_enum_value():
        skeleton = ArgumentGenerator(use_member_names=True).generate_skeleton(shape) if shape is not None else {}
    return json.dumps(skeleton, indent=4, default=awscli_encoder, ensure_ascii=False) + "\n"


def to_boto3_params(value: Any, shape: botocore.model.Shape) -> Any:
    """A JSON-form request as boto3 takes it: base64 blobs become bytes. Timestamps stay ISO
    text (botocore accepts it); documents and unknown members are left as they are."""
    if isinstance(shape, botocore.model.StructureShape) and not shape.is_document_type:
        if not isinstance(value, dict):
            return value
        return {
            k: to_boto3_params(v, shape.members[k]) if k in shape.members else v for k, v in value.items()
        }
    if isinstance(shape, botocore.model.ListShape):
        return [to_boto3_params(v, shape.member) for v in value] if isinstance(value, list) else value
    if isinstance(shape, botocore.model.MapShape):
        return {k: to_boto3_params(v, shape.value) for k, v in value.items()} if isinstance(value, dict) else value
    if shape.type_name == "blob" and isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error:
            return value
    return value


_OPAQUE = (StreamingBody, BotocoreEventStream)


def first_difference(ours: Any, theirs: Any, path: str = "") -> str | None:
    """Where ``ours`` (``to_dict()``) differs from ``theirs`` (what botocore returned), or None.

    Equal means ``==`` with the same type (``True`` is not ``1``, ``1.0`` is not ``1``);
    botocore's ``StreamingBody`` and ``EventStream`` must come back as the very same object."""
    where = path or "<top>"
    if isinstance(theirs, _OPAQUE):
        if ours is not theirs:
            return f"{where}: expected the very {type(theirs).__name__} botocore returned, got {_short(ours)}"
        return None
    if isinstance(theirs, dict):
        if not isinstance(ours, dict):
            return f"{where}: expected a dict, got {_short(ours)}"
        missing = [k for k in theirs if k not in ours]
        extra = [k for k in ours if k not in theirs]
        if missing or extra:
            return f"{where}: keys differ: missing {missing[:5]}, extra {extra[:5]}"
        for key in theirs:
            found = first_difference(ours[key], theirs[key], f"{path}.{key}" if path else str(key))
            if found:
                return found
        return None
    if isinstance(theirs, list):
        if not isinstance(ours, list):
            return f"{where}: expected a list, got {_short(ours)}"
        if len(ours) != len(theirs):
            return f"{where}: {len(ours)} items, botocore has {len(theirs)}"
        for i, (a, b) in enumerate(zip(ours, theirs)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    if type(ours) is not type(theirs) and not _same_kind(ours, theirs):
        return f"{where}: type {type(ours).__name__} ({_short(ours)}), botocore has {type(theirs).__name__} ({_short(theirs)})"
    if ours != theirs and not (_is_nan(ours) and _is_nan(theirs)):
        return f"{where}: {_short(ours)} != botocore's {_short(theirs)}"
    return None


def _same_kind(a: Any, b: Any) -> bool:
    # An aware datetime's class does not matter; str subclasses (open enums) are text.
    if isinstance(a, _dt.datetime) and isinstance(b, _dt.datetime):
        return True
    if isinstance(a, str) and isinstance(b, str):
        return True
    return False


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and value != value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
