"""Conformance: the saved HTML pages in ../shared/corpus, read with and without their JSON.

Values were read off the pages; the test skips when the corpus is not beside the checkout."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

import paperparse
from paperparse import Listing

D = dt.date


def page(corpus: Path, pattern: str) -> Path:
    (path,) = corpus.glob(pattern)
    return path


def strip_hydration(data: bytes) -> bytes:
    """The same page with every embedded JSON attribute removed."""
    root = html.document_fromstring(data)
    for element in root.xpath("//*[@data-props]"):
        del element.attrib["data-props"]
    return bytes(etree.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>"))


def hydration_items(data: bytes) -> list[dict[str, Any]]:
    root = html.document_fromstring(data)
    (element,) = root.xpath('//*[@data-target="DailyPapers"]')
    items: list[dict[str, Any]] = json.loads(element.get("data-props"))["dailyPapers"]
    return items


def test_daily_2024_gives_its_13_papers_from_json(corpus: Path) -> None:
    data = page(corpus, "html-daily/daily-2024-08-01*.html").read_bytes()
    listing = paperparse.parse(data)
    items = hydration_items(data)
    assert len(listing.papers) == len(items) == 13
    assert (listing.kind, listing.page_date) == ("daily", D(2024, 8, 1))
    first = listing.papers[0]
    assert (first.title, first.upvotes, first.author_count, first.comments) == (
        "The Llama 3 Herd of Models",
        94,
        533,
        5,
    )
    assert listing.problems == ()


@pytest.mark.parametrize("stripped", [False, True], ids=["with-json", "json-stripped"])
def test_daily_2024_counts_equal_the_hydration_json(corpus: Path, stripped: bool) -> None:
    data = page(corpus, "html-daily/daily-2024-08-01*.html").read_bytes()
    items = hydration_items(data)
    listing = paperparse.parse(strip_hydration(data) if stripped else data)
    assert [p.arxiv_id for p in listing.papers] == [item["paper"]["id"] for item in items]
    assert [p.title for p in listing.papers] == [" ".join(item["title"].split()) for item in items]
    assert [p.upvotes for p in listing.papers] == [item["paper"]["upvotes"] for item in items]
    assert [p.author_count for p in listing.papers] == [
        len(item["paper"]["authors"]) for item in items
    ]
    assert [p.comments for p in listing.papers] == [item["numComments"] for item in items]
    assert [p.submitted_by for p in listing.papers] == [
        item["submittedBy"].get("user") or item["submittedBy"]["name"] for item in items
    ]


def test_paper_page_2509_24002(corpus: Path) -> None:
    listing = paperparse.parse(page(corpus, "html-paper/paper-2509.24002*.html"))
    (paper,) = listing.papers
    assert listing.kind == "paper"
    assert paper.title == (
        "MCPMark: A Benchmark for Stress-Testing Realistic and Comprehensive MCP Use"
    )
    assert (paper.arxiv_id, paper.upvotes, paper.author_count) == ("2509.24002", 118, 15)
    assert paper.authors[:3] == ("Zijian Wu", "Xiangyan Liu", "Xinyuan Zhang")
    assert paper.authors[-1] == "Michael Qizhe Shieh"
    assert (paper.github_repo, paper.github_stars) == ("https://github.com/eval-sys/mcpmark", 182)
    assert paper.project_page == "https://mcpmark.ai/"
    assert paper.ai_summary is not None
    assert paper.ai_summary.startswith("MCPMark is a comprehensive benchmark for evaluating MCP")
    assert (paper.published, paper.submitted, paper.day_rank) == (D(2025, 9, 28), D(2025, 10, 1), 1)
    assert len(paper.ai_keywords) == 21
    assert listing.problems == ()


def test_paper_page_2509_24002_without_json(corpus: Path) -> None:
    data = strip_hydration(page(corpus, "html-paper/paper-2509.24002*.html").read_bytes())
    (paper,) = paperparse.parse(data, reference_date=D(2025, 10, 2)).papers
    assert paper.title == (
        "MCPMark: A Benchmark for Stress-Testing Realistic and Comprehensive MCP Use"
    )
    assert (paper.arxiv_id, paper.upvotes, paper.author_count, paper.day_rank) == (
        "2509.24002",
        118,
        15,
        1,
    )
    assert (paper.published, paper.submitted) == (D(2025, 9, 28), D(2025, 10, 1))
    assert paper.github_stars == 182


def test_daily_2026_browser_saved_dom(corpus: Path) -> None:
    data = page(corpus, "html-daily/daily-2026-09-28*.html").read_bytes()
    shown = paperparse.parse(strip_hydration(data), reference_date=D(2026, 9, 29))
    for listing in (paperparse.parse(data), shown):
        assert len(listing.papers) == 28
        assert (listing.kind, listing.page_date) == ("daily", D(2026, 9, 28))
        first = listing.papers[0]
        assert first.arxiv_id == "2609.31620"
        assert (first.upvotes, first.comments, first.github_stars) == (110, 2, 12)
        assert first.organization == "USC Physical Superintelligence (PSI) Lab"
        assert first.submitted_by == "Hongyang-Du"
    assert paperparse.parse(data).problems == ()


def test_trending_page(corpus: Path) -> None:
    data = page(corpus, "html-trending/trending-2026-10*.html").read_bytes()
    listing: Listing = paperparse.parse(data)
    assert (len(listing.papers), listing.kind, listing.page_date) == (50, "trending", None)
    first = listing.papers[0]
    assert (first.arxiv_id, first.upvotes, first.github_stars) == ("2610.05608", 117, 131)
    assert (first.organization, first.published) == ("Kandinsky Lab", D(2026, 10, 4))
    assert listing.problems == ()
    shown = paperparse.parse(strip_hydration(data))
    assert [p.arxiv_id for p in shown.papers] == [p.arxiv_id for p in listing.papers]
    assert [p.upvotes for p in shown.papers] == [p.upvotes for p in listing.papers]
