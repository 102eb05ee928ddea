"""JSON input's entry: which shape a document has (a daily list, a single paper, search
results, JSON Lines, another tool's save, any of them cut off), then each item through
``items``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, Final

import attrs

from .._bounds import RAW_LIMIT
from .._model import Listing, Location, Paper, ParseError, Problem
from .._sources.loading import Source
from .item_fields import MAPPINGS, with_aliases
from .items import PageFacts, listing_from_items, page_facts, paper_from_hub
from .json_values import decode_document, decode_json
from .salvage import ITEM_LISTS, cut_problem, ends_inside, read_cut


def parse_json(source: Source, *, reference_date: dt.date | None) -> Listing:
    """Parse ``/api/daily_papers`` lists, ``/api/papers/<id>`` objects and props objects.

    Timestamps carry their year, so ``reference_date`` is not needed here. JSON that
    holds items but no sign of the Hub (a paper id, a Hub key) is no papers response.
    A document that ends too soon (a download cut off) gives its complete items.
    """
    decoding: list[Problem] = []
    try:
        data, escaped = decode_document(source.text, decoding)
    except json.JSONDecodeError as exc:
        if ends_inside(source.text, exc) and (listing := _salvaged(source)) is not None:
            return listing
        # One item per line, as crawlers archive them: an object, then more of them (or a
        # first line that is broken, and lines after it).
        lines_of_items = source.text.lstrip().startswith("{") and (
            exc.msg == "Extra data" or "\n" in source.text.strip()
        )
        if lines_of_items and (listing := _parse_json_lines(source)) is not None:
            return listing
        raise _invalid(exc, source.name) from exc
    except RecursionError as exc:
        raise _too_deep(source.name) from exc
    listing = _papers_or_refused(_listing_of(data, source, few_controls=not escaped), data)
    if decoding:
        listing = attrs.evolve(listing, problems=(*decoding, *listing.problems))
    return listing


def _salvaged(source: Source) -> Listing | None:
    """The listing the complete part of a document cut off at its end gives, with one
    ``truncated`` problem where the cut is; None when that part gives no paper (nothing
    then says the document was a papers response)."""
    problems: list[Problem] = []
    cut = read_cut(source.text, problems)
    if cut is None:
        return None
    try:
        listing = _papers_or_refused(_listing_of(cut.value, source), cut.value)
    except ParseError:
        return None
    if not listing.papers:
        return None
    if listing.kind == "paper":
        read = "the paper is read from the fields before it"
    else:
        read = f"the {len(listing.papers)} papers before it are read"
    problems.extend(listing.problems)
    problems.append(cut_problem(source.text, cut, read))
    return attrs.evolve(listing, problems=problems)


def _listing_of(data: Any, source: Source, *, few_controls: bool = False) -> Listing:
    """``few_controls``: no string of ``data`` holds a control character but ``\\b \\f \\n
    \\r \\t`` and DEL (json_values.decode_document), which spares their checks."""
    if isinstance(data, list):
        kind = _kind_of(data)
        if any(isinstance(item, MAPPINGS) and "paper" not in item for item in data):
            kind = "search" if kind == "unknown" and _all_papers(data) else kind
        return listing_from_items(
            data,
            pointer="",
            facts=PageFacts(kind=kind),
            input_format="json",
            source=source.name,
            few_controls=few_controls,
        )
    if isinstance(data, Mapping):
        if isinstance(data.get("dailyPapers"), list):
            return listing_from_items(
                data["dailyPapers"],
                pointer="/dailyPapers",
                facts=page_facts(data),
                input_format="json",
                source=source.name,
            )
        # Another tool's response or dump that wraps the items: {"papers": [...], ...}.
        for key in _WRAPPER_KEYS:
            items = data.get(key)
            if isinstance(items, list) and items and all(_is_item(item) for item in items):
                return listing_from_items(
                    items,
                    pointer=f"/{key}",
                    facts=PageFacts(kind=_kind_of(items)),
                    input_format="json",
                    source=source.name,
                )
        if "paper" in data or ("id" in data and "title" in data):
            paper, problems = paper_from_hub(data, pointer="", rank=1)
            return Listing(
                papers=[paper] if paper else [],
                problems=problems,
                kind="paper",
                input_format="json",
                source=source.name,
                layers=("api-json",),
            )
    raise ParseError("JSON that holds no papers: not a Hub paper API response", source=source.name)


def _papers_or_refused(listing: Listing, data: object) -> Listing:
    """``listing``, unless it has papers and neither they nor the JSON show a sign of the
    Hub: a paper id, an abstract, a date, a count, a key only the Hub's items have. A to-do
    list's ``title`` keys are no papers."""
    if (
        listing.papers
        and not any(map(_looks_like_a_paper, listing.papers))
        and not _has_hub_keys(data)
    ):
        raise ParseError(
            "JSON that holds no papers: its items have titles, but no paper id, abstract, "
            "authors, date, count or other Hub field",
            source=listing.source,
        )
    return listing


def _looks_like_a_paper(paper: Paper) -> bool:
    return any(getattr(paper, name) not in (None, ()) for name in _PAPER_SIGNS)


def _has_hub_keys(data: object) -> bool:
    """Whether an object of ``data`` (the document, one of its items or their ``paper``
    objects) has a key of the Hub's own naming."""
    items = data if isinstance(data, list) else [data]
    if isinstance(data, Mapping):
        items += [
            item for key in _WRAPPER_KEYS if isinstance(data.get(key), list) for item in data[key]
        ]
    for item in items:
        if isinstance(item, MAPPINGS):
            paper = item.get("paper")
            if not _HUB_KEYS.isdisjoint(item) or (
                isinstance(paper, MAPPINGS) and not _HUB_KEYS.isdisjoint(paper)
            ):
                return True
    return False


# Keys no other kind of JSON is likely to share: the Hub's names for a paper's parts.
_HUB_KEYS: Final = frozenset(
    {
        "paper",
        "dailyPapers",
        "publishedAt",
        "numComments",
        "submittedOnDailyAt",
        "submittedOnDailyBy",
        "submittedBy",
        "githubRepo",
        "githubStars",
        "projectPage",
        "ai_summary",
        "ai_keywords",
        "dailyPaperRank",
        "highlightedTitle",
        "highlightedSummary",
        "highlighted_title",
        "highlighted_summary",
        "discussionId",
        "mediaUrls",
        "isAuthorParticipating",
    }
)
# The Paper fields only a paper has; a title, an organisation or a link alone are not.
_PAPER_SIGNS: Final = (
    "arxiv_id",
    "abstract",
    "authors",
    "author_count",
    "published",
    "submitted",
    "submitted_by",
    "upvotes",
    "comments",
    "code_links",
    "github_repo",
    "github_stars",
    "ai_summary",
    "ai_keywords",
    "day_rank",
    "project_page",
)


def _invalid(exc: json.JSONDecodeError, source_name: str | None) -> ParseError:
    return ParseError(
        f"invalid JSON: {exc.msg}", source=source_name, line=exc.lineno, code="damaged"
    )


def _too_deep(source_name: str | None) -> ParseError:
    return ParseError(
        "JSON nested too deeply to be a papers response", source=source_name, code="too-large"
    )


def _parse_json_lines(source: Source) -> Listing | None:
    """JSON Lines: one daily-papers item (or paper object) per line. A line that is not
    JSON is an ``unparsed-block`` at its line; papers are located by line and by index.
    None when no line is JSON of its own."""
    items: list[Any] = []
    lines: list[int] = []  # the line of each item
    problems: list[Problem] = []
    # Lines end at "\n" only: U+2028 and the like may stand raw inside a JSON string.
    for number, line in enumerate(source.text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            items.append(decode_json(line, problems, line=number))
        except (json.JSONDecodeError, RecursionError):
            location = Location(line=number)
            problems.append(
                Problem("unparsed-block", "a line that is not JSON", location, line[:RAW_LIMIT])
            )
            continue
        lines.append(number)
    if not items:
        return None  # no line is JSON of its own: not JSON Lines, just broken JSON
    listing = listing_from_items(
        items,
        pointer="",
        facts=PageFacts(kind=_kind_of(items)),
        input_format="jsonl",
        source=source.name,
        lines=lines,
    )
    in_order = sorted(
        (*problems, *listing.problems), key=lambda problem: problem.location.line or 0
    )
    return attrs.evolve(listing, problems=in_order)


def _kind_of(items: list[Any]) -> str:
    """A list's page kind: search results mark their hits, daily items hold a paper."""
    if any(_is_search_item(item) for item in items):
        return "search"
    return "daily" if any(_is_daily_item(item) for item in items) else "unknown"


def _is_daily_item(item: object) -> bool:
    return isinstance(item, MAPPINGS) and isinstance(item.get("paper"), MAPPINGS)


def _is_search_item(item: object) -> bool:
    """An item of ``/api/papers/search``: it, or its paper, carries text with the hits
    marked (``highlightedTitle``...), which only a search has. Without those marks, a
    search result is the same paper object a daily item holds, and reads as one."""
    if not isinstance(item, MAPPINGS):
        return False
    paper = item.get("paper")
    # The keys view's isdisjoint looks the four keys up in C (a frozenset's walks every key
    # of the item): on a 39-item response 0.2M instructions, a generator over them 0.36M.
    if not item.keys().isdisjoint(_HIGHLIGHT_KEYS):
        return True
    return isinstance(paper, MAPPINGS) and not paper.keys().isdisjoint(_HIGHLIGHT_KEYS)


# The keys a search marks its hits in, by the Hub's names and the ones other tools use.
_HIGHLIGHT_KEYS: Final = with_aliases(frozenset({"highlightedTitle", "highlightedSummary"}))


def _all_papers(items: list[Any]) -> bool:
    return all(isinstance(item, MAPPINGS) and "title" in item and "id" in item for item in items)


_WRAPPER_KEYS: Final = ITEM_LISTS[1:]  # "papers", "items"...: ITEM_LISTS but the Hub's own


def _is_item(item: object) -> bool:
    """A daily-papers item or a paper object: it has a paper, or a title of its own."""
    return isinstance(item, MAPPINGS) and ("paper" in item or "title" in item)
