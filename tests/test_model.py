"""Model: round trips, invariants, the exception root and strict mode."""

from __future__ import annotations

import datetime as dt
import json
import pickle

import attrs
import pytest

import paperparse
from paperparse import Listing, Location, Paper, ParseError, Problem


def full_paper() -> Paper:
    return Paper(
        title="A title",
        abstract="An abstract.",
        arxiv_id="2509.24002",
        url="https://huggingface.co/papers/2509.24002",
        authors=["Ada", "Grace"],
        author_count=2,
        published=dt.date(2025, 9, 28),
        published_text="Sep 28",
        date_resolution="reference-date",
        submitted=dt.date(2025, 9, 30),
        submitted_by="akhaliq",
        submitter_organization="NVIDIA",
        upvotes=0,
        comments=3,
        discussion_id="66ac44677746f1e5ff6b71f3",
        author_participating=False,
        code_links=["https://github.com/a/b"],
        links=["https://example.org"],
        github_repo="https://github.com/a/b",
        github_repo_added_by="user",
        github_stars=11300,
        project_page="https://example.org",
        ai_summary="Summary.",
        ai_summary_model="Qwen/Qwen2.5-Coder-32B-Instruct",
        ai_keywords=["agents", "benchmarks"],
        organization="OCC",
        thumbnail="https://cdn.example/x.png",
        media_urls=["https://cdn.example/v.mp4", "https://cdn.example/i.png"],
        rank=1,
        day_rank=2,
        location=Location(line=3, end_line=9),
    )


def test_paper_round_trips_through_json() -> None:
    paper = full_paper()
    data = json.loads(json.dumps(paper.to_dict()))
    assert Paper.from_dict(data) == paper
    assert data["published"] == "2025-09-28"
    assert data["authors"] == ["Ada", "Grace"]
    assert data["upvotes"] == 0
    assert data["author_participating"] is False  # a bool stays one, not a missing value
    assert data["media_urls"] == ["https://cdn.example/v.mp4", "https://cdn.example/i.png"]


def test_every_paper_field_is_in_to_dict() -> None:
    assert set(full_paper().to_dict()) == {field.name for field in attrs.fields(Paper)}


def test_minimal_paper_round_trips_with_nones() -> None:
    paper = Paper(title="Only a title")
    data = paper.to_dict()
    assert data["abstract"] is None
    assert data["upvotes"] is None
    assert (data["author_participating"], data["media_urls"]) == (None, [])
    assert Paper.from_dict(data) == paper


def test_from_dict_ignores_unknown_keys() -> None:
    assert Paper.from_dict({"title": "T", "future_field": 1}) == Paper(title="T")


def test_paper_is_frozen_and_sequences_are_tuples() -> None:
    paper = full_paper()
    assert paper.authors == ("Ada", "Grace")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        paper.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("field", ["upvotes", "comments", "author_count", "github_stars"])
def test_counts_cannot_be_negative(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Paper(title="T", **{field: -1})


def test_listing_round_trips() -> None:
    listing = Listing(
        papers=[full_paper()],
        problems=[Problem("missing-metadata", "m", Location(line=4), "raw")],
        kind="daily",
        input_format="html",
        page_date=dt.date(2024, 8, 1),
        retrieved=dt.date(2024, 8, 2),
        source="x.html",
    )
    assert Listing.from_dict(json.loads(json.dumps(listing.to_dict()))) == listing


def test_parse_error_is_a_value_error_and_pickles() -> None:
    problem = Problem("unparsed-block", "bad", Location(line=7), "raw")
    error = ParseError("not a listing", source="a.txt", line=7, problems=[problem])
    assert isinstance(error, ValueError)
    assert str(error) == "not a listing (a.txt, line 7)"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.source, copy.line, copy.problems) == (
        "not a listing",
        "a.txt",
        7,
        (problem,),
    )


def test_strict_mode_raises_on_the_first_problem() -> None:
    text = "Lost title\nLost abstract.\nTitle\nAbstract.\n\u2022 2 authors\n\u00b7\nJan 2, 2024"
    assert len(paperparse.parse(text).problems) == 1
    with pytest.raises(ParseError, match="missing-metadata") as caught:
        paperparse.parse(text, strict=True)
    assert caught.value.line == 1
    assert caught.value.problems[0].code == "missing-metadata"


def test_problem_str_names_location_and_code() -> None:
    problem = Problem("unresolved-year", "no year", Location(line=3, end_line=5), "Sep 28")
    assert str(problem) == "lines 3-5: unresolved-year: no year"
    assert str(Problem("x", "y", Location(path="/0/paper"))) == "/0/paper: x: y"
