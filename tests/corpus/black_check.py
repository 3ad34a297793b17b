"""Every generated Python byte is what the pinned black makes of it (generator/format.py gives
black only the statements that can wrap; this checks the rest was already black's).

black formats each top-level definition independently of the others: before a top-level
``def``/``class`` (or its decorators) it always puts exactly two blank lines, and nothing
inside one depends on what is outside it. So a module is cut before each top-level definition
that no comment leads into, each piece is formatted by black, and the pieces are joined with
two blank lines: the same text black makes of the whole module (tests/test_format.py checks
whole modules directly), at the cost of many small black runs instead of one huge one, which
black does in time worse than linear.
"""

from __future__ import annotations

import ast

import black

from generator.format import black_mode


def pieces(text: str) -> list[str]:
    module = ast.parse(text)
    lines = text.splitlines(keepends=True)
    starts = [0]
    for statement in module.body[1:]:
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        first = min([statement.lineno, *(d.lineno for d in statement.decorator_list)]) - 1
        above = next((lines[i].strip() for i in range(first - 1, -1, -1) if lines[i].strip()), "")
        if not above.startswith("#"):
            starts.append(first)
    return ["".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)])]


def black_of(text: str) -> str:
    mode = black_mode()
    return "\n\n".join(black.format_str(piece, mode=mode) for piece in pieces(text))


def first_difference(ours: str, theirs: str) -> str:
    for number, (a, b) in enumerate(zip(ours.splitlines(), theirs.splitlines()), start=1):
        if a != b:
            return f"line {number}: {a.strip()[:80]!r} where black writes {b.strip()[:80]!r}"
    return f"{len(ours.splitlines())} lines where black writes {len(theirs.splitlines())}"
