"""A crawl through every engine: the command line, Dask with 1 and 2 workers, Spark local[1]
and local[2], beside the WARC library's bare iteration as the floor (issue 18's targets).

    python benchmarks/at_scale.py                    # 300 Hub pages among 2,700 others
    python benchmarks/at_scale.py --hub 60 --repeat 1  # a smoke run

The crawl is built by ``tests/crawl_builder.py`` from the corpus's pages (the bundled
fixtures without ``../shared``), cycled to ``--hub`` Hub responses, each after nine other
sites' records, one gzip member a record as Common Crawl keeps them. Every figure is the
median of ``--repeat`` runs taken in this run; every ratio compares two of them.

* floor: FastWARC iterating every record and reading its body;
* skip: paperparse's reader handing over the Hub bodies, unparsed, against the floor;
* least pipeline: the floor's Hub bodies parsed one after another (``paperparse.parse``);
* CLI: ``paperparse parse CRAWL -o out.jsonl`` in one process, against the least pipeline;
* Dask and Spark: ``read_papers`` computed (every row built, nothing collected), the crawl
  split in ``--pieces`` byte ranges; the cluster's start is not timed;
* two processes: a pure-Python loop in two processes at once against one, this machine's
  own ceiling for two workers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import attrs

ROOT: Final = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from machine import spin_pair  # noqa: E402
from tests.crawl_builder import build_crawl, corpus_pages, hub_uri  # noqa: E402

import paperparse  # noqa: E402

FIXTURES: Final = ROOT / "tests" / "fixtures"
DAY: Final = "2026-10-06"


def crawl_pages(count: int) -> list[tuple[str, bytes]]:
    """``count`` Hub pages: the corpus's (else the fixtures'), cycled, each its own URL."""
    found = corpus_pages() or sorted(
        path for path in FIXTURES.rglob("*") if path.suffix in (".html", ".json", ".txt")
    )
    pages = [path for path in found if paperparse_reads(path)]
    return [(hub_uri(n, pages[n % len(pages)]), pages[n % len(pages)].read_bytes())
            for n in range(count)]  # fmt: skip


def paperparse_reads(path: Path) -> bool:
    try:
        paperparse.parse(path)
    except paperparse.ParseError:
        return False
    return True


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def hub_bodies(crawl: Path) -> list[bytes]:
    from paperparse._sources.crawls import warc_records

    return [record.body for record in warc_records(crawl, max_bytes=1 << 28)
            if not isinstance(record, paperparse.ParseError)]  # fmt: skip


def bare_iteration(crawl: Path) -> int:
    """FastWARC over every record, each body read: what any reader of the crawl pays."""
    from fastwarc.warc import ArchiveIterator  # type: ignore[import-not-found,unused-ignore]

    read = 0
    with crawl.open("rb") as stream:
        for record in ArchiveIterator(stream, parse_http=False):
            read += len(record.reader.read())
    return read


def parse_all(bodies: list[bytes]) -> int:
    return sum(len(paperparse.parse(body).papers) for body in bodies)


def cli(crawl: Path, out: Path) -> None:
    command = [sys.executable, "-m", "paperparse", "parse", str(crawl), "-q", "-o", str(out)]
    subprocess.run([*command, "--reference-date", DAY], check=True)


def dask_run(crawl: Path, workers: int, split: int, repeat: int) -> tuple[float, int]:
    import distributed

    import paperparse.dask as ppdask

    cluster = distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    runs = itertools.count(1)

    def rows() -> int:
        # Each run its own graph (another fallback day, which no record here needs): Dask
        # would hand back a result it still holds under the same keys.
        day = dt.date(2026, 10, 1) + dt.timedelta(days=next(runs))
        frame = ppdask.read_papers(str(crawl), split_bytes=split, reference_date=day)
        return int(frame.map_partitions(len).compute().sum())

    with cluster, distributed.Client(cluster):
        count = rows()  # a warm-up, and the count
        return median_seconds(rows, repeat), count


def spark_run(crawl: Path, cores: int, split: int, repeat: int) -> tuple[float, int]:
    from pyspark.sql import SparkSession

    import paperparse.spark as ppspark

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        frame = ppspark.read_papers(spark, str(crawl), split_bytes=split)
        count = frame.count()  # a warm-up, and the count
        seconds = median_seconds(
            lambda: frame.write.format("noop").mode("overwrite").save(), repeat
        )
        return seconds, count
    finally:
        spark.stop()


def two_processes(repeat: int) -> float:
    """This machine's own gain from two busy processes over one (``machine.spin_pair``)."""
    pairs = [spin_pair() for _ in range(repeat)]
    one = statistics.median(pair[0] for pair in pairs)
    two = statistics.median(pair[1] for pair in pairs)
    return 2 * one / two


def main() -> None:
    # PySpark warns that it does not yet test against pandas 3; nothing here relies on it.
    warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hub", type=int, default=300, help="Hub pages in the crawl")
    parser.add_argument("--pieces", type=int, default=16, help="byte ranges for the engines")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-spark", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        crawl = build_crawl(
            Path(folder) / "crawl.warc.gz", crawl_pages(args.hub), gzip_members=True
        )
        report(crawl, Path(folder), args)


def read_in_process(crawl: Path) -> int:
    """The library's read of a crawl, in one process: its Hub records found and parsed."""
    from paperparse._batch.parallel import parse_input
    from paperparse._sources.inputs import expand

    results = (
        parse_input(item, reference_date=None, strict=False) for item in expand([str(crawl)])
    )
    return sum(len(result.papers) for result in results if isinstance(result, paperparse.Listing))


@attrs.frozen
class Target:
    name: str
    ratio: float
    bar: str
    met: bool


def report(crawl: Path, folder: Path, args: Any) -> None:
    stored = crawl.stat().st_size
    split = max(stored // args.pieces, 1)
    bodies = hub_bodies(crawl)
    papers = parse_all(bodies)
    print(
        f"{crawl.name}: {stored / 1e6:.1f} MB stored, {bare_iteration(crawl) / 1e6:.1f} MB of"
        f" records; {len(bodies)} Hub pages ({papers} papers) among {9 * len(bodies)} others"
    )
    timed: dict[str, float] = {}
    timed["FastWARC, every record (the floor)"] = median_seconds(
        lambda: bare_iteration(crawl), args.repeat
    )
    timed["paperparse reader, bodies unparsed"] = median_seconds(
        lambda: hub_bodies(crawl), args.repeat
    )
    parse = median_seconds(lambda: parse_all(bodies), args.repeat)
    floor = timed["FastWARC, every record (the floor)"]
    timed["floor + parse of the Hub bodies"] = floor + parse
    timed["paperparse read, one process"] = median_seconds(
        lambda: read_in_process(crawl), args.repeat
    )
    timed["CLI to JSON Lines, one process"] = median_seconds(
        lambda: cli(crawl, folder / "o.jsonl"), args.repeat
    )
    for workers in (1, 2):
        seconds, count = dask_run(crawl, workers, split, args.repeat)
        assert count == papers, (count, papers)
        timed[f"Dask, {workers} worker(s)"] = seconds
    if not args.skip_spark:
        for cores in (1, 2):
            seconds, count = spark_run(crawl, cores, split, args.repeat)
            assert count == papers, (count, papers)
            timed[f"Spark local[{cores}]"] = seconds
    print(f"{'run':<38} {'seconds':>8} {'pages/s':>8} {'MB/s':>7}")
    for name, seconds in timed.items():
        rate = len(bodies) / seconds
        print(f"{name:<38} {seconds:8.2f} {rate:8.1f} {stored / 1e6 / seconds:7.1f}")
    machine = two_processes(args.repeat)
    skip = floor / timed["paperparse reader, bodies unparsed"]
    pipeline = timed["paperparse read, one process"] / (floor + parse)
    dask = timed["Dask, 1 worker(s)"] / timed["Dask, 2 worker(s)"]
    targets = [
        Target("skip: the reader's speed over the floor's", skip, ">= 0.80", skip >= 0.8),
        Target("pipeline: the read over floor + parse", pipeline, "<= 1.30", pipeline <= 1.3),
        Target(f"Dask: 2 workers over 1 (machine: {machine:.2f}x)", dask, ">= 1.60", dask >= 1.6),
    ]
    if "Spark local[2]" in timed:
        spark = timed["Spark local[1]"] / timed["Spark local[2]"]
        targets.append(Target("Spark: local[2] over local[1]", spark, "reported", True))
    print()
    for target in targets:
        verdict = "met" if target.met else "NOT MET"
        print(f"{target.name:<48} {target.ratio:6.2f}x  {target.bar:<9} {verdict}")
    per_million = timed["Dask, 2 worker(s)"] * 2 / len(bodies) * 1e6 / 3600
    print(f"\ncost: {per_million:.1f} core-hours per million Hub pages (Dask, 2 workers)")


if __name__ == "__main__":
    main()
