"""The save day: ``Listing.retrieved`` is the document's own evidence of when it was saved,
else the caller's reference date, by one rule for every input format; and the history query
of docs/cli.md, which needs it to date the snapshots of a page without a date of its own."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

import pytest

import paperparse
from paperparse import Listing
from paperparse._batch.parallel import parse_inputs
from paperparse._sources.inputs import expand
from paperparse.cli import main

from .conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
SAVED = dt.date(2026, 10, 6)  # the caller's save day, as --reference-date gives it
WARC_DATE = "2024-08-02T03:15:22Z"
HTML_OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
JSON_OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
DAILY_URI = "https://huggingface.co/papers?date=2024-08-01"
API_URI = "https://huggingface.co/api/daily_papers"
PAPER_URI = "https://huggingface.co/papers/2509.24002"


def _record(uri: str, payload: bytes, date: str | None) -> bytes:
    dated = f"WARC-Date: {date}\r\n" if date is not None else ""
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n{dated}"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload + b"\r\n\r\n"


def _crawl(tmp_path: Path, *records: bytes) -> Path:
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"".join(records))
    return path


def _page_and_api(tmp_path: Path, date: str | None = WARC_DATE) -> Path:
    page = (FIXTURES / "html" / "daily_hydrated.html").read_bytes()
    api = (FIXTURES / "json" / "daily_2025.json").read_bytes()
    return _crawl(
        tmp_path, _record(DAILY_URI, HTML_OK + page, date), _record(API_URI, JSON_OK + api, date)
    )


def _listings(crawl: Path, reference_date: dt.date | None = None) -> list[Listing]:
    results = list(parse_inputs(expand([str(crawl)]), reference_date=reference_date))
    assert all(isinstance(result, Listing) for result in results), results
    return [result for result in results if isinstance(result, Listing)]


# A crawl record's WARC-Date.


def test_a_crawl_records_warc_date_is_its_retrieved(tmp_path: Path) -> None:
    listings = _listings(_page_and_api(tmp_path))
    assert [(listing.input_format, listing.retrieved) for listing in listings] == [
        ("html", dt.date(2024, 8, 2)),
        ("json", dt.date(2024, 8, 2)),
    ]
    # The listing's own date stays its own.
    assert [listing.page_date for listing in listings] == [
        dt.date(2024, 8, 1),
        dt.date(2025, 10, 3),
    ]


def test_the_warc_date_goes_before_the_reference_date(tmp_path: Path) -> None:
    listings = _listings(_page_and_api(tmp_path), reference_date=SAVED)
    assert [listing.retrieved for listing in listings] == [dt.date(2024, 8, 2)] * 2


@pytest.mark.parametrize("date", [None, "yesterday", "2024-13-45T00:00:00Z"], ids=repr)
def test_a_record_without_a_readable_warc_date_takes_the_reference_date(
    tmp_path: Path, date: str | None
) -> None:
    crawl = _page_and_api(tmp_path, date)
    assert [listing.retrieved for listing in _listings(crawl)] == [None, None]
    assert [listing.retrieved for listing in _listings(crawl, SAVED)] == [SAVED, SAVED]


def test_the_command_line_gives_a_crawl_record_its_warc_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crawl = _page_and_api(tmp_path)
    assert main(["parse", str(crawl), "--reference-date", "2026-10-06"]) == 0
    pages = json.loads(capsys.readouterr().out)
    assert [(page["source"], page["retrieved"]) for page in pages] == [
        (f"{crawl}:{DAILY_URI}", "2024-08-02"),
        (f"{crawl}:{API_URI}", "2024-08-02"),
    ]


def test_a_crawled_trending_page_is_dated_by_its_warc_date_in_a_merge(tmp_path: Path) -> None:
    trending = (FIXTURES / "html" / "trending.html").read_bytes()
    crawl = _crawl(
        tmp_path, _record("https://huggingface.co/papers/trending", HTML_OK + trending, WARC_DATE)
    )
    database = tmp_path / "papers.sqlite"
    assert main(["merge", str(crawl), "-o", str(database), "--reference-date", "2026-10-06"]) == 0
    with sqlite3.connect(database) as connection:
        days = connection.execute("SELECT kind, day FROM appearances").fetchall()
    assert days == [("trending", "2024-08-02")]


def test_year_less_dates_in_a_crawl_record_resolve_by_its_warc_date(tmp_path: Path) -> None:
    page = (FIXTURES / "html" / "paper_stripped.html").read_bytes()  # "Sep 28", "on Oct 1"
    # Saved in January: the September and October it shows are of the year before.
    crawl = _crawl(tmp_path, _record(PAPER_URI, HTML_OK + page, "2026-01-05T09:00:00Z"))
    (listing,) = _listings(crawl)
    (paper,) = listing.papers
    assert listing.retrieved == dt.date(2026, 1, 5)
    assert (paper.published, paper.submitted) == (dt.date(2025, 9, 28), dt.date(2025, 10, 1))
    assert paper.date_resolution == "retrieval-date"
    assert "unresolved-year" not in {problem.code for problem in listing.problems}
    # Without the record's date, nothing on the page gives the year.
    alone = paperparse.parse(page)
    assert alone.papers[0].published is None
    assert "unresolved-year" in {problem.code for problem in alone.problems}


def test_a_reference_date_goes_before_the_warc_date_for_the_year(tmp_path: Path) -> None:
    page = (FIXTURES / "html" / "paper_stripped.html").read_bytes()
    crawl = _crawl(tmp_path, _record(PAPER_URI, HTML_OK + page, "2026-01-05T09:00:00Z"))
    (listing,) = _listings(crawl, reference_date=SAVED)
    # The caller's date is the caller's word on the year; the record's is still the save day.
    assert listing.retrieved == dt.date(2026, 1, 5)
    assert listing.papers[0].published == dt.date(2026, 9, 28)
    assert listing.papers[0].date_resolution == "reference-date"


# The page's own evidence, and a web archive's, over the reference date.


@pytest.mark.parametrize(
    ("fixture", "saved"),
    [
        ("text/search_firecrawl.md", dt.date(2026, 3, 15)),  # front matter: "retrieved:"
        ("text/search_notebook_export.md", dt.date(2026, 7, 28)),  # "Exported:"
        ("html/daily_wayback.html", dt.date(2024, 8, 2)),  # web.archive.org/web/20240802...
        ("html/daily_hydrated.mhtml", dt.date(2024, 8, 2)),  # MHTML "Date:"
    ],
)
def test_the_documents_own_save_date_goes_before_the_reference_date(
    fixture: str, saved: dt.date
) -> None:
    assert paperparse.parse(FIXTURES / fixture).retrieved == saved
    assert paperparse.parse(FIXTURES / fixture, reference_date=SAVED).retrieved == saved


def test_a_clip_date_in_front_matter_is_kept_over_the_reference_date() -> None:
    page = "---\nurl: https://huggingface.co/papers/2509.24002\nclipped: 2025-10-02\n---\n"
    page += (FIXTURES / "text" / "paper_copy.txt").read_text(encoding="utf-8")
    listing = paperparse.parse(page, reference_date=SAVED)
    assert listing.retrieved == dt.date(2025, 10, 2)
    assert listing.layers[0] == "front-matter"


# The reference date, for every format that shows no save date of its own.


@pytest.mark.parametrize(
    "fixture",
    [
        "text/daily_html2text.md",
        "text/daily_copy.txt",
        "html/daily_hydrated.html",
        "html/daily_hydrated.webarchive",  # a Safari archive records no save date
        "html/trending.html",
        "json/daily_2025.json",
        "json/daily_2025.jsonl",
        "json/paper.json",
    ],
)
def test_the_reference_date_is_retrieved_for_every_format(fixture: str) -> None:
    alone = paperparse.parse(FIXTURES / fixture)
    given = paperparse.parse(FIXTURES / fixture, reference_date=SAVED)
    assert alone.retrieved is None
    assert given.retrieved == SAVED
    # The listing's own date is never filled from the save day: a trending page has none.
    if alone.page_date is not None:
        assert given.page_date == alone.page_date
    elif alone.kind != "unknown":
        assert given.page_date is None
    assert given.layers == alone.layers  # the caller's date is no front matter


def test_a_text_pages_layers_do_not_count_a_date_from_outside_it() -> None:
    listing = paperparse.parse(FIXTURES / "text" / "daily_html2text.md", reference_date=SAVED)
    assert "front-matter" not in listing.layers


# The history query of docs/cli.md.

DAILY_2026_09_28 = "html-daily/daily-2026-09-28__romethegods_hangingAi-agents-newsletter.html"
TRENDING = "html-trending/trending-2026-10__firefighter-eric_ai-wiki.html"
# The two days of the corpus whose daily lists hold a paper the trending page shows too.
SHARED_DAYS = (
    "api-json/daily_papers-2025-09-29__2404589803_hf-daily-paper-newsletter-chinese.json",
    "api-json/daily_papers-2026-06-03__2404589803_hf-daily-paper-newsletter-chinese.json",
)


def _history_query() -> str:
    """The query docs/cli.md gives for papers seen on more than one day, as it stands."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    found = re.search(r"Papers seen on more than one day.*?```sql\n(?P<query>.*?)```", text, re.S)
    assert found is not None, "docs/cli.md no longer shows the history query"
    return found["query"]


def test_history_query_finds_papers_seen_on_two_days(corpus: Path, tmp_path: Path) -> None:
    daily, trending = corpus / DAILY_2026_09_28, corpus / TRENDING
    # The 2026-09-28 daily list and the trending page share no paper: each of the daily's
    # papers is seen on one day. Two of the trending page's papers were on earlier daily
    # lists of the corpus.
    ids = {path: {p.arxiv_id for p in paperparse.parse(path).papers} for path in (daily, trending)}
    assert not ids[daily] & ids[trending]
    database = tmp_path / "papers.sqlite"
    pages = [str(daily), str(trending), *(str(corpus / day) for day in SHARED_DAYS)]
    assert main(["merge", *pages, "-o", str(database), "--reference-date", "2026-10-06"]) == 0
    with sqlite3.connect(database) as connection:
        rows = connection.execute(_history_query()).fetchall()
    # The trending page has no date of its own: its papers were seen on the day it was saved.
    assert sorted((arxiv_id, history) for arxiv_id, _, history in rows) == [
        ("2509.22186", "2025-09-29=62 2026-10-06=180"),  # MinerU2.5
        ("2606.03264", "2026-06-03=5 2026-10-06=26"),  # PaddleOCR-VL-1.6
    ]
