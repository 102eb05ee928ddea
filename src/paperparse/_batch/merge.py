"""Merge stage: one record per paper across many snapshots, with its history over time."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from .._model import JSON, Listing, OutputError, Paper
from .atomic import replacing
from .record_fields import PAPER_FIELDS

if TYPE_CHECKING:
    from .database import Totals


@attrs.frozen
class Appearance:
    """One sighting of a paper: on which page, which day, with which counts."""

    source: str | None
    """The listing's ``source``; for a listing without one, ``"sha256:"`` and a digest of its
    content (see ``Collection.add``)."""
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
        record = {name: getattr(self.paper, name) for name in PAPER_FIELDS}
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
        self._appearances: dict[str, dict[str, Appearance]] = {}
        for listing in listings:
            self.add(listing)

    def add(self, listing: Listing) -> None:
        """Merge one listing in; adding the same listing again changes nothing.

        A paper's appearances are keyed by ``listing.source``. A listing without a source
        (parsed from a str or bytes) is named by its content instead: ``"sha256:"`` and the
        hex digest of ``json.dumps(listing.to_dict(), sort_keys=True)``, so the same page is
        one appearance however often it is added, in every output.
        """
        source = listing.source if listing.source is not None else _content_name(listing)
        for paper in listing.papers:
            key = paper_key(paper)
            known = self._papers.get(key)
            self._papers[key] = paper if known is None else _newer_fields(known, paper)
            self._appearances.setdefault(key, {})[source] = _appearance(listing, source, paper)

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

    def to_sqlite(self, path: str | os.PathLike[str], *, timeout: float = 5.0) -> None:
        """Write (or update) a SQLite database with the schema in ``database.SCHEMA``.

        All or nothing, in one transaction. Raises :class:`OutputError`, leaving the file as
        it was, when it is not a SQLite database, has another schema, is read-only, or is
        still locked by another process after ``timeout`` seconds.
        """
        self._write_database(path, timeout=timeout)

    def _write_database(self, path: str | os.PathLike[str], *, timeout: float) -> Totals:
        from .database import write_database  # on first use: most users never write one

        return write_database(path, (merged.to_dict() for merged in self), timeout=timeout)

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


def merge_into(
    listings: Iterable[Listing], output: str, *, output_format: str, timeout: float = 5.0
) -> str:
    """Merge listings into ``output`` (SQLite or JSON Lines); return a one-line summary of
    what the output now holds and what this run brought.

    Raises :class:`OutputError` when the output cannot be written; it is then left as it was.
    """
    collection = Collection()
    pages = 0
    for listing in listings:
        collection.add(listing)
        pages += 1
    if output_format == "sqlite":
        totals = collection._write_database(output, timeout=timeout)
        this_run = (
            f"{_counted(pages, 'page')}, {_counted(totals.new_appearances, 'new appearance')}"
        )
        return _summary(totals.papers, totals.appearances, output, this_run)
    # A JSON Lines output is rewritten whole: it holds this run and nothing else.
    _replace_jsonl(collection, output)
    appearances = sum(len(merged.appearances) for merged in collection)
    return _summary(len(collection), appearances, output, _counted(pages, "page"))


def _summary(papers: int, appearances: int, output: str, this_run: str) -> str:
    totals = f"{_counted(papers, 'paper')}, {_counted(appearances, 'appearance')}"
    return f"{totals} in {output} (this run: {this_run})"


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _replace_jsonl(collection: Collection, output: str) -> None:
    """Write ``output`` whole: beside it first, then renamed over it, so an interrupted or
    failed run leaves the previous file as it was, never a cut one."""
    try:
        with replacing(output) as out:
            collection.write_jsonl(out)
    except OSError as error:
        raise OutputError(output, error.strerror or str(error)) from error


def _content_name(listing: Listing) -> str:
    serialized = json.dumps(listing.to_dict(), sort_keys=True)  # ASCII: lone surrogates escaped
    return "sha256:" + hashlib.sha256(serialized.encode("ascii")).hexdigest()


def _appearance(listing: Listing, source: str, paper: Paper) -> Appearance:
    return Appearance(
        source=source,
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
        for name in PAPER_FIELDS
        if getattr(newer, name) not in (None, ())
    }
    return attrs.evolve(known, **changes)
