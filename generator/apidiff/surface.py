"""The public API of generated packages as plain data: what ``read`` builds and ``compare`` compares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum


class ClassKind(str, Enum):
    STRUCTURE = "structure"
    UNION = "union"
    ERROR = "error"
    ENUM = "enum"


@dataclass(frozen=True, slots=True)
class FieldApi:
    """One dataclass field: its Python name, its annotation as normalised source text (forward
    references unquoted, no parentheses or line breaks), and whether it has no default."""

    name: str
    annotation: str
    required: bool


@dataclass(frozen=True, slots=True)
class ClassApi:
    """A dataclass (structure, union or error) or an enum; enums have ``values`` (member name
    -> value) and no fields."""

    name: str
    kind: ClassKind
    fields: Mapping[str, FieldApi]
    values: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class OperationApi:
    """An entry of ``OPERATIONS`` and of ``ERRORS``: class names, None where there is none."""

    name: str
    request: str | None
    response: str | None
    errors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PackageApi:
    name: str
    classes: Mapping[str, ClassApi]
    operations: Mapping[str, OperationApi]


@dataclass(frozen=True, slots=True)
class ApiSurface:
    """Packages by name, and what the surface was read from (for reports: a folder, a git ref)."""

    packages: Mapping[str, PackageApi]
    origin: str
    botocore: str | None = None  # the manifest's botocore version, when known
