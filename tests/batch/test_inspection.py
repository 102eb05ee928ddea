"""inspect: each field with where it came from, values whole or cut with a marker.

Every line number and JSON pointer below was read off the fixture by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import paperparse
from paperparse._batch.inspection import describe, field_origins
from paperparse._sources.loading import load

from ..conftest import FIXTURES

PLACE = "from the paper's place on the page"
YEAR = "from published (how its year was found)"


def _origins(path: Path, index: int = 0) -> dict[str, str]:
    listing = paperparse.parse(path)
    found = field_origins(listing, load(path).text)
    return {name: str(origin) for name, origin in found[index].items()}


def _described(path: Path, *, full: bool = False) -> str:
    return describe(paperparse.parse(path), full=full, document=load(path).text)


# --- lines: the token the card assembler took each value from --------------------------


def test_a_text_listings_fields_come_from_their_own_lines() -> None:
    # seed_search.txt, paper 22: its title on line 181, its abstract on 183, "• 1 authors"
    # on 185, the dot on 186, then "Jul 19 1" on 187: the date and the comment count.
    # (No paper of this page shows an upvote count.)
    found = _origins(FIXTURES / "text" / "seed_search.txt", 21)
    assert found == {
        "title": "text line 181",
        "abstract": "text line 183",
        "author_count": "text line 185",
        "published": "text line 187",
        "published_text": "text line 187",
        "date_resolution": YEAR,
        "comments": "text line 187",
        "rank": PLACE,
    }


def test_describe_shows_each_field_with_its_origin() -> None:
    shown = _described(FIXTURES / "text" / "seed_search.txt")
    assert "#22 Flow Equivariant Recurrent Neural Networks\n    location: lines 181-187\n" in shown
    assert "    comments:        1  <- text line 187\n" in shown
    assert "    author_count:    1  <- text line 185\n" in shown
    assert f"    rank:            22  <- {PLACE}\n" in shown
    # Today's header lines are kept.
    assert shown.startswith(f"source:       {FIXTURES / 'text' / 'seed_search.txt'}\n")
    assert "format:       text\npage kind:    unknown\nlayers read:  text\n" in shown
    assert "papers:       45\nproblems:     1\n" in shown


def test_a_markdown_cards_fields_come_from_their_own_lines() -> None:
    # search_firecrawl.md, first card: the count on line 22, the title's link on 24, the
    # abstract on 26 (its link runs on to 27: the rendering numbers it by its first line),
    # the organisation on 29, the date with its comment count on 33.
    found = _origins(FIXTURES / "text" / "search_firecrawl.md")
    assert found["upvotes"] == "markdown line 22"
    assert found["arxiv_id"] == "markdown line 22"  # the upvote button links the paper
    assert found["title"] == "markdown line 24"
    assert found["abstract"] == "markdown line 26"
    assert found["organization"] == "markdown line 29"
    assert found["published"] == found["published_text"] == "markdown line 33"
    assert found["comments"] == "markdown line 33"
    assert found["code_links"] == "markdown line 26"  # printed in the abstract, no scheme
    assert found["url"] == "from arxiv_id"


def test_an_organisation_taken_back_from_the_texts_is_at_its_own_line() -> None:
    # daily_2026_copy.txt: "Some Physical Intelligence Lab" on line 13 reads as text until
    # "12 2" on line 14 makes it the card's organisation; the stars and comments are 14's.
    found = _origins(FIXTURES / "text" / "daily_2026_copy.txt")
    assert found["organization"] == "text line 13"
    assert found["github_stars"] == found["comments"] == "text line 14"
    assert found["submitted_by"] == "text line 8"
    assert found["upvotes"] == "text line 9"


def test_the_same_number_twice_is_told_apart_by_the_token_that_gave_it() -> None:
    page = "Daily Papers\nAug 1, 2024\n\nSubmitted by\nakhaliq\n3\nA Paper\n\u00b7\n3 authors\n"
    listing = paperparse.parse(page)
    (found,) = field_origins(listing, page)
    assert str(found["submitted_by"]) == "text line 5"
    assert str(found["upvotes"]) == "text line 6"
    assert str(found["title"]) == "text line 7"
    assert str(found["author_count"]) == "text line 9"


def test_a_visible_cards_fields_come_from_its_elements_lines() -> None:
    # daily_stripped.html: the card opens on line 10; its submitter on 11, its upvote link
    # on 14, its title on 16, the author count on 17, the comment link on 19.
    found = _origins(FIXTURES / "html" / "daily_stripped.html")
    assert found == {
        "title": "dom line 16",
        "arxiv_id": "dom line 14",
        "url": "from arxiv_id",
        "author_count": "dom line 17",
        "submitted_by": "dom line 11",
        "upvotes": "dom line 14",
        "comments": "dom line 19",
        "rank": PLACE,
    }
    shown = _described(FIXTURES / "html" / "daily_stripped.html")
    assert "    location: line 10 (/html/body/div/main/div[2]/section/div[2]/article[1])\n" in shown


def test_a_paper_pages_fields_come_from_the_tokens_of_their_kind() -> None:
    # paper_copy.txt: "#3 Paper of the day" on line 7 is the day rank, not the three
    # authors (lines 11 to 15), whose count is made from their names.
    found = _origins(FIXTURES / "text" / "paper_copy.txt")
    assert found["day_rank"] == "text line 7"
    assert found["authors"] == "text lines 11-15"
    assert found["author_count"] == "from authors (how many)"
    assert found["published_text"] == "text line 3"
    assert found["submitted_by"] == "text line 5"
    assert found["ai_summary"] == "text line 17"
    assert found["abstract"] == found["code_links"] == "text line 19"


# --- JSON: the keys the Hub mapper read each value from ----------------------------------


def test_a_json_items_fields_come_from_their_keys() -> None:
    found = _origins(FIXTURES / "json" / "daily_2025.json")
    assert found["upvotes"] == "api-json /0/paper/upvotes"
    assert found["comments"] == "api-json /0/numComments"
    assert found["github_stars"] == "api-json /0/paper/githubStars"
    assert found["author_count"] == found["authors"] == "api-json /0/paper/authors"
    assert found["arxiv_id"] == "api-json /0/paper/id"
    assert found["submitted_by"] == "api-json /0/paper/submittedOnDailyBy"
    assert found["thumbnail"] == "api-json /0/thumbnail"
    # The title is in the item and in its paper: the mapper reads the paper's, only.
    assert found["title"] == "api-json /0/paper/title"
    # The project page's address is in the abstract as well: either key alone gives it.
    assert found["links"] == "api-json /0/paper/summary or /0/paper/projectPage"
    assert found["url"] == "from arxiv_id"
    assert found["date_resolution"] == YEAR


def test_each_pointer_names_the_value_it_points_at() -> None:
    path = FIXTURES / "json" / "daily_2025.json"
    listing = paperparse.parse(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    (first, *_) = field_origins(listing, load(path).text)
    pointer = first["github_stars"].where
    value = document
    for key in pointer.split("/")[1:]:
        value = value[int(key)] if isinstance(value, list) else value[key]
    assert value == listing.papers[0].github_stars == 1056


def test_keys_of_other_tools_are_named_as_saved() -> None:
    found = _origins(FIXTURES / "json" / "other_tools.json")
    assert found["upvotes"] == "api-json /items/0/likes"
    assert found["comments"] == "api-json /items/0/num_comments"
    assert found["github_repo"] == "api-json /items/0/github"


def test_a_bare_paper_objects_keys_are_at_the_documents_root() -> None:
    found = _origins(FIXTURES / "json" / "paper.json")
    assert found["upvotes"] == "api-json /upvotes"
    assert found["day_rank"] == "api-json /dailyPaperRank"
    shown = _described(FIXTURES / "json" / "paper.json")
    assert "    location: the document itself\n" in shown


def test_a_json_lines_items_fields_name_their_line() -> None:
    found = _origins(FIXTURES / "json" / "daily_2025.jsonl")
    assert found["upvotes"] == "api-json line 1 /paper/upvotes"
    assert _origins(FIXTURES / "json" / "daily_2025.jsonl", 1)["title"] == (
        "api-json line 4 /paper/title"
    )


def test_an_html_pages_fields_come_from_its_embedded_json() -> None:
    found = _origins(FIXTURES / "html" / "daily_hydrated.html")
    props = "hydration:DailyPapers /html/body/div/main/div[2]/@data-props/dailyPapers/0"
    assert found["abstract"] == f"{props}/paper/summary"
    assert found["upvotes"] == f"{props}/paper/upvotes"
    assert found["comments"] == f"{props}/numComments"
    assert found["submitted"] == f"{props}/publishedAt"  # the moment it joined the list
    assert found["submitted_by"] == f"{props}/submittedBy"
    shown = _described(FIXTURES / "html" / "daily_hydrated.html")
    assert f"    upvotes:         94  <- {props}/paper/upvotes\n" in shown


def test_a_paper_pages_props_beside_its_paper_are_named() -> None:
    # PaperContent's props hold the paper, and beside it the comments and the day's rank.
    found = _origins(FIXTURES / "html" / "paper_prettified.html")
    props = "hydration:PaperContent /html/body/main/div/@data-props"
    assert found["upvotes"] == f"{props}/paper/upvotes"
    assert found["comments"] == f"{props}/comments"
    assert found["day_rank"] == f"{props}/dailyPaperRank"


def test_a_json_document_cut_off_names_the_keys_of_its_complete_items() -> None:
    # The parser salvages the complete first item of a response cut inside its second;
    # the item is found again in the same complete part.
    text = (FIXTURES / "json" / "daily_2025.json").read_text(encoding="utf-8")
    cut = text[: text.index('"Only The Required Keys"')]
    listing = paperparse.parse(cut)
    assert "truncated" in [problem.code for problem in listing.problems]
    (found,) = field_origins(listing, cut)
    assert str(found["upvotes"]) == "api-json /0/paper/upvotes"


def test_a_salvaged_embedded_item_is_named_whole() -> None:
    # daily_truncated.html: the props are cut off mid-JSON; the parser salvaged the first
    # item from the raw text, and no key of it can be pointed at.
    found = _origins(FIXTURES / "html" / "daily_truncated.html")
    item = "//*[@data-target='DailyPapers']/@data-props/dailyPapers/0"
    assert found["upvotes"] == f"hydration:DailyPapers {item} (item)"
    assert found["url"] == "from arxiv_id"


# --- without the document, and exports -----------------------------------------------------


def test_without_the_document_every_field_has_the_papers_location() -> None:
    listing = paperparse.parse(FIXTURES / "text" / "seed_search.txt")
    first = field_origins(listing, None)[0]
    assert {name: str(origin) for name, origin in first.items()} == {
        "title": "text lines 13-19 (card)",
        "abstract": "text lines 13-19 (card)",
        "author_count": "text lines 13-19 (card)",
        "published": "text lines 13-19 (card)",
        "published_text": "text lines 13-19 (card)",
        "date_resolution": YEAR,
        "rank": PLACE,
    }


def test_without_the_document_a_json_items_fields_are_at_the_item() -> None:
    listing = paperparse.parse(FIXTURES / "json" / "daily_2025.json")
    first = field_origins(listing, None)[0]
    assert str(first["upvotes"]) == "api-json /0 (item)"
    assert str(first["url"]) == "from arxiv_id"


def test_another_document_than_the_listings_pins_nothing() -> None:
    listing = paperparse.parse(FIXTURES / "json" / "daily_2025.json")
    found = field_origins(listing, "not JSON at all")[0]
    assert str(found["upvotes"]) == "api-json /0 (item)"


def test_an_export_read_back_says_its_origins_were_not_exported() -> None:
    original = paperparse.parse(FIXTURES / "text" / "seed_search.txt")
    exported = json.dumps(original.to_dict())
    listing = paperparse.parse(exported)
    found = field_origins(listing, exported)[0]
    assert {str(origin) for origin in found.values()} == {"paperparse-json (the exported record)"}


# --- cutting -------------------------------------------------------------------------------


@pytest.mark.parametrize("full", [False, True])
def test_long_values_are_cut_with_a_marker_unless_full(full: bool) -> None:
    path = FIXTURES / "text" / "seed_search.txt"
    listing = paperparse.parse(path)
    abstract = listing.papers[0].abstract
    assert abstract is not None
    assert len(abstract) == 1553
    shown = _described(path, full=full)
    if full:
        assert f"    abstract:        {abstract}  <- text line 15\n" in shown
        assert "--full shows all" not in shown
    else:
        assert abstract not in shown
        cut = f"{abstract[:100]}\u2026 (+1,453 characters; --full shows all)"
        assert f"    abstract:        {cut}  <- text line 15\n" in shown


def test_a_value_of_exactly_the_width_is_not_cut() -> None:
    title = "A" * 100
    page = f"Daily Papers\nAug 1, 2024\n\n{title}\n\u00b7\n3 authors\n"
    shown = describe(paperparse.parse(page), document=page)
    assert f"#1 {title}\n" in shown
    assert f"    title:           {title}  <- text line 4\n" in shown


@pytest.mark.parametrize("full", [False, True])
def test_a_long_title_is_cut_in_its_papers_heading_too(full: bool) -> None:
    title = "A Title " * 20  # 160 characters, stripped to 159
    page = f"Daily Papers\nAug 1, 2024\n\n{title}\n\u00b7\n3 authors\n"
    shown = describe(paperparse.parse(page), full=full, document=page)
    heading = next(line for line in shown.splitlines() if line.startswith("#1 "))
    if full:
        assert heading == f"#1 {title.strip()}"
    else:
        assert heading == f"#1 {title[:100]}\u2026 (+59 characters; --full shows all)"


@pytest.mark.parametrize("full", [False, True])
def test_a_problems_raw_text_is_cut_at_120_unless_full(full: bool) -> None:
    line = "x" * 200
    page = f"Daily Papers\nAug 1, 2024\n\nA Paper\n\u00b7\n3 authors\n\n{line}\n"
    listing = paperparse.parse(page)
    assert [problem.raw for problem in listing.problems] == [line]
    shown = describe(listing, full=full, document=page)
    if full:
        assert f"      raw: {line}\n" in shown
    else:
        assert f"      raw: {'x' * 120}\u2026 (+80 characters; --full shows all)\n" in shown
