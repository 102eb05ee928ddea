"""Command-line stage: where the results go, and in which format."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Final, TextIO

from .._batch.atomic import is_special
from .errors import CliError

# The format an output's extension asks for (case does not matter).
PARSE_FORMATS: Final = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
}
MERGE_FORMATS: Final = {
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
}


def chosen_format(
    output: str | None, given: str | None, formats: Mapping[str, str], *, default: str
) -> str:
    """``--format`` when given, else the one the output's extension names, else
    ``default`` for standard output (and a device or a pipe, which no extension names). An
    extension that names none is a usage error."""
    if given is not None:
        return given
    if output is None or output == "-" or is_special(Path(output)):
        return default
    extension = os.path.splitext(output)[1].lower()
    if extension not in formats:
        known = ", ".join(sorted(formats))
        raise CliError(
            "usage",
            f"-o {output}: no format for {extension or 'a name without an extension'!r} "
            f"(known: {known}); give --format",
            status=2,
        )
    return formats[extension]


@contextmanager
def replacing(target: Path) -> Iterator[TextIO]:
    """The output file, written whole or not at all (``_batch.atomic``); an error writing it
    is one line."""
    from .._batch.atomic import replacing as atomic

    try:
        with atomic(target) as out:
            yield out
    except OSError as exc:
        raise CliError(f"cannot write {target}", exc.strerror or str(exc)) from exc
