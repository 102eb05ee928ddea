"""The rendering conformance matrix: every hydrated HTML page, rendered by every converter,
parses back to the page's own papers, or says where it could not (see ``matrix.py``).

``python3 dev.py renderings`` prints the same matrix as the table in docs/renderings.md.
"""

from __future__ import annotations

import functools

import pytest

from .converters import CONVERTERS, Converter
from .matrix import Cell, Page, pages, score

PAGES = {page.name: page for page in pages()}
BY_NAME = {converter.name: converter for converter in CONVERTERS}

# Cells known to be red, each with what the rendering does that the readers cannot yet read.
KNOWN_GAPS: dict[tuple[str, str], str] = {
    ("links -dump", "daily_truncated_cards.html"): (
        "the page is cut off inside its second card and links prints the cut markup as text"
        " after the first card's comment count, which is then read as the next card's upvotes"
    ),
}


@functools.cache
def _cell(converter: Converter, page: Page) -> Cell:
    return score(page, converter, converter.render(page.path))


def test_the_matrix_has_pages_and_converters() -> None:
    # The repo's own hydrated fixtures are always there; the corpus adds real pages.
    assert len(PAGES) >= 4
    assert len(CONVERTERS) >= 15


def _cells() -> list[object]:
    params = []
    for converter in CONVERTERS:
        for name in PAGES:
            marks = []
            if (converter.name, name) in KNOWN_GAPS:
                reason = KNOWN_GAPS[converter.name, name]
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            params.append(
                pytest.param(converter.name, name, marks=marks, id=f"{converter.name}|{name}")
            )
    return params


@pytest.mark.parametrize(("converter_name", "page_name"), _cells())
def test_rendering_reads_back(converter_name: str, page_name: str) -> None:
    converter = BY_NAME[converter_name]
    if (why := converter.missing()) is not None:
        pytest.skip(why)
    cell = _cell(converter, PAGES[page_name])
    assert cell.error is None, cell.error
    assert not cell.spurious, f"papers that are not on the page: {cell.spurious}"
    wrong = [
        f"{miss.title[:50]!r}: {miss.field} {miss.got!r}, not {miss.expected!r}"
        for miss in cell.misses
    ]
    assert not wrong, "\n".join(wrong)
    assert cell.right + cell.flagged == cell.papers
