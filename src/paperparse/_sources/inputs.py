"""Source stage for batches: expand files, folders, archives and stdin into named inputs."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Final

import attrs

from .._bounds import MAX_INPUT_BYTES
from .._model import ParseError
from .bundles import Member, bundle_kind, file_bundle_kind, members
from .crawls import warc_records
from .loading import PAGE_SUFFIXES

ARCHIVE_SUFFIXES: Final = (
    ".zip",
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tar.xz",
    ".warc",
    ".warc.gz",
)


@attrs.frozen
class Input:
    """One document to parse: a path to read, or bytes already read (stdin, archives)."""

    name: str
    path: Path | None = None
    data: bytes | None = None


def expand(paths: Iterable[str], *, pattern: str | None = None) -> Iterator[Input | ParseError]:
    """Each argument as inputs: a file, every page in a folder or archive, or stdin for "-"."""
    for argument in paths:
        if argument == "-":
            yield from _stdin_inputs(pattern)
            continue
        path = Path(argument)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and _wanted(found.name, pattern):
                    yield from _file_inputs(found, pattern)
        elif path.is_file():
            yield from _file_inputs(path, pattern)
        else:
            yield ParseError("no such file or folder", source=argument)


def _wanted(name: str, pattern: str | None) -> bool:
    if name.startswith("."):
        return False
    if name.lower().endswith(ARCHIVE_SUFFIXES):
        return True
    if pattern is not None:
        return fnmatch.fnmatch(name, pattern)
    return os.path.splitext(name)[1].lower() in PAGE_SUFFIXES


def _file_inputs(path: Path, pattern: str | None) -> Iterator[Input | ParseError]:
    name = path.name.lower()
    wanted = partial(_wanted, pattern=pattern)
    if name.endswith((".warc", ".warc.gz")):
        for record in warc_records(path, max_bytes=MAX_INPUT_BYTES):
            if isinstance(record, ParseError):
                yield record
            else:
                yield Input(record.name, data=record.body)
    elif kind := ("zip" if name.endswith(".zip") else None) or file_bundle_kind(path):
        yield from _as_inputs(members(path, str(path), kind, wanted))
    elif name.endswith(ARCHIVE_SUFFIXES):  # a .tar.gz that is no tar: tarfile says why
        yield from _as_inputs(members(path, str(path), "tar", wanted))
    else:
        yield Input(str(path), path=path)


def _stdin_inputs(pattern: str | None) -> Iterator[Input | ParseError]:
    """Standard input: one page, or an archive of them (``tar c pages | paperparse parse -``)."""
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    kind = bundle_kind(data)
    if kind is not None:
        yield from _as_inputs(members(data, "<stdin>", kind, partial(_wanted, pattern=pattern)))
    else:
        yield Input("<stdin>", data=data)


def _as_inputs(found: Iterator[Member]) -> Iterator[Input | ParseError]:
    for member in found:
        yield member if isinstance(member, ParseError) else Input(member[0], data=member[1])
