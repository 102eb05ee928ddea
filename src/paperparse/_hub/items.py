"""Field stage for JSON: the Hub's paper objects (API items, hydration props) as Papers.

The same shapes arrive from ``/api/daily_papers`` (a list of items), ``/api/papers/<id>`` (a
bare paper object) and the hydration JSON embedded in saved HTML (``DailyPapers`` props hold
a list of items, ``PaperContent`` props a paper), so one module maps them all.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import operator
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from .._fields.dates import parse_timestamp
from .._fields.links import find_urls, normalize_arxiv_id, paper_url, split_links
from .._model import RAW_LIMIT, Listing, Location, Paper, Problem

_PERIOD_KINDS: Final = {"day": "daily", "week": "weekly", "month": "monthly"}

# For isinstance: dict first, so the usual case skips the Mapping ABC's slower check.
MAPPINGS: Final = (dict, Mapping)


@attrs.frozen
class PageFacts:
    """What hydration props or an API response say about the page itself."""

    kind: str = "unknown"
    page_date: dt.date | None = None
    period: str | None = None
    query: str | None = None


def paper_from_hub(
    item: Mapping[str, Any], *, pointer: str, rank: int | None = None, line: int | None = None
) -> tuple[Paper | None, list[Problem]]:
    """Map a daily-papers item or a bare paper object to a Paper, reporting what is wrong.

    Unknown keys are ignored; absent keys give None. A value of the wrong type is a problem
    (``invalid-field``) and the field stays None. An item without a usable title cannot be a
    Paper: it comes back as ``None`` with an ``unparsed-block`` problem holding the raw item.
    """
    fields = _Fields(item, pointer, line)
    paper = fields.paper
    title = fields.text(paper, "title") or fields.text(item, "title")
    if not title:
        raw = _raw(item)
        problem = Problem("unparsed-block", "a paper item without a title", fields.here(), raw)
        return None, [*fields.problems, problem]

    arxiv_id = None
    raw_id = fields.text(paper, "id")
    if raw_id is not None:
        arxiv_id = normalize_arxiv_id(raw_id)
        if arxiv_id is None:
            fields.invalid(fields.paper_path("id"), "not an arXiv id", raw_id)
    abstract = fields.text(paper, "summary") or fields.text(item, "summary")
    published_raw, published_key = fields.get(paper, "publishedAt")
    published = fields.timestamp_of(paper, published_key, published_raw)
    github_repo = fields.text(paper, "githubRepo")
    project_page = fields.text(paper, "projectPage")
    urls = [url for url in (github_repo, project_page) if url]
    if abstract:
        urls += find_urls(abstract)
    code_links, links = split_links(urls)
    authors = fields.authors(paper)
    result = Paper(
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        url=paper_url(arxiv_id) if arxiv_id else None,
        authors=authors if authors is not None else (),
        author_count=len(authors) if authors is not None else None,
        published=published.date() if published else None,
        published_text=published_raw if isinstance(published_raw, str) else None,
        date_resolution="explicit" if published else None,
        submitted=_submission_day(fields, item, published),
        submitted_by=fields.user(paper, "submittedOnDailyBy") or fields.user(item, "submittedBy"),
        upvotes=fields.count(paper, "upvotes"),
        comments=fields.count(item, "numComments"),
        code_links=code_links,
        links=links,
        github_repo=github_repo,
        github_stars=fields.count(paper, "githubStars"),
        project_page=project_page,
        ai_summary=fields.text(paper, "ai_summary"),
        ai_keywords=fields.keywords(paper),
        organization=fields.organization(paper) or fields.organization(item),
        thumbnail=fields.text(item, "thumbnail", normalize=False),
        rank=rank,
        day_rank=fields.count(paper, "dailyPaperRank") or fields.count(item, "dailyPaperRank"),
        location=fields.here(),
    )
    return result, fields.problems


def papers_from_items(
    items: object, *, pointer: str, lines: Sequence[int] | None = None
) -> tuple[list[Paper], list[Problem]]:
    """Every item of a JSON list of papers, in order; non-items become problems.

    ``lines`` gives each item's line, for JSON Lines, where items are located by both.
    """
    papers: list[Paper] = []
    problems: list[Problem] = []
    if not isinstance(items, list):
        problems.append(
            Problem(
                "invalid-field", "expected a list of papers", Location(path=pointer), _raw(items)
            )
        )
        return papers, problems
    for index, item in enumerate(items):
        path = f"{pointer}/{index}"
        line = lines[index] if lines else None
        if not isinstance(item, MAPPINGS):
            problems.append(
                Problem(
                    "unparsed-block",
                    "a list entry that is no paper",
                    Location(line=line, path=path),
                    _raw(item),
                )
            )
            continue
        paper, item_problems = paper_from_hub(item, pointer=path, rank=len(papers) + 1, line=line)
        problems.extend(item_problems)
        if paper is not None:
            papers.append(paper)
    return papers, problems


def page_facts(props: Mapping[str, Any]) -> PageFacts:
    """Kind, date, period and query from ``DailyPapers``-style props."""
    query = props.get("query") if isinstance(props.get("query"), str) else None
    period_type = props.get("periodType")
    raw_date = props.get("dateString") or props.get("date")
    page_date = None
    if isinstance(raw_date, str):
        stamp = parse_timestamp(raw_date)
        page_date = stamp.date() if stamp else None
    if props.get("isTrending") is True:
        return PageFacts(kind="trending", query=query or None)
    if query:
        return PageFacts(kind="search", page_date=page_date, query=query)
    kind = _PERIOD_KINDS.get(period_type, "daily") if isinstance(period_type, str) else "daily"
    period = None
    if kind != "daily" and page_date is not None:
        iso = page_date.isocalendar()
        period = f"{iso.year}-W{iso.week:02d}" if kind == "weekly" else page_date.strftime("%Y-%m")
    return PageFacts(kind=kind, page_date=page_date if kind == "daily" else None, period=period)


def common_submission_day(papers: Sequence[Paper]) -> dt.date | None:
    """The daily list's day: the submission day every paper shares, if they all share one."""
    days = {paper.submitted for paper in papers}
    return days.pop() if len(days) == 1 else None


def _submission_day(
    fields: _Fields, item: Mapping[str, Any], published: dt.datetime | None
) -> dt.date | None:
    stamp = fields.timestamp(fields.paper, "submittedOnDailyAt")
    if stamp is not None:
        return stamp.date()
    # Before 2025-03 the item's own publishedAt was the moment it joined the daily list;
    # since then it is the paper's publication time minus a few hours. A moment before the
    # paper's publication cannot be its submission, so only a later one counts.
    listed = fields.timestamp(item, "publishedAt") if "paper" in item else None
    if listed is not None and (published is None or listed > published):
        return listed.date()
    return None


class _Fields:
    """Typed reads from one item, each wrong type recorded as a problem with its pointer."""

    __slots__ = ("item", "line", "nested", "paper", "pointer", "problems")

    def __init__(self, item: Mapping[str, Any], pointer: str, line: int | None) -> None:
        self.item = item
        self.pointer = pointer
        self.line = line
        nested = item.get("paper")
        self.nested = isinstance(nested, MAPPINGS)
        self.paper: Mapping[str, Any] = nested if isinstance(nested, MAPPINGS) else item
        self.problems: list[Problem] = []

    def here(self) -> Location:
        return Location(line=self.line, path=self.pointer)

    def paper_path(self, key: str) -> str:
        return f"{self.pointer}/paper/{key}" if self.nested else f"{self.pointer}/{key}"

    def _path(self, container: Mapping[str, Any], key: str) -> str:
        if container is self.paper and self.nested:
            return self.paper_path(key)
        return f"{self.pointer}/{key}"

    def get(self, container: Mapping[str, Any], key: str) -> tuple[Any, str]:
        """The value under ``key``, or under the snake_case name other tools save it with
        (``published_at``, ``github_repo``...); and the key it was found under."""
        value = container.get(key)
        return (value, key) if value is not None else _alias(container, key)

    def invalid(self, path: str, why: str, value: object) -> None:
        location = Location(line=self.line, path=path)
        self.problems.append(Problem("invalid-field", why, location, _raw(value)))

    def text(self, container: Mapping[str, Any], key: str, *, normalize: bool = True) -> str | None:
        value = container.get(key)
        if value is None:  # the usual hit needs no aliases: look them up only on a miss
            value, key = _alias(container, key)
            if value is None:
                return None
        if not isinstance(value, str):
            self.invalid(self._path(container, key), f"{key} should be a string", value)
            return None
        if normalize:
            value = _clean(value)
        return value or None

    def count(self, container: Mapping[str, Any], key: str) -> int | None:
        value = container.get(key)
        if value is None:
            value, key = _alias(container, key)
            if value is None:
                return None
        if type(value) is int and value >= 0:  # the usual case; bool is no count
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.invalid(self._path(container, key), f"{key} should be a count", value)
            return None
        return value

    def timestamp(self, container: Mapping[str, Any], key: str) -> dt.datetime | None:
        value, key = self.get(container, key)
        return self.timestamp_of(container, key, value)

    def timestamp_of(
        self, container: Mapping[str, Any], key: str, value: object
    ) -> dt.datetime | None:
        """``value``, read from ``container[key]``, as a timestamp; None when absent."""
        if value is None:
            return None
        stamp = parse_timestamp(value)
        if stamp is None:
            self.invalid(self._path(container, key), f"{key} should be an ISO timestamp", value)
        return stamp

    def authors(self, paper: Mapping[str, Any]) -> tuple[str, ...] | None:
        value = paper.get("authors")
        if value is None:
            return None
        if not isinstance(value, list):
            self.invalid(self.paper_path("authors"), "authors should be a list", value)
            return None
        fast = _clean_names(value)
        if fast is not None:
            return fast
        names = []
        for index, author in enumerate(value):
            # An author object, or the bare name other tools keep.
            name = author.get("name") if isinstance(author, MAPPINGS) else author
            if not isinstance(name, str) or not name.strip():
                self.invalid(
                    f"{self.paper_path('authors')}/{index}", "an author without a name", author
                )
                continue
            names.append(_clean(name))
        return tuple(names)

    def keywords(self, paper: Mapping[str, Any]) -> tuple[str, ...]:
        value = paper.get("ai_keywords")
        if value is None:
            return ()
        try:
            # str.strip() refuses anything but a string: one pass checks and cleans.
            words = list(map(str.strip, value)) if isinstance(value, list) else None
        except TypeError:
            words = None
        if words is None:
            self.invalid(self.paper_path("ai_keywords"), "ai_keywords should be strings", value)
            return ()
        return tuple(filter(None, words))  # without the empty ones

    def user(self, container: Mapping[str, Any], key: str) -> str | None:
        value, key = self.get(container, key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return value.strip()  # a tool that kept only the name
        if isinstance(value, MAPPINGS):
            for name_key in ("user", "name", "fullname"):
                if isinstance(value.get(name_key), str) and value[name_key]:
                    return str(value[name_key])
        self.invalid(self._path(container, key), f"{key} should be a user object", value)
        return None

    def organization(self, container: Mapping[str, Any]) -> str | None:
        value = container.get("organization")
        if value is None:
            return None
        if isinstance(value, MAPPINGS):
            for name_key in ("fullname", "name"):
                name = value.get(name_key)
                if isinstance(name, str) and name.strip():
                    return " ".join(name.split())
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
        self.invalid(self._path(container, "organization"), "organization without a name", value)
        return None


# The snake_case names other tools save the Hub's fields under.
_ALIASES: Final = {
    "id": ("paper_id", "arxiv_id"),
    "summary": ("abstract",),
    "publishedAt": ("published_at",),
    "submittedOnDailyAt": ("submitted_at", "submitted_on_daily_at"),
    "submittedOnDailyBy": ("submitted_by",),
    "submittedBy": ("submitted_by",),
    "githubRepo": ("github_repo",),
    "githubStars": ("github_stars",),
    "projectPage": ("project_page",),
    "numComments": ("num_comments",),
    "dailyPaperRank": ("daily_paper_rank",),
}


def _alias(container: Mapping[str, Any], key: str) -> tuple[Any, str]:
    """The value under the first of ``key``'s snake_case names that has one, or None."""
    for alias in _ALIASES.get(key, ()):
        value = container.get(alias)
        if value is not None:
            return value, alias
    return None, key


def _clean_names(authors: list[Any]) -> tuple[str, ...] | None:
    """All author names at once when every one is a clean, non-empty string (the usual
    case: a paper can list hundreds); None sends the caller to the careful path."""
    try:
        names = tuple(map(_NAME, authors))
        probe = " ".join(names)  # a TypeError too when a name is no string
    except (TypeError, KeyError):
        return None
    if not names:
        return names
    # Joined by single spaces, a name that is empty or has spaces at an end leaves two
    # spaces in a row, one at an end of the whole, or (a lone empty name) nothing at all.
    if (
        not probe
        or "&" in probe
        or "  " in probe
        or not _printable(probe)
        or probe[:1] == " "
        or probe[-1:] == " "
    ):
        return None
    return names


_NAME: Final = operator.itemgetter("name")


def _clean(text: str) -> str:
    """Entities decoded and whitespace folded, skipping the work when there is none."""
    if "&" in text:
        text = html.unescape(text)
    if "\n" in text:
        # Abstracts arrive hard-wrapped with bare line ends; a replace is far cheaper than
        # splitting into words, and is enough when nothing else needs folding.
        text = text.replace("\n", " ")
    # Unprintable are tabs, other line ends and no-break spaces, among others.
    if not _printable(text) or "  " in text or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text


# Every ASCII control character to NUL: once translated, one find() tells if there is any.
_CONTROLS_TO_NUL: Final = bytes.maketrans(bytes([*range(32), 127]), bytes(33))
_SHORT: Final = 200  # up to this many characters, isprintable() is quicker: no fixed cost


def _printable(text: str) -> bool:
    """``str.isprintable()``, several times quicker on ASCII text (nearly every abstract),
    where only the control characters are unprintable: isprintable() looks each character
    up in the Unicode tables, while the bytes calls below are plain table loops."""
    if len(text) > _SHORT and text.isascii():
        return text.encode("ascii").translate(_CONTROLS_TO_NUL).find(0) < 0
    return text.isprintable()


def _raw(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= RAW_LIMIT else text[: RAW_LIMIT - 3] + "..."


def listing_from_items(
    items: object,
    *,
    pointer: str,
    facts: PageFacts,
    input_format: str,
    source: str | None,
    lines: Sequence[int] | None = None,
) -> Listing:
    """A Listing from a list of items and what the page says about itself."""
    papers, problems = papers_from_items(items, pointer=pointer, lines=lines)
    page_date = facts.page_date
    if page_date is None and facts.kind == "daily":
        page_date = common_submission_day(papers)
    return Listing(
        papers=papers,
        problems=problems,
        kind=facts.kind,
        input_format=input_format,
        page_date=page_date,
        period=facts.period,
        query=facts.query,
        source=source,
        layers=("api-json",),
    )
