"""Source stage: the Hub records of a web crawl (WARC), and every way a crawl can be damaged."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperparse import ParseError
from paperparse._sources.crawls import CrawlRecord, warc_records

HUB = "https://huggingface.co/papers?date=2024-08-01"
API = "https://huggingface.co/api/daily_papers"
PAGE = b"<html><body>a page</body></html>"
DATE = "2024-08-02T03:15:22Z"


def _record(kind: str, uri: str, payload: bytes, *, length: int | None = None) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {DATE}\r\n"
        f"Content-Length: {len(payload) if length is None else length}\r\n\r\n"
    )
    return head.encode() + payload + b"\r\n\r\n"


def _ok(body: bytes, *, chunked: bool = False) -> bytes:
    encoding = b"Transfer-Encoding: chunked\r\n" if chunked else b""
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + encoding + b"\r\n" + body


def _read(tmp_path: Path, crawl: bytes, name: str = "crawl.warc") -> list[CrawlRecord | ParseError]:
    path = tmp_path / name
    path.write_bytes(crawl)
    return list(warc_records(path, max_bytes=1 << 30))


def _errors(results: list[CrawlRecord | ParseError]) -> list[ParseError]:
    return [result for result in results if isinstance(result, ParseError)]


def test_hub_responses_come_out_with_their_name_and_date(tmp_path: Path) -> None:
    crawl = (
        _record("warcinfo", "", b"software: a crawler\r\n")
        + _record("request", HUB, b"GET /papers HTTP/1.1\r\n\r\n")
        + _record("response", HUB, _ok(PAGE))
        + _record("response", "https://example.com/", _ok(b"another site"))
    )
    assert _read(tmp_path, crawl) == [CrawlRecord(f"{tmp_path / 'crawl.warc'}:{HUB}", PAGE, DATE)]


# Finding 1a: a record cut inside its headers.


@pytest.mark.parametrize(
    ("cut", "source_ends_with"),
    [
        (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + HUB.encode() + b"\r\nCont", HUB),
        (b"WARC/1.0\r\nWARC-Type: resp", "crawl.warc"),
        (b"WARC/1.0", "crawl.warc"),
    ],
    ids=["after-the-uri", "before-the-uri", "in-the-first-line"],
)
def test_a_record_cut_inside_its_headers_is_reported(
    tmp_path: Path, cut: bytes, source_ends_with: str
) -> None:
    first = _record("response", HUB, _ok(PAGE))
    results = _read(tmp_path, first + cut)
    assert isinstance(results[0], CrawlRecord)
    [error] = results[1:]
    assert isinstance(error, ParseError)
    assert error.message == (
        f"the WARC record at byte {len(first)} is cut inside its headers "
        "(the file ends before the blank line)"
    )
    assert error.source is not None
    assert error.source.endswith(source_ends_with)


def test_a_header_line_too_long_is_reported(tmp_path: Path) -> None:
    crawl = b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: " + b"x" * 100_000 + b"\r\n\r\n"
    [error] = _read(tmp_path, crawl)
    assert isinstance(error, ParseError)
    assert "at byte 0 has a header line over 65536 bytes" in error.message


@pytest.mark.parametrize(
    ("length", "problem"),
    [
        (None, "has no Content-Length"),
        ("-5", "not a number of bytes: '-5'"),
        ("+5", "not a number of bytes: '+5'"),
        ("1_0", "not a number of bytes: '1_0'"),
        ("\u0661\u0660", "not a number of bytes"),  # digits, but Arabic-Indic ones
        ("9" * 5000, "not a number of bytes"),  # more digits than int() will read
    ],
    ids=["absent", "negative", "plus-sign", "underscore", "other-digits", "huge"],
)
def test_a_content_length_that_is_no_length_is_reported(
    tmp_path: Path, length: str | None, problem: str
) -> None:
    header = "" if length is None else f"Content-Length: {length}\r\n"
    crawl = f"WARC/1.0\r\nWARC-Type: response\r\n{header}\r\nxx\r\n\r\n".encode()
    [error] = _read(tmp_path, crawl)
    assert isinstance(error, ParseError)
    assert error.message.startswith("the WARC record at byte 0 ")
    assert problem in error.message


def test_a_file_that_is_no_crawl_is_reported_with_the_offset(tmp_path: Path) -> None:
    first = _record("response", HUB, _ok(PAGE))
    results = _read(tmp_path, first + b"\r\n\r\nnot a record\r\n")
    assert isinstance(results[0], CrawlRecord)
    assert isinstance(results[1], ParseError)
    assert results[1].message == f"not a WARC record at byte {len(first) + 4}"


# Finding 1b: a Hub response whose payload is not an HTTP response.


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        (PAGE, "a Hub response without HTTP headers (no HTTP/ status line)"),
        (b"", "a Hub response without HTTP headers (no HTTP/ status line)"),
        (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + PAGE, "HTTP headers never end"),
        (b"HTTP/1.1 OK\r\n\r\n" + PAGE, "an HTTP status line that does not parse"),
    ],
    ids=["a-bare-page", "empty", "headers-never-end", "no-status-code"],
)
def test_a_hub_response_without_http_headers_is_reported(
    tmp_path: Path, payload: bytes, problem: str
) -> None:
    crawl = _record("response", HUB, payload) + _record("response", API, _ok(b"[]"))
    results = _read(tmp_path, crawl)
    assert isinstance(results[0], ParseError)
    assert problem in results[0].message
    assert results[0].source == f"{tmp_path / 'crawl.warc'}:{HUB}"
    assert isinstance(results[1], CrawlRecord)  # the next record is read as before
    assert results[1].body == b"[]"


@pytest.mark.parametrize(
    ("uri", "payload"),
    [
        (HUB, b"HTTP/1.1 301 Moved Permanently\r\nLocation: /papers\r\n\r\n"),
        (HUB, b"HTTP/1.1 404 Not Found\r\n\r\nnot here"),
        (HUB, b"HTTP/2 304\r\n\r\n"),
        ("https://example.com/", PAGE),  # another site's damage is not ours to report
    ],
    ids=["redirect", "not-found", "not-modified", "another-site"],
)
def test_what_holds_no_hub_page_is_skipped_without_a_word(
    tmp_path: Path, uri: str, payload: bytes
) -> None:
    assert _read(tmp_path, _record("response", uri, payload)) == []


# Finding 1c: a record shorter than its Content-Length.


@pytest.mark.parametrize("uri", [HUB, "https://example.com/"], ids=["hub", "another-site"])
def test_a_record_shorter_than_its_length_is_reported(tmp_path: Path, uri: str) -> None:
    first = _record("response", API, _ok(b"[]"))
    payload = _ok(PAGE)
    cut = _record("response", uri, payload, length=len(payload) + 1000)[:-4]
    results = _read(tmp_path, first + cut)
    assert isinstance(results[0], CrawlRecord)
    [error] = results[1:]
    assert isinstance(error, ParseError)
    assert error.message == (
        f"the WARC record at byte {len(first)} is cut: {len(payload)} of {len(payload) + 1000} "
        "bytes"
    )
    assert error.source == f"{tmp_path / 'crawl.warc'}:{uri}"


def test_a_hub_record_too_large_is_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(_record("response", HUB, _ok(PAGE)) + _record("response", API, _ok(b"[]")))
    error, record = warc_records(path, max_bytes=len(_ok(b"[]")))
    assert isinstance(error, ParseError)
    assert error.message == f"archive record too large: {len(_ok(PAGE))} bytes"
    assert isinstance(record, CrawlRecord)
    assert record.body == b"[]"


# Chunked bodies: rejoined, and a broken one keeps what came before its break.


@pytest.mark.parametrize(
    ("body", "joined", "problem"),
    [
        (b"5\r\nhello\r\n6;name=x\r\n world\r\n0\r\nTrailer: y\r\n\r\n", b"hello world", None),
        (b"5\r\nhello\r\nzz\r\n world\r\n0\r\n\r\n", b"hello", "chunk header that does not parse"),
        (b"5\r\nhello\r\n6\r\n wor", b"hello wor", "a chunk of 6 bytes has 4"),
        (b"5\r\nhello\r\n", b"hello", "cut before its last chunk"),
        (b"5\r\nhello world\r\n0\r\n\r\n", b"hello", "overruns its size"),
        (b"", b"", "cut before its last chunk"),
        # Some crawlers store the body joined but keep the header: read it whole, silently.
        (PAGE, PAGE, None),
    ],
    ids=["whole", "bad-header", "cut-chunk", "no-last-chunk", "overrun", "empty", "not-chunked"],
)
def test_a_chunked_body_is_rejoined_and_a_broken_one_reported(
    tmp_path: Path, body: bytes, joined: bytes, problem: str | None
) -> None:
    results = _read(tmp_path, _record("response", HUB, _ok(body, chunked=True)))
    assert isinstance(results[0], CrawlRecord)
    assert results[0].body == joined
    if problem is None:
        assert results[1:] == []
    else:
        [error] = results[1:]
        assert isinstance(error, ParseError)
        assert problem in error.message
        assert error.source == results[0].name


# Finding 2: runs of blank lines cost time linear in their length. (FastWARC skips them a line
# at a time, tens of MB/s, where the old reader skipped them as fast as a record's body.)


def _best_time(path: Path, *, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        records = list(warc_records(path, max_bytes=1 << 30))
        best = min(best, time.perf_counter() - started)
        assert [type(record) for record in records] == [CrawlRecord, CrawlRecord]
    return best


@pytest.mark.parametrize("blank", [b"\r\n", b"\n", b"\n\r\n"], ids=["crlf", "lf", "mixed"])
def test_a_long_run_of_blank_lines_is_skipped_in_linear_time(tmp_path: Path, blank: bytes) -> None:
    page = _record("response", HUB, _ok(PAGE))
    times = []
    for size in (4 << 20, 16 << 20):
        crawl = tmp_path / f"blanks-{size}.warc"
        crawl.write_bytes(page + blank * (size // len(blank)) + page)
        times.append(_best_time(crawl))
    assert times[1] / times[0] < 8  # four times the run: quadratic would be sixteen times


@pytest.mark.parametrize("size", [1, 255, 256, 257, 65535, 65536, (1 << 20) + 3])
def test_blank_runs_of_every_length_end_where_the_next_record_starts(
    tmp_path: Path, size: int
) -> None:
    # Lengths either side of the reader's short look, its step and its block.
    for blank in (b"\r\n", b"\n", b"\r\n\n"):
        run = (blank * size)[:size]
        crawl = _record("response", HUB, _ok(PAGE)) + run + _record("response", API, _ok(b"[]"))
        results = _read(tmp_path, crawl)
        assert [getattr(result, "body", result) for result in results] == [PAGE, b"[]"]
        assert _read(tmp_path, crawl[:-4] + run) == results[:2]  # blank to the end of file


# Finding 3: gzip crawls, one member per record as real crawlers write them.


def _members(*records: bytes) -> bytes:
    return b"".join(gzip.compress(record) for record in records)


def test_a_gzip_crawl_of_one_member_per_record_is_read(tmp_path: Path) -> None:
    records = [
        _record("warcinfo", "", b"software: a crawler\r\n"),
        _record("response", HUB, _ok(PAGE)),
        _record("response", "https://example.com/", _ok(b"x" * 3_000_000)),
        _record("response", API, _ok(b"5\r\n[1,2]\r\n0\r\n\r\n", chunked=True)),
    ]
    results = _read(tmp_path, _members(*records), "crawl.warc.gz")
    assert [getattr(result, "body", result) for result in results] == [PAGE, b"[1,2]"]
    assert _read(tmp_path, gzip.compress(b"".join(records)), "one.warc.gz") == [
        CrawlRecord(f"{tmp_path / 'one.warc.gz'}:{uri}", body, DATE)
        for uri, body in ((HUB, PAGE), (API, b"[1,2]"))
    ]


def test_a_gzip_crawl_of_tiny_members_is_read(tmp_path: Path) -> None:
    # A member per byte: every read brings one byte, and a header line is taken in pieces.
    crawl = _record("response", HUB, _ok(PAGE)) + _record("response", API, _ok(b"[]"))
    results = _read(tmp_path, _members(*(bytes([byte]) for byte in crawl)), "crawl.warc.gz")
    assert [getattr(result, "body", result) for result in results] == [PAGE, b"[]"]


def test_a_gzip_crawl_damaged_anywhere_in_a_member_is_reported(tmp_path: Path) -> None:
    first = gzip.compress(_record("response", HUB, _ok(PAGE)))
    second = gzip.compress(_record("response", API, _ok(b"[" + b"1," * 500 + b"1]")))
    # From the end of the member's header on, every byte counts (deflate data, CRC, size);
    # every flip must end in our error, after the record before it. A member's bytes reach
    # the reader before its CRC is checked, so the error is either gzip's or what the damage
    # made of the record ("not a WARC record", a Content-Length that is no number...).
    gzip_errors = 0
    for position in range(10, len(second)):
        damaged = bytearray(second)
        damaged[position] ^= 0x55
        results = _read(tmp_path, first + bytes(damaged), "crawl.warc.gz")
        assert results[0] == _read(tmp_path, first, "crawl.warc.gz")[0]
        assert isinstance(results[-1], ParseError), position
        gzip_errors += results[-1].message.startswith("cannot read archive after byte ")
    assert gzip_errors > len(second) // 2


@pytest.mark.parametrize(
    "tail",
    [b"", b"garbage after the members", b"\x1f\x8b\x08\x00"],
    ids=["cut", "garbage", "a-member-header-alone"],
)
def test_a_gzip_crawl_cut_or_followed_by_garbage_is_reported(tmp_path: Path, tail: bytes) -> None:
    first = gzip.compress(_record("response", HUB, _ok(PAGE)))
    second = gzip.compress(_record("response", API, _ok(b"[]")))
    crawl = first + (second[: len(second) // 2] if tail == b"" else second + tail)
    results = _read(tmp_path, crawl, "crawl.warc.gz")
    assert isinstance(results[0], CrawlRecord)
    assert isinstance(results[-1], ParseError)
    assert "cannot read archive" in results[-1].message


# Any damage ends in records and our own error: never a foreign exception, never a hang.

_CRAWL = (
    _record("response", HUB, _ok(PAGE))
    + _record("response", API, _ok(b"2\r\n[]\r\n0\r\n\r\n", chunked=True))
    + _record("response", "https://example.com/", b"HTTP/1.1 200 OK\r\n\r\nx")
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(0, len(_CRAWL)),
    position=st.integers(0, len(_CRAWL) - 1),
    byte=st.integers(0, 255),
    compress=st.booleans(),
)
def test_a_damaged_crawl_gives_records_and_parse_errors_only(
    tmp_path: Path, cut: int, position: int, byte: int, compress: bool
) -> None:
    damaged = bytearray(_CRAWL)
    damaged[position] = byte
    crawl = bytes(damaged[:cut])
    if compress:
        crawl = gzip.compress(crawl)
    name = "crawl.warc.gz" if compress else "crawl.warc"
    for result in _read(tmp_path, crawl, name):
        assert isinstance(result, CrawlRecord | ParseError)
