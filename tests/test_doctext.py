"""Model HTML documentation turned into clean docstring text."""

from __future__ import annotations

from types import ModuleType

import botocore.session

from generator.doctext import html_to_text, parse_html


def test_tags_entities_lists_and_links() -> None:
    html = (
        "<p>Use <code>Foo</code> &amp; <b>bar</b> &lt;baz&gt;.</p>"
        "<ul><li><p>first</p></li><li><p>second, see "
        '<a href="https://example.com/x">the guide</a></p><ul><li>nested</li></ul></li></ul>'
        "<note><p>Careful.</p></note>"
    )
    assert html_to_text(html) == (
        "Use Foo & bar <baz>.\n\n"
        "- first\n"
        "- second, see the guide (https://example.com/x)\n"
        "  - nested\n\n"
        "Note: Careful."
    )


def test_ordered_lists_wrapping_and_bare_links() -> None:
    text = html_to_text(
        "<ol><li>" + "word " * 30 + "</li><li><a href='https://e.com/y'>https://e.com/y</a></li></ol>", width=40
    )
    lines = text.splitlines()
    assert lines[0].startswith("1. word") and all(len(line) <= 40 for line in lines)
    assert lines[1].startswith("   word")  # hanging indent under the number
    assert lines[-1] == "2. https://e.com/y"


def test_unclosed_and_stray_tags_keep_their_text() -> None:
    assert html_to_text("<p>one<p>two</i></p>") == "one\n\ntwo"
    assert html_to_text("plain &#x27;text&#39;") == "plain 'text'"
    assert html_to_text("") == ""


def test_parse_tree_keeps_structure() -> None:
    root = parse_html('<p>a <a href="u">b</a></p>')
    paragraph = root.children[0]
    assert not isinstance(paragraph, str) and paragraph.tag == "p"
    link = paragraph.children[1]
    assert not isinstance(link, str) and (link.tag, link.href) == ("a", "u")


def test_every_connect_doc_renders_without_tags() -> None:
    model = botocore.session.get_session().get_component("data_loader").load_service_model("connect", "service-2")
    docs = [op.get("documentation", "") for op in model["operations"].values()]
    for shape in model["shapes"].values():
        docs.append(shape.get("documentation", ""))
        docs.extend(m.get("documentation", "") for m in shape.get("members", {}).values())
    for html in docs:
        text = html_to_text(html)
        assert "<p>" not in text and "</" not in text and "&amp;" not in text


def test_generated_docstrings_are_clean(connect: ModuleType) -> None:
    doc = connect.Contact.__doc__
    assert doc and "<" not in doc
    source = (connect.models.__file__ and open(connect.models.__file__, encoding="utf-8").read()) or ""
    assert '"""The Amazon Resource Name (ARN) for the contact."""' in source


def test_docstring_escaping_survives(edge: ModuleType) -> None:
    import inspect

    source = inspect.getsource(edge.models)
    assert 'A closing "quote" and a backslash \\\\ and triple' in source
    compile(source, "models.py", "exec")  # the escaped docstring is valid Python
