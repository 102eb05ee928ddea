"""WARC readers on one crawl: paperparse's own reader, FastWARC and warcio, for issue 18's
choice of a maintained library.

    python benchmarks/warc_readers.py                 # 2,000 Hub pages among 18,000 others
    python benchmarks/warc_readers.py --hub 200 --other 1800 --gzip

The crawl is built here: the bundled text, HTML and JSON fixtures as Hub response records,
each among nine other sites' responses (a few kilobytes each), plus request and metadata
records, as Common Crawl's files hold them. Each reader is timed over the same file, best
of ``--repeat`` runs, doing what paperparse needs: find the Hub responses and hand over
their bodies (HTTP headers off), skipping everything else. A reader that is not installed
is named and left out. Figures are MB/s of the crawl as stored, and ratios to the slowest.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
FIXTURES: Final = ROOT / "tests" / "fixtures"
_HUB: Final = re.compile(rb"https://huggingface\.co/(?:papers|api/)")


def _record(kind: str, uri: str, payload: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2026-10-06T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri))}>\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload + b"\r\n\r\n"


def _response(body: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def build(folder: Path, *, hub: int, other: int, compressed: bool) -> Path:
    pages = [
        path.read_bytes()
        for path in sorted(FIXTURES.rglob("*"))
        if path.suffix in (".txt", ".md", ".html", ".json") and path.is_file()
    ]
    filler = b"<html><body>" + b"<p>another site's page</p>" * 150 + b"</body></html>"
    path = folder / ("crawl.warc.gz" if compressed else "crawl.warc")
    with gzip.open(path, "wb") if compressed else path.open("wb") as out:
        others_per_hub = max(other // max(hub, 1), 1)
        for n in range(hub):
            for m in range(others_per_hub):
                uri = f"https://example.org/{n}/{m}"
                out.write(_record("request", uri, b"GET / HTTP/1.1\r\n\r\n"))
                out.write(_record("response", uri, _response(filler)))
            page = pages[n % len(pages)]
            out.write(
                _record("response", f"https://huggingface.co/papers/2409.{n:05d}", _response(page))
            )
    return path


def ours(path: Path) -> Iterator[bytes]:
    from paperparse._sources.crawls import warc_records

    for record in warc_records(path, max_bytes=1 << 28):
        body = getattr(record, "body", None)
        if body is not None:
            yield body


def fastwarc(path: Path) -> Iterator[bytes]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType  # type: ignore[import-not-found]

    with path.open("rb") as stream:
        for record in ArchiveIterator(
            stream, record_types=WarcRecordType.response, parse_http=True
        ):
            if _HUB.match(record.headers.get("WARC-Target-URI", "").encode()):
                yield record.reader.read()


def warcio(path: Path) -> Iterator[bytes]:
    from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-not-found]

    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if _HUB.match(uri.encode()):
                yield record.content_stream().read()


READERS: Final[dict[str, Callable[[Path], Iterator[bytes]]]] = {
    "paperparse": ours,
    "fastwarc": fastwarc,
    "warcio": warcio,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hub", type=int, default=2000)
    parser.add_argument("--other", type=int, default=18000)
    parser.add_argument("--gzip", action="store_true", help="a .warc.gz, as crawls are kept")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        crawl = build(Path(folder), hub=args.hub, other=args.other, compressed=args.gzip)
        size = crawl.stat().st_size / 1e6
        print(f"{crawl.name}: {size:.1f} MB, {args.hub} Hub responses among {args.other} others")
        results: dict[str, float] = {}
        for name, reader in READERS.items():
            try:
                found = sum(1 for _ in reader(crawl))
            except ImportError as exc:
                print(f"  {name:<11} not installed ({exc.name})")
                continue
            except Exception as exc:  # noqa: BLE001 - a reader refusing the crawl is a result
                reason = " ".join(str(exc).split())[:100]
                print(f"  {name:<11} failed on this crawl: {type(exc).__name__}: {reason}")
                continue
            best = min(_timed(reader, crawl) for _ in range(args.repeat))
            results[name] = best
            print(f"  {name:<11} {size / best:8.1f} MB/s  {found} Hub bodies")
        slowest = max(results.values())
        for name, seconds in results.items():
            print(f"  {name:<11} {slowest / seconds:6.2f}x the slowest")


def _timed(reader: Callable[[Path], Iterator[bytes]], crawl: Path) -> float:
    start = time.perf_counter()
    for _ in reader(crawl):
        pass
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
