"""Text stage 3: a doubtful read comes back as a problem, whatever the rendering."""

from __future__ import annotations

import pytest

import paperparse
from paperparse._text.checks import title_doubt

CARD = """\
Submitted by akhaliq
[94](/login?next=%2Fpapers%2F2407.21783)
### [The Herd of Models](/papers/2407.21783)
[· 533 authors](/papers/2407.21783)
[5](/papers/2407.21783#community)
"""


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("The Herd of Models", None),
        ("Attention <b>is</b> all you need", "holds markup or an address"),
        ("[Title](/papers/1)", "holds markup or an address"),
        ("Code at https://github.com/a/b and more", "holds markup or an address"),
        ("[ ] 94", "holds markup or an address"),
        ("Upvote 117", "is a card's widget or label, not a title"),
        ("94", "is a card's widget or label, not a title"),
        ("Subscribe", "is page chrome"),
        ("Sep 28", "is a card's widget or label, not a title"),
        ("3D Gaussians < 1 ms", None),  # a comparison is no tag
    ],
)
def test_title_doubt(title: str, why: str | None) -> None:
    assert title_doubt(title) == why


def test_every_paper_link_belongs_to_a_paper() -> None:
    # The search layout: title, abstract, authors, date. The abstract links another paper.
    text = "\n".join(
        [
            "[The Herd of Models](/papers/2407.21783)",
            "",
            "We build on [our earlier models](/papers/2407.99999) and release them all to"
            " the research community, with the data and the code that trained them.",
            "",
            "• 533 authors",
            "·",
            "Jul 31, 2024",
        ]
    )
    listing = paperparse.parse(text)
    assert [paper.arxiv_id for paper in listing.papers] == ["2407.21783"]
    (problem,) = [p for p in listing.problems if p.code == "unclaimed-paper-link"]
    assert "2407.99999" in problem.message
    assert problem.location.line == 3


def test_a_listing_whose_links_all_belong_reports_none() -> None:
    listing = paperparse.parse(CARD)
    assert not [p for p in listing.problems if p.code == "unclaimed-paper-link"]


def test_a_title_that_kept_an_address_is_reported() -> None:
    text = "\n".join(
        [
            "Trending Papers",
            "",
            "Code is at https://github.com/a/b for all",
            "",
            "· 5 authors",
            "·",
            "Jul 19, 2025",
        ]
    )
    listing = paperparse.parse(text)
    (paper,) = listing.papers
    codes = [problem.code for problem in listing.problems]
    assert "suspicious-title" in codes
    assert paper.title == "Code is at https://github.com/a/b for all"
