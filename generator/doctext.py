"""The model's HTML documentation, parsed once into a small tree and rendered as text.

The tree (``DocNode``) is what every artefact renders from: plain text for Python
docstrings here, Markdown for the docs later. Unknown tags keep only their text.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID_TAGS = frozenset({"br", "img", "hr", "wbr"})
_BLOCK_TAGS = frozenset(
    {"p", "div", "ul", "ol", "li", "dl", "dt", "dd", "pre", "note", "important", "para",
     "h1", "h2", "h3", "h4", "h5", "h6", "title", "blockquote", "table", "tr"}
)
_CALLOUTS = {"note": "Note", "important": "Important"}
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class DocNode:
    tag: str
    href: str | None = None
    children: list[DocNode | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = DocNode("")
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = DocNode(tag, href=dict(attrs).get("href") if tag == "a" else None)
        self._open[-1].children.append(node)
        if tag not in _VOID_TAGS:
            self._open.append(node)

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open tag; a stray end tag is ignored.
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def parse_html(html: str) -> DocNode:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def inline_text(node: DocNode | str) -> str:
    """The text of an inline run; a link becomes ``text (url)``."""
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    text = "".join(inline_text(child) for child in node.children)
    if node.tag == "a" and node.href:
        label = _SPACE.sub(" ", text).strip()
        return node.href if not label or label == node.href else f"{label} ({node.href})"
    return text


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for part in text.split("\n"):
        part = _SPACE.sub(" ", part).strip()
        if part:
            lines.extend(
                textwrap.wrap(part, width=max(width, 20), break_long_words=False, break_on_hyphens=False)
            )
    return lines


def _chunks(node: DocNode, width: int) -> list[list[str]]:
    """Blocks of wrapped lines; callers put a blank line between blocks."""
    chunks: list[list[str]] = []
    run: list[DocNode | str] = []

    def flush() -> None:
        lines = _wrap("".join(inline_text(child) for child in run), width)
        if lines:
            chunks.append(lines)
        run.clear()

    for child in node.children:
        if isinstance(child, str) or child.tag not in _BLOCK_TAGS:
            run.append(child)
            continue
        flush()
        if child.tag in ("ul", "ol"):
            items = [c for c in child.children if isinstance(c, DocNode) and c.tag == "li"]
            lines: list[str] = []
            for number, item in enumerate(items, start=1):
                bullet = f"{number}. " if child.tag == "ol" else "- "
                body = [line for chunk in _chunks(item, width - len(bullet)) for line in chunk]
                for i, line in enumerate(body):
                    lines.append((bullet if i == 0 else " " * len(bullet)) + line)
            if lines:
                chunks.append(lines)
        elif child.tag in _CALLOUTS:
            inner = _chunks(child, width)
            if inner:
                inner[0][0] = f"{_CALLOUTS[child.tag]}: {inner[0][0]}"
                chunks.extend(inner)
        else:
            chunks.extend(_chunks(child, width))
    flush()
    return chunks


def html_to_text(html: str, width: int = 80) -> str:
    """Clean text: no tags, entities decoded, lists as bullets, links as text plus URL."""
    return "\n\n".join("\n".join(chunk) for chunk in _chunks(parse_html(html), width))
