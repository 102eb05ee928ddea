"""JSON stage 2: the Hub's paper objects (API items, hydration props) as Papers.

The same shapes arrive from ``/api/daily_papers`` (a list of items), ``/api/papers/<id>`` (a
bare paper object) and the hydration JSON embedded in saved HTML (``DailyPapers`` props hold
a list of items, ``PaperContent`` props a paper), so one module maps them all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from .._fields.dates import parse_timestamp
from .._fields.links import find_urls, normalize_arxiv_id, paper_url, split_links
from .._model import Listing, Location, Paper, Problem
from .item_fields import MAPPINGS, ItemFields, raw_fragment

_PERIOD_KINDS: Final = {"day": "daily", "week": "weekly", "month": "monthly"}


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
    fields = ItemFields(item, pointer, line)
    paper = fields.paper
    title = fields.text(paper, "title") or fields.text(item, "title")
    if not title:
        raw = raw_fragment(item)
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
