"""Hostile HTML: long listings.

Each input is made here, from a fixture page or from nothing; none is committed."""

from __future__ import annotations

import gc
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import paperparse
from paperparse._html.tree import ElementPaths

from ..conftest import FIXTURES

HTML = FIXTURES / "html"
NOT_A_PAPERS_PAGE = "not a Hugging Face papers page"


def card(number: int, href: str = "/papers/{id}") -> str:
    """A minimal visible card: a title linking to its paper, and an author count."""
    arxiv_id = f"2401.{number:05d}"
    link = href.format(id=arxiv_id)
    title = f'<h3><a href="{link}">Paper number {number}</a></h3>'
    return f"<article>{title}<div>· 2 authors</div></article>"


def best_times(*texts: str, runs: int = 2) -> list[float]:
    """Each text's best parse time, in CPU time (what other work on the machine takes is
    not counted), the texts taking turns (a busy spell then slows each size, not one).
    It is the parse's own time: the collector neither collects the last run's garbage nor
    walks the test session's objects (a full collection over them is a step of tens of
    milliseconds that lands in one run or another)."""
    best = [float("inf")] * len(texts)
    for _ in range(runs):
        for index, text in enumerate(texts):
            gc.collect()
            gc.freeze()
            try:
                start = time.process_time()
                paperparse.parse(text)
                best[index] = min(best[index], time.process_time() - start)
            finally:
                gc.unfreeze()
    return best


# 1. Locations: a card's element path, found once per parent rather than once per sibling.

SIBLINGS = {
    # Every card a sibling of the others: getpath walked the preceding ones for each.
    "cards": lambda count: "".join(card(number) for number in range(count)),
    # The components that hydrate the page, their paths asked for by the JSON layer.
    "hydration-targets": lambda count: (
        card(0) + '<div data-target="UpvoteControl" data-props="{}"></div>' * count
    ),
}


@pytest.mark.parametrize("layout", sorted(SIBLINGS))
def test_sibling_elements_cost_linear_time(layout: str) -> None:
    def page(count: int) -> str:
        return f"<html><body><main>{SIBLINGS[layout](count)}</main></body></html>"

    paperparse.parse(page(100))  # imports and compiled patterns are not the first size's cost
    small, large = best_times(page(10_000), page(40_000))
    # Four times the siblings may cost about four times the time (six, for a busy machine);
    # a path per element walking its preceding siblings cost ten to twelve times.
    assert large < max(small, 0.01) * 6, f"{small=:.3f}s {large=:.3f}s"


def test_card_locations_are_the_element_paths() -> None:
    listing = paperparse.parse(HTML / "daily_stripped.html")
    assert [paper.location.path for paper in listing.papers] == [
        "/html/body/div/main/div[2]/section/div[2]/article[1]",
        "/html/body/div/main/div[2]/section/div[2]/article[2]",
    ]


# Trees of a few tag names with comments among them: same-named siblings, before and after.
_TREES = st.recursive(
    st.sampled_from(["<p>t</p>", "<!-- c -->", "<b></b>", "text"]),
    lambda children: st.builds(
        lambda tag, inner: f"<{tag}>{''.join(inner)}</{tag}>",
        st.sampled_from(["div", "article", "section", "span"]),
        st.lists(children, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TREES, max_size=6))
def test_element_paths_are_the_ones_getpath_writes(body: list[str]) -> None:
    root = etree.fromstring(f"<html><body>{''.join(body)}</body></html>", etree.HTMLParser())
    tree = root.getroottree()
    paths = ElementPaths(root)
    elements = list(root.iter())
    # Asked in reverse order too, so that a path is not only ever built top-down.
    for element in [*reversed(elements), *elements]:
        assert paths(element) == tree.getpath(element)
