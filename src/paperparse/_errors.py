"""The library's one exception root."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model import Problem


class ParseError(ValueError):
    """Input that is not a papers listing at all, or a listing with problems in strict mode.

    Carries the source name, the line (text) or path (JSON pointer / element path) where the
    trouble is, and in strict mode the problems that triggered it. Picklable.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        path: str | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        where = ", ".join(
            part
            for part in (
                source,
                f"line {line}" if line is not None else None,
                path,
            )
            if part
        )
        super().__init__(f"{message} ({where})" if where else message)
        self.message = message
        self.source = source
        self.line = line
        self.path = path
        self.problems: tuple[Problem, ...] = tuple(problems)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (self.message, self.source, self.line, self.path, self.problems),
        )


def _rebuild(
    message: str,
    source: str | None,
    line: int | None,
    path: str | None,
    problems: tuple[Problem, ...],
) -> ParseError:
    return ParseError(message, source=source, line=line, path=path, problems=problems)
