"""paperparse's own exports read back: the same papers, field for field, for every page."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import paperparse
from paperparse._batch.export import render, write_rendered

from ..conftest import CORPUS, FIXTURES

PAGES = sorted(
    path
    for folder in (FIXTURES, CORPUS)
    if folder.is_dir()
    for path in folder.rglob("*")
    if path.is_file()
    and path.suffix in (".txt", ".md", ".html", ".json", ".jsonl", ".mhtml", ".webarchive")
    and not path.name.endswith(".expected.json")
)
FORMATS = ("json", "jsonl", "csv")


def _exported(listings: list[paperparse.Listing], output_format: str) -> str:
    out = io.StringIO()
    pages = [render(listing, output_format=output_format) for listing in listings]
    write_rendered(pages, out, output_format=output_format)
    return out.getvalue()


def _readable(path: Path) -> paperparse.Listing:
    try:
        return paperparse.parse(path)
    except paperparse.ParseError:
        pytest.skip("not a papers page")  # a README, a page refused on purpose


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("path", PAGES, ids=[path.name[:60] for path in PAGES])
def test_every_page_round_trips_through_every_export(path: Path, output_format: str) -> None:
    listing = _readable(path)
    back = paperparse.parse(_exported([listing], output_format))
    assert back.input_format == f"paperparse-{output_format}"
    assert back.papers == listing.papers  # every field, location and rank included
    assert back.source == listing.source
    if output_format == "json":  # the whole listing travels
        assert back.problems == listing.problems
        assert (back.kind, back.page_date, back.retrieved, back.layers) == (
            listing.kind,
            listing.page_date,
            listing.retrieved,
            listing.layers,
        )


def test_a_json_export_of_several_pages_keeps_every_paper_in_order() -> None:
    first = paperparse.parse(FIXTURES / "text" / "seed_search.txt")
    second = paperparse.parse(FIXTURES / "json" / "daily_2025.json")
    back = paperparse.parse(_exported([first, second], "json"))
    assert back.papers == first.papers + second.papers
    assert back.source is None  # the pages disagree: no one source
    assert back.kind == "unknown"


def test_rows_of_several_pages_keep_their_ranks_and_counts() -> None:
    first = paperparse.parse(FIXTURES / "text" / "seed_search.txt")
    second = paperparse.parse(FIXTURES / "json" / "daily_2025.json")
    back = paperparse.parse(_exported([first, second], "jsonl"))
    assert [paper.rank for paper in back.papers] == [
        paper.rank for paper in (*first.papers, *second.papers)
    ]
    assert back.papers[-1].author_count == second.papers[-1].author_count


def test_an_export_read_from_a_file_is_named_by_its_pages(tmp_path: Path) -> None:
    listing = paperparse.parse(FIXTURES / "text" / "seed_search.txt")
    export = tmp_path / "papers.jsonl"
    export.write_text(_exported([listing], "jsonl"), encoding="utf-8")
    back = paperparse.parse(export)
    assert back.source == listing.source  # the page its rows came from, not the export


ROW = {"source": "a.txt", "title": "A Paper", "location": {"line": 3}, "upvotes": 4}


def test_a_row_with_wrong_types_keeps_the_paper_and_reports_each_field() -> None:
    bad = {**ROW, "upvotes": "many", "published": "Sep 3", "authors": "A, B", "rank": True}
    back = paperparse.parse(json.dumps(bad) + "\n")
    (paper,) = back.papers
    assert (paper.title, paper.upvotes, paper.published, paper.authors, paper.rank) == (
        "A Paper",
        None,
        None,
        (),
        None,
    )
    assert sorted((problem.code, problem.location.path) for problem in back.problems) == [
        ("invalid-field", "/authors"),
        ("invalid-field", "/published"),
        ("invalid-field", "/rank"),
        ("invalid-field", "/upvotes"),
    ]
    assert {problem.location.line for problem in back.problems} == {1}


def test_a_row_without_a_title_and_a_broken_line_come_back_as_problems() -> None:
    lines = [json.dumps(ROW), json.dumps({**ROW, "title": ""}), "{broken", json.dumps(ROW)]
    back = paperparse.parse("\n".join(lines))
    assert len(back.papers) == 2
    assert [(problem.code, problem.location.line) for problem in back.problems] == [
        ("unparsed-block", 2),
        ("unparsed-block", 3),
    ]
    assert "{broken" in back.problems[1].raw


def test_a_csv_cell_that_is_no_number_is_reported_at_its_line() -> None:
    listing = paperparse.parse(FIXTURES / "text" / "seed_search.txt")
    text = _exported([listing], "csv").splitlines()
    header = text[0].split(",")
    cells = text[2].split(",")
    assert header[header.index("author_count")] == "author_count"
    text[2] = text[2].replace(f",{listing.papers[1].author_count},", ",two,", 1)
    back = paperparse.parse("\n".join(text) + "\n")
    assert len(back.papers) == 45
    assert back.papers[1].author_count is None
    (problem,) = [problem for problem in back.problems if problem.code == "invalid-field"]
    assert (problem.location.line, problem.location.path) == (3, "/author_count")
    assert cells  # the row was split as expected before the edit


def test_the_hubs_own_json_is_not_taken_for_an_export() -> None:
    back = paperparse.parse(FIXTURES / "json" / "daily_2025.json")
    assert back.input_format == "json"
    rows = [json.dumps({"source": "x", "title": "T", "paper": {"id": "2401.00001"}})]
    assert paperparse.parse("\n".join(rows)).input_format != "paperparse-jsonl"


def test_a_json_export_cut_off_keeps_its_complete_papers() -> None:
    listing = paperparse.parse(FIXTURES / "text" / "seed_search.txt")
    text = _exported([listing], "json")
    cut = text[: int(len(text) * 0.6)]
    back = paperparse.parse(cut)
    assert back.input_format == "paperparse-json"
    assert 10 < len(back.papers) < 45
    assert back.papers == listing.papers[: len(back.papers)]
    (truncated,) = [problem for problem in back.problems if problem.code == "truncated"]
    assert truncated.location.path == f"/0/papers/{len(back.papers)}"
    assert not [problem for problem in back.problems if problem.code == "unknown-field"]


@pytest.mark.parametrize("as_rows", [True, False])
def test_an_export_with_a_lone_surrogate_or_a_huge_number_reads_safely(as_rows: bool) -> None:
    # Exports are JSON like any other: bounded integers, lone surrogates replaced and
    # reported, so nothing read back can break an output later (issue 15's findings).
    row = {**ROW, "title": "A @ Paper", "upvotes": 7}
    listing = {"kind": "daily", "input_format": "text", "papers": [row], "problems": []}
    text = json.dumps(row if as_rows else {**listing, "layers": []})
    text = text.replace("@", "\\ud800").replace('"upvotes": 7', '"upvotes": ' + "9" * 5000)
    back = paperparse.parse(text)
    (paper,) = back.papers
    assert paper.title == "A \ufffd Paper"
    assert paper.upvotes is None
    codes = sorted(problem.code for problem in back.problems)
    assert codes == ["invalid-field", "replaced-characters"]
    json.dumps(back.to_dict(), ensure_ascii=False).encode("utf-8")  # every output encodes
