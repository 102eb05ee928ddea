"""Field stage: dates as pages print them, and resolving the year they leave out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Final

import attrs

from .._model import Location, Problem

_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES: Final = frozenset(_MONTHS)
_MONTH_NAMES: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
# The date forms the Hub prints, matched at the start of a string; what follows is for the
# caller (a glued comment count, a link).
DISPLAY_DATE: Final = re.compile(
    rf"""
    (?:
        (?P<month>{_MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}})   # Sep 28 / September 28
        (?:,?\s+(?P<year>(?:19|20)\d\d)\b)?                 # , 2024
      | (?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_NAMES})\.?  # 28 Sep
        (?:,?\s+(?P<year2>(?:19|20)\d\d)\b)?                # 2024
      | (?P<iso_year>(?:19|20)\d\d)-(?P<iso_month>\d\d)-(?P<iso_day>\d\d)  # 2024-08-01
    )
    (?![\w-])
    """,
    re.IGNORECASE | re.VERBOSE,
)


@attrs.define  # built for every date line: a frozen class costs twice as much to build
class DisplayDate:
    """A date as printed: the year may be missing."""

    month: int
    day: int
    year: int | None
    text: str


@attrs.frozen
class YearBasis:
    """The year that year-less dates on one page belong to, and why."""

    year: int
    resolution: str
    not_after: dt.date | None = None  # a later month/day belongs to the year before


def match_display_date(text: str, pos: int = 0) -> tuple[DisplayDate, int] | None:
    """Match a printed date at ``text[pos:]``; return it and where it ended."""
    match = DISPLAY_DATE.match(text, pos)
    if match is None:
        return None
    year: int | None
    # All groups at once, in pattern order: one call instead of one per group.
    month_a, day_a, year_a, day_b, month_b, year_b, iso_year, iso_month, iso_day = match.groups()
    if iso_year:
        month, day, year = int(iso_month), int(iso_day), int(iso_year)
    else:
        month = _MONTHS[(month_a or month_b).lower()]
        day = int(day_a or day_b)
        year_text = year_a or year_b
        year = int(year_text) if year_text else None
    every_month_has_it = 1 <= day <= 28 and 1 <= month <= 12
    if not every_month_has_it and not _valid(year or 2000, month, day):
        return None  # (2000 is a leap year: Feb 29 stays possible)
    return DisplayDate(month, day, year, match.group(0).strip()), match.end()


def parse_display_date(text: str) -> DisplayDate | None:
    """Parse a whole string as a printed date.

    >>> parse_display_date("Jul 24, 2022")
    DisplayDate(month=7, day=24, year=2022, text='Jul 24, 2022')
    """
    text = text.strip()
    found = match_display_date(text)
    if found is None or found[1] != len(text):
        return None
    return found[0]


def parse_timestamp(text: object) -> dt.datetime | None:
    """Parse an ISO 8601 timestamp strictly; naive ones are taken as UTC. None if invalid."""
    if not isinstance(text, str) or not text:
        return None
    value = text.strip()
    if value[-1:] in _UTC_MARKS:  # a slice, not endswith: its arguments cost more to read
        value = value[:-1] + "+00:00"
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp


_UTC_MARKS: Final = ("Z", "z")


def choose_year_basis(
    *,
    reference_date: dt.date | None,
    retrieved: dt.date | None = None,
    page_date: DisplayDate | None = None,
    explicit_years: Iterable[int] = (),
) -> YearBasis | None:
    """Pick the best evidence for the year of year-less dates, most reliable first."""
    if reference_date is not None:
        return YearBasis(reference_date.year, "reference-date", reference_date)
    if retrieved is not None:
        return YearBasis(retrieved.year, "retrieval-date", retrieved)
    if page_date is not None and page_date.year is not None:
        dated = dt.date(page_date.year, page_date.month, page_date.day)
        return YearBasis(page_date.year, "page-date", dated)
    newest = max(explicit_years, default=None)
    if newest is not None:
        # The Hub prints the year only for dates outside the year it renders the page in,
        # so a page whose newest printed year is Y was rendered in Y + 1 at the earliest.
        return YearBasis(newest + 1, "page-years")
    return None


def resolve(display: DisplayDate, basis: YearBasis | None) -> tuple[dt.date | None, str | None]:
    """Turn a printed date into a date, saying how its year was found."""
    if display.year is not None:
        return dt.date(display.year, display.month, display.day), "explicit"
    if basis is None:
        return None, None
    year = basis.year
    if basis.not_after is not None and (display.month, display.day) > (
        basis.not_after.month,
        basis.not_after.day,
    ):
        year -= 1  # a year-less date after the basis day cannot be from that year
    if not _valid(year, display.month, display.day):
        return None, None
    return dt.date(year, display.month, display.day), basis.resolution


_NEAR_DAYS: Final = 31  # a page's date and the days its navigation links to: a month apart


def year_from_neighbours(display: DisplayDate, neighbours: Iterable[dt.date]) -> int | None:
    """The year that puts a year-less date nearest to dates the page links to (a daily
    page's "previous day" and "next day" links), if one puts it within a month of them."""
    best: tuple[int, int] | None = None  # (distance in days, year)
    for near in neighbours:
        for year in (near.year - 1, near.year, near.year + 1):
            if _valid(year, display.month, display.day):
                distance = abs((dt.date(year, display.month, display.day) - near).days)
                if distance <= _NEAR_DAYS and (best is None or distance < best[0]):
                    best = (distance, year)
    return best[1] if best else None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def unresolved_year(date: DisplayDate, location: Location) -> Problem:
    """The problem of a printed date whose year nothing on the page gives."""
    return Problem(
        "unresolved-year",
        f"{date.text!r} has no year and nothing on the page gives one; pass reference_date",
        location,
        date.text,
    )
