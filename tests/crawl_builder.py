"""A web crawl (WARC) built from saved pages, as Common Crawl's files hold them: each page a
Hub response record, with its request and metadata records, among other sites' responses.

The engine tests and the benchmarks read the same crawl; nothing here is keyed on a page.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from .conftest import CORPUS

PAGE_SUFFIXES: Final = (".txt", ".md", ".html", ".htm", ".json")
# What another site's page weighs: a few kilobytes, as most of a crawl's records do.
FILLER: Final = b"<html><body>" + b"<p>another site's page</p>" * 150 + b"</body></html>"


def corpus_pages() -> list[Path]:
    """The corpus's saved pages, in sorted order (none without ``../shared``)."""
    if not CORPUS.is_dir():
        return []
    return sorted(
        path for path in CORPUS.rglob("*") if path.is_file() and path.suffix in PAGE_SUFFIXES
    )


def hub_uri(number: int, page: Path) -> str:
    """A distinct Hub URL for page ``number``: the API for JSON, the papers pages else."""
    if page.suffix == ".json":
        return f"https://huggingface.co/api/daily_papers?p={number}"
    return f"https://huggingface.co/papers?p={number}"


def _record(kind: str, uri: str, number: int, payload: bytes, date: str) -> bytes:
    content_type = (
        "application/warc-fields" if kind == "metadata" else f"application/http; msgtype={kind}"
    )
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: {date}\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload + b"\r\n\r\n"


def _http(body: bytes, content_type: str) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def _records(pages: Sequence[tuple[str, bytes]], others: int, date: str) -> Iterable[bytes]:
    number = 0
    for index, (uri, body) in enumerate(pages):
        for other in range(others):
            site = f"https://example.org/{index}/{other}"
            yield _record("request", site, number := number + 1, b"GET / HTTP/1.1\r\n\r\n", date)
            yield _record("response", site, number := number + 1, _http(FILLER, "text/html"), date)
        content_type = "application/json" if "/api/" in uri else "text/html; charset=utf-8"
        yield _record("request", uri, number := number + 1, b"GET / HTTP/1.1\r\n\r\n", date)
        yield _record("response", uri, number := number + 1, _http(body, content_type), date)
        yield _record("metadata", uri, number := number + 1, b"fetchTimeMs: 120\r\n", date)


def build_crawl(
    target: Path,
    pages: Sequence[tuple[str, bytes]],
    *,
    others: int = 9,
    gzip_members: bool = False,
    date: str = "2026-10-06T08:00:00Z",
) -> Path:
    """Write ``pages`` (URL, body) as Hub responses to ``target``, each after ``others``
    other sites' responses. ``gzip_members``: one gzip member a record, as in Common Crawl."""
    with target.open("wb") as out:
        for record in _records(pages, others, date):
            out.write(gzip.compress(record, mtime=0) if gzip_members else record)
    return target


def corpus_crawl(target: Path, *, others: int = 9, gzip_members: bool = False) -> Path:
    """The corpus's pages as a crawl (see ``build_crawl``)."""
    found = enumerate(corpus_pages())
    pages = [(hub_uri(number, page), page.read_bytes()) for number, page in found]
    return build_crawl(target, pages, others=others, gzip_members=gzip_members)
