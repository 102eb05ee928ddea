"""Command-line stage: the one error path. Every error prints one line,
``paperparse: <what>: <why>``, and gives its exit status."""

from __future__ import annotations

from typing import Final

EXIT_OK: Final = 0
EXIT_FAILED: Final = 1  # an input could not be read, an output written, or --strict failed
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130  # as shells report a command stopped by Ctrl-C


class CliError(Exception):
    """An error that ends the command: what failed, why, and the exit status."""

    def __init__(self, what: str, why: str, *, status: int = EXIT_FAILED) -> None:
        super().__init__(f"{what}: {why}")
        self.what = what
        self.why = why
        self.status = status

    def line(self) -> str:
        return f"paperparse: {self.what}: {self.why}"
