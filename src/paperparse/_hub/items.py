"""JSON stage 2: the Hub's paper objects (API items, hydration props) as Papers.

The same shapes arrive from ``/api/daily_papers`` (a list of items), ``/api/papers/<id>`` (a
bare paper object) and the hydration JSON embedded in saved HTML (``DailyPapers`` props hold
a list of items, ``PaperContent`` props a paper), so one module maps them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final, TypeVar

import attrs

from .._fields.dates import parse_timestamp
from .._fields.links import find_urls, on_github, paper_url, split_links
from .._model import Listing, Location, Paper, Problem
from .common_items import common_paper
from .identity import read_identity
from .item_fields import MAPPINGS, ItemFields, raw_fragment, strip_highlights
from .item_keys import KeyTally

_PERIOD_KINDS: Final = {"day": "daily", "week": "weekly", "month": "monthly"}
_T = TypeVar("_T")


@attrs.frozen
class PageFacts:
    """What hydration props or an API response say about the page itself."""

    kind: str = "unknown"
    page_date: dt.date | None = None
    period: str | None = None
    query: str | None = None


def paper_from_hub(
    item: Mapping[str, Any],
    *,
    pointer: str,
    rank: int | None = None,
    line: int | None = None,
    tally: KeyTally | None = None,
) -> tuple[Paper | None, list[Problem]]:
    """Map a daily-papers item or a bare paper object to a Paper, reporting what is wrong.

    Absent keys give None. A value of the wrong type is a problem (``invalid-field``) and the
    field stays None. A key that is neither read nor ignored on purpose (see ``item_keys``)
    is counted in ``tally``, which reports it once for the whole listing; without a tally,
    this item's unknown keys are reported with its problems. An item without a usable title
    cannot be a Paper: it comes back as ``None`` with an ``unparsed-block`` problem holding
    the raw item.
    """
    fields = ItemFields(item, pointer, line)
    paper = fields.paper
    if not fields.nested and item.get("paper") is not None:
        fields.invalid(f"{pointer}/paper", "paper should be an object", item["paper"])
    title = (
        fields.text(paper, "title")
        or fields.text(item, "title")
        or fields.highlighted(paper, "highlightedTitle")
        or fields.highlighted(item, "highlightedTitle")
    )
    if not title:
        raw = raw_fragment(item)
        problem = Problem("unparsed-block", "a paper item without a title", fields.here(), raw)
        return None, [*fields.problems, problem]
    title = strip_highlights(title)

    identity = read_identity(fields)
    arxiv_id = identity.arxiv_id
    abstract = (
        fields.text(paper, "summary")
        or fields.text(item, "summary")
        or fields.highlighted(paper, "highlightedSummary")
        or fields.highlighted(item, "highlightedSummary")
    )
    abstract = strip_highlights(abstract) if abstract else None
    published_raw, published_key = fields.get(paper, "publishedAt")
    published = fields.timestamp_of(paper, published_key, published_raw)
    # The paper's code, under githubRepo or another tool's name for it: a code link whatever
    # its host, and github_repo when it is on GitHub.
    code, _ = fields.url(paper, "githubRepo")
    github_repo = code if code is not None and on_github(code) else None
    project_page = fields.text(paper, "projectPage")
    urls = [url for url in (code, project_page) if url]
    urls += identity.links
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
        # The Hub keeps these in the item or in its paper (item_keys.EITHER_FIELDS):
        # each is read in either, from the Hub's place first.
        submitter_organization=_either(
            fields, fields.organization, "submitterOrganization", item_first=True
        ),
        upvotes=fields.count(paper, "upvotes"),
        comments=fields.count(item, "numComments"),
        discussion_id=_either(fields, fields.text, "discussionId"),
        author_participating=_either(fields, fields.flag, "isAuthorParticipating", item_first=True),
        code_links=code_links,
        links=links,
        github_repo=github_repo,
        github_repo_added_by=_either(fields, fields.text, "githubRepoAddedBy"),
        github_stars=fields.count(paper, "githubStars"),
        project_page=project_page,
        ai_summary=fields.text(paper, "ai_summary"),
        ai_summary_model=_either(fields, fields.text, "ai_summary_model"),
        ai_keywords=fields.keywords(paper),
        organization=fields.organization(paper) or fields.organization(item),
        thumbnail=fields.text(item, "thumbnail", normalize=False),
        media_urls=_media(fields),
        rank=rank,
        day_rank=fields.count(paper, "dailyPaperRank") or fields.count(item, "dailyPaperRank"),
        location=fields.here(),
    )
    if tally is not None:
        tally.note(fields, arxiv_id)
        return result, fields.problems
    own = KeyTally()
    own.note(fields, arxiv_id)
    return result, [*fields.problems, *(problem for _, problem in own.problems())]


def _either(
    fields: ItemFields,
    read: Callable[[Mapping[str, Any], str], _T | None],
    key: str,
    *,
    item_first: bool = False,
) -> _T | None:
    """``read`` of ``key`` in the paper object, then in the item holding it (the item
    first when the Hub keeps the key there); the first that has a value."""
    places = (fields.item, fields.paper) if item_first else (fields.paper, fields.item)
    for place in places if fields.nested else (fields.paper,):
        # Most items lack most of these keys; none has another name (item_fields._ALIASES),
        # so an absent key is nothing to read, and the reader's call is saved.
        if place.get(key) is not None:
            value = read(place, key)
            if value is not None:
                return value
    return None


def _media(fields: ItemFields) -> tuple[str, ...]:
    """The attached videos and images: ``mediaUrls`` of the paper and of the item (the Hub
    repeats one list in both) and the single ``mediaUrl`` of 2024's items, deduplicated."""
    places = (fields.paper, fields.item) if fields.nested else (fields.paper,)
    found = [
        address
        for place in places
        for key in _MEDIA_KEYS
        if place.get(key) is not None  # most items have none: no pointer to build for them
        for address in fields.addresses(place, key)
    ]
    return tuple(dict.fromkeys(found)) if found else ()


_MEDIA_KEYS: Final = ("mediaUrls", "mediaUrl")


def papers_from_items(
    items: object,
    *,
    pointer: str,
    lines: Sequence[int] | None = None,
    few_controls: bool = False,
) -> tuple[list[Paper], list[Problem]]:
    """Every item of a JSON list of papers, in order; non-items become problems.

    ``lines`` gives each item's line, for JSON Lines, where items are located by both.
    ``few_controls``: no string holds a control character but ``\\b \\f \\n \\r \\t`` and
    DEL (the JSON text had no ``\\u`` escape: json_values.decode_document).
    """
    papers: list[Paper] = []
    problems: list[Problem] = []
    tally = KeyTally()
    ends: dict[int, int] = {}  # item (counted from 1 as the tally counts) -> problems so far
    if not isinstance(items, list):
        problems.append(
            Problem(
                "invalid-field",
                "expected a list of papers",
                Location(path=pointer),
                raw_fragment(items),
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
                    raw_fragment(item),
                )
            )
            continue
        rank = len(papers) + 1
        paper = common_paper(item, pointer=path, rank=rank, line=line, few_controls=few_controls)
        if paper is not None:  # the usual item: no problem, no unknown key
            tally.count_clean()
            papers.append(paper)
            ends[len(papers)] = len(problems)
            continue
        paper, item_problems = paper_from_hub(item, pointer=path, rank=rank, line=line, tally=tally)
        problems.extend(item_problems)
        if paper is not None:
            papers.append(paper)
            ends[len(papers)] = len(problems)
    # Each unknown key once, after the problems of the item it was first seen in: in
    # source order. From the last, so that each insertion leaves the earlier places be.
    for order, problem in reversed(tally.problems()):
        problems.insert(ends[order], problem)
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
    fields: ItemFields, item: Mapping[str, Any], published: dt.datetime | None
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


def listing_from_items(
    items: object,
    *,
    pointer: str,
    facts: PageFacts,
    input_format: str,
    source: str | None,
    lines: Sequence[int] | None = None,
    few_controls: bool = False,
) -> Listing:
    """A Listing from a list of items and what the page says about itself."""
    papers, problems = papers_from_items(
        items, pointer=pointer, lines=lines, few_controls=few_controls
    )
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
