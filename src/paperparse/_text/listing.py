"""Text stage 2b, listings: read the cards of a daily, search or trending page as papers,
resolve their dates, and build the Listing."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence

import attrs

from .._bounds import RAW_LIMIT
from .._fields.dates import (
    YearBasis,
    choose_year_basis,
    resolve,
    unresolved_year,
    year_from_neighbours,
)
from .._fields.links import PageAddress, find_urls, paper_url, split_links
from .._model import Listing, Location, Paper, ParseError, Problem
from .._sources.loading import Source
from .card_clues import HUB_INTERNAL, looks_like_abstract, paper_id
from .cards import Card, CardAssembler, unparsed
from .checks import check_paper_links, check_titles
from .line_kinds import Token
from .rendering import PageMeta


@attrs.define(eq=False)  # one per paper: a frozen class costs twice as much to build
class _Entry:
    """One paper's pieces, ready to become a Paper once the page's year is known."""

    title: str
    abstract: str | None
    card: Card
    first_line: int
    last_line: int
    complete: bool  # False for an entry that lost its metadata to a following title
    urls: tuple[str, ...]


def read_listing(
    tokens: Sequence[Token],
    meta: PageMeta,
    address: PageAddress,
    *,
    source: Source,
    reference_date: dt.date | None,
) -> Listing:
    """The Listing of a rendering whose lines are cards: a daily, search or trending page."""
    assembler = CardAssembler(tokens)
    cards = assembler.run()
    problems: list[Problem] = list(assembler.problems)
    if not any(card.is_paper_card for card in cards):
        # Lines of text alone are not papers: without one card showing a paper's metadata
        # this is some other document, unless the page itself says it is a papers page.
        if not assembler.saw_chrome and address.kind == "unknown":
            raise ParseError(
                "no paper card found: this does not look like a Hugging Face papers page",
                source=source.name,
            )
        # Nothing on the page read as a paper: what was set aside as header text is all
        # there is, and it is reported rather than dropped.
        problems.extend(unparsed(card) for card in (*assembler.set_aside, *cards))
        cards = []
    header = assembler.page_date
    if header is not None and header.year is None:
        # "Sep 28" between links to the days before and after it: their year is its year.
        header = attrs.evolve(header, year=year_from_neighbours(header, meta.linked_days))
    basis = choose_year_basis(
        reference_date=reference_date,
        retrieved=meta.retrieved,
        page_date=header,
        explicit_years=explicit_years(cards),
    )
    page_date = address.page_date
    if page_date is None and header is not None:
        page_date = resolve(header, basis)[0]
        if page_date is None:
            line = assembler.page_date_line
            problems.append(unresolved_year(header, Location(line, line)))
    papers = papers_from_cards(cards, problems, basis=basis, tokens=tokens)
    check_titles(papers, problems)
    check_paper_links(tokens, papers, problems)
    problems.sort(key=lambda problem: problem.location.line or 0)
    kind = address.kind if address.kind != "unknown" else assembler.kind
    if kind == "unknown" and header is not None and meta.linked_days:
        kind = "daily"  # a date header between links to the days around it
    if kind == "unknown" and meta.title and meta.title.lower().startswith("trending papers"):
        kind = "trending"
    return Listing(
        papers=papers,
        problems=problems,
        kind=kind,
        input_format=source.input_format,
        page_date=page_date,
        period=address.period,
        query=address.query,
        url=meta.url if address.kind != "unknown" else None,
        retrieved=meta.retrieved,
        source=source.name,
        layers=meta.layers(source.input_format),
    )


def explicit_years(cards: Sequence[Card]) -> list[int]:
    """The years the cards print: evidence for the year of the ones that print none."""
    return [card.date.year for card in cards if card.date is not None and card.date.year]


def papers_from_cards(
    cards: Sequence[Card],
    problems: list[Problem],
    *,
    basis: YearBasis | None,
    first_rank: int = 1,
    location: Location | None = None,
    tokens: Sequence[Token] = (),
) -> list[Paper]:
    """Cards to papers: split titles from abstracts, collapse repeats, drop a cut-off tail.

    Papers are located by their line span, or at ``location`` when the caller knows better
    (an HTML card's element). ``tokens``, in line order, give a card that is no paper its
    raw text.
    """
    entries = _split_cards(cards, problems, tokens)
    entries = _collapse_duplicates(entries, problems)
    entries = _drop_truncated_tail(entries, problems)
    papers: list[Paper] = []
    for rank, entry in enumerate(entries, start=first_rank):
        paper, paper_problems = _build_paper(entry, rank=rank, basis=basis, location=location)
        papers.append(paper)
        problems.extend(paper_problems)
    return papers


def _raw_text(tokens: Sequence[Token], first: int, last: int) -> str:
    """The text of the tokens on lines ``first`` to ``last``, found by bisection."""
    start = bisect.bisect_left(tokens, first, key=_line_of)
    end = bisect.bisect_right(tokens, last, key=_line_of)
    text = "\n".join(token.text for token in tokens[start:end])
    return text if len(text) <= RAW_LIMIT else text[: RAW_LIMIT - 3] + "..."


def _line_of(token: Token) -> int:
    return token.line


def _split_cards(
    cards: Sequence[Card], problems: list[Problem], tokens: Sequence[Token]
) -> list[_Entry]:
    """Split each card's text lines into (title, abstract) entries.

    Most cards hold one title and one abstract. A card can hold more when a paper lost its
    metadata lines and runs straight into the next title: each title-like line then opens
    an entry, and only the last entry owns the card's metadata.
    """
    entries: list[_Entry] = []
    for card in cards:
        if not card.texts:
            problems.append(
                Problem(
                    "unparsed-block",
                    "paper metadata with no title before it",
                    Location(line=card.first_line, end_line=card.last_line),
                    _raw_text(tokens, card.first_line, card.last_line),
                )
            )
            continue
        groups = _group_titles(card.texts)
        final = len(groups) - 1
        for position, group in enumerate(groups):
            last = position == final
            entries.append(
                _Entry(
                    title=group[0].text,
                    abstract=" ".join([token.text for token in group[1:]]) or None,
                    card=card,
                    first_line=card.first_line if position == 0 else group[0].line,
                    last_line=card.last_line if last else group[-1].last_line,
                    complete=last,
                    urls=tuple([url for token in group if token.urls for url in token.urls]),
                )
            )
    return entries


def _group_titles(texts: Sequence[Token]) -> list[list[Token]]:
    """Group a card's text lines as [title, abstract lines...] per paper."""
    if len(texts) <= 2:
        return [list(texts)]
    if texts[0].heading or paper_id(texts[0]) is not None:
        # Markup tells titles apart: a heading, or a link to the paper's page.
        groups: list[list[Token]] = []
        for token in texts:
            if not groups or token.heading:
                groups.append([token])
            else:
                groups[-1].append(token)
        return groups
    if any(looks_like_abstract(token.text) for token in texts):
        groups = []
        for token in texts:
            if not groups or not looks_like_abstract(token.text):
                groups.append([token])
            else:
                groups[-1].append(token)
        return groups
    # Only short lines: short abstracts. Pair them from the end, where the last pair owns
    # the card's metadata; an odd line out at the start is a title on its own.
    groups = [list(texts[max(end - 2, 0) : end]) for end in range(len(texts), 0, -2)]
    return groups[::-1]


def _collapse_duplicates(entries: list[_Entry], problems: list[Problem]) -> list[_Entry]:
    """Renderings that print every card twice (trending dumps) give each paper once."""
    seen: dict[tuple[str | None, str], int] = {}
    kept: list[_Entry] = []
    for entry in entries:
        key = (entry.card.arxiv_id, entry.title.casefold())
        if key in seen:
            first = kept[seen[key]]
            problems.append(
                Problem(
                    "duplicate-card",
                    f"{entry.title!r} is repeated (first at line {first.first_line})",
                    Location(line=entry.first_line, end_line=entry.last_line),
                    entry.title,
                )
            )
            continue
        seen[key] = len(kept)
        kept.append(entry)
    return kept


def _drop_truncated_tail(entries: list[_Entry], problems: list[Problem]) -> list[_Entry]:
    """A dump cut off inside its last card: that card is one problem, not a paper."""
    if len(entries) < 2 or not entries[-1].complete:
        return entries
    last = entries[-1]
    others_have_metadata = all(entry.card.has_metadata for entry in entries[:-1])
    if (
        last.card.has_metadata
        or not others_have_metadata
        or last.card.first_line != last.first_line
    ):
        return entries
    problems.append(
        Problem(
            "truncated",
            f"the page ends inside the card of {last.title!r}",
            Location(line=last.first_line, end_line=last.last_line),
            "\n".join(token.text for token in last.card.texts),
        )
    )
    return entries[:-1]


def _build_paper(
    entry: _Entry, *, rank: int, basis: YearBasis | None, location: Location | None
) -> tuple[Paper, list[Problem]]:
    card = entry.card
    problems: list[Problem] = []
    location = location or Location(line=entry.first_line, end_line=entry.last_line)
    urls = find_urls(entry.abstract) if entry.abstract else []
    if entry.urls:  # (most plain-text entries have none: no generator to run)
        urls.extend([url for url in entry.urls if not HUB_INTERNAL.match(url)])
    urls.extend(card.links)
    code_links, links = split_links(urls)
    if card.github_repo and card.github_repo not in code_links:
        code_links = (card.github_repo, *code_links)
    opening = entry.first_line == card.first_line  # the card's upvotes sit before its title
    arxiv_id = card.arxiv_id if entry.complete or opening else None
    # A title with no metadata after it gets none of the card's: they belong to another.
    has_metadata = entry.complete and card.has_metadata
    published = resolution = None
    if not has_metadata:
        problems.append(
            Problem(
                "missing-metadata",
                f"no author count or date follows {entry.title!r}",
                location,
                entry.title,
            )
        )
    elif card.date is not None:
        published, resolution = resolve(card.date, basis)
        if published is None:
            problems.append(unresolved_year(card.date, location))
    paper = Paper(
        title=entry.title,
        abstract=entry.abstract,
        arxiv_id=arxiv_id,
        url=paper_url(arxiv_id) if arxiv_id else None,
        code_links=code_links,
        links=links,
        upvotes=card.upvotes if opening else None,
        submitted_by=card.submitted_by if opening else None,
        rank=rank,
        location=location,
        # None, as when they are left out, for a title without metadata.
        author_count=card.author_count if has_metadata else None,
        organization=card.organization if has_metadata else None,
        comments=card.comments if has_metadata else None,
        published=published,
        published_text=card.date.text if has_metadata and card.date else None,
        date_resolution=resolution,
        github_repo=card.github_repo if has_metadata else None,
        github_stars=card.github_stars if has_metadata else None,
    )
    return paper, problems
