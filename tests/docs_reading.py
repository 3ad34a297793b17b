"""Reading generated docs back: markdown-it-py tokens, the output tree, anchors and links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

# html on, so raw HTML would show up as html tokens; the CLI tree nests deeper than
# markdown-it's default limit of 20 levels.
PARSER = MarkdownIt("commonmark", {"html": True, "maxNesting": 10_000})
ANCHOR_OPEN = re.compile(r'<a id="([a-z0-9-]+)">')
TREE_HEAD = re.compile(r" -> \((?P<type>[^()]+)\) · ")
TREE_LIST_MEMBER = re.compile(r"\((?P<type>[^()]+)\) · ")


@dataclass(frozen=True)
class Entry:
    """One output tree entry: nesting depth, name ("" for list members), type or recursion."""

    depth: int
    name: str
    type_name: str


RECURSIVE = "( ... recursive ... )"
REPEATED = "( ... repeated ... )"  # a large subtree already on the page, linked instead


def parse(text: str) -> list[Token]:
    return PARSER.parse(text)


def inline_tokens(tokens: list[Token]) -> list[Token]:
    return [child for t in tokens if t.type == "inline" for child in t.children or ()]


def html_tokens(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.type == "html_block"] + [
        t for t in inline_tokens(tokens) if t.type == "html_inline"
    ]


def anchors(tokens: list[Token]) -> list[str]:
    """The ids our pages declare: ``<a id="..."></a>`` inside headings, and nothing else is HTML."""
    ids = []
    for token in html_tokens(tokens):
        match = ANCHOR_OPEN.fullmatch(token.content)
        assert match or token.content == "</a>", f"raw HTML in the docs: {token.content!r}"
        if match:
            ids.append(match[1])
    return ids


def hrefs(tokens: list[Token]) -> list[str]:
    return [str(t.attrs["href"]) for t in inline_tokens(tokens) if t.type == "link_open"]


def check_links(folder: Path) -> int:
    """Every Markdown file under ``folder``: unique anchors, every internal link resolves,
    external links are web or mail links only. Returns how many links were checked."""
    pages = {p.resolve(): parse(p.read_text(encoding="utf-8")) for p in sorted(folder.rglob("*.md"))}
    declared = {p: anchors(tokens) for p, tokens in pages.items()}
    for page, ids in declared.items():
        assert len(ids) == len(set(ids)), f"{page}: duplicate anchors"
    checked = 0
    for page, tokens in pages.items():
        for href in hrefs(tokens):
            checked += 1
            if href.startswith(("https://", "http://", "mailto:")):
                continue
            assert ":" not in href.split("#")[0], f"{page}: unexpected link {href!r}"
            path, _, fragment = href.partition("#")
            target = (page.parent / path).resolve() if path else page
            assert target in declared, f"{page}: link {href!r} to a missing page"
            assert not fragment or fragment in declared[target], f"{page}: link {href!r} to a missing anchor"
    return checked


def section(tokens: list[Token], title: str) -> list[Token]:
    """The tokens under the level-2 heading ``title``, up to the next level-2 heading."""
    start = next(
        i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2" and tokens[i + 1].content == title
    )
    end = next(
        (i for i in range(start + 3, len(tokens)) if tokens[i].type == "heading_open" and tokens[i].tag == "h2"),
        len(tokens),
    )
    return tokens[start + 3 : end]


def markdown_entries(text: str) -> list[Entry]:
    """The output tree of one of our pages: the items of the ``+`` lists under ``## Output``."""
    tokens = section(parse(text), "Output")
    entries: list[Entry] = []
    depth = -1
    for i, token in enumerate(tokens):
        if token.markup != "+":
            continue
        if token.type == "bullet_list_open":
            depth += 1
        elif token.type == "bullet_list_close":
            depth -= 1
        elif token.type == "list_item_open":
            head = [c for c in tokens[i + 2].children or () if c.type != "text" or c.content]
            entries.append(_tree_entry(head, depth))
    return entries


def _tree_entry(head: list[Token], depth: int) -> Entry:
    """``**Name** -> (type) · [Shape](#...)``, ``(type) · [...]``, or ``( ... recursive ... ) · see [...]``
    and the same with ``( ... repeated ... )``."""
    link = next(j for j, c in enumerate(head) if c.type == "link_open")
    named = head[0].type == "strong_open"
    name = head[1].content if named else ""
    text = "".join(c.content for c in head[3 if named else 0 : link])
    for marker in (RECURSIVE, REPEATED):
        if not named and text == f"{marker} · see ":
            return Entry(depth, "", marker)
    match = (TREE_HEAD if named else TREE_LIST_MEMBER).fullmatch(text)
    assert match, f"unexpected output entry {text!r}"
    return Entry(depth, name, match["type"])


CLI_TYPES = (
    "structure|list|map|string|integer|long|float|double|boolean|timestamp|blob|document"
    "|tagged union structure|streaming blob|JSON"
)
REST_ENTRY = re.compile(rf"^(?P<indent> *)(?:(?P<name>\S+) -> )?\((?P<type>{CLI_TYPES})\)$")
REST_RECURSIVE = re.compile(r"^(?P<indent> *)\( \.\.\. recursive \.\.\. \)$")


def rest_entries(rest: str) -> list[Entry]:
    """The output tree of awscli's reST help: one entry per ``Name -> (type)`` line, two
    spaces of indentation per level, from the ``Output`` heading to the end."""
    lines = rest.splitlines()
    start = next(i for i in range(len(lines) - 1) if lines[i] == "Output" and set(lines[i + 1]) == {"="})
    entries = []
    for line in lines[start + 2 :]:
        if match := REST_ENTRY.match(line):
            entries.append(Entry(len(match["indent"]) // 2, match["name"] or "", match["type"]))
        elif match := REST_RECURSIVE.match(line):
            entries.append(Entry(len(match["indent"]) // 2, "", RECURSIVE))
    return entries


def rest_synopsis(rest: str) -> list[str]:
    """awscli's synopsis lines, up to its global options (which start at ``[--debug]``)."""
    lines = [line.strip() for line in rest.splitlines()]
    start = next(i for i in range(len(lines) - 1) if lines[i] == "Synopsis" and set(lines[i + 1]) == {"="})
    body = [line for line in lines[start + 2 :] if line and line != "::"]
    return body[: body.index("[--debug]")]


def markdown_synopsis(text: str) -> list[str]:
    block = next(t for t in section(parse(text), "Synopsis") if t.type == "fence")
    return block.content.splitlines()
