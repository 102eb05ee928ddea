"""JSON input: results of the Hub's paper search (``/api/papers/search?q=...``).

The shape is that of hf-mcp-server's reading of the endpoint (a list of items, each with the
paper object a daily item holds), with the hits marked in ``highlightedTitle`` /
``highlightedSummary`` beside or inside it; no saved response confirmed the marks."""

from __future__ import annotations

import json
from typing import Any

import pytest

import paperparse

from ..conftest import FIXTURES


def test_search_results_are_a_search_and_no_mark_reaches_the_text() -> None:
    listing = paperparse.parse(FIXTURES / "json" / "search_results.json")
    assert (listing.kind, listing.input_format, listing.page_date) == ("search", "json", None)
    assert [paper.title for paper in listing.papers] == [
        "Source Citations For Long Answers",
        "Where Each Citation Comes From",
        "A Tool Saved The Marked Title",
    ]
    assert [paper.abstract for paper in listing.papers] == [
        "We cite sources. Code at https://github.com/Example/Cite.",
        "Only the marked text was saved: citation tracing.",
        "And the marked abstract.",
    ]
    first = listing.papers[0]
    assert (first.arxiv_id, first.upvotes, first.comments) == ("2505.00011", 101, 6)
    assert first.code_links == ("https://github.com/example/cite",)  # one link, two cases
    assert listing.problems == ()


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ({"paper": {"title": "T"}, "highlightedTitle": "<mark>T</mark>"}, "search"),
        ({"paper": {"title": "T", "highlightedSummary": "<mark>S</mark>"}}, "search"),
        ({"title": "T", "highlighted_title": "<mark>T</mark>"}, "search"),
        ({"paper": {"title": "T"}}, "daily"),
        ({"title": "T", "arxiv_id": "2501.00001"}, "unknown"),
    ],
    ids=["item-marks", "paper-marks", "snake-case-marks", "daily-item", "a-tools-item"],
)
def test_marked_hits_make_a_list_a_search(item: dict[str, Any], kind: str) -> None:
    assert paperparse.parse(json.dumps([item])).kind == kind


def test_search_results_wrapped_by_a_tool_are_a_search() -> None:
    wrapped = {"results": [{"paper": {"title": "T"}, "highlightedTitle": "<mark>T</mark>"}]}
    assert paperparse.parse(json.dumps(wrapped)).kind == "search"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("<mark>Big</mark> Models", "Big Models"),
        ("Big <MARK class='hit'>Models</MARK>", "Big Models"),
        ("<mark> Big </mark>  Models", "Big Models"),
        ("H<sub>2</sub>O Splitting", "H<sub>2</sub>O Splitting"),
        ("A <b>Bold</b> Claim", "A <b>Bold</b> Claim"),
    ],
    ids=["mark", "mark-with-attributes", "spaces-folded", "chemistry-kept", "other-tags-kept"],
)
def test_only_highlight_marks_are_removed(title: str, expected: str) -> None:
    (paper,) = paperparse.parse(json.dumps([{"paper": {"title": title}}])).papers
    assert paper.title == expected


def test_the_plain_title_wins_over_the_highlighted_one() -> None:
    item = {"paper": {"title": "Plain"}, "highlightedTitle": "<mark>Other</mark>"}
    (paper,) = paperparse.parse(json.dumps([item])).papers
    assert paper.title == "Plain"
