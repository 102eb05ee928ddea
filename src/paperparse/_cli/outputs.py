"""Command-line stage: where the results go, and in which format.

An output file is written beside its target and renamed over it once whole: a run that
fails or is interrupted leaves the previous file as it was, never a cut one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Final, TextIO, cast

from .errors import CliError

# The format an output's extension asks for (case does not matter).
PARSE_FORMATS: Final = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
MERGE_FORMATS: Final = {
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def chosen_format(
    output: str | None, given: str | None, formats: Mapping[str, str], *, default: str
) -> str:
    """``--format`` when given, else the one the output's extension names, else
    ``default`` for standard output (and a device or a pipe, which no extension names). An
    extension that names none is a usage error."""
    if given is not None:
        return given
    if output is None or output == "-" or _is_special(Path(output)):
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
    """A text file written beside ``target`` and renamed over it once whole.

    A target that is no regular file (``/dev/stdout``, a named pipe, ``/dev/full``) is
    written to directly: renaming over a device would replace the device.
    """
    if _is_special(target):
        yield from _writing(target)
        return
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
            "w",
            encoding="utf-8",
            newline="",
            dir=target.parent,
            prefix=f".{target.name}.",
            suffix=".partial",
            delete=False,
        )
    except OSError as exc:
        raise CliError(f"cannot write {target}", exc.strerror or str(exc)) from exc
    try:
        with handle:
            yield cast(TextIO, handle)  # a text file; typeshed names its wrapper apart
        os.replace(handle.name, target)
    except BaseException as exc:
        Path(handle.name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CliError(f"cannot write {target}", exc.strerror or str(exc)) from exc
        raise


def _is_special(path: Path) -> bool:
    """An output that exists and is no regular file: a device, a pipe, a terminal."""
    try:
        return path.exists() and not path.is_file()
    except OSError:
        return False


def _writing(target: Path) -> Iterator[TextIO]:
    try:
        with target.open("w", encoding="utf-8", newline="") as handle:
            yield handle
    except OSError as exc:
        raise CliError(f"cannot write {target}", exc.strerror or str(exc)) from exc
