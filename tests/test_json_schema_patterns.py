"""Pattern translation (Java regex dialect -> ECMA-262 with ``u`` and Python ``re``), checked
on every distinct pattern in the pinned botocore and against Java itself."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from generator.load import available_services, load_installed
from generator.patterns import python_re_problem, translate
from test_json_schema import run_node

JAVA_FIND = ROOT / "tests" / "java" / "JavaFind.java"

# Strings where Java, ECMA and Python disagree unless the translation is exact: line
# terminators (Java's `.`, `$`, `\Z`), Unicode digits, letters and spaces (`\d`, `\w`, `\s`),
# characters of each kind Unicode properties tell apart (a mark, a titlecase letter, a format
# character, an unassigned code point, astral ones), cases for `(?i)`, runs for possessive
# quantifiers, and a few ordinary values.
PROBES = [
    "", "a", "abc", "abc\n", "abc\r\n", "abc\r", "abc\u0085", "abc\u2028", "\n", "\r\n\n", "a\nb",
    "é", "\u0663", "\u00a0", "\u000b", "\u001c", "\u2003", "A1_-", "a b", "\t", "😀", "x😀y", "-", "_",
    "arn:aws:connect:us-east-1:123456789012:instance/abc", "12345678-1234-1234-1234-123456789012",
    "aws:tag", "Hello World!", "a.b/c", "{}[]", "x" * 70,
    "\u0300", "e\u0301", "\u01c5", "\u0378", "\u00ad", "\U0001d400", "\U000e0001", "\u00a1", "\uff10", "\u0085x",
    "AWS_x", "aws_X", "Aws_", "aaaa", "ab", "abc1", "|", "\U0010fffd",
]

# Java constructs the translator handles, each with a pattern that exercises it.
FEATURES = [
    r"^[a-z]+$", r"^.+$", r".", r"^.$", r"\d", r"^\d+$", r"\s", r"\S", r"\w", r"^\w+$", r"\W", r"\D",
    r"\Aabc\z", r"abc\Z", r"c$", r"[\p{Alpha}]", r"^\p{ASCII}+$", r"\P{ASCII}", r"[\p{Punct}]", r"\p{Print}+",
    r"[^\s]", r"[\w-_]", r"[\S\s]", r"(?s)^.+$", r"(?s:.)c", r"\h", r"\v", r"\x{1F600}", r"\uD83D\uDE00",
    r"[\uD800\uDC00-\uDBFF\uDFFF]", r"\Qa.b\E", r"[a\Q-\E]", r"\_\:\#", r"a{2}+", r"[+--]", r"\0101", r"\cI",
    r"^(?!aws:)[a-zA-Z+-=._:/]+$", r"[^\n]", r"(?<=a)b", r"(a|)$", r"x*?$",
    # Unicode properties, resolved as Java resolves their names
    r"\p{L}", r"^\p{L}+$", r"\pL", r"\P{C}", r"^[^\p{C}]+$", r"[\P{M}\p{M}]", r"\p{Lt}", r"\p{gc=Lu}", r"\p{LC}",
    r"\p{Cn}", r"\p{Cf}", r"\p{IsAlphabetic}", r"\p{IsWhitespace}", r"\p{IsWhite_Space}", r"\p{LD}", r"\p{all}",
    r"\p{L1}", r"\p{IsL}", r"\p{IsAlpha}", r"\p{IsLower}", r"\p{IsDigit}", r"\p{IsAlnum}", r"\p{IsPunct}",
    r"\p{IsGraph}", r"\p{IsPrint}", r"\p{IsBlank}", r"\p{IsCntrl}", r"\p{IsXDigit}", r"\p{IsSpace}",
    r"\p{IsWord}", r"\p{IsAssigned}", r"\p{IsTitlecase}", r"\p{IsHex_Digit}", r"[^_\p{Z}][\p{L}\p{M}\p{N}]",
    # lone surrogates in a set; possessive and atomic; repeated assertions; (?i) and (?s) scopes
    r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF]*$", r"[^\uD800]", r"a*+a", r"^a?+a", r"^[ab]*+b",
    r"(?>a|ab)c", r"^(a*+)*+b", r"^(?>a+)a", r"a{2}+", r"^(?!x)+a", r"^(?!x)*x", r"^a${1,4}", r"^(?i)aws_",
    r"(?!(?i)AWS_)[a-z]", r"^(?i:[^a-c])", r"(?i)[x-z\d]+$", r"(?i)\Qaws\E", r"^(?s).(?-s).", r"^(?is:A.)",
]


def all_botocore_patterns() -> list[str]:
    found: set[str] = set()
    for service in available_services():
        for shape in load_installed(service).data["shapes"].values():
            if isinstance(shape.get("pattern"), str):
                found.add(shape["pattern"])
    return sorted(found)


@pytest.fixture(scope="module")
def botocore_patterns() -> list[str]:
    return all_botocore_patterns()


def test_every_botocore_pattern_translates_or_says_why(botocore_patterns: list[str]) -> None:
    translations = [translate(p) for p in botocore_patterns]
    translated = [t for t in translations if t.ecma is not None]
    kept = [t for t in translations if t.ecma is None]
    assert all(t.reason for t in kept) and all(t.reason is None for t in translated)
    assert len(translated) > 0.9 * len(translations)  # most are plain ASCII patterns
    assert [t.ecma for t in translated if t.ecma is None or python_re_problem(t.ecma)] == []
    answer = run_node("validate.js", {"patterns": [t.ecma for t in translated]})
    assert [(t.source, e) for t, e in zip(translated, answer["patterns"], strict=True) if e] == []


def java_verdicts(patterns: list[str]) -> list[str]:
    lines = [f"S {p.encode().hex()}" for p in PROBES] + [f"P {p.encode().hex()}" for p in patterns]
    result = subprocess.run(["java", str(JAVA_FIND)], input="\n".join(lines) + "\n",
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_translations_mean_what_java_means(botocore_patterns: list[str]) -> None:
    """Java's find(), Python's re.search and JavaScript's test (u) agree on every probe."""
    translated = [t for t in map(translate, [*FEATURES, *botocore_patterns]) if t.ecma is not None]
    assert {t.source for t in translated} >= set(FEATURES)
    java = java_verdicts([t.source for t in translated])
    python = ["".join("1" if re.search(t.ecma or "", s) else "0" for s in PROBES) for t in translated]
    javascript = run_node("validate.js", {"probe": PROBES, "patterns": [t.ecma for t in translated]})["probed"]
    differ = [(t.source, t.ecma, j, p, js) for t, j, p, js in zip(translated, java, python, javascript, strict=True)
              if not j == p == js]
    assert differ == []


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"\bword\b", "word boundary"),
        (r"(?m)^a", "inline flag 'm'"),
        (r"(?i)\p{L}", "under (?i)"),
        (r"\p{IsLatin}", "scripts, blocks"),
        (r"\p{InBasicLatin}", "scripts, blocks"),
        (r"a{2}{3}", "second quantifier"),
        (r"[a-z&&[^x]]", "intersection"),
        (r"[a-z[0-9]]", "nested set"),
        (r"(a)\1", "backreference"),
        (r"\uD800", "lone surrogate"),
        (r"(?<=a+)b", "Python re"),
    ],
)
def test_what_cannot_keep_its_meaning_goes_to_x_pattern(pattern: str, reason: str) -> None:
    result = translate(pattern)
    assert result.ecma is None and result.reason is not None and reason in result.reason
