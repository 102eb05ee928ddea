"""Text stage 2a: walk classified lines once, opening and closing paper cards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

from .._bounds import RAW_LIMIT
from .._fields.dates import DisplayDate
from .._fields.links import split_links
from .._fields.names import organization_name
from .._model import Location, Problem
from .card_clues import is_profile_link, login_target, looks_like_abstract, paper_id
from .line_kinds import Kind, Token


@attrs.define
class Card:
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
        last = token.end_line or token.line  # Token.last_line, without a property call
        if last > self.last_line:
            self.last_line = last

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


class CardAssembler:
    """Walks the tokens once, opening and closing cards."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.cards: list[Card] = []
        self.problems: list[Problem] = []
        self.page_date: DisplayDate | None = None
        self.page_date_line: int | None = None
        self.kind = "unknown"
        self.card: Card | None = None
        self.saw_chrome = False  # page chrome ("Daily Papers", "Subscribe"...) was seen
        # Text set aside as a header before the first card: reported if no card follows.
        self.set_aside: list[Card] = []
        self.last_content = -1  # the last token that is not page chrome (set by run)
        # Whether cards on this page open with their upvote count (daily and trending
        # layouts); decides what a lone number after a card's metadata is.
        self.counts_open_cards: bool | None = None

    def run(self) -> list[Card]:
        # Where the page's content ends and only its footer follows.
        self.last_content = next(
            (i for i in range(len(self.tokens) - 1, -1, -1) if self.tokens[i].kind != Kind.CHROME),
            -1,
        )
        handler, ignored = _HANDLERS.get, CardAssembler.on_ignored  # (looked up once)
        for index, token in enumerate(self.tokens):
            handler(token.kind, ignored)(self, token, index)
        self._close()
        return self.cards

    # -- card lifecycle -------------------------------------------------------------

    def _open(self, token: Token) -> Card:
        self._close()
        self.card = Card(token.line, token.end_line or token.line)  # (first and last line)
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

    def _current(self, token: Token) -> Card:
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
        linked = paper_id(token) if token.urls else None  # (plain text links nothing)
        if (
            card is not None
            and card.texts
            and linked is not None
            and card.arxiv_id is not None
            and linked != card.arxiv_id
            and not looks_like_abstract(token.text)  # prose citing another paper goes on
        ):
            card = self._open(token)  # the open card lost its metadata; a new title begins
        if card is not None and card.arxiv_id and card.texts and is_profile_link(token):
            # A short line linking to a Hub profile after the title is the organisation
            # shown in place of the author count (newer cards print no dot before it).
            card.organization = organization_name(token.text)
            card.in_metadata = True
            card.add(token)
            return
        card = self._current(token)
        if card.arxiv_id is None and linked is not None:
            card.arxiv_id = linked
        card.texts.append(token)
        card.add(token)

    def on_chrome(self, token: Token, index: int) -> None:
        self.saw_chrome = True
        if self.cards or (self.card is not None and self.card.has_metadata):
            return
        # Page chrome before the first card: whatever text came before it was a capture
        # tool's header or the page's own, not a paper.
        if self.card is not None and self.card.texts:
            self.set_aside.append(self.card)
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
        target = login_target(token)
        if any(url.endswith("#community") for url in token.urls) and card is not None:
            card.comments = token.count  # the comment link: "Sep 3, 2024" then "2"
            card.add(token)
            return
        if card is not None and card.arxiv_id is not None and card.texts:
            # Where the page links a count tells what it is: the upvote button points at the
            # login page for this paper, the GitHub-stars badge at the paper page itself.
            if target == card.arxiv_id and card.upvotes is None:
                card.upvotes = token.count
                card.add(token)
                return
            if paper_id(token) == card.arxiv_id and card.github_stars is None:
                card.github_stars = token.count
                card.in_metadata = True
                card.add(token)
                return
        if card is not None and card.in_metadata and target is None and card.comments is None:
            if card.github_stars is None and self._stars_then_comments(index):
                card.github_stars = token.count  # "2" then "1": a newer card's two widgets
                card.add(token)
                return
            if self._count_is_comments(index):
                card.comments = token.count
                card.add(token)
                return
        if (
            card is not None
            and card.texts
            and card.upvotes is not None
            and not card.in_metadata
            and target is None
            and self._card_ends_after(index)
        ):
            self._lone_count(card, token)
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

    def _lone_count(self, card: Card, token: Token) -> None:
        """A count alone after a card's title (and organisation), its upvotes read before:
        the GitHub stars or the comments of a newer card, copied without the icons and
        links that tell them apart. Which one it is is not guessed."""
        self._take_organization_from_texts(card)
        card.in_metadata = True
        card.add(token)
        self.problems.append(
            Problem(
                "ambiguous-count",
                f"a count alone after {card.texts[0].text[:80]!r}: its GitHub stars or its"
                " comments, which the rendering does not tell apart",
                Location(line=token.line, end_line=token.last_line),
                token.text,
            )
        )

    def _card_ends_after(self, index: int) -> bool:
        """Whether the next card opens (or the page's content ends) after this token."""
        following = self.tokens[index + 1].kind if index + 1 < len(self.tokens) else None
        return following in (Kind.SUBMITTED_BY, None) or index >= self.last_content

    def _stars_then_comments(self, index: int) -> bool:
        """Two lone counts after a card's metadata, and then the next card's submitter (or
        the page's end): the GitHub stars and the comments, as "12 2" prints them on one
        line. (Where cards open with their upvotes, a title follows the second count.)"""
        tokens = self.tokens
        if index + 1 >= len(tokens) or tokens[index + 1].kind != Kind.COUNT:
            return False
        if login_target(tokens[index + 1]) is not None:
            return False
        return self._card_ends_after(index + 1)

    def _count_is_comments(self, index: int) -> bool:
        """A lone number after a card's metadata: its comment count, or the next upvotes?"""
        following = self.tokens[index + 1].kind if index + 1 < len(self.tokens) else None
        if following in (Kind.COUNT, Kind.SUBMITTED_BY, None) or index >= self.last_content:
            return True  # the next card opens otherwise, or the page (or its content) ends here
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
        if card is None or (card.github_stars is not None and token.count is not None):
            return
        code, other = split_links(token.urls)
        card.github_stars = card.github_stars if token.count is None else token.count
        card.github_repo = card.github_repo or (code[0] if code else None)
        card.links.extend(other)
        card.in_metadata = True
        card.add(token)

    def on_stars_and_comments(self, token: Token, index: int) -> None:
        """A newer card's last line, copied without its links: stars, then comments."""
        card = self.card
        if card is None or not card.texts or card.github_stars is not None:
            self.on_count(attrs.evolve(token, kind=Kind.COUNT), index)
            return
        if not card.in_metadata:
            self._take_organization_from_texts(card)
        card.github_stars, card.comments = token.count, token.second
        card.in_metadata = True
        card.add(token)

    def _take_organization_from_texts(self, card: Card) -> None:
        """A short line just before the card's dot is the organisation shown in its place."""
        if len(card.texts) < 2:
            return
        last = card.texts[-1]
        if not looks_like_abstract(last.text) and paper_id(last) is None:
            card.organization = organization_name(card.texts.pop().text)


_HANDLERS: Final = {
    Kind.TEXT: CardAssembler.on_text,
    Kind.CHROME: CardAssembler.on_chrome,
    Kind.SUBMITTED_BY: CardAssembler.on_submitted_by,
    Kind.COUNT: CardAssembler.on_count,
    Kind.UPVOTE: CardAssembler.on_upvote,
    Kind.AUTHORS: CardAssembler.on_authors,
    Kind.SEPARATOR: CardAssembler.on_separator,
    Kind.DATE: CardAssembler.on_date,
    Kind.GITHUB: CardAssembler.on_github,
    Kind.STARS_AND_COMMENTS: CardAssembler.on_stars_and_comments,
}


def unparsed(card: Card) -> Problem:
    text = "\n".join(token.text for token in card.texts)
    return Problem(
        "unparsed-block",
        "text on a papers page that is no paper card",
        Location(line=card.first_line, end_line=card.last_line),
        text if len(text) <= RAW_LIMIT else text[: RAW_LIMIT - 3] + "...",
    )
