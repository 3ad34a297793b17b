"""What a run shows while it works, on stderr.

``auto`` (the default) draws one tqdm bar over the targets when stderr is a terminal and CI
is not set, and shows nothing otherwise, so logs and captured output hold only the result
line. ``lines`` prints one plain line per finished target (for a long run's log), ``none``
nothing. tqdm is imported only when a bar is drawn.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Protocol, TextIO

CHOICES = ("auto", "lines", "none")


class Progress(Protocol):
    def start(self, total: int, done: int) -> None: ...

    def stage(self, text: str) -> None: ...

    def finished(self, name: str, how: str) -> None: ...

    def close(self) -> None: ...


class Silent:
    def start(self, total: int, done: int) -> None:
        pass

    def stage(self, text: str) -> None:
        pass

    def finished(self, name: str, how: str) -> None:
        pass

    def close(self) -> None:
        pass


class Lines(Silent):
    """``shapegen: [3/17] sts: rendered`` for each target as it is done."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._total = self._done = 0

    def start(self, total: int, done: int) -> None:
        self._total, self._done = total, done

    def finished(self, name: str, how: str) -> None:
        self._done += 1
        print(f"shapegen: [{self._done}/{self._total}] {name}: {how}", file=self._stream, flush=True)


class Bar(Silent):
    """One bar over the targets; the target or stage being worked on beside it. The bar is
    cleared when the run ends, leaving the result line alone."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._bar: Any = None

    def start(self, total: int, done: int) -> None:
        import tqdm

        tqdm.tqdm.monitor_interval = 0  # no monitor thread: workers may be forked while the bar is up
        self._bar = tqdm.tqdm(
            total=total, initial=done, unit="target", desc="shapegen", file=self._stream, leave=False,
            dynamic_ncols=True,
        )

    def stage(self, text: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(text)

    def finished(self, name: str, how: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(f"{name}: {how}", refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def wants_bar(stream: TextIO) -> bool:
    """A bar only on a terminal, and never in CI (whose logs keep every redraw)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("CI")


def progress(choice: str = "auto", stream: TextIO | None = None) -> Progress:
    stream = stream if stream is not None else sys.stderr
    if choice == "auto" and wants_bar(stream):
        return Bar(stream)
    return Lines(stream) if choice == "lines" else Silent()
