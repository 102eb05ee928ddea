"""Source stage: what a container says of when its page was saved (a crawl record's
WARC-Date, a web archive's Date), and which of them a page keeps."""

from __future__ import annotations

import datetime as dt

import pytest

from paperparse._sources.crawls import CrawlRecord
from paperparse._sources.loading import load, retrieval_day

from ..conftest import FIXTURES

PAGE = "<html><body>a page</body></html>"
AUG_2 = dt.date(2024, 8, 2)


@pytest.mark.parametrize(
    ("date", "day"),
    [
        ("2024-08-02T03:15:22Z", AUG_2),
        ("2024-08-02T23:59:59.123456Z", AUG_2),  # WARC 1.1: fractions of a second
        ("2024-08-02T03:15Z", AUG_2),
        ("2024-08-02", AUG_2),
        (None, None),
        ("", None),
        ("yesterday", None),
        ("2024-13-45T00:00:00Z", None),  # the shape of a date, and no date
        ("2024-08", None),  # no day
        ("2024-08-02T03:15:22+02:00", None),  # a WARC date is in UTC: an offset is no WARC date
        ("\u0662\u0660\u0662\u0664-08-02", None),  # other scripts' digits
    ],
    ids=repr,
)
def test_a_crawl_records_warc_date_is_read_to_its_day(date: str | None, day: dt.date) -> None:
    assert CrawlRecord("crawl.warc:https://huggingface.co/papers", b"", date).saved_on == day


def test_load_takes_the_containers_save_date() -> None:
    assert load(PAGE).saved_on is None
    assert load(PAGE.encode(), saved_on=AUG_2).saved_on == AUG_2


def test_a_web_archives_own_date_goes_before_its_containers() -> None:
    # The nearer the page, the better the evidence: the archive was saved from the page.
    data = (FIXTURES / "html" / "daily_hydrated.mhtml").read_bytes()
    assert load(data, saved_on=dt.date(2030, 1, 1)).saved_on == AUG_2


def test_the_pages_own_evidence_goes_before_its_containers() -> None:
    source = load(PAGE, saved_on=AUG_2)
    assert retrieval_day(dt.date(2024, 8, 1), source) == dt.date(2024, 8, 1)
    assert retrieval_day(None, source) == AUG_2
    assert retrieval_day(None, load(PAGE)) is None


def test_load_names_a_document() -> None:
    assert load(PAGE, name="x").name == "x"
    assert load(PAGE.encode(), name="x").name == "x"
