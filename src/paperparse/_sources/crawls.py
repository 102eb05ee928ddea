"""Source stage for batches: the Hub's paper pages and API responses in a web crawl (WARC),
read with FastWARC (the ``warc`` extra), one byte range of the crawl at a time if asked."""

from __future__ import annotations

import sys
from collections.abc import Generator, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final

from .._bounds import WARC_HEADER_LINE_BYTES as _HEADER_BYTES
from .._bounds import WARC_HEADERS as _HEADERS_MAX
from .._model import ParseError
from .crawl_payloads import CrawlRecord, damage, hub_response
from .crawl_walker import (
    first_damage,
    gzip_record_at,
    gzip_start,
    next_record,
    plain_start,
)

if TYPE_CHECKING:
    from fastwarc.stream_io import GzipReader
    from fastwarc.warc import ArchiveIterator

__all__ = ["CrawlRecord", "warc_records"]

# A crawl's records worth parsing: responses for the Hub's paper pages and paper API, by the
# start of their URL in any case ("https://huggingface.co/papers?date=...", "http://hf.co/api/").
# A tuple of prefixes, where a regular expression cost a fifth of the crawl's reading time.
_PAPERS_URIS: Final = tuple(
    f"{scheme}://{www}{host}.co/{path}"
    for scheme in ("http", "https")
    for www in ("", "www.")
    for host in ("huggingface", "hf")
    for path in ("papers", "api/")
)
_PAPERS_URI_LENGTH: Final = max(map(len, _PAPERS_URIS))
_GZIP_MAGIC: Final = b"\x1f\x8b"
_NO_FASTWARC: Final = "reading a web crawl (WARC) needs FastWARC: pip install 'paperparse[warc]'"


def warc_records(
    source: Path | BinaryIO,
    *,
    max_bytes: int,
    name: str | None = None,
    start: int = 0,
    stop: int | None = None,
) -> Iterator[CrawlRecord | ParseError]:
    """The paper pages a web crawl (WARC, plain or gzip) captured, one record at a time.

    ``source`` is a path or a seekable binary file (``name`` names it; by default its
    ``name``). Gzip is told by the file's first bytes, not its name. Each record is read
    within ``max_bytes``; the HTTP headers are dropped and a chunked body is put back
    together. Other sites' records, and the Hub's redirects and errors, which hold no page,
    are skipped without a word and without their bodies being read.

    ``start`` and ``stop``: only the records whose first byte as stored (for gzip, the start
    of the member the record is in) lies in ``[start, stop)``, so that ranges that tile a
    crawl read each record once. A range that starts past 0 starts at the first record at or
    after ``start``.

    Damage yields a :class:`ParseError` naming the record (by its URL, and its byte offset as
    stored): a Hub response that cannot be read, or a crawl that is cut or no crawl at all,
    which ends the range.
    """
    if name is not None:
        shown = name
    else:
        shown = str(source if isinstance(source, Path) else getattr(source, "name", "crawl"))
    try:  # the warc extra: loaded with the first crawl, never by `import paperparse`
        from fastwarc.stream_io import GzipReader
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        yield ParseError(_NO_FASTWARC, source=shown, code="unreadable")
        return
    try:
        opened: AbstractContextManager[BinaryIO] = (
            source.open("rb") if isinstance(source, Path) else nullcontext(source)
        )
    except OSError as exc:
        yield ParseError(f"cannot open archive: {exc}", source=shown, code="unreadable")
        return
    with opened as handle:
        try:
            packed = _is_gzip(handle)
            begin = start if start <= 0 else (gzip_start if packed else plain_start)(handle, start)
        except OSError as exc:
            yield damage(f"cannot read archive from byte {start}: {exc}", shown)
            return
        end = sys.maxsize if stop is None else stop
        if begin is None or begin >= end:
            return
        # FastWARC from `begin`, and again past what it refused where we found nothing wrong.
        position: int | None = begin
        while position is not None:
            handle.seek(position)
            stream = GzipReader(handle) if packed else handle
            records = ArchiveIterator(
                stream,
                # Requests and metadata are passed over inside FastWARC. A damaged one still
                # shows: the records after it do not parse, and our walk names it.
                record_types=WarcRecordType.response,
                parse_http=False,
                inplace=True,  # one record object, refilled: a fifth faster
                stream_detect=False,
                max_header_len=_HEADER_BYTES,
            )
            position = yield from _records(records, stream, handle, shown, max_bytes, position, end)


def _records(
    records: ArchiveIterator,
    stream: GzipReader | BinaryIO,
    handle: BinaryIO,
    source: str,
    max_bytes: int,
    begin: int,
    end: int,
) -> Generator[CrawlRecord | ParseError, None, int | None]:
    """FastWARC's records, and our checks where it is lenient or stops without a word; where
    to read on with a new iterator, if anywhere."""
    from fastwarc.warc import WarcHeader

    # Header names as FastWARC's own keys: five times faster to look up than strings.
    length_key, uri_key = WarcHeader.CONTENT_LENGTH, WarcHeader.WARC_TARGET_URI
    frame = getattr(stream, "frame_start_position", None)  # a gzip member's start
    packed = frame is not None
    last = -1  # where the last record FastWARC read starts; -1 before the first
    try:
        for record in records:
            position = record.stream_pos if frame is None else frame() or 0
            if position >= end:
                return None  # the next range's record: what follows is the next range's
            last = position
            headers = record.headers
            length = headers.get(length_key)
            # FastWARC reads a missing or negative Content-Length as 0 and takes "+5". (Digits
            # of other scripts, which isdigit() takes, FastWARC refuses.)
            if length is None or not length.isdigit() or len(headers) > _HEADERS_MAX:
                break
            uri = (headers.get(uri_key) or "").strip("<> ")
            if not uri[:_PAPERS_URI_LENGTH].lower().startswith(_PAPERS_URIS):
                continue
            name, size = f"{source}:{uri}", int(length)
            if size > max_bytes:
                message = f"archive record too large: {size} bytes"
                yield ParseError(message, source=name, code="too-large")
                continue
            payload = record.reader.read()
            if len(payload) < size:
                where = f"the WARC record at byte {position}"
                yield damage(f"{where} is cut: {len(payload)} of {size} bytes", name)
                return None
            yield from hub_response(payload, name, headers.get("WARC-Date"))
        else:
            # FastWARC reached the end; it stops without a word inside a record's headers or
            # body, and past garbage after the last gzip member.
            walk = _walk_from(handle, last, begin, packed)
            problem = first_damage(handle, walk, packed=packed, source=source)
            if problem is not None:
                yield problem
            return None
    except OSError as exc:  # FastWARC's word for all damage it sees, and for a stray CR
        if last >= 0 and not packed:
            after = next_record(handle, last, source=source)
            if not isinstance(after, ParseError):
                return after  # we find the next record, where FastWARC found none
            yield after
        else:
            walk = _walk_from(handle, last, begin, packed)
            problem = first_damage(handle, walk, packed=packed, source=source)
            after_byte = max(last, begin)
            yield problem or damage(f"cannot read archive after byte {after_byte}: {exc}", source)
        return None
    problem = first_damage(handle, last, packed=packed, source=source)
    yield problem or damage(f"the WARC record at byte {last} has headers that do not parse", source)
    return None


def _walk_from(handle: BinaryIO, last: int, begin: int, packed: bool) -> int:
    """Where our own walk to the end can start: the last record, or for a gzip crawl whose
    records start in one member and end their headers in another (where FastWARC says the
    record is), the range's start."""
    if last < 0 or (packed and not gzip_record_at(handle, last)):
        return begin
    return last


def _is_gzip(handle: BinaryIO) -> bool:
    handle.seek(0)
    return handle.read(len(_GZIP_MAGIC)) == _GZIP_MAGIC
