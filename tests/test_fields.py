"""Field stage: counts, printed dates, year resolution, URLs and code links."""

from __future__ import annotations

import datetime as dt

import pytest

from paperparse._fields.counts import parse_count
from paperparse._fields.dates import (
    DisplayDate,
    YearBasis,
    choose_year_basis,
    parse_display_date,
    parse_timestamp,
    resolve,
    year_from_neighbours,
)
from paperparse._fields.links import (
    arxiv_id_from_url,
    describe_page_url,
    find_urls,
    is_code_link,
    linked_days,
    normalize_arxiv_id,
    split_links,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("94", 94),
        ("0", 0),
        ("1,056", 1056),
        ("11.3k", 11300),
        ("2k", 2000),
        ("1.2M", 1_200_000),
        ("-", None),
        ("1,05", None),
        ("3.5", None),
        ("abc", None),
        ("", None),
    ],
)
def test_parse_count(text: str, expected: int | None) -> None:
    assert parse_count(text) == expected


def test_dash_is_zero_only_when_asked() -> None:
    assert parse_count("-", dash_is_zero=True) == 0
    assert parse_count("\u2014", dash_is_zero=True) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jul 24, 2022", (7, 24, 2022)),
        ("Sep 28", (9, 28, None)),
        ("September 28, 2025", (9, 28, 2025)),
        ("Sept 3", (9, 3, None)),
        ("28 Sep 2025", (9, 28, 2025)),
        ("2024-08-01", (8, 1, 2024)),
        ("Feb 29", (2, 29, None)),
    ],
)
def test_parse_display_date(text: str, expected: tuple[int, int, int | None]) -> None:
    display = parse_display_date(text)
    assert display is not None
    assert (display.month, display.day, display.year) == expected


@pytest.mark.parametrize("text", ["Sep 31", "Feb 30, 2024", "Maybe 2", "Jul 24, 2022 extra", ""])
def test_parse_display_date_rejects(text: str) -> None:
    assert parse_display_date(text) is None


def test_parse_timestamp_is_strict_and_aware() -> None:
    stamp = parse_timestamp("2025-09-28T12:30:00.000Z")
    assert stamp == dt.datetime(2025, 9, 28, 12, 30, tzinfo=dt.timezone.utc)
    assert parse_timestamp("2024-08-01T00:00:00") == dt.datetime(2024, 8, 1, tzinfo=dt.timezone.utc)
    assert parse_timestamp("yesterday") is None
    assert parse_timestamp(12) is None


def test_year_basis_prefers_the_most_reliable_evidence() -> None:
    page = DisplayDate(11, 6, 2025, "Nov 6, 2025")
    assert choose_year_basis(reference_date=dt.date(2024, 1, 1), page_date=page) == YearBasis(
        2024, "reference-date", dt.date(2024, 1, 1)
    )
    retrieved = choose_year_basis(reference_date=None, retrieved=dt.date(2026, 10, 2))
    assert retrieved is not None
    assert retrieved.resolution == "retrieval-date"
    dated = choose_year_basis(reference_date=None, page_date=page, explicit_years=[2019])
    assert dated is not None
    assert dated.resolution == "page-date"
    inferred = choose_year_basis(reference_date=None, explicit_years=[2021, 2024, 2022])
    assert inferred == YearBasis(2025, "page-years")
    assert choose_year_basis(reference_date=None) is None


def test_resolve() -> None:
    basis = YearBasis(2025, "reference-date", dt.date(2025, 11, 6))
    assert resolve(DisplayDate(9, 28, None, "Sep 28"), basis) == (
        dt.date(2025, 9, 28),
        "reference-date",
    )
    assert resolve(DisplayDate(12, 1, None, "Dec 1"), basis) == (
        dt.date(2024, 12, 1),
        "reference-date",
    )
    assert resolve(DisplayDate(7, 24, 2022, "Jul 24, 2022"), None) == (
        dt.date(2022, 7, 24),
        "explicit",
    )
    assert resolve(DisplayDate(9, 28, None, "Sep 28"), None) == (None, None)
    leap = YearBasis(2025, "page-years")
    assert resolve(DisplayDate(2, 29, None, "Feb 29"), leap) == (None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "released at https://github.com/shoaib-sami/HF-Diff.",
            ["https://github.com/shoaib-sami/HF-Diff"],
        ),
        (
            "(https://github.com/x/y/tree/master/tinynet_pytorch, and more)",
            ["https://github.com/x/y/tree/master/tinynet_pytorch"],
        ),
        ("see github.com/a/b; thanks", ["https://github.com/a/b"]),
        ("see www.github.com/a/b", ["https://www.github.com/a/b"]),
        ("twice https://a.org/x and https://a.org/x.", ["https://a.org/x"]),
        (
            "wiki https://en.wikipedia.org/wiki/Foo_(bar).",
            ["https://en.wikipedia.org/wiki/Foo_(bar)"],
        ),
        ("no urls here, not even example.com/x", []),
        ("mail me@github.com/x", []),
        ("at GitHub.com/Org/Repo.", ["https://GitHub.com/Org/Repo"]),
        ("git.sr.ht/~a/b and sr.ht/~c/d", ["https://git.sr.ht/~a/b", "https://sr.ht/~c/d"]),
        ("https://x.org/r?u=github.com/a/b", ["https://x.org/r?u=github.com/a/b"]),
        ("İstanbul: github.com/a/b", ["https://github.com/a/b"]),
    ],
)
def test_find_urls(text: str, expected: list[str]) -> None:
    assert find_urls(text) == expected


def test_code_links_split_from_other_links() -> None:
    urls = [
        "https://github.com/a/b",
        "https://example.org/project",
        "https://gitlab.com/c/d",
        "https://github.com/a/b",
        "https://huggingface.co/spaces/user/demo",
        "https://huggingface.co/models",
        "https://github.com",
    ]
    assert split_links(urls) == (
        (
            "https://github.com/a/b",
            "https://gitlab.com/c/d",
            "https://huggingface.co/spaces/user/demo",
        ),
        ("https://example.org/project", "https://huggingface.co/models", "https://github.com"),
    )
    assert is_code_link("https://codeberg.org/x/y")
    assert not is_code_link("https://github.com/")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2509.24002", "2509.24002"),
        ("2509.24002v3", "2509.24002"),
        ("1706.03762", "1706.03762"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("not an id", None),
        (2509.24002, None),
    ],
)
def test_normalize_arxiv_id(value: object, expected: str | None) -> None:
    assert normalize_arxiv_id(value) == expected


def test_arxiv_id_from_url() -> None:
    assert arxiv_id_from_url("https://huggingface.co/papers/2509.24002#community") == "2509.24002"
    assert arxiv_id_from_url("https://arxiv.org/abs/2310.03714v2") == "2310.03714"
    assert arxiv_id_from_url("/papers/2509.24002") == "2509.24002"
    assert arxiv_id_from_url("https://huggingface.co/papers?q=2509.24002") is None


@pytest.mark.parametrize(
    ("url", "kind", "page_date", "captured"),
    [
        ("https://huggingface.co/papers?date=2024-08-01", "daily", dt.date(2024, 8, 1), None),
        (
            "https://web.archive.org/web/20240802031522/https://huggingface.co/papers/date/2024-08-01",
            "daily",
            dt.date(2024, 8, 1),
            dt.date(2024, 8, 2),
        ),
        (
            "http://archive.org/web/20250101id_/https://hf.co/papers/trending",
            "trending",
            None,
            dt.date(2025, 1, 1),
        ),
        ("https://web.archive.org/web/20251399/https://huggingface.co/papers", "daily", None, None),
        (
            "https://web.archive.org/web/20250101/https://example.org/papers",
            "unknown",
            None,
            dt.date(2025, 1, 1),
        ),
        # Snapshots of snapshots are not unwrapped again (nor recursed into).
        (
            "https://web.archive.org/web/20250101000000/" * 3000 + "https://huggingface.co/papers",
            "unknown",
            None,
            dt.date(2025, 1, 1),
        ),
    ],
    ids=["hub", "snapshot", "snapshot-flags", "bad-stamp", "not-the-hub", "nested"],
)
def test_page_urls_and_archive_snapshots(
    url: str, kind: str, page_date: dt.date | None, captured: dt.date | None
) -> None:
    address = describe_page_url(url)
    assert (address.kind, address.page_date, address.captured) == (kind, page_date, captured)


@pytest.mark.parametrize(
    ("shown", "neighbours", "year"),
    [
        (DisplayDate(9, 28, None, "Sep 28"), [dt.date(2026, 9, 25), dt.date(2026, 9, 29)], 2026),
        (DisplayDate(12, 31, None, "Dec 31"), [dt.date(2025, 1, 2)], 2024),  # across new year
        (DisplayDate(1, 2, None, "Jan 2"), [dt.date(2024, 12, 31)], 2025),
        (DisplayDate(6, 1, None, "Jun 1"), [dt.date(2024, 12, 31)], None),  # too far apart
        (DisplayDate(2, 29, None, "Feb 29"), [dt.date(2024, 3, 1)], 2024),  # a leap year only
        (DisplayDate(9, 28, None, "Sep 28"), [], None),
    ],
)
def test_year_from_the_days_a_page_links_to(
    shown: DisplayDate, neighbours: list[dt.date], year: int | None
) -> None:
    assert year_from_neighbours(shown, neighbours) == year


def test_linked_days_read_both_url_forms() -> None:
    urls = [
        "https://huggingface.co/papers?date=2024-07-31",
        "https://huggingface.co/papers/date/2024-08-02",
        "https://huggingface.co/papers?q=x&date=2024-08-03",
        "https://huggingface.co/papers/2408.00001",
        "https://huggingface.co/papers?date=2024-02-30",  # no such day
    ]
    assert linked_days(urls) == (dt.date(2024, 7, 31), dt.date(2024, 8, 2), dt.date(2024, 8, 3))
