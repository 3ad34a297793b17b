"""The escaping layer writes literals and docstrings in black's normal form, so a module needs
black only where a line is too long (generator/format.py): checked against black itself."""

from __future__ import annotations

import ast

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import escape
from generator.format import black_mode
from test_injection import NASTY

# Text as models write it, and worse: quotes, backslashes, whitespace of every kind, escapes.
PIECES = [*'"\'\\ \t\n\r\x00\x0c\u2028\ud800éaZ{}#', "\\N", "\\u", '"""']
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
WORDS = st.lists(st.sampled_from([*"ab \t\n", '"', "'", "\\", '"""', "  "]), max_size=120).map("".join)


def black_keeps(module: str) -> bool:
    return black.format_str(module, mode=black_mode()) == module


@pytest.mark.parametrize("value", NASTY)
def test_py_str_is_what_black_writes(value: str) -> None:
    assert black_keeps(f"x = 1\n{escape.py_str(value)}\n")


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_py_str_is_black_normal_and_exact(value: str) -> None:
    literal = escape.py_str(value)
    assert ast.literal_eval(literal) == value
    assert black_keeps(f"x = 1\n{literal}\n")  # a statement black cannot wrap


@pytest.mark.parametrize("items", [[], ['"a"'], ['"a"', '"b"'], ["A", "B", "C"]])
def test_py_tuple_is_what_black_writes(items: list[str]) -> None:
    literal = escape.py_tuple(items)
    assert black_keeps(f"x = {literal}\n")
    assert len(ast.literal_eval(literal.replace("A", "1").replace("B", "2").replace("C", "3"))) == len(items)


def docstring_modules(value: str) -> list[str]:
    """The docstring at the three depths the templates write them."""
    return [
        f"{escape.py_docstring(value)}\n",
        f"class C:\n    {escape.py_docstring(value, 4)}\n",
        f"class C:\n    def f(self) -> None:\n        {escape.py_docstring(value, 8)}\n",
    ]


@pytest.mark.parametrize("value", [*NASTY, " lead", "trail ", "a\n  b\n  c", "a\n\tb", "x" * 120 + "\nend" + "y" * 99])
def test_py_docstring_is_what_black_writes(value: str) -> None:
    for module in docstring_modules(value):
        assert black_keeps(module), module


@settings(max_examples=300, deadline=None)
@given(WORDS)
def test_py_docstring_is_black_normal_and_keeps_the_words(value: str) -> None:
    for module in docstring_modules(value):
        assert black_keeps(module), module
    # Control characters show as their escapes; black changes only whitespace around words.
    shown = ast.literal_eval(escape.py_docstring(value))
    expected = "".join(c if c == "\n" else escape.visible(c) for c in value)
    assert shown.split() == expected.split()
