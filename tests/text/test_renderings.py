"""Text renderings: markdown, reader dumps, notebook exports, PDF text, paper-page copies."""

from __future__ import annotations

import datetime as dt

import pytest

import paperparse
from paperparse import Listing
from paperparse._text.rendering import render_lines

from ..conftest import FIXTURES

TEXT = FIXTURES / "text"


def parse(name: str, **options: dt.date) -> Listing:
    return paperparse.parse(TEXT / name, **options)


def test_firecrawl_search_markdown() -> None:
    listing = parse("search_firecrawl.md")
    assert (listing.kind, listing.query, listing.retrieved) == (
        "search",
        "graph pruning",
        dt.date(2026, 3, 15),
    )
    first, second, third = listing.papers
    assert first.title == "Pruning Graphs *Before* Training"  # escapes undone, not emphasis
    assert (first.upvotes, first.comments, first.organization) == (1056, 12, "Example Lab")
    assert (first.published, first.date_resolution) == (dt.date(2026, 2, 27), "retrieval-date")
    assert first.abstract is not None
    assert "within one point" in first.abstract  # the `\\` hard break became a space
    assert first.code_links == ("https://github.com/example-lab/graph-prune",)
    assert second.title == "A Second Paper With An Escaped Space"
    assert (second.upvotes, second.author_count) == (0, 2)
    assert third.title == "A Third Paper Linked By Reference"  # reference-style link
    assert (third.arxiv_id, third.upvotes, third.published) == (
        "2512.00003",
        7,
        dt.date(2025, 12, 30),  # after the retrieval day: the year before
    )
    assert third.links == ("https://example.org/data",)
    assert listing.problems == ()


def test_notebook_export_with_urls_on_their_own_lines() -> None:
    listing = parse("search_notebook_export.md")
    first, second = listing.papers
    assert (first.arxiv_id, first.upvotes, first.author_count) == ("2410.00001", 1, 2)
    assert (second.arxiv_id, second.upvotes, second.organization) == (
        "2510.00002",
        0,
        "Example Org",
    )
    assert second.comments == 4  # a count on its own line, linking to #community
    assert listing.page_date == dt.date(2026, 3, 25)


def test_research_agent_trending_with_duplicates_and_a_cut_tail() -> None:
    listing = parse("trending_research_agent.md")
    assert listing.kind == "trending"
    assert [paper.title for paper in listing.papers] == [
        "First Trending Paper: A Title",
        "Second Trending Paper",
    ]
    assert [problem.code for problem in listing.problems] == ["duplicate-card", "truncated"]
    truncated = listing.problems[1]
    assert truncated.raw.startswith("A Third Paper Cut Off")
    assert truncated.location.line == 33
    second = listing.papers[1]
    assert (second.github_stars, second.github_repo) == (476, "https://github.com/example/second")
    assert second.abstract is not None
    assert "runs over several lines; the parser must join" in second.abstract
    assert second.abstract.endswith("which is at https://second.example.org")


def test_paper_page_copy_paste() -> None:
    listing = parse("paper_copy.txt", reference_date=dt.date(2025, 10, 9))
    (paper,) = listing.papers
    assert listing.kind == "paper"
    assert paper.title == "A Hand-Made Paper About Copy and Paste"
    assert paper.authors == ("Ada Lovelace", "Grace Hopper", "Alan Turing")
    assert (paper.published, paper.submitted) == (dt.date(2025, 10, 6), dt.date(2025, 10, 7))
    assert (paper.submitted_by, paper.day_rank) == ("someuser", 3)
    assert paper.ai_summary == (
        "A one-line AI summary of the paper that the page shows above the abstract."
    )
    assert paper.abstract is not None
    assert paper.abstract.startswith("The abstract itself")
    assert paper.code_links == ("https://gitlab.com/example/copy-paste",)
    assert listing.problems == ()


def test_paper_page_without_year_evidence_reports_both_dates() -> None:
    listing = parse("paper_copy.txt")
    assert [problem.raw for problem in listing.problems] == ["Oct 6", "Oct 7"]
    assert listing.papers[0].published is None


def test_paper_page_printed_to_pdf() -> None:
    (paper,) = parse("paper_pdf.md").papers
    assert paper.title == "Hyphenated Wraps: How Printing a Paper Page to PDF Breaks Its Lines"
    assert paper.ai_summary == (
        "A summary that the PDF wrapped across lines and that mentions agent-specific "
        "memories in multi-agent systems."
    )
    assert paper.abstract is not None
    assert "Ask HuggingChat" not in paper.abstract
    assert paper.abstract.endswith("page break. It resumes on the next page and ends here.")
    assert (paper.upvotes, paper.github_stars, paper.author_count) == (14, 27, 4)
    assert (paper.submitted_by, paper.submitted) == ("Some Person", dt.date(2026, 2, 6))


def test_text_browser_dump() -> None:
    listing = parse("daily_text_browser.txt", reference_date=dt.date(2024, 8, 2))
    assert [(p.title[:10], p.upvotes, p.author_count, p.comments) for p in listing.papers] == [
        ("The Llama ", 94, 533, 5),
        ("MoMa: Effi", 0, 8, None),
    ]


@pytest.mark.parametrize(
    ("markdown", "text", "urls"),
    [
        pytest.param(
            "[Upvote\n\n117](https://x.org/a)",
            "Upvote 117",
            ("https://x.org/a",),
            id="link-over-lines",
        ),
        pytest.param(
            "May 29[6](https://h/p#community)",
            "May 29 6",
            ("https://h/p#community",),
            id="glued-count",
        ),
        pytest.param(
            "[![alt](https://img/x.png)Org](https://h/org)",
            "Org",
            ("https://h/org",),
            id="image-in-link",
        ),
        pytest.param(
            "### [Title](https://h/papers/1)", "Title", ("https://h/papers/1",), id="heading-link"
        ),
        pytest.param("a \\_b\\_ c\\", "a _b_ c", (), id="escapes-and-hard-break"),
        pytest.param("**bold** text", "bold text", (), id="emphasis"),
        pytest.param(
            "[[\u56fe\u7247\uff1a\u65e0] AK](https://h/ak)",
            "AK",
            ("https://h/ak",),
            id="image-placeholder",
        ),
        pytest.param(
            "[unclosed bracket and (parens)", "[unclosed bracket and (parens)", (), id="unclosed"
        ),
    ],
)
def test_render_lines(markdown: str, text: str, urls: tuple[str, ...]) -> None:
    (line,) = render_lines(markdown)[0]
    assert (line.text, line.urls) == (text, urls)


def test_front_matter_folded_values_and_line_numbers() -> None:
    lines, meta = render_lines("---\ntitle: A long\n  title\nurl: https://h/papers/1\n---\nBody\n")
    assert (meta.title, meta.url) == ("A long title", "https://h/papers/1")
    assert [(line.number, line.text) for line in lines] == [(6, "Body")]


def test_lone_dash_is_an_empty_item_in_markdown_but_a_count_in_text() -> None:
    assert render_lines("-\n", markdown=True)[0] == []
    assert [line.text for line in render_lines("-\n", markdown=False)[0]] == ["-"]


def test_markdown_of_an_archive_snapshot_takes_the_snapshot_date_as_evidence() -> None:
    page = (
        "---\n"
        "url: https://web.archive.org/web/20251107120000/https://huggingface.co/papers?q=herd\n"
        "---\n\n"
        "### [The Herd of Models](https://huggingface.co/papers/2407.21783)\n\n"
        "An abstract that runs long enough to be an abstract, as abstracts do.\n\n"
        "\u2022 3 authors\n\u00b7\nSep 28\n"
    )
    listing = paperparse.parse(page)
    assert (listing.kind, listing.query, listing.retrieved) == (
        "search",
        "herd",
        dt.date(2025, 11, 7),
    )
    (paper,) = listing.papers
    assert (paper.published, paper.date_resolution) == (dt.date(2025, 9, 28), "retrieval-date")


def test_html2text_rendering_of_a_daily_page() -> None:
    listing = parse("daily_html2text.md")
    # The header "Sep 28" sits between links to the days around it: their year is its year.
    assert (listing.kind, listing.page_date, listing.problems) == (
        "daily",
        dt.date(2026, 9, 28),
        (),
    )
    first, second = listing.papers  # the site's navigation and footer are not papers
    assert (first.arxiv_id, first.title) == (
        "2609.00001",
        "Regularizing Layer Fusion in Representation Autoencoders",
    )
    # "[ 12](/papers/ID) [ 2](/papers/ID#community)": stars and comments side by side.
    assert (first.upvotes, first.github_stars, first.comments) == (110, 12, 2)
    assert (first.organization, first.submitted_by) == ("Some Physical Intelligence Lab", "jdoe")
    assert second.title == "Compression Depth as the Signature of Hierarchical Structure"
    assert (second.arxiv_id, second.upvotes, second.author_count, second.comments) == (
        "2609.00002",
        0,
        1,
        1,
    )


def test_text_dump_with_one_box_per_line() -> None:
    listing = parse("trending_gettext.txt")
    assert listing.kind == "trending"
    (paper,) = listing.papers  # the card printed twice is one paper
    assert paper.title == "A Family of Foundation Models for Synchronized Video and Audio"
    # "Upvote" / "117" and "GitHub" / "131" in separate boxes are still the counts.
    assert (paper.upvotes, paper.github_stars, paper.organization) == (117, 131, "Some Lab")
    assert (paper.published, paper.submitted_by) == (dt.date(2026, 10, 4), "vvasilev")
    assert [problem.code for problem in listing.problems] == ["duplicate-card"]


def test_html2text_wrapped_at_78_columns() -> None:
    # html2text's default output: lines cut at hyphens inside URLs and titles, a heading
    # link over two lines, and metadata dates cut after "Published" and after "Oct 1,".
    listing = parse("trending_html2text_wrapped.md")
    assert (listing.kind, listing.problems) == ("trending", ())
    first, second = listing.papers
    assert first.title == (
        "Prospective Frame Selection with Future Tokens for Long-Horizon Video-Generation "
        "Benchmarks"
    )
    assert (first.arxiv_id, first.upvotes, first.github_stars) == ("2609.00011", 98, 26)
    assert (first.organization, first.published) == (
        "Some University of Somewhere",
        dt.date(2026, 9, 30),
    )
    assert first.code_links == ("https://github.com/example-org/frame-selector",)
    assert (second.arxiv_id, second.published, second.github_stars) == (
        "2609.00012",
        dt.date(2026, 10, 1),
        1200,
    )
    assert (second.organization, second.submitted_by) == ("Another Lab", "jroe")


def test_w3m_dump_with_bullets_and_image_placeholders() -> None:
    listing = parse("daily_w3m.txt", reference_date=dt.date(2024, 8, 2))
    assert (listing.page_date, listing.problems) == (dt.date(2024, 8, 1), ())
    first, second = listing.papers  # footer rows ("Models Datasets Spaces ...") are chrome
    assert (first.title, first.upvotes, first.author_count, first.comments) == (
        "The Herd of Models",
        94,
        533,
        5,
    )
    assert first.submitted_by == "akhaliq"  # not "[1674929746] akhaliq"
    assert (second.title, second.upvotes, second.author_count) == ("A Paper Nobody Upvoted", 0, 1)
    assert second.submitted_by == "nielsr"  # the avatar's alt text "[c_TpawdUaU]" is no user
    assert second.comments == 3  # the last count before the footer is the last card's


def test_lynx_dump_takes_its_links_from_the_reference_list() -> None:
    # "[10]The Herd of Models" in the page, "10. https://..." at its end; the dump starts
    # with "[1]Hugging Face", which is no JSON array.
    listing = parse("daily_lynx.txt", reference_date=dt.date(2024, 8, 2))
    assert (listing.input_format, listing.kind, listing.problems) == ("text", "unknown", ())
    first, second = listing.papers  # the reference list is no paper
    assert (first.arxiv_id, first.title, first.upvotes, first.comments) == (
        "2407.21783",
        "The Herd of Models",
        94,
        5,
    )
    assert (second.arxiv_id, second.submitted_by, second.upvotes) == ("2407.21705", "nielsr", 0)
    assert second.location.end_line == 37  # it ends before the reference list


def test_copy_of_a_newer_daily_page_without_links() -> None:
    # Newer cards show an organisation, then GitHub stars and comments side by side; a copy
    # without links prints them as "12 2".
    listing = parse("daily_2026_copy.txt", reference_date=dt.date(2026, 9, 29))
    assert (listing.page_date, listing.problems) == (dt.date(2026, 9, 28), ())
    first, second = listing.papers
    assert (first.upvotes, first.organization, first.github_stars, first.comments) == (
        110,
        "Some Physical Intelligence Lab",
        12,
        2,
    )
    assert (first.title, first.submitted_by) == (
        "Regularizing Layer Fusion in Representation Autoencoders",
        "jdoe",
    )
    assert (second.upvotes, second.organization, second.github_stars, second.comments) == (
        42,
        "Some University",
        1500,
        3,
    )


def test_a_long_abstract_line_ending_in_a_comma_runs_on() -> None:
    page = (
        "Daily Papers\n\nA Title For A Paper\n\n"
        "We study how backbones adapt to each input, and building on Nested Learning (NL),\n"
        "VisionNet realizes this through five coupled memories. It is simple.\n"
        "\u2022 3 authors\n\u00b7\nJan 2, 2024\n"
    )
    (paper,) = paperparse.parse(page).papers
    assert paper.title == "A Title For A Paper"
    assert paper.abstract is not None
    assert paper.abstract.startswith("We study how backbones")
    assert paper.abstract.endswith("It is simple.")


def test_reference_links_whose_text_spans_lines_and_holds_images() -> None:
    # A converter writing reference links: the avatar list and the author count are one
    # link's text, over several lines, with reference-style images in it.
    text = "\n".join(
        [
            "Submitted by ![][1] akhaliq",
            "",
            "[ 94][2]",
            "",
            "### [The Llama 3 Herd of Models][3]",
            "",
            "[",
            "",
            "  * ![][4]",
            "  * · 533 authors ",
            "",
            "][3] [ 5 ][5]",
            "",
            "   [1]: /avatars/a.svg",
            "   [2]: /login?next=%2Fpapers%2F2407.21783",
            "   [3]: /papers/2407.21783",
            "   [4]: /avatars/b.svg",
            "   [5]: /papers/2407.21783#community",
        ]
    )
    (paper,) = paperparse.parse(text).papers
    assert (paper.title, paper.arxiv_id) == ("The Llama 3 Herd of Models", "2407.21783")
    assert (paper.upvotes, paper.author_count, paper.comments) == (94, 533, 5)


PAPER_PAGE = """\
arxiv:2509.24002

{title_line}

Published on Sep 28, 2025

Authors: Zijian Wu, Lingjun Chen

Abstract

MCPMark is a benchmark for the use of tools by language model agents, with many tasks.
"""


@pytest.mark.parametrize(
    "title_line",
    [
        "#1 Paper of the day MCPMark: A Benchmark for Stress-Testing MCP Use",
        "MCPMark: A Benchmark for Stress-Testing MCP Use #1 Paper of the day",
        "MCPMark: A Benchmark for Stress-Testing MCP Use\n\n#1 Paper of the day",
    ],
    ids=["badge-first", "badge-last", "badge-alone"],
)
def test_a_badge_glued_to_a_title_stays_out_of_it(title_line: str) -> None:
    listing = paperparse.parse(PAPER_PAGE.format(title_line=title_line))
    (paper,) = listing.papers
    assert paper.title == "MCPMark: A Benchmark for Stress-Testing MCP Use"
    assert paper.day_rank == 1
    assert not listing.problems


def test_raw_html_a_clipper_left_in_markdown_is_markup() -> None:
    text = "\n".join(
        [
            "---",
            "meta-og:url: https://huggingface.co/papers/date/2024-08-01",
            "clipped: 2024-08-02",
            "source: web-clipper",
            "---",
            "",
            '<video src="https://cdn.example/clip.mp4" controls></video>',
            "",
            "Submitted by akhaliq",
            "",
            '<a href="/login?next=%2Fpapers%2F2407.21783"><div>94</div></a>',
            "",
            '<h3><a href="/papers/2407.21783">The Llama 3 Herd of Models</a></h3>',
            "",
            '<div><a href="/papers/2407.21783">· 533 authors</a></div>',
            "",
            '<a href="/papers/2407.21783#community"><img src="/c.svg"> 5</a>',
        ]
    )
    listing = paperparse.parse(text)
    (paper,) = listing.papers
    assert (paper.title, paper.arxiv_id) == ("The Llama 3 Herd of Models", "2407.21783")
    assert (paper.upvotes, paper.author_count, paper.comments) == (94, 533, 5)
    assert listing.url == "https://huggingface.co/papers/date/2024-08-01"
    assert listing.retrieved == dt.date(2024, 8, 2)  # the clip date, not a publication date
    assert listing.page_date == dt.date(2024, 8, 1)
    assert not listing.problems


@pytest.mark.parametrize(
    "tail",
    [
        "Kandinsky Lab · Published on Oct 4, 2026 Upvote 117 GitHub 110k arXiv Page",
        "Kandinsky Lab·Published on Oct 4, 2026 Upvote 117 GitHub110k arXiv Page",
        "Kandinsky Lab · Published on Oct 4, 2026 Upvote\n117\nGitHub 110k arXiv Page",
    ],
    ids=["spaced", "glued", "count-on-the-next-line"],
)
def test_a_cards_tail_on_one_line_is_read_piece_by_piece(tail: str) -> None:
    text = "\n".join(
        [
            "Trending Papers",
            "Submitted by vvasilev",
            "",
            "A Trending Paper",
            "",
            "Its abstract, which is long enough to read as the prose of a paper's abstract.",
            tail,
        ]
    )
    listing = paperparse.parse(text)
    (paper,) = listing.papers
    assert (paper.organization, paper.published) == ("Kandinsky Lab", dt.date(2026, 10, 4))
    assert (paper.upvotes, paper.github_stars) == (117, 110_000)
    assert not listing.problems


def test_an_author_list_that_lost_names_says_so() -> None:
    # A rendering that drops the names linking to a Hub account keeps their commas.
    authors = "Authors:\nZijian Wu ,\n,\n,\nLingjun Chen ,\n,\nArvin Xu"
    text = PAPER_PAGE.format(title_line="MCPMark: A Benchmark").replace(
        "Authors: Zijian Wu, Lingjun Chen", authors
    )
    listing = paperparse.parse(text)
    (paper,) = listing.papers
    assert paper.authors == ("Zijian Wu", "Lingjun Chen", "Arvin Xu")
    (problem,) = listing.problems
    assert problem.code == "incomplete-authors"
    assert "3 places with no name" in problem.message
