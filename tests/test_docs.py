"""The Markdown docs: valid CommonMark, links that resolve, Python names, inert model text."""

from __future__ import annotations

import html
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, GENERATED, run_shapegen
from docs_reading import PARSER, anchors, check_links, hrefs, html_tokens, inline_tokens, markdown_entries, parse
from generator.config import Target
from generator.doctext import html_to_markdown
from generator.escape import code_span
from generator.emitters import Artifact
from generator.emitters.docs import DocsEmitter, shape_anchors
from generator.emitters import TargetModel
from generator.python.build import build_surface
from generator.errors import TemplateError
from generator.format import Formatter
from generator.graph import build_graph
from generator.load import load_file, load_installed

HOSTILE_MODEL = FIXTURES / "hostile" / "service-2.json"
TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from("éü–→ "), max_size=60)


@pytest.fixture(scope="module")
def hostile_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "generated"
    result = run_shapegen("generate", "--service", "hostile", "--model", str(HOSTILE_MODEL), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "docs" / "hostile"


def test_committed_docs_parse_and_every_link_resolves() -> None:
    folder = GENERATED / "docs" / "connect"
    assert sorted(p.name for p in folder.iterdir()) == ["DescribeContact.md", "README.md"]
    assert check_links(folder) > 500
    page = (folder / "DescribeContact.md").read_text(encoding="utf-8")
    assert [e.name for e in markdown_entries(page) if e.depth == 0] == ["Contact"]


def test_edge_model_docs_parse_and_links_resolve(edge_dir: Path) -> None:
    folder = edge_dir / "docs" / "edgecase"
    assert {p.name for p in folder.iterdir()} == {"PutThing.md", "GetThing.md", "README.md"}
    assert check_links(folder) > 20


def test_each_shape_has_one_section_with_python_names_from_the_package_emitter() -> None:
    graph = build_graph(load_file(FIXTURES / "edgecases" / "service-2.json", "edgecase"), None)
    module = build_surface(graph, "edge_shapes")
    pages = {a.path.name: a.text for a in DocsEmitter().emit(TargetModel(graph, _target("edge_shapes")))}
    ids = set()
    for name in ("PutThing.md", "GetThing.md"):
        ids.update(anchors(parse(pages[name])))
    assert ids == set(shape_anchors(graph.shapes).values())  # every shape is on some page
    everything = "\n".join(pages.values())
    for data_class in module.classes:
        assert f"Python class `edge_shapes.{data_class.name}`." in everything
        for field in data_class.fields:
            assert f"Python `{field.attr}: {field.annotation.render()}`" in everything
    for enum in module.enums:
        assert f"Python enum `edge_shapes.{enum.name}`" in everything


def test_anchors_are_unique_and_stable() -> None:
    anchors_ = shape_anchors(["Foo", "foo", "FOO", "Foo_Bar", "foo-bar", "!!"])
    assert anchors_ == {
        "!!": "shape-x",
        "FOO": "shape-foo",
        "Foo": "shape-foo-2",
        "Foo_Bar": "shape-foo-bar",
        "foo": "shape-foo-3",
        "foo-bar": "shape-foo-bar-2",
    }


def test_hostile_docs_render_inert(hostile_docs: Path) -> None:
    check_links(hostile_docs)
    for page in sorted(hostile_docs.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        tokens = parse(text)
        anchors(tokens)  # asserts that our anchors are the only HTML
        kinds = {t.type for t in tokens} | {t.type for t in inline_tokens(tokens)}
        assert not kinds & {"image", "blockquote_open", "hr", "ordered_list_open", "code_block"}, page.name
        assert sum(t.type == "heading_open" and t.tag == "h1" for t in tokens) == 1
        assert all(h.startswith(("#", "README.md", "Poke.md", "https://example.com/")) for h in hrefs(tokens)), hrefs(tokens)
        rendered = PARSER.render(text)
        assert "<script" not in rendered and "<iframe" not in rendered and "<img" not in rendered
        assert "javascript" not in rendered.lower() and "data:" not in rendered
    poke = PARSER.render((hostile_docs / "Poke.md").read_text(encoding="utf-8"))
    for literal in ("{{ config }}", "{% for x in y %}{% endfor %}", "&lt;script&gt;", "pipes | a || b", "*x* **y**"):
        assert literal in poke, literal
    assert "<code>^[a-z`|*_]+{{ x }}$</code>" in poke  # a pattern is shown verbatim
    assert '<a href="https://example.com/a%20b%29c%3Cd%3E">ok [link]</a>' in poke


def test_hostile_output_tree_names_and_recursion(hostile_docs: Path) -> None:
    entries = markdown_entries((hostile_docs / "Poke.md").read_text(encoding="utf-8"))
    names = [(e.depth, e.name, e.type_name) for e in entries if e.depth <= 1]
    assert names[:2] == [(0, "Result", "structure"), (1, "Name", "string")]
    assert (1, "Label*Key", "string") in names and (1, "Label|Value", "string") in names
    assert (0, "Choice", "tagged union structure") in names


@given(TEXT)
def test_escaped_text_reads_back_as_the_same_text(text: str) -> None:
    tokens = PARSER.parse(html_to_markdown(f"<p>{html.escape(text)}</p>"))
    expected = " ".join(text.split())
    if not expected:
        assert tokens == []
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert [(c.type, c.content) for c in inline_tokens(tokens) if c.content or c.type != "text"] == [("text", expected)]


@given(TEXT)
def test_code_spans_read_back_verbatim(text: str) -> None:
    span = code_span(text)
    expected = " ".join(text.split())
    if not expected:
        assert span == ""
        return
    children = [c for c in inline_tokens(PARSER.parse(span)) if c.content or c.type != "text"]
    assert [(c.type, c.content) for c in children] == [("code_inline", expected)]


def test_kept_tags_become_markdown() -> None:
    md = html_to_markdown(
        "<p>Use <code>Foo</code> &amp; <b>bar </b> <i>it</i>.</p>"
        '<ul><li><p>first</p></li><li><p>see <a href="https://e.com/x">the <b>guide</b></a></p>'
        "<ol><li>nested</li></ol></li></ul><note><p>Careful.</p></note>"
    )
    assert md == (
        "Use `Foo` \\& **bar** it.\n\n"
        "-   first\n\n"
        "-   see [the **guide**](https://e.com/x)\n\n"
        "    1.  nested\n\n"
        "**Note:** Careful."
    )
    kinds = [t.type for t in PARSER.parse(md)]
    assert kinds.count("bullet_list_open") == 1 and kinds.count("ordered_list_open") == 1


def test_unsafe_and_relative_links_keep_only_their_text() -> None:
    md = html_to_markdown(
        '<a href="javascript:alert(1)">a</a> <a href="java&#9;script:x">b</a> '
        '<a href="/connect/latest/x.html">c</a> <a href="mailto:x@example.com">d</a>'
    )
    assert md == "a b c [d](mailto:x@example.com)"


def test_formatter_rejects_markdown_with_trailing_whitespace_or_blank_end() -> None:
    formatter = Formatter(cache_dir=None)
    good = Artifact(PurePosixPath("docs/x/A.md"), "# A\n\ntext\n", "docs/service/operation.md.jinja")
    assert formatter.format(good) == good
    for text in ("# A\n\ntext", "# A\n\ntext\n\n", "# A  \n\ntext\n"):
        with pytest.raises(TemplateError, match="docs/service/operation.md.jinja"):
            formatter.format(Artifact(good.path, text, good.template))


def test_docs_are_deterministic_and_cover_every_connect_operation() -> None:
    graph = build_graph(load_installed("connect"), None)
    first = DocsEmitter().emit(TargetModel(graph, _target("connect_shapes")))
    second = DocsEmitter().emit(TargetModel(graph, _target("connect_shapes")))
    assert first == second
    assert len(first) == len(graph.operations) + 1
    index = parse(next(a.text for a in first if a.path.name == "README.md"))
    assert not html_tokens(index)
    assert len([h for h in hrefs(index) if h.endswith(".md")]) == len(graph.operations)
    formatter = Formatter(cache_dir=None)
    assert all(formatter.format(a) == a for a in first)


def _target(package: str) -> Target:
    return Target("any", None, package)
