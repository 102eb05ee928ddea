"""WARC readers on one crawl: paperparse's reader (on FastWARC), FastWARC's bare iteration and
warcio, for issue 18: how close to FastWARC's own speed the skipping of other sites runs.

    python benchmarks/warc_readers.py                 # 2,000 Hub pages among 18,000 others
    python benchmarks/warc_readers.py --hub 200 --other 1800 --gzip

The crawl is built by ``tests/crawl_builder.py``: the bundled text, HTML and JSON fixtures as
Hub response records, each after nine other sites' responses (a few kilobytes each), with
request and metadata records, as Common Crawl's files hold them (``--gzip``: one gzip member
a record, as there). Each reader is timed over the same file, best of ``--repeat`` runs:

- paperparse: ``warc_records``, every Hub body handed over (HTTP headers off), every damage
  check on;
- fastwarc-bare: FastWARC's ``ArchiveIterator`` over the same open file, every record, no
  filter, no HTTP parsing, no body read: the floor of what reading the crawl costs;
- warcio: its ``ArchiveIterator``, finding the Hub responses and reading their bodies.

The skip ratio is paperparse's MB/s over FastWARC's bare MB/s; the target is 80%. A reader
that is not installed is named and left out. Figures are MB/s of the crawl as stored.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
FIXTURES: Final = ROOT / "tests" / "fixtures"
TARGET: Final = 0.80
_HUB: Final = re.compile(r"https://huggingface\.co/(?:papers|api/)")

sys.path.insert(0, str(ROOT))  # the crawl builder lives with the tests
from tests.crawl_builder import PAGE_SUFFIXES, build_crawl, hub_uri  # noqa: E402


def build(folder: Path, *, hub: int, other: int, compressed: bool) -> Path:
    fixtures = sorted(
        path for path in FIXTURES.rglob("*") if path.suffix in PAGE_SUFFIXES and path.is_file()
    )
    pages = [
        (hub_uri(n, fixtures[n % len(fixtures)]), fixtures[n % len(fixtures)].read_bytes())
        for n in range(hub)
    ]
    path = folder / ("crawl.warc.gz" if compressed else "crawl.warc")
    return build_crawl(path, pages, others=max(other // max(hub, 1), 1), gzip_members=compressed)


def ours(path: Path) -> Iterator[bytes]:
    from paperparse._sources.crawls import warc_records

    for record in warc_records(path, max_bytes=1 << 28):
        body = getattr(record, "body", None)
        if body is None:
            raise RuntimeError(f"paperparse reported damage: {record}")
        yield body


def fastwarc_bare(path: Path) -> Iterator[bytes]:
    from fastwarc.stream_io import GzipReader
    from fastwarc.warc import ArchiveIterator

    with path.open("rb") as handle:
        stream = GzipReader(handle) if handle.read(2) == b"\x1f\x8b" else handle
        handle.seek(0)
        for _ in ArchiveIterator(stream, parse_http=False, stream_detect=False):
            yield b""


def warcio(path: Path) -> Iterator[bytes]:
    from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-not-found]

    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if _HUB.match(uri):
                yield record.content_stream().read()


READERS: Final[dict[str, Callable[[Path], Iterator[bytes]]]] = {
    "paperparse": ours,
    "fastwarc-bare": fastwarc_bare,
    "warcio": warcio,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hub", type=int, default=2000)
    parser.add_argument("--other", type=int, default=18000)
    parser.add_argument("--gzip", action="store_true", help="a .warc.gz, a gzip member a record")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        crawl = build(Path(folder), hub=args.hub, other=args.other, compressed=args.gzip)
        size = crawl.stat().st_size / 1e6
        print(f"{crawl.name}: {size:.1f} MB, {args.hub} Hub responses among {args.other} others")
        speeds: dict[str, float] = {}
        for name, reader in READERS.items():
            try:
                found = sum(1 for _ in reader(crawl))
            except ImportError as exc:
                print(f"  {name:<14} not installed ({exc.name})")
                continue
            except Exception as exc:  # noqa: BLE001 - a reader refusing the crawl is a result
                reason = " ".join(str(exc).split())[:100]
                print(f"  {name:<14} failed on this crawl: {type(exc).__name__}: {reason}")
                continue
            best = min(_timed(reader, crawl) for _ in range(args.repeat))
            speeds[name] = size / best
            what = "records" if name == "fastwarc-bare" else "Hub bodies"
            print(f"  {name:<14} {size / best:8.1f} MB/s  {found} {what}")
        if "paperparse" in speeds and "fastwarc-bare" in speeds:
            ratio = speeds["paperparse"] / speeds["fastwarc-bare"]
            verdict = "met" if ratio >= TARGET else "NOT met"
            target = f"{TARGET:.0%}: {verdict}"
            print(f"  skip ratio: {ratio:.0%} of FastWARC's bare iteration ({target})")


def _timed(reader: Callable[[Path], Iterator[bytes]], crawl: Path) -> float:
    start = time.perf_counter()
    for _ in reader(crawl):
        pass
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
