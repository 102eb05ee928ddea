"""Field stage: printed dates, ISO timestamps and year resolution."""

from __future__ import annotations

import datetime as dt

import pytest

from paperparse._fields.dates import (
    DisplayDate,
    YearBasis,
    choose_year_basis,
    parse_display_date,
    parse_timestamp,
    resolve,
    year_from_neighbours,
)


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
