"""The model's ``pattern`` (Java regex dialect) as a pattern that keeps its meaning elsewhere.

A botocore ``pattern`` is written for ``java.util.regex`` and is a search, not a full
match (Smithy's pattern trait: "does not implicitly add a leading ^ or trailing $").
``translate`` rewrites it into the common subset of ECMA-262 (with the ``u`` flag, as
JSON Schema validators such as ajv compile it) and Python's ``re`` (which Python's
jsonschema uses), so that all three engines accept exactly the same strings:

- ``\\d``, ``\\w``, ``\\s``, ``\\h``, ``\\v``, POSIX classes and Unicode properties (``\\p{L}``,
  ``\\P{C}``, ``\\p{IsAlphabetic}``...) become explicit sets of code points, as Java defines
  them (see ``unicode_properties``): Python's ``\\d`` is Unicode-aware and it has no ``\\p``;
- ``.`` excludes exactly Java's line terminators; ``$``/``\\Z`` may match before one final
  line terminator, as in Java; ``\\A`` is ``^`` and ``\\z`` is end of input;
- possessive quantifiers and atomic groups, which ECMA lacks, become a lookahead that
  captures and a backreference that consumes the capture: neither engine backtracks into
  a lookahead, so the result is atomic. Capturing groups of the model become non-capturing
  (nothing refers to them: backreferences are not translated), so those are the only captures;
- ``(?i)`` (ASCII case-insensitive in Java without ``u``) spells out both cases of each ASCII
  letter; ``(?s)`` widens ``.``; both keep Java's scope (to the end of the enclosing group);
- a repeated assertion (``(?!x)+``, ``${1,4}``) is the assertion once, or nothing when it may
  repeat zero times, as Java reads it;
- lone surrogates in a set are dropped: no well-formed string (and no JSON text) holds one;
- escapes ECMA's ``u`` mode rejects (``\\_``, ``\\:``, ``\\a``, ``\\x{..}``, octal) become plain
  characters, and ``-`` in a set is always escaped (Java reads ``[\\w-_]`` as a literal ``-``).

A construct the engines cannot share with the same meaning gives no translation, only a
reason: word boundaries (Java's ``\\b`` is Unicode-aware up to JDK 18 and ASCII from JDK 19,
so there is no one meaning to keep), inline flags other than ``i`` and ``s``, Unicode
properties under ``(?i)``, scripts and blocks, nested sets and intersections,
backreferences (ECMA matches an unset group as empty, Java fails), a second quantifier on
one atom, lone surrogates outside a set, groups nested deeper than ``limits.MAX_PATTERN_DEPTH``,
and anything Java itself would reject.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from generator.limits import MAX_PATTERN_DEPTH, MAX_PATTERN_PROPERTIES
from generator.patterns.unicode_properties import MAX_CODE_POINT, POSIX_ASCII, Ranges, java_property

# Sets Java defines over ASCII (without UNICODE_CHARACTER_CLASS), as code point ranges.
_DIGIT: Ranges = POSIX_ASCII["Digit"]
_WORD: Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_SPACE: Ranges = POSIX_ASCII["Space"]
_HORIZONTAL_SPACE: Ranges = (
    (0x09, 0x09), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x180E, 0x180E),
    (0x2000, 0x200A), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000),
)
_VERTICAL_SPACE: Ranges = ((0x0A, 0x0D), (0x85, 0x85), (0x2028, 0x2029))
_LINE_TERMINATORS: Ranges = ((0x0A, 0x0A), (0x0D, 0x0D), (0x85, 0x85), (0x2028, 0x2029))
_CLASS_ESCAPES: dict[str, Ranges] = {
    "d": _DIGIT, "w": _WORD, "s": _SPACE, "h": _HORIZONTAL_SPACE, "v": _VERTICAL_SPACE,
}
_SURROGATES = (0xD800, 0xDFFF)
_ASCII_CASES = ((0x41, 0x5A, 0x20), (0x61, 0x7A, -0x20))

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
# Inline flags the translation keeps: CASE_INSENSITIVE (ASCII only in Java) and DOTALL.
_KEPT_FLAGS = frozenset("is")
# Placeholders for the atomic-group captures, numbered once the whole output is known
# (a NUL never appears unescaped in the output).
_CAPTURE = re.compile("\x00([or])(\\d+)\x00")


@dataclass(frozen=True, slots=True)
class PatternTranslation:
    """A model pattern and its portable form; ``ecma`` is None when the meaning cannot be kept."""

    source: str
    ecma: str | None
    reason: str | None = None


class _Atom(Enum):
    CHAR = "one character"
    GROUP = "a group or a run of characters"
    ASSERTION = "an assertion (matches no character)"


_LOOKAROUNDS = ("?=", "?!", "?<=", "?<!")
_FLAG_GROUP = re.compile(r"\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")
_NAMED_GROUP = re.compile(r"\?<([a-zA-Z][a-zA-Z0-9]*)>")
_QUANTIFIER = re.compile(r"\*|\+|\?|\{(\d+)(,(\d*))?\}")
_LOW_SURROGATE_ESCAPE = re.compile(r"\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
_OCTAL = re.compile(r"[0-3][0-7]{2}|[0-7]{1,2}")


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
    if _SURROGATES[0] <= cp <= _SURROGATES[1]:
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


def _normalised(ranges: Ranges) -> Ranges:
    """Sorted, merged ranges without lone surrogates (no well-formed string holds one), joined
    across the surrogate block where both sides are in the set, so no bound is a surrogate."""
    pieces: list[tuple[int, int]] = []
    for lo, hi in ranges:
        if lo < _SURROGATES[0]:
            pieces.append((lo, min(hi, _SURROGATES[0] - 1)))
        if hi > _SURROGATES[1]:
            pieces.append((max(lo, _SURROGATES[1] + 1), hi))
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(pieces):
        if merged and (lo <= merged[-1][1] + 1 or (merged[-1][1], lo) == (_SURROGATES[0] - 1, _SURROGATES[1] + 1)):
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
    out: list[tuple[int, int]] = []
    start = 0
    for lo, hi in sorted(ranges):
        if lo > start:
            out.append((start, lo - 1))
        start = max(start, hi + 1)
    if start <= MAX_CODE_POINT:
        out.append((start, MAX_CODE_POINT))
    return tuple(out)


def _both_cases(ranges: Ranges) -> Ranges:
    """``ranges`` with the other case of every ASCII letter in them (Java's ``(?i)`` without ``u``)."""
    extra = [
        (max(lo, first) + shift, min(hi, last) + shift)
        for lo, hi in ranges
        for first, last, shift in _ASCII_CASES
        if max(lo, first) <= min(hi, last)
    ]
    return (*ranges, *extra)


def _set_text(ranges: Ranges, negated: bool) -> str:
    ranges = _normalised(ranges)
    if ranges in ((), ((0, MAX_CODE_POINT),)):  # Python rejects ``[]`` and ``[^]``
        return r"[\s\S]" if negated == (not ranges) else "(?!)"
    items = "".join(_char(lo, True) if lo == hi else f"{_char(lo, True)}-{_char(hi, True)}" for lo, hi in ranges)
    return f"[{'^' if negated else ''}{items}]"


class _Translator:
    """A recursive-descent reader of the Java syntax that writes the portable form as it goes."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0
        self.flags: frozenset[str] = frozenset()
        self.atomic = 0  # atomic-group captures written so far
        self.depth = 0  # groups open: the reader recurses once per group
        self.properties = 0  # Unicode property escapes read, each written as an explicit set

    def run(self) -> str:
        out = self._disjunction()
        if self.pos != len(self.text):
            raise Untranslatable(f"unbalanced ')' at {self.pos}")
        # Number the captures in the order their groups open in the output.
        opened = (m[2] for m in _CAPTURE.finditer(out) if m[1] == "o")
        numbers = {index: str(number) for number, index in enumerate(opened, start=1)}
        return _CAPTURE.sub(lambda m: "" if m[1] == "o" else numbers[m[2]], out)

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
            out.append(self._quantified(atom, kind))
        return "".join(out)

    def _quantified(self, atom: str, kind: _Atom) -> str:
        match = _QUANTIFIER.match(self.text, self.pos)
        if match is None:
            if self._peek() == "{":
                raise Untranslatable(f"'{{' that is not a quantifier at {self.pos}")
            return atom
        self.pos = match.end()
        low, high = match.group(1), match.group(3)
        if high and int(high) < int(low):
            raise Untranslatable(f"quantifier {match.group(0)} with max below min")
        mode = self._take() if self._peek() in ("+", "?") else ""
        if self._peek() in ("*", "+", "?", "{"):
            raise Untranslatable(f"a second quantifier on one atom at {self.pos}")
        if kind is _Atom.ASSERTION:
            # Java repeats a zero-width match once at most: at least once is once, else nothing.
            minimum = 1 if match.group(0) == "+" else int(low) if low else 0
            return atom if minimum else ""
        quantified = atom + match.group(0)
        if mode == "?":
            return quantified + "?"
        if mode == "+" and not (kind is _Atom.CHAR and high is None and match.group(2) is None and low):
            return self._atomic_group(quantified)  # possessive; ``c{n}+`` has nothing to give back
        return quantified

    def _atomic_group(self, body: str) -> str:
        """ECMA has no atomic group: a lookahead's match is never revisited, and the
        backreference then consumes exactly what it captured."""
        index = self.atomic
        self.atomic += 1
        return f"(?=(\x00o{index}\x00{body}))(?:\\\x00r{index}\x00)"

    def _term(self) -> tuple[str, _Atom]:
        ch = self._take()
        if ch == "(":
            return self._group()
        if ch == "[":
            return self._set(), _Atom.CHAR
        if ch == ".":
            return (r"[\s\S]" if "s" in self.flags else _set_text(_LINE_TERMINATORS, negated=True)), _Atom.CHAR
        if ch == "^":
            return "^", _Atom.ASSERTION
        if ch == "$":
            return _JAVA_DOLLAR, _Atom.ASSERTION
        if ch == "\\":
            return self._escape()
        if ch in ("*", "+", "?", "{"):
            raise Untranslatable(f"nothing to repeat at {self.pos - 1}")
        return self._literal(ord(ch)), _Atom.CHAR

    def _literal(self, cp: int) -> str:
        cases = self._cased(((cp, cp),))
        return _set_text(cases, negated=False) if len(cases) > 1 else _char(cp, False)

    def _cased(self, ranges: Ranges) -> Ranges:
        """``ranges`` as the current flags read them: with both ASCII cases under ``(?i)``."""
        return _both_cases(ranges) if "i" in self.flags else ranges

    def _group(self) -> tuple[str, _Atom]:
        flags = _FLAG_GROUP.match(self.text, self.pos)
        inner_flags = self.flags
        if flags:  # ``(?:``, or flags: ``(?is)`` to the end of the enclosing group, ``(?i:...)`` for its body
            self.pos = flags.end()
            inner_flags = self._changed_flags(flags.group(1), flags.group(2) or "")
            if flags.group(3) == ")":
                self.flags = inner_flags
                return "", _Atom.ASSERTION
            opener, kind = "(?:", _Atom.GROUP
        elif self._peek() != "?":
            opener, kind = "(?:", _Atom.GROUP  # nothing refers to the capture
        elif self.text.startswith("?>", self.pos):
            self.pos += 2
            opener, kind = "", _Atom.GROUP
        elif (named := _NAMED_GROUP.match(self.text, self.pos)) is not None:
            self.pos = named.end()
            opener, kind = "(?:", _Atom.GROUP
        else:
            prefix = next((p for p in _LOOKAROUNDS if self.text.startswith(p, self.pos)), None)
            if prefix is None:
                raise Untranslatable(f"group {self.text[self.pos - 1 : self.pos + 3]!r}...")
            self.pos += len(prefix)
            opener, kind = "(" + prefix, _Atom.ASSERTION
        outer_flags, self.flags = self.flags, inner_flags
        self.depth += 1
        if self.depth > MAX_PATTERN_DEPTH:
            raise Untranslatable(f"groups nested deeper than {MAX_PATTERN_DEPTH}")
        inner = self._disjunction()
        self.depth -= 1
        self.flags = outer_flags
        if self._take() != ")":
            raise Untranslatable("unclosed group")
        if not opener:
            return self._atomic_group(inner), kind
        return f"{opener}{inner})", kind

    def _changed_flags(self, on: str, off: str) -> frozenset[str]:
        unknown = sorted(set(on + off) - _KEPT_FLAGS)
        if unknown:
            raise Untranslatable(f"inline flag {''.join(unknown)!r} (only i and s are translated)")
        return (self.flags | set(on)) - set(off)

    def _escape(self) -> tuple[str, _Atom]:
        ch = self._peek()
        ranges = self._class_escape()
        if ranges is not None:
            return _set_text(self._cased(ranges), negated=False), _Atom.CHAR
        self.pos += 1
        if ch == "A":
            return "^", _Atom.ASSERTION
        if ch == "z":
            return _END_OF_INPUT, _Atom.ASSERTION
        if ch == "Z":
            return _JAVA_DOLLAR, _Atom.ASSERTION
        if ch == "Q":
            quoted = self._quoted()
            kind = _Atom.CHAR if len(quoted) == 1 else _Atom.GROUP
            return "".join(self._literal(ord(c)) for c in quoted), kind
        return self._literal(self._char_escape(ch)), _Atom.CHAR

    def _class_escape(self) -> Ranges | None:
        """At the letter after a backslash: the ranges of ``\\d``, ``\\S``, ``\\p{L}``..., else None."""
        ch = self._peek()
        if ch in _CLASS_ESCAPES:
            ranges = _CLASS_ESCAPES[ch]
        elif ch.isupper() and ch.lower() in _CLASS_ESCAPES:
            ranges = _complement(_CLASS_ESCAPES[ch.lower()])
        elif ch in ("p", "P"):
            self.pos += 1
            ranges = self._property(ch)
            return ranges if ch == "p" else _complement(ranges)
        else:
            return None
        self.pos += 1
        return ranges

    def _quoted(self) -> str:
        end = self.text.find("\\E", self.pos)
        end = len(self.text) if end < 0 else end
        quoted = self.text[self.pos : end]
        self.pos = min(end + 2, len(self.text))
        return quoted

    def _property(self, kind: str) -> Ranges:
        if self._peek() == "{":
            close = self.text.find("}", self.pos)
            if close < 0:
                raise Untranslatable(f"unclosed \\{kind}{{")
            name = self.text[self.pos + 1 : close]
            self.pos = close + 1
        else:
            name = self._take()
        self.properties += 1
        if self.properties > MAX_PATTERN_PROPERTIES:
            raise Untranslatable(f"more than {MAX_PATTERN_PROPERTIES} Unicode properties (each is written out as a set)")
        if "i" in self.flags:
            raise Untranslatable(f"Unicode property \\{kind}{{{name}}} under (?i)")
        ranges = java_property(name)
        if ranges is None:
            raise Untranslatable(f"property \\{kind}{{{name}}} (scripts, blocks and Java methods are not translated)")
        return ranges

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
            low = _LOW_SURROGATE_ESCAPE.match(self.text, self.pos)
            if 0xD800 <= cp <= 0xDBFF and low:  # a UTF-16 pair: Java and ECMA's u mode read one code point
                self.pos = low.end()
                return 0x10000 + ((cp - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
            return cp
        if ch == "0":
            match = _OCTAL.match(self.text, self.pos)
            if match is None:
                raise Untranslatable("\\0 without octal digits")
            self.pos = match.end()
            return int(match.group(0), 8)
        if ch == "c":
            return ord(self._take()) ^ 0x40
        if ch in ("b", "B"):
            raise Untranslatable(f"word boundary \\{ch} (Unicode-aware up to JDK 18, ASCII from JDK 19)")
        if ch in "123456789" or ch == "k":
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
        ranges: list[tuple[int, int]] = []
        while True:
            ch = self._take()
            if ch == "]":
                break
            if ch == "[":
                raise Untranslatable("nested set (union)")
            if ch == "&" and self._peek() == "&":
                raise Untranslatable("set intersection &&")
            if ch == "\\":
                if self._peek() in ("b", "B", "A", "z", "Z", "G", "R", "X", "N", "k"):
                    raise Untranslatable(f"\\{self._peek()} inside a set")
                escaped = self._class_escape()
                if escaped is not None:
                    ranges.extend(escaped)
                    continue
                if self._peek() == "Q":
                    self.pos += 1
                    ranges.extend((ord(c), ord(c)) for c in self._quoted())
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
                ranges.append((low, high))
            else:
                ranges.append((low, low))
        return _set_text(self._cased(tuple(ranges)), negated)
