"""Command-line stage: what a batch says on standard error, and its exit status.

* A problem line is ``source: line N: code: message``. Repeats of one code in one input
  are one line, with how many there were and where the first ones stood.
* An input that could not be read is ``paperparse: source: why`` and fails the run.
* Files a walk passed over (not pages by name or by content) are one summary line.
* ``--ignore CODE`` leaves a code out of all of it, ``--strict`` included.
* ``--problems-json`` prints every problem, error and skipped file as a JSON line.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Collection, Sequence
from typing import Final, TextIO

from .._model import Problem
from .._sources.named import Skipped
from .errors import EXIT_FAILED, EXIT_OK
from .progress import Progress

SKIPPED_NAMED: Final = 3  # skipped files the summary line names; the rest are counted
LINES_NAMED: Final = 5  # locations a collapsed problem line names


class Reporter:
    """Reports one batch on standard error and keeps its exit status."""

    def __init__(
        self,
        *,
        ignore: Collection[str] = (),
        quiet: bool = False,
        as_json: bool = False,
        strict: bool = False,
        progress: Progress | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self.ignore = frozenset(ignore)
        self.quiet = quiet
        self.as_json = as_json
        self.strict = strict
        self.progress = progress or Progress(enabled=False)
        self.stream = stream or sys.stderr
        self.status = EXIT_OK
        self.pages = 0
        self.failed = 0
        self.skipped: list[Skipped] = []

    def page(self, source: str | None, problems: Sequence[Problem]) -> bool:
        """Report a page's problems; whether it passes (``--strict``: no problem left)."""
        self.progress.step()
        kept = [problem for problem in problems if problem.code not in self.ignore]
        if not self.quiet:
            for line in self._problem_lines(source, kept):
                self._print(line)
        if self.strict and kept:
            self.failed += 1
            self.status = EXIT_FAILED
            self._print_error(
                source, "has-problems", f"--strict: {len(kept)} problem(s), the page is left out"
            )
            return False
        self.pages += 1
        return True

    def error(
        self, source: str | None, code: str, message: str, *, line: int | None = None
    ) -> None:
        """An input that could not be read, or is no papers page: it fails the run."""
        self.progress.step()
        self.failed += 1
        self.status = EXIT_FAILED
        self._print_error(source, code, message, line=line)

    def skip(self, skipped: Skipped) -> None:
        self.skipped.append(skipped)
        if self.as_json:
            record = {"kind": "skipped", "source": skipped.name, "by": skipped.by,
                      "reason": skipped.reason}  # fmt: skip
            self._print(json.dumps(record, ensure_ascii=False))

    def finish(self) -> int:
        """The closing lines: what was skipped, a run that found no pages; the status."""
        self.progress.clear()
        if self.skipped and not self.as_json and (not self.quiet or self.strict):
            self._print(self._skipped_line())
        if self.skipped and self.strict:
            self.status = EXIT_FAILED
        if self.pages == 0 and self.failed == 0:
            self._print("paperparse: no pages found in the inputs given")
            self.status = EXIT_FAILED
        return self.status

    def _problem_lines(self, source: str | None, problems: Sequence[Problem]) -> list[str]:
        if self.as_json:
            return [
                json.dumps({"kind": "problem", "source": source, **problem.to_dict()},
                           ensure_ascii=False)
                for problem in problems
            ]  # fmt: skip
        by_code: dict[str, list[Problem]] = {}
        for problem in problems:
            by_code.setdefault(problem.code, []).append(problem)
        return [_collapsed(source, repeats) for repeats in by_code.values()]

    def _print_error(
        self, source: str | None, code: str, message: str, *, line: int | None = None
    ) -> None:
        if self.as_json:
            record = {"kind": "error", "source": source, "code": code, "message": message,
                      "line": line}  # fmt: skip
            self._print(json.dumps(record, ensure_ascii=False))
        else:
            where = f", line {line}" if line is not None else ""
            self._print(f"paperparse: {source or '<input>'}{where}: {message}")

    def _skipped_line(self) -> str:
        names = ", ".join(skipped.name for skipped in self.skipped[:SKIPPED_NAMED])
        more = len(self.skipped) - SKIPPED_NAMED
        named = f"{names}, and {more} more" if more > 0 else names
        reasons = Counter(f"by {skipped.by}" for skipped in self.skipped)
        why = ", ".join(f"{count} {reason}" for reason, count in reasons.most_common())
        ending = " (--strict: this fails the run)" if self.strict else ""
        count = len(self.skipped)
        return f"paperparse: skipped {count} file(s) that are not pages ({why}): {named}{ending}"

    def _print(self, line: str) -> None:
        self.progress.clear()
        print(line, file=self.stream, flush=True)


def _collapsed(source: str | None, repeats: Sequence[Problem]) -> str:
    """One line for every problem of one code in one input: how many, where, the first."""
    first = repeats[0]
    total = sum(problem.count for problem in repeats)
    if total == 1:
        return f"{source}: {first}"
    where = ", ".join(str(problem.location) for problem in repeats[:LINES_NAMED])
    if len(repeats) > LINES_NAMED:
        where += ", ..."
    return f"{source}: {first.code}: {total} times ({where}); the first: {first.message}"
