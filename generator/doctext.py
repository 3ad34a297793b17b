"""The model's HTML documentation, parsed once into a small tree and rendered as text.

The tree (``DocNode``) is what every artefact renders from: plain text for Python
docstrings here, Markdown for the docs later. Unknown tags keep only their text, and so
do tags nested deeper than ``limits.MAX_DOC_DEPTH`` (rendering recurses over the tree).
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from generator.escape import code_span, escape_markdown
from generator.limits import MAX_DOC_DEPTH

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
        self._flattened: list[str] = []  # open tags past MAX_DOC_DEPTH: text only

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self._open) > MAX_DOC_DEPTH:
            if tag not in _VOID_TAGS:
                self._flattened.append(tag)
            return
        node = DocNode(tag, href=dict(attrs).get("href") if tag == "a" else None)
        self._open[-1].children.append(node)
        if tag not in _VOID_TAGS:
            self._open.append(node)

    def handle_endtag(self, tag: str) -> None:
        if self._flattened and self._flattened[-1] == tag:
            self._flattened.pop()
            return
        # Close up to the matching open tag; a stray end tag is ignored.
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


# Comments say nothing to a reader; removed first, because HTMLParser rescans the rest of the
# text for every unclosed ``<!--`` (quadratic time).
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# A ``<`` with no ``>`` before the next ``<`` (outside quoted attribute values) cannot open a
# tag; it is text. Escaped first, for the same reason: HTMLParser rescans to the end for every
# unclosed tag. (HTMLParser reads such a ``<`` as text too: botocore's docs render as before.)
_STRAY_LT = re.compile(r"""<(?=(?:[^<>"']|"[^"]*"|'[^']*')*(?:<|\Z))""")


def parse_html(html: str) -> DocNode:
    builder = _TreeBuilder()
    try:
        builder.feed(_STRAY_LT.sub("&lt;", _COMMENT.sub("", html)))
        builder.close()
    except AssertionError:  # markup HTMLParser gives up on (``<![<![``): kept as plain text
        return DocNode("", children=[html])
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


def _runs(node: DocNode) -> Iterator[list[DocNode | str] | DocNode]:
    """``node``'s children grouped: each run of inline content as a list, each block tag alone."""
    run: list[DocNode | str] = []
    for child in node.children:
        if isinstance(child, str) or child.tag not in _BLOCK_TAGS:
            run.append(child)
            continue
        if run:
            yield run
            run = []
        yield child
    if run:
        yield run


def _list_items(node: DocNode) -> list[DocNode]:
    return [c for c in node.children if isinstance(c, DocNode) and c.tag == "li"]


def _chunks(node: DocNode, width: int) -> list[list[str]]:
    """Blocks of wrapped lines; callers put a blank line between blocks."""
    chunks: list[list[str]] = []
    for part in _runs(node):
        if isinstance(part, list):
            lines = _wrap("".join(inline_text(child) for child in part), width)
            if lines:
                chunks.append(lines)
            continue
        if part.tag in ("ul", "ol"):
            lines = []
            for number, item in enumerate(_list_items(part), start=1):
                bullet = f"{number}. " if part.tag == "ol" else "- "
                body = [line for chunk in _chunks(item, width - len(bullet)) for line in chunk]
                for i, line in enumerate(body):
                    lines.append((bullet if i == 0 else " " * len(bullet)) + line)
            if lines:
                chunks.append(lines)
        elif part.tag in _CALLOUTS:
            inner = _chunks(part, width)
            if inner:
                inner[0][0] = f"{_CALLOUTS[part.tag]}: {inner[0][0]}"
                chunks.extend(inner)
        else:
            chunks.extend(_chunks(part, width))
    return chunks


# The same documentation is rendered many times (every emitter, every operation that reaches a
# shape); the functions are pure, so each text is converted once.
_CONVERTED = 8_192


@functools.lru_cache(maxsize=_CONVERTED)
def html_to_text(html: str, width: int = 80) -> str:
    """Clean text: no tags, entities decoded, lists as bullets, links as text plus URL."""
    return "\n\n".join("\n".join(chunk) for chunk in _chunks(parse_html(html), width))


# Markdown. Only paragraphs, lists, bold, inline code and web links survive from the
# model's HTML; everything else becomes text, and text is escaped so that nothing in a
# model's documentation (a tag, a backtick, a pipe, a leading "1.") acts as Markdown or HTML.
_MD_BLOCK_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")
_BOLD_TAGS = frozenset({"b", "strong"})
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_URL_NOISE = re.compile(r"[\x00-\x1f\x7f]")
_MD_LIST_START = re.compile(r"^(?:- |\d+\. )")


def safe_url(href: str) -> str | None:
    """An absolute web or mail link, percent-encoded for a Markdown destination; else None.

    Relative links in a model point into the AWS documentation site, so they would be
    broken here; ``javascript:`` and other schemes are dropped.
    """
    from urllib.parse import quote

    href = _URL_NOISE.sub("", href).strip()  # browsers ignore these, even inside a scheme
    if not href.lower().startswith(_SAFE_SCHEMES):
        return None
    return quote(href, safe=":/?#@!$&'*+,;=%~")


def _md_inline(node: DocNode | str, in_link: bool = False, in_bold: bool = False) -> str:
    if isinstance(node, str):
        return escape_markdown(node)
    if node.tag == "br":
        return " "
    if node.tag == "code":
        return code_span("".join(inline_text(child) for child in node.children))
    inner = "".join(
        _md_inline(child, in_link or node.tag == "a", in_bold or node.tag in _BOLD_TAGS) for child in node.children
    )
    if node.tag in _BOLD_TAGS and not in_bold and inner.strip():
        # Delimiters hug the text: "** x**" would not be bold.
        lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
        return f"{lead}**{inner.strip()}**{trail}"
    if node.tag == "a" and not in_link and node.href:
        url = safe_url(node.href)
        if url is not None:
            label = _SPACE.sub(" ", inner).strip() or escape_markdown(node.href)
            return f"[{label}]({url})"
    return inner


def _paragraph(run: list[DocNode | str]) -> str:
    text = _SPACE.sub(" ", "".join(_md_inline(child) for child in run)).strip()
    # What would open a list, a heading underline or a thematic break at a block's start.
    return _MD_BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def _md_list(node: DocNode) -> str:
    items = []
    for number, item in enumerate(_list_items(node), start=1):
        blocks = _md_blocks(item)
        if not blocks:
            continue
        # Markers four columns wide, so nesting also holds in Python-Markdown.
        marker = (f"{number}." if node.tag == "ol" else "-").ljust(3) + " "
        body = "\n\n".join(blocks).replace("\n", "\n" + " " * len(marker))
        items.append(marker + _blank_lines_unindented(body))
    loose = any("\n" in item for item in items)
    return ("\n\n" if loose else "\n").join(items)


def _blank_lines_unindented(text: str) -> str:
    return "\n".join(line if line.strip() else "" for line in text.split("\n"))


def _md_blocks(node: DocNode) -> list[str]:
    blocks: list[str] = []
    for part in _runs(node):
        if isinstance(part, list):
            paragraph = _paragraph(part)
            if paragraph:
                blocks.append(paragraph)
        elif part.tag in ("ul", "ol"):
            listed = _md_list(part)
            if listed:
                blocks.append(listed)
        elif part.tag in _CALLOUTS:
            inner = _md_blocks(part)
            if inner:
                label = f"**{_CALLOUTS[part.tag]}:**"
                if _MD_LIST_START.match(inner[0]):
                    blocks.append(label)
                else:
                    inner[0] = f"{label} {inner[0]}"
                blocks.extend(inner)
        else:
            blocks.extend(_md_blocks(part))
    return blocks


@functools.lru_cache(maxsize=_CONVERTED)
def html_to_markdown(html: str) -> str:
    """CommonMark blocks separated by blank lines, without trailing whitespace or raw HTML."""
    return "\n\n".join(_md_blocks(parse_html(html)))
