"""Problems of one code on consecutive lines or items are one problem with the range."""

from __future__ import annotations

import json

import paperparse

CARD = "A title {n}\n\u2022 2 authors\n\u00b7\nJan 2, 2024\n\n"


def test_a_broken_line_a_thousand_times_over_is_one_problem_with_its_range() -> None:
    listing = paperparse.parse("Daily Papers\n" + "2 authors\n" * 1000 + "\n" + CARD.format(n=1))
    (problem,) = listing.problems
    assert (problem.code, problem.count) == ("unparsed-block", 1000)
    assert (problem.location.line, problem.location.end_line) == (2, 1001)
    assert len(problem.raw.splitlines()) == 1000
    assert [paper.title for paper in listing.papers] == ["A title 1"]


def test_problems_with_a_paper_between_them_stay_apart() -> None:
    page = "Daily Papers\n2 authors\n\n" + CARD.format(n=1) + "2 authors\n\n" + CARD.format(n=2)
    listing = paperparse.parse(page)
    assert [(p.code, p.location.line, p.count) for p in listing.problems] == [
        ("unparsed-block", 2, 1),
        ("unparsed-block", 9, 1),
    ]


def test_a_field_broken_in_every_item_is_one_problem_spanning_the_items() -> None:
    items = [{"title": f"T{n}", "id": f"2501.{n:05d}", "upvotes": "many"} for n in range(50)]
    listing = paperparse.parse(json.dumps(items))
    assert len(listing.papers) == 50
    (problem,) = listing.problems
    assert (problem.code, problem.count, problem.location.path) == (
        "invalid-field",
        50,
        "/0/upvotes",
    )
    assert problem.message.endswith("(and 49 more like it: /0/upvotes to /49/upvotes)")


def test_items_apart_in_the_list_stay_apart() -> None:
    items = [{"title": f"T{n}", "id": f"2501.{n:05d}"} for n in range(4)]
    items[0]["upvotes"] = items[2]["upvotes"] = "many"
    listing = paperparse.parse(json.dumps(items))
    assert [(p.location.path, p.count) for p in listing.problems] == [
        ("/0/upvotes", 1),
        ("/2/upvotes", 1),
    ]


def test_metadata_without_a_title_comes_back_with_its_text() -> None:
    listing = paperparse.parse("Daily Papers\n2 authors\n\u00b7\n\n" + CARD.format(n=1))
    (problem,) = listing.problems
    assert (problem.code, problem.raw) == ("unparsed-block", "2 authors\n\u00b7")
