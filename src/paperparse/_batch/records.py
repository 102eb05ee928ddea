"""Merge stage: a merged record (a paper and its appearances), and one read back from JSON
Lines or SQLite, checked and typed.

A record is what ``MergedPaper.to_dict()`` writes: the key, the paper fields of
``record_fields.PAPER_FIELDS`` and the appearances. Each value is read by the model's own
types (``_exports.values``); a record that does not read is refused, naming it, rather
than merged into: the output it came from is then left as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from .._exports.values import Reader, field_kinds
from .._model import JSON, OutputError, Paper
from .record_fields import PAPER_FIELDS


@attrs.frozen
class Appearance:
    """One sighting of a paper: on which page, which day, with which counts."""

    source: str | None
    """The listing's ``source``; for a listing without one, ``"sha256:"`` and a digest of its
    content (see ``Collection.add``)."""
    kind: str
    """The page kind (``Listing.kind``)."""
    day: dt.date | None
    """The day the snapshot stands for: the listing's own date (a daily page's day), else
    for a daily page its papers' submission day, else the day it was saved (``seen``)."""
    rank: int | None
    upvotes: int | None
    comments: int | None
    github_stars: int | None
    seen: dt.date | None = None
    """The day the page was saved (``Listing.retrieved``), whatever the page's own date."""
    day_rank: int | None = None
    """The paper's place among that day's papers, when the page shows it."""

    def to_dict(self) -> JSON:
        return {
            **attrs.asdict(self),
            "day": None if self.day is None else self.day.isoformat(),
            "seen": None if self.seen is None else self.seen.isoformat(),
        }


@attrs.frozen
class MergedPaper:
    """A paper across snapshots: its latest known fields and every appearance, by day."""

    key: str
    paper: Paper
    appearances: tuple[Appearance, ...]

    def to_dict(self) -> JSON:
        fields = self.paper.to_dict()
        record = {name: fields[name] for name in PAPER_FIELDS}
        return {
            "key": self.key,
            **record,
            "appearances": [appearance.to_dict() for appearance in self.appearances],
        }


def read_record(
    record: Mapping[str, Any], *, name: str, index: int
) -> tuple[str, Paper, list[Appearance]]:
    """The key, paper and appearances of record number ``index`` of the output ``name``."""
    key = record.get("key")
    if not isinstance(key, str) or not key:
        raise OutputError(name, f"record {index} is no merged paper record (no key)")
    reader = Reader()
    paper = reader.paper({field: record.get(field) for field in PAPER_FIELDS}, f"/{index}")
    appearances = []
    kinds = field_kinds(Appearance)
    for number, item in enumerate(reader.list_of(record.get("appearances"), "/appearances")):
        if not isinstance(item, Mapping) or not all(
            isinstance(item.get(field), str) for field in ("source", "kind")
        ):
            reader.unreadable(f"/appearances/{number}", "an appearance without a source", item)
            continue
        values = {
            field: reader.value(item[field], kind, f"/appearances/{number}/{field}")
            for field, kind in kinds.items()
            if item.get(field) is not None
        }
        appearances.append(Appearance(**{field: None for field in kinds} | values))
    if paper is None or reader.problems:
        why = reader.problems[0].message if reader.problems else "no title"
        raise OutputError(name, f"record {index} ({key}) does not read: {why}")
    return key, paper, appearances
