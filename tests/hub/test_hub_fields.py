"""JSON stage 1: the Hub's keys once ignored (discussion, media, the summary's model, how the
repository was linked, the submitter's organisation) read into typed fields, each value of
the wrong type an ``invalid-field`` problem at its pointer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import paperparse

VIDEO = "https://cdn-uploads.huggingface.co/production/uploads/6530bf50/RzQL-WqDDCxBy.mp4"
IMAGE = "https://cdn-uploads.huggingface.co/production/uploads/6530bf50/hXqaaoJTvW35.png"
THUMBNAIL = "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2510.02283.png"
NEW_FIELDS = (
    "submitter_organization",
    "discussion_id",
    "author_participating",
    "github_repo_added_by",
    "ai_summary_model",
    "media_urls",
)


def _item(**changes: Any) -> dict[str, Any]:
    """A 2026 daily-papers item as the Hub sends it, each key where the Hub keeps it;
    ``changes`` sets (or, with None, drops) keys: ``paper__key`` for the paper object's."""
    item: dict[str, Any] = {
        "paper": {
            "id": "2510.02283",
            "title": "Self-Forcing++",
            "githubRepo": "https://github.com/justincui03/Self-Forcing-Plus-Plus",
            "githubRepoAddedBy": "user",
            "ai_summary": "Minute-long videos.",
            "ai_summary_model": "Qwen/Qwen2.5-Coder-32B-Instruct",
            "discussionId": "68ddb9b7d5a2a2a1a5e2f0c1",
            "mediaUrls": [VIDEO, IMAGE],
        },
        "title": "Self-Forcing++",
        "numComments": 2,
        "isAuthorParticipating": True,
        "mediaUrls": [VIDEO, IMAGE],
        "submitterOrganization": {"name": "ByteDance-Seed", "fullname": "ByteDance Seed"},
    }  # fmt: skip
    for key, value in changes.items():
        where, _, name = key.rpartition("__")
        container = item["paper"] if where == "paper" else item
        if value is None:
            container.pop(name, None)
        else:
            container[name] = value
    return item


def _parse(*items: dict[str, Any]) -> paperparse.Listing:
    return paperparse.parse(json.dumps(list(items)))


def _one(item: dict[str, Any]) -> tuple[paperparse.Paper, list[tuple[str, str | None]]]:
    listing = _parse(item)
    (paper,) = listing.papers
    return paper, [(problem.code, problem.location.path) for problem in listing.problems]


def test_the_hub_item_fills_every_new_field() -> None:
    paper, problems = _one(_item())
    assert problems == []
    assert paper.discussion_id == "68ddb9b7d5a2a2a1a5e2f0c1"
    assert paper.author_participating is True
    assert paper.ai_summary_model == "Qwen/Qwen2.5-Coder-32B-Instruct"
    assert paper.github_repo_added_by == "user"
    assert paper.submitter_organization == "ByteDance Seed"  # the full name, as organization
    assert paper.media_urls == (VIDEO, IMAGE)  # the paper's list and the item's, once


def test_discussion_id() -> None:
    paper, _ = _one(_item(paper__discussionId="66ac44677746f1e5ff6b71f3"))
    assert paper.discussion_id == "66ac44677746f1e5ff6b71f3"


def test_author_participating_false_is_a_value_not_an_absence() -> None:
    paper, problems = _one(_item(isAuthorParticipating=False))
    assert (paper.author_participating, problems) == (False, [])
    assert _one(_item(isAuthorParticipating=None))[0].author_participating is None


def test_ai_summary_model() -> None:
    paper, _ = _one(_item(paper__ai_summary_model="thinkingmachines/Inkling-Small"))
    assert paper.ai_summary_model == "thinkingmachines/Inkling-Small"


def test_github_repo_added_by_is_how_the_repository_was_linked() -> None:
    # The Hub says "user" or "auto" (every response in the corpus), not a user name.
    paper, _ = _one(_item(paper__githubRepoAddedBy="auto"))
    assert paper.github_repo_added_by == "auto"
    assert paper.github_repo == "https://github.com/justincui03/Self-Forcing-Plus-Plus"


def test_submitter_organization_is_read_as_organization_is() -> None:
    paper, _ = _one(_item(submitterOrganization={"_id": "6", "name": "nvidia"}))
    assert paper.submitter_organization == "nvidia"  # no full name: the short one
    paper, _ = _one(_item(submitterOrganization="  Sea   AI Lab "))  # a tool kept the name
    assert paper.submitter_organization == "Sea AI Lab"
    assert paper.organization is None  # the submitter's organisation is not the paper's


def test_media_urls_of_2024_and_of_both_places_are_one_list_in_order() -> None:
    # March 2024: one mediaUrl on the item; later, the same mediaUrls in item and paper.
    paper, _ = _one(_item(paper__mediaUrls=None, mediaUrls=None, mediaUrl=THUMBNAIL))
    assert paper.media_urls == (THUMBNAIL,)
    paper, _ = _one(_item(paper__mediaUrls=[VIDEO], mediaUrls=[IMAGE, VIDEO], mediaUrl=VIDEO))
    assert paper.media_urls == (VIDEO, IMAGE)
    paper, _ = _one(_item(paper__mediaUrls=None, mediaUrls=None))
    assert paper.media_urls == ()


@pytest.mark.parametrize(
    ("changes", "field", "path"),
    [
        ({"paper__discussionId": 12345}, "discussion_id", "/0/paper/discussionId"),
        ({"isAuthorParticipating": 1}, "author_participating", "/0/isAuthorParticipating"),
        ({"isAuthorParticipating": 0}, "author_participating", "/0/isAuthorParticipating"),
        ({"isAuthorParticipating": "true"}, "author_participating", "/0/isAuthorParticipating"),
        ({"paper__ai_summary_model": ["Qwen"]}, "ai_summary_model", "/0/paper/ai_summary_model"),
        ({"paper__githubRepoAddedBy": {"user": "akhaliq"}}, "github_repo_added_by",
         "/0/paper/githubRepoAddedBy"),
        ({"submitterOrganization": {"_id": "6", "avatar": "a.png"}}, "submitter_organization",
         "/0/submitterOrganization"),
        ({"submitterOrganization": 7}, "submitter_organization", "/0/submitterOrganization"),
    ],
    ids=["discussion-number", "participating-1", "participating-0", "participating-string",
         "model-list", "added-by-object", "organization-without-name", "organization-number"],
)  # fmt: skip
def test_a_value_of_the_wrong_type_is_an_invalid_field(
    changes: dict[str, Any], field: str, path: str
) -> None:
    paper, problems = _one(_item(**changes))
    assert getattr(paper, field) is None
    assert problems == [("invalid-field", path)]


def test_a_media_entry_that_is_no_address_is_reported_and_the_others_kept() -> None:
    item = _item(paper__mediaUrls=None, mediaUrls=["a video", VIDEO, 7, "", IMAGE])
    paper, problems = _one(item)
    assert paper.media_urls == (VIDEO, IMAGE)
    assert problems == [("invalid-field", "/0/mediaUrls/0"), ("invalid-field", "/0/mediaUrls/2")]


def test_media_that_is_no_list_is_an_invalid_field() -> None:
    paper, problems = _one(_item(paper__mediaUrls={"video": VIDEO}))
    assert paper.media_urls == (VIDEO, IMAGE)  # the item's list, still read
    assert problems == [("invalid-field", "/0/paper/mediaUrls")]
    paper, problems = _one(_item(paper__mediaUrls=None, mediaUrls=None, mediaUrl=["x"]))
    assert (paper.media_urls, problems) == ((), [("invalid-field", "/0/mediaUrl/0")])


def test_a_bare_paper_object_carries_them_too() -> None:
    listing = paperparse.parse(
        json.dumps(
            {
                "id": "2509.24002",
                "title": "A Benchmark",
                "discussionId": "68dc9eff4159d1f2418f9ba6",
                "isAuthorParticipating": False,
                "mediaUrls": [VIDEO],
            }
        )
    )
    (paper,) = listing.papers
    assert (paper.discussion_id, paper.author_participating) == ("68dc9eff4159d1f2418f9ba6", False)
    assert (paper.media_urls, listing.problems) == ((VIDEO,), ())


def test_a_key_the_hub_kept_in_the_other_place_is_read_there() -> None:
    item = _item(isAuthorParticipating=None, paper__isAuthorParticipating=False)
    item = {**item, "discussionId": "on-the-item", "paper": {**item["paper"], "discussionId": None}}
    paper, problems = _one(item)
    assert (paper.author_participating, paper.discussion_id, problems) == (
        False,
        "on-the-item",
        [],
    )


def test_the_fields_round_trip_through_to_dict() -> None:
    paper, _ = _one(_item(isAuthorParticipating=False))
    data = json.loads(json.dumps(paper.to_dict()))
    assert data["media_urls"] == [VIDEO, IMAGE]
    assert data["author_participating"] is False
    assert paperparse.Paper.from_dict(data) == paper


def test_embedded_json_fills_them_and_the_visible_page_does_not() -> None:
    props = json.dumps({"dailyPapers": [_item()]}).replace("'", "&#39;")
    page = f"<html><body><div data-target='DailyPapers' data-props='{props}'></div></body></html>"
    (paper,) = paperparse.parse(page).papers
    assert (paper.discussion_id, paper.media_urls) == ("68ddb9b7d5a2a2a1a5e2f0c1", (VIDEO, IMAGE))
    text = "Self-Forcing++\nMinute-long videos.\n\u2022 4 authors\n\u00b7\nOct 2, 2025"
    (shown,) = paperparse.parse(text).papers
    assert [getattr(shown, name) for name in NEW_FIELDS] == [None, None, None, None, None, ()]


def test_a_paper_page_gives_the_submitter_organization_beside_its_paper() -> None:
    props = {
        "paper": {"id": "2509.24002", "title": "A Benchmark", "discussionId": "68dc9eff"},
        "submitterOrganization": {"name": "NUS", "fullname": "National University of Singapore"},
        "upvoted": False,
    }
    attribute = json.dumps(props).replace("'", "&#39;")
    page = (
        f"<html><body><div data-target='PaperContent' data-props='{attribute}'></div></body></html>"
    )
    listing = paperparse.parse(page)
    (paper,) = listing.papers
    assert paper.submitter_organization == "National University of Singapore"
    assert paper.discussion_id == "68dc9eff"
    broken = json.dumps({**props, "submitterOrganization": 3}).replace("'", "&#39;")
    listing = paperparse.parse(page.replace(attribute, broken))
    assert listing.papers[0].submitter_organization is None
    assert [problem.code for problem in listing.problems] == ["invalid-field"]
    assert (listing.problems[0].location.path or "").endswith("@data-props/submitterOrganization")


# --- the corpus: what the Hub really sends --------------------------------------------------


def _corpus_papers(corpus: Path, pattern: str) -> list[paperparse.Paper]:
    return [
        paper for path in sorted(corpus.glob(pattern)) for paper in paperparse.parse(path).papers
    ]


def test_the_corpus_api_responses_fill_the_fields_with_real_values(corpus: Path) -> None:
    papers = _corpus_papers(corpus, "api-json/*.json")
    assert len(papers) == 308
    discussions = [paper.discussion_id for paper in papers if paper.discussion_id]
    assert len(discussions) == 267  # from 2024-08
    assert all(len(value) == 24 and int(value, 16) >= 0 for value in discussions)  # the Hub's ids
    flags = [paper.author_participating for paper in papers]
    assert (flags.count(True), flags.count(False)) == (64, 187)
    assert {paper.github_repo_added_by for paper in papers} == {None, "user"}
    assert all(paper.github_repo for paper in papers if paper.github_repo_added_by)
    assert {paper.ai_summary_model for paper in papers} == {
        None,
        "Qwen/Qwen2.5-Coder-32B-Instruct",
        "thinkingmachines/Inkling-Small",
    }
    media = [url for paper in papers for url in paper.media_urls]
    assert len([paper for paper in papers if paper.media_urls]) == 46
    assert all(url.startswith("https://cdn-") for url in media)
    organizations = [
        paper.submitter_organization for paper in papers if paper.submitter_organization
    ]
    assert len(organizations) == 13
    assert "NVIDIA" in organizations


def test_the_corpus_pages_embedded_json_fills_them_too(corpus: Path) -> None:
    trending = _corpus_papers(corpus, "html-trending/*.html")
    assert {paper.github_repo_added_by for paper in trending} == {"user", "auto"}
    assert all(paper.discussion_id for paper in trending)
    (paper,) = _corpus_papers(corpus, "html-paper/*.html")
    assert paper.submitter_organization == "National University of Singapore"
    assert paper.discussion_id == "68dc9eff4159d1f2418f9ba6"
