"""JSON input's entry: which shape a document has (a daily list, a single paper, search
results, JSON Lines, another tool's save), then each item through ``items``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, Final

import attrs

from .._model import RAW_LIMIT, Listing, Location, ParseError, Problem
from .._sources.loading import Source
from .item_fields import MAPPINGS, decode_json, with_aliases
from .items import PageFacts, listing_from_items, page_facts, paper_from_hub


def parse_json(source: Source, *, reference_date: dt.date | None) -> Listing:
    """Parse ``/api/daily_papers`` lists, ``/api/papers/<id>`` objects and props objects.

    Timestamps carry their year, so ``reference_date`` is not needed here.
    """
    try:
        data = decode_json(source.text)
    except json.JSONDecodeError as exc:
        lines_of_items = exc.msg == "Extra data" and source.text.lstrip().startswith("{")
        if lines_of_items and (listing := _parse_json_lines(source)) is not None:
            return listing  # one item per line, as crawlers archive them
        raise _invalid(exc, source.name) from exc
    except RecursionError as exc:
        raise _too_deep(source.name) from exc
    if isinstance(data, list):
        kind = _kind_of(data)
        if any(isinstance(item, MAPPINGS) and "paper" not in item for item in data):
            kind = "search" if kind == "unknown" and _all_papers(data) else kind
        return listing_from_items(
            data, pointer="", facts=PageFacts(kind=kind), input_format="json", source=source.name
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


def load_json(text: str, *, source_name: str | None) -> Any:
    """``json.loads`` whose every failure is a ParseError with the line it happened on."""
    try:
        return decode_json(text)
    except json.JSONDecodeError as exc:
        raise _invalid(exc, source_name) from exc
    except RecursionError as exc:
        raise _too_deep(source_name) from exc


def _invalid(exc: json.JSONDecodeError, source_name: str | None) -> ParseError:
    return ParseError(f"invalid JSON: {exc.msg}", source=source_name, line=exc.lineno)


def _too_deep(source_name: str | None) -> ParseError:
    return ParseError("JSON nested too deeply to be a papers response", source=source_name)


def _parse_json_lines(source: Source) -> Listing | None:
    """JSON Lines: one daily-papers item (or paper object) per line. A line that is not
    JSON is an ``unparsed-block`` at its line; papers are located by line and by index.
    None when no line is JSON of its own."""
    items: list[Any] = []
    lines: list[int] = []  # the line of each item
    problems: list[Problem] = []
    for number, line in enumerate(source.text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(decode_json(line))
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
    holders = (item, paper) if isinstance(paper, MAPPINGS) else (item,)
    return any(key in holder for holder in holders for key in _HIGHLIGHT_KEYS)


# The keys a search marks its hits in, by the Hub's names and the ones other tools use.
_HIGHLIGHT_KEYS: Final = with_aliases(frozenset({"highlightedTitle", "highlightedSummary"}))


def _all_papers(items: list[Any]) -> bool:
    return all(isinstance(item, MAPPINGS) and "title" in item and "id" in item for item in items)


_WRAPPER_KEYS: Final = ("papers", "items", "results", "data")


def _is_item(item: object) -> bool:
    """A daily-papers item or a paper object: it has a paper, or a title of its own."""
    return isinstance(item, MAPPINGS) and ("paper" in item or "title" in item)
