"""Source stage for batches: expand files, folders, archives and stdin into named inputs."""

from __future__ import annotations

import fnmatch
import gzip
import os
import re
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Final, cast

import attrs

from .._model import ParseError
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
        yield from _warc_records(path)
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


# A crawl's records worth parsing: responses for the Hub's paper pages and paper API.
_PAPERS_URI: Final = re.compile(
    r"\Ahttps?://(?:www\.)?(?:huggingface|hf)\.co/(?:papers|api/)", re.IGNORECASE
)


def _warc_records(path: Path) -> Iterator[Input | ParseError]:
    """The paper pages a web crawl (WARC, plain or gzip) captured, one input per response.

    Records are read one at a time, each within ``MAX_MEMBER_BYTES``; the HTTP headers are
    dropped and a chunked body is put back together (a gzip body is inflated by ``parse``).
    """
    try:
        handle = _open_warc(path)
    except OSError as exc:
        yield ParseError(f"cannot open archive: {exc}", source=str(path))
        return
    with handle:
        try:
            while (headers := _warc_headers(handle)) is not None:
                length = int(headers.get("content-length", "0"))
                if length < 0:
                    raise ValueError("a WARC record of negative length")
                uri = headers.get("warc-target-uri", "").strip("<> ")
                wanted = headers.get("warc-type") == "response" and _PAPERS_URI.match(uri)
                name = f"{path}:{uri}"
                if wanted and length > MAX_MEMBER_BYTES:
                    yield ParseError("archive record too large", source=name)
                if not wanted or length > MAX_MEMBER_BYTES:
                    _skip(handle, length)
                    continue
                body = _http_body(handle.read(length))
                if body is not None:
                    yield Input(name, data=body)
        except (OSError, EOFError, ValueError, zlib.error) as exc:
            yield ParseError(f"cannot read archive: {exc}", source=str(path))


def _open_warc(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):  # gzip members one after another: one stream
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _warc_headers(handle: IO[bytes]) -> dict[str, str] | None:
    """The next record's named headers (lower-case names), or None at the end."""
    line = handle.readline(_HEADER_LINE_MAX)
    while line in (b"\r\n", b"\n"):  # the blank lines that end the record before
        line = handle.readline(_HEADER_LINE_MAX)
    if not line:
        return None
    if not line.startswith(b"WARC/"):
        raise ValueError("not a WARC record")
    headers: dict[str, str] = {}
    for _ in range(_HEADERS_MAX):
        line = handle.readline(_HEADER_LINE_MAX)
        if line in (b"\r\n", b"\n", b""):
            return headers
        key, _, value = line.decode("utf-8", errors="replace").partition(":")
        headers[key.strip().lower()] = value.strip()
    raise ValueError("a WARC record with too many headers")


def _skip(handle: IO[bytes], length: int) -> None:
    while length > 0:
        chunk = handle.read(min(length, 1 << 20))
        if not chunk:
            return
        length -= len(chunk)


def _http_body(payload: bytes) -> bytes | None:
    """An HTTP response's body: after its headers, de-chunked when it was sent in chunks."""
    head, separator, body = payload.partition(b"\r\n\r\n")
    if not separator or not head.startswith(b"HTTP/"):
        return None
    if b" 200 " not in head.split(b"\r\n", 1)[0] + b" ":
        return None  # redirects and errors hold no page
    if re.search(rb"(?im)^transfer-encoding:[ \t]*chunked", head):
        return _dechunk(body)
    return body


def _dechunk(body: bytes) -> bytes:
    parts = []
    position = 0
    while position < len(body):
        end = body.find(b"\r\n", position)
        if end < 0:
            break
        try:
            size = int(body[position:end].split(b";")[0] or b"0", 16)
        except ValueError:
            break  # a broken chunk header: keep what came before it
        if size <= 0:
            break
        parts.append(body[end + 2 : end + 2 + size])
        position = end + 2 + size + 2
    return b"".join(parts)


_HEADER_LINE_MAX: Final = 64 * 1024
_HEADERS_MAX: Final = 1000
