"""Merge stage: one record per paper across many snapshots, with its history over time."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, TextIO

import attrs

from .._hub.json_values import decode_json
from .._model import JSON, Listing, OutputError, Paper
from .atomic import replacing
from .record_fields import PAPER_FIELDS
from .records import Appearance, MergedPaper, read_record

if TYPE_CHECKING:
    from .database import Totals


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

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Collection:
        """The collection a ``merge`` output holds: a SQLite database or JSON Lines file
        that ``to_sqlite`` or ``write_jsonl`` wrote (told apart by content). Adding more
        listings to it and writing it again gives what merging them into that output gives.

        Raises :class:`OutputError` for a file that is no such output (another database,
        another file, a record that does not read).
        """
        target = os.fspath(path)
        opening = _opening(target)
        if opening == _SQLITE_MAGIC:
            from .database import read_database

            return cls.from_records(read_database(target), name=target)
        if opening.startswith(_PARQUET_MAGIC):
            return cls.from_records(_parquet_records(target), name=target)
        return cls.from_records(_jsonl_records(target), name=target)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], *, name: str = "") -> Collection:
        """A collection from merged records (``MergedPaper.to_dict()`` rows, as ``to_rows``
        gives). Raises :class:`OutputError` naming the first record that does not read."""
        collection = cls()
        for index, record in enumerate(records, start=1):
            key, paper, appearances = read_record(record, name=name, index=index)
            collection._papers[key] = paper
            collection._appearances[key] = {item.source or "": item for item in appearances}
        return collection

    def __len__(self) -> int:
        return len(self._papers)

    def __iter__(self) -> Iterator[MergedPaper]:
        for key, paper in self._papers.items():
            appearances = sorted(
                self._appearances[key].values(),
                key=lambda item: (item.day or dt.date.min, item.source or ""),
            )
            yield MergedPaper(key, paper, tuple(appearances))

    def appearance_count(self) -> int:
        """How many appearances the collection holds, over all its papers."""
        return sum(len(appearances) for appearances in self._appearances.values())

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

    def to_parquet(self, path: str | os.PathLike[str]) -> None:
        """Write the merged records to a Parquet file, typed by the model (``merge``'s
        records, the appearances a list of structs; ``pip install paperparse[parquet]``).
        Written whole or not at all; raises :class:`OutputError` when it cannot be."""
        from .parquet import merged_schema, write_parquet

        target = os.fspath(path)
        try:
            write_parquet(self.to_rows(), target, merged_schema())
        except OSError as error:
            raise OutputError(target, error.strerror or str(error)) from error

    def to_dataframe(self) -> Any:
        """One row per appearance, the paper's fields repeated, every column typed (see
        ``frames``; ``pip install paperparse[pandas]``)."""
        from .frames import appearance_frame

        return appearance_frame(merged.to_dict() for merged in self)


def paper_key(paper: Paper) -> str:
    """The merge key: the arXiv id, else the casefolded, space-folded title."""
    if paper.arxiv_id:
        return paper.arxiv_id
    return "title:" + " ".join(paper.title.casefold().split())


def merge_into(
    listings: Iterable[Listing], output: str, *, output_format: str, timeout: float = 5.0
) -> str:
    """Merge listings into ``output`` (SQLite, JSON Lines or Parquet); return a summary of
    what the output now holds and what this run brought. Either output accumulates: what it
    held, with this run's listings merged in, the same records in both.

    Raises :class:`OutputError` when the output cannot be written, or is no merge output of
    ours; it is then left as it was.
    """
    if output_format == "sqlite":
        collection, pages = _merged(Collection(), listings)
        totals = collection._write_database(output, timeout=timeout)
        papers, appearances, added = totals.papers, totals.appearances, totals.new_appearances
    else:
        # Read first: a file that is no merge of ours is refused before any page is parsed.
        known = Collection.read(output) if os.path.exists(output) else Collection()
        before = known.appearance_count()
        collection, pages = _merged(known, listings)
        if output_format == "parquet":
            collection.to_parquet(output)
        else:
            _replace_jsonl(collection, output)
        papers, appearances = len(collection), collection.appearance_count()
        added = appearances - before
    this_run = f"{_counted(pages, 'page')}, {_counted(added, 'new appearance')}"
    return _summary(papers, appearances, output, this_run)


def _merged(collection: Collection, listings: Iterable[Listing]) -> tuple[Collection, int]:
    pages = 0
    for listing in listings:
        collection.add(listing)
        pages += 1
    return collection, pages


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


_SQLITE_MAGIC: Final = b"SQLite format 3\x00"
_PARQUET_MAGIC: Final = b"PAR1"


def _opening(path: str) -> bytes:
    """A file's first bytes, which say which output it is."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_SQLITE_MAGIC))
    except OSError:
        return b""


def _parquet_records(path: str) -> list[JSON]:
    from .parquet import read_parquet

    try:
        return read_parquet(path)
    except (OSError, ValueError) as error:  # pyarrow's errors are of these kinds
        raise OutputError(path, f"cannot read it as Parquet: {error}") from error


def _jsonl_records(path: str) -> Iterator[JSON]:
    """The records of a JSON Lines merge output, one per line; a line that is no JSON
    object is an :class:`OutputError` naming it."""
    try:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:  # bounded as every JSON we read; a lone surrogate no file can hold is
                    record = decode_json(line, [])  # replaced, as on first reading
                except (ValueError, RecursionError):
                    record = None
                if not isinstance(record, dict):
                    raise OutputError(path, f"line {number} is no merged paper record")
                yield record
    except (OSError, UnicodeDecodeError) as error:
        raise OutputError(path, getattr(error, "strerror", None) or str(error)) from error


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
        seen=listing.retrieved,
        day_rank=paper.day_rank,
    )


def _newer_fields(known: Paper, newer: Paper) -> Paper:
    changes = {
        name: getattr(newer, name)
        for name in PAPER_FIELDS
        if getattr(newer, name) not in (None, ())
    }
    return attrs.evolve(known, **changes)
