"""Text stage 1: normalise a text rendering into lines and say what each line is."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from typing import Final

import attrs

from ._dates import MONTH_NAMES, DisplayDate, match_display_date
from ._numbers import NO_COUNT_MARKS, parse_count

# Characters that copy-paste leaves in text but that carry no meaning for us.
_INVISIBLE: Final = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES: Final = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

_AUTHORS: Final = re.compile(
    r"""\A
    (?:[\u2022\u00b7*\-\u2013]\s*)?   # a bullet or the card's dot: "• 4 authors", "· 5 authors"
    (?P<count>\d{1,3}(?:,\d{3})+|\d+)\s+authors?
    \Z""",
    re.IGNORECASE | re.VERBOSE,
)
# The middle dot (or bullet) the cards print between the authors and the date.
_SEPARATOR: Final = frozenset({"\u00b7", "\u2022", "\u22c5", "\u2219"})
_SUBMITTED_BY: Final = re.compile(
    r"\A(?:Submitted|Posted)\s+by\b\s*(?P<user>.*?)\s*\Z", re.IGNORECASE
)
# "Upvote 117", as trending renderings and paper pages print the upvote button.
_UPVOTE: Final = re.compile(r"\AUpvote\s*(?P<count>\S*)\Z", re.IGNORECASE)
# What follows a date on a card's last line: the comment count, nothing else.
_DATE_TAIL: Final = re.compile(r"\s*(?P<count>\d[\d,]*)?\s*\Z")

# Page chrome: navigation, banners and headings that are never part of a paper card.
CHROME_LINES: Final = frozenset(
    line.lower()
    for line in (
        "new",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "Subscribe",
        "Daily Papers",
        "Trending Papers",
        "by AK and the research community",
        "byAK and the research community",
        "and the research community",
        "Search by arxiv id or title",
        "Daily",
        "Weekly",
        "Monthly",
        "Previous",
        "Next",
        "Search",
        "Search any paper",
        "Submit",
        "Submit a paper",
        "Sort by",
        "Trending",
        "Most upvoted",
        "Most recent",
        "View all",
        "Load more",
    )
)


class Kind(enum.Enum):
    """What a line of a rendering is."""

    TEXT = "text"
    AUTHORS = "authors"
    SEPARATOR = "separator"
    DATE = "date"
    SUBMITTED_BY = "submitted-by"
    COUNT = "count"  # a number or "-" alone: an upvote widget or a comment count
    CHROME = "chrome"


@attrs.frozen
class Token:
    """One non-blank line, classified."""

    kind: Kind
    line: int  # 1-based line number in the source
    text: str  # the normalised line
    count: int | None = None  # AUTHORS, COUNT, or the comment count glued to a DATE
    date: DisplayDate | None = None


def normalize_line(line: str) -> str:
    """Fold the whitespace variants and invisible characters that copies carry."""
    return _SPACES.sub(" ", line.translate(_INVISIBLE)).strip()


def tokenize(text: str) -> Iterator[Token]:
    """Classify every non-blank line of ``text``; Windows and old Mac line ends too."""
    held: Token | None = None  # a lone month name, which may be a date split over two lines
    for number, raw in enumerate(text.splitlines(), start=1):
        line = normalize_line(raw)
        if not line:
            continue
        token = classify(line, number)
        if held is not None:
            # A page's date header copied from two boxes: "Aug" then "1".
            joined = (
                classify(f"{held.text} {line}", held.line) if token.kind is Kind.COUNT else None
            )
            if joined is not None and joined.kind is Kind.DATE:
                token = joined
            else:
                yield held
            held = None
        if token.kind is Kind.TEXT and token.text.lower() in MONTH_NAMES:
            held = token
            continue
        yield token
    if held is not None:
        yield held


def classify(line: str, number: int) -> Token:
    """Say what one normalised, non-blank line is."""
    if line in _SEPARATOR:
        return Token(Kind.SEPARATOR, number, line)
    if match := _AUTHORS.match(line):
        return Token(Kind.AUTHORS, number, line, count=parse_count(match["count"]))
    if line in NO_COUNT_MARKS:
        return Token(Kind.COUNT, number, line, count=0)
    if line[0].isdigit() and (count := parse_count(line)) is not None:
        return Token(Kind.COUNT, number, line, count=count)
    if match := _UPVOTE.match(line):
        count = parse_count(match["count"], dash_is_zero=True) if match["count"] else 0
        if count is not None:
            return Token(Kind.COUNT, number, line, count=count)
    if match := _SUBMITTED_BY.match(line):
        return Token(Kind.SUBMITTED_BY, number, line, count=None)
    if line.lower() in CHROME_LINES:
        return Token(Kind.CHROME, number, line)
    if found := match_display_date(line):
        display, end = found
        tail = _DATE_TAIL.match(line, end)
        if tail is not None:
            comments = parse_count(tail["count"]) if tail["count"] else None
            return Token(Kind.DATE, number, line, count=comments, date=display)
    return Token(Kind.TEXT, number, line)


def submitted_user(token: Token) -> str | None:
    """The user named on a "Submitted by" line itself, if any."""
    match = _SUBMITTED_BY.match(token.text)
    return (match["user"] or None) if match else None
