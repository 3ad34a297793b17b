"""Stage 1: read a botocore service model, from the pinned botocore or from a file.

Only botocore's own data folder is searched (never ``~/.aws/models``), so the same
botocore version always yields the same model and the same generated output.

The model is the one botocore itself uses: ``service-2.sdk-extras.json`` beside the
model file is merged in by botocore's own ``ExtrasProcessor`` (s3's ``Expires`` becomes a
timestamp, rds, docdb and neptune gain ``SourceRegion``, two services change ``serviceId``).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import os
import re
import stat
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import botocore_data
from generator.errors import ModelError
from generator.limits import MAX_INT_DIGITS, MAX_JSON_DEPTH, MAX_MODEL_BYTES
from generator.paths import service_problem


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """A decoded ``service-2.json`` and where it came from."""

    service: str
    data: dict[str, Any]
    source: str
    sha256: str
    botocore_version: str = field(default_factory=botocore_data.version)


def available_services() -> list[str]:
    # botocore's own listing, without importing botocore (a run that skips every target
    # never does): see generator/botocore_data.py.
    return botocore_data.available_services()


def closest(name: str, candidates: list[str]) -> str:
    """A ``did you mean`` suffix naming the closest candidates, or nothing."""
    matches = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    if not matches:
        lowered = name.lower()
        matches = [c for c in candidates if c.lower() == lowered][:3]
    return f" (closest: {', '.join(matches)})" if matches else ""


def check_known_services(names: Iterable[str]) -> None:
    """Every name is a service of the pinned botocore; else one error naming all that are not."""
    services = available_services()
    known = set(services)
    unknown = [name for name in dict.fromkeys(names) if name not in known]
    if len(unknown) == 1:
        raise ModelError(
            f"unknown service {unknown[0]!r} in botocore {botocore_data.version()}"
            f"{closest(unknown[0], services)}"
        )
    if unknown:
        raise ModelError(
            f"unknown services in botocore {botocore_data.version()}: "
            + ", ".join(f"{name!r}{closest(name, services)}" for name in unknown)
        )


def installed_model_path(service: str) -> Path:
    """The ``service-2.json[.gz]`` the pinned botocore holds for ``service``."""
    check_known_services([service])
    path = botocore_data.model_path(service)
    if path is None:
        raise ModelError(f"botocore lists service {service!r} but has no model file in {botocore_data.data_folder()}")
    return path


def load_installed(service: str) -> LoadedModel:
    return load_file(installed_model_path(service), service)


# botocore's loader looks for ``<type>.sdk-extras.json`` beside ``<type>.json`` (``_find_extras``).
EXTRAS_NAME = "service-2.sdk-extras.json"


def extras_path(path: Path) -> Path | None:
    """The extras file botocore would merge into the model at ``path``, if there is one."""
    if path.name not in ("service-2.json", "service-2.json.gz"):
        return None
    candidate = path.with_name(EXTRAS_NAME)
    return candidate if candidate.is_file() else None


def load_file(path: Path, service: str | None = None) -> LoadedModel:
    """Read a ``service-2.json`` or ``service-2.json.gz`` and merge its sdk-extras as
    botocore does; every failure names the file."""
    import botocore.loaders  # here, not above: a run that renders nothing never imports botocore

    raw = read_model_bytes(path)
    data = _decode(raw, path)
    if not isinstance(data, dict) or not isinstance(data.get("shapes"), dict):
        raise ModelError(f"{path}: not a botocore service model (no 'shapes' object)")
    if not isinstance(data.get("operations"), dict):
        raise ModelError(f"{path}: not a botocore service model (no 'operations' object)")
    digest = hashlib.sha256(raw)
    extras = extras_path(path)
    if extras is not None:
        extras_raw = read_model_bytes(extras)
        extras_data = _decode(extras_raw, extras)
        if not isinstance(extras_data, dict) or not isinstance(extras_data.get("merge", {}), dict):
            raise ModelError(f"{extras}: not an sdk-extras file (no 'merge' object)")
        botocore.loaders.ExtrasProcessor().process(data, [extras_data])
        for key in ("shapes", "operations"):
            if not isinstance(data.get(key), dict):
                raise ModelError(f"{extras}: merging it leaves no {key!r} object")
        digest.update(b"\0" + extras_raw)  # the fingerprint covers both files
    return LoadedModel(
        service=service or service_name_from_metadata(data, os.fspath(path)),
        data=data,
        source=os.fspath(path),
        sha256=digest.hexdigest(),
        botocore_version=botocore.__version__,
    )


def _decode(raw: bytes, path: Path) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelError(f"{path}: not UTF-8 at byte {exc.start}") from None
    return parse_json(text, os.fspath(path))


# A JSON string (escapes included) or one bracket: enough to measure nesting without decoding.
# The closing quote is optional so that an unterminated string cannot make every quote in it
# rescan to the end of the file (quadratic); json.loads reports such a file anyway.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')


class _BadNumber(ValueError):
    """A number JSON allows (or Python's json accepts) that no model may hold."""


def _no_constant(name: str) -> Any:
    raise _BadNumber(f"{name} is not a number a model may hold")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _BadNumber(f"{text[:40]} is too large for a float")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _BadNumber(f"an integer of {len(text.lstrip('-'))} digits (more than {MAX_INT_DIGITS})")
    return int(text)


def _too_deep(text: str) -> int | None:
    """The offset where ``text`` nests deeper than MAX_JSON_DEPTH, if it does (a linear scan)."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return match.start()
        elif token in "]}":
            depth -= 1
    return None


def parse_json(text: str, source: str) -> Any:
    """``json.loads`` for untrusted text: nesting bounded (json.loads recurses), and no NaN,
    Infinity, float that overflows to infinity or integer past Python's digit limit."""
    deep = _too_deep(text)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        column = deep - (text.rfind("\n", 0, deep) + 1) + 1
        raise ModelError(f"{source}:{line}:{column}: JSON nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite_float, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise ModelError(f"{source}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except _BadNumber as exc:
        raise ModelError(f"{source}: invalid number in JSON: {exc}") from None
    except RecursionError:  # not reached below MAX_JSON_DEPTH; kept as a last guard
        raise ModelError(f"{source}: JSON nested too deeply") from None


def read_model_bytes(path: Path) -> bytes:
    """The model file's bytes, gunzipped if gzipped; at most ``MAX_MODEL_BYTES`` either way.

    Only a regular file is read: a FIFO, socket or device could block forever or never end.
    The path is checked before it is opened, and what was opened is checked again (fstat), in
    case the path changed in between; the open does not block (a FIFO without a writer would).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        _check_regular(path, os.stat(path))  # a device is never even opened
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ModelError(f"{path}: model file not found") from None
    except OSError as exc:
        raise ModelError(f"{path}: cannot read model file: {exc.strerror or exc}") from None
    try:
        _check_regular(path, os.fstat(fd))  # what was opened, in case the path changed meanwhile
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_MODEL_BYTES + 1)
    except OSError as exc:
        raise ModelError(f"{path}: cannot read model file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_MODEL_BYTES:
        raise ModelError(f"{path}: model file is more than the limit of {MAX_MODEL_BYTES} bytes")
    return _gunzip(path, raw) if raw[:2] == b"\x1f\x8b" else raw


def _check_regular(path: Path, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (FIFO, socket or device)"
        raise ModelError(f"{path}: cannot read model file: it is {kind}")
    if info.st_size > MAX_MODEL_BYTES:
        raise ModelError(f"{path}: model file is {info.st_size} bytes, more than the limit of {MAX_MODEL_BYTES}")


def _gunzip(path: Path, raw: bytes) -> bytes:
    """Every gzip member inflated, stopping past ``MAX_MODEL_BYTES`` (a small file can inflate a lot)."""
    parts: list[bytes] = []
    size = 0
    try:
        while raw:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            parts.append(inflater.decompress(raw, MAX_MODEL_BYTES + 1 - size))
            size += len(parts[-1])
            if size > MAX_MODEL_BYTES:
                raise ModelError(f"{path}: gzipped model inflates to more than the limit of {MAX_MODEL_BYTES} bytes")
            if not inflater.eof:
                raise ModelError(f"{path}: not a valid gzip file: it ends before the compressed data does")
            raw = inflater.unused_data.lstrip(b"\0")  # members may follow, padding too (as gzip reads it)
    except zlib.error as exc:
        raise ModelError(f"{path}: not a valid gzip file: {exc}") from None
    return b"".join(parts)


def service_name_from_metadata(data: dict[str, Any], source: str) -> str:
    """botocore's naming rule for a model found outside its data folder (serviceId, hyphenated).

    The name becomes a folder name under the output folder, so it must pass the same check as
    a service named on the command line (``generator/paths.py``).
    """
    metadata = data.get("metadata", {})
    if not isinstance(metadata, dict):
        raise ModelError(f"{source}: 'metadata' must be an object")
    for field in ("serviceId", "endpointPrefix"):
        value = metadata.get(field)
        if value:
            break
    else:
        raise ModelError(f"{source}: metadata has no serviceId or endpointPrefix to name the service by")
    if not isinstance(value, str):
        raise ModelError(f"{source}: metadata.{field} must be a string")
    name = "-".join(value.lower().split())
    problem = service_problem(name)
    if problem:
        raise ModelError(f"{source}: metadata.{field} {value!r} does not give a usable service name: {problem}")
    return name
