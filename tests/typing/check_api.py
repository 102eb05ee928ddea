"""Type-checked (not run) by mypy --strict: the public API used the way users use it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import paperparse
from paperparse import Listing, Paper, ParseError, Problem


def newest_titles(folder: Path) -> list[str]:
    titles: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        try:
            listing: Listing = paperparse.parse(path, reference_date=dt.date(2025, 11, 6))
        except ParseError as error:
            print(error.source, error.line, error.message)
            continue
        for paper in listing.papers:
            published: dt.date | None = paper.published
            if published is not None and paper.upvotes is not None:
                titles.append(paper.title)
        problems: tuple[Problem, ...] = listing.problems
        print(len(problems))
    return titles


def round_trip(paper: Paper) -> Paper:
    return Paper.from_dict(paper.to_dict())


def strict(text: str) -> int:
    return len(paperparse.parse(text, strict=True).papers)
