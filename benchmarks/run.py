"""Benchmark paperparse against the floors it cannot avoid, in one run, on the same inputs.

    python3 dev.py bench                 # everything, printed as a table
    python3 dev.py bench --quick         # fewer repeats (a smoke run)
    python3 dev.py bench --markdown      # the table as Markdown, for docs/performance.md

Each figure is the median of repeated runs; every ratio compares two timings taken in this
same run on the same bytes, so machine speed cancels out. Inputs come from the shared corpus
when it is beside the checkout, else from the bundled fixtures.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "text" / "seed_search.txt"

sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from machine import spin_pair  # noqa: E402

import paperparse  # noqa: E402
from paperparse import Location, Paper  # noqa: E402
from paperparse._fields.dates import match_display_date, parse_timestamp  # noqa: E402
from paperparse._fields.links import find_urls  # noqa: E402
from paperparse._hub.item_fields import clean_names, clean_text  # noqa: E402

Row = tuple[str, str, float, str]  # (measure, value, ratio, target)


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    return paired_medians([action], repeats)[0]


def paired_medians(actions: list[Callable[[], object]], repeats: int) -> list[float]:
    """Median time of each action, the actions taking turns: a machine that speeds up or
    slows down during the run (frequency scaling, a noisy neighbour) affects all alike."""
    for action in actions:
        action()  # warm caches and lazy imports
    timings: list[list[float]] = [[] for _ in actions]
    for _ in range(repeats):
        for action, times in zip(actions, timings, strict=True):
            gc.collect()
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
    return [statistics.median(times) for times in timings]


def first_existing(*candidates: Path) -> Path | None:
    return next((path for path in candidates if path.is_file()), None)


def html_listing(repeats: int) -> list[Row]:
    page = first_existing(
        *sorted((CORPUS / "html-daily").glob("daily-2024-08-01*.html")),
        FIXTURES / "html" / "daily_hydrated.html",  # without the corpus: a page with its JSON
    )
    if page is None:
        return [("HTML listing", "no HTML page found", float("nan"), "")]
    import lxml.html
    from bs4 import BeautifulSoup

    data = page.read_bytes()

    def typical_scraper() -> object:
        soup = BeautifulSoup(data, "html.parser")
        div = soup.find("div", attrs={"data-target": "DailyPapers"})
        props = div.get("data-props") if div else None
        return json.loads(str(props)) if props else None

    ours, tree = paired_medians(
        [lambda: paperparse.parse(data), lambda: lxml.html.fromstring(data)], repeats
    )
    scraper = median_seconds(typical_scraper, max(3, repeats // 4))
    listing = paperparse.parse(data)
    papers = len(listing.papers)
    least, tree_again = paired_medians(
        [_least_html_work(data, listing.papers), lambda: lxml.html.fromstring(data)], repeats
    )
    return [
        (f"HTML listing ({page.name[:24]}, {len(data) / 1e3:.0f} KB)", _ms(ours), 0.0, ""),
        ("  vs lxml.html.fromstring", _ms(tree), ours / tree, "<= 2.5x"),
        ("  least work any parse does, vs the same", _ms(least), least / tree_again, ""),
        ("  typical bs4 scraper / paperparse", _ms(scraper), scraper / ours, ">= 6x faster"),
        ("  throughput", _throughput(len(data), papers, ours), 0.0, ""),
    ]


def api_json(repeats: int) -> list[Row]:
    page = first_existing(
        *sorted((CORPUS / "api-json").glob("daily_papers-2025-10-03*.json")),
        *sorted((FIXTURES / "json").glob("*.json")),
    )
    if page is None:
        return [("API JSON", "no JSON file found", float("nan"), "")]
    data = page.read_bytes()
    ours, floor = paired_medians(
        [lambda: paperparse.parse(data), lambda: json.loads(data)], repeats
    )
    listing = paperparse.parse(data)
    papers = len(listing.papers)
    least, floor_again = paired_medians(
        [_least_json_work(data, listing.papers), lambda: json.loads(data)], repeats
    )
    return [
        (f"API JSON ({len(data) / 1e3:.0f} KB)", _ms(ours), 0.0, ""),
        ("  vs json.loads", _ms(floor), ours / floor, "<= 2x"),
        ("  least work any parse does, vs the same", _ms(least), least / floor_again, ""),
        ("  throughput", _throughput(len(data), papers, ours), 0.0, ""),
    ]


def text_seed(repeats: int) -> list[Row]:
    text = SEED.read_text(encoding="utf-8")
    lines = re.compile(r"[^\n]+")
    least_work = _least_text_work(text, paperparse.parse(text).papers)
    ours, floor, least = paired_medians(
        [lambda: paperparse.parse(text), lambda: lines.findall(text), least_work], repeats
    )
    return [
        (f"Text seed ({len(text) / 1e3:.0f} KB)", _ms(ours), 0.0, ""),
        ("  vs one regex pass", _ms(floor), ours / floor, "<= 8x"),
        ("  least work any parse does, vs the same", _ms(least), least / floor, ""),
        ("  throughput", _throughput(len(text.encode()), 45, ours), 0.0, ""),
    ]


# What any parse of these inputs must do, whatever its design, timed against the same
# baselines: each target's ratio minus this one is all that is left for reading the page.
# Every piece is a step the library cannot skip and still give every field: one Python step
# per line of text, one Paper and one Location per paper, each printed date or timestamp
# read, each text field normalised once, each abstract scanned for code links.


def _least_text_work(text: str, papers: Sequence[Paper]) -> Callable[[], object]:
    ready = [attrs.asdict(paper, recurse=False) for paper in papers]
    dates = [paper.published_text for paper in papers if paper.published_text]
    abstracts = [paper.abstract for paper in papers if paper.abstract]

    def least() -> object:
        lines = [(n, s) for n, line in enumerate(text.split("\n"), 1) if (s := line.strip())]
        built = [(Paper(**fields), Location(line=1, end_line=2)) for fields in ready]
        return lines, built, [match_display_date(d) for d in dates], list(map(find_urls, abstracts))

    return least


def _least_json_work(data: bytes, papers: Sequence[Paper]) -> Callable[[], object]:
    ready = [attrs.asdict(paper, recurse=False) for paper in papers]

    def least() -> object:
        return _least_item_work(json.loads(data), ready)

    return least


def _least_item_work(items: Any, ready: list[dict[str, Any]]) -> list[object]:
    """Per item: its Paper and Location built (from ``ready`` values), its three texts and
    its author names normalised, its two timestamps read, its abstract scanned for links."""
    work: list[object] = []
    for item, fields in zip(items, ready, strict=False):
        paper = item.get("paper", item)
        texts = [clean_text(paper.get(key) or "") for key in ("title", "summary", "ai_summary")]
        stamps = [parse_timestamp(paper.get(key) or "") for key in _STAMPS]
        names = clean_names(paper.get("authors") or [])
        work.append((Paper(**fields), Location(path="/0"), texts, stamps, names))
        work.append(find_urls(texts[1]))
    return work


_STAMPS: Final = ("publishedAt", "submittedOnDailyAt")


def _least_html_work(data: bytes, papers: Sequence[Paper]) -> Callable[[], object]:
    import lxml.html
    from lxml import etree

    visible_text = etree.XPath(".//text()[normalize-space()]")
    ready = [attrs.asdict(paper, recurse=False) for paper in papers]

    def least() -> object:
        tree = lxml.html.fromstring(data)
        props = tree.find(".//*[@data-target='DailyPapers']").get("data-props")
        items = json.loads(props)["dailyPapers"]
        cards = [visible_text(article) for article in tree.iter("article")]
        return _least_item_work(items, ready), cards

    return least


def large_input(repeats: int) -> list[Row]:
    """1 MB and 10 MB listings built by repeating the seed's cards: time and peak memory."""
    text = SEED.read_text(encoding="utf-8")
    header, _, cards = text.partition("Nov 6\n")
    one_mb = header + "Nov 6\n" + cards * max(1, round(1e6 / len(cards)))
    ten_mb = header + "Nov 6\n" + cards * max(1, round(1e7 / len(cards)))
    small, large = paired_medians(
        [lambda: paperparse.parse(one_mb), lambda: paperparse.parse(ten_mb)], max(3, repeats // 5)
    )
    peak = _peak_memory_ratio(ten_mb)
    return [
        ("Large text input, 1 MB", _ms(small), 0.0, ""),
        ("  10 MB vs 10 x 1 MB", _ms(large), large / (10 * small), "<= 1.3x"),
        ("  10 MB peak memory / input size", f"{peak:.1f}x", peak, "<= 10x"),
    ]


def _peak_memory_ratio(text: str) -> float:
    """Peak memory Python allocates while parsing ``text`` (tracemalloc, in a fresh
    process, the input itself included), over the input's size."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.txt"
        path.write_text(text, encoding="utf-8")
        code = (
            "import sys, tracemalloc, paperparse\n"
            "tracemalloc.start()\n"
            "paperparse.parse(open(sys.argv[1], 'rb').read())\n"
            "print(tracemalloc.get_traced_memory()[1])\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
    return int(out.stdout.strip()) / len(text.encode())


def batch(pages: int) -> list[Row]:
    """A folder of ``pages`` saved pages through the CLI, one process vs two."""
    sources = [SEED, *sorted((FIXTURES / "text").glob("*.md"))]
    with tempfile.TemporaryDirectory() as folder:
        for index in range(pages):
            source = sources[index % len(sources)]
            shutil.copyfile(source, Path(folder) / f"{index:05d}{source.suffix}")

        def run(jobs: int) -> float:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "paperparse", "parse", folder, "--format", "jsonl",
                 "-o", os.devnull, "--jobs", str(jobs), "--reference-date", "2026-01-01"],
                check=True,
                capture_output=True,
                env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            )  # fmt: skip
            return time.perf_counter() - start

        # Taking turns, like the rest; the machine's own scaling is measured in between.
        timings = [(run(1), run(2), *spin_pair()) for _ in range(5)]
        columns = zip(*timings, strict=True)
        one, two, spin_one, spin_two = (statistics.median(column) for column in columns)
    return [
        (f"Batch of {pages} pages via CLI, 1 process", f"{pages / one:.0f} pages/s", 0.0, ""),
        ("  2 processes vs 1 (throughput)", f"{pages / two:.0f} pages/s", one / two, ">= 1.7x"),
        ("  the machine: 2 busy processes vs 1", "pure-Python loop", 2 * spin_one / spin_two, ""),
    ]


def import_time(repeats: int) -> list[Row]:
    def fresh(module: str) -> float:
        code = (
            "import time; start = time.perf_counter(); "
            f"import {module}; print(time.perf_counter() - start)"
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        samples = [
            float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True, env=env).stdout)
            for _ in range(repeats)
        ]  # fmt: skip
        return statistics.median(samples)

    ours, attrs_only = fresh("paperparse"), fresh("attrs")
    return [("import paperparse (fresh interpreter)", _ms(ours), ours / attrs_only, "<= 1.3x")]


def _guarded(section: Callable[[int], list[Row]], repeats: int) -> list[Row]:
    try:
        return section(repeats)
    except paperparse.ParseError as error:
        return [(section.__name__, f"not measured: {error.message}", 0.0, "")]


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms"


def _throughput(size: int, papers: int, seconds: float) -> str:
    return f"{size / 1e6 / seconds:.1f} MB/s, {papers / seconds:.0f} papers/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    repeats = 5 if args.quick else 25
    rows = [
        *_guarded(html_listing, repeats),
        *_guarded(api_json, repeats),
        *text_seed(repeats),
        *large_input(repeats),
        *batch(100 if args.quick else 1000),
        *import_time(5 if args.quick else 15),
    ]
    if args.markdown:
        print("| measure | median | ratio | target |\n|---|---|---|---|")
        for measure, value, ratio, target in rows:
            shown = f"{ratio:.2f}x" if ratio else ""
            print(f"| {measure.strip()} | {value} | {shown} | {target} |")
        return
    for measure, value, ratio, target in rows:
        shown = f"{ratio:6.2f}x" if ratio else ""
        print(f"{measure:52} {value:>32} {shown:>9}  {target}")


if __name__ == "__main__":
    main()
