"""Java's ``\\p{...}`` property names as code point ranges.

Python's ``re`` has no Unicode properties, so a translated pattern spells a property out as
ranges. Unicode tables come from the ``regex`` package, pinned in the lock file like botocore,
rather than ``unicodedata``, whose Unicode version follows the Python version: two machines
must generate the same bytes.

Names are resolved the way ``java.util.regex.Pattern`` (JDK 17, no flags) resolves them:
without a prefix, a general category (``L``, ``Lu``, ``LC``...) or an ASCII POSIX class
(``Alpha``, ``Punct``...); with ``Is``, first a Unicode binary property, where the POSIX names
mean their Unicode versions (``\\p{IsAlpha}`` is Alphabetic, not ``[A-Za-z]``), then a
category. Scripts and blocks are not resolved: no model uses them.
"""

from __future__ import annotations

from functools import lru_cache

Ranges = tuple[tuple[int, int], ...]

MAX_CODE_POINT = 0x10FFFF

# Java's ASCII POSIX classes, as java.util.regex documents them.
POSIX_ASCII: dict[str, Ranges] = {
    "Lower": ((0x61, 0x7A),),
    "Upper": ((0x41, 0x5A),),
    "ASCII": ((0x00, 0x7F),),
    "Alpha": ((0x41, 0x5A), (0x61, 0x7A)),
    "Digit": ((0x30, 0x39),),
    "Alnum": ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)),
    "Punct": ((0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)),
    "Graph": ((0x21, 0x7E),),
    "Print": ((0x20, 0x7E),),
    "Blank": ((0x09, 0x09), (0x20, 0x20)),
    "Cntrl": ((0x00, 0x1F), (0x7F, 0x7F)),
    "XDigit": ((0x30, 0x39), (0x41, 0x46), (0x61, 0x66)),
    "Space": ((0x09, 0x0D), (0x20, 0x20)),
}

_GRAPH = r"[^\p{White_Space}\p{Cc}\p{Cs}\p{Cn}]"
# Java's Unicode binary properties (CharPredicates.forUnicodeProperty), by upper-case name,
# as ``regex`` set expressions (version 1 syntax, for ``--`` set difference).
_BINARY: dict[str, str] = {
    "ALPHABETIC": r"\p{Alphabetic}",
    "ASSIGNED": r"\P{Cn}",
    "CONTROL": r"\p{Cc}",
    "HEX_DIGIT": r"[\p{Nd}\p{Hex_Digit}]",
    "IDEOGRAPHIC": r"\p{Ideographic}",
    "JOIN_CONTROL": r"\p{Join_Control}",
    "LETTER": r"\p{L}",
    "LOWERCASE": r"\p{Lowercase}",
    "UPPERCASE": r"\p{Uppercase}",
    "TITLECASE": r"\p{Lt}",
    "NONCHARACTER_CODE_POINT": r"\p{Noncharacter_Code_Point}",
    "PUNCTUATION": r"\p{P}",
    "WHITE_SPACE": r"\p{White_Space}",
    "WORD": r"[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]",
    "ALNUM": r"[\p{Alphabetic}\p{Nd}]",
    "BLANK": r"[\t\p{Zs}]",
    "DIGIT": r"\p{Nd}",
    "GRAPH": _GRAPH,
    "PRINT": rf"[[\t\p{{Zs}}]{_GRAPH}--\p{{Cc}}]",
}
_BINARY.update(
    {
        "HEXDIGIT": _BINARY["HEX_DIGIT"],
        "JOINCONTROL": _BINARY["JOIN_CONTROL"],
        "NONCHARACTERCODEPOINT": _BINARY["NONCHARACTER_CODE_POINT"],
        "WHITESPACE": _BINARY["WHITE_SPACE"],
        "ALPHA": _BINARY["ALPHABETIC"],
        "LOWER": _BINARY["LOWERCASE"],
        "UPPER": _BINARY["UPPERCASE"],
        "SPACE": _BINARY["WHITE_SPACE"],
        "PUNCT": _BINARY["PUNCTUATION"],
        "XDIGIT": _BINARY["HEX_DIGIT"],
        "CNTRL": _BINARY["CONTROL"],
    }
)

_CATEGORIES = frozenset(
    "L Lu Ll Lt Lm Lo LC M Mn Mc Me N Nd Nl No Z Zs Zl Zp C Cc Cf Co Cs Cn "
    "P Pd Ps Pe Pc Po Pi Pf S Sm Sc Sk So".split()
)
# Java's own aggregates, beside the Unicode ones.
_JAVA_CATEGORIES: dict[str, str] = {"LD": r"[\p{L}\p{Nd}]", "L1": r"[\x00-\xFF]", "all": r"[\s\S]"}


def java_property(name: str) -> Ranges | None:
    """The code points ``\\p{name}`` matches in Java, or None when the name is not supported."""
    if "=" in name:
        key, _, value = name.partition("=")
        return _category(value) if key in ("gc", "general_category") else None
    if name.startswith("Is"):
        binary = _BINARY.get(name[2:].upper())
        return _ranges(binary) if binary is not None else _category(name[2:])
    return _category(name)


def _category(name: str) -> Ranges | None:
    if name in POSIX_ASCII:
        return POSIX_ASCII[name]
    expression = rf"\p{{gc={name}}}" if name in _CATEGORIES else _JAVA_CATEGORIES.get(name)
    return None if expression is None else _ranges(expression)


@lru_cache(maxsize=1)
def _every_code_point() -> str:
    return "".join(map(chr, range(MAX_CODE_POINT + 1)))


@lru_cache(maxsize=None)
def _ranges(expression: str) -> Ranges:
    import regex  # only models with Unicode properties pay for it

    runs = regex.finditer(f"(?V1)(?:{expression})+", _every_code_point())
    return tuple((run.start(), run.end() - 1) for run in runs)
