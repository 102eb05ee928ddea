"""Collection.to_dataframe: every field a column, typed by the model, the same when empty."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import paperparse
from paperparse import Collection, Paper
from paperparse._batch.record_fields import APPEARANCE_COUNTS

from ..conftest import FIXTURES

pandas = pytest.importorskip("pandas", reason="the pandas extra is not installed")


def test_every_field_is_a_column_of_its_type() -> None:
    listing = paperparse.parse(FIXTURES / "html" / "daily_hydrated.html")
    frame = Collection([listing]).to_dataframe()
    paper_fields = {field.name for field in attrs.fields(Paper)} - {"location"}
    assert paper_fields <= set(frame.columns)
    assert set(APPEARANCE_COUNTS) <= set(frame.columns)
    assert {"key", "source", "kind", "day", "seen"} <= set(frame.columns)
    assert str(frame["published"].dtype) == "datetime64[ns]"
    assert str(frame["upvotes"].dtype) == "Int64"
    assert str(frame["title"].dtype).startswith("string")
    first = frame.iloc[0]
    assert first["published"] == pandas.Timestamp(listing.papers[0].published)
    assert first["upvotes"] == listing.papers[0].upvotes
    assert first["authors"] == list(listing.papers[0].authors)


def test_a_missing_count_is_na_and_zero_stays_zero() -> None:
    listing = paperparse.Listing(
        papers=[Paper(title="A", arxiv_id="2401.00001", upvotes=0), Paper(title="B")],
        source="a.txt",
        page_date=dt.date(2024, 1, 2),
    )
    frame = Collection([listing]).to_dataframe()
    assert frame["upvotes"].tolist()[0] == 0
    assert frame["upvotes"].isna().tolist() == [False, True]
    assert frame["day"].tolist() == [pandas.Timestamp("2024-01-02")] * 2


def test_an_empty_collection_has_the_same_columns_and_types() -> None:
    full = Collection([paperparse.parse(FIXTURES / "json" / "daily_2025.json")]).to_dataframe()
    empty = Collection().to_dataframe()
    assert len(empty) == 0
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
