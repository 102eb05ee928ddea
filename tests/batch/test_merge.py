"""Merge stage: one record per paper across snapshots."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from paperparse import Collection, Listing, Paper


def snapshot(day: dt.date, source: str, **fields: object) -> Listing:
    paper = Paper(title="A Paper", arxiv_id="2509.24002", rank=1, **fields)  # type: ignore[arg-type]
    return Listing(papers=[paper], kind="daily", page_date=day, source=source)


def test_papers_merge_by_arxiv_id_and_keep_their_history() -> None:
    collection = Collection(
        [
            snapshot(dt.date(2025, 9, 30), "b.html", upvotes=118, github_stars=40),
            snapshot(dt.date(2025, 9, 29), "a.html", upvotes=12, abstract="Abstract."),
        ]
    )
    (merged,) = collection
    assert merged.key == "2509.24002"
    assert [(item.day, item.upvotes) for item in merged.appearances] == [
        (dt.date(2025, 9, 29), 12),
        (dt.date(2025, 9, 30), 118),
    ]
    assert merged.paper.abstract == "Abstract."  # a later snapshot without it keeps it


def test_adding_the_same_listing_twice_changes_nothing() -> None:
    listing = snapshot(dt.date(2025, 9, 29), "a.html", upvotes=12)
    collection = Collection([listing])
    before = collection.to_rows()
    collection.add(listing)
    assert collection.to_rows() == before
    assert len(collection) == 1


def test_rows_are_json_safe() -> None:
    (row,) = Collection([snapshot(dt.date(2025, 9, 29), "a.html", upvotes=0)]).to_rows()
    assert row["appearances"] == [
        {
            "source": "a.html",
            "kind": "daily",
            "day": "2025-09-29",
            "rank": 1,
            "upvotes": 0,
            "comments": None,
            "github_stars": None,
            "seen": None,
            "day_rank": None,
        }
    ]


def test_to_dataframe_explains_the_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(ImportError, match=r"paperparse\[pandas\]"):
        Collection().to_dataframe()
