"""Text stage: the seed listing and the layouts a browser copy of a listing produces."""

from __future__ import annotations

import datetime as dt

import pytest

import paperparse
from paperparse import Listing, Paper, ParseError

from ..conftest import FIXTURES

SEED = FIXTURES / "text" / "seed_search.txt"
DAILY_COPY = FIXTURES / "text" / "daily_copy.txt"


@pytest.fixture(scope="module")
def seed() -> Listing:
    return paperparse.parse(SEED.read_text(encoding="utf-8"))


def by_title(listing: Listing, prefix: str) -> Paper:
    (paper,) = [paper for paper in listing.papers if paper.title.startswith(prefix)]
    return paper


def test_seed_has_45_papers_in_page_order(seed: Listing) -> None:
    assert len(seed.papers) == 45
    assert seed.papers[0].title == (
        "Enhancing Image Rescaling using Dual Latent Variables in Invertible Neural Network"
    )
    assert seed.papers[-1].title == "Scale Mixtures of Neural Network Gaussian Processes"
    assert [paper.rank for paper in seed.papers] == list(range(1, 46))
    assert seed.input_format == "text"


def test_seed_page_chrome_is_not_a_paper(seed: Listing) -> None:
    titles = {paper.title for paper in seed.papers}
    assert not titles & {"new", "Subscribe", "Daily Papers", "Nov 6"}
    assert seed.page_date == dt.date(2025, 11, 6)


def test_seed_first_paper_fields(seed: Listing) -> None:
    paper = seed.papers[0]
    assert paper.abstract is not None
    assert paper.abstract.startswith("Normalizing flow models have been used successfully")
    assert paper.abstract.endswith("applications like image hiding.")
    assert paper.author_count == 4
    assert paper.authors == ()
    assert paper.published == dt.date(2022, 7, 24)
    assert paper.published_text == "Jul 24, 2022"
    assert paper.date_resolution == "explicit"
    assert paper.upvotes is None  # the seed's copy dropped the upvote widget
    assert paper.comments is None
    assert paper.location.line == 13


def test_seed_glued_numbers_are_comment_counts(seed: Listing) -> None:
    flow = by_title(seed, "Flow Equivariant Recurrent Neural Networks")
    assert (flow.published_text, flow.comments, flow.upvotes) == ("Jul 19", 1, None)
    collapse = by_title(seed, "Neural Metamorphosis")
    assert (collapse.published, collapse.comments) == (dt.date(2024, 10, 10), 3)
    assert sum(paper.comments is not None for paper in seed.papers) == 2


def test_seed_yearless_dates_inferred_from_page_years(seed: Listing) -> None:
    paper = by_title(seed, "The Impossibility of Inverse Permutation Learning")
    assert paper.published == dt.date(2025, 9, 28)
    assert paper.date_resolution == "page-years"
    yearless = [paper for paper in seed.papers if paper.date_resolution == "page-years"]
    assert [paper.published_text for paper in yearless] == [
        "Sep 28",
        "Jun 12",
        "Jul 19",
        "May 24",
        "Feb 23",
    ]


def test_seed_yearless_dates_with_reference_date() -> None:
    listing = paperparse.parse(SEED, reference_date=dt.date(2025, 11, 6))
    paper = by_title(listing, "The Impossibility of Inverse Permutation Learning")
    assert paper.published == dt.date(2025, 9, 28)
    assert paper.date_resolution == "reference-date"
    assert listing.page_date == dt.date(2025, 11, 6)
    assert listing.source == str(SEED)


def test_seed_entry_without_metadata_is_kept_with_a_problem(seed: Listing) -> None:
    lost = by_title(seed, "Rethinking the shape convention of an MLP")
    assert lost.author_count is None
    assert lost.published is None
    assert lost.abstract is not None
    assert lost.abstract.startswith("Multi-layer perceptrons (MLPs) conventionally follow")
    (problem,) = seed.problems
    assert problem.code == "missing-metadata"
    assert problem.location.line == lost.location.line == 309
    following = by_title(seed, "Learned feature representations are biased")
    assert following.author_count == 3
    assert following.published == dt.date(2024, 5, 9)
    assert following.abstract is not None
    assert following.abstract.startswith("Representation learning, and interpreting")


def test_seed_code_links_are_exact(seed: Listing) -> None:
    links = [link for paper in seed.papers for link in paper.code_links]
    assert links == [
        "https://github.com/ChenWu98/Generative-Visual-Prompt",
        "https://github.com/shoaib-sami/HF-Diff",
        "https://github.com/Guaishou74851/IDM",
        "https://github.com/edmav4/BiPer",
        "https://github.com/neuraloperator/NNs-to-NOs",
        "https://github.com/huawei-noah/ghostnet/tree/master/tinynet_pytorch",
        "https://gitee.com/mindspore/mindspore/tree/master/model_zoo/research/cv/tinynet",
        "https://github.com/taufeeque9/codebook-features",
        "https://github.com/shlomenu/symbolically_synthesized_networks",
        "https://github.com/megvii-research/RevCol",
        "https://github.com/naver-ai/PfLayer",
    ]


def test_seed_author_counts(seed: Listing) -> None:
    counts = [paper.author_count for paper in seed.papers]
    assert counts[:6] == [4, 5, 4, 4, 8, 3]
    assert counts.count(None) == 1
    assert by_title(seed, "Symbolic Synthesis of Neural Networks").author_count == 1


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="windows-line-ends"),
        pytest.param(lambda text: text.replace("\n", "\n\n\n"), id="stray-blank-lines"),
        pytest.param(lambda text: text.replace(" authors", "\u00a0authors"), id="nbsp"),
        pytest.param(lambda text: text.replace("  \u2022", "\t\u2022"), id="tabs"),
        pytest.param(lambda text: "\ufeff" + text, id="bom"),
    ],
)
def test_whitespace_variants_do_not_change_the_result(seed: Listing, mangle: object) -> None:
    assert callable(mangle)
    mangled = paperparse.parse(mangle(SEED.read_text(encoding="utf-8")))
    strip = [paper.to_dict() | {"location": None} for paper in mangled.papers]
    assert strip == [paper.to_dict() | {"location": None} for paper in seed.papers]


def test_daily_copy_layout() -> None:
    listing = paperparse.parse(DAILY_COPY, reference_date=dt.date(2024, 8, 2))
    assert listing.page_date == dt.date(2024, 8, 1)
    rows = [
        (paper.title[:24], paper.submitted_by, paper.upvotes, paper.author_count, paper.comments)
        for paper in listing.papers
    ]
    assert rows == [
        ("The Llama 3 Herd of Mode", "akhaliq", 94, 533, 5),
        ("Tora: Trajectory-oriente", "akhaliq", 24, 5, 2),
        ("MoMa: Efficient Early-Fu", "VictoriaLinML", 0, 8, None),
        ("A paper nobody has comme", "nielsr", 0, 1, None),
    ]
    assert listing.problems == ()


def test_daily_copy_without_reference_reports_the_unresolved_page_date() -> None:
    listing = paperparse.parse(DAILY_COPY)
    assert listing.page_date is None
    assert [problem.code for problem in listing.problems] == ["unresolved-year"]
    assert listing.problems[0].raw == "Aug 1"


def test_upvote_counts_before_titles_without_submitter() -> None:
    text = "\n".join(
        [
            "Trending Papers",
            "117",
            "First paper title",
            "\u00b7 3 authors",
            "4",
            "-",
            "Second paper title",
            "\u00b7 2 authors",
            "12",
            "Third paper title",
            "\u00b7 1 author",
        ]
    )
    listing = paperparse.parse(text)
    assert listing.kind == "trending"
    assert [(p.title, p.upvotes, p.comments) for p in listing.papers] == [
        ("First paper title", 117, 4),
        ("Second paper title", 0, None),
        ("Third paper title", 12, None),
    ]


def test_organisation_in_place_of_authors() -> None:
    text = "A title\nAn abstract that is short.\nOCC\n\u00b7\nMay 29 6\n"
    (paper,) = paperparse.parse(text, reference_date=dt.date(2026, 10, 2)).papers
    assert (paper.organization, paper.author_count) == ("OCC", None)
    assert (paper.published, paper.comments) == (dt.date(2026, 5, 29), 6)


def test_yearless_date_after_the_reference_day_is_last_year() -> None:
    text = "A title\nAn abstract.\n\u2022 2 authors\n\u00b7\nDec 30\n"
    (paper,) = paperparse.parse(text, reference_date=dt.date(2026, 1, 5)).papers
    assert paper.published == dt.date(2025, 12, 30)


def test_yearless_date_without_any_evidence_is_a_problem() -> None:
    text = "A title\nAn abstract.\n\u2022 2 authors\n\u00b7\nDec 30\n"
    listing = paperparse.parse(text)
    (paper,) = listing.papers
    assert (paper.published, paper.published_text) == (None, "Dec 30")
    assert [problem.code for problem in listing.problems] == ["unresolved-year"]


def test_metadata_without_title_is_an_unparsed_block() -> None:
    text = "Title one\nAbstract one.\n\u2022 2 authors\n\u00b7\nJan 2, 2024\n\u2022 3 authors\n"
    listing = paperparse.parse(text)
    assert [paper.title for paper in listing.papers] == ["Title one"]
    assert [problem.code for problem in listing.problems] == ["unparsed-block"]
    assert listing.problems[0].location.line == 6


def test_seed_titles_and_abstracts_are_exact_lines_of_the_page(seed: Listing) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    for paper in seed.papers:
        assert paper.location.line is not None
        assert lines[paper.location.line - 1] == paper.title
        assert paper.abstract is not None
        assert paper.abstract in lines


@pytest.mark.parametrize(
    "document",
    [
        "Just a note.\nNothing here is a paper.\n",
        # A table whose long notes column quotes card pieces: prose, not a card.
        "path\tkind\tnotes\n"
        + (
            "a.txt\tpaper\t" + "Notes on the copy. " * 15 + "Layout: 'Published on Sep 28' "
            "\u00b7 Submitted by Jane on Feb 6', 'Upvote 14', 'Authors: a, b' on one line.\n"
        )
        * 2,
    ],
)
def test_text_that_is_no_papers_page_is_a_parse_error(document: str) -> None:
    with pytest.raises(ParseError, match="no paper card found"):
        paperparse.parse(document)


def test_a_papers_page_with_no_readable_card_reports_its_text() -> None:
    # A dump that glued every box of the page into one line: the chrome says it is a papers
    # page, but nothing reads as a card, so the text comes back as a problem, not dropped.
    glued = "Submitted byjdoe110Some Title Of A PaperSome Lab122" * 50
    listing = paperparse.parse(f"Daily Papers - Hugging Face\n{glued}\nSubscribe\n")
    assert listing.papers == ()
    (problem,) = listing.problems
    assert (problem.code, problem.location.line) == ("unparsed-block", 1)
    assert problem.raw.startswith("Daily Papers - Hugging Face\nSubmitted byjdoe110")
    assert len(problem.raw) == 500  # raw fragments are bounded
