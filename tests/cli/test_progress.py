"""The progress bar: on a terminal only, with total, rate and ETA, cleared before other lines."""

from __future__ import annotations

import io

import pytest

from paperparse._cli import progress
from paperparse._cli.progress import Progress
from paperparse._cli.report import Reporter
from paperparse._model import Location, Problem


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A clock the test moves by hand: ``clock[0]`` is now."""
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    monkeypatch.delenv("TERM", raising=False)
    return now


def test_the_line_has_total_share_rate_and_eta(clock: list[float]) -> None:
    bar = Progress(200, stream=Terminal())
    for _ in range(50):
        bar.step()
    assert bar.line(10.0) == (
        "50/200 pages  25% [######..................] 5.0 pages/s  ETA 0:00:30"
    )


def test_without_a_total_it_counts_and_gives_the_rate(clock: list[float]) -> None:
    bar = Progress(None, stream=Terminal())
    for _ in range(1234):
        bar.step()
    assert bar.line(2.0) == "1,234 pages  617.0 pages/s"


def test_it_waits_before_drawing_and_redraws_at_most_ten_times_a_second(
    clock: list[float],
) -> None:
    stream = Terminal()
    bar = Progress(10, stream=stream)
    bar.step()
    assert stream.getvalue() == ""  # a batch done at once needs no bar
    clock[0] += 1.0
    bar.step()
    drawn = stream.getvalue()
    assert drawn.startswith("\r\x1b[2K2/10 pages  20%")
    clock[0] += 0.01
    bar.step()
    assert stream.getvalue() == drawn


def test_never_drawn_into_a_pipe_or_a_dumb_terminal(
    clock: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe = io.StringIO()
    bar = Progress(3, stream=pipe)
    clock[0] += 5
    bar.step()
    assert pipe.getvalue() == ""
    monkeypatch.setenv("TERM", "dumb")
    dumb = Terminal()
    bar = Progress(3, stream=dumb)
    clock[0] += 5
    bar.step()
    assert dumb.getvalue() == ""


def test_a_problem_line_clears_the_bar_first(clock: list[float]) -> None:
    stream = Terminal()
    reporter = Reporter(stream=stream, progress=Progress(5, stream=stream))
    clock[0] += 1
    reporter.progress.step()
    problem = Problem("unresolved-year", "'Aug 1' has no year", Location(line=3))
    reporter.page("day.txt", [problem])
    drawn, _, rest = stream.getvalue().rpartition("\r\x1b[2K")
    assert drawn.startswith("\r\x1b[2K1/5 pages")
    assert rest == "day.txt: line 3: unresolved-year: 'Aug 1' has no year\n"
