"""The model's ``pattern`` (Java regex dialect) as a pattern that keeps its meaning elsewhere.

A botocore ``pattern`` is written for ``java.util.regex`` and is a search, not a full
match (Smithy's pattern trait: "does not implicitly add a leading ^ or trailing $").
``translate`` rewrites it into the common subset of ECMA-262 (with the ``u`` flag, as
JSON Schema validators such as ajv compile it) and Python's ``re`` (which Python's
jsonschema uses), so that all three engines accept exactly the same strings:

- ``\\d``, ``\\w``, ``\\s``, ``\\h``, ``\\v`` and POSIX classes (``\\p{Alpha}``, ``\\p{ASCII}``...)
  become explicit ASCII sets: Java's are ASCII, Python's are Unicode-aware;
- ``.`` excludes exactly Java's line terminators; ``$``/``\\Z`` may match before one final
  line terminator, as in Java; ``\\A`` is ``^`` and ``\\z`` is end of input;
- escapes ECMA's ``u`` mode rejects (``\\_``, ``\\:``, ``\\a``, ``\\x{..}``, octal) become plain
  characters, and ``-`` in a set is always escaped (Java reads ``[\\w-_]`` as a literal ``-``).

A construct the engines cannot share with the same meaning gives no translation, only a
reason: Unicode properties such as ``\\p{L}`` (Python's ``re`` has none, and expanding them
would tie the output to the generator's Unicode tables), word boundaries (Java's ``\\b``
changed meaning in JDK 19), possessive quantifiers and atomic groups, inline flags,
nested sets and intersections, backreferences (ECMA matches an unset group as empty, Java
fails), lone surrogates, and anything Java itself would reject.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

MAX_CODE_POINT = 0x10FFFF

# Sets Java defines over ASCII (without UNICODE_CHARACTER_CLASS), as code point ranges.
_Ranges = tuple[tuple[int, int], ...]
_DIGIT: _Ranges = ((0x30, 0x39),)
_WORD: _Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_SPACE: _Ranges = ((0x09, 0x0D), (0x20, 0x20))
_HORIZONTAL_SPACE: _Ranges = (
    (0x09, 0x09), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x180E, 0x180E),
    (0x2000, 0x200A), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000),
)
_VERTICAL_SPACE: _Ranges = ((0x0A, 0x0D), (0x85, 0x85), (0x2028, 0x2029))
_LINE_TERMINATORS: _Ranges = ((0x0A, 0x0A), (0x0D, 0x0D), (0x85, 0x85), (0x2028, 0x2029))
_CLASS_ESCAPES: dict[str, _Ranges] = {
    "d": _DIGIT, "w": _WORD, "s": _SPACE, "h": _HORIZONTAL_SPACE, "v": _VERTICAL_SPACE,
}
_POSIX: dict[str, _Ranges] = {
    "Lower": ((0x61, 0x7A),),
    "Upper": ((0x41, 0x5A),),
    "ASCII": ((0x00, 0x7F),),
    "Alpha": ((0x41, 0x5A), (0x61, 0x7A)),
    "Digit": _DIGIT,
    "Alnum": ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)),
    "Punct": ((0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)),
    "Graph": ((0x21, 0x7E),),
    "Print": ((0x20, 0x7E),),
    "Blank": ((0x09, 0x09), (0x20, 0x20)),
    "Cntrl": ((0x00, 0x1F), (0x7F, 0x7F)),
    "XDigit": ((0x30, 0x39), (0x41, 0x46), (0x61, 0x66)),
    "Space": _SPACE,
}
_POSIX.update({f"Is{name}": ranges for name, ranges in list(_POSIX.items()) if name != "ASCII"})

_END_OF_INPUT = r"(?![\s\S])"
# Java's ``$`` without MULTILINE: at the end, or before a final line terminator
# (``\r\n`` counts as one, so never between its ``\r`` and ``\n``).
_JAVA_DOLLAR = r"(?=(?:\r\n|[\r\u0085\u2028\u2029]|(?<!\r)\n)?(?![\s\S]))"
# Outside a set these need a backslash in ECMA's ``u`` mode (and are harmless escaped in Python).
_SYNTAX = frozenset("^$\\.*+?()[]{}|/")
# Inside a set: always escaped, so Python never sees a possible nested set or set operation.
_SET_SYNTAX = frozenset("\\]-[^|")
_SIMPLE_ESCAPES = {"t": 0x09, "n": 0x0A, "r": 0x0D, "f": 0x0C, "a": 0x07, "e": 0x1B}
_ESCAPE_TEXT = {0x09: r"\t", 0x0A: r"\n", 0x0D: r"\r", 0x0C: r"\f"}


@dataclass(frozen=True, slots=True)
class PatternTranslation:
    """A model pattern and its portable form; ``ecma`` is None when the meaning cannot be kept."""

    source: str
    ecma: str | None
    reason: str | None = None

    @property
    def translated(self) -> bool:
        return self.ecma is not None


class _Atom(Enum):
    CHAR = "one character"
    GROUP = "a group or a run of characters"
    ASSERTION = "an assertion (matches no character)"


_GROUP_PREFIXES = (("?:", _Atom.GROUP), ("?=", _Atom.ASSERTION), ("?!", _Atom.ASSERTION),
                   ("?<=", _Atom.ASSERTION), ("?<!", _Atom.ASSERTION))
_DOTALL_FLAG = re.compile(r"\?(-?s)([:)])")


class Untranslatable(Exception):
    """Raised inside the translator; becomes ``PatternTranslation.reason``."""


@lru_cache(maxsize=None)
def translate(pattern: str) -> PatternTranslation:
    """``pattern`` (Java) as a search pattern with the same meaning in ECMA-262 (``u``) and Python ``re``."""
    try:
        ecma = _Translator(pattern).run()
    except Untranslatable as exc:
        return PatternTranslation(pattern, None, str(exc))
    problem = python_re_problem(ecma)
    if problem is not None:
        return PatternTranslation(pattern, None, f"Python re: {problem}")
    return PatternTranslation(pattern, ecma)


def python_re_problem(pattern: str) -> str | None:
    """Why Python's ``re`` rejects (or warns about) ``pattern``, or None when it compiles cleanly."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            re.compile(pattern)
        except (re.error, FutureWarning, DeprecationWarning) as exc:
            return str(exc)
    return None


def _char(cp: int, in_set: bool) -> str:
    """One code point, written the same way for ECMA (``u``) and Python."""
    if 0xD800 <= cp <= 0xDFFF:
        raise Untranslatable(f"lone surrogate \\u{cp:04X}")
    if cp in _ESCAPE_TEXT:
        return _ESCAPE_TEXT[cp]
    if 0x20 <= cp < 0x7F:
        text = chr(cp)
        special = _SET_SYNTAX if in_set else _SYNTAX
        return "\\" + text if text in special else text
    if cp < 0x100:
        return f"\\x{cp:02X}"
    if cp <= 0xFFFF:
        return f"\\u{cp:04X}"
    return chr(cp)  # no escape means the same astral code point in both; the character does


def _complement(ranges: _Ranges) -> _Ranges:
    out: list[tuple[int, int]] = []
    start = 0
    for lo, hi in sorted(ranges):
        if lo > start:
            out.append((start, lo - 1))
        start = max(start, hi + 1)
    if start <= MAX_CODE_POINT:
        out.append((start, MAX_CODE_POINT))
    return tuple(out)


def _set_items(ranges: _Ranges) -> str:
    return "".join(_char(lo, True) if lo == hi else f"{_char(lo, True)}-{_char(hi, True)}" for lo, hi in ranges)


class _Translator:
    """A recursive-descent reader of the Java syntax that writes the portable form as it goes."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0
        self.dotall = False

    def run(self) -> str:
        out = self._disjunction()
        if self.pos != len(self.text):
            raise Untranslatable(f"unbalanced ')' at {self.pos}")
        return out

    def _peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def _take(self) -> str:
        if self.pos >= len(self.text):
            raise Untranslatable("pattern ends inside a construct")
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def _disjunction(self) -> str:
        parts = [self._alternative()]
        while self._peek() == "|":
            self.pos += 1
            parts.append(self._alternative())
        return "|".join(parts)

    def _alternative(self) -> str:
        out: list[str] = []
        while self._peek() not in ("", "|", ")"):
            atom, kind = self._term()
            quantifier = self._quantifier(single_char=kind is _Atom.CHAR)
            if quantifier and kind is _Atom.ASSERTION:
                raise Untranslatable(f"quantifier on an assertion at {self.pos}")
            out.append(atom + quantifier)
        return "".join(out)

    def _quantifier(self, single_char: bool) -> str:
        ch = self._peek()
        if ch in ("*", "+", "?"):
            self.pos += 1
            base = ch
        elif ch == "{":
            match = re.compile(r"\{(\d+)(,(\d*))?\}").match(self.text, self.pos)
            if match is None:
                raise Untranslatable(f"'{{' that is not a quantifier at {self.pos}")
            low, high = match.group(1), match.group(3)
            if high and int(high) < int(low):
                raise Untranslatable(f"quantifier {match.group(0)} with max below min")
            self.pos = match.end()
            base = match.group(0)
        else:
            return ""
        if self._peek() == "+":
            # ``{n}+`` on one character leaves nothing to backtrack into: it is plain ``{n}``.
            if not (single_char and re.fullmatch(r"\{\d+\}", base)):
                raise Untranslatable("possessive quantifier (ECMA has none)")
            self.pos += 1
            return base
        if self._peek() == "?":  # lazy: the same in all three
            self.pos += 1
            base += "?"
        if self._peek() in ("*", "+", "?", "{"):
            raise Untranslatable(f"quantifier after a quantifier at {self.pos}")
        return base

    def _term(self) -> tuple[str, _Atom]:
        ch = self._take()
        if ch == "(":
            return self._group()
        if ch == "[":
            return self._set(), _Atom.CHAR
        if ch == ".":
            return (r"[\s\S]" if self.dotall else f"[^{_set_items(_LINE_TERMINATORS)}]"), _Atom.CHAR
        if ch == "^":
            return "^", _Atom.ASSERTION
        if ch == "$":
            return _JAVA_DOLLAR, _Atom.ASSERTION
        if ch == "\\":
            return self._escape()
        if ch in ("*", "+", "?", "{"):
            raise Untranslatable(f"nothing to repeat at {self.pos - 1}")
        return _char(ord(ch), False), _Atom.CHAR

    def _group(self) -> tuple[str, _Atom]:
        flags = _DOTALL_FLAG.match(self.text, self.pos)
        if flags:  # (?s) sets dot-all to the end of the enclosing group; (?s:...) for its body
            self.pos = flags.end()
            if flags.group(2) == ")":
                self.dotall = not flags.group(1).startswith("-")
                return "", _Atom.ASSERTION
            opener, kind = "(?:", _Atom.GROUP
        elif self._peek() != "?":
            opener, kind = "(", _Atom.GROUP
        else:
            for prefix, kind in _GROUP_PREFIXES:
                if self.text.startswith(prefix, self.pos):
                    opener = "(" + prefix
                    self.pos += len(prefix)
                    break
            else:
                construct = self.text[self.pos - 1 : self.pos + 3]
                raise Untranslatable(f"group {construct!r}... (named, atomic or inline flags)")
        outer_dotall = self.dotall
        if flags:
            self.dotall = not flags.group(1).startswith("-")
        inner = self._disjunction()
        self.dotall = outer_dotall
        if self._take() != ")":
            raise Untranslatable("unclosed group")
        return f"{opener}{inner})", kind

    def _escape(self) -> tuple[str, _Atom]:
        ch = self._take()
        if ch in _CLASS_ESCAPES:
            return f"[{_set_items(_CLASS_ESCAPES[ch])}]", _Atom.CHAR
        if ch.lower() in _CLASS_ESCAPES:
            return f"[^{_set_items(_CLASS_ESCAPES[ch.lower()])}]", _Atom.CHAR
        if ch in ("p", "P"):
            ranges = self._property(ch)
            return f"[{'^' if ch == 'P' else ''}{_set_items(ranges)}]", _Atom.CHAR
        if ch == "A":
            return "^", _Atom.ASSERTION
        if ch == "z":
            return _END_OF_INPUT, _Atom.ASSERTION
        if ch == "Z":
            return _JAVA_DOLLAR, _Atom.ASSERTION
        if ch == "Q":
            quoted = self._quoted()
            kind = _Atom.CHAR if len(quoted) == 1 else _Atom.GROUP
            return "".join(_char(ord(c), False) for c in quoted), kind
        return _char(self._char_escape(ch), False), _Atom.CHAR

    def _quoted(self) -> str:
        end = self.text.find("\\E", self.pos)
        end = len(self.text) if end < 0 else end
        quoted = self.text[self.pos : end]
        self.pos = min(end + 2, len(self.text))
        return quoted

    def _property(self, kind: str) -> _Ranges:
        if self._peek() != "{":
            raise Untranslatable(f"Unicode property \\{kind}{self._peek()} (Python re has none)")
        close = self.text.find("}", self.pos)
        if close < 0:
            raise Untranslatable("unclosed \\p{")
        name = self.text[self.pos + 1 : close]
        self.pos = close + 1
        if name not in _POSIX:
            raise Untranslatable(f"Unicode property \\{kind}{{{name}}} (Python re has none)")
        return _POSIX[name]

    def _char_escape(self, ch: str) -> int:
        """The code point of a single-character escape (after the backslash)."""
        if ch in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[ch]
        if ch == "x":
            if self._peek() == "{":
                close = self.text.find("}", self.pos)
                return self._hex(self.text[self.pos + 1 : close] if close > 0 else "", close + 1)
            return self._hex(self.text[self.pos : self.pos + 2], self.pos + 2)
        if ch == "u":
            cp = self._hex(self.text[self.pos : self.pos + 4], self.pos + 4, exact=4)
            low = re.compile(r"\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE).match(self.text, self.pos)
            if 0xD800 <= cp <= 0xDBFF and low:  # a UTF-16 pair: Java and ECMA's u mode read one code point
                self.pos = low.end()
                return 0x10000 + ((cp - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
            return cp
        if ch == "0":
            match = re.compile(r"[0-3][0-7]{2}|[0-7]{1,2}").match(self.text, self.pos)
            if match is None:
                raise Untranslatable("\\0 without octal digits")
            self.pos = match.end()
            return int(match.group(0), 8)
        if ch == "c":
            return ord(self._take()) ^ 0x40
        if ch in ("b", "B"):
            raise Untranslatable(f"word boundary \\{ch} (Java's changed meaning in JDK 19)")
        if ch in "123456789":
            raise Untranslatable("backreference (an unset group matches empty in ECMA, fails in Java)")
        if ch.isascii() and ch.isalnum():
            raise Untranslatable(f"escape \\{ch} (no shared meaning)")
        return ord(ch)  # an escaped punctuation or non-ASCII character is itself

    def _hex(self, digits: str, end: int, exact: int | None = None) -> int:
        if not digits or not re.fullmatch(r"[0-9A-Fa-f]+", digits) or (exact and len(digits) != exact):
            raise Untranslatable(f"bad hexadecimal escape at {self.pos}")
        cp = int(digits, 16)
        if cp > MAX_CODE_POINT:
            raise Untranslatable(f"code point {digits} out of range")
        self.pos = end
        return cp

    def _set(self) -> str:
        negated = self._peek() == "^"
        if negated:
            self.pos += 1
        if self._peek() == "]":
            raise Untranslatable("']' first in a set (Java and ECMA disagree)")
        items: list[str] = []
        while True:
            ch = self._take()
            if ch == "]":
                break
            if ch == "[":
                raise Untranslatable("nested set (union)")
            if ch == "&" and self._peek() == "&":
                raise Untranslatable("set intersection &&")
            ranges = self._set_class_escape() if ch == "\\" else None
            if ranges is not None:
                items.append(_set_items(ranges))
                continue
            if ch == "\\" and self._peek() == "Q":
                self.pos += 1
                items.extend(_char(ord(c), True) for c in self._quoted())
                continue
            low = self._char_escape(self._take()) if ch == "\\" else ord(ch)
            if self._peek() == "-" and self._peek(1) not in ("]", "["):
                self.pos += 1
                end = self._take()
                if end == "\\" and (self._peek() in _CLASS_ESCAPES or self._peek().lower() in _CLASS_ESCAPES
                                    or self._peek() in ("p", "P", "Q")):
                    raise Untranslatable("range ending in a class escape")
                high = self._char_escape(self._take()) if end == "\\" else ord(end)
                if high < low:
                    raise Untranslatable("range out of order")
                items.append(_set_items(((low, high),)))
            else:
                items.append(_char(low, True))
        return f"[{'^' if negated else ''}{''.join(items)}]"

    def _set_class_escape(self) -> _Ranges | None:
        """After a backslash in a set: the ranges of ``\\d``, ``\\S``, ``\\p{Alpha}``..., else None."""
        ch = self._peek()
        if ch in _CLASS_ESCAPES:
            self.pos += 1
            return _CLASS_ESCAPES[ch]
        if ch.isupper() and ch.lower() in _CLASS_ESCAPES:
            self.pos += 1
            return _complement(_CLASS_ESCAPES[ch.lower()])
        if ch in ("p", "P"):
            self.pos += 1
            ranges = self._property(ch)
            return ranges if ch == "p" else _complement(ranges)
        if ch in ("b", "B", "A", "z", "Z", "G", "R", "X", "N", "k"):
            raise Untranslatable(f"\\{ch} inside a set")
        return None
