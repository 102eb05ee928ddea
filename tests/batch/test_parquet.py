"""Parquet outputs: the rows and merged records, typed by the model, read back exactly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import paperparse
from paperparse import Collection, Listing, Paper
from paperparse._batch.export import paper_rows
from paperparse._batch.merge import merge_into
from paperparse._batch.parquet import read_parquet
from paperparse.cli import main

from ..conftest import FIXTURES

parquet = pytest.importorskip("pyarrow.parquet", reason="the parquet extra is not installed")


def test_parse_writes_the_jsonl_rows_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "papers.parquet"
    arguments = ["parse", str(FIXTURES / "html"), "--glob", "*.html", "-q", "-o", str(target)]
    assert main(arguments) == 0
    listings = [paperparse.parse(path) for path in sorted((FIXTURES / "html").glob("*.html"))]
    expected = [json.loads(json.dumps(row)) for row in paper_rows(listings)]
    assert read_parquet(target) == expected  # every value, back as the JSON rows hold it
    table = parquet.read_table(target)
    assert str(table.schema.field("published").type) == "date32[day]"
    assert str(table.schema.field("upvotes").type) == "int64"
    assert str(table.schema.field("authors").type) == "list<element: string>"
    assert str(table.schema.field("author_participating").type) == "bool"
    assert capsys.readouterr().err == ""


def test_parquet_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(FIXTURES / "text" / "seed_search.txt"), "--format", "parquet"]) == 2
    assert capsys.readouterr().err == (
        "paperparse: usage: --format parquet writes a file: give -o FILE\n"
    )


def _page(source: str, day: int, upvotes: int) -> Listing:
    papers = [Paper(title="The Same Paper", arxiv_id="2408.00001", rank=1, upvotes=upvotes),
              Paper(title="Seen Once", rank=2, upvotes=0)]  # fmt: skip
    return Listing(papers=papers, kind="daily", page_date=dt.date(2024, 8, day), source=source)


def test_a_parquet_merge_accumulates_and_holds_what_the_others_hold(tmp_path: Path) -> None:
    runs = [[_page("a.txt", 1, 3)], [_page("b.txt", 2, 9)]]
    read = []
    for name, output_format in (
        ("m.parquet", "parquet"),
        ("m.sqlite", "sqlite"),
        ("m.jsonl", "jsonl"),
    ):
        for listings in runs:
            merge_into(listings, str(tmp_path / name), output_format=output_format)
        read.append(sorted(Collection.read(tmp_path / name).to_rows(), key=lambda row: row["key"]))
    assert read[0] == read[1] == read[2]
    table = parquet.read_table(tmp_path / "m.parquet")
    upvotes = [[item["upvotes"] for item in row] for row in table.column("appearances").to_pylist()]
    assert sorted(upvotes) == [[0, 0], [3, 9]]  # zero stays zero


def test_an_empty_collection_writes_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "empty.parquet"
    Collection().to_parquet(target)
    table = parquet.read_table(target)
    assert table.num_rows == 0
    assert table.schema.names[:3] == ["key", "arxiv_id", "title"]
    assert len(Collection.read(target)) == 0


def test_a_file_that_is_not_parquet_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "m.parquet"
    target.write_bytes(b"PAR1 and then nothing")
    with pytest.raises(paperparse.OutputError, match="cannot read it as Parquet"):
        merge_into([_page("a.txt", 1, 3)], str(target), output_format="parquet")
    assert target.read_bytes() == b"PAR1 and then nothing"
