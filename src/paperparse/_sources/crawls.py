"""Source stage for batches: the Hub's paper pages and API responses in a web crawl (WARC)."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import attrs

from .._bounds import WARC_HEADER_LINE_BYTES as _HEADER_LINE_MAX
from .._bounds import WARC_HEADERS as _HEADERS_MAX
from .._model import ParseError

# A crawl's records worth parsing: responses for the Hub's paper pages and paper API.
_PAPERS_URI: Final = re.compile(
    r"\Ahttps?://(?:www\.)?(?:huggingface|hf)\.co/(?:papers|api/)", re.IGNORECASE
)
# A Content-Length: ASCII digits only (int() would take "+5", "1_000" and other scripts'
# digits), and few enough of them that int() never refuses the string.
_LENGTH: Final = re.compile(r"[0-9]{1,20}\Z")
# The crawl is read a block at a time; a run of blank lines is looked at a step at a time.
_BLOCK: Final = 1 << 20
_STEP: Final = 64 * 1024
_SHORT: Final = 256
_BLANK: Final = b"\r\n"
# A step of the usual runs: CRLFs (from either byte of the pair on) or bare LFs.
_BLANK_STEPS: Final = (b"\r\n" * (_STEP // 2), b"\n\r" * (_STEP // 2), b"\n" * _STEP)
_STATUS_LINE: Final = re.compile(
    rb"""
    HTTP/[0-9.]+ [ \t]+         # the protocol: HTTP/1.1, HTTP/2
    (?P<code>[0-9]{3})          # the status code
    (?: [ \t] [^\r\n]* )?       # the reason phrase, which may be absent
    \Z
    """,
    re.VERBOSE,
)
# A WARC-Date: a UTC timestamp as W3C ISO 8601 writes it ("2024-08-02T03:15:22Z"; WARC 1.1
# allows fractions of a second). A save date keeps the day.
_WARC_DATE: Final = re.compile(
    r"""
    (?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})                   # 2024-08-02
    (?: T [0-9]{2}:[0-9]{2} (?: :[0-9]{2} (?: \.[0-9]+ )? )? Z )?  # T03:15:22Z, T03:15:22.5Z
    \Z
    """,
    re.VERBOSE,
)
_CHUNKED: Final = re.compile(rb"(?im)^transfer-encoding:[^\r\n]*\bchunked\b")
_CHUNK_HEADER: Final = re.compile(
    rb"""
    (?P<size>[0-9A-Fa-f]{1,16})  # the chunk's size in hex; more digits than this is no size
    [ \t]* (?: ; [^\r\n]* )?     # chunk extensions, which say nothing about the page
    \r\n
    """,
    re.VERBOSE,
)


@attrs.frozen
class CrawlRecord:
    """One Hub response a crawl captured, ready to parse."""

    name: str
    """The crawl's path and the response's URL: ``crawl.warc:https://huggingface.co/...``."""
    body: bytes
    """The HTTP body, de-chunked (a gzip-compressed body is inflated by ``parse``)."""
    date: str | None
    """The record's ``WARC-Date`` as written (when the page was fetched), or None."""

    @property
    def saved_on(self) -> dt.date | None:
        """The day of ``date`` (in UTC, as a WARC date is); None when there is none or it is
        no date, and the record is then read undated."""
        match = _WARC_DATE.match(self.date.strip()) if self.date else None
        if match is None:
            return None
        try:
            return dt.date.fromisoformat(match["day"])
        except ValueError:  # "2024-13-45"
            return None


def warc_records(path: Path, *, max_bytes: int) -> Iterator[CrawlRecord | ParseError]:
    """The paper pages a web crawl (WARC, plain or gzip) captured, one record at a time.

    Each record is read within ``max_bytes``; the HTTP headers are dropped and a chunked body
    is put back together. Damage yields a :class:`ParseError` naming the record (by its URL,
    and its byte offset in the uncompressed crawl): a Hub response that cannot be read, or a
    crawl that is cut or no crawl at all, which ends the file. Other sites' records and the
    Hub's redirects and errors, which hold no page, are skipped without a word.
    """
    try:
        handle = _open_warc(path)
    except OSError as exc:
        yield ParseError(f"cannot open archive: {exc}", source=str(path), code="unreadable")
        return
    with handle:
        reader = _Reader(handle)
        try:
            yield from _records(reader, path, max_bytes)
        except ParseError as error:
            yield error
        except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            yield _damage(
                f"cannot read archive after byte {reader.offset}: {exc}", source=str(path)
            )


def _open_warc(path: Path) -> gzip.GzipFile | io.BufferedReader:
    if path.name.lower().endswith(".gz"):  # gzip members one after another: one stream
        return gzip.open(path, "rb")
    return path.open("rb")


def _records(reader: _Reader, path: Path, max_bytes: int) -> Iterator[CrawlRecord | ParseError]:
    while reader.skip_blank_lines():
        start = reader.offset
        headers = _warc_headers(reader, path, start)
        name = _name(path, headers)
        length = _content_length(headers, name, start)
        uri = headers.get("warc-target-uri", "").strip("<> ")
        wanted = headers.get("warc-type") == "response" and _PAPERS_URI.match(uri)
        if wanted and length <= max_bytes:
            payload = reader.read(length)
            _check_whole(len(payload), length, name, start)
            yield from _response(payload, name, headers.get("warc-date"))
            continue
        if wanted:
            yield ParseError(
                f"archive record too large: {length} bytes", source=name, code="too-large"
            )
        _check_whole(reader.skip(length), length, name, start)


def _warc_headers(reader: _Reader, path: Path, start: int) -> dict[str, str]:
    """The record's named headers (lower-case names), up to the blank line that ends them."""
    where = f"the WARC record at byte {start}"
    if not reader.read_line().startswith(b"WARC/"):
        raise _damage(f"not a WARC record at byte {start}", source=str(path))
    headers: dict[str, str] = {}
    for _ in range(_HEADERS_MAX):
        line = reader.read_line()
        if not line.endswith(b"\n"):
            if len(line) >= _HEADER_LINE_MAX:
                problem = f"has a header line over {_HEADER_LINE_MAX} bytes"
            else:
                problem = "is cut inside its headers (the file ends before the blank line)"
            raise _damage(f"{where} {problem}", source=_name(path, headers))
        if line in (b"\r\n", b"\n"):
            return headers
        key, _, value = line.decode("utf-8", errors="replace").partition(":")
        headers[key.strip().lower()] = value.strip()
    raise _damage(f"{where} has more than {_HEADERS_MAX} headers", source=_name(path, headers))


def _name(path: Path, headers: dict[str, str]) -> str:
    """A record's name in a batch: the crawl and the URL it captured, if it says."""
    uri = headers.get("warc-target-uri", "").strip("<> ")
    return f"{path}:{uri}" if uri else str(path)


def _content_length(headers: dict[str, str], name: str, start: int) -> int:
    value = headers.get("content-length")
    if value is None:
        raise _damage(f"the WARC record at byte {start} has no Content-Length", source=name)
    if not _LENGTH.match(value):
        raise _damage(
            f"the WARC record at byte {start} has a Content-Length that is not a number of "
            f"bytes: {value[:40]!r}",
            source=name,
        )
    return int(value)


def _check_whole(got: int, length: int, name: str, start: int) -> None:
    """A record the file ends inside of ends the crawl, whoever's record it is."""
    if got < length:
        raise _damage(
            f"the WARC record at byte {start} is cut: {got} of {length} bytes", source=name
        )


def _response(payload: bytes, name: str, date: str | None) -> Iterator[CrawlRecord | ParseError]:
    """A Hub response's body, and what is wrong with it; nothing for a redirect or an error."""
    head, separator, body = payload.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0]
    if not status_line.startswith(b"HTTP/"):
        yield _damage("a Hub response without HTTP headers (no HTTP/ status line)", source=name)
        return
    if not separator:
        yield _damage("a Hub response whose HTTP headers never end", source=name)
        return
    status = _STATUS_LINE.match(status_line)
    if status is None:
        yield _damage(f"an HTTP status line that does not parse: {status_line[:80]!r}", source=name)
        return
    if status["code"] != b"200":
        return  # redirects and errors hold no page
    problem = None
    if _CHUNKED.search(head):
        body, problem = _dechunk(body)
    yield CrawlRecord(name, body, date)
    if problem is not None:
        yield _damage(problem, source=name)


def _dechunk(body: bytes) -> tuple[bytes, str | None]:
    """A chunked body put back together, and what was wrong with it: what came before a
    broken chunk is kept."""
    parts: list[bytes] = []
    position = 0
    while True:
        header = _CHUNK_HEADER.match(body, position)
        if header is None:
            if position >= len(body):
                problem = "the chunked body is cut before its last chunk"
            elif position == 0:
                # Some crawlers store the body joined but keep the Transfer-Encoding header.
                return body, None
            else:
                problem = f"a chunk header that does not parse at byte {position} of the body"
            return b"".join(parts), problem
        size = int(header["size"], 16)
        if size == 0:
            return b"".join(parts), None
        end = header.end() + size
        parts.append(body[header.end() : end])
        if end > len(body):
            have = len(body) - header.end()
            return b"".join(parts), f"the chunked body is cut: a chunk of {size} bytes has {have}"
        if body[end : end + 2] != b"\r\n":
            return b"".join(parts), f"the chunk at byte {position} of the body overruns its size"
        position = end + 2


class _Reader:
    """A crawl read a block at a time, which knows how far into the crawl it is."""

    def __init__(self, handle: gzip.GzipFile | io.BufferedReader) -> None:
        self._handle = handle
        self._buffer = b""
        self._position = 0  # the next byte to read, in the buffer
        self._start = 0  # where the buffer starts in the (uncompressed) crawl

    @property
    def offset(self) -> int:
        """The bytes of the crawl read so far."""
        return self._start + self._position

    def _fill(self) -> bool:
        """The next block, once the buffer is used up; False at the end of the crawl."""
        # read1: one gzip member at a time, so that a damaged member further on cannot
        # take the records before it down with it.
        block = self._handle.read1(_BLOCK)
        if not block:
            return False
        self._start += len(self._buffer)
        self._buffer = block
        self._position = 0
        return True

    def skip_blank_lines(self) -> bool:
        """Past the CRLFs that end a record and any blank lines after them; False at the end."""
        while True:
            end = self._blank_end()
            self._position = end
            if end < len(self._buffer):
                return True
            if not self._fill():
                return False

    def _blank_end(self) -> int:
        """Where the blank bytes (CR, LF) at the read position end, within the buffer.

        A hostile crawl may hold a gigabyte of them: a step at a time they cost about what
        skipping a record's body costs, where a line at a time cost sixty times as much.
        """
        buffer, position = self._buffer, self._position
        # The usual case: the CRLFs that end a record, then the next record's first line.
        head = buffer[position : position + _SHORT]
        blank = len(head) - len(head.lstrip(_BLANK))
        if blank < len(head):
            return position + blank
        # A long run. The usual runs compare a step at a time as fast as they are read; a
        # mix of CRLFs and LFs costs a table lookup a byte.
        position += len(head)
        while position < len(buffer) and (
            buffer.startswith(_BLANK_STEPS, position)
            or not buffer[position : position + _STEP].translate(None, _BLANK)
        ):
            position += _STEP
        # The step the run ends in, if it ends in this buffer.
        step = buffer[position : position + _STEP]
        return min(position + len(step) - len(step.lstrip(_BLANK)), len(buffer))

    def read_line(self) -> bytes:
        """The next line with its LF, at most ``_HEADER_LINE_MAX`` bytes; shorter at the end."""
        # Taken a piece at a time, so that a crawl of tiny gzip members costs no more.
        pieces: list[bytes] = []
        wanted = _HEADER_LINE_MAX
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

    def read(self, length: int) -> bytes:
        """The next ``length`` bytes, or fewer where the crawl ends."""
        head = self._buffer[self._position : self._position + length]
        self._position += len(head)
        if len(head) == length:
            return head
        rest = self._handle.read(length - len(head))
        self._start += len(rest)
        return head + rest

    def skip(self, length: int) -> int:
        """Past the next ``length`` bytes, a block at a time; how many there were."""
        skipped = min(length, len(self._buffer) - self._position)
        self._position += skipped
        while skipped < length:
            block = self._handle.read(min(length - skipped, _BLOCK))
            if not block:
                break
            skipped += len(block)
            self._start += len(block)
        return skipped


def _damage(message: str, source: str) -> ParseError:
    """What a crawl that is cut, or a record that does not parse, gives."""
    return ParseError(message, source=source, code="damaged")
