"""JSON stage 1: every key of an item is read, ignored on purpose, or reported once."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

import paperparse
from paperparse import Paper
from paperparse._hub.item_fields import _ALIASES, URL_KEYS
from paperparse._hub.item_keys import (
    AMBIGUOUS_KEYS,
    AUTHOR_FIELDS,
    IGNORED_AUTHOR_KEYS,
    IGNORED_KEYS,
    ITEM_FIELDS,
    PAPER_FIELDS,
)

D = dt.date
HUB_PAGE = "https://huggingface.co/papers/2501.00002"
MEDIA = "https://cdn-uploads.huggingface.co/production/uploads/6530bf50/RzQL-WqDDCxBy.mp4"

# (where, Hub key, a value, the Paper field it fills, the value that field gets). "item" is a
# daily-papers item's own key, "paper" a key of the paper object inside it.
READ: list[tuple[str, str, Any, str, Any]] = [
    ("paper", "id", "2501.00001v2", "arxiv_id", "2501.00001"),
    ("paper", "title", "Given", "title", "Given"),
    ("paper", "summary", "An abstract.", "abstract", "An abstract."),
    ("paper", "publishedAt", "2025-01-02T03:04:05Z", "published", D(2025, 1, 2)),
    ("paper", "authors", [{"name": "A"}, {"name": "B"}], "authors", ("A", "B")),
    ("paper", "upvotes", 5, "upvotes", 5),
    ("paper", "submittedOnDailyAt", "2025-01-03T00:00:00Z", "submitted", D(2025, 1, 3)),
    ("paper", "submittedOnDailyBy", {"user": "someone"}, "submitted_by", "someone"),
    ("paper", "githubRepo", "https://github.com/a/b", "github_repo", "https://github.com/a/b"),
    ("paper", "githubStars", 7, "github_stars", 7),
    ("paper", "projectPage", "https://example.org/p", "project_page", "https://example.org/p"),
    ("paper", "ai_summary", "Short.", "ai_summary", "Short."),
    ("paper", "ai_keywords", ["k"], "ai_keywords", ("k",)),
    ("paper", "organization", {"name": "Org"}, "organization", "Org"),
    ("paper", "dailyPaperRank", 2, "day_rank", 2),
    ("paper", "highlightedTitle", "<mark>Hit</mark> Title", "title", "Hit Title"),
    ("paper", "highlightedSummary", "The <mark>hit</mark>.", "abstract", "The hit."),
    *[("paper", key, HUB_PAGE, "arxiv_id", "2501.00002") for key in URL_KEYS],
    ("item", "title", "Given", "title", "Given"),
    ("item", "summary", "An abstract.", "abstract", "An abstract."),
    ("item", "publishedAt", "2025-01-03T00:00:00Z", "submitted", D(2025, 1, 3)),
    ("item", "numComments", 3, "comments", 3),
    ("item", "submittedBy", {"user": "someone"}, "submitted_by", "someone"),
    ("item", "organization", {"fullname": "Org"}, "organization", "Org"),
    ("item", "thumbnail", "https://x.org/t.png", "thumbnail", "https://x.org/t.png"),
    ("item", "dailyPaperRank", 2, "day_rank", 2),
    ("item", "highlightedTitle", "<mark>Hit</mark> Title", "title", "Hit Title"),
    ("item", "highlightedSummary", "The <mark>hit</mark>.", "abstract", "The hit."),
    *[("item", key, HUB_PAGE, "arxiv_id", "2501.00002") for key in URL_KEYS],
    # Read in either place: the Hub has kept each in one of them (or both).
    *[
        (where, key, value, field, expected)
        for where in ("paper", "item")
        for key, value, field, expected in [
            ("discussionId", "66ac44677746f1e5ff6b71f3", "discussion_id",
             "66ac44677746f1e5ff6b71f3"),
            ("isAuthorParticipating", False, "author_participating", False),
            ("mediaUrl", MEDIA, "media_urls", (MEDIA,)),
            ("mediaUrls", [MEDIA], "media_urls", (MEDIA,)),
            ("ai_summary_model", "Qwen/Qwen2.5-Coder-32B-Instruct", "ai_summary_model",
             "Qwen/Qwen2.5-Coder-32B-Instruct"),
            ("githubRepoAddedBy", "user", "github_repo_added_by", "user"),
            ("submitterOrganization", {"name": "nvidia", "fullname": "NVIDIA"},
             "submitter_organization", "NVIDIA"),
        ]
    ],
]  # fmt: skip
# Every row again under each name other tools use for its key.
READ_WITH_ALIASES = READ + [
    (where, alias, value, field, expected)
    for where, key, value, field, expected in READ
    for alias in _ALIASES.get(key, ())
]


def _item(where: str, key: str, value: object, *, titled: bool) -> dict[str, Any]:
    paper: dict[str, Any] = {"title": "Base"} if titled else {}
    item: dict[str, Any] = {"paper": paper}
    (paper if where == "paper" else item)[key] = value
    return item


def _parse(items: list[Any]) -> paperparse.Listing:
    return paperparse.parse(json.dumps(items))


@pytest.mark.parametrize(
    ("where", "key", "value", "field", "expected"),
    READ_WITH_ALIASES,
    ids=[f"{where}-{key}" for where, key, *_ in READ_WITH_ALIASES],
)
def test_every_mapped_key_fills_its_field(
    where: str, key: str, value: object, field: str, expected: object
) -> None:
    titled = field not in ("title",)  # a title key is read only where no other title is
    listing = _parse([_item(where, key, value, titled=titled)])
    (paper,) = listing.papers
    assert getattr(paper, field) == expected
    assert listing.problems == ()


def test_the_table_covers_every_mapped_key() -> None:
    read = {(where, key) for where, key, *_ in READ_WITH_ALIASES}
    paper_keys = {key for where, key in read if where == "paper"}
    item_keys = {key for where, key in read if where == "item"}
    assert paper_keys == PAPER_FIELDS
    assert item_keys | {"paper"} == ITEM_FIELDS  # "paper" is the paper object itself


@pytest.mark.parametrize(
    ("key", "value", "field", "expected"),
    [
        ("id", "2501.00001", "arxiv_id", "2501.00001"),
        ("publishedAt", "2025-01-02", "published", D(2025, 1, 2)),
        ("numComments", 3, "comments", 3),
        ("thumbnail", "https://x.org/t.png", "thumbnail", "https://x.org/t.png"),
        ("submittedBy", "someone", "submitted_by", "someone"),
        ("githubStars", 7, "github_stars", 7),
    ],
    ids=["id", "published", "comments", "thumbnail", "submitter", "stars"],
)
def test_a_bare_paper_object_is_read_with_the_keys_of_both(
    key: str, value: object, field: str, expected: object
) -> None:
    listing = _parse([{"title": "T", "summary": "An abstract.", key: value}])
    assert getattr(listing.papers[0], field) == expected
    assert listing.problems == ()


@pytest.mark.parametrize("key", sorted(IGNORED_KEYS))
@pytest.mark.parametrize("where", ["item", "paper"])
def test_ignored_keys_are_no_problem(where: str, key: str) -> None:
    item = _item(where, key, {"any": "value"}, titled=True)
    listing = _parse([item])
    assert listing.problems == ()
    assert listing.papers[0] == _parse([_item("paper", "title", "Base", titled=True)]).papers[0]


@pytest.mark.parametrize("key", sorted(IGNORED_AUTHOR_KEYS | AUTHOR_FIELDS))
def test_author_internals_are_no_problem(key: str) -> None:
    author = {"name": "A", key: "x"} if key != "name" else {"name": "A"}
    listing = _parse([{"paper": {"title": "T", "authors": [author]}}])
    assert listing.problems == ()
    assert listing.papers[0].authors == ("A",)


def _thirty(extra: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for index in range(30):
        paper = {"id": f"2501.{index:05d}", "title": f"Paper {index}", "upvotes": index}
        items.append({"paper": paper, "numComments": 0})
        for where, value in extra.get(index, {}).items():
            key, _, level = where.partition("@")
            (paper if level == "paper" else items[-1])[key] = value
    return items


def test_one_unknown_key_in_thirty_items_is_one_problem() -> None:
    listing = _parse(_thirty({index: {"newKey@paper": index} for index in range(30)}))
    (problem,) = listing.problems
    assert problem.code == "unknown-field"
    assert problem.location.path == "/0/paper"
    assert "'newKey'" in problem.message
    assert "30 of the 30" in problem.message
    assert json.loads(problem.raw) == {"newKey": 0}
    assert len(listing.papers) == 30


def test_a_key_some_items_carry_is_located_at_the_first_and_counted() -> None:
    listing = _parse(_thirty({7: {"rare@item": "x"}, 3: {"rare@item": "y"}}))
    (problem,) = listing.problems
    assert problem.location.path == "/3"
    assert "2 of the 30" in problem.message
    assert json.loads(problem.raw) == {"rare": "y"}


def test_the_same_name_in_the_item_and_its_paper_is_two_facts() -> None:
    listing = _parse(_thirty({0: {"extra@item": 1, "extra@paper": 2}, 1: {"extra@paper": 3}}))
    found = [(problem.location.path, problem.message.split(";")[1]) for problem in listing.problems]
    assert found == [
        ("/0", " 1 of the 30 items read have it"),
        ("/0/paper", " 2 of the 30 items read have it"),
    ]


def test_unknown_author_keys_are_counted_per_item_not_per_author() -> None:
    authors = [{"name": "A", "affiliation": "X"}, {"name": "B", "affiliation": "Y"}]
    items = [
        {"paper": {"title": "First", "authors": [{"name": "C"}]}},
        {"paper": {"title": "Second", "authors": authors}},
        {"paper": {"title": "Third", "authors": [{"name": "D", "affiliation": "Z"}]}},
    ]
    listing = _parse(items)
    (problem,) = listing.problems
    assert (problem.code, problem.location.path) == ("unknown-field", "/1/paper/authors/0")
    assert "'affiliation'" in problem.message
    assert "author object" in problem.message
    assert "2 of the 3" in problem.message
    assert [paper.authors for paper in listing.papers] == [("C",), ("A", "B"), ("D",)]


@pytest.mark.parametrize("key", sorted(AMBIGUOUS_KEYS))
def test_an_ambiguous_key_is_reported_not_guessed(key: str) -> None:
    listing = _parse([{"title": "T", "id": "2501.00001", key: "2025-10-03"}])
    (paper,) = listing.papers
    assert (paper.published, paper.submitted) == (None, None)
    (problem,) = listing.problems
    assert (problem.code, problem.location.path) == ("unknown-field", "/0")
    assert problem.message.startswith(f"ambiguous key {key!r}")


def test_unknown_keys_sit_in_source_order_among_the_other_problems() -> None:
    items = [
        {"paper": {"title": "A", "upvotes": "many"}},
        {"paper": {"title": "B", "newKey": 1}, "numComments": -1},
        {"paper": {"title": "C", "upvotes": -2, "newKey": 2}},
    ]
    listing = _parse(items)
    found = [(problem.code, problem.location.path) for problem in listing.problems]
    assert found == [
        ("invalid-field", "/0/paper/upvotes"),
        ("invalid-field", "/1/numComments"),
        ("unknown-field", "/1/paper"),
        ("invalid-field", "/2/paper/upvotes"),
    ]


def test_a_single_paper_object_reports_its_unknown_keys() -> None:
    listing = paperparse.parse(json.dumps({"id": "2501.00001", "title": "T", "venue": "ACL"}))
    assert listing.kind == "paper"
    (problem,) = listing.problems
    assert (problem.code, problem.location.path) == ("unknown-field", "")
    assert "'venue'" in problem.message
    assert "1 of the 1" in problem.message


def test_json_lines_locate_an_unknown_key_at_its_line() -> None:
    lines = [
        json.dumps({"paper": {"title": "A"}}),
        json.dumps({"paper": {"title": "B", "newKey": 1}}),
        json.dumps({"paper": {"title": "C", "newKey": 2}}),
    ]
    listing = paperparse.parse("\n".join(lines) + "\n")
    assert listing.input_format == "jsonl"
    (problem,) = listing.problems
    assert (problem.location.line, problem.location.path) == (2, "/1/paper")
    assert "2 of the 3" in problem.message


def test_embedded_json_in_html_reports_an_unknown_key_once() -> None:
    items = [{"paper": {"id": f"2501.0000{n}", "title": f"P{n}", "newKey": n}} for n in (1, 2)]
    props = json.dumps({"dailyPapers": items}).replace("'", "&#39;")
    page = f"<html><body><div data-target='DailyPapers' data-props='{props}'></div></body></html>"
    listing = paperparse.parse(page)
    unknown = [problem for problem in listing.problems if problem.code == "unknown-field"]
    assert len(unknown) == 1
    assert (unknown[0].location.path or "").endswith("/@data-props/dailyPapers/0/paper")
    assert [paper.arxiv_id for paper in listing.papers] == ["2501.00001", "2501.00002"]


def test_a_paper_that_is_no_object_is_a_problem() -> None:
    listing = _parse([{"paper": "2501.00001", "title": "T"}])
    (problem,) = listing.problems
    assert (problem.code, problem.location.path) == ("invalid-field", "/0/paper")
    assert listing.papers[0].title == "T"


def test_a_known_item_is_unchanged_by_the_accounting() -> None:
    item = {"paper": {"id": "2501.00001", "title": "T", "_id": "x"}, "upvoted": True}
    (paper,) = _parse([item]).papers
    assert paper == Paper(
        title="T",
        arxiv_id="2501.00001",
        url="https://huggingface.co/papers/2501.00001",
        rank=1,
        location=paper.location,
    )
