"""Source stage for batches: what a crawl's Hub response holds (its page, de-chunked) and the
record paperparse hands on."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Final

import attrs

from .._model import ParseError

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


def hub_response(payload: bytes, name: str, date: str | None) -> Iterator[CrawlRecord | ParseError]:
    """A Hub response's body, and what is wrong with it; nothing for a redirect or an error."""
    head, separator, body = payload.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0]
    if not status_line.startswith(b"HTTP/"):
        yield damage("a Hub response without HTTP headers (no HTTP/ status line)", source=name)
        return
    if not separator:
        yield damage("a Hub response whose HTTP headers never end", source=name)
        return
    status = _STATUS_LINE.match(status_line)
    if status is None:
        yield damage(f"an HTTP status line that does not parse: {status_line[:80]!r}", source=name)
        return
    if status["code"] != b"200":
        return  # redirects and errors hold no page
    problem = None
    if _CHUNKED.search(head):
        body, problem = _dechunk(body)
    yield CrawlRecord(name, body, date)
    if problem is not None:
        yield damage(problem, source=name)


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


def damage(message: str, source: str) -> ParseError:
    """What a crawl that is cut, or a record that does not parse, gives."""
    return ParseError(message, source=source, code="damaged")
