"""Source stage for batches: the Hub's paper pages and API responses in a web crawl (WARC)."""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Final, cast

from .._model import ParseError

# A crawl's records worth parsing: responses for the Hub's paper pages and paper API.
_PAPERS_URI: Final = re.compile(
    r"\Ahttps?://(?:www\.)?(?:huggingface|hf)\.co/(?:papers|api/)", re.IGNORECASE
)


def warc_records(path: Path, *, max_bytes: int) -> Iterator[tuple[str, bytes] | ParseError]:
    """The paper pages a web crawl (WARC, plain or gzip) captured: (name, body) per response.

    Records are read one at a time, each within ``max_bytes``; the HTTP headers are
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
                if wanted and length > max_bytes:
                    yield ParseError("archive record too large", source=name)
                if not wanted or length > max_bytes:
                    _skip(handle, length)
                    continue
                body = _http_body(handle.read(length))
                if body is not None:
                    yield name, body
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
