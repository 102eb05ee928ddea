"""HTML input's entry: build the tree, read the embedded JSON first and the visible page
second, and cross-check the two."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs
from lxml import etree  # this module loads only with an HTML page to read

from .._bounds import RAW_LIMIT
from .._fields.dates import (
    DisplayDate,
    YearBasis,
    choose_year_basis,
    resolve,
    unresolved_year,
    year_from_neighbours,
)
from .._fields.links import PageAddress, describe_page_url, linked_days
from .._model import Listing, Location, Paper, ParseError, Problem
from .._sources.loading import Source, retrieval_day
from .._text.cards import Card, CardAssembler
from .._text.line_kinds import Kind
from .._text.listing import explicit_years, papers_from_cards
from .._text.paper_page import paper_from_page_tokens
from .._text.rendering import PageMeta
from .._text.tokens import tokenize
from .hydration import Hydration, read_hydration, salvage_listing
from .tree import ElementPaths, build_tree
from .visible import element_lines, iter_articles

# Fields both layers show, compared when both are present.
_CROSS_CHECKED: Final = ("upvotes", "comments", "author_count", "github_stars")
# Pages abbreviate counts from a thousand on ("11.3k"); the rounding is within half a percent.
_ABBREVIATED_FROM: Final = 1000
_ABBREVIATION_ERROR: Final = 0.005
# What only the Hub's pages (and copies of them) link to: a Hub address, or a path naming
# an arXiv id. A blog or a news page has <article>s too, but none of these.
_HUB_LINK: Final = re.compile(
    r"""
      (?:\A|[/.@])(?:huggingface|hf)\.co(?:[/:?\#]|\Z)  # https://huggingface.co/..., its CDN
    | (?:\A|/)\d{4}\.\d{4,5}(?:v\d+)?(?:[/.?\#]|\Z)     # /papers/2509.24002, 2509.24002.html
    """,
    re.VERBOSE | re.IGNORECASE,
)
# The Hub's titles: "Daily Papers - Hugging Face", "Paper page - <the paper's title>".
_HUB_TITLE: Final = re.compile(r"hugging\s?face|\Apaper page\b", re.IGNORECASE)
# Every link and embedded address; compiled once. Two paths, not a union, which libxml2
# would sort into document order first.
_ADDRESSES: Final[tuple[Any, ...]] = (
    etree.XPath("descendant-or-self::*/@href"),
    etree.XPath("descendant-or-self::*/@src"),
)


def parse_html(source: Source, *, reference_date: dt.date | None) -> Listing:
    """Parse a saved Hugging Face papers page (listing or paper page)."""
    root, tree_problems = build_tree(source)
    url = _page_url(root) or source.saved_from
    address = describe_page_url(url)
    # An archive snapshot's date, else the container's (a web archive's, a crawl record's):
    # the page's ``retrieved``, and the year of its year-less dates without a reference date.
    captured = retrieval_day(address.captured, source)
    if captured != address.captured:
        address = attrs.evolve(address, captured=captured)
    title = " ".join((root.findtext(".//title") or "").split())
    paths = ElementPaths(root)  # the problems' locations; both layers ask, the tree is one
    hydration = read_hydration(root, paths)
    if hydration.papers is None:
        salvaged = salvage_listing(source.text)
        if salvaged is not None:
            hydration = attrs.evolve(salvaged, problems=hydration.problems + salvaged.problems)
    if hydration.papers is None and not hydration.found and not _shows_the_hub(root, title, url):
        raise ParseError(
            _refusal(
                "nothing of the Hub's (no papers data, no link to huggingface.co or to a paper, "
                "no Hub title)",
                tree_problems,
            ),
            source=source.name,
        )
    articles = list(iter_articles(root))
    is_paper = (
        hydration.facts.kind == "paper"
        or address.kind == "paper"
        or (not articles and "paper page" in title.lower())
    )
    if is_paper:
        listing = _paper_page(root, source, hydration, address, url, reference_date)
        return attrs.evolve(listing, problems=(*tree_problems, *listing.problems))
    if not articles and hydration.papers is None and not hydration.found:
        raise ParseError(
            _refusal("no paper cards and no papers data", tree_problems), source=source.name
        )
    problems: list[Problem] = [*tree_problems, *hydration.problems]
    dom_problems: list[Problem] = []
    dom_papers = _dom_cards(articles, paths, dom_problems, reference_date, address)
    if hydration.papers is not None:
        # The visible cards only cross-check the JSON; what they could not read is moot.
        papers = _cross_check(hydration.papers, dom_papers, problems)
    else:
        papers = dom_papers
        problems.extend(dom_problems)
    facts = hydration.facts if hydration.papers is not None else None
    kind = facts.kind if facts else address.kind
    if kind == "unknown" and title.lower().startswith("trending papers"):
        kind = "trending"
    page_date = (facts.page_date if facts else None) or address.page_date
    if page_date is None and facts is None and kind in ("daily", "unknown"):
        page_date = _dom_page_date(root, articles, reference_date, address, problems)
    return Listing(
        papers=papers,
        problems=problems,
        kind=kind,
        input_format=source.input_format,
        page_date=page_date,
        period=(facts.period if facts else None) or address.period,
        query=(facts.query if facts else None) or address.query,
        retrieved=address.captured,
        url=url,
        source=source.name,
        layers=_layers(hydration, visible=bool(articles)),
    )


def _shows_the_hub(root: Any, title: str, url: str | None) -> bool:
    """Whether anything on a page without papers data says it is the Hub's: its title, its
    own address, or one link (a copy converted or stripped of scripts keeps its links)."""
    if _HUB_TITLE.search(title) or (url and _HUB_LINK.search(url)):
        return True
    return any(_HUB_LINK.search(str(value)) for xpath in _ADDRESSES for value in xpath(root))


def _refusal(reason: str, cut: Sequence[Problem]) -> str:
    """Why a page is refused: a page the parser's limits cut short says so, since its
    papers may lie past the cut."""
    if cut:
        return f"cannot read this HTML page: {cut[0].message}, and what was read holds {reason}"
    return f"HTML page with {reason}: not a Hugging Face papers page"


# Where a page states its own URL, best first; compiled once.
_OWN_URL: Final[tuple[Any, ...]] = (
    etree.XPath('//meta[@property="og:url"]/@content'),
    etree.XPath('//link[@rel="canonical"]/@href'),
)


def _page_url(root: Any) -> str | None:
    for xpath in _OWN_URL:
        found = xpath(root)
        if found and isinstance(found[0], str) and found[0].strip():
            return str(found[0]).strip()
    return None


def _dom_cards(
    articles: Sequence[Any],
    paths: ElementPaths,
    problems: list[Problem],
    reference_date: dt.date | None,
    address: PageAddress,
) -> list[Paper]:
    """One paper per visible card (an <article>), read like a text rendering of it."""
    assembled = []
    for article in articles:
        assembler = CardAssembler(list(tokenize(element_lines(article))))
        # A card is one paper, laid out once per screen size: a later reading of the same
        # paper is that copy. Another paper in the same card (broken markup) is kept.
        cards = _distinct_papers(card for card in assembler.run() if card.is_paper_card)
        assembled.append((article, cards))
    all_cards = [card for _, cards in assembled for card in cards]
    basis = _year_basis(reference_date, address, explicit_years(all_cards))
    papers: list[Paper] = []
    for article, cards in assembled:
        location = Location(line=article.sourceline, path=paths(article))
        card_problems: list[Problem] = []
        found = papers_from_cards(
            cards, card_problems, basis=basis, first_rank=len(papers) + 1, location=location
        )
        if not found:
            raw = etree.tostring(article, encoding="unicode")[:RAW_LIMIT]
            problems.append(
                Problem("unparsed-block", "a card with no readable paper", location, raw)
            )
            continue
        papers.extend(found)
        problems.extend(
            attrs.evolve(problem, location=location)
            for problem in card_problems
            if problem.code != "missing-metadata"  # cards on newer pages show none
        )
    return papers


def _distinct_papers(cards: Iterable[Card]) -> list[Card]:
    kept: list[Card] = []
    for card in cards:
        if not kept or (card.arxiv_id and all(card.arxiv_id != seen.arxiv_id for seen in kept)):
            kept.append(card)
    return kept


def _cross_check(
    primary: Sequence[Paper], shown: Sequence[Paper], problems: list[Problem]
) -> list[Paper]:
    """Keep the JSON's papers; report where the visible page disagrees or has more."""
    by_id = {paper.arxiv_id: paper for paper in shown if paper.arxiv_id}
    papers = list(primary)
    for paper in primary:
        other = by_id.pop(paper.arxiv_id, None) if paper.arxiv_id else None
        if other is None:
            continue
        for name in _CROSS_CHECKED:
            ours, theirs = getattr(paper, name), getattr(other, name)
            if ours is not None and theirs is not None and not _same_count(ours, theirs):
                problems.append(
                    Problem(
                        "layer-mismatch",
                        f"{name}: the embedded JSON says {ours}, the visible page {theirs}; "
                        "the JSON value is kept",
                        paper.location,
                        f"{name}: json={ours} page={theirs}",
                    )
                )
    for extra in by_id.values():
        problems.append(
            Problem(
                "layer-mismatch",
                "a card the visible page shows but its embedded JSON lacks; read from the page",
                extra.location,
                extra.title,
            )
        )
        papers.append(attrs.evolve(extra, rank=len(papers) + 1))
    return papers


def _layers(hydration: Hydration, *, visible: bool) -> tuple[str, ...]:
    """What was read: the JSON components that gave papers, then the visible page."""
    found = tuple(f"hydration:{name}" for name in dict.fromkeys(hydration.found))
    return (*(found if hydration.papers is not None else ()), *(("dom",) if visible else ()))


def _same_count(exact: int, shown: int) -> bool:
    """Whether a page's count shows ``exact``: "110k" shows 109,983 (three figures kept)."""
    if exact == shown:
        return True
    return shown >= _ABBREVIATED_FROM and abs(exact - shown) <= shown * _ABBREVIATION_ERROR


def _paper_page(
    root: Any,
    source: Source,
    hydration: Hydration,
    address: PageAddress,
    url: str | None,
    reference_date: dt.date | None,
) -> Listing:
    body = root.find(".//main")
    if body is None:
        body = root
    tokens = list(tokenize(element_lines(body)))
    shown, shown_problems = paper_from_page_tokens(
        tokens,
        PageMeta(url=url, retrieved=address.captured),
        arxiv_id=address.arxiv_id,
        reference_date=reference_date,
    )
    problems = list(hydration.problems)
    if hydration.papers:
        papers = _cross_check(hydration.papers, [shown] if shown else [], problems)
        if hydration.upvotes is not None and hydration.upvotes != papers[0].upvotes:
            problems.append(
                Problem(
                    "layer-mismatch",
                    f"upvotes: the paper data says {papers[0].upvotes}, the upvote button "
                    f"{hydration.upvotes}",
                    papers[0].location,
                    f"upvotes: paper={papers[0].upvotes} button={hydration.upvotes}",
                )
            )
    else:
        papers = [shown] if shown else []
        problems.extend(shown_problems)
    return Listing(
        papers=papers,
        problems=problems,
        kind="paper",
        input_format=source.input_format,
        url=url,
        retrieved=address.captured,
        source=source.name,
        layers=_layers(hydration, visible=shown is not None),
    )


def _dom_page_date(
    root: Any,
    articles: Sequence[Any],
    reference_date: dt.date | None,
    address: PageAddress,
    problems: list[Problem],
) -> dt.date | None:
    """A daily page's date header, when only the visible page tells it."""
    main = root.find(".//main")
    if main is None or not articles:
        return None
    # The previous and next day's links (arrows without text) tell the header's year.
    neighbours = linked_days(str(href) for href in main.xpath(".//a/@href"))
    for token in tokenize(element_lines(main, stop_at=articles[0])):
        if token.kind == Kind.DATE and token.date is not None:
            header = token.date
            if header.year is None:
                header = attrs.evolve(header, year=year_from_neighbours(header, neighbours))
            day = resolve(header, _year_basis(reference_date, address))[0]
            if day is None:
                problems.append(unresolved_year(token.date, Location(line=token.line)))
            return day
    return None


def _year_basis(
    reference_date: dt.date | None, address: PageAddress, explicit: Sequence[int] = ()
) -> YearBasis | None:
    """Evidence for year-less dates: the caller's date, an archive snapshot's date, the
    date in the page's URL, then the years the page prints."""
    day = address.page_date
    return choose_year_basis(
        reference_date=reference_date,
        retrieved=address.captured,
        page_date=DisplayDate(day.month, day.day, day.year, day.isoformat()) if day else None,
        explicit_years=explicit,
    )
