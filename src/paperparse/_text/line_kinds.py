"""Text stage 1a: say what one plain line is (authors, a date, a count, a label, chrome...)."""

from __future__ import annotations

import re
from typing import Final

import attrs

from .._fields.counts import NO_COUNT_MARKS, parse_count
from .._fields.dates import DisplayDate, match_display_date

_AUTHORS: Final = re.compile(
    r"""\A
    (?:[\u2022\u00b7*\-\u2013]\s*)*      # bullets or the card's dot: "• 4 authors", "· 5 authors"
    (?:[?\ufffd]\s+)?                 # the bullet a legacy-encoding save could not hold
    (?P<count>\d{1,3}(?:,\d{3})+|\d+)\s+authors?
    \Z""",
    re.IGNORECASE | re.VERBOSE,
)
# The middle dot (or bullet) the cards print between the authors and the date.
_SEPARATORS: Final = frozenset({"\u00b7", "\u2022", "\u22c5", "\u2219"})
INLINE_SEPARATOR: Final = re.compile(r"\s*\u00b7\s*")
_SUBMITTED_BY: Final = re.compile(
    r"\A(?:Submitted|Posted)\s+by\b\s*(?:\[[\w.-]{1,40}\]\s*)?"  # a text browser's avatar alt
    r"(?P<user>.*?)(?:\s+on\s+(?P<date>.+?))?\s*\Z",
    re.IGNORECASE,
)
# The upvote widget: "Upvote 117", "Upvote 14 +6" (PDF: avatars overflow), "[-] 1" (an
# export that printed the arrow icon as "[-]"), "▲ 117" (text browsers draw the arrow).
_UPVOTE: Final = re.compile(
    r"""\A(?:
        (?:\[\s?\]\s*)?Upvote\s*  # the labelled button (its icon drawn as a box)
      | \[-\]\s*             # the arrow icon as a notebook export prints it
      | \[\s?\]\s*           # the button as an empty box: "[ ] 94"
      | [\u25b2\u25b4\u2191\u23f6]\s*  # the arrow icon as a text browser or font draws it
    )
    (?P<count>\d[\d,.]*[kK]?|-)?(?:\s+\+\d+)?\Z""",
    re.IGNORECASE | re.VERBOSE,
)
# Dates, with what a rendering prints before them.
_DATE_LABEL: Final = re.compile(r"\A(?P<label>Published\s+on|on)\s+", re.IGNORECASE)
# What follows a date on a card's last line: the comment count, nothing else.
_DATE_TAIL: Final = re.compile(r"\s*(?P<count>\d[\d,]*)?\s*\Z")
# "GitHub 11.3k", "[LINK: GitHub 476](...)", "View arXiv page View PDF GitHub 27 Add ...".
_GITHUB: Final = re.compile(
    r"(?:\A|\s)(?:LINK:\s*)?GitHub\s+(?P<count>\d[\d,.]*\s?[kKmM]?)(?=\s|\Z)", re.IGNORECASE
)
# A newer card's GitHub stars and comment count side by side, as a copy without links prints
# them: "12 2", "1.5k 3".
_COUNT_PAIR: Final = re.compile(r"\A(?P<stars>\d[\d,.]*[kK]?)\s+(?P<comments>\d[\d,]*)\Z")
_UPVOTE_FIRST: Final = "Uu[\u25b2\u25b4\u2191\u23f6"
_GITHUB_LINE_MAX: Final = 80  # longer lines mentioning GitHub are prose
_DAY_RANK: Final = re.compile(r"\A#(?P<rank>\d+)\s+Paper\s+of\s+the\s+(?:day|week|month)\Z", re.I)
# Section labels of a paper page.
_LABELS: Final = {
    "authors": re.compile(r"\AAuthors?:\s*(?P<rest>.*)\Z", re.IGNORECASE),
    "abstract": re.compile(r"\AAbstract\Z", re.IGNORECASE),
    "summary": re.compile(r"\AAI-generated summary\Z", re.IGNORECASE),
    "community": re.compile(r"\ACommunity\Z", re.IGNORECASE),
}
# A row of a paper page's buttons rendered as one line of link texts.
_BUTTON_ROW: Final = re.compile(
    r"\A(?:(?:View arXiv page|View PDF|Add to collection|arXiv Page|Copy markdown|Cite)\s*)+\Z",
    re.IGNORECASE,
)
_ARXIV_MARK: Final = re.compile(r"(?:\A|\s)arxiv:(?P<id>\d{4}\.\d{4,5}|[a-z-]+/\d{7})\Z", re.I)

# Page chrome: navigation, banners, headings and buttons that are never part of a paper.
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
        "Copy markdown",
        "Ask HuggingChat about this Paper",
        "View arXiv page",
        "View PDF",
        "Add to collection",
        "System theme",
        "Company",
        "TOS",
        "Privacy",
        "About",
        "Jobs",
        "Careers",
        "Website",
        "Join the discussion on this paper page",
        # The site's navigation and footer, as text dumps of a whole page print them.
        "\u00a9 Hugging Face",  # (not "Hugging Face": also an organisation on cards)
        "Models",
        "Datasets",
        "Spaces",
        "Buckets",
        "Storage Buckets",
        "Posts",
        "Docs",
        "Enterprise",
        "Pricing",
        "Tasks",
        "HuggingChat",
        "Collections",
        "Languages",
        "Organizations",
        "Blog",
        "Learn",
        "Discord",
        "Forum",
        "Hardware",
        "Solutions",
        "Team & Enterprise",
        "Hugging Face PRO",
        "Enterprise Support",
        "Inference Providers",
        "Inference Endpoints",
        "Log In",
        "Sign Up",
        "Previous Next",
        "TOS Privacy About Jobs",
        "Trending Papers ranked by GitHub stars activity",
    )
)
_CHROME_WORDS: Final = frozenset(line for line in CHROME_LINES if " " not in line)
_CHROME_ROW_WORDS: Final = 3  # fewer chrome words in a row could be a short title


class Kind:
    """What a line of a rendering is.

    Plain string constants rather than an Enum: an Enum member costs ten times as much to
    look up and to hash, and every line looks several up.
    """

    TEXT: Final = "text"
    AUTHORS: Final = "authors"
    SEPARATOR: Final = "separator"
    DATE: Final = "date"
    SUBMITTED_BY: Final = "submitted-by"
    COUNT: Final = "count"  # a number or "-" alone: an upvote widget or a comment count
    UPVOTE: Final = "upvote"  # the labelled upvote button: "Upvote 117"
    GITHUB: Final = "github"  # the GitHub button with its star count
    STARS_AND_COMMENTS: Final = "stars-and-comments"  # "12 2": stars and comments, unlinked
    DAY_RANK: Final = "day-rank"  # "#3 Paper of the day"
    LABEL: Final = "label"  # a paper page's section label: Authors:, Abstract, ...
    ARXIV: Final = "arxiv"  # "arxiv:2509.24002" above a paper page's title
    CHROME: Final = "chrome"


# Built per line: a frozen class costs twice as much to build, and each keyword argument
# costs about a fifth of a call, so the fields every token has come first and are passed
# by position.
@attrs.define(eq=False)
class Token:
    """One line (or rejoined paragraph) of a rendering, classified."""

    kind: str  # one of Kind's constants
    line: int  # first source line, 1-based
    text: str  # the normalised text
    urls: tuple[str, ...] = ()
    heading: bool = False
    blank_before: bool = False
    count: int | None = None  # AUTHORS, COUNT, UPVOTE, GITHUB, DAY_RANK, a DATE's comments
    second: int | None = None  # STARS_AND_COMMENTS: the comment count
    date: DisplayDate | None = None
    label: str | None = None  # DATE: "published"/"on"; LABEL: which; SUBMITTED_BY: user
    end_line: int = 0  # last source line; 0 means the same as ``line``

    @property
    def last_line(self) -> int:
        return self.end_line or self.line


PIECE_MAX_LENGTH: Final = 300  # card pieces (dates, counts, labels) are short lines


def classify(
    text: str,
    number: int,
    urls: tuple[str, ...] = (),
    heading: bool = False,
    blank_before: bool = False,
) -> Token:
    """Say what one normalised, non-blank line is.

    Only text keeps the line's layout (``heading``, ``blank_before``): it decides titles
    and paragraph joins, and means nothing to a count or a date.
    """
    if len(text) > PIECE_MAX_LENGTH:  # prose; and the patterns below stay linear
        return Token(Kind.TEXT, number, text, urls, heading, blank_before)
    if text in _SEPARATORS:
        return Token(Kind.SEPARATOR, number, text)
    # Each pattern runs only when the line's first character or a word in it allows a match:
    # most lines are titles and prose, and would otherwise be tried against every one.
    first, lower = text[0], text.lower()
    if lower.endswith(("author", "authors")) and (match := _AUTHORS.match(text)):
        return Token(Kind.AUTHORS, number, text, urls, count=parse_count(match["count"]))
    if text in NO_COUNT_MARKS:
        return Token(Kind.COUNT, number, text, urls, count=0)
    if first.isdigit():
        if (count := parse_count(text)) is not None:
            return Token(Kind.COUNT, number, text, urls, count=count)
        # "12 2" copied with the comment count's link alone still is the pair; a pair that
        # links elsewhere is something else.
        if all("/papers/" in url for url in urls) and (pair := _COUNT_PAIR.match(text)):
            stars, comments = parse_count(pair["stars"]), parse_count(pair["comments"])
            return Token(Kind.STARS_AND_COMMENTS, number, text, count=stars, second=comments)
    if first in _UPVOTE_FIRST and (match := _UPVOTE.match(text)):
        if not match["count"]:
            return Token(Kind.CHROME, number, text)  # the button's label, its count apart
        count = parse_count(match["count"], dash_is_zero=True)
        if count is not None:
            return Token(Kind.UPVOTE, number, text, urls, count=count)
    if first in "SsPp" and (match := _SUBMITTED_BY.match(text)):
        date = match_display_date(match["date"]) if match["date"] else None
        user = match["user"]
        if match["date"] and date is None:
            # " on " that no date follows is part of what comes after "by" (a card on one
            # line: "Submitted by u 16 Towards Parity on End-to-end Translation ...").
            user = f"{user} on {match['date']}"
        return Token(
            Kind.SUBMITTED_BY,
            number,
            text,
            urls=urls,
            date=date[0] if date else None,
            label=user or None,
        )
    if lower in CHROME_LINES or (first in "VvAaCc" and _BUTTON_ROW.match(text)):
        return Token(Kind.CHROME, number, text)
    if " " in text and _is_chrome_row(lower):
        return Token(Kind.CHROME, number, text)
    if first in _DATE_FIRST and (token := _classify_date(text, number, urls)):
        return token
    # (A line with a middle dot is card pieces side by side, split and read one by one.)
    if (
        "github" in lower
        and len(text) <= _GITHUB_LINE_MAX
        and "\u00b7" not in text
        and (match := _GITHUB.search(text))
    ):
        return Token(Kind.GITHUB, number, text, urls, count=parse_count(match["count"]))
    if lower == "github":
        if any("github.com/" in url for url in urls):
            return Token(Kind.GITHUB, number, text, urls)  # the code button, no stars
        return Token(Kind.CHROME, number, text)  # the site's own GitHub link
    if first == "#" and (match := _DAY_RANK.match(text)):
        return Token(Kind.DAY_RANK, number, text, urls, count=int(match["rank"]))
    if "arxiv:" in lower and len(text) <= _GITHUB_LINE_MAX and (m := _ARXIV_MARK.search(text)):
        return Token(Kind.ARXIV, number, text, label=m["id"])
    if first in "AaCc":
        for label, pattern in _LABELS.items():
            if pattern.match(text):
                return Token(Kind.LABEL, number, text, urls, label=label)
    return Token(Kind.TEXT, number, text, urls, heading, blank_before)


def _is_chrome_row(lower: str) -> bool:
    """A text browser's footer or menu printed as one row: "Models Datasets Spaces Docs"."""
    head = lower.split(None, 1)
    if not head or head[0] not in _CHROME_WORDS:
        return False  # the first word tells, before splitting the whole line
    words = lower.split()
    return len(words) >= _CHROME_ROW_WORDS and all(word in _CHROME_WORDS for word in words)


# What a date line can begin with: a month's initial, a day's digit, "Published on", "on".
_DATE_FIRST: Final = frozenset("0123456789JFMASONDPjfmasondp")


def _classify_date(text: str, number: int, urls: tuple[str, ...]) -> Token | None:
    label_match = _DATE_LABEL.match(text) if text[0] in "PpOo" else None
    start = label_match.end() if label_match else 0
    found = match_display_date(text, start)
    if found is None:
        return None
    display, end = found
    comments = None
    if end < len(text):  # most dates end their line
        tail = _DATE_TAIL.match(text, end)
        if tail is None:
            return None
        comments = parse_count(tail["count"]) if tail["count"] else None
    label = label_match["label"].split()[0].lower() if label_match else None
    return Token(Kind.DATE, number, text, urls, count=comments, date=display, label=label)


def leading_date_end(text: str) -> int | None:
    """Where a date that opens the text ("Published on Oct 4, 2026 ...") ends, or None."""
    if not text or text[0] not in _DATE_FIRST:
        return None
    label_match = _DATE_LABEL.match(text) if text[0] in "PpOo" else None
    found = match_display_date(text, label_match.end() if label_match else 0)
    return found[1] if found else None


def authors_after_label(token: Token) -> str:
    """The names an "Authors: A, B" line carries after its label."""
    match = _LABELS["authors"].match(token.text)
    return match["rest"] if match else ""


def stands_alone(text: str) -> bool:
    """An arXiv mark or an "Authors:" line: a line of its own, never wrapped on."""
    return bool(_ARXIV_MARK.search(text) or _LABELS["authors"].match(text))
