"""JSON input: the Hub's paper API responses (daily lists, single papers, search results)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from ._errors import ParseError
from ._hub import PageFacts, listing_from_items, page_facts, paper_from_hub
from ._model import Listing
from ._source import Source


def parse_json(source: Source, *, reference_date: dt.date | None) -> Listing:
    """Parse ``/api/daily_papers`` lists, ``/api/papers/<id>`` objects and props objects.

    Timestamps carry their year, so ``reference_date`` is not needed here.
    """
    data = load_json(source.text, source_name=source.name)
    if isinstance(data, list):
        kind = "daily" if any(_is_daily_item(item) for item in data) else "unknown"
        if any(isinstance(item, Mapping) and "paper" not in item for item in data):
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
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON: {exc.msg}", source=source_name, line=exc.lineno) from exc
    except RecursionError as exc:
        raise ParseError(
            "JSON nested too deeply to be a papers response", source=source_name
        ) from exc


def _is_daily_item(item: object) -> bool:
    return isinstance(item, Mapping) and isinstance(item.get("paper"), Mapping)


def _all_papers(items: list[Any]) -> bool:
    return all(isinstance(item, Mapping) and "title" in item and "id" in item for item in items)
