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


_URL_DOCUMENTS: dict[str, Callable[[str], str]] = {
    "markdown": lambda tail: (
        "# Daily Papers\n\n### [Title](https://huggingface.co/papers/2501.00001)\n"
        f"see https://github.com/a/b{tail}\n2 authors\n\u00b7\nJan 2, 2024\n"
    ),
    "json": lambda tail: json.dumps(
        [{"title": "T", "id": "2501.00001", "githubRepo": f"https://github.com/a/b{tail}"}]
    ),
    "html": lambda tail: (
        '<html><body><article><h3><a href="/papers/2501.00001">T</a></h3>'
        f'<a href="https://github.com/a/b{tail}">code</a></article></body></html>'
    ),
}


@pytest.mark.parametrize("tail", [".", ")", ".)"])
@pytest.mark.parametrize("form", sorted(_URL_DOCUMENTS))
def test_a_url_followed_by_a_long_run_of_punctuation_is_linear(form: str, tail: str) -> None:
    """Trailing punctuation was cut off a character at a time, copying the URL each time:
    a URL and 1M dots took 14 s."""
    make = _URL_DOCUMENTS[form]

    def cost(repeats: int) -> float:
        document = make(tail * repeats)
        start = time.perf_counter()
        with contextlib.suppress(ParseError):
            paperparse.parse(document)
        return time.perf_counter() - start

    small, large = min(cost(20_000) for _ in range(2)), min(cost(200_000) for _ in range(2))
    assert large < max(small, 0.002) * 25, f"{small=:.4f}s {large=:.4f}s"


_ONE = b'{"paper": {"id": "2401.00001", "title": "One"}}'
_TWO = b'{"paper": {"id": "2401.00002", "title": "Two"}}'


def test_json_lines_whose_first_line_is_broken_keep_the_other_lines() -> None:
    """Found by the fuzzer's loss checks: JSON Lines were only recognised when the first
    line was whole, so a broken first line lost the file."""
    cut = b'{"paper": {"id": "2401.00009", "title": "Cut'
    listing = paperparse.parse(cut + b"\n" + _ONE + b"\n" + _TWO + b"\n")
    assert [(paper.arxiv_id, paper.location.line) for paper in listing.papers] == [
        ("2401.00001", 2),
        ("2401.00002", 3),
    ]
    assert [(problem.code, problem.location.line) for problem in listing.problems] == [
        ("unparsed-block", 1)
    ]


def test_json_lines_end_at_newlines_only_not_at_unicode_line_separators() -> None:
    """U+2028, U+2029 and U+0085 may stand raw inside a JSON string (ensure_ascii=False
    writes them); splitting lines at them lost the paper."""
    for separator in ("\u2028", "\u2029", "\u0085"):
        middle = json.dumps(
            {"paper": {"id": "2401.00003", "title": "Three", "summary": f"a{separator}b"}},
            ensure_ascii=False,
        ).encode()
        listing = paperparse.parse(_ONE + b"\n" + middle + b"\n" + _TWO + b"\n")
        assert [(paper.arxiv_id, paper.location.line) for paper in listing.papers] == [
            ("2401.00001", 1),
            ("2401.00003", 2),
            ("2401.00002", 3),
        ]
        assert listing.problems == ()


def test_a_utf16_web_archive_reads_the_same_as_bytes_and_as_str() -> None:
    text = (FIXTURES / "html" / "daily_hydrated.mhtml").read_bytes().decode("utf-8")
    as_bytes = paperparse.parse(text.encode("utf-16"))
    assert as_bytes.papers == paperparse.parse(text).papers
    assert len(as_bytes.papers) == 2


def test_a_web_archive_handed_over_as_str_is_read_as_its_bytes_are() -> None:
    # Fuzz finding (seed 18): a damaged .webarchive whose bytes were valid UTF-8 was refused
    # as bytes but read as a text page of 9 garbage papers when passed as the str of them.
    data = (FIXTURES / "html" / "daily_hydrated.webarchive").read_bytes()[:5001]
    damaged = bytes(byte if byte < 0x80 else ord("?") for byte in data)  # valid UTF-8
    outcomes = []
    # (seed 18 again: the same bytes saved as UTF-32 with a BOM were read as a text page.)
    utf32 = damaged.decode("utf-8").encode("utf-32")
    for document in (damaged, damaged.decode("utf-8"), utf32):
        try:
            outcomes.append(paperparse.parse(document).input_format)
        except paperparse.ParseError as error:
            outcomes.append(error.message)
    assert outcomes == ["a web archive (webarchive) with no HTML page in it"] * 3
