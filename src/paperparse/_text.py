"""Text stage 2: assemble classified lines into paper cards, then into a Listing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

import attrs

from ._dates import DisplayDate, YearBasis, choose_year_basis, resolve
from ._errors import ParseError
from ._links import arxiv_id_from_url, describe_page_url, find_urls, paper_url, split_links
from ._model import Listing, Location, Paper, Problem
from ._rendering import render_lines
from ._source import Source
from ._text_tokens import Kind, Token, tokenize

# An abstract is long prose; a title is short. Lines between are judged by whether they
# read as sentences.
_ABSTRACT_MIN_LENGTH: Final = 250
_PROSE_MIN_LENGTH: Final = 100
_SENTENCE_MIN_LENGTH: Final = 60
_SENTENCE_BREAK: Final = re.compile(r"[.!?]\s+[A-Z(]")
# Hub URLs that are navigation, not something the paper links to.
_HUB_INTERNAL: Final = re.compile(r"\Ahttps?://(?:www\.)?(?:huggingface\.co|hf\.co)(?:/|\Z)")


@attrs.define
class _Card:
    """A paper card being collected, before its texts are split into title and abstract."""

    first_line: int
    last_line: int
    texts: list[Token] = attrs.Factory(list)
    arxiv_id: str | None = None
    upvotes: int | None = None
    submitted_by: str | None = None
    author_count: int | None = None
    organization: str | None = None
    date: DisplayDate | None = None
    comments: int | None = None
    github_repo: str | None = None
    github_stars: int | None = None
    links: list[str] = attrs.Factory(list)
    in_metadata: bool = False  # authors, separator or date seen: the card's tail
    wants_user: bool = False  # a bare "Submitted by" line: the user is on the next line

    def add(self, token: Token) -> None:
        self.last_line = max(self.last_line, token.last_line)

    @property
    def is_paper_card(self) -> bool:
        """Shows something only a paper card shows, beyond lines of text."""
        return (
            self.has_metadata
            or self.arxiv_id is not None
            or self.upvotes is not None
            or self.submitted_by is not None
        )

    @property
    def has_metadata(self) -> bool:
        return (
            self.author_count is not None
            or self.organization is not None
            or self.date is not None
            or self.github_stars is not None
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
    urls: tuple[str, ...]


def parse_text(source: Source, *, reference_date: dt.date | None) -> Listing:
    """Parse a plain-text or markdown rendering of a papers page."""
    lines, meta = render_lines(source.text, markdown=source.input_format == "markdown")
    tokens = list(tokenize(lines))
    address = describe_page_url(meta.url)
    if address.kind == "paper" or (address.kind == "unknown" and _is_paper_page(tokens)):
        from ._text_paper import parse_paper_page

        return parse_paper_page(tokens, meta, address, source=source, reference_date=reference_date)

    assembler = _Assembler(tokens)
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
        problems.extend(_unparsed(card) for card in cards)
        cards = []
    entries = _collapse_duplicates(_split_cards(cards, problems), problems)
    entries = _drop_truncated_tail(entries, problems)

    explicit_years = [
        entry.card.date.year
        for entry in entries
        if entry.card.date is not None and entry.card.date.year is not None
    ]
    basis = choose_year_basis(
        reference_date=reference_date,
        retrieved=meta.retrieved,
        page_date=assembler.page_date,
        explicit_years=explicit_years,
    )
    page_date = address.page_date
    if page_date is None and assembler.page_date is not None:
        page_date = resolve(assembler.page_date, basis)[0]
        if page_date is None:
            line = assembler.page_date_line
            problems.append(_unresolved_year(assembler.page_date, Location(line, line)))

    papers: list[Paper] = []
    for rank, entry in enumerate(entries, start=1):
        paper, paper_problems = _build_paper(entry, rank=rank, basis=basis)
        papers.append(paper)
        problems.extend(paper_problems)
    problems.sort(key=lambda problem: problem.location.line or 0)
    kind = address.kind if address.kind != "unknown" else assembler.kind
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
    )


def _is_paper_page(tokens: Sequence[Token]) -> bool:
    """A single paper's page: an Abstract section and a "Published on" or arXiv mark."""
    kinds = {token.kind for token in tokens}
    labels = {token.label for token in tokens if token.kind is Kind.LABEL}
    published = any(t.kind is Kind.DATE and t.label == "published" for t in tokens)
    authors_counts = sum(token.kind is Kind.AUTHORS for token in tokens)
    return (
        "abstract" in labels
        and (published or Kind.ARXIV in kinds or "authors" in labels)
        and authors_counts <= 1
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
        self.saw_chrome = False  # page chrome ("Daily Papers", "Subscribe"...) was seen
        # Whether cards on this page open with their upvote count (daily and trending
        # layouts); decides what a lone number after a card's metadata is.
        self.counts_open_cards: bool | None = None

    def run(self) -> list[_Card]:
        for index, token in enumerate(self.tokens):
            _HANDLERS.get(token.kind, _Assembler.on_ignored)(self, token, index)
        self._close()
        return self.cards

    # -- card lifecycle -------------------------------------------------------------

    def _open(self, token: Token) -> _Card:
        self._close()
        self.card = _Card(first_line=token.line, last_line=token.last_line)
        return self.card

    def _close(self) -> None:
        card, self.card = self.card, None
        if card is None:
            return
        if card.texts or card.has_metadata:
            self.cards.append(card)
        elif card.upvotes is not None or card.submitted_by is not None:
            self.problems.append(
                Problem(
                    "unparsed-block",
                    "a card opening with no title after it",
                    Location(line=card.first_line, end_line=card.last_line),
                    f"upvotes={card.upvotes} submitted_by={card.submitted_by}",
                )
            )

    def _current(self, token: Token) -> _Card:
        """The open card, or a new one when the open card's metadata is complete."""
        if self.card is None or self.card.in_metadata:
            return self._open(token)
        return self.card

    # -- one handler per line kind ----------------------------------------------------

    def on_ignored(self, token: Token, index: int) -> None:
        """Paper-page pieces (labels, day rank) carry nothing for a listing card."""

    def on_text(self, token: Token, index: int) -> None:
        card = self.card
        if card is not None and card.wants_user:
            card.submitted_by, card.wants_user = token.text, False
            card.add(token)
            return
        paper_id = _paper_id(token)
        if (
            card is not None
            and card.texts
            and paper_id is not None
            and card.arxiv_id is not None
            and paper_id != card.arxiv_id
        ):
            card = self._open(token)  # the open card lost its metadata; a new title begins
        card = self._current(token)
        if card.arxiv_id is None and paper_id is not None:
            card.arxiv_id = paper_id
        card.texts.append(token)
        card.add(token)

    def on_chrome(self, token: Token, index: int) -> None:
        self.saw_chrome = True
        if self.cards or (self.card is not None and self.card.has_metadata):
            return
        # Page chrome before the first card: whatever text came before it was a capture
        # tool's header or the page's own, not a paper.
        self.card = None
        if token.text.lower() == "trending papers":
            self.kind = "trending"

    def on_submitted_by(self, token: Token, index: int) -> None:
        card = self.card
        if card is None or card.in_metadata or card.texts or card.upvotes is not None:
            card = self._open(token)
        card.add(token)
        card.submitted_by = token.label
        card.wants_user = card.submitted_by is None

    def on_count(self, token: Token, index: int) -> None:
        card = self.card
        target = _login_target(token)
        if any(url.endswith("#community") for url in token.urls) and card is not None:
            card.comments = token.count  # the comment link: "Sep 3, 2024" then "2"
            card.add(token)
            return
        if (
            card is not None
            and card.in_metadata
            and target is None
            and card.comments is None
            and self._count_is_comments(index)
        ):
            card.comments = token.count
            card.add(token)
            return
        if card is None or card.in_metadata or card.texts or card.upvotes is not None:
            card = self._open(token)
        if self.counts_open_cards is None:
            self.counts_open_cards = True
        card.upvotes = token.count
        card.arxiv_id = card.arxiv_id or target
        card.wants_user = False
        card.add(token)

    def on_upvote(self, token: Token, index: int) -> None:
        """The labelled button: after the card's metadata in newer layouts, before in older."""
        card = self.card
        if card is not None and card.texts and card.upvotes is None:
            card.upvotes = token.count
            card.add(token)
            return
        self.on_count(token, index)

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
        card.author_count = token.count
        card.in_metadata = True
        card.add(token)

    def on_separator(self, token: Token, index: int) -> None:
        card = self.card
        if card is None:
            return
        if not card.in_metadata:
            self._take_organization_from_texts(card)
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

    def on_github(self, token: Token, index: int) -> None:
        card = self.card
        if card is None or card.github_stars is not None:
            return
        card.github_stars = token.count
        code, other = split_links(token.urls)
        card.github_repo = code[0] if code else None
        card.links.extend(other)
        card.in_metadata = True
        card.add(token)

    def _take_organization_from_texts(self, card: _Card) -> None:
        """A short line just before the card's dot is the organisation shown in its place."""
        if len(card.texts) < 2:
            return
        last = card.texts[-1]
        if not _looks_like_abstract(last.text) and _paper_id(last) is None:
            card.organization = card.texts.pop().text


_HANDLERS: Final = {
    Kind.TEXT: _Assembler.on_text,
    Kind.CHROME: _Assembler.on_chrome,
    Kind.SUBMITTED_BY: _Assembler.on_submitted_by,
    Kind.COUNT: _Assembler.on_count,
    Kind.UPVOTE: _Assembler.on_upvote,
    Kind.AUTHORS: _Assembler.on_authors,
    Kind.SEPARATOR: _Assembler.on_separator,
    Kind.DATE: _Assembler.on_date,
    Kind.GITHUB: _Assembler.on_github,
}


def _unparsed(card: _Card) -> Problem:
    return Problem(
        "unparsed-block",
        "text on a papers page that is no paper card",
        Location(line=card.first_line, end_line=card.last_line),
        "\n".join(token.text for token in card.texts),
    )


def _paper_id(token: Token) -> str | None:
    """The arXiv id of the Hub paper page a line links to (not its comments or login)."""
    for url in token.urls:
        if _HUB_INTERNAL.match(url) and "/papers/" in url and "#" not in url:
            return arxiv_id_from_url(url)
    return None


def _login_target(token: Token) -> str | None:
    """The paper an upvote button points at: ``/login?next=/papers/ID``."""
    for url in token.urls:
        if "login?next=" in url:
            return arxiv_id_from_url(url.replace("%2F", "/").replace("%2f", "/"))
    return None


def _looks_like_abstract(text: str) -> bool:
    if len(text) >= _ABSTRACT_MIN_LENGTH:
        return True
    if len(text) >= _SENTENCE_MIN_LENGTH and text.endswith("."):
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
        if not card.texts:
            problems.append(
                Problem(
                    "unparsed-block",
                    "paper metadata with no title before it",
                    Location(line=card.first_line, end_line=card.last_line),
                    f"lines {card.first_line}-{card.last_line}",
                )
            )
            continue
        groups = _group_titles(card.texts)
        for position, group in enumerate(groups):
            last = position == len(groups) - 1
            entries.append(
                _Entry(
                    title=group[0].text,
                    abstract=" ".join(token.text for token in group[1:]) or None,
                    card=card,
                    first_line=card.first_line if position == 0 else group[0].line,
                    last_line=card.last_line if last else group[-1].last_line,
                    complete=last,
                    urls=tuple(url for token in group for url in token.urls),
                )
            )
    return entries


def _group_titles(texts: Sequence[Token]) -> list[list[Token]]:
    """Group a card's text lines as [title, abstract lines...] per paper."""
    if len(texts) <= 2:
        return [list(texts)]
    if texts[0].heading or _paper_id(texts[0]) is not None:
        # Markup tells titles apart: a heading, or a link to the paper's page.
        groups: list[list[Token]] = []
        for token in texts:
            if not groups or token.heading:
                groups.append([token])
            else:
                groups[-1].append(token)
        return groups
    if any(_looks_like_abstract(token.text) for token in texts):
        groups = []
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
    entry: _Entry, *, rank: int, basis: YearBasis | None
) -> tuple[Paper, list[Problem]]:
    card = entry.card
    problems: list[Problem] = []
    location = Location(line=entry.first_line, end_line=entry.last_line)
    external = [url for url in entry.urls if not _HUB_INTERNAL.match(url)]
    code_links, links = split_links([*find_urls(entry.abstract or ""), *external, *card.links])
    if card.github_repo and card.github_repo not in code_links:
        code_links = (card.github_repo, *code_links)
    opening = entry.first_line == card.first_line  # the card's upvotes sit before its title
    arxiv_id = card.arxiv_id if entry.complete or opening else None
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
        github_repo=card.github_repo,
        github_stars=card.github_stars,
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
