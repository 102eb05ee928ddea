"""Source stage: a crawl read a byte range at a time (as engines split a file), from a path or
a file object, gzip told by content, and without the warc extra."""

from __future__ import annotations

import gzip
import io
import random
import sys
import zlib
from itertools import pairwise
from pathlib import Path

import pytest

from paperparse import ParseError
from paperparse._sources.crawls import CrawlRecord, warc_records

from ..crawl_builder import build_crawl

_MANY = 1 << 30
# A page that quotes a WARC record, whole and well formed up to its body: a plain crawl's
# range must not start there.
_QUOTING = (
    b"<html><pre>\r\nWARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello"
    b"\r\n\r\nWARC/1.0 and more</pre></html>"
)


def _pages(count: int) -> list[tuple[str, bytes]]:
    pages = [(f"https://huggingface.co/papers?p={n}", b"<p>page %d</p>" % n) for n in range(count)]
    if count > 3:
        pages[3] = (pages[3][0], _QUOTING)
    return pages


@pytest.fixture(params=[False, True], ids=["plain", "gzip-per-record"])
def crawl(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    packed: bool = request.param
    return build_crawl(tmp_path / "crawl.warc", _pages(8), others=2, gzip_members=packed)


def _read(source: Path | io.BytesIO, **bounds: int) -> list[CrawlRecord | ParseError]:
    return list(warc_records(source, max_bytes=_MANY, name="crawl", **bounds))


def _tiled(crawl: Path, cuts: list[int]) -> list[CrawlRecord | ParseError]:
    edges = [0, *sorted(cuts), crawl.stat().st_size]
    return [
        record for start, stop in pairwise(edges) for record in _read(crawl, start=start, stop=stop)
    ]


def _record_starts(crawl: Path) -> list[int]:
    """Where the records start as stored: a record's first line, or its gzip member."""
    data = crawl.read_bytes()
    if data[:2] == b"\x1f\x8b":
        starts, position = [], 0
        while position < len(data):
            starts.append(position)
            inflate = zlib.decompressobj(wbits=31)
            inflate.decompress(data[position:])
            position = len(data) - len(inflate.unused_data)
        return starts
    found = [0]
    while (at := data.find(b"\r\n\r\nWARC/1.0\r\nWARC-Type", found[-1] + 1)) >= 0:
        found.append(at + 4)
    return found


def test_the_whole_read_finds_every_hub_page(crawl: Path) -> None:
    records = _read(crawl)
    assert [record.body for record in records if isinstance(record, CrawlRecord)] == [
        body for _, body in _pages(8)
    ]


def test_ranges_cut_inside_headers_and_bodies_read_each_record_once(crawl: Path) -> None:
    whole = _read(crawl)
    starts = _record_starts(crawl)
    # Each page: two other sites' request and response, its request, itself, its metadata.
    assert len(starts) == 8 * 7
    # On a record's first byte, one past it (inside its headers or its gzip member), and deep
    # inside a record (its body), and in the quoting page's body, at its quoted record.
    quoted = crawl.read_bytes().find(b"\r\nWARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5")
    cut_sets = [
        [starts[5]],
        [starts[5] + 1],
        [starts[9] + 100, starts[20] + 3],
        [starts[1] - 1, starts[17], starts[30] + 200],
        [max(quoted, 1)],
    ]
    rng = random.Random(18)
    size = crawl.stat().st_size
    cut_sets += [rng.sample(range(1, size), 4) for _ in range(10)]
    for cuts in cut_sets:
        assert _tiled(crawl, cuts) == whole, cuts


def test_every_cut_point_of_a_small_crawl_reads_each_record_once(tmp_path: Path) -> None:
    for packed in (False, True):
        crawl = build_crawl(tmp_path / "small.warc", _pages(4)[:2], others=1, gzip_members=packed)
        whole = _read(crawl)
        for cut in range(1, crawl.stat().st_size):
            assert _tiled(crawl, [cut]) == whole, (packed, cut)


def test_a_range_gets_the_records_that_start_in_it(crawl: Path) -> None:
    starts = _record_starts(crawl)
    # Records 5 (the first page, after two others and its request) to 11: one page.
    [record] = _read(crawl, start=starts[5], stop=starts[12])
    assert isinstance(record, CrawlRecord)
    assert record.body == b"<p>page 0</p>"
    assert _read(crawl, start=starts[6], stop=starts[12]) == []
    assert _read(crawl, start=0, stop=0) == []
    assert _read(crawl, start=crawl.stat().st_size) == []


def test_a_gzip_member_of_several_records_is_read_by_the_range_it_starts_in(
    tmp_path: Path,
) -> None:
    plain = build_crawl(tmp_path / "plain.warc", _pages(4), others=1)
    records = plain.read_bytes().split(b"\r\n\r\nWARC/1.0")
    records = [records[0] + b"\r\n\r\n"] + [
        b"WARC/1.0" + rest + b"\r\n\r\n" for rest in records[1:]
    ]
    records[-1] = records[-1][:-4]
    pairs = [gzip.compress(b"".join(records[n : n + 2])) for n in range(0, len(records), 2)]
    crawl = tmp_path / "pairs.warc.gz"
    crawl.write_bytes(b"".join(pairs))
    whole = _read(crawl)
    assert len(whole) == 4
    assert all(isinstance(record, CrawlRecord) for record in whole)
    member_starts = [sum(map(len, pairs[:n])) for n in range(len(pairs))]
    for start in member_starts[1:]:
        for cut in (start - 1, start, start + 1):
            assert _tiled(crawl, [cut]) == whole, cut


def test_a_file_object_reads_as_its_path_does(crawl: Path) -> None:
    handle = io.BytesIO(crawl.read_bytes())
    assert _read(handle) == _read(crawl)
    starts = _record_starts(crawl)
    assert _read(handle, start=starts[10]) == _read(crawl, start=starts[10])
    with crawl.open("rb") as opened:  # named by its own name when not told
        first = next(iter(warc_records(opened, max_bytes=_MANY)))
    assert isinstance(first, CrawlRecord)
    assert first.name.startswith(f"{crawl}:https://huggingface.co/papers")


def test_gzip_is_told_by_content_not_by_name(tmp_path: Path) -> None:
    packed = build_crawl(tmp_path / "named-plain.warc", _pages(2), gzip_members=True)
    plain = build_crawl(tmp_path / "named-packed.warc.gz", _pages(2))
    assert _read(packed) == _read(plain)
    assert len(_read(packed)) == 2


def test_damage_past_a_range_is_left_to_the_range_it_is_in(tmp_path: Path) -> None:
    crawl = build_crawl(tmp_path / "crawl.warc", _pages(3), others=0)
    crawl.write_bytes(crawl.read_bytes() + b"garbage, no record")
    starts = _record_starts(crawl)
    assert _read(crawl, stop=starts[3]) == _read(crawl)[:1]
    *records, error = _read(crawl, start=starts[3])
    assert [type(record) for record in records] == [CrawlRecord, CrawlRecord]
    assert isinstance(error, ParseError)
    assert "not a WARC record" in error.message


def test_without_the_warc_extra_a_crawl_says_what_to_install(
    crawl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in ("fastwarc", "fastwarc.warc", "fastwarc.stream_io"):
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    [error] = _read(crawl)
    assert isinstance(error, ParseError)
    assert error.code == "unreadable"
    assert "pip install 'paperparse[warc]'" in error.message
