"""What this machine itself gains from a second process, at this moment: the ceiling any
two-worker figure is read against (a pure-Python loop, one process, then two at once)."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Final

_SPIN: Final = "total = 0\nfor i in range(3_000_000):\n    total += i * i % 7\n"


def spin_pair() -> tuple[float, float]:
    """Seconds for one process running the loop, then for two running it at once."""
    return _together(1), _together(2)


def _together(count: int) -> float:
    start = time.perf_counter()
    running = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(count)]
    for process in running:
        process.wait()
    return time.perf_counter() - start
