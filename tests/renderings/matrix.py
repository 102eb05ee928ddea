"""The rendering conformance matrix: saved HTML pages, rendered by converters, parsed back,
and held paper by paper against the page's own embedded JSON.

A page's truth is what paperparse reads from its hydration JSON (the layer the HTML tests hold
to the corpus). A rendering is parsed as a user would parse it: as text, with the day the page
was saved as the reference date. A paper of the page is **right** when the rendering's parse
has a paper with the same title whose values agree:

- upvotes, where the rendering shows the button's count (a value given must be right);
- the author count, or the organisation where the card shows one instead;
- the arXiv id, where the rendering keeps the link to the paper's page;
- the comment count and the publication date, where the rendering shows them: a value the
  parse gives must be the page's, and one it leaves out must not stand in the paper's part of
  the rendering.

A paper that is not right is **flagged** when the parse reports a problem within its lines
(the rendering left a doubt, and the library said so), and **wrong** otherwise. A paper the
parse gives that is not on the page, with no problem at its lines, is **spurious**. A cell is
green when no paper is wrong and none is spurious.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

import attrs

import paperparse

from ..conftest import CORPUS, FIXTURES
from .converters import Converter

# Pages whose embedded JSON and visible cards agree (no problem reported): the truth is clear.
PAGE_GLOBS: Final = ("html-daily/*.html", "html-trending/*.html", "html-paper/*.html")
FIELDS: Final = ("title", "upvotes", "authors-or-org", "arxiv_id", "comments", "published")


@attrs.frozen
class Page:
    path: Path
    truth: paperparse.Listing  # every paper the page embeds
    visible: tuple[paperparse.Paper, ...]  # those its visible cards show

    @property
    def name(self) -> str:
        return self.path.name.split("__")[0]

    @property
    def saved_on(self) -> dt.date | None:
        """The day the page was saved, at the earliest: its newest date."""
        days = [self.truth.page_date, self.truth.retrieved]
        days += [paper.submitted for paper in self.truth.papers]
        days += [paper.published for paper in self.truth.papers]
        known = [day for day in days if day is not None]
        return max(known) if known else None


@attrs.frozen
class Miss:
    """One paper that did not come back right, and why."""

    title: str
    field: str
    expected: object
    got: object


@attrs.frozen
class Cell:
    """One page rendered by one converter."""

    page: str
    converter: str
    papers: int  # the page's papers that the rendering shows
    right: int
    flagged: int  # not right, but each wrong value has a problem at the paper's lines
    misses: tuple[Miss, ...]  # the wrong values no problem speaks of
    spurious: tuple[str, ...]
    error: str | None = None

    @property
    def green(self) -> bool:
        return self.error is None and not self.misses and not self.spurious


def pages() -> Iterator[Page]:
    """The corpus's hydrated HTML pages (when the corpus is there) and the repo's fixtures."""
    paths: list[Path] = []
    if CORPUS.is_dir():
        for pattern in PAGE_GLOBS:
            paths += sorted(CORPUS.glob(pattern))
    paths += sorted((FIXTURES / "html").glob("*.html"))
    for path in paths:
        truth = paperparse.parse(path)
        hydrated = any(layer.startswith("hydration:") for layer in truth.layers)
        if hydrated and "dom" in truth.layers and truth.papers and not truth.problems:
            # A page cut off inside a card embeds a paper that it no longer shows.
            visible = _key(_visible_text(path))
            shown = tuple(paper for paper in truth.papers if _key(paper.title or "") in visible)
            yield Page(path, truth, shown)


def _visible_text(path: Path) -> str:
    from lxml import html

    root = html.fromstring(path.read_bytes())
    for hidden in root.xpath("//script | //style | //template"):
        hidden.drop_tree()
    return str(root.text_content())


def _key(title: str) -> str:
    """A title compared whatever a converter did to its spaces and line breaks."""
    return "".join(title.casefold().split())


def _find(folded: str, title: str, start: int = 0) -> int:
    """Where the title stands in the folded rendering, whatever spaces a converter put in."""
    pattern = r"\s*".join(map(re.escape, _key(title)))
    match = re.compile(pattern).search(folded, start) if pattern else None
    return match.start() if match else -1


def _window(folded: str, title: str, next_titles: list[str]) -> str:
    """The part of the rendering that belongs to a paper: from its title to the next one's."""
    start = _find(folded, title)
    if start < 0:
        return ""
    ends = [_find(folded, other, start + 1) for other in next_titles]
    end = min((end for end in ends if end > start), default=len(folded))
    return folded[start:end]


def _shown(folded: str, paper: paperparse.Paper) -> bool:
    """Whether the rendering shows the paper at all: its title, or a link to its page."""
    linked = paper.arxiv_id is not None and f"papers/{paper.arxiv_id}" in folded
    return linked or _find(folded, paper.title or "") >= 0


# Link syntax and icons around a widget's count ("[ 3](/papers/ID#community)", "[12]3"),
# taken away so that the count stands alone.
_LINK_SYNTAX: Final = re.compile(r"\]\([^)\s]*\)|[\[\]()*#\u2022\u00b7\u25b2\u2191|-]")
_WIDGET_LINE: Final = re.compile(r"\A(?:\d[\d,.]*k?\s*)+(?:comments?)?\Z")


def _shows_count(window: str, count: int | None) -> bool:
    """Whether the count stands as a widget in the window: a line of counts alone
    ("3", "12 2", "[ 3](...)"), not a number in prose ("3B parameters", "2 hours ago")."""
    if count is None:
        return False
    for line in window.splitlines():
        plain = " ".join(_LINK_SYNTAX.sub(" ", line).split())
        if _WIDGET_LINE.match(plain) and str(count) in plain.split():
            return True
    return False


def _shows_date(window: str, day: dt.date | None) -> bool:
    return day is not None and f"{day:%b} {day.day}".casefold() in " ".join(window.split())


def score(page: Page, converter: Converter, rendered: str) -> Cell:
    try:
        listing = paperparse.parse(rendered, reference_date=page.saved_on)
    except paperparse.ParseError as error:
        papers = len(page.visible)
        return Cell(page.name, converter.name, papers, 0, 0, (), (), error=str(error))
    by_title = {_key(paper.title): paper for paper in listing.papers if paper.title}
    folded = rendered.casefold()
    shown = [paper for paper in page.visible if _shown(folded, paper)]
    titles = [paper.title or "" for paper in shown]
    misses: list[Miss] = []
    right = flagged = 0
    for index, want in enumerate(shown):
        title = want.title or ""
        got = by_title.pop(_key(title), None)
        if got is None:
            if any(_key(title) in _key(problem.raw) for problem in listing.problems):
                flagged += 1  # reported with its text, e.g. as a title without metadata
            else:
                misses.append(Miss(title, "title", title, None))
            continue
        window = _window(folded, title, titles[index + 1 :])
        linked = want.arxiv_id is not None and f"papers/{want.arxiv_id}" in folded
        # The upvote button stands before the title on some cards, after it on others: it
        # is shown when its count stands as a widget anywhere in the rendering.
        voted = want.upvotes == 0 or _shows_count(folded, want.upvotes)
        found = _misses(want, got, window, linked=linked, voted=voted)
        if not found:
            right += 1
        elif _flagged(got, listing.problems, {miss.field for miss in found}):
            flagged += 1
        else:
            misses += found
    embedded = {_key(paper.title or "") for paper in page.truth.papers}
    spurious = tuple(
        paper.title or ""
        for key, paper in by_title.items()
        if key not in embedded and not _flagged(paper, listing.problems, {"title"})
    )
    return Cell(page.name, converter.name, len(shown), right, flagged, tuple(misses), spurious)


# Problems that speak of one field only: they flag no other.
_FIELD_CODES: Final = {"unresolved-year": "published"}


def _flagged(
    paper: paperparse.Paper, problems: Sequence[paperparse.Problem], fields: set[str]
) -> bool:
    """Whether a problem stands within the paper's lines that can speak of every wrong
    field: the doubt was reported."""
    first, last = paper.location.line, paper.location.end_line or paper.location.line
    if first is None or last is None:
        return False
    return any(
        first <= (problem.location.line or 0) <= last
        and (problem.code not in _FIELD_CODES or fields == {_FIELD_CODES[problem.code]})
        for problem in problems
    )


def _misses(
    want: paperparse.Paper, got: paperparse.Paper, window: str, *, linked: bool, voted: bool
) -> list[Miss]:
    title = want.title or ""
    out = []
    if got.upvotes != want.upvotes and (voted or got.upvotes is not None):
        out.append(Miss(title, "upvotes", want.upvotes, got.upvotes))
    org_ok = want.organization is not None and got.organization == want.organization
    if got.author_count != want.author_count and not org_ok:
        shown = (want.author_count, want.organization)
        out.append(Miss(title, "authors-or-org", shown, (got.author_count, got.organization)))
    if (linked or got.arxiv_id is not None) and got.arxiv_id != want.arxiv_id:
        out.append(Miss(title, "arxiv_id", want.arxiv_id, got.arxiv_id))
    if got.comments != want.comments and (
        got.comments is not None or _shows_count(window, want.comments)
    ):
        out.append(Miss(title, "comments", want.comments, got.comments))
    if got.published != want.published and (
        got.published is not None or _shows_date(window, want.published)
    ):
        out.append(Miss(title, "published", want.published, got.published))
    return out
