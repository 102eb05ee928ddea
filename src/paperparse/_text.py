"""Text stage 2: assemble classified lines into paper cards, then into a Listing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

import attrs

from ._dates import DisplayDate, YearBasis, choose_year_basis, resolve
from ._links import find_urls, split_links
from ._model import Listing, Location, Paper, Problem
from ._source import Source
from ._text_tokens import Kind, Token, submitted_user, tokenize

# An abstract is long prose; a title is short. Lines between are judged by whether they
# read as sentences.
_ABSTRACT_MIN_LENGTH: Final = 250
_PROSE_MIN_LENGTH: Final = 100
_SENTENCE_BREAK: Final = re.compile(r"[.!?]\s+[A-Z(]")


@attrs.define
class _Card:
    """A paper card being collected, before its texts are split into title and abstract."""

    first_line: int
    last_line: int
    texts: list[Token] = attrs.Factory(list)
    upvotes: int | None = None
    submitted_by: str | None = None
    author_count: int | None = None
    organization: str | None = None
    date: DisplayDate | None = None
    comments: int | None = None
    in_metadata: bool = False  # authors, separator or date seen: the card's tail
    wants_user: bool = False  # a bare "Submitted by" line: the user is on the next line

    def add(self, token: Token) -> None:
        self.last_line = max(self.last_line, token.line)

    @property
    def has_metadata(self) -> bool:
        return (
            self.author_count is not None or self.organization is not None or self.date is not None
        )


@attrs.frozen
class _Entry:
    """One paper's pieces, ready to become a Paper once the page's year is known."""

    title: str
    abstract: str | None
    card: _Card
    first_line: int
    last_line: int
    complete: bool  # False for an entry that lost its metadata to a following title


def parse_text(source: Source, *, reference_date: dt.date | None) -> Listing:
    """Parse a plain-text or markdown rendering of a papers page."""
    tokens = list(tokenize(source.text))
    assembler = _Assembler(tokens)
    cards = assembler.run()
    problems: list[Problem] = list(assembler.problems)
    entries = _split_cards(cards, problems)

    explicit_years = [
        entry.card.date.year
        for entry in entries
        if entry.card.date is not None and entry.card.date.year is not None
    ]
    basis = choose_year_basis(
        reference_date=reference_date,
        page_date=assembler.page_date,
        explicit_years=explicit_years,
    )
    page_date = None
    if assembler.page_date is not None:
        page_date = resolve(assembler.page_date, basis)[0]
        if page_date is None:
            location = Location(line=assembler.page_date_line, end_line=assembler.page_date_line)
            problems.append(_unresolved_year(assembler.page_date, location))

    papers: list[Paper] = []
    for rank, entry in enumerate(entries, start=1):
        paper, paper_problems = _build_paper(entry, rank=rank, basis=basis)
        papers.append(paper)
        problems.extend(paper_problems)
    problems.sort(key=lambda problem: problem.location.line or 0)
    return Listing(
        papers=papers,
        problems=problems,
        kind=assembler.kind,
        input_format=source.input_format,
        page_date=page_date,
        source=source.name,
    )


class _Assembler:
    """Walks the tokens once, opening and closing cards."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.cards: list[_Card] = []
        self.problems: list[Problem] = []
        self.page_date: DisplayDate | None = None
        self.page_date_line: int | None = None
        self.kind = "unknown"
        self.card: _Card | None = None
        # Whether cards on this page open with their upvote count (daily and trending
        # layouts); decides what a lone number after a card's metadata is.
        self.counts_open_cards: bool | None = None

    def run(self) -> list[_Card]:
        for index, token in enumerate(self.tokens):
            handler = _HANDLERS[token.kind]
            handler(self, token, index)
        self._close()
        return self.cards

    # -- card lifecycle -------------------------------------------------------------

    def _open(self, token: Token) -> _Card:
        self._close()
        self.card = _Card(first_line=token.line, last_line=token.line)
        return self.card

    def _close(self) -> None:
        card, self.card = self.card, None
        if card is None:
            return
        if card.texts or card.has_metadata:
            self.cards.append(card)
        elif card.upvotes is not None or card.submitted_by is not None:
            self._problem("unparsed-block", "a card opening with no title after it", card)

    def _current(self, token: Token) -> _Card:
        """The open card, or a new one when the open card's metadata is complete."""
        if self.card is None or self.card.in_metadata:
            return self._open(token)
        return self.card

    def _problem(self, code: str, message: str, card: _Card) -> None:
        raw = "\n".join(text.text for text in card.texts)
        self.problems.append(
            Problem(code, message, Location(line=card.first_line, end_line=card.last_line), raw)
        )

    # -- one handler per line kind ----------------------------------------------------

    def on_text(self, token: Token, index: int) -> None:
        card = self.card
        if card is not None and card.wants_user:
            card.submitted_by, card.wants_user = token.text, False
            card.add(token)
            return
        card = self._current(token)
        card.texts.append(token)
        card.add(token)

    def on_chrome(self, token: Token, index: int) -> None:
        if token.text.lower() == "trending papers" and not self.cards and self.card is None:
            self.kind = "trending"

    def on_submitted_by(self, token: Token, index: int) -> None:
        card = self.card
        if card is None or card.in_metadata or card.texts or card.upvotes is not None:
            card = self._open(token)
        card.add(token)
        card.submitted_by = submitted_user(token)
        card.wants_user = card.submitted_by is None

    def on_count(self, token: Token, index: int) -> None:
        card = self.card
        if card is not None and card.in_metadata:
            if card.comments is None and self._count_is_comments(index):
                card.comments = token.count
                card.add(token)
                return
            card = self._open(token)
        elif card is None or card.texts:
            card = self._open(token)
        if self.counts_open_cards is None:
            self.counts_open_cards = True
        card.upvotes = token.count
        card.wants_user = False
        card.add(token)

    def _count_is_comments(self, index: int) -> bool:
        """A lone number after a card's metadata: its comment count, or the next upvotes?"""
        following = self.tokens[index + 1].kind if index + 1 < len(self.tokens) else None
        if following in (Kind.COUNT, Kind.SUBMITTED_BY, None):
            return True  # the next card opens otherwise, or the page ends here
        return not self.counts_open_cards

    def on_authors(self, token: Token, index: int) -> None:
        card = self.card
        if card is None or card.author_count is not None or card.date is not None:
            card = self._open(token)
        self._take_organization_from_texts(card, authors_follow=True)
        card.author_count = token.count
        card.in_metadata = True
        card.add(token)

    def on_separator(self, token: Token, index: int) -> None:
        card = self.card
        if card is None:
            return
        if not card.in_metadata:
            self._take_organization_from_texts(card, authors_follow=False)
            card.in_metadata = True
        card.add(token)

    def on_date(self, token: Token, index: int) -> None:
        card = self.card
        if not self.cards and (card is None or not card.in_metadata):
            # Before the first card's metadata, a date is the page's own date header and
            # whatever text came before it is page chrome.
            if self.page_date is None:
                self.page_date, self.page_date_line = token.date, token.line
            self.card = None
            return
        if card is None or card.date is not None:
            card = self._open(token)
        card.date = token.date
        card.comments = token.count if token.count is not None else card.comments
        card.in_metadata = True
        if self.counts_open_cards is None:
            self.counts_open_cards = False
        card.add(token)

    def _take_organization_from_texts(self, card: _Card, *, authors_follow: bool) -> None:
        """A short line just before the card's dot is the organisation shown in its place."""
        if authors_follow or card.in_metadata or len(card.texts) < 2:
            return
        if not _looks_like_abstract(card.texts[-1].text):
            card.organization = card.texts.pop().text


_HANDLERS: Final = {
    Kind.TEXT: _Assembler.on_text,
    Kind.CHROME: _Assembler.on_chrome,
    Kind.SUBMITTED_BY: _Assembler.on_submitted_by,
    Kind.COUNT: _Assembler.on_count,
    Kind.AUTHORS: _Assembler.on_authors,
    Kind.SEPARATOR: _Assembler.on_separator,
    Kind.DATE: _Assembler.on_date,
}


def _looks_like_abstract(text: str) -> bool:
    if len(text) >= _ABSTRACT_MIN_LENGTH:
        return True
    return len(text) >= _PROSE_MIN_LENGTH and bool(_SENTENCE_BREAK.search(text))


def _split_cards(cards: Sequence[_Card], problems: list[Problem]) -> list[_Entry]:
    """Split each card's text lines into (title, abstract) entries.

    Most cards hold one title and one abstract. A card can hold more when a paper lost its
    metadata lines and runs straight into the next title: each title-like line then opens
    an entry, and only the last entry owns the card's metadata.
    """
    entries: list[_Entry] = []
    for card in cards:
        texts = card.texts
        if not texts:
            raw = f"metadata with no title (lines {card.first_line}-{card.last_line})"
            problems.append(
                Problem(
                    "unparsed-block",
                    "paper metadata with no title before it",
                    Location(line=card.first_line, end_line=card.last_line),
                    raw,
                )
            )
            continue
        groups = _group_titles(texts)
        for position, group in enumerate(groups):
            last = position == len(groups) - 1
            first_line = card.first_line if position == 0 else group[0].line
            entries.append(
                _Entry(
                    title=group[0].text,
                    abstract=" ".join(token.text for token in group[1:]) or None,
                    card=card,
                    first_line=first_line,
                    last_line=card.last_line if last else group[-1].line,
                    complete=last,
                )
            )
    return entries


def _group_titles(texts: Sequence[Token]) -> list[list[Token]]:
    """Group a card's text lines as [title, abstract lines...] per paper."""
    if len(texts) <= 2:
        return [list(texts)]
    if any(_looks_like_abstract(token.text) for token in texts):
        groups: list[list[Token]] = []
        for token in texts:
            if not groups or not _looks_like_abstract(token.text):
                groups.append([token])
            else:
                groups[-1].append(token)
        return groups
    # Only short lines: short abstracts. Pair them from the end, where the last pair owns
    # the card's metadata; an odd line out at the start is a title on its own.
    groups = [list(texts[max(end - 2, 0) : end]) for end in range(len(texts), 0, -2)]
    return groups[::-1]


def _build_paper(
    entry: _Entry, *, rank: int, basis: YearBasis | None
) -> tuple[Paper, list[Problem]]:
    card = entry.card
    problems: list[Problem] = []
    location = Location(line=entry.first_line, end_line=entry.last_line)
    code_links, links = split_links(find_urls(entry.abstract or ""))
    opening = entry.first_line == card.first_line  # the card's upvotes sit before its title
    paper = Paper(
        title=entry.title,
        abstract=entry.abstract,
        code_links=code_links,
        links=links,
        upvotes=card.upvotes if opening else None,
        submitted_by=card.submitted_by if opening else None,
        rank=rank,
        location=location,
    )
    if not entry.complete or not card.has_metadata:
        problems.append(
            Problem(
                "missing-metadata",
                f"no author count or date follows {entry.title!r}",
                location,
                entry.title,
            )
        )
        return paper, problems
    published, resolution = resolve(card.date, basis) if card.date else (None, None)
    paper = attrs.evolve(
        paper,
        author_count=card.author_count,
        organization=card.organization,
        comments=card.comments,
        published=published,
        published_text=card.date.text if card.date else None,
        date_resolution=resolution,
    )
    if card.date is not None and published is None:
        problems.append(_unresolved_year(card.date, location))
    return paper, problems


def _unresolved_year(date: DisplayDate, location: Location) -> Problem:
    return Problem(
        "unresolved-year",
        f"{date.text!r} has no year and nothing on the page gives one; pass reference_date",
        location,
        date.text,
    )
