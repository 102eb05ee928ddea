"""HTML input: both layers, every page kind, damaged and re-serialized pages."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import paperparse
from paperparse import Location, ParseError

from ..conftest import FIXTURES

HTML = FIXTURES / "html"


def rows(listing: paperparse.Listing) -> list[tuple[object, ...]]:
    return [(p.arxiv_id, p.upvotes, p.author_count, p.comments) for p in listing.papers]


def test_hydration_json_is_read_first() -> None:
    listing = paperparse.parse(HTML / "daily_hydrated.html")
    assert (listing.kind, listing.input_format, listing.page_date) == (
        "daily",
        "html",
        dt.date(2024, 8, 1),
    )
    assert listing.url == "https://huggingface.co/papers?date=2024-08-01"
    assert rows(listing) == [("2407.21783", 94, 3, 5), ("2407.21705", 0, 1, 0)]
    first = listing.papers[0]
    assert first.abstract == "An abstract with <angle brackets> & ampersands."
    assert first.authors == ("Ada Lovelace", "Grace Hopper", "Alan Turing")
    assert (first.published, first.submitted) == (dt.date(2024, 7, 31), dt.date(2024, 8, 1))
    assert first.thumbnail is not None
    assert first.location.path is not None
    assert first.location.path.endswith("/@data-props/dailyPapers/0")
    assert listing.problems == ()


def test_without_hydration_the_visible_cards_give_the_same_counts() -> None:
    stripped = paperparse.parse(HTML / "daily_stripped.html", reference_date=dt.date(2024, 8, 2))
    hydrated = paperparse.parse(HTML / "daily_hydrated.html")
    assert [row[:3] for row in rows(stripped)] == [row[:3] for row in rows(hydrated)]
    assert stripped.papers[0].comments == 5
    assert stripped.papers[1].comments is None  # a card shows no comment link at zero
    assert [p.title for p in stripped.papers] == [p.title for p in hydrated.papers]
    assert stripped.papers[0].submitted_by == "akhaliq"
    assert stripped.page_date == dt.date(2024, 8, 1)  # the URL's date
    assert [problem.code for problem in stripped.problems] == ["bad-hydration-json"]


def unplaced(listing: paperparse.Listing) -> list[paperparse.Paper]:
    """The papers without where they sit: a wrapped copy moves them, nothing else."""
    return [attrs.evolve(paper, location=Location()) for paper in listing.papers]


def test_archive_snapshot_reads_like_the_page_it_archived() -> None:
    snapshot = paperparse.parse(HTML / "daily_wayback.html")
    original = paperparse.parse(HTML / "daily_stripped.html")
    # The same papers; only where they sit moved (the toolbar comes first).
    assert unplaced(snapshot) == unplaced(original)
    assert (snapshot.kind, snapshot.retrieved) == ("daily", dt.date(2024, 8, 2))
    # The URL names no date; the header's year-less "Aug 1" takes the snapshot's year.
    assert snapshot.page_date == dt.date(2024, 8, 1)
    assert (
        snapshot.url == "https://web.archive.org/web/20240802031522/https://huggingface.co/papers"
    )


def test_web_archive_opens_to_its_page() -> None:
    archive = paperparse.parse(HTML / "daily_hydrated.mhtml")
    page = paperparse.parse(HTML / "daily_hydrated.html")
    assert unplaced(archive) == unplaced(page)
    assert (archive.input_format, archive.kind, archive.page_date) == (
        "mhtml",
        "daily",
        dt.date(2024, 8, 1),
    )
    # The saved copy lacks og:url: the archive's headers say where and when it was saved.
    assert archive.url == "https://huggingface.co/papers?date=2024-08-01"
    assert archive.retrieved == dt.date(2024, 8, 2)
    assert archive.problems == ()
    assert paperparse.parse((HTML / "daily_hydrated.mhtml").read_text()).papers == archive.papers


def test_web_archive_without_a_page_is_a_parse_error() -> None:
    archive = (
        "From: <Saved by Blink>\nMIME-Version: 1.0\n"
        'Content-Type: multipart/related; boundary="b"\n\n'
        "--b\nContent-Type: text/css\n\n.x { }\n--b--\n"
    )
    with pytest.raises(ParseError, match="web archive"):
        paperparse.parse(archive)


def test_layers_that_disagree_keep_the_json_and_say_so() -> None:
    listing = paperparse.parse(HTML / "daily_mismatch.html")
    assert listing.papers[0].upvotes == 94
    (problem,) = listing.problems
    assert problem.code == "layer-mismatch"
    assert problem.raw == "upvotes: json=94 page=95"


def test_document_cut_inside_the_json_keeps_every_complete_item() -> None:
    listing = paperparse.parse(HTML / "daily_truncated.html")
    assert [paper.arxiv_id for paper in listing.papers] == ["2407.21783"]
    (problem,) = listing.problems
    assert problem.code == "truncated"
    assert problem.raw.startswith('{"paper": {"id": "2407.21705"')


def test_document_cut_inside_a_card_keeps_the_json() -> None:
    listing = paperparse.parse(HTML / "daily_truncated_cards.html")
    assert rows(listing) == [("2407.21783", 94, 3, 5), ("2407.21705", 0, 1, 0)]


def test_prettified_paper_page_with_single_quoted_props() -> None:
    listing = paperparse.parse(HTML / "paper_prettified.html")
    (paper,) = listing.papers
    assert listing.kind == "paper"
    assert paper.title == "A Benchmark for Stress-Testing Realistic MCP Use"
    assert paper.abstract == 'An abstract that says it\'s "quoted" & more.'
    assert (paper.arxiv_id, paper.upvotes, paper.day_rank, paper.comments) == (
        "2509.24002",
        118,
        1,
        2,
    )
    assert (paper.github_repo, paper.github_stars) == ("https://github.com/eval-sys/mcpmark", 182)
    assert paper.project_page == "https://mcpmark.ai/"
    assert paper.ai_summary == "A one-line summary."
    assert paper.authors == ("Zijian Wu", "Xiangyan Liu")
    assert listing.problems == ()


def test_paper_page_without_props_reads_the_visible_page() -> None:
    listing = paperparse.parse(HTML / "paper_stripped.html", reference_date=dt.date(2025, 10, 2))
    (paper,) = listing.papers
    assert paper.title == "A Benchmark for Stress-Testing Realistic MCP Use"
    assert (paper.upvotes, paper.day_rank, paper.github_stars) == (118, 1, 182)
    assert (paper.published, paper.submitted) == (dt.date(2025, 9, 28), dt.date(2025, 10, 1))
    assert paper.authors == ("Zijian Wu", "Xiangyan Liu")
    assert paper.ai_summary == "A one-line summary."
    assert paper.abstract == 'An abstract that says it\'s "quoted" & more.'


def test_trending_page_with_cards_laid_out_twice() -> None:
    listing = paperparse.parse(HTML / "trending.html")
    (paper,) = listing.papers
    assert listing.kind == "trending"
    assert (paper.upvotes, paper.github_stars, paper.organization) == (117, 109983, "Kandinsky Lab")
    assert listing.problems == ()  # "110k" on the page shows 109,983


def test_search_page_from_props() -> None:
    listing = paperparse.parse(HTML / "search_props.html")
    assert (listing.kind, listing.query) == ("search", "herd")


def test_declared_charset_is_honoured() -> None:
    data = (HTML / "daily_cp1252.html").read_bytes()
    assert b"Caf\xe9 \x96 A Title" in data
    (paper,) = paperparse.parse(data).papers
    assert paper.title == "Caf\u00e9 \u2013 A Title In Windows-1252"


def test_declared_charset_is_no_guess_and_an_undeclared_one_is() -> None:
    data = (HTML / "daily_cp1252.html").read_bytes()
    assert "encoding-guessed" not in [problem.code for problem in paperparse.parse(data).problems]
    undeclared = data.replace(b"; charset=windows-1252", b"")
    listing = paperparse.parse(undeclared)
    (paper,) = listing.papers
    assert paper.title == "Caf\u00e9 \u2013 A Title In Windows-1252"  # the fallback was right
    (problem,) = [problem for problem in listing.problems if problem.code == "encoding-guessed"]
    first_line = undeclared[: undeclared.index(b"Caf\xe9")].count(b"\n") + 1
    assert problem.location.line == first_line
    assert "Caf\\xe9 \\x96 A Title" in problem.raw
    with pytest.raises(ParseError, match="encoding-guessed"):
        paperparse.parse(undeclared, strict=True)


def test_utf8_page_mislabelled_as_latin1_still_decodes() -> None:
    page = (HTML / "daily_hydrated.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    page = page.replace("The Herd of Models", "The Herd of Mod\u00e8ls")
    titles = [paper.title for paper in paperparse.parse(page.encode("utf-8")).papers]
    assert titles[0] == "The Herd of Mod\u00e8ls"


@pytest.mark.parametrize(
    "document",
    [
        "<html><body><p>Just a blog post.</p></body></html>",
        "<!doctype html><html><head><title>Models</title></head><body></body></html>",
    ],
    ids=["blog-post", "empty-body"],
)
def test_html_without_papers_is_a_parse_error(document: str) -> None:
    with pytest.raises(ParseError, match="not a Hugging Face papers page"):
        paperparse.parse(document)


def test_entities_and_external_references_are_not_expanded(tmp_path: object) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        "<html><body><main><article><h3><a href='/papers/2401.00001'>&c; &ext;</a></h3>"
        "<div>\u00b7 2 authors</div></article></main></body></html>"
    )
    listing = paperparse.parse(bomb)
    (paper,) = listing.papers
    assert "root:" not in paper.title
    assert len(paper.title) < 100


def test_deeply_nested_markup_does_not_recurse() -> None:
    document = "<html><body><main>" + "<div>" * 100_000 + "text" + "</div>" * 100_000
    document += "<article><h3><a href='/papers/2401.00001'>A title</a></h3><div>· 2 authors</div>"
    document += "</article></main></body></html>"
    try:
        listing = paperparse.parse(document)
    except ParseError:
        return  # refusing is fine; crashing is not
    assert len(listing.papers) <= 1


def test_date_header_takes_its_year_from_the_day_links_around_it() -> None:
    page = (HTML / "daily_stripped.html").read_text(encoding="utf-8")
    page = page.replace(
        "https://huggingface.co/papers?date=2024-08-01", "https://huggingface.co/papers"
    )
    undated = paperparse.parse(page)
    assert (undated.page_date, [p.code for p in undated.problems]) == (
        None,
        ["bad-hydration-json", "unresolved-year"],
    )
    arrows = '<a href="/papers?date=2024-07-31"><svg></svg></a><div><span>Aug</span>'
    linked = paperparse.parse(page.replace("<div><span>Aug</span>", arrows))
    assert (linked.kind, linked.page_date) == ("daily", dt.date(2024, 8, 1))
    assert [p.code for p in linked.problems] == ["bad-hydration-json"]


def test_props_attribute_without_its_data_prefix_is_read() -> None:
    # Pandoc converting a saved page to markdown keeps the hydration element as raw HTML,
    # but writes its data-props attribute as props.
    page = (HTML / "daily_hydrated.html").read_text(encoding="utf-8")
    converted = paperparse.parse(page.replace("data-props=", "props="))
    original = paperparse.parse(page)
    assert converted.papers == original.papers
    assert converted.layers[0] == "hydration:DailyPapers"


def test_safari_webarchive_opens_to_its_page() -> None:
    archive = paperparse.parse(HTML / "daily_hydrated.webarchive")
    page = paperparse.parse(HTML / "daily_hydrated.html")
    assert unplaced(archive) == unplaced(page)
    # The saved page lacks og:url; the archive's main resource records where it came from.
    assert (archive.input_format, archive.url, archive.page_date) == (
        "webarchive",
        "https://huggingface.co/papers?date=2024-08-01",
        dt.date(2024, 8, 1),
    )


def test_broken_webarchive_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="web archive"):
        paperparse.parse(b"bplist00" + b"\x00" * 40)
