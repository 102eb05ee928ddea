"""Source stage for batches: a crawl (WARC) walked record by record in Python, strictly, where
FastWARC is lenient: what is wrong with a record, and where the next record starts.

FastWARC reads the crawl; this walk runs only where it cannot tell: after FastWARC stops (at
damage, or at the end, to check that the last record is whole and nothing follows it) and to
find the first record of a byte range. Each walk is short (a record or two) or linear.
"""

from __future__ import annotations

import gzip
import re
import zlib
from typing import BinaryIO, Final, Protocol

from .._bounds import WARC_HEADER_LINE_BYTES as HEADER_LINE_MAX
from .._bounds import WARC_HEADERS as HEADERS_MAX
from .._model import ParseError
from .crawl_payloads import damage

# A Content-Length: ASCII digits only (int() would take "+5", "1_000" and other scripts'
# digits), and few enough of them that int() never refuses the string.
_LENGTH: Final = re.compile(r"[0-9]{1,20}\Z")
_BLOCK: Final = 1 << 20
_SHORT: Final = 256
_BLANK: Final = b"\r\n"
# A record's first line in a plain crawl, after the line break that ends the one before it.
_PLAIN_MARK: Final = b"\nWARC/1."
# The line a record starts with: its WARC version, and nothing after it.
_VERSION_LINE: Final = re.compile(rb"WARC/1\.[0-9]\r?\n")
# A gzip member's first bytes: the magic and deflate, the only method gzip has.
_GZIP_MARK: Final = b"\x1f\x8b\x08"
# How much of a member is inflated to see whether it starts a record.
_GZIP_LOOK: Final = 64 * 1024


class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def is_length(value: str | None) -> bool:
    """Whether a Content-Length is a number of bytes (FastWARC takes "+5" and reads "-5" as 0)."""
    return value is not None and _LENGTH.match(value) is not None


def first_damage(
    handle: BinaryIO, position: int, *, packed: bool, source: str
) -> ParseError | None:
    """What is wrong with the crawl from the record at ``position`` (as stored) to its end."""
    handle.seek(position)
    stream: _Readable = gzip.GzipFile(fileobj=handle, mode="rb") if packed else handle
    reader, place = _Stream(stream), _Place(position, packed)
    while True:
        problem = _one_record(reader, place, source)
        if problem is not None or reader.at_end:
            return problem


def next_record(handle: BinaryIO, position: int, *, source: str) -> int | ParseError | None:
    """Where the record after the one at byte ``position`` of a plain crawl starts, past any
    run of CRs and LFs (FastWARC takes whole blank lines only); None at the end."""
    handle.seek(position)
    reader = _Stream(handle)
    problem = _one_record(reader, _Place(position, False), source)
    if problem is not None:
        return problem
    return None if reader.at_end else position + reader.offset


def _one_record(reader: _Stream, place: _Place, source: str) -> ParseError | None:
    """Past the next record (and the blank lines after it), or what is wrong with it."""
    try:
        if not reader.skip_blank_lines():
            return None
        where = place(reader.offset)
        headers = read_headers(reader, where, source)
        name = record_name(source, headers)
        length = content_length(headers, name, where)
        got = reader.skip(length)
        if got < length:
            return damage(f"the WARC record at {where} is cut: {got} of {length} bytes", name)
        reader.skip_blank_lines()
    except ParseError as error:
        return error
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        return damage(f"cannot read archive after {place(reader.offset)}: {exc}", source)
    return None


def plain_start(handle: BinaryIO, start: int) -> int | None:
    """Where the first record at or after byte ``start`` of a plain crawl begins: a line that
    starts with ``WARC/1.``, whose headers parse and whose Content-Length leads to the end of
    the record (then blank lines, and another record or the end of the file). A page body
    that mentions "WARC/1.0", or quotes a record, fails that test (the record after the one
    taken must start with a version line alone). Each false start costs at most its headers."""
    position = start - 1
    while True:
        handle.seek(position)
        block = handle.read(_BLOCK)
        found = block.find(_PLAIN_MARK)
        if found >= 0:
            candidate = position + found + 1
            if _plain_record_at(handle, candidate):
                return candidate
            position = candidate
        elif len(block) < _BLOCK:
            return None
        else:
            position += len(block) - len(_PLAIN_MARK) + 1


def _plain_record_at(handle: BinaryIO, candidate: int) -> bool:
    handle.seek(candidate)
    reader = _Stream(handle, block=_SHORT * 16)
    try:
        headers = read_headers(reader, "", "")
        length = content_length(headers, "", "")
    except ParseError:
        return False
    handle.seek(candidate + reader.offset + length)
    after = handle.read(_SHORT)
    rest = after.lstrip(_BLANK)
    # No rest: the end, or a long blank run. A quoted record is followed by more page.
    return not rest or _VERSION_LINE.match(rest) is not None


def gzip_start(handle: BinaryIO, start: int) -> int | None:
    """Where the first gzip member at or after byte ``start`` that starts a record begins
    (one that inflates to ``WARC/1.``); gzip's magic inside compressed data fails that test."""
    position = start
    while True:
        handle.seek(position)
        block = handle.read(_BLOCK)
        found = block.find(_GZIP_MARK)
        if found >= 0:
            candidate = position + found
            if gzip_record_at(handle, candidate):
                return candidate
            position = candidate + 1
        elif len(block) < _BLOCK:
            return None
        else:
            position += len(block) - len(_GZIP_MARK) + 1


def gzip_record_at(handle: BinaryIO, candidate: int) -> bool:
    """Whether the gzip member at byte ``candidate`` inflates to the start of a record."""
    handle.seek(candidate)
    inflate = zlib.decompressobj(wbits=31)
    out = b""
    pending = handle.read(_GZIP_LOOK)
    try:
        # Member after member: a member may hold less than the first line (one a byte).
        while pending and len(out) < len(b"WARC/1."):
            out += inflate.decompress(pending, len(b"WARC/1."))
            pending = inflate.unconsumed_tail
            if inflate.eof:
                pending, inflate = inflate.unused_data, zlib.decompressobj(wbits=31)
    except zlib.error:
        return False
    return out.startswith(b"WARC/1.")


def read_headers(reader: _Stream, where: str, source: str) -> dict[str, str]:
    """A record's named headers (lower-case names), up to the blank line that ends them."""
    if not reader.read_line().startswith(b"WARC/"):
        raise damage(f"not a WARC record at {where}", source)
    headers: dict[str, str] = {}
    total = 0
    for _ in range(HEADERS_MAX):
        line = reader.read_line()
        total += len(line)
        if not line.endswith(b"\n"):
            if len(line) >= HEADER_LINE_MAX:
                problem = f"has a header line over {HEADER_LINE_MAX} bytes"
            else:
                problem = "is cut inside its headers (the file ends before the blank line)"
            raise damage(f"the WARC record at {where} {problem}", record_name(source, headers))
        if line in (b"\r\n", b"\n"):
            return headers
        if total > HEADER_LINE_MAX:
            raise damage(
                f"the WARC record at {where} has headers over {HEADER_LINE_MAX} bytes",
                record_name(source, headers),
            )
        key, _, value = line.decode("utf-8", errors="replace").partition(":")
        headers[key.strip().lower()] = value.strip()
    raise damage(
        f"the WARC record at {where} has more than {HEADERS_MAX} headers",
        record_name(source, headers),
    )


def record_name(source: str, headers: dict[str, str]) -> str:
    """A record's name in a batch: the crawl and the URL it captured, if it says."""
    uri = headers.get("warc-target-uri", "").strip("<> ")
    return f"{source}:{uri}" if uri else source


def content_length(headers: dict[str, str], name: str, where: str) -> int:
    value = headers.get("content-length")
    if value is None:
        raise damage(f"the WARC record at {where} has no Content-Length", name)
    if not is_length(value):
        raise damage(
            f"the WARC record at {where} has a Content-Length that is not a number of "
            f"bytes: {value[:40]!r}",
            name,
        )
    return int(value)


class _Place:
    """Where a walk is, in words: a byte of a plain crawl, or of what a gzip crawl inflates
    to from a member on (Python's gzip does not say where the later members start)."""

    def __init__(self, position: int, packed: bool) -> None:
        self._position = position
        self._packed = packed

    def __call__(self, offset: int) -> str:
        if not self._packed:
            return f"byte {self._position + offset}"
        if offset == 0:
            return f"byte {self._position}"
        return f"byte {offset} of what the gzip members from byte {self._position} inflate to"


class _Stream:
    """A crawl read a block at a time, which knows how far into it it is."""

    def __init__(self, stream: _Readable, *, block: int = _BLOCK) -> None:
        # read1 (where there is one): one gzip member at a time, so that a damaged member
        # further on is reported where it is.
        self._read = getattr(stream, "read1", stream.read)
        self._stream = stream
        self._block = block
        self._buffer = b""
        self._position = 0  # the next byte to read, in the buffer
        self._start = 0  # where the buffer starts in the (inflated) crawl
        self.at_end = False

    @property
    def offset(self) -> int:
        """The bytes read so far."""
        return self._start + self._position

    def _fill(self) -> bool:
        block: bytes = self._read(self._block)
        if not block:
            self.at_end = True
            return False
        self._start += len(self._buffer)
        self._buffer = block
        self._position = 0
        return True

    def skip_blank_lines(self) -> bool:
        """Past the CRLFs that end a record and any blank lines after them; False at the end."""
        while True:
            # The usual case, cheaply: the CRLFs that end a record, then the next record.
            head = self._buffer[self._position : self._position + _SHORT]
            blank = len(head) - len(head.lstrip(_BLANK))
            if blank == len(head):  # a long run: the rest of the block at once
                rest = self._buffer[self._position :]
                blank = len(rest) - len(rest.lstrip(_BLANK))
            self._position += blank
            if self._position < len(self._buffer):
                return True
            if not self._fill():
                return False

    def read_line(self) -> bytes:
        """The next line with its LF, at most ``HEADER_LINE_MAX`` bytes; shorter at the end."""
        pieces: list[bytes] = []
        wanted = HEADER_LINE_MAX
        while True:
            stop = min(self._position + wanted, len(self._buffer))
            end = self._buffer.find(b"\n", self._position, stop)
            if end >= 0:
                stop = end + 1
            pieces.append(self._buffer[self._position : stop])
            wanted -= stop - self._position
            self._position = stop
            if end >= 0 or wanted == 0 or not self._fill():
                return b"".join(pieces)

    def skip(self, length: int) -> int:
        """Past the next ``length`` bytes, a block at a time; how many there were."""
        skipped = min(length, len(self._buffer) - self._position)
        self._position += skipped
        while skipped < length:
            block: bytes = self._stream.read(min(length - skipped, _BLOCK))
            if not block:
                break
            skipped += len(block)
            self._start += len(block)
        return skipped
