"""JSON other tools save: their names for the Hub's fields, the paper's address in place of
its id, author lists flattened to a string, code links under names of their own."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

import paperparse

from ..conftest import FIXTURES


def _one(item: dict[str, Any]) -> tuple[paperparse.Paper, list[tuple[str, str | None]]]:
    listing = paperparse.parse(json.dumps([item]))
    (paper,) = listing.papers
    return paper, [(problem.code, problem.location.path) for problem in listing.problems]


def test_a_scrapers_file_keeps_ids_abstracts_and_code_links() -> None:
    listing = paperparse.parse(FIXTURES / "json" / "other_tools.json")
    first, second, third, fourth = listing.papers
    assert (first.arxiv_id, first.abstract) == (
        "2510.00021",
        "A scraper that kept the arXiv names.",
    )
    assert first.authors == ("Alan Turing", "Ada Lovelace", "Grace Hopper")
    assert (first.upvotes, first.comments, first.github_stars) == (12, 4, 1056)
    assert first.published == dt.date(2025, 10, 1)
    assert first.github_repo == "https://github.com/Example/Twenty-One"
    assert first.code_links == ("https://github.com/Example/Twenty-One",)
    # No id key: the arXiv link names the paper; the code link under code_url and the one
    # in the abstract are one link, in the first spelling.
    assert (second.arxiv_id, second.url) == (
        "2510.00022",
        "https://huggingface.co/papers/2510.00022",
    )
    assert second.code_links == ("https://github.com/example/Twenty-Two",)
    assert (second.comments, second.published) == (0, dt.date(2025, 10, 2))
    # A Hub link under a name of its own gives the id; a GitLab repository is code, but no
    # github_repo; a paper_url that is no paper's page is kept as a link.
    assert third.arxiv_id == "2510.00023"
    assert (third.code_links, third.github_repo) == (
        ("https://gitlab.com/example/twenty-three",),
        None,
    )
    assert third.links == ("https://example.org/blog/twenty-three",)
    assert (third.published, third.submitted) == (None, None)  # "date" is not guessed
    assert fourth.arxiv_id == "2510.00024"  # the id key, against a disagreeing link
    found = [(problem.code, problem.location.path) for problem in listing.problems]
    assert found == [
        ("unknown-field", "/items/2"),  # date, in two items
        ("invalid-field", "/items/3/pdf_url"),
        ("invalid-field", "/items/3/repo"),
        ("unknown-field", "/items/3"),  # category
    ]
    assert "2 of the 4" in listing.problems[0].message


@pytest.mark.parametrize(
    ("item", "arxiv_id", "problems"),
    [
        ({"title": "T", "id": "2501.00001"}, "2501.00001", []),
        ({"title": "T", "arxiv_id": "2501.00001v3"}, "2501.00001", []),
        ({"title": "T", "url": "https://huggingface.co/papers/2501.00001"}, "2501.00001", []),
        ({"title": "T", "link": "https://arxiv.org/abs/2501.00001v2"}, "2501.00001", []),
        ({"title": "T", "pdf_url": "arxiv.org/pdf/2501.00001"}, "2501.00001", []),
        ({"title": "T", "hf_link": "https://hf.co/papers/2501.00001"}, "2501.00001", []),
        (
            {"title": "T", "id": "2501.00001", "url": "https://huggingface.co/papers/2501.00001"},
            "2501.00001",
            [],
        ),
        (
            {"title": "T", "id": "2501.00001", "url": "https://arxiv.org/abs/2501.00009"},
            "2501.00001",
            [("invalid-field", "/0/url")],
        ),
        (
            {
                "title": "T",
                "url": "https://huggingface.co/papers/2501.00001",
                "link": "https://arxiv.org/abs/2501.00009",
            },
            "2501.00001",
            [("invalid-field", "/0/link")],
        ),
        (
            {"title": "T", "id": "not-an-id", "url": "https://arxiv.org/abs/2501.00001"},
            "2501.00001",
            [("invalid-field", "/0/id")],
        ),
        (
            {"title": "T", "id": "2501.00001", "related": "https://hf.co/papers/2501.00009"},
            "2501.00001",
            [("unknown-field", "/0")],
        ),
        # An abstract makes these papers: a title with a link alone is no paper (a blog post).
        ({"title": "T", "summary": "S", "url": "https://example.org/post"}, None, []),
        ({"title": "T", "summary": "S", "url": 42}, None, [("invalid-field", "/0/url")]),
        (
            {"paper": {"title": "T"}, "url": "https://huggingface.co/papers/2501.00001"},
            "2501.00001",
            [],
        ),
        (
            {
                "paper": {"id": "2501.00001", "title": "T"},
                "thumbnail": "https://cdn-thumbnails.huggingface.co/x/papers/2501.00009.png",
            },
            "2501.00001",
            [],
        ),
    ],
    ids=[
        "id",
        "arxiv-id-with-version",
        "hub-url",
        "arxiv-link",
        "schemeless-pdf-url",
        "any-key-holding-the-hub-page",
        "id-and-url-agree",
        "id-and-url-disagree",
        "two-urls-disagree",
        "invalid-id-then-url",
        "another-papers-page-stays-unknown",
        "url-of-no-paper",
        "url-of-the-wrong-type",
        "url-beside-the-paper-object",
        "thumbnail-is-no-address",
    ],
)
def test_the_arxiv_id_comes_from_the_id_or_the_papers_address(
    item: dict[str, Any], arxiv_id: str | None, problems: list[tuple[str, str]]
) -> None:
    paper, found = _one(item)
    assert paper.arxiv_id == arxiv_id
    assert found == problems


def test_a_disagreeing_address_names_both_papers() -> None:
    listing = paperparse.parse(
        json.dumps([{"title": "T", "id": "2501.00001", "url": "https://arxiv.org/abs/2501.00009"}])
    )
    (problem,) = listing.problems
    assert "2501.00009" in problem.message
    assert "2501.00001" in problem.message
    assert json.loads(problem.raw) == "https://arxiv.org/abs/2501.00009"


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("A, B", ("A", "B")),
        (
            "Alan Turing, Ada Lovelace and Grace Hopper",
            ("Alan Turing", "Ada Lovelace", "Grace Hopper"),
        ),
        ("A; B; C", ("A", "B", "C")),
        ("A, B, and C", ("A", "B", "C")),
        ("Ann Anderson", ("Ann Anderson",)),
        ("  ", ()),
        (["A", "B"], ("A", "B")),
    ],
    ids=["commas", "last-and", "semicolons", "oxford-comma", "one-name", "blank", "a-list"],
)
def test_authors_as_one_string(authors: object, expected: tuple[str, ...]) -> None:
    paper, found = _one({"title": "T", "authors": authors})
    assert (paper.authors, paper.author_count) == (expected, len(expected))
    assert found == []


@pytest.mark.parametrize(
    ("item", "code_links", "github_repo", "problems"),
    [
        (
            {"github": "https://github.com/a/b"},
            ("https://github.com/a/b",),
            "https://github.com/a/b",
            [],
        ),
        (
            {"github_url": "github.com/a/b"},
            ("https://github.com/a/b",),
            "https://github.com/a/b",
            [],
        ),
        ({"code": "https://gitlab.com/a/b"}, ("https://gitlab.com/a/b",), None, []),
        ({"repo": "https://codeberg.org/a/b"}, ("https://codeberg.org/a/b",), None, []),
        ({"code_url": "https://example.org/code"}, (), None, []),
        ({"repo_url": "see the paper"}, (), None, [("invalid-field", "/0/repo_url")]),
        ({"github": ["https://github.com/a/b"]}, (), None, [("invalid-field", "/0/github")]),
        (
            {"githubRepo": "https://github.com/Org/Repo", "summary": "At github.com/org/repo."},
            ("https://github.com/Org/Repo",),
            "https://github.com/Org/Repo",
            [],
        ),
    ],
    ids=[
        "github",
        "schemeless",
        "gitlab-is-code-not-github",
        "codeberg",
        "a-web-page-is-a-link",
        "words",
        "a-list",
        "same-repo-in-the-abstract",
    ],
)
def test_code_links_under_other_names(
    item: dict[str, Any],
    code_links: tuple[str, ...],
    github_repo: str | None,
    problems: list[tuple[str, str]],
) -> None:
    paper, found = _one({"title": "T", "summary": "S", **item})  # an abstract: a paper
    assert (paper.code_links, paper.github_repo) == (code_links, github_repo)
    assert found == problems


def test_a_web_page_under_a_code_key_is_kept_as_a_link() -> None:
    paper, _ = _one({"title": "T", "summary": "S", "code_url": "https://example.org/code"})
    assert paper.links == ("https://example.org/code",)


@pytest.mark.parametrize(
    ("item", "field", "expected"),
    [
        ({"likes": 9}, "upvotes", 9),
        ({"upvotes": 3, "likes": 9}, "upvotes", 3),
        ({"stars": 11}, "github_stars", 11),
        ({"comments": 2}, "comments", 2),
        ({"published": "2025-10-02T00:00:00Z"}, "published", dt.date(2025, 10, 2)),
        ({"publication_date": "2025-10-02"}, "published", dt.date(2025, 10, 2)),
        ({"project_url": "https://example.org/p"}, "project_page", "https://example.org/p"),
    ],
    ids=[
        "likes",
        "the-hub-name-first",
        "stars",
        "comments",
        "published",
        "publication-date",
        "project-url",
    ],
)
def test_other_names_for_the_hubs_fields(
    item: dict[str, Any], field: str, expected: object
) -> None:
    paper, found = _one({"title": "T", **item})
    assert getattr(paper, field) == expected
    assert found == []


def test_comments_as_a_list_are_no_count() -> None:
    paper, found = _one({"title": "T", "summary": "S", "comments": [{"text": "nice"}]})
    assert paper.comments is None
    assert found == [("invalid-field", "/0/comments")]
