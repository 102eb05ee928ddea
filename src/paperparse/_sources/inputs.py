"""Source stage for batches: expand files, folders, archives and stdin into named inputs."""

from __future__ import annotations

import fnmatch
import os
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

import attrs

from .._model import ParseError
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
# An archive member larger than this is skipped with an error rather than read into memory.
MAX_MEMBER_BYTES: Final = 256 * 1024 * 1024


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
            yield Input("<stdin>", data=sys.stdin.buffer.read())
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
    if name.endswith(".zip"):
        yield from _zip_members(path, pattern)
    elif name.endswith((".warc", ".warc.gz")):
        for record in warc_records(path, max_bytes=MAX_MEMBER_BYTES):
            if isinstance(record, ParseError):
                yield record
            else:
                yield Input(record.name, data=record.body)
    elif name.endswith(ARCHIVE_SUFFIXES):
        yield from _tar_members(path, pattern)
    else:
        yield Input(str(path), path=path)


def _zip_members(path: Path, pattern: str | None) -> Iterator[Input | ParseError]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        yield ParseError(f"cannot open archive: {exc}", source=str(path))
        return
    with archive:
        for member in archive.infolist():
            name = f"{path}:{member.filename}"
            if member.is_dir() or not _wanted(os.path.basename(member.filename), pattern):
                continue
            if member.file_size > MAX_MEMBER_BYTES:
                yield ParseError("archive member too large", source=name)
                continue
            try:
                yield Input(name, data=archive.read(member))
            except (OSError, zipfile.BadZipFile, EOFError) as exc:
                yield ParseError(f"cannot read archive member: {exc}", source=name)


def _tar_members(path: Path, pattern: str | None) -> Iterator[Input | ParseError]:
    try:
        archive = tarfile.open(path)  # noqa: SIM115 - closed by the `with` below
    except (OSError, tarfile.TarError) as exc:
        yield ParseError(f"cannot open archive: {exc}", source=str(path))
        return
    with archive:
        try:
            for member in archive:
                name = f"{path}:{member.name}"
                if not member.isfile() or not _wanted(os.path.basename(member.name), pattern):
                    continue
                if member.size > MAX_MEMBER_BYTES:
                    yield ParseError("archive member too large", source=name)
                    continue
                handle = archive.extractfile(member)  # reads the member only, never to disk
                if handle is not None:
                    yield Input(name, data=handle.read())
        except (OSError, tarfile.TarError, EOFError) as exc:
            yield ParseError(f"cannot read archive: {exc}", source=str(path))
