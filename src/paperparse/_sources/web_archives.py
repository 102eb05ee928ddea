"""Source stage: web archives opened to the page they hold.

- MHTML (Chrome and Edge "save as single file"): one MIME message, headers naming the page
  and when it was saved, then the HTML (quoted-printable) and its images and styles as
  further parts. Only the first ``text/html`` part is wanted, so the message is not parsed
  whole (the ``email`` package's parser costs time per part and recurses per nesting
  level): the headers of each part are, and the parts are found by their boundary, one
  linear scan per nesting level.
- Safari's ``.webarchive``: a binary property list whose main resource is the page.
- A gzip-compressed page (a raw HTTP body saved as it came): inflated, member by member,
  within a bound.
"""

from __future__ import annotations

import binascii
import datetime as dt
import email.errors
import email.utils
import plistlib
import re
import zlib
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Final

import attrs

from .._bounds import MAX_INPUT_BYTES, MHTML_NESTING, RAW_LIMIT
from .._model import Location, ParseError, Problem

_HEADERS_END: Final = re.compile(rb"\r?\n\r?\n")
# A part's type, read cheaply first: only an HTML or multipart part needs its headers parsed.
_CONTENT_TYPE: Final = re.compile(rb"^content-type:[ \t]*(?:text/html|multipart/)", re.I | re.M)
# What the email package may raise on hostile headers (it is lenient, not total).
_MIME_ERRORS: Final = (
    email.errors.MessageError,
    ValueError,
    TypeError,
    IndexError,
    LookupError,
    OverflowError,
)


@attrs.frozen
class ArchivedPage:
    html: bytes
    charset: str | None  # the part's declared charset, if any
    url: str | None  # where the page was saved from
    saved: dt.date | None  # when


def open_mhtml(data: bytes) -> ArchivedPage | None:
    """The HTML page inside an MHTML archive, or None when it holds none."""
    head, body = _split(data)
    try:
        message = _headers(head)
        found = _html_part(message, body, depth=0)
    except _MIME_ERRORS:
        return None  # headers too broken for the email package to read hold no page we need
    if found is None:
        return None
    part, payload = found
    html = _decode_transfer(payload, part.get("Content-Transfer-Encoding"))
    if html is None:
        return None
    url = message.get("Snapshot-Content-Location") or part.get("Content-Location")
    try:
        charset = part.get_param("charset")
    except _MIME_ERRORS:
        charset = None
    return ArchivedPage(
        html=html,
        charset=charset if isinstance(charset, str) else None,
        url=str(url).strip() or None if url else None,
        saved=_saved_on(message.get("Date")),
    )


def _split(blob: bytes) -> tuple[bytes, bytes]:
    """(headers, body) of a message or part, at its first blank line."""
    match = _HEADERS_END.search(blob)
    if match is None:
        return blob, b""
    return blob[: match.end()], blob[match.end() :]


def _headers(head: bytes) -> Message:
    return BytesHeaderParser(policy=compat32).parsebytes(head)


def _html_part(headers: Message, body: bytes, *, depth: int) -> tuple[Message, bytes] | None:
    content_type = headers.get_content_type()
    if content_type == "text/html":
        return headers, body
    if not content_type.startswith("multipart/") or depth >= MHTML_NESTING:
        return None
    boundary = headers.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        return None
    delimiter = b"--" + boundary.encode("ascii", errors="replace")
    position = body.find(delimiter)
    while position != -1:
        start = body.find(b"\n", position) + 1  # the part begins after its delimiter line
        if start == 0:
            return None
        end = body.find(delimiter, start)
        part = body[start:] if end == -1 else body[start:end]
        part_head, part_body = _split(part)
        if _CONTENT_TYPE.search(part_head) and (
            found := _html_part(_headers(part_head), part_body, depth=depth + 1)
        ):
            return found
        position = end
    return None


def _decode_transfer(payload: bytes, encoding: object) -> bytes | None:
    name = encoding.strip().lower() if isinstance(encoding, str) else ""
    try:
        if name == "quoted-printable":
            return binascii.a2b_qp(payload)
        if name == "base64":
            return binascii.a2b_base64(payload)
    except (binascii.Error, ValueError):
        return None
    return payload


def _saved_on(header: object) -> dt.date | None:
    if not isinstance(header, str):
        return None
    try:
        return email.utils.parsedate_to_datetime(header).date()
    except (TypeError, ValueError, IndexError, OverflowError):  # "Date: 2 Aug 99999999999"
        return None


def open_webarchive(data: bytes) -> ArchivedPage | None:
    """The page in a Safari ``.webarchive``, or None when it holds none."""
    try:
        archive = plistlib.loads(data)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        return None  # InvalidFileException is a ValueError; a truncated list raises others
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    html = main.get("WebResourceData") if isinstance(main, dict) else None
    if not isinstance(html, bytes) or not isinstance(main, dict):
        return None
    url, charset = main.get("WebResourceURL"), main.get("WebResourceTextEncodingName")
    return ArchivedPage(
        html=html,
        charset=charset if isinstance(charset, str) else None,
        url=url if isinstance(url, str) else None,
        saved=None,  # the archive does not record when
    )


def inflate(data: bytes, name: str | None) -> tuple[bytes, list[Problem]]:
    """A gzip file's content: every member (``cat a.gz b.gz`` is one valid gzip file), within
    ``MAX_INPUT_BYTES`` in all (a few kilobytes can inflate to gigabytes).

    A stream cut short keeps what arrived, and says so; so do bytes after the last member
    that are no gzip member. Broken or too large, it is a ParseError.
    """
    pieces: list[bytes] = []
    problems: list[Problem] = []
    room = MAX_INPUT_BYTES
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=31)  # 31: a gzip header and trailer
        try:
            out = inflater.decompress(rest, room + 1)
        except zlib.error as exc:
            if pieces:  # damage after whole members: keep them, report the rest
                problems.append(_unread_tail(rest, f"a gzip member that is broken ({exc})"))
                break
            raise ParseError(
                f"a gzip-compressed file that is broken: {exc}", source=name, code="damaged"
            ) from exc
        room -= len(out)
        if room < 0 or inflater.unconsumed_tail:
            raise ParseError(
                f"input too large: the gzip file inflates past the {MAX_INPUT_BYTES >> 20} MiB "
                "bound on one document",
                source=name,
                code="too-large",
            )
        if not out and not inflater.eof and not pieces:
            raise ParseError(
                "a gzip-compressed file cut before any content", source=name, code="damaged"
            )
        pieces.append(out)
        if not inflater.eof:
            problems.append(
                Problem("truncated", "the gzip file is cut off: what arrived is read", Location())
            )
            break
        rest = inflater.unused_data
        if rest and not rest.startswith(b"\x1f\x8b"):
            problems.append(_unread_tail(rest, "bytes after the last gzip member"))
            break
    return b"".join(pieces), problems


def _unread_tail(rest: bytes, what: str) -> Problem:
    return Problem(
        "unparsed-block",
        f"{len(rest)} {what}: not read",
        Location(),
        rest[:RAW_LIMIT].decode("ascii", errors="backslashreplace"),
    )
