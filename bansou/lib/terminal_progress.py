"""A one-line progress bar for commands run on a terminal: rows done of rows in all and an
estimate of the time left, redrawn in place with a carriage return. Nothing is written when
the stream is not a terminal (a pipe, a log file, cron), so scripted output stays unchanged."""

from __future__ import annotations

import time
from collections.abc import Callable

WIDTH = 24  # characters of the bar itself


def _bar(fraction: float) -> str:
    filled = int(WIDTH * fraction)
    return "[" + "#" * filled + "-" * (WIDTH - filled) + "]"


def line(done: int, total: int | None, elapsed: float) -> str:
    """The text of the line: `[####----] 1,200 / 4,800 rows (25%), about 9 s left`."""
    if not total:
        return f"{done:,} rows"
    total = max(total, done)
    fraction = done / total
    text = f"{_bar(fraction)} {done:,} / {total:,} rows ({int(fraction * 100)}%)"
    if 0 < done < total and elapsed > 0:
        text += f", about {int(elapsed / done * (total - done)) + 1} s left"
    return text


class TerminalProgress:
    """progress(done, total) as the import engine calls it after each batch."""

    EVERY = 0.2  # seconds between two redraws

    def __init__(self, stream, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.enabled = bool(getattr(stream, "isatty", None) and stream.isatty())
        self.clock = clock
        self.started = clock()
        self.drawn = None  # when the line was last drawn
        self.width = 0

    def __call__(self, done: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if self.drawn is not None and now - self.drawn < self.EVERY:
            return
        self.drawn = now
        self._draw(line(done, total, now - self.started))

    def _draw(self, text: str) -> None:
        # Spaces wipe what a longer previous line left on the terminal.
        padding = " " * max(0, self.width - len(text))
        self.width = len(text)
        self._write("\r" + text + padding)

    def _write(self, text: str) -> None:
        if hasattr(self.stream, "ending"):  # a command's OutputWrapper adds its own newline
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()

    def finish(self) -> None:
        """End the line (the command's own output follows on the next one)."""
        if self.enabled and self.drawn is not None:
            self._write("\n")
