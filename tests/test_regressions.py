"""Inputs the fuzzer found crashing or slow, kept as named cases: each must now parse (or be
refused with ParseError) quickly. See fuzz/fuzz_parse.py."""

from __future__ import annotations

import contextlib
import datetime
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import paperparse
from paperparse import ParseError

from .conftest import FIXTURES

CASES = sorted((FIXTURES / "regressions").iterdir())


def test_regression_cases_were_found() -> None:
    assert CASES


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_regression(case: Path) -> None:
    start = time.perf_counter()
    with contextlib.suppress(ParseError):
        paperparse.parse(case.read_bytes())
    assert time.perf_counter() - start < 2.0


def test_unsplittable_urls_are_kept_as_text_not_crashes() -> None:
    listing = paperparse.parse(FIXTURES / "regressions" / "invalid-ipv6-url.md")
    (paper,) = listing.papers
    assert paper.title == "A title"
    assert paper.upvotes == 1
    assert listing.kind == "unknown"  # the page URL could not be read
    assert "https://github.com/[owner/repo" not in paper.code_links


def test_broken_href_in_a_card_is_read_around() -> None:
    (paper,) = paperparse.parse(FIXTURES / "regressions" / "html-unsplittable-href.html").papers
    assert (paper.arxiv_id, paper.author_count) == ("2401.00001", 2)


def test_text_nodes_of_only_unicode_whitespace_are_skipped() -> None:
    # XPath's normalize-space() keeps a node holding only "\x0c" or "\xa0"; folded, it was an
    # empty line that the line classifier indexed into.
    (card,) = paperparse.parse(FIXTURES / "regressions" / "html-whitespace-only-text.html").papers
    assert (card.arxiv_id, card.author_count, card.comments) == ("2401.00002", 4, 2)
    page = paperparse.parse(FIXTURES / "regressions" / "html-paper-whitespace-only-text.html")
    (paper,) = page.papers
    assert (page.kind, paper.upvotes, paper.published) == ("paper", 7, datetime.date(2024, 1, 2))
    assert paper.abstract == "An abstract."


def test_web_archive_dated_past_any_calendar_is_read_without_its_date() -> None:
    listing = paperparse.parse(FIXTURES / "regressions" / "mhtml-date-overflow.mhtml")
    (paper,) = listing.papers
    assert (listing.kind, listing.retrieved, paper.arxiv_id) == ("paper", None, "2401.00004")
    assert paper.published == datetime.date(2024, 1, 2)


def test_cards_nested_300_deep_are_all_read() -> None:
    # Within the parser's depth limit (2048 levels with huge_tree); nesting past it is
    # reported as truncated (tests/html/test_hostile_html.py).
    listing = paperparse.parse(FIXTURES / "regressions" / "html-nested-articles.html")
    assert len(listing.papers) == 300
    assert listing.problems == ()


@pytest.mark.parametrize(
    "wrap",
    [
        lambda item: json.dumps([item]),  # an API response
        lambda item: json.dumps(item) + "\n" + json.dumps(item),  # JSON Lines
    ],
    ids=["json", "json-lines"],
)
def test_an_integer_too_long_for_python_is_no_count(
    wrap: Callable[[dict[str, object]], str],
) -> None:
    item = {"paper": {"id": "2407.21783", "title": "T", "upvotes": 1}, "numComments": 2}
    text = wrap(item).replace('"upvotes": 1', '"upvotes": ' + "9" * 5000)
    listing = paperparse.parse(text)
    assert listing.papers[0].upvotes is None
    assert listing.papers[0].comments == 2
    paths = [p.location.path or "" for p in listing.problems if p.code == "invalid-field"]
    assert any(path.endswith("/upvotes") for path in paths)


def test_a_count_past_a_64_bit_integer_is_no_count() -> None:
    paper_object = {"id": "2407.21783", "title": "T", "upvotes": 2**63}
    item = {"paper": paper_object, "numComments": 2**63 - 1}
    (paper,) = paperparse.parse(json.dumps([item])).papers
    assert (paper.upvotes, paper.comments) == (None, 2**63 - 1)


def test_a_fragment_nested_deeper_than_repr_goes_is_described_not_a_crash() -> None:
    from paperparse._hub.item_fields import raw_fragment

    deep: list[object] = []
    for _ in range(100_000):  # deeper than json.dumps and repr recurse
        deep = [deep]
    assert raw_fragment(deep) == "<a list nested too deep to show>"


def test_a_deeply_nested_entry_is_an_unparsed_block() -> None:
    deep = "[" * 400 + "]" * 400
    text = json.dumps([{"paper": {"id": "2407.21783", "title": "T"}}])[:-1] + ", " + deep + "]"
    listing = paperparse.parse(text)
    assert [paper.title for paper in listing.papers] == ["T"]
    assert [problem.code for problem in listing.problems] == ["unparsed-block"]
