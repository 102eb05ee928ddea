"""paperparse.dask on a distributed LocalCluster of two worker processes: the same papers,
problems and merged records as the command line, for folders, crawls and fsspec URLs."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import paperparse
from paperparse import Listing, ParseError
from paperparse._exports.rows import ROW_COLUMNS

from ..conftest import FIXTURES
from .conftest import REFERENCE, cli_json_lines, cli_merged, cli_rows, eighth

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
import paperparse.dask as ppdask  # noqa: E402

DAY = dt.date.fromisoformat(REFERENCE)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two worker processes of one thread each, as on a two-core machine."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as client:
        yield client


def _json(frame: Any, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """A computed frame's rows as JSON values, the columns the JSON Lines row has."""
    from paperparse._engines.tables import from_pandas

    rows = from_pandas(frame)
    return [{key: row[key] for key in columns or row} for row in rows]


def test_a_folder_gives_the_command_lines_rows(client: Any, corpus_folder: Path) -> None:
    expected = cli_rows([corpus_folder])
    frame = ppdask.read_papers(corpus_folder.as_posix(), reference_date=DAY, partition_bytes=1)
    assert frame.npartitions > 2  # a partition a file: both workers get work
    got = frame.compute().sort_values("order")
    assert _json(got, list(expected[0])) == expected
    assert len(expected) > 400


def test_the_columns_are_typed_from_the_model(corpus_folder: Path) -> None:
    frame = ppdask.read_papers(str(corpus_folder / "api-json"), reference_date=DAY)
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}  # the meta, uncomputed
    extra = ["key", "page_kind", "page_date", "retrieved", "order"]
    assert list(dtypes) == [*ROW_COLUMNS, *extra]  # the JSON Lines row's, then the page's
    assert dtypes["published"] == "date32[day][pyarrow]"
    assert dtypes["upvotes"] == "int64[pyarrow]"
    assert dtypes["authors"] == "list<item: string>[pyarrow]"
    assert dtypes["author_participating"] == "bool[pyarrow]"
    assert dtypes["location"].startswith("struct<line: int64")
    assert list(frame.compute().dtypes.astype(str)) == list(dtypes.values())


def test_zero_stays_zero_and_not_on_the_page_stays_null(tmp_path: Path) -> None:
    page = FIXTURES / "json" / "daily_2025.json"
    (tmp_path / page.name).write_bytes(page.read_bytes())
    frame = ppdask.read_papers(str(tmp_path), reference_date=DAY).compute()
    rows = paperparse.parse(page, reference_date=DAY).papers
    for row, paper in zip(frame.itertuples(), rows, strict=True):
        assert (None if row.upvotes is None or row.upvotes != row.upvotes else row.upvotes) == (
            paper.upvotes
        )
        assert row.comments == paper.comments or (paper.comments is None and _null(row.comments))


def _null(value: Any) -> bool:
    import pandas

    return bool(pandas.isna(value))


def test_the_merge_gives_the_command_lines_records(
    client: Any, corpus_folder: Path, tmp_path: Path
) -> None:
    folders = sorted(path for path in corpus_folder.iterdir() if path.is_dir())
    expected = cli_merged(folders, tmp_path / "merged.jsonl")
    papers = ppdask.read_papers([str(path) for path in folders], reference_date=DAY)
    merged = ppdask.merge_papers(papers).compute()
    got = {record["key"]: record for record in _json(merged)}
    assert got == expected
    assert any(len(record["appearances"]) > 1 for record in got.values())


def test_a_crawl_split_into_ranges_gives_the_command_lines_rows(client: Any, crawl: Path) -> None:
    expected = cli_rows([crawl])
    frame = ppdask.read_papers(str(crawl), reference_date=DAY, split_bytes=eighth(crawl))
    assert frame.npartitions > 4  # the crawl, split at record boundaries
    got = frame.compute().sort_values("order")
    assert _json(got, list(expected[0])) == expected
    # Undated, each record's day is its WARC-Date, where the page itself does not say.
    undated = ppdask.read_papers(str(crawl)).compute()
    assert "2026-10-06" in {str(day) for day in undated["retrieved"]}
    assert undated["retrieved"].notna().all()


def test_problems_are_the_command_lines_problem_records(corpus_folder: Path) -> None:
    arguments = ("parse", str(corpus_folder), "--problems-json", "-o", os.devnull)
    problems = cli_json_lines(*arguments, stream="stderr")
    assert {row["kind"] for row in problems} == {"problem", "skipped"}
    frame = ppdask.read_problems(str(corpus_folder), reference_date=DAY).compute()
    got = _json(frame)
    assert [(row["kind"], row["source"]) for row in got] == [
        (row["kind"], row["source"]) for row in problems
    ]
    assert {row["code"] for row in got if row["kind"] == "problem"} == {
        row["code"] for row in problems if row["kind"] == "problem"
    }


def test_listings_are_the_parsed_pages_and_errors(tmp_path: Path) -> None:
    page = FIXTURES / "json" / "daily_2025.json"
    (tmp_path / "a.json").write_bytes(page.read_bytes())
    (tmp_path / "b.json").write_text('{"no": "papers"}', encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    walked = ppdask.read_listings(str(tmp_path), reference_date=DAY).compute()
    listing, no_page, no_page_name = walked
    assert isinstance(listing, Listing)
    assert listing.papers == paperparse.parse(page, reference_date=DAY).papers
    # A walk passes over what is no page, and says so, as the command line does.
    assert (no_page.name, no_page.by) == (str(tmp_path / "b.json"), "content")
    assert (no_page_name.name, no_page_name.by) == (str(tmp_path / "notes.pdf"), "name")
    # A file named is an error when it is no page.
    (error,) = ppdask.read_listings(str(tmp_path / "b.json")).compute()
    assert isinstance(error, ParseError)
    assert error.code == "not-a-papers-page"


def test_fsspec_urls_are_read_where_they_are(tmp_path: Path) -> None:
    import fsspec

    memory = fsspec.filesystem("memory")
    page = FIXTURES / "json" / "daily_2025.json"
    memory.pipe("/saved/daily.json", page.read_bytes())
    frame = ppdask.read_papers("memory://saved", reference_date=DAY)
    (row, *_) = _json(frame.compute(scheduler="sync"))  # a memory filesystem is one process's
    assert row["source"] == "memory:///saved/daily.json"
    assert row["title"] == paperparse.parse(page, reference_date=DAY).papers[0].title
    assert json.dumps(row)  # JSON-safe, as a row is


def test_a_remote_archive_gives_its_pages_and_a_huge_file_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io
    import zipfile

    import fsspec

    memory = fsspec.filesystem("memory")
    page = FIXTURES / "json" / "daily_2025.json"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("saved/daily.json", page.read_bytes())
    memory.pipe("/bundles/pages.zip", archive.getvalue())
    bound = len(archive.getvalue())  # the bound on one document, made small
    memory.pipe("/bundles/big.json", b"[" + b" " * bound + b"]")
    monkeypatch.setattr("paperparse._sources.loading.MAX_INPUT_BYTES", bound)
    found = ppdask.read_listings("memory://bundles").compute(scheduler="sync")
    too_large, member = found
    assert isinstance(too_large, ParseError)
    assert (too_large.code, too_large.source) == ("too-large", "memory:///bundles/big.json")
    assert isinstance(member, Listing)
    assert member.source == "memory:///bundles/pages.zip:saved/daily.json"


def test_a_path_that_names_nothing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        ppdask.read_papers(str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match="no files match"):
        ppdask.read_papers(str(tmp_path / "*.html"))


def test_without_dask_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ImportError, match=r"paperparse\[dask\]"):
        ppdask.read_listings(str(FIXTURES / "json"))
