"""Build a string that a model's ``pattern`` accepts, deterministically.

Model patterns are matched with *search* semantics: Smithy's ``@pattern`` is not
implicitly anchored, and neither is JSON Schema's ``pattern`` (both are ECMA-262
regular expressions), so a pattern such as ``[a-z]`` accepts ``"ContactId"``. Every
value built here is checked with ``re.search`` before it is returned.

The caller passes a model pattern as ``patterns.translate`` rewrites it for Python (Java's
meaning, Python's syntax); a pattern Python still cannot parse is reported as unparsable
and the caller falls back to a value without the pattern (see ``examples``).

The builder walks Python's own parse tree (``re._parser``): literals stay, a character
set takes the next character of a hint (the member name) that it accepts, else the
first of a preferred list, and repeats grow only as far as a minimum length needs.

Bounded work (``generator/limits.py``): a pattern whose groups nest deeper than
MAX_PATTERN_DEPTH is unparsable here; one whose shortest match is longer than
MAX_EXAMPLE_STRING, or whose building takes more than MAX_SAMPLE_STEPS steps, or whose
checks take more than PATTERN_CHECK_SECONDS (each of the two rounds: plain builds, then,
for a pattern with lookaheads, builds that spell them out) (Python's ``re`` backtracks: ``^(a+)+$`` is
exponential on a near miss), raises ``PatternTooComplex``, which the caller reports as bad input.
"""

from __future__ import annotations

import bisect
import re
import signal
import threading
import time
# The parser behind ``re``, under its 3.11+ name (``sre_parse`` is the deprecated alias).
import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.limits import (
    MAX_EXAMPLE_STRING,
    MAX_PATTERN_DEPTH,
    MAX_SAMPLE_STEPS,
    PATTERN_CHECK_BUDGET_SECONDS,
    PATTERN_CHECK_SECONDS,
)

# Tried, in this order, when the hint has no character a set accepts.
_PREFERRED = string.ascii_lowercase + string.ascii_uppercase + "1234567890" + "-_.:/ " + string.punctuation
# An unbounded repeat grows as far as a minimum length needs, up to the largest example string.
_UNBOUNDED_STEP = MAX_EXAMPLE_STRING

_CATEGORIES: dict[Any, Callable[[str], bool]] = {
    sre.CATEGORY_DIGIT: str.isdecimal,
    sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


class UnparsablePattern(ValueError):
    """Python's ``re`` cannot parse the (Java-dialect) pattern."""


class PatternTooComplex(ValueError):
    """No value can be built and checked within the limits; the message says why."""


class _Expired(Exception):
    pass


@dataclass(frozen=True, slots=True)
class LengthRange:
    min: int = 0
    max: int | None = None

    def holds(self, text: str) -> bool:
        return self.min <= len(text) and (self.max is None or len(text) <= self.max)

    def fit(self, text: str) -> str:
        """``text`` repeated up to the minimum length and cut to the maximum."""
        if not text:
            text = "x"
        wanted = max(self.min, len(text))
        if self.max is not None:
            wanted = min(wanted, self.max)
        return (text * (wanted // len(text) + 1))[:wanted]


def matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


@dataclass(slots=True)
class CheckBudget:
    """Seconds left for checking sampled values with ``re.search``, shared by a whole run's
    samples, so that many slow patterns cannot add up to an unbounded run."""

    seconds: float = PATTERN_CHECK_BUDGET_SECONDS


def sample(pattern: str, hint: str, lengths: LengthRange, budget: CheckBudget | None = None) -> str | None:
    """A string ``pattern`` accepts within ``lengths``, ``hint`` if that does; None if none was found.

    Raises ``UnparsablePattern`` when Python cannot parse the pattern, ``PatternTooComplex``
    when building or checking values costs more than the limits allow.
    """
    budget = budget or CheckBudget()
    try:
        compiled = re.compile(pattern)
        tree = sre_parse.parse(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        raise UnparsablePattern(f"{pattern!r}: {exc}") from None
    if _depth(tree) > MAX_PATTERN_DEPTH:
        raise UnparsablePattern(f"{pattern[:40]!r}...: groups nested deeper than {MAX_PATTERN_DEPTH}")
    shortest_match = tree.getwidth()[0]
    if shortest_match > MAX_EXAMPLE_STRING:
        raise PatternTooComplex(
            f"its shortest match is {shortest_match} characters, more than the {MAX_EXAMPLE_STRING} an example may hold"
        )
    steps = [MAX_SAMPLE_STEPS]  # shared by every build below
    # As long as the hint when the range allows (so repeats can spell it out), else the minimum.
    wanted = max(lengths.min, len(hint) if lengths.max is None else min(len(hint), lengths.max))

    def builds(emit_lookaheads: bool, text: str) -> list[str]:
        built = []
        for branch in range(3):  # which alternative of each ``a|b`` to take
            shortest = _Builder(text, 0, branch, steps, emit_lookaheads).build(tree)
            if len(shortest) < wanted:
                built.append(_Builder(text, wanted - len(shortest), branch, steps, emit_lookaheads).build(tree))
            built.append(shortest)
        return built

    # Plain builds first; only if none fits, builds that also spell out what each lookahead
    # wants (see ``_Builder``), with the hint as given and lower-cased.
    found = _first_match(compiled, [lengths.fit(hint), *builds(False, hint)], lengths, budget)
    if found is None and _has_lookahead(tree):
        found = _first_match(compiled, [*builds(True, hint), *builds(True, hint.lower())], lengths, budget)
    return found


def _first_match(compiled: re.Pattern[str], candidates: list[str], lengths: LengthRange, budget: CheckBudget) -> str | None:
    started = time.monotonic()
    deadline = started + min(PATTERN_CHECK_SECONDS, budget.seconds)
    try:
        for text in dict.fromkeys(candidates):  # each checked once
            if lengths.holds(text) and _search(compiled, text, deadline):
                return text
        return None
    finally:
        budget.seconds -= time.monotonic() - started


def _has_lookahead(tree: Any) -> bool:
    """Whether the parse tree holds a positive lookahead anywhere (without recursion)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        for item in node if isinstance(node, (list, tuple, sre_parse.SubPattern)) else ():
            if isinstance(item, tuple) and len(item) == 2 and item[0] is sre.ASSERT and item[1][0] == 1:
                return True
            if isinstance(item, (list, tuple, sre_parse.SubPattern)):
                stack.append(item)
    return False


def _depth(tree: Any) -> int:
    """How deep the parse tree's groups, repeats and branches nest (without recursion)."""
    deepest = 0
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        for item in node if isinstance(node, (list, tuple, sre_parse.SubPattern)) else ():
            if isinstance(item, (list, tuple, sre_parse.SubPattern)):
                stack.append((item, depth + isinstance(item, sre_parse.SubPattern)))
    return deepest


_TOO_SLOW = (
    f"checking values against it took more than {PATTERN_CHECK_SECONDS} s, or the run's patterns more than "
    f"{PATTERN_CHECK_BUDGET_SECONDS} s in all (catastrophic backtracking)"
)


def _search(compiled: re.Pattern[str], text: str, deadline: float) -> bool:
    """``compiled.search(text)``, given up at ``deadline`` (re checks for signals while it
    backtracks). Off the main thread no timer can be set, and a timer someone else armed is
    left alone: then the check runs unbounded."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise PatternTooComplex(_TOO_SLOW)
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0
    ):
        return compiled.search(text) is not None

    def expire(signum: int, frame: Any) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, left)
    try:
        return compiled.search(text) is not None
    except _Expired:
        raise PatternTooComplex(_TOO_SLOW) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Builder:
    """Builds one value from the parse tree.

    With ``emit_lookaheads``, a positive lookahead's own text is written where it stands,
    before what follows it: ``^arn:(?=[^:]+:fsx:...)(...){4}.*$`` and password rules such as
    ``(?=.*\\d)(?=.*[A-Z])^.*`` are then met by a value the rest of the pattern absorbs, which
    a lookahead that only constrains (and so adds nothing) never is.
    """

    def __init__(self, hint: str, extra: int, branch: int, steps: list[int], emit_lookaheads: bool = False) -> None:
        self._emit_lookaheads = emit_lookaheads
        self._steps = steps
        self._hint = hint or "x"
        self._cursor = 0
        self._extra = extra  # characters still wanted beyond the shortest match
        self._branch = branch
        self._groups: dict[int, str] = {}
        self._sets: dict[int, tuple[Callable[[str], bool], str]] = {}  # by id of the set's items

    def build(self, items: Any) -> str:
        self._step()  # also for an empty group, which a repeat may build two billion times
        return "".join(self._item(op, av) for op, av in items)

    def _step(self) -> None:
        self._steps[0] -= 1
        if self._steps[0] < 0:
            raise PatternTooComplex(f"building a value takes more than {MAX_SAMPLE_STEPS} steps")

    def _item(self, op: Any, av: Any) -> str:
        self._step()
        if op is sre.LITERAL:
            return chr(av)
        if op is sre.NOT_LITERAL:
            return self._char(lambda c: c != chr(av))
        if op is sre.ANY:
            return self._char(lambda c: c != "\n")
        if op is sre.IN:
            if id(av) not in self._sets:  # the predicate, and its first acceptable character
                accepts = _set_predicate(av)
                self._sets[id(av)] = (accepts, self._fallback(accepts))
            accepts, fallback = self._sets[id(av)]
            return self._char(accepts, fallback)
        if op is sre.BRANCH:
            alternatives = av[1]
            return self.build(alternatives[min(self._branch, len(alternatives) - 1)])
        if op is sre.SUBPATTERN:
            group, _, _, items = av
            text = self.build(items)
            if group is not None:
                self._groups[group] = text
            return text
        if op is sre.ATOMIC_GROUP:
            return self.build(av)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            return self._repeat(*av)
        if op is sre.GROUPREF:
            return self._groups.get(av, "")
        if op is sre.GROUPREF_EXISTS:
            group, yes, no = av
            return self.build(yes if group in self._groups or no is None else no)
        if op is sre.CATEGORY:
            return self._char(_CATEGORIES.get(av, lambda c: True))
        if op is sre.ASSERT and av[0] == 1:
            # A lookahead takes no characters, but its captures count: the translation of a
            # possessive ``X*+`` is ``(?=(X*))\1``.
            text = self.build(av[1])
            return text if self._emit_lookaheads else ""
        return ""  # anchors and lookarounds take no characters; the final check judges

    def _repeat(self, low: int, high: int, items: Any) -> str:
        parts = [self.build(items) for _ in range(low)]
        limit = high if high != sre.MAXREPEAT else low + _UNBOUNDED_STEP
        while self._extra > 0 and len(parts) < limit:
            part = self.build(items)
            if not part:
                break
            parts.append(part)
            self._extra -= len(part)
        return "".join(parts)

    def _char(self, accepts: Callable[[str], bool], fallback: str | None = None) -> str:
        wanted = self._hint[self._cursor % len(self._hint)]
        self._cursor += 1
        for c in (wanted, wanted.lower(), wanted.upper()):
            if accepts(c):
                return c
        return self._fallback(accepts) if fallback is None else fallback

    @staticmethod
    def _fallback(accepts: Callable[[str], bool]) -> str:
        for c in _PREFERRED:
            if accepts(c):
                return c
        for code in range(0x21, 0x3000):
            if accepts(chr(code)):
                return chr(code)
        return "x"


def _never(c: str) -> bool:
    return False


def _set_predicate(items: list[tuple[Any, Any]]) -> Callable[[str], bool]:
    negate = any(op is sre.NEGATE for op, _ in items)
    ranges = sorted((av, av) if op is sre.LITERAL else tuple(av) for op, av in items if op in (sre.LITERAL, sre.RANGE))
    lows = [low for low, _ in ranges]
    # Highest end among the ranges starting at or before each one (ranges may overlap).
    reach = [high for _, high in ranges]
    for i in range(1, len(reach)):
        reach[i] = max(reach[i], reach[i - 1])
    tests = [_CATEGORIES.get(av, _never) for op, av in items if op is sre.CATEGORY]

    def accepts(c: str) -> bool:
        index = bisect.bisect_right(lows, ord(c)) - 1
        return (index >= 0 and reach[index] >= ord(c) or any(t(c) for t in tests)) != negate

    return accepts
