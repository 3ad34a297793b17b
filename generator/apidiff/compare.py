"""Two API surfaces compared: the list of changes, each breaking or not (see ``generator.apidiff``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum

from generator.apidiff.surface import ApiSurface, ClassApi, ClassKind, FieldApi, OperationApi, PackageApi


class ChangeKind(str, Enum):
    """What changed; each kind is breaking or not whatever the package (``BREAKING``), but for
    an added field, which breaks when it is required."""

    PACKAGE_ADDED = "package added"
    PACKAGE_REMOVED = "package removed"
    CLASS_ADDED = "class added"
    CLASS_REMOVED = "class removed"
    CLASS_KIND_CHANGED = "class kind changed"
    FIELD_ADDED = "field added"
    FIELD_REMOVED = "field removed"
    FIELD_TYPE_CHANGED = "field type changed"
    FIELD_MADE_REQUIRED = "field made required"
    FIELD_MADE_OPTIONAL = "field made optional"
    UNION_MEMBER_ADDED = "union member added"
    UNION_MEMBER_REMOVED = "union member removed"
    ENUM_VALUE_ADDED = "enum value added"
    ENUM_VALUE_REMOVED = "enum value removed"
    ENUM_VALUE_CHANGED = "enum value changed"
    OPERATION_ADDED = "operation added"
    OPERATION_REMOVED = "operation removed"
    OPERATION_REQUEST_CHANGED = "operation request changed"
    OPERATION_RESPONSE_CHANGED = "operation response changed"
    OPERATION_ERROR_ADDED = "operation error added"
    OPERATION_ERROR_REMOVED = "operation error removed"


BREAKING = frozenset({
    ChangeKind.PACKAGE_REMOVED,
    ChangeKind.CLASS_REMOVED,
    ChangeKind.CLASS_KIND_CHANGED,
    ChangeKind.FIELD_REMOVED,
    ChangeKind.FIELD_TYPE_CHANGED,
    ChangeKind.FIELD_MADE_REQUIRED,
    ChangeKind.FIELD_MADE_OPTIONAL,
    ChangeKind.UNION_MEMBER_REMOVED,
    ChangeKind.ENUM_VALUE_REMOVED,
    ChangeKind.ENUM_VALUE_CHANGED,
    ChangeKind.OPERATION_REMOVED,
    ChangeKind.OPERATION_REQUEST_CHANGED,
    ChangeKind.OPERATION_RESPONSE_CHANGED,
})


@dataclass(frozen=True, slots=True)
class Change:
    """One change. ``owner`` is the class (or, for operation changes, the operation) changed,
    "" for a package change; ``member`` the field, enum member or error class, "" when the change
    is to the owner itself. ``old``/``new`` are what was and what is (an annotation, an enum
    value, a class kind, request and response), None where there is nothing."""

    package: str
    owner: str
    member: str
    kind: ChangeKind
    breaking: bool
    old: str | None = None
    new: str | None = None


def _shape_kind(cls: ClassApi) -> ClassKind:
    """The kind of class, where an error is a structure: whether ``ERRORS`` lists a class is
    reported as an operation's error added or removed, not as the class changing."""
    return ClassKind.STRUCTURE if cls.kind is ClassKind.ERROR else cls.kind


def compare(old: ApiSurface, new: ApiSurface) -> list[Change]:
    """Every change from ``old`` to ``new``, ordered by package, owner, member and kind."""
    changes: list[Change] = []
    for name in sorted(old.packages.keys() | new.packages.keys()):
        before, after = old.packages.get(name), new.packages.get(name)
        if before is None:
            changes.append(_change(name, "", "", ChangeKind.PACKAGE_ADDED))
        elif after is None:
            changes.append(_change(name, "", "", ChangeKind.PACKAGE_REMOVED))
        else:
            changes.extend(compare_packages(before, after))
    return sorted(changes, key=_order)


def compare_packages(old: PackageApi, new: PackageApi) -> Iterator[Change]:
    package = new.name
    for name in sorted(old.classes.keys() | new.classes.keys()):
        before, after = old.classes.get(name), new.classes.get(name)
        if before is None:
            assert after is not None
            yield _change(package, name, "", ChangeKind.CLASS_ADDED, new=after.kind.value)
        elif after is None:
            yield _change(package, name, "", ChangeKind.CLASS_REMOVED, old=before.kind.value)
        else:
            if _shape_kind(before) is not _shape_kind(after):
                yield _change(package, name, "", ChangeKind.CLASS_KIND_CHANGED, before.kind.value, after.kind.value)
            if before.kind is ClassKind.ENUM and after.kind is ClassKind.ENUM:
                yield from _enum_changes(package, before, after)
            elif ClassKind.ENUM not in (before.kind, after.kind):
                yield from _field_changes(package, before, after)
    yield from _operation_changes(package, old.operations, new.operations)


def _enum_changes(package: str, old: ClassApi, new: ClassApi) -> Iterator[Change]:
    for member in sorted(old.values.keys() | new.values.keys()):
        before, after = old.values.get(member), new.values.get(member)
        if before is None:
            yield _change(package, new.name, member, ChangeKind.ENUM_VALUE_ADDED, new=after)
        elif after is None:
            yield _change(package, new.name, member, ChangeKind.ENUM_VALUE_REMOVED, old=before)
        elif before != after:
            yield _change(package, new.name, member, ChangeKind.ENUM_VALUE_CHANGED, before, after)


def _field_changes(package: str, old: ClassApi, new: ClassApi) -> Iterator[Change]:
    union = new.kind is ClassKind.UNION
    for name in sorted(old.fields.keys() | new.fields.keys()):
        before, after = old.fields.get(name), new.fields.get(name)
        if before is None:
            assert after is not None
            kind = ChangeKind.UNION_MEMBER_ADDED if union else ChangeKind.FIELD_ADDED
            yield _change(package, new.name, name, kind, new=after.annotation, breaking=after.required)
        elif after is None:
            kind = ChangeKind.UNION_MEMBER_REMOVED if union else ChangeKind.FIELD_REMOVED
            yield _change(package, new.name, name, kind, old=before.annotation)
        else:
            yield from _field_change(package, new.name, before, after)


def _field_change(package: str, owner: str, old: FieldApi, new: FieldApi) -> Iterator[Change]:
    # An optional field's annotation is the required one's with `| None`: that alone is the
    # change of requiredness, reported once.
    if _without_none(old.annotation) != _without_none(new.annotation) or (
        old.required == new.required and old.annotation != new.annotation
    ):
        yield _change(package, owner, new.name, ChangeKind.FIELD_TYPE_CHANGED, old.annotation, new.annotation)
    if old.required != new.required:
        kind = ChangeKind.FIELD_MADE_REQUIRED if new.required else ChangeKind.FIELD_MADE_OPTIONAL
        yield _change(package, owner, new.name, kind, old.annotation, new.annotation)


def _without_none(annotation: str) -> str:
    return annotation.removesuffix(" | None")


def _operation_changes(
    package: str, old: Mapping[str, OperationApi], new: Mapping[str, OperationApi]
) -> Iterator[Change]:
    for name in sorted(old.keys() | new.keys()):
        before, after = old.get(name), new.get(name)
        if before is None:
            assert after is not None
            yield _change(package, name, "", ChangeKind.OPERATION_ADDED, new=_signature(after))
        elif after is None:
            yield _change(package, name, "", ChangeKind.OPERATION_REMOVED, old=_signature(before))
        else:
            if before.request != after.request:
                yield _change(package, name, "", ChangeKind.OPERATION_REQUEST_CHANGED, before.request, after.request)
            if before.response != after.response:
                yield _change(package, name, "", ChangeKind.OPERATION_RESPONSE_CHANGED, before.response, after.response)
            for error in sorted(set(after.errors) - set(before.errors)):
                yield _change(package, name, error, ChangeKind.OPERATION_ERROR_ADDED)
            for error in sorted(set(before.errors) - set(after.errors)):
                yield _change(package, name, error, ChangeKind.OPERATION_ERROR_REMOVED)


def _signature(operation: OperationApi) -> str:
    return f"{operation.request or 'None'} -> {operation.response or 'None'}"


def _change(
    package: str,
    owner: str,
    member: str,
    kind: ChangeKind,
    old: str | None = None,
    new: str | None = None,
    *,
    breaking: bool | None = None,
) -> Change:
    return Change(package, owner, member, kind, kind in BREAKING if breaking is None else breaking, old, new)


def _order(change: Change) -> tuple[str, str, str, str, str, str]:
    return (change.package, change.owner, change.member, change.kind.value, change.old or "", change.new or "")
