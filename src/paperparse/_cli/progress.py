"""A progress bar on standard error, for people watching a long batch in a terminal.

It is drawn only on a terminal (never into a pipe or a file), only once a batch has run for
a moment, and it is cleared before any other line is printed, so that a problem line never
glues onto it. The clock it reads is for the display alone: results never depend on it.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Final, TextIO

SHOWN_AFTER: Final = 0.5  # seconds: a batch done before this needs no bar
REDRAW_EVERY: Final = 0.1  # seconds between redraws
BAR_WIDTH: Final = 24
_CLEAR_LINE: Final = "\r\x1b[2K"


class Progress:
    """Counts pages; draws ``done/total, percent, bar, rate, ETA`` when it may."""

    def __init__(
        self, total: int | None = None, *, stream: TextIO | None = None, enabled: bool = True
    ) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.count = 0
        self.enabled = enabled and _is_terminal(self.stream)
        self._started = time.monotonic()
        self._drawn_at = 0.0
        self._shown = False

    def step(self) -> None:
        self.count += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._started >= SHOWN_AFTER and now - self._drawn_at >= REDRAW_EVERY:
            self._drawn_at = now
            self._shown = True
            self.stream.write(_CLEAR_LINE + self.line(now - self._started))
            self.stream.flush()

    def clear(self) -> None:
        """Wipe the bar, so that the next line starts at the left margin."""
        if self._shown:
            self.stream.write(_CLEAR_LINE)
            self.stream.flush()
            self._shown = False
            self._drawn_at = 0.0  # redraw at the next step

    def line(self, elapsed: float) -> str:
        """The bar's text after ``elapsed`` seconds."""
        rate = self.count / elapsed if elapsed > 0 else 0.0
        speed = f"{rate:,.1f} pages/s"
        if not self.total:
            return f"{self.count:,} pages  {speed}"
        share = min(self.count / self.total, 1.0)
        filled = round(share * BAR_WIDTH)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        left = (self.total - self.count) / rate if rate > 0 else None
        eta = "" if left is None else f"  ETA {_clock(left)}"
        return f"{self.count:,}/{self.total:,} pages {share:4.0%} [{bar}] {speed}{eta}"


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except ValueError:  # a closed stream
        return False
