"""Output stage: a file written whole or not at all.

The text goes to a temporary file beside the target, which is renamed over it once whole:
an interrupted or failed run leaves the previous file as it was, never a cut one. The new
file gets the mode the old one had, or for a new file what the umask allows, not the
temporary file's private 0600.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO, cast


@contextmanager
def replacing(target: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text file to write; on leaving the block it becomes ``target``. Raises ``OSError``.

    A target that is no regular file (``/dev/stdout``, a named pipe, ``/dev/full``) is
    written to directly: renaming over a device would replace the device.
    """
    with replacing_binary(target) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        yield text
        text.flush()
        text.detach()


@contextmanager
def replacing_binary(target: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """``replacing`` for bytes (a Parquet file)."""
    path = Path(target)
    if is_special(path):
        with path.open("wb") as handle:
            yield handle
        return
    partial = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        "wb", dir=path.parent, prefix=f".{path.name}.", suffix=".partial", delete=False
    )
    try:
        with partial:
            yield cast(BinaryIO, partial)  # a binary file; typeshed names its wrapper apart
        os.chmod(partial.name, _mode_for(path))
        os.replace(partial.name, path)
    except BaseException:
        Path(partial.name).unlink(missing_ok=True)
        raise


def is_special(path: Path) -> bool:
    """An output that exists and is no regular file: a device, a pipe, a terminal."""
    try:
        return path.exists() and not path.is_file()
    except OSError:
        return False


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777  # the file replaced keeps what it allowed
    except FileNotFoundError:
        umask = os.umask(0)  # read it: there is no other way than setting it back
        os.umask(umask)
        return 0o666 & ~umask
