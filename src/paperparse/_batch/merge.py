"""Merge stage: one record per paper across many snapshots, with its history over time."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final, TextIO

import attrs

from .._model import JSON, Listing, Paper

if TYPE_CHECKING:
    import sqlite3

# The SQLite schema `paperparse merge` writes; documented in docs/cli.md. Keys make re-runs
# idempotent: a paper is one row, an appearance is one row per (paper, source).
SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS papers (
    paper_key    TEXT PRIMARY KEY,  -- the arXiv id, or 'title:' + casefolded title
    arxiv_id     TEXT,
    title        TEXT NOT NULL,
    abstract     TEXT,
    authors      TEXT,              -- JSON array of names
    author_count INTEGER,
    published    TEXT,              -- ISO date
    url          TEXT,
    github_repo  TEXT,
    project_page TEXT,
    ai_summary   TEXT,
    organization TEXT
);
CREATE TABLE IF NOT EXISTS appearances (
    paper_key    TEXT NOT NULL REFERENCES papers (paper_key),
    source       TEXT NOT NULL,     -- the file (or archive member) it was seen in
    kind         TEXT NOT NULL,     -- daily, weekly, monthly, trending, search, paper, unknown
    day          TEXT,              -- ISO date of the snapshot: a daily page's date, else
    rank         INTEGER,           --   the day the page was saved (NULL when unknown)
    upvotes      INTEGER,
    comments     INTEGER,
    github_stars INTEGER,
    PRIMARY KEY (paper_key, source)
);
CREATE INDEX IF NOT EXISTS appearances_by_day ON appearances (day);
"""
# Paper fields a merged record keeps: the newest non-empty value wins.
_PAPER_FIELDS: Final = (
    "arxiv_id",
    "title",
    "abstract",
    "authors",
    "author_count",
    "published",
    "url",
    "github_repo",
    "project_page",
    "ai_summary",
    "organization",
)


@attrs.frozen
class Appearance:
    """One sighting of a paper: on which page, which day, with which counts."""

    source: str | None
    kind: str
    day: dt.date | None
    rank: int | None
    upvotes: int | None
    comments: int | None
    github_stars: int | None

    def to_dict(self) -> JSON:
        return {
            **attrs.asdict(self),
            "day": None if self.day is None else self.day.isoformat(),
        }


@attrs.frozen
class MergedPaper:
    """A paper across snapshots: its latest known fields and every appearance, by day."""

    key: str
    paper: Paper
    appearances: tuple[Appearance, ...]

    def to_dict(self) -> JSON:
        record = {name: getattr(self.paper, name) for name in _PAPER_FIELDS}
        record["authors"] = list(self.paper.authors)
        record["published"] = self.paper.published.isoformat() if self.paper.published else None
        return {
            "key": self.key,
            **record,
            "appearances": [appearance.to_dict() for appearance in self.appearances],
        }


class Collection:
    """Papers merged across listings, keyed by arXiv id (version-insensitive)."""

    def __init__(self, listings: Iterable[Listing] = ()) -> None:
        self._papers: dict[str, Paper] = {}
        self._appearances: dict[str, dict[str | None, Appearance]] = {}
        for listing in listings:
            self.add(listing)

    def add(self, listing: Listing) -> None:
        """Merge one listing in; adding the same listing again changes nothing."""
        for paper in listing.papers:
            key = paper_key(paper)
            known = self._papers.get(key)
            self._papers[key] = paper if known is None else _newer_fields(known, paper)
            self._appearances.setdefault(key, {})[listing.source] = _appearance(listing, paper)

    def __len__(self) -> int:
        return len(self._papers)

    def __iter__(self) -> Iterator[MergedPaper]:
        for key, paper in self._papers.items():
            appearances = sorted(
                self._appearances[key].values(),
                key=lambda item: (item.day or dt.date.min, item.source or ""),
            )
            yield MergedPaper(key, paper, tuple(appearances))

    def to_rows(self) -> list[JSON]:
        """One JSON-safe dict per paper, appearances included."""
        return [merged.to_dict() for merged in self]

    def write_jsonl(self, out: TextIO) -> None:
        for row in self.to_rows():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")

    def to_sqlite(self, path: str | os.PathLike[str]) -> None:
        """Write (or update) a SQLite database with the schema in ``SCHEMA``."""
        import sqlite3  # on first use: most users never write a database

        with sqlite3.connect(path) as database:
            database.executescript(SCHEMA)
            for merged in self:
                _upsert(database, merged)

    def to_dataframe(self) -> Any:
        """One row per appearance, paper fields repeated (``pip install paperparse[pandas]``)."""
        try:
            import pandas  # type: ignore[import-untyped,unused-ignore]
        except ImportError as exc:
            raise ImportError(
                "to_dataframe() needs pandas: pip install 'paperparse[pandas]'"
            ) from exc
        rows = [
            {**{k: v for k, v in merged.to_dict().items() if k != "appearances"}, **appearance}
            for merged in self
            for appearance in merged.to_dict()["appearances"]
        ]
        return pandas.DataFrame(rows)


def paper_key(paper: Paper) -> str:
    """The merge key: the arXiv id, else the casefolded, space-folded title."""
    if paper.arxiv_id:
        return paper.arxiv_id
    return "title:" + " ".join(paper.title.casefold().split())


def merge_into(listings: Iterable[Listing], output: str, *, output_format: str) -> str:
    """Merge listings into ``output`` (SQLite or JSON Lines); return a one-line summary."""
    collection = Collection(listings)
    if output_format == "sqlite":
        collection.to_sqlite(output)
    else:
        with open(output, "w", encoding="utf-8") as out:
            collection.write_jsonl(out)
    appearances = sum(len(merged.appearances) for merged in collection)
    return f"{len(collection)} papers, {appearances} appearances -> {output}"


def _appearance(listing: Listing, paper: Paper) -> Appearance:
    return Appearance(
        source=listing.source,
        kind=listing.kind,
        # The day of the snapshot: a daily list's own day, else the day it was saved. A
        # trending or search page's papers were submitted on many days: not its day.
        day=listing.page_date
        or (paper.submitted if listing.kind == "daily" else None)
        or listing.retrieved,
        rank=paper.rank,
        upvotes=paper.upvotes,
        comments=paper.comments,
        github_stars=paper.github_stars,
    )


def _newer_fields(known: Paper, newer: Paper) -> Paper:
    changes = {
        name: getattr(newer, name)
        for name in _PAPER_FIELDS
        if getattr(newer, name) not in (None, ())
    }
    return attrs.evolve(known, **changes)


def _upsert(database: sqlite3.Connection, merged: MergedPaper) -> None:
    record = merged.to_dict()
    columns = ["paper_key", *_PAPER_FIELDS]
    values = [merged.key, *(record[name] for name in _PAPER_FIELDS)]
    values[columns.index("authors")] = json.dumps(record["authors"], ensure_ascii=False)
    updates = ", ".join(
        f"{name} = COALESCE(excluded.{name}, papers.{name})" for name in _PAPER_FIELDS
    )
    database.execute(
        f"INSERT INTO papers ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT (paper_key) DO UPDATE SET {updates}",
        values,
    )
    database.executemany(
        "INSERT INTO appearances (paper_key, source, kind, day, rank, upvotes, comments, "
        "github_stars) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (paper_key, source) DO UPDATE SET kind = excluded.kind, "
        "day = excluded.day, rank = excluded.rank, upvotes = excluded.upvotes, "
        "comments = excluded.comments, github_stars = excluded.github_stars",
        [
            (
                merged.key,
                item.source,
                item.kind,
                item.day.isoformat() if item.day else None,
                item.rank,
                item.upvotes,
                item.comments,
                item.github_stars,
            )
            for item in merged.appearances
        ],
    )
