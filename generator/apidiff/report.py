"""Changes rendered as text, Markdown or JSON.

Names, annotations and enum values come from the models: in text they are made visible (no
line break or control character gets through), in Markdown they are code spans fenced longer
than any backtick run they hold, so none of them can break the layout.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from generator.apidiff.compare import Change, ChangeKind
from generator.apidiff.surface import ApiSurface
from generator.escape import code_span, visible

FORMATS = ("text", "markdown", "json")
NO_CHANGES = "No API changes."


@dataclass(frozen=True, slots=True)
class Code:
    """A piece of model text in a phrase (a name, an annotation, a value)."""

    text: str


Phrase = Sequence[str | Code]  # plain words are the generator's own, never model text


def phrase(change: Change) -> Phrase:
    """What a change says, after its package."""
    kind, owner, member = change.kind, change.owner, change.member
    dotted = Code(f"{owner}.{member}")
    old, new = _value(change, change.old), _value(change, change.new)
    if kind is ChangeKind.PACKAGE_ADDED:
        return ["package added"]
    if kind is ChangeKind.PACKAGE_REMOVED:
        return ["package removed"]
    if kind in (ChangeKind.CLASS_ADDED, ChangeKind.CLASS_REMOVED):
        verb = "added" if kind is ChangeKind.CLASS_ADDED else "removed"
        return [Code(owner), f" {verb} ({change.new or change.old})"]
    if kind is ChangeKind.CLASS_KIND_CHANGED:
        return [Code(owner), f" changed from {change.old} to {change.new}"]
    if kind is ChangeKind.FIELD_ADDED and change.breaking:
        return [dotted, " added, required (", new, ")"]
    words = {
        ChangeKind.FIELD_ADDED: ("added", new),
        ChangeKind.FIELD_REMOVED: ("removed", old),
        ChangeKind.FIELD_MADE_REQUIRED: ("made required", new),
        ChangeKind.FIELD_MADE_OPTIONAL: ("made optional", new),
        ChangeKind.UNION_MEMBER_ADDED: ("union member added", new),
        ChangeKind.UNION_MEMBER_REMOVED: ("union member removed", old),
        ChangeKind.ENUM_VALUE_ADDED: ("added", new),
        ChangeKind.ENUM_VALUE_REMOVED: ("removed", old),
    }
    if kind in words:
        verb, shown = words[kind]
        return [dotted, f" {verb} (", shown, ")"]
    if kind in (ChangeKind.FIELD_TYPE_CHANGED, ChangeKind.ENUM_VALUE_CHANGED):
        what = "type" if kind is ChangeKind.FIELD_TYPE_CHANGED else "value"
        return [dotted, f" {what} changed: ", old, " → ", new]
    operation: list[str | Code] = ["operation ", Code(owner)]
    if kind is ChangeKind.OPERATION_ADDED:
        return [*operation, " added (", new, ")"]
    if kind is ChangeKind.OPERATION_REMOVED:
        return [*operation, " removed (", old, ")"]
    if kind in (ChangeKind.OPERATION_REQUEST_CHANGED, ChangeKind.OPERATION_RESPONSE_CHANGED):
        which = "request" if kind is ChangeKind.OPERATION_REQUEST_CHANGED else "response"
        return [*operation, f" {which} class changed: ", old, " → ", new]
    verb = "may now raise" if kind is ChangeKind.OPERATION_ERROR_ADDED else "no longer raises"
    return [*operation, f" {verb} ", Code(member)]


def _value(change: Change, value: str | None) -> Code:
    """An annotation as it is; an enum value quoted (it is a string); nothing as None."""
    if value is None:
        return Code("None")
    if change.kind in (ChangeKind.ENUM_VALUE_ADDED, ChangeKind.ENUM_VALUE_REMOVED, ChangeKind.ENUM_VALUE_CHANGED):
        return Code(json.dumps(value, ensure_ascii=False))
    return Code(value)


def _render(words: Phrase, code: Callable[[str], str]) -> str:
    return "".join(code(part.text) if isinstance(part, Code) else part for part in words)


def _groups(changes: Iterable[Change]) -> list[tuple[str, list[Change]]]:
    changes = list(changes)
    return [
        (title, [c for c in changes if c.breaking is breaking])
        for title, breaking in (("Breaking changes", True), ("Other changes", False))
    ]


# --- text -------------------------------------------------------------------------------------


def text(changes: Sequence[Change]) -> str:
    """One line per change, ``package: phrase``, under "Breaking changes" and "Other changes"."""
    if not changes:
        return NO_CHANGES + "\n"
    lines: list[str] = []
    for title, group in _groups(changes):
        if group:
            lines += [f"{title} ({len(group)}):"]
            lines += [f"  {visible(c.package)}: {_render(phrase(c), visible)}" for c in group]
    return "\n".join(lines) + "\n"


# --- Markdown ---------------------------------------------------------------------------------


def markdown_sections(changes: Sequence[Change], level: int) -> str:
    """The groups as Markdown sections at heading ``level``, each package a section below them."""
    if not changes:
        return NO_CHANGES + "\n"
    blocks: list[str] = []
    for title, group in _groups(changes):
        if not group:
            continue
        blocks.append(f"{'#' * level} {title}")
        for package in sorted({c.package for c in group}):
            blocks.append(f"{'#' * (level + 1)} {code_span(package)}")
            blocks.append("\n".join(f"- {_render(phrase(c), code_span)}" for c in group if c.package == package))
    return "\n\n".join(blocks) + "\n"


def markdown(changes: Sequence[Change], old: ApiSurface, new: ApiSurface) -> str:
    heading = f"# API changes\n\nFrom {code_span(old.origin)} to {code_span(new.origin)}.\n\n"
    return heading + markdown_sections(changes, level=2)


# --- JSON -------------------------------------------------------------------------------------


def json_document(changes: Sequence[Change], old: ApiSurface, new: ApiSurface) -> str:
    """A stable document: sorted keys, the changes in ``compare``'s order."""
    document = {
        "old": {"origin": old.origin, "botocore": old.botocore},
        "new": {"origin": new.origin, "botocore": new.botocore},
        "breaking": sum(c.breaking for c in changes),
        "other": sum(not c.breaking for c in changes),
        "changes": [
            {
                "package": c.package,
                "owner": c.owner,
                "member": c.member,
                "kind": c.kind.value,
                "breaking": c.breaking,
                "old": c.old,
                "new": c.new,
                "text": _render(phrase(c), str),
            }
            for c in changes
        ],
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render(format_: str, changes: Sequence[Change], old: ApiSurface, new: ApiSurface) -> str:
    if format_ == "json":
        return json_document(changes, old, new)
    if format_ == "markdown":
        return markdown(changes, old, new)
    return text(changes)
