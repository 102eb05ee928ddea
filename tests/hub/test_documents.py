"""JSON input: Hub API responses and props objects, well formed and not."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import paperparse
from paperparse import ParseError

from ..conftest import FIXTURES

JSON_DIR = FIXTURES / "json"


def test_2024_items_take_the_item_date_as_submission() -> None:
    listing = paperparse.parse(JSON_DIR / "daily_2024.json")
    first, second = listing.papers
    assert (listing.kind, listing.input_format, listing.page_date) == (
        "daily",
        "json",
        dt.date(2024, 8, 1),
    )
    assert first.title == "A Title With An arXiv Hard Wrap"
    assert first.authors == ("Ada Lovelace", "Grace Hopper")
    assert (first.published, first.submitted) == (dt.date(2024, 7, 31), dt.date(2024, 8, 1))
    assert (first.upvotes, first.comments, first.submitted_by) == (49, 4, "akhaliq")
    assert first.location.path == "/0"
    assert first.code_links == ("https://github.com/example/one",)
    assert (second.arxiv_id, second.upvotes, second.comments) == ("2407.00002", 0, 0)
    assert second.title == "Nobody Upvoted This Yet & That Is Fine"
    assert listing.problems == ()


def test_2025_items_use_submitted_on_daily_at_and_all_new_keys() -> None:
    listing = paperparse.parse(JSON_DIR / "daily_2025.json")
    full, bare = listing.papers
    assert (full.published, full.submitted) == (dt.date(2025, 10, 2), dt.date(2025, 10, 3))
    assert full.github_repo == "https://github.com/example/three"
    assert (full.github_stars, full.project_page) == (1056, "https://example.org/project/")
    assert full.ai_summary == "A one-sentence summary."
    assert full.ai_keywords == ("diffusion models", "latent space")
    assert (full.organization, full.submitted_by) == ("Example Org", "someone")
    assert full.code_links == ("https://github.com/example/three",)
    assert full.links == ("https://example.org/project/",)
    assert (bare.github_repo, bare.ai_summary, bare.ai_keywords) == (None, None, ())
    (unknown,) = listing.problems  # every key is read or ignored on purpose, but one
    assert (unknown.code, unknown.location.path) == ("unknown-field", "/0/paper")
    assert "'aNewKeyFromTheFuture'" in unknown.message
    assert json.loads(unknown.raw) == {"aNewKeyFromTheFuture": {"nested": [1, 2, 3]}}


def test_top_level_published_at_before_the_paper_is_not_a_submission_date() -> None:
    item = {
        "paper": {"id": "2503.00001", "title": "T", "publishedAt": "2025-03-05T17:00:00.000Z"},
        "publishedAt": "2025-03-05T13:00:00.000Z",
        "title": "T",
    }
    (paper,) = paperparse.parse(json.dumps([item])).papers
    assert (paper.published, paper.submitted) == (dt.date(2025, 3, 5), None)


def test_single_paper_object() -> None:
    listing = paperparse.parse(JSON_DIR / "paper.json")
    (paper,) = listing.papers
    assert listing.kind == "paper"
    assert (paper.arxiv_id, paper.upvotes, paper.day_rank) == ("2509.24002", 118, 1)
    assert paper.url == "https://huggingface.co/papers/2509.24002"


def test_props_object_gives_kind_and_period() -> None:
    listing = paperparse.parse(JSON_DIR / "props_weekly.json")
    assert (listing.kind, listing.period, listing.page_date) == ("weekly", "2025-W40", None)
    assert listing.papers[0].location.path == "/dailyPapers/0"


def test_malformed_items_are_problems_and_neighbours_survive() -> None:
    listing = paperparse.parse(JSON_DIR / "malformed_items.json")
    assert [paper.title for paper in listing.papers] == [
        "Fine Apart From Its Counts",
        "Untouched Neighbour",
    ]
    broken, neighbour = listing.papers
    assert (broken.upvotes, broken.comments, broken.published) == (None, None, None)
    assert broken.published_text == "yesterday"
    assert (neighbour.upvotes, neighbour.comments, neighbour.authors) == (3, 1, ("X",))
    found = {(problem.code, problem.location.path) for problem in listing.problems}
    assert found == {
        ("invalid-field", "/0/paper/upvotes"),
        ("invalid-field", "/0/paper/authors"),
        ("invalid-field", "/0/paper/publishedAt"),
        ("invalid-field", "/0/numComments"),
        ("unparsed-block", "/1"),  # and /2: consecutive items, one problem
        ("invalid-field", "/3/paper/authors/1"),
    }
    unparsed = next(p for p in listing.problems if p.location.path == "/1")
    first, second = unparsed.raw.split("\n")  # each occurrence's raw JSON, one per line
    assert json.loads(first) == {"paper": {"id": "not-an-id", "summary": "No title anywhere."}}
    assert json.loads(second) == "a string where an item should be"
    assert (unparsed.count, unparsed.message[-30:]) == (2, "(and 1 more like it: /1 to /2)")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"paper": {"id": "1"}', "invalid JSON"),
        ("{}", "holds no papers"),
        ('{"models": []}', "holds no papers"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
    ids=["truncated", "empty-object", "other-api", "deep-nesting"],
)
def test_json_that_is_not_papers_is_a_parse_error(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        paperparse.parse(text)


def test_invalid_json_error_names_the_line() -> None:
    with pytest.raises(ParseError) as caught:
        paperparse.parse('[\n{"paper":\n  {"id": }\n}]')
    assert caught.value.line == 3


def test_empty_list_is_an_empty_listing() -> None:
    listing = paperparse.parse("[]")
    assert (listing.papers, listing.problems) == ((), ())


@pytest.mark.parametrize(
    ("keywords", "expected", "problem"),
    [
        ([" agents ", "", "benchmarks"], ("agents", "benchmarks"), False),
        (["agents", 3], (), True),
        (["agents", ["nested"]], (), True),
        ({"agents": 1}, (), True),
        ("agents", (), True),
    ],
    ids=["padded", "number", "nested-list", "object", "string"],
)
def test_ai_keywords_are_strings_or_a_problem(
    keywords: object, expected: tuple[str, ...], problem: bool
) -> None:
    item = {"paper": {"id": "2401.00001", "title": "T", "ai_keywords": keywords}}
    listing = paperparse.parse(json.dumps([item]))
    assert listing.papers[0].ai_keywords == expected
    found = [(p.code, p.location.path) for p in listing.problems]
    assert found == ([("invalid-field", "/0/paper/ai_keywords")] if problem else [])


def test_json_lines_of_items_are_read_line_by_line() -> None:
    listing = paperparse.parse(JSON_DIR / "daily_2025.jsonl")
    assert (listing.kind, listing.input_format) == ("daily", "jsonl")
    assert [(p.arxiv_id, p.upvotes, p.comments) for p in listing.papers] == [
        ("2510.00003", 43, 2),
        ("2510.00004", 7, 0),
        ("2510.00005", None, 1),
    ]
    assert [(p.location.line, p.location.path) for p in listing.papers] == [
        (1, "/0"),
        (4, "/1"),
        (5, "/2"),
    ]
    found = [(p.code, p.location.line) for p in listing.problems]
    # The new key on line 1, the cut line, "many".
    assert found == [("unknown-field", 1), ("unparsed-block", 3), ("invalid-field", 5)]
    assert listing.problems[1].raw.startswith('{"paper": {"id": "2510.00009"')


def test_broken_json_that_is_no_json_lines_stays_an_error() -> None:
    with pytest.raises(ParseError, match="invalid JSON: Extra data") as caught:
        paperparse.parse('{\n  "id": "2401.00001",\n  "title": "T"\n}\n}')
    assert caught.value.line == 5


def test_gzip_compressed_page_is_read_as_what_it_holds() -> None:
    packed = paperparse.parse(JSON_DIR / "daily_2025.json.gz")
    plain = paperparse.parse(JSON_DIR / "daily_2025.json")
    assert (packed.input_format, packed.papers) == ("json", plain.papers)


def test_gzip_that_inflates_past_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    from paperparse._sources import web_archives

    monkeypatch.setattr(web_archives, "MAX_INPUT_BYTES", 1_000_000)
    bomb = gzip.compress(b"[" + b" " * 2_000_000 + b"]")
    assert len(bomb) < 10_000
    with pytest.raises(ParseError, match="input too large: the gzip file inflates past the 0 MiB"):
        paperparse.parse(bomb)
    members = gzip.compress(b"[" + b" " * 600_000) + gzip.compress(b" " * 600_000 + b"]")
    with pytest.raises(ParseError, match="inflates past"):  # the bound holds over all members
        paperparse.parse(members)
    with pytest.raises(ParseError, match="gzip"):
        paperparse.parse(b"\x1f\x8b\x08\x00broken")


def test_cut_off_gzip_download_keeps_what_arrived() -> None:
    import gzip

    packed = gzip.compress((JSON_DIR / "daily_2025.json").read_bytes())
    with pytest.raises(ParseError, match="invalid JSON"):  # the JSON itself is cut, and says so
        paperparse.parse(packed[: len(packed) // 2])
    whole_content = paperparse.parse(packed[:-8])  # only the gzip trailer is missing
    assert len(whole_content.papers) == 2
    assert "truncated" in [problem.code for problem in whole_content.problems]


def test_a_gzip_file_of_several_members_is_read_whole() -> None:
    import gzip

    text = (JSON_DIR / "daily_2025.json").read_bytes()
    half = text.index(b"},", len(text) // 2)
    members = gzip.compress(text[:half]) + gzip.compress(text[half:])  # cat a.gz b.gz
    listing = paperparse.parse(members)
    plain = paperparse.parse(text)
    assert (listing.papers, listing.problems) == (plain.papers, plain.problems)


def test_bytes_after_the_last_gzip_member_are_reported() -> None:
    import gzip

    text = (JSON_DIR / "daily_2025.json").read_bytes()
    listing = paperparse.parse(gzip.compress(text) + b"garbage after it")
    assert len(listing.papers) == 2
    (problem,) = [problem for problem in listing.problems if problem.code == "unparsed-block"]
    assert (problem.code, problem.raw) == ("unparsed-block", "garbage after it")
    assert "16 bytes after the last gzip member" in problem.message


def test_another_tools_snake_case_dump_of_the_hub_fields() -> None:
    listing = paperparse.parse(JSON_DIR / "scraper_snake_case.json")
    first, second = listing.papers
    assert (first.arxiv_id, first.authors, first.upvotes, first.comments) == (
        "2510.00003",
        ("Alan Turing", "Ada Lovelace"),
        43,
        2,
    )
    assert (first.published, first.submitted, first.submitted_by) == (
        dt.date(2025, 10, 2),
        dt.date(2025, 10, 3),
        "someone",
    )
    assert (first.github_repo, first.github_stars) == ("https://github.com/example/three", 1056)
    assert (second.abstract, second.upvotes, second.published) == (
        "Nothing optional here.",
        0,
        dt.date(2025, 10, 1),
    )
    # A name that is no string is reported where it is, and the other names kept.
    assert second.authors == ("Barbara Liskov",)
    assert [(p.code, p.location.path) for p in listing.problems] == [
        ("invalid-field", "/papers/1/authors/1")
    ]


@pytest.mark.parametrize(
    "document",
    [
        [{"title": "Buy milk", "done": False}, {"title": "Write the report", "done": True}],
        [{"title": "A post", "url": "https://example.org/post", "tags": ["news"]}],
        {"items": [{"title": "Buy milk"}], "version": 2},
        {"id": "todo-1", "title": "Buy milk"},
    ],
    ids=["to-do-list", "blog-feed", "wrapped-to-do-list", "one-to-do-item"],
)
def test_json_with_titles_but_nothing_of_a_paper_is_refused(document: object) -> None:
    with pytest.raises(ParseError, match="JSON that holds no papers"):
        paperparse.parse(json.dumps(document))
    with pytest.raises(ParseError, match="JSON that holds no papers"):
        paperparse.parse(json.dumps(document).encode())


@pytest.mark.parametrize(
    "item",
    [
        {"title": "T", "id": "2501.00001"},
        {"title": "T", "abstract": "What it does."},
        {"title": "T", "upvotes": 3},
        {"paper": {"title": "T"}},
        {"title": "T", "githubRepo": "https://gitlab.com/a/b"},
    ],
    ids=["an-id", "an-abstract", "a-count", "a-paper-object", "a-hub-key"],
)
def test_one_sign_of_a_paper_is_enough(item: dict[str, object]) -> None:
    (paper,) = paperparse.parse(json.dumps([item])).papers
    assert paper.title == "T"
