"""YAML text of a skeleton with a comment per structure member, without a YAML library.

The comments follow AWS CLI v2's ``--generate-cli-skeleton yaml-input`` (an end-of-line
comment on each member: ``[REQUIRED]``, the first sentence of the documentation, the
valid values) and add the member's type. The data is the JSON skeleton's, exactly, so
that a YAML parser reads back what the JSON file holds: timestamps stay quoted text
and blobs ``null`` (v2 writes ``!!binary ''``; its JSON skeleton has ``null`` too).

Block style, two spaces per level, list items indented under their key. Keys, values
and comments go through the escaping layer (``generator.escape``: ``yaml_key``,
``yaml_scalar``, ``yaml_comment``).
"""

from __future__ import annotations

import re
from typing import Any

from generator.doctext import html_to_text
from generator.escape import yaml_comment, yaml_key, yaml_scalar
from generator.graph import ListShape, MapShape, Member, ScalarShape, ShapeGraph, StructureShape

_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def yaml_document(graph: ShapeGraph, shape_name: str | None, value: dict[str, Any]) -> str:
    """``value`` (the skeleton of ``shape_name``) as YAML, with the members' comments."""
    if not value:
        return "{}\n"
    return "\n".join(_Writer(graph).block(value, shape_name, 0)) + "\n"


def member_comment(graph: ShapeGraph, member: Member) -> str:
    """``[REQUIRED] (type) First sentence. Valid values are: A, B.``, as one line."""
    target = graph[member.target]
    parts = ["[REQUIRED]"] if member.required else []
    parts.append(f"({target.kind.value})")
    sentence = first_sentence(member.documentation or target.documentation)
    if sentence:
        parts.append(sentence)
    if isinstance(target, ScalarShape) and target.enum:
        parts.append(f"Valid values are: {', '.join(target.enum)}.")
    return yaml_comment(" ".join(parts))


def first_sentence(html: str) -> str:
    text = " ".join(html_to_text(html, width=10_000).split())
    return _SENTENCE_END.split(text, maxsplit=1)[0]


class _Writer:
    def __init__(self, graph: ShapeGraph) -> None:
        self._graph = graph

    def block(self, value: dict[str, Any] | list[Any], shape_name: str | None, indent: int) -> list[str]:
        """Lines for a non-empty mapping or sequence, each starting with ``indent`` spaces."""
        shape = self._graph[shape_name] if shape_name is not None else None
        pad = " " * indent
        lines: list[str] = []
        if isinstance(value, list):
            element = shape.member if isinstance(shape, ListShape) else None
            for item in value:
                if _is_block(item):
                    inner = self.block(item, element, indent + 2)
                    lines.append(f"{pad}- {inner[0][indent + 2:]}")
                    lines.extend(inner[1:])
                else:
                    lines.append(f"{pad}- {yaml_scalar(item)}")
            return lines
        members = {m.name: m for m in shape.members} if isinstance(shape, StructureShape) else {}
        for key, item in value.items():
            member = members.get(key)
            child = member.target if member else (shape.value if isinstance(shape, MapShape) else None)
            comment = f"  # {member_comment(self._graph, member)}" if member else ""
            if _is_block(item):
                lines.append(f"{pad}{yaml_key(key)}:{comment}")
                lines.extend(self.block(item, child, indent + 2))
            else:
                lines.append(f"{pad}{yaml_key(key)}: {yaml_scalar(item)}{comment}")
        return lines


def _is_block(value: Any) -> bool:
    return isinstance(value, (dict, list)) and bool(value)
