"""No silent loss: papers plus the problems that stand for whole blocks equal the page's cards.

Each expected number is the count of card-like blocks on the page, counted by hand (for JSON:
the entries of the list; for HTML: the cards; for text: every printed card, repeats included).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import paperparse

from .conftest import CORPUS, FIXTURES

# Problem codes that each stand for one card-like block that did not become a paper.
BLOCK_CODES = frozenset({"unparsed-block", "duplicate-card", "truncated"})

FIXTURE_BLOCKS = {
    "text/seed_search.txt": 45,
    "text/daily_copy.txt": 4,
    "text/daily_text_browser.txt": 2,
    "text/search_firecrawl.md": 3,
    "text/search_notebook_export.md": 2,
    "text/trending_research_agent.md": 4,  # 3 cards, the first printed twice
    "text/paper_copy.txt": 1,
    "text/paper_pdf.md": 1,
    "json/daily_2024.json": 2,
    "json/daily_2025.json": 2,
    "json/daily_2025.json.gz": 2,
    "json/scraper_snake_case.json": 2,
    "json/daily_2025.jsonl": 4,  # three items and a line cut off
    "json/paper.json": 1,
    "json/props_weekly.json": 1,
    "json/malformed_items.json": 4,
    "json/other_tools.json": 4,
    "json/search_results.json": 3,
    "html/daily_hydrated.html": 2,
    "html/daily_stripped.html": 2,
    "html/daily_wayback.html": 2,
    "html/daily_hydrated.webarchive": 2,
    "text/daily_html2text.md": 2,
    "text/trending_gettext.txt": 2,  # the second card repeats the first
    "text/trending_html2text_wrapped.md": 2,
    "text/daily_w3m.txt": 2,
    "text/daily_lynx.txt": 2,
    "text/daily_2026_copy.txt": 2,
    "html/daily_hydrated.mhtml": 2,
    "html/daily_mismatch.html": 2,
    "html/daily_truncated.html": 2,  # one complete item, one cut off
    "html/daily_truncated_cards.html": 2,
    "html/daily_cp1252.html": 1,
    "html/search_props.html": 2,
    "html/trending.html": 1,
    "html/paper_prettified.html": 1,
    "html/paper_stripped.html": 1,
    "regressions/invalid-ipv6-url.md": 1,
    "regressions/html-unsplittable-href.html": 1,
    "regressions/html-whitespace-only-text.html": 1,
    "regressions/html-paper-whitespace-only-text.html": 1,
    "regressions/mhtml-date-overflow.mhtml": 1,
    # 300 cards nested in each other, within the parser's depth limit (2048 levels with
    # huge_tree): every one is read (nesting past the limit: tests/html/test_hostile_html.py).
    "regressions/html-nested-articles.html": 300,
}
CORPUS_BLOCKS = {
    "html-daily/daily-2024-08-01": 13,
    "html-daily/daily-2026-09-28": 28,
    "html-paper/paper-2509.24002": 1,
    "html-trending/trending-2026-10": 50,
    "text/paper-2306.07944": 1,
    "text/paper-2310.03714": 1,
    "text/paper-2405.07960": 1,
    "text/paper-2409.16040": 1,
    "text/paper-2510.04618": 1,
    "text/paper-2602.03036": 1,
    "text/search-q-intercode-bash": 9,
    "text/search-q-source-citations": 8,
    "text/trending-2026-01": 24,  # 12 cards, each printed twice
    "text/trending-2026-10": 10,  # 5 cards, each printed twice
}


def blocks(path: Path) -> int:
    listing = paperparse.parse(path)
    return len(listing.papers) + sum(p.count for p in listing.problems if p.code in BLOCK_CODES)


def test_every_fixture_is_counted() -> None:
    inputs = {
        str(path.relative_to(FIXTURES))
        for path in FIXTURES.rglob("*")
        if path.is_file() and not path.name.endswith(".expected.json")
    }
    assert inputs == set(FIXTURE_BLOCKS)


@pytest.mark.parametrize("name", sorted(FIXTURE_BLOCKS))
def test_fixture_blocks_are_all_accounted_for(name: str) -> None:
    assert blocks(FIXTURES / name) == FIXTURE_BLOCKS[name]


@pytest.mark.parametrize("prefix", sorted(CORPUS_BLOCKS))
def test_corpus_blocks_are_all_accounted_for(corpus: Path, prefix: str) -> None:
    folder, _, stem = prefix.partition("/")
    (path,) = (corpus / folder).glob(f"{stem}*")
    assert blocks(path) == CORPUS_BLOCKS[prefix]


def test_api_json_blocks_are_its_entries(corpus: Path) -> None:
    import json

    for path in sorted((corpus / "api-json").glob("*.json")):
        assert blocks(path) == len(json.loads(path.read_bytes())), path.name


def test_corpus_table_covers_the_corpus(corpus: Path) -> None:
    names = [
        f"{path.parent.name}/{path.name}"
        for path in sorted(CORPUS.glob("*/*"))
        if path.parent.name != "api-json" and path.is_file()
    ]
    uncovered = [name for name in names if not any(name.startswith(p) for p in CORPUS_BLOCKS)]
    assert uncovered == []
