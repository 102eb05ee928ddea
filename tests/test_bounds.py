"""The bounds docs/bounds.md names: stated with the values the code holds, and each one,
when hit, gives the error or problem the page says."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import paperparse
from paperparse import ParseError
from paperparse import _bounds as bounds
from paperparse._text.checks import TITLE_LENGTH_MAX

DOC = (Path(__file__).resolve().parents[1] / "docs" / "bounds.md").read_text(encoding="utf-8")
CARD = "A title\n\u2022 2 authors\n\u00b7\nJan 2, 2024\n"


@pytest.mark.parametrize(
    ("value", "written", "stated"),
    [
        (bounds.MAX_INPUT_BYTES, "| 256 MiB |", 256 << 20),
        (bounds.WARC_HEADER_LINE_BYTES, "64 KiB per header line", 64 << 10),
        (bounds.WARC_HEADERS, "1000 headers per record", 1000),
        (bounds.MHTML_NESTING, "| 4 levels |", 4),
        (bounds.INT_DIGITS, "| 4000 |", 4000),
        (bounds.COUNT_LIMIT, "| below 2^63 |", 2**63),
        (bounds.RAW_LIMIT, "| 500 characters for large fragments", 500),
        (TITLE_LENGTH_MAX, "| a title | 500 characters |", 500),
    ],
)
def test_every_bound_is_stated_with_its_value(value: int, written: str, stated: int) -> None:
    assert written in DOC
    assert value == stated


def test_the_html_parser_limits_are_the_ones_stated() -> None:
    from paperparse._html import tree

    assert f"whose {tree.LENGTH_LIMIT} per value" in DOC
    assert "| HTML nesting | 2048 levels |" in DOC


def test_a_document_past_the_size_bound_names_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from paperparse._sources import loading, web_archives

    monkeypatch.setattr(loading, "MAX_INPUT_BYTES", 1 << 20)
    monkeypatch.setattr(web_archives, "MAX_INPUT_BYTES", 1 << 20)
    page = ("Daily Papers\n" + CARD * 50_000).encode()
    for source in (page, page.decode(), gzip.compress(page)):
        with pytest.raises(ParseError, match=r"input too large: .*1 MiB bound"):
            paperparse.parse(source)


def test_numbers_past_their_bounds_are_invalid_fields() -> None:
    items = [
        {"title": "T", "id": "2501.00001", "upvotes": "DIGITS"},
        {"title": "U", "id": "2501.00002", "numComments": bounds.COUNT_LIMIT},
        {"title": "V", "id": "2501.00003", "upvotes": bounds.COUNT_LIMIT - 1},
    ]
    document = json.dumps(items).replace('"DIGITS"', "9" * (bounds.INT_DIGITS + 1))
    listing = paperparse.parse(document)
    assert [paper.upvotes for paper in listing.papers] == [None, None, bounds.COUNT_LIMIT - 1]
    assert [paper.comments for paper in listing.papers] == [None, None, None]
    assert [(p.code, p.location.path) for p in listing.problems] == [
        ("invalid-field", "/0/upvotes"),
        ("invalid-field", "/1/numComments"),
    ]


def test_json_nested_past_the_recursion_limit_says_so() -> None:
    with pytest.raises(ParseError, match="JSON nested too deeply"):
        paperparse.parse("[" * 100_000 + "]" * 100_000)


def test_a_large_fragment_is_cut_in_raw_but_a_text_line_is_kept_whole() -> None:
    item = {"paper": {"id": "2501.00001", "summary": "x" * 2000}}  # no title: no paper
    (problem,) = paperparse.parse(json.dumps([item])).problems
    assert (problem.code, len(problem.raw)) == ("unparsed-block", bounds.RAW_LIMIT)
    long_line = "y" * 2000  # kept whole, as the title it was read as, and doubted
    listing = paperparse.parse(f"Daily Papers\n{long_line}\n2 authors\n")
    assert listing.papers[0].title == long_line
    (problem,) = listing.problems
    assert (problem.code, problem.raw) == ("suspicious-title", long_line)
    assert "2000 characters long" in problem.message
