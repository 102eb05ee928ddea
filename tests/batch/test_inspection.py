"""inspect: each field with where it came from, values whole or cut with a marker."""

from __future__ import annotations

from pathlib import Path

import pytest

import paperparse
from paperparse._batch.inspection import describe
from paperparse._batch.inspection import field_origins
from paperparse._sources.loading import load

from ..conftest import FIXTURES


def _origins(path: Path) -> list[dict[str, str]]:
    listing = paperparse.parse(path)
    text = load(path).text
    return [
        {name: str(origin) for name, origin in found.items()}
        for found in field_origins(listing, text)
    ]


def test_a_text_cards_fields_come_from_their_own_lines() -> None:
    # search_firecrawl.md, first card: the count on line 22, the title's link on 24, the
    # abstract on 26, the organisation on 29, the date with its comment count on 33.
    first = _origins(FIXTURES / "text" / "search_firecrawl.md")[0]
    assert first["upvotes"] == "markdown line 22"
    assert first["title"] == "markdown line 24"
    assert first["abstract"] == "markdown line 26"
    assert first["organization"] == "markdown line 29"
    assert first["published"] == first["published_text"] == "markdown line 33"
    assert first["comments"] == "markdown line 33"
    assert first["code_links"] == "markdown line 26"  # printed in the abstract, no scheme
    assert first["url"] == "from arxiv_id"
    assert first["rank"] == "the paper's place on the page"


def test_a_json_items_fields_come_from_their_keys() -> None:
    first = _origins(FIXTURES / "json" / "daily_2025.json")[0]
    assert first["upvotes"] == "api-json /0/paper/upvotes"
    assert first["comments"] == "api-json /0/numComments"
    assert first["github_stars"] == "api-json /0/paper/githubStars"
    assert first["author_count"] == first["authors"] == "api-json /0/paper/authors"
    assert first["arxiv_id"] == "api-json /0/paper/id"
    # The title is in the item and in its paper: both are named.
    assert first["title"] == "api-json /0/paper/title (also /0/title)"


def test_a_json_lines_items_fields_name_their_line() -> None:
    first = _origins(FIXTURES / "json" / "daily_2025.jsonl")[0]
    assert first["upvotes"] == "api-json line 1 /paper/upvotes"


def test_an_html_pages_fields_come_from_its_embedded_json() -> None:
    first = _origins(FIXTURES / "html" / "daily_hydrated.html")[0]
    props = "hydration:DailyPapers /html/body/div/main/div[2]/@data-props/dailyPapers/0"
    assert first["abstract"] == f"{props}/paper/summary"
    assert first["upvotes"] == f"{props}/paper/upvotes"
    assert first["submitted"] == f"{props}/publishedAt"


def test_a_visible_cards_fields_come_from_its_elements_lines() -> None:
    # daily_stripped.html: the card opens on line 10; its upvote link on 14, its title on
    # 16, the author count on 17, the comment link on 19.
    first = _origins(FIXTURES / "html" / "daily_stripped.html")[0]
    assert first == {
        "title": "dom line 16",
        "arxiv_id": "dom line 14",
        "url": "from arxiv_id",
        "author_count": "dom line 17",
        "submitted_by": "dom line 11",
        "upvotes": "dom line 14",
        "comments": "dom line 19",
        "rank": "the paper's place on the page",
    }


def test_the_same_number_twice_is_shown_as_doubtful() -> None:
    page = "Daily Papers\nAug 1, 2024\n\nSubmitted by\nakhaliq\n3\nA Paper\n\u00b7\n3 authors\n"
    listing = paperparse.parse(page)
    (found,) = field_origins(listing, page)
    assert str(found["upvotes"]) == "text line 6 or line 9"
    assert str(found["author_count"]) == "text line 6 or line 9"


def test_without_the_document_every_field_has_the_papers_location() -> None:
    listing = paperparse.parse(FIXTURES / "text" / "seed_search.txt")
    first = field_origins(listing, None)[0]
    assert {str(origin) for origin in first.values()} == {"text lines 13-19 (card)"}


@pytest.mark.parametrize("full", [False, True])
def test_long_values_are_cut_with_a_marker_unless_full(full: bool) -> None:
    path = FIXTURES / "text" / "seed_search.txt"
    listing = paperparse.parse(path)
    abstract = listing.papers[0].abstract
    assert abstract is not None
    assert len(abstract) > 1000
    shown = describe(listing, full=full)
    if full:
        assert abstract in shown
        assert "--full shows all" not in shown
    else:
        assert abstract not in shown
        assert (
            f"{abstract[:100]}... (+{len(abstract) - 100:,} characters; --full shows all)" in shown
        )
