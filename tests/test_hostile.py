"""Hostile input: only the library's own error escapes, and time stays linear in size."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import paperparse
from paperparse import Listing, ParseError

from .conftest import FIXTURES

SEED = (FIXTURES / "text" / "seed_search.txt").read_text(encoding="utf-8")
CARD = "A title\n\u2022 2 authors\n\u00b7\nJan 2, 2024\n"

# Pieces that each pattern of the text pipeline has to look at; repeated thousands of times
# they are the worst cases we could construct for a backtracking regex.
ADVERSARIAL_PIECES = {
    "open-bracket": "[",
    "bracket-text": "[a",
    "link-open": "[a](",
    "nested-link": "[a](http://x/(",
    "image": "![",
    "reference": "[a][",
    "definition": "[a]: x ",
    "escape": "\\",
    "emphasis": "**a",
    "underscores": "__a",
    "hash": "#",
    "space-hash": " \x0c#",
    "middle-dot": "\u00b7 ",
    "digits": "1,",
    "submitted": "Submitted by a on ",
    "date": "Sep 28 ",
    "published": "Published on ",
    "authors": "1 authors ",
    "url": "https://a",
    "code-host": "github.com/",
    "glued-code-urls": "github.com/x,",
    "cut-date": "Sep 30, ",
    "numbered-link": "[1]x ",
    "count-pair": "12 2 ",
    "placeholder": "[be9c948ecf] ",
    "widget-links": "[ 12](/papers/2401.00001) ",
    "wrapped-url": "[a](https://cdn-\n",
    "dash": "- ",
    "upvote": "Upvote ",
    "anchor": '<a id="',
    "bracket-newline": "[\n",
    "vertical-tab": "\x0b",
    "html-anchor": '<a href="/x">',
    "raw-tag": '<video a="',
    "data-image": "![](data:",
    "reference-link": "[a\n][",
    "one-line-card": "Submitted by u 1 T \u00b7 ",
    "date-widgets": "\u00b7 Oct 4, 2026 Upvote 1 ",
    "badge": "#1 Paper of the ",
}


def parse_or_error(source: str | bytes) -> Listing | None:
    try:
        return paperparse.parse(source)
    except ParseError:
        return None


def best_time(make: Callable[[], str], runs: int = 2) -> float:
    text = make()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        parse_or_error(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("layout", ["one-line", "many-lines"])
@pytest.mark.parametrize("piece", sorted(ADVERSARIAL_PIECES), ids=str)
def test_adversarial_input_is_linear(piece: str, layout: str) -> None:
    unit = ADVERSARIAL_PIECES[piece]

    def document(repeats: int) -> Callable[[], str]:
        if layout == "one-line":
            body = unit * repeats
        else:
            body = (unit * 20 + "\n") * (repeats // 20)
        return lambda: f"Daily Papers\n{body}\n{CARD}"

    small = best_time(document(1_000))
    large = best_time(document(10_000))
    # Ten times the input may cost at most ~25 times the time (linear, plus timer noise on a
    # busy machine); a quadratic pattern costs ~100 times.
    assert large < max(small, 0.002) * 25, f"{small=:.4f}s {large=:.4f}s"


def test_seed_cost_grows_linearly() -> None:
    one = best_time(lambda: SEED, runs=3)
    ten = best_time(lambda: SEED + ("\n\n" + SEED.split("\n", 12)[-1]) * 9, runs=2)
    assert ten < one * 25, f"{one=:.4f}s {ten=:.4f}s"  # quadratic would be ~100x


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_gives_a_listing_or_parse_error(text: str) -> None:
    result = parse_or_error(text)
    assert result is None or isinstance(result, Listing)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary())
def test_any_bytes_give_a_listing_or_parse_error(data: bytes) -> None:
    result = parse_or_error(data)
    assert result is None or isinstance(result, Listing)


_LINES = st.sampled_from(
    [
        "\u2022 3 authors",
        "\u00b7",
        "Sep 28",
        "Jul 19 1",
        "Oct 10, 2024 3",
        "Submitted by",
        "akhaliq",
        "94",
        "-",
        "Upvote 117",
        "GitHub 11.3k",
        "Published on Oct 6",
        "Authors:",
        "Abstract",
        "AI-generated summary",
        "arxiv:2509.24002",
        "#3 Paper of the day",
        "### [A title](https://huggingface.co/papers/2509.24002)",
        "[12](https://huggingface.co/papers/2509.24002#community)",
        "An abstract sentence that reads as prose. It ends with a period.",
        "A Short Title",
        "",
        "---",
        "url: https://huggingface.co/papers?q=x",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINES, max_size=60))
def test_shuffled_card_pieces_never_crash(lines: list[str]) -> None:
    result = parse_or_error("\n".join(lines))
    if result is not None:
        for paper in result.papers:
            assert paper.title
            assert paper.location.line is not None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(SEED)), st.integers(min_value=0, max_value=400))
def test_seed_cut_or_spliced_anywhere(cut: int, width: int) -> None:
    for text in (SEED[:cut], SEED[:cut] + SEED[cut + width :]):
        result = parse_or_error(text)
        if result is not None:
            # A cut loses cards; a splice can make at most one new block boundary.
            assert len(result.papers) <= 46
            # Titles come from the text (hard wraps may have been joined): nothing invented.
            squeezed = "".join(text.split())
            assert all("".join(paper.title.split()) in squeezed for paper in result.papers)


def test_strict_mode_raises_only_parse_error() -> None:
    with pytest.raises(ParseError):
        paperparse.parse(SEED, strict=True)


def test_a_50_megabyte_input_parses_in_bounded_memory() -> None:
    """Run in a fresh process so that its peak resident memory is the parse's own."""
    import subprocess
    import sys

    code = (
        "import resource, sys, paperparse\n"
        "seed = open(sys.argv[1], encoding='utf-8').read()\n"
        "header, _, cards = seed.partition('Nov 6\\n')\n"
        "text = header + 'Nov 6\\n' + cards * (50_000_000 // len(cards))\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "listing = paperparse.parse(text)\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(len(text), (after - before) * 1024, len(listing.papers))\n"
    )
    path = str(FIXTURES / "text" / "seed_search.txt")
    out = subprocess.run(
        [sys.executable, "-c", code, path], capture_output=True, text=True, check=True, timeout=120
    )
    size, grown, papers = map(int, out.stdout.split())
    assert size > 49_000_000
    assert papers == 45  # the repeats collapse into the 45 distinct cards
    assert grown < 10 * size


def test_parse_many_streams_in_flat_memory(tmp_path: object) -> None:
    import tracemalloc
    from pathlib import Path

    folder = Path(str(tmp_path))
    source = (FIXTURES / "text" / "seed_search.txt").read_bytes()
    paths = []
    for index in range(120):
        path = folder / f"{index}.txt"
        path.write_bytes(source)
        paths.append(path)

    def peak(count: int) -> int:
        tracemalloc.start()
        for listing in paperparse.parse_many(paths[:count]):
            assert isinstance(listing, Listing)
        high = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return high

    small, large = peak(20), peak(120)
    assert large < small * 1.5  # six times the files, about the same peak


_DAMAGEABLE = sorted(
    path
    for folder in ("html", "json")
    for path in (FIXTURES / folder).iterdir()
    if not path.name.endswith(".expected.json")
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_DAMAGEABLE),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=300),
    st.sampled_from(
        [b"", b"<", b">", b'"', b"'", b"{", b"]", b"\x00", b"&#", b"\xff", b"<article>"]
    ),
)
def test_damaged_html_and_json_never_crash(
    path: object, cut: int, width: int, insert: bytes
) -> None:
    from pathlib import Path

    data = Path(str(path)).read_bytes()
    cut = cut % (len(data) + 1)
    for damaged in (data[:cut], data[:cut] + insert + data[cut + width :]):
        result = parse_or_error(damaged)
        assert result is None or isinstance(result, Listing)


def test_html_cost_grows_linearly_with_cards() -> None:
    page = (FIXTURES / "html" / "daily_stripped.html").read_text(encoding="utf-8")
    head, _, rest = page.partition("<article")
    card = "<article" + rest.partition("</article>")[0] + "</article>\n"
    tail = "</div></section></div></main></div></body></html>"

    def document(cards: int) -> Callable[[], str]:
        return lambda: head + card * cards + tail

    small = best_time(document(100))
    large = best_time(document(1_000))
    assert large < small * 25, f"{small=:.4f}s {large=:.4f}s"  # quadratic would be ~100x


MHTML_HEAD = (
    'From: <Saved by Blink>\nMIME-Version: 1.0\nContent-Type: multipart/related; boundary="b0"\n\n'
)


@pytest.mark.parametrize(
    "part",
    [
        '--b0\nContent-Type: multipart/related; boundary="b0"\n\n',  # parts that are multiparts
        "--b0\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n",
        "--b0\nContent-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n=3D=\n",
    ],
    ids=["multipart-parts", "image-parts", "broken-html-part"],
)
def test_web_archive_cost_is_linear_in_its_parts(part: str) -> None:
    small = best_time(lambda: MHTML_HEAD + part * 500)
    large = best_time(lambda: MHTML_HEAD + part * 5_000)
    assert large < max(small, 0.002) * 25, f"{small=:.4f}s {large=:.4f}s"


def test_web_archive_nested_without_end_is_refused_not_recursed() -> None:
    nested = "".join(
        f'--b{level}\nContent-Type: multipart/related; boundary="b{level + 1}"\n\n'
        for level in range(50_000)
    )
    with pytest.raises(ParseError, match="web archive"):
        paperparse.parse(MHTML_HEAD + nested)


def test_text_browser_reference_lists_cost_linear_time() -> None:
    def dump(links: int) -> Callable[[], str]:
        body = "".join(f"[{n}]x [{n}]y\n" for n in range(1, links + 1))
        listed = "".join(
            f"  {n}. https://huggingface.co/papers/2401.{n:05d}\n" for n in range(1, links + 1)
        )
        return lambda: f"Daily Papers\n{body}{CARD}\nReferences\n\n{listed}"

    small = best_time(dump(1_000))
    large = best_time(dump(10_000))
    assert large < max(small, 0.002) * 25, f"{small=:.4f}s {large=:.4f}s"


def test_a_bracket_first_that_is_neither_json_nor_a_page_is_a_json_error() -> None:
    with pytest.raises(ParseError, match="invalid JSON"):
        paperparse.parse("[1] a note that starts like an array\nand is nothing else\n")
