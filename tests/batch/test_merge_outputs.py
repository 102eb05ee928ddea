"""Merge outputs that agree: SQLite and JSON Lines both accumulate, read back, and hold the
same records."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

import paperparse
from paperparse import Collection, Listing, OutputError, Paper
from paperparse._batch.merge import merge_into

from ..conftest import CORPUS, FIXTURES


def _page(source: str, day: int, **fields: object) -> Listing:
    paper = Paper(title="The Same Paper", arxiv_id="2408.00001", rank=1, **fields)  # type: ignore[arg-type]
    return Listing(
        papers=[paper],
        kind="daily",
        page_date=dt.date(2024, 8, day),
        retrieved=dt.date(2024, 8, day + 1),
        source=source,
    )


def _both(tmp_path: Path, *runs: list[Listing]) -> tuple[Collection, Collection]:
    """The same runs merged into a database and into JSON Lines, each read back."""
    tmp_path.mkdir(exist_ok=True)
    database, lines = tmp_path / "papers.sqlite", tmp_path / "papers.jsonl"
    for listings in runs:
        merge_into(listings, str(database), output_format="sqlite")
        merge_into(listings, str(lines), output_format="jsonl")
    return Collection.read(database), Collection.read(lines)


def test_json_lines_accumulate_as_a_database_does(tmp_path: Path) -> None:
    database, lines = _both(
        tmp_path, [_page("a.txt", 1, upvotes=3)], [_page("b.txt", 2, upvotes=9)]
    )
    assert database.to_rows() == lines.to_rows()
    (record,) = lines.to_rows()
    assert [
        (item["source"], item["day"], item["seen"], item["upvotes"])
        for item in record["appearances"]
    ] == [
        ("a.txt", "2024-08-01", "2024-08-02", 3),
        ("b.txt", "2024-08-02", "2024-08-03", 9),
    ]


def test_a_rerun_changes_neither_output(tmp_path: Path) -> None:
    run = [_page("a.txt", 1, upvotes=3)]
    once = _both(tmp_path / "once", run)
    twice = _both(tmp_path / "twice", run, run)
    assert once[0].to_rows() == twice[0].to_rows() == once[1].to_rows() == twice[1].to_rows()


def test_a_page_without_authors_keeps_the_names_an_earlier_page_gave(tmp_path: Path) -> None:
    named = _page("a.txt", 1, authors=("Ada Lovelace", "Alan Turing"), author_count=2)
    nameless = _page("b.txt", 2, author_count=2)
    database, lines = _both(tmp_path, [named], [nameless])
    for collection in (database, lines):
        (record,) = collection.to_rows()
        assert record["authors"] == ["Ada Lovelace", "Alan Turing"]


def test_the_corpus_merges_to_the_same_records_in_both_outputs(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present beside the repository")
    listings = []
    for path in sorted(CORPUS.rglob("*")):
        try:
            listings.append(paperparse.parse(path, reference_date=dt.date(2026, 10, 6)))
        except (paperparse.ParseError, IsADirectoryError):
            continue
    database, lines = _both(
        tmp_path, listings[: len(listings) // 2], listings[len(listings) // 2 :]
    )
    assert len(database) > 300
    by_key = [sorted(each.to_rows(), key=lambda row: row["key"]) for each in (database, lines)]
    in_memory = sorted(Collection(listings).to_rows(), key=lambda row: row["key"])
    assert by_key[0] == by_key[1] == in_memory  # a database keeps no order: read by key


# The schema the first release wrote, and one paper in it, as that release left them.
FIRST_RELEASE = """
CREATE TABLE papers (
    paper_key TEXT PRIMARY KEY, arxiv_id TEXT, title TEXT NOT NULL, abstract TEXT,
    authors TEXT, author_count INTEGER, published TEXT, url TEXT, github_repo TEXT,
    project_page TEXT, ai_summary TEXT, organization TEXT
);
CREATE TABLE appearances (
    paper_key TEXT NOT NULL REFERENCES papers (paper_key), source TEXT NOT NULL,
    kind TEXT NOT NULL, day TEXT, rank INTEGER, upvotes INTEGER, comments INTEGER,
    github_stars INTEGER, PRIMARY KEY (paper_key, source)
);
CREATE INDEX appearances_by_day ON appearances (day);
INSERT INTO papers (paper_key, arxiv_id, title, authors) VALUES
    ('2408.00001', '2408.00001', 'The Same Paper', '["Ada Lovelace"]');
INSERT INTO appearances VALUES ('2408.00001', 'a.txt', 'daily', '2024-08-01', 1, 3, NULL, NULL);
"""


def test_a_database_of_an_earlier_release_gains_the_new_columns(tmp_path: Path) -> None:
    database = tmp_path / "papers.sqlite"
    with sqlite3.connect(database) as connection:
        connection.executescript(FIRST_RELEASE)
    connection.close()
    merge_into([_page("b.txt", 2, upvotes=9, thumbnail="https://x/t.png")], str(database),
               output_format="sqlite")  # fmt: skip
    (record,) = Collection.read(database).to_rows()
    assert (record["authors"], record["thumbnail"]) == (["Ada Lovelace"], "https://x/t.png")
    assert [(item["source"], item["upvotes"], item["seen"]) for item in record["appearances"]] == [
        ("a.txt", 3, None),  # not known then
        ("b.txt", 9, "2024-08-03"),
    ]


def test_a_json_lines_file_that_is_no_merge_is_refused_untouched(tmp_path: Path) -> None:
    lines = tmp_path / "papers.jsonl"
    lines.write_text('{"title": "my notes"}\n', encoding="utf-8")
    with pytest.raises(OutputError, match="record 1 is no merged paper record"):
        merge_into([_page("a.txt", 1)], str(lines), output_format="jsonl")
    assert lines.read_text(encoding="utf-8") == '{"title": "my notes"}\n'


def test_a_record_with_a_wrong_value_is_named(tmp_path: Path) -> None:
    lines = tmp_path / "papers.jsonl"
    merge_into([_page("a.txt", 1, upvotes=3)], str(lines), output_format="jsonl")
    lines.write_text(lines.read_text().replace('"upvotes": 3', '"upvotes": "three"'))
    with pytest.raises(OutputError, match=r"record 1 \(2408.00001\) does not read: upvotes"):
        Collection.read(lines)


def test_reading_an_export_of_parse_is_no_collection(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    listing = paperparse.parse(FIXTURES / "text" / "seed_search.txt")
    rows.write_text(
        "".join(f'{{"source": "x", "title": "{p.title}"}}\n' for p in listing.papers[:1])
    )
    with pytest.raises(OutputError, match="no key"):
        Collection.read(rows)
