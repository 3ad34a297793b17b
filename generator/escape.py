"""The one escaping and validation layer between model text and generated files.

A model is untrusted input: every value from it that lands in a generated file goes
through the function here made for the place it lands, so that no text in a model
can end a comment, a string or a docstring, open a template tag or raw HTML, or put
a character in a file that its encoding or parser refuses (NUL, a lone surrogate).
Names that become Python identifiers are validated, not escaped.

``FILTERS`` are the same functions under the names the Jinja templates use;
``tests/test_injection.py`` checks that every ``{{ }}`` in a template ends in one of
them or prints a value the generator decides itself.
"""

from __future__ import annotations

import json
import keyword
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from generator.errors import TemplateError

# Characters that a file format would refuse or reinterpret: C0/C1 controls (NUL,
# CR, form feed, ...), lone surrogates (not encodable as UTF-8) and the Unicode line
# and paragraph separators (``str.splitlines``, and so black, breaks lines there).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
_SURROGATE = re.compile("[\ud800-\udfff]")
# The line length black runs with (generator.format.LINE_LENGTH is this): where black moves a
# docstring's closing quotes, and where py_def splits a def.
BLACK_LINE_LENGTH = 100


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


# The same characters as one class, so that the usual text (none of them) is passed through
# at C speed (tests/test_injection.py checks it against the categories for every code point).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def _escape_code(char: str) -> str:
    """A Python (and TOML, JSON-ish) escape for one character: ``\\x00``, ``\\ud800``..."""
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    code = ord(char)
    # Lower-case hex, as black normalises escapes.
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every unsafe character written as its escape, as text: one line, encodable."""
    return UNSAFE.sub(lambda m: _escape_code(m[0]), text)


# -- Python -------------------------------------------------------------------


def py_comment(text: str) -> str:
    """Text for inside a ``#`` comment: one line (a newline would end the comment), encodable."""
    return visible(text)


def py_str(value: str) -> str:
    """A Python string literal whose value is exactly ``value``, in black's normal form.

    Quotes, backslashes and unsafe characters are escaped; everything else is kept as it is.
    Double quotes unless single quotes need fewer escapes: what black's quote
    normalisation gives, computed by black itself where the text holds a double quote.
    """
    if not isinstance(value, str):
        raise TypeError(f"py_str needs a str, not {type(value).__name__}")
    body = UNSAFE.sub(lambda m: _escape_code(m[0]), value.replace("\\", "\\\\").replace('"', '\\"'))
    literal = f'"{body}"'
    if '"' in value:
        from black.strings import normalize_string_quotes

        literal = normalize_string_quotes(literal)
    return literal


def py_tuple(items: Iterable[str]) -> str:
    """A tuple display of already written expressions, laid out as black writes a short one
    (no trailing comma, which black would take as a request to explode it, but after a single
    element)."""
    listed = list(items)
    return f"({listed[0]},)" if len(listed) == 1 else f"({', '.join(listed)})"


def py_def(name: str, parameter: str, returns: str) -> str:
    """A top-level ``def`` line of one parameter, as black lays it out: on one line when it
    fits, else the parameter on a line of its own with a trailing comma (black's split of a
    ``def``, which the comma then keeps). ``name`` is checked; the parameter and the return
    annotation are written by the generator."""
    line = f"def {py_identifier(name)}({parameter}) -> {returns}:"
    if len(line) <= BLACK_LINE_LENGTH:
        return line
    return f"def {name}(\n    {parameter},\n) -> {returns}:"


def py_literal(value: Any) -> str:
    """A Python expression for JSON-like data: str, int, float, bool, None, list, tuple, dict (order kept)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, tuple):  # a constant when its items are: fast to import
        return "(" + ", ".join(py_literal(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, str):
        return py_str(value)
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f'float("{value!r}")'  # nan, inf, -inf
    raise TypeError(f"no Python literal for {type(value).__name__}")


def _triple_quoted_body(text: str, unsafe_as_text: bool) -> str:
    """The inside of a ``\"\"\"`` literal for ``text``, newlines kept as lines.

    Unsafe characters become escapes: of themselves, or (``unsafe_as_text``) of their
    escape as visible text.
    """
    escape = "\\\\" if unsafe_as_text else "\\"
    body = UNSAFE.sub(
        lambda m: m[0] if m[0] == "\n" else escape + _escape_code(m[0])[1:], text.replace("\\", "\\\\")
    ).replace('"""', '\\"\\"\\"')
    # A last quote not already escaped would merge with the closing quotes.
    if body.endswith('"') and (len(body) - 1 - len(body[:-1].rstrip("\\"))) % 2 == 0:
        body = body[:-1] + '\\"'
    return body


def py_docstring(text: str, indent: int = 0) -> str:
    """A docstring for ``text``, continuation lines indented by ``indent`` spaces (the depth
    it is written at), in the form black gives it.

    A docstring is documentation, and CPython copies a class's docstring as UTF-8, so a
    lone surrogate (or NUL, or another control character) is shown as its escape, as
    text: ``\\ud800``. Everything else is ``text`` exactly, up to black's whitespace rules.
    """
    lines = _triple_quoted_body(text, unsafe_as_text=True).split("\n")
    if len(lines) == 1:
        return _black_docstring(f'"""{lines[0]}"""', indent)
    pad = " " * indent
    indented = "\n".join(pad + line if line else "" for line in lines[1:])
    return _black_docstring(f'"""{lines[0]}\n{indented}\n{pad}"""', indent)


def _black_docstring(literal: str, indent: int) -> str:
    """What black makes of a docstring ``literal`` at ``indent`` (its ``visit_STRING``): the first
    line stripped, later lines dedented by their common indentation and stripped at the end,
    a space between a quote or an odd backslash at either end and the quotes. Mirrored rule
    for rule, with black's own dedent, so a module needs black only where a line wraps;
    ``tests/test_escape_black.py`` checks it against black."""
    from black.strings import fix_multiline_docstring

    if re.search(r"\\\s*\n", literal):  # black leaves these alone
        return literal
    pad = " " * indent
    docstring = literal[3:-3]
    started_empty = not docstring
    docstring = fix_multiline_docstring(docstring, pad) if "\n" in docstring else docstring.strip()
    trailing_backslash = False
    if docstring:
        if docstring[0] == '"':
            docstring = " " + docstring
        if docstring[-1] == '"':
            docstring += " "
        if docstring[-1] == "\\" and (len(docstring) - len(docstring.rstrip("\\"))) % 2:
            docstring += " "
            trailing_backslash = True
    elif not started_empty:
        docstring = " "
    lines = docstring.splitlines()
    last_length = len(lines[-1]) if docstring and not docstring.endswith("\n") else 0
    if len(lines) > 1 and last_length + 3 > BLACK_LINE_LENGTH and indent + 3 <= BLACK_LINE_LENGTH and not trailing_backslash:
        if literal[-4] == "\n":
            return f'"""{docstring}"""'
        return f'"""{docstring}\n{pad}"""'
    return f'"""{docstring}"""'


def py_text(text: str) -> str:
    """A triple-quoted literal for multi-line ``text``, its lines left as they are."""
    return f'"""\\\n{_triple_quoted_body(text, unsafe_as_text=False)}"""'


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def py_identifier(name: str) -> str:
    """``name`` itself, checked to be an ASCII identifier that is not a keyword.

    Names are decided by ``generator.python.naming`` from validated shape names; this is the
    last check before one is written as code, never a way to make one.
    """
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name) or keyword.iskeyword(name):
        raise TemplateError(f"not a usable Python name: {name!r}")
    return name


# -- TOML and JSON ------------------------------------------------------------


def toml_str(value: str) -> str:
    """A TOML basic string for ``value``.

    TOML has no escape for a lone surrogate (it is not a Unicode scalar value), so one
    is written as the visible text ``\\ud800``; everything else round-trips.
    """
    out = []
    for c in value:
        if c in '"\\':
            out.append("\\" + c)
        elif 0xD800 <= ord(c) <= 0xDFFF:
            out.append(f"\\\\u{ord(c):04x}")
        elif _unsafe(c) or c == "\x7f":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c) or f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def json_text(value: Any, *, indent: int | None = None, ensure_ascii: bool = False) -> str:
    """``json.dumps``, with lone surrogates written as ``\\udXXX`` escapes.

    The files are UTF-8, which cannot hold a lone surrogate; as an escape it is valid
    JSON and reads back as the same string. Every other character is unchanged.
    """
    text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii)
    return text if ensure_ascii else _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


# -- Markdown -----------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#{}!~&$])")
_SPACE = re.compile(r"\s+")


def _md_visible(text: str) -> str:
    """Inline text has no line breaks: whitespace controls become spaces, others escapes."""
    return UNSAFE.sub(lambda m: " " if m[0].isspace() else _escape_code(m[0]), text)


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown inline text: every significant character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", _md_visible(text))


def md_inline(text: str) -> str:
    """A value set inline in a template line (a heading, a list item): escaped, its whitespace
    runs one space and none at either end, so no value can end a line with a hard break."""
    return escape_markdown(_SPACE.sub(" ", _md_visible(text)).strip())


def code_span(text: str) -> str:
    """``text`` as an inline code span, fenced by more backticks than it contains."""
    text = _SPACE.sub(" ", _md_visible(text)).strip()
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def code_line(text: str) -> str:
    """One line inside a fenced code block: no line break, nothing unencodable.

    The fence is chosen longer than any run of backticks the lines hold.
    """
    return _md_visible(text)


# The names templates use; see the module docstring.
FILTERS: dict[str, Callable[..., str]] = {
    "comment": py_comment,
    "py_str": py_str,
    "py_literal": py_literal,
    "py_tuple": py_tuple,
    "py_def": py_def,
    "docstring": py_docstring,
    "py_text": py_text,
    "ident": py_identifier,
    "toml_str": toml_str,
    "md": md_inline,
    "code": code_span,
    "code_line": code_line,
}


# --- YAML ---------------------------------------------------------------------------------

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# Words YAML 1.1 (PyYAML, ruamel's default) reads as booleans or null.
_YAML11_WORDS = frozenset("y n yes no on off true false null".split())


def yaml_comment(text: str) -> str:
    """The text of an end-of-line ``#`` comment: a YAML stream may not hold control
    characters, not even in a comment, so they become spaces (and so does a line break)."""
    return "".join(c if c.isprintable() else " " for c in text)


def yaml_key(key: str) -> str:
    """A mapping key: plain when YAML reads it back as this string, else quoted."""
    if _PLAIN_KEY.fullmatch(key) and key.lower() not in _YAML11_WORDS:
        return key
    return yaml_scalar(key)


def yaml_scalar(value: Any) -> str:
    """A flow scalar (or empty collection) that YAML reads back as ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _yaml_float(value)
    if isinstance(value, str):
        if value.isprintable():
            return "'" + value.replace("'", "''") + "'"
        return _yaml_double_quoted(value)
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, list) and not value:
        return "[]"
    raise TypeError(f"not a YAML scalar: {value!r}")


def _yaml_double_quoted(text: str) -> str:
    """A double-quoted scalar: what is not printable becomes a ``\\u``/``\\U`` escape."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        else:
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
    return '"' + "".join(out) + '"'


def _yaml_float(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "." not in text:  # YAML 1.1 floats need a dot: 1e-05 -> 1.0e-05
        mantissa, _, exponent = text.partition("e")
        text = f"{mantissa}.0e{exponent}" if exponent else f"{mantissa}.0"
    return text
