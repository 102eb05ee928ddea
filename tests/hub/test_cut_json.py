"""JSON documents cut off at their end (a download that stopped) keep every complete item,
with one ``truncated`` problem at the cut; JSON broken anywhere else is still refused."""

from __future__ import annotations

import datetime as dt
import gc
import json
import time
from pathlib import Path
from typing import Any

import pytest

import paperparse
from paperparse import ParseError
from paperparse._bounds import RAW_LIMIT
from paperparse._hub.salvage import read_cut

from ..conftest import FIXTURES

JSON_DIR = FIXTURES / "json"


def _item(index: int, **paper: Any) -> dict[str, Any]:
    return {
        "paper": {
            "id": f"2510.{index:05d}",
            "title": f"Paper {index}",
            "summary": f"The abstract of paper {index}.",
            "upvotes": 10 + index,
            "authors": [{"name": "Ada Lovelace"}, {"name": "Grace Hopper"}],
            **paper,
        },
        "numComments": index,
        "title": f"Paper {index}",
    }


def _cut_after(text: str, marker: str) -> str:
    """``text`` up to and including the last ``marker``: cut inside what follows it."""
    return text[: text.rindex(marker) + len(marker)]


def test_a_cut_array_keeps_its_complete_items() -> None:
    text = json.dumps([_item(1), _item(2), _item(3)])
    listing = paperparse.parse(_cut_after(text, '"summary": "The abs'))
    assert [paper.arxiv_id for paper in listing.papers] == ["2510.00001", "2510.00002"]
    assert (listing.kind, listing.input_format) == ("daily", "json")
    assert listing.papers[1] == paperparse.parse(text).papers[1]  # nothing of it changed
    (problem,) = listing.problems
    assert problem.code == "truncated"
    assert (problem.location.line, problem.location.path) == (1, "/2")
    assert problem.raw.startswith('{"paper": {"id": "2510.00003"')
    assert problem.raw.endswith('"summary": "The abs')


def test_the_problem_names_the_lines_of_a_pretty_printed_document() -> None:
    text = json.dumps([_item(1), _item(2)], indent=2)
    cut = _cut_after(text, '"name": "Grace')
    listing = paperparse.parse(cut)
    assert len(listing.papers) == 1
    (problem,) = listing.problems
    second_item = text[: text.index('"2510.00002"')].rindex('{\n    "paper"')
    assert problem.location.line == text.count("\n", 0, second_item) + 1
    assert problem.location.end_line == cut.count("\n") + 1  # the line the document ends in
    assert problem.location.path == "/1"
    assert f"at line {problem.location.end_line}" in problem.message


def test_an_object_holding_the_items_keeps_them_and_what_it_said_before_them() -> None:
    props = {"date": "2025-10-03T00:00:00.000Z", "dailyPapers": [_item(1), _item(2)]}
    listing = paperparse.parse(_cut_after(json.dumps(props), '"numComments": 2'))
    assert [paper.arxiv_id for paper in listing.papers] == ["2510.00001"]
    assert listing.page_date == dt.date(2025, 10, 3)
    (problem,) = listing.problems
    assert (problem.code, problem.location.path) == ("truncated", "/dailyPapers/1")


def test_another_tools_wrapper_keeps_its_complete_items() -> None:
    saved = {"papers": [{"arxiv_id": "2510.00001", "title": "One", "abstract": "A."}] * 2}
    listing = paperparse.parse(_cut_after(json.dumps(saved), '"title": "O'))
    assert [paper.title for paper in listing.papers] == ["One"]
    assert listing.problems[-1].location.path == "/papers/1"


def test_a_single_paper_keeps_the_fields_before_the_cut() -> None:
    paper = {"id": "2509.24002", "title": "A Benchmark", "upvotes": 7, "summary": "Long text"}
    listing = paperparse.parse(_cut_after(json.dumps(paper), '"summary": "Long'))
    (read,) = listing.papers
    assert (listing.kind, read.arxiv_id, read.title, read.upvotes) == (
        "paper",
        "2509.24002",
        "A Benchmark",
        7,
    )
    assert read.abstract is None  # half an abstract is not the abstract
    (problem,) = listing.problems
    assert (problem.code, problem.location.path) == ("truncated", "/summary")
    assert problem.raw == '"summary": "Long'


def test_a_daily_item_cut_inside_its_authors_keeps_no_half_list() -> None:
    cut = _cut_after(json.dumps(_item(1)), '{"name": "Ada Lovelace"}')
    listing = paperparse.parse(cut)
    (paper,) = listing.papers
    assert (paper.title, paper.abstract, paper.upvotes) == (
        "Paper 1",
        "The abstract of paper 1.",
        11,
    )
    assert (paper.authors, paper.author_count) == ((), None)  # not 1 of 2 authors
    assert listing.problems[-1].location.path == "/paper/authors"


@pytest.mark.parametrize(
    "tail",
    ['"upvotes": 12', '"upvotes": 12.', '"upvotes": 1.5e', '"upvotes": -', '"upvotes": tr',
     '"upvotes": nul', '"upv', '"upvotes"', '"upvotes":', '"upvotes": 1 ', '"summary": "caf\\u00',
     '"summary": "caf\\u00e9', '"summary": "a\\', '"upvotes": 3,\n'],
    ids=repr,
)  # fmt: skip
def test_a_cut_inside_any_kind_of_value_is_a_cut(tail: str) -> None:
    text = '[{"paper": {"id": "2510.00001", "title": "One"}}, {"paper": {"title": "Two", ' + tail
    listing = paperparse.parse(text)
    assert [paper.title for paper in listing.papers] == ["One"]
    assert listing.problems[-1].code == "truncated"


def test_a_number_at_the_very_end_may_be_cut_short_and_is_left_out() -> None:
    # "upvotes": 12 may have been 123: the value is dropped, not read as 12.
    listing = paperparse.parse('{"id": "2510.00001", "title": "One", "upvotes": 12')
    assert listing.papers[0].upvotes is None
    assert listing.problems[-1].location.path == "/upvotes"


def test_the_raw_tail_is_bounded() -> None:
    text = json.dumps([_item(1), _item(2, summary="x" * 5000)])
    (problem,) = paperparse.parse(text[:-100]).problems
    assert len(problem.raw) == RAW_LIMIT
    assert problem.raw.startswith('{"paper": {"id": "2510.00002"')


def test_every_cut_of_a_fixture_keeps_exactly_the_items_before_it() -> None:
    text = (JSON_DIR / "daily_2025.json").read_text(encoding="utf-8")
    whole = paperparse.parse(text)
    _, first_item_ends = json.JSONDecoder().raw_decode(text, text.index("{"))
    refused = []
    for end in range(1, len(text.rstrip())):
        try:
            listing = paperparse.parse(text[:end])
        except ParseError as error:
            refused.append((end, error.code))
            continue
        assert listing.papers == whole.papers[: len(listing.papers)], end
        assert listing.problems[-1].code == "truncated", end
        assert listing.problems[-1].location.path == f"/{len(listing.papers)}", end
    # Refused exactly while the first item is incomplete: nothing then shows a paper.
    assert refused == [(end, "damaged") for end in range(1, first_item_ends)]


@pytest.mark.parametrize(
    "text",
    [
        '[{"paper": {"id": "2510.00001", "title": "One"}} {"paper": {"title": "Two"}}]',
        '[{"paper": {"id": "2510.00001", "title": "One"}}, {"paper": {"title": "Two",}}',
        '[{"paper": {"id": "2510.00001", "title": "One"}}, {"paper": {"title": Two',
        '[{"paper": {"id": "2510.00001", "title": "One"}}, ]',
        '[{"paper": {"id": "2510.00001", "title": "One"}}, {"paper": {"title": "T\nwo"',
        '[{"paper": {"id": "2510.00001", "title": "One"}}, {"paper": {"title": "\\x"',
        '[{"paper": {"id": "2510.00001", "title": "One"}}, {"paper": {"upvotes": 1.x',
        '{"dailyPapers": [{"paper": {"id": "2510.00001", "title": "One"}}]} trailing',
    ],
    ids=["missing-comma", "trailing-comma", "bare-word", "empty-entry", "raw-line-end",
         "bad-escape", "bad-number", "extra-data"],
)  # fmt: skip
def test_json_broken_before_its_end_is_still_refused(text: str) -> None:
    with pytest.raises(ParseError, match="invalid JSON") as caught:
        paperparse.parse(text)
    assert caught.value.code == "damaged"


def test_a_cut_before_any_complete_paper_is_refused() -> None:
    with pytest.raises(ParseError, match="invalid JSON"):
        paperparse.parse('{"dailyPapers": [{"paper": {"id": "2510.00001", "tit')
    with pytest.raises(ParseError, match="invalid JSON"):
        paperparse.parse('[{"name": "not a paper"}, {"na')  # nothing says it is the Hub's


def test_json_lines_with_a_cut_last_line_are_still_json_lines() -> None:
    lines = [json.dumps(_item(1)), json.dumps(_item(2)), json.dumps(_item(3))[:40]]
    listing = paperparse.parse("\n".join(lines))
    assert listing.input_format == "jsonl"
    assert len(listing.papers) == 2
    assert [(problem.code, problem.location.line) for problem in listing.problems] == [
        ("unparsed-block", 3)
    ]


def test_lone_surrogates_before_the_cut_are_replaced_and_reported() -> None:
    text = '[{"paper": {"id": "2510.00001", "title": "One \\ud800"}}, {"paper": {"ti'
    listing = paperparse.parse(text)
    assert listing.papers[0].title == "One \ufffd"
    assert [problem.code for problem in listing.problems] == ["replaced-characters", "truncated"]
    assert listing.problems[0].location.path == "/0/paper/title"


def _array(items: int) -> str:
    return json.dumps([_item(index) for index in range(items)])


def test_salvage_is_linear_in_the_document() -> None:
    def timed(text: str) -> float:
        # Without the collector: in a full suite's process its passes over every live
        # object land in the larger run and look like super-linear cost.
        gc.disable()
        try:
            start = time.perf_counter()
            cut = read_cut(text, [])
            elapsed = time.perf_counter() - start
        finally:
            gc.enable()
        assert cut is not None
        assert not cut.closed
        return elapsed

    small, large = _array(2_000)[:-50], _array(20_000)[:-50]
    small_time = min(timed(small) for _ in range(3))
    large_time = min(timed(large) for _ in range(3))
    assert large_time < 1.0  # about 0.1 s; a re-read of the prefix per item takes minutes
    # Ten times the items may cost at most ~25 times the time (linear, plus timer noise);
    # a quadratic salvage costs ~100 times.
    assert large_time < max(small_time, 0.002) * 25, f"{small_time=:.4f}s {large_time=:.4f}s"


def test_a_long_response_cut_near_its_end_parses_about_as_fast_as_whole() -> None:
    text = _array(20_000)
    start = time.perf_counter()
    whole = paperparse.parse(text)
    whole_time = time.perf_counter() - start
    start = time.perf_counter()
    listing = paperparse.parse(text[: len(text) - 30])
    cut_time = time.perf_counter() - start
    assert len(listing.papers) == len(whole.papers) - 1 == 19_999
    assert listing.problems[-1].location.path == "/19999"
    assert cut_time < whole_time * 3 + 0.2, f"{whole_time=:.3f}s {cut_time=:.3f}s"


@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.7, 0.9, 0.999])
def test_real_responses_cut_anywhere_keep_their_complete_items(
    corpus: Path, fraction: float
) -> None:
    for path in sorted((corpus / "api-json").glob("*.json")):
        data = path.read_bytes()
        whole = paperparse.parse(data)
        cut = data[: int(len(data) * fraction)]  # bytes: a cut anywhere, even inside a character
        text = data.decode("utf-8")
        _, first_item_ends = json.JSONDecoder().raw_decode(text, text.index("{"))
        if len(cut) < len(text[:first_item_ends].encode("utf-8")):
            with pytest.raises(ParseError, match="invalid JSON"):  # no paper yet (a long one)
                paperparse.parse(cut)
            continue
        listing = paperparse.parse(cut)
        assert 0 < len(listing.papers) < len(whole.papers), path.name
        assert listing.papers == whole.papers[: len(listing.papers)], path.name
        assert listing.problems[-1].code == "truncated", path.name
        assert listing.problems[-1].location.path == f"/{len(listing.papers)}", path.name
