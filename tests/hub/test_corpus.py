"""Conformance: every Hub API response in ../shared/corpus/api-json, 2024 to 2026.

Expected values were read off the files (first item of each, plus counts); the test skips
when the corpus is not beside the checkout."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import paperparse

D = dt.date

# date in the file name -> (paper count, expected fields of the first paper)
CASES: dict[str, tuple[int, dict[str, Any]]] = {
    "2024-03-12": (9, {"arxiv_id": "2403.06634", "upvotes": 63, "comments": 3, "author_count": 13,
                       "published": D(2024, 3, 11), "submitted": D(2024, 3, 12)}),
    "2024-06-13": (21, {"arxiv_id": "2406.06523", "upvotes": 32, "author_count": 6,
                        "submitted_by": "yulunliu",
                        "title": "NaRCan: Natural Refined Canonical Image with Integration of "
                                 "Diffusion Prior for Video Editing"}),
    "2024-08-01": (11, {"arxiv_id": "2407.21783", "upvotes": 49, "comments": 4,
                        "author_count": 533, "title": "The Llama 3 Herd of Models"}),
    "2024-08-02": (16, {"arxiv_id": "2408.00714", "upvotes": 35}),
    "2025-01-13": (5, {"arxiv_id": "2501.05874", "upvotes": 19, "author_count": 4}),
    "2025-03-11": (26, {"arxiv_id": "2503.03601", "upvotes": 58, "submitted": None,
                        "published": D(2025, 3, 5)}),
    "2025-03-17": (12, {"arxiv_id": "2503.07677", "submitted": D(2025, 3, 17),
                        "submitted_by": "kwanyoung"}),
    "2025-05-22": (27, {"arxiv_id": "2505.15277", "upvotes": 66, "author_count": 21}),
    "2025-06-25": (14, {"arxiv_id": "2506.19851", "github_stars": 20}),
    "2025-09-29": (30, {"arxiv_id": "2509.22622", "upvotes": 100, "github_stars": 137}),
    "2025-10-03": (39, {"arxiv_id": "2510.02283", "upvotes": 43, "comments": 2,
                        "organization": "ByteDance Seed", "github_stars": 1,
                        "github_repo": "https://github.com/justincui03/Self-Forcing-Plus-Plus",
                        "project_page": "https://self-forcing-plus-plus.github.io/",
                        "published": D(2025, 10, 2), "submitted": D(2025, 10, 3),
                        "title": "Self-Forcing++: Towards Minute-Scale High-Quality Video "
                                 "Generation"}),
    "2025-12-11": (14, {"arxiv_id": "2512.09363", "submitted_by": "taesiri"}),
    "2026-05-08": (3, {"arxiv_id": "2605.05242", "organization": "TIGER-Lab",
                       "github_stars": 101}),
    "2026-06-03": (23, {"arxiv_id": "2606.01249", "organization": "Samsung Research"}),
    "2026-06-12": (30, {"arxiv_id": "2606.00467", "upvotes": 0, "comments": 2}),
    "2026-07-31": (5, {"arxiv_id": "2607.23193", "upvotes": 3, "submitted": D(2026, 7, 31)}),
    "2026-08-03": (3, {"arxiv_id": "2607.26654", "organization": "University of Oxford"}),
    "2026-08-12": (20, {"arxiv_id": "2608.10915", "upvotes": 72, "author_count": 22}),
}  # fmt: skip


def corpus_files(corpus: Path) -> list[Path]:
    return sorted((corpus / "api-json").glob("*.json"))


def test_every_api_file_has_a_case(corpus: Path) -> None:
    days = [path.name[len("daily_papers-") :][:10] for path in corpus_files(corpus)]
    assert days
    assert sorted(days) == sorted(CASES)


@pytest.mark.parametrize("day", sorted(CASES))
def test_api_response(corpus: Path, day: str) -> None:
    (path,) = (corpus / "api-json").glob(f"daily_papers-{day}*.json")
    listing = paperparse.parse(path)
    count, expected = CASES[day]
    assert len(listing.papers) == count
    assert listing.kind == "daily"
    assert listing.problems == (), "well-formed items report no problem"
    first = listing.papers[0]
    for name, value in expected.items():
        assert getattr(first, name) == value, name
    # Every item's counts equal the raw JSON's: nothing lost, nothing invented.
    raw = json.loads(path.read_bytes())
    assert [paper.upvotes for paper in listing.papers] == [item["paper"]["upvotes"] for item in raw]
    assert [paper.comments for paper in listing.papers] == [item["numComments"] for item in raw]
    assert [paper.author_count for paper in listing.papers] == [
        len(item["paper"]["authors"]) for item in raw
    ]
    for paper in listing.papers:
        assert (
            paper.submitted is None
            or paper.published is None
            or (paper.submitted >= paper.published)
        ), "submission never precedes publication: the dates are not swapped"
