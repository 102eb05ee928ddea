"""Inspect stage: the origins of the fields a listing's or a paper page's lines gave.

* A listing's lines (text, markdown, visible HTML cards): the card assembler walks the same
  tokens from a list that watches it, noting which token set each value of a card.
* A paper page (read by no card walk): every token of the page's kind for the field that
  shows its value.

The common parts (``Origin``, the derived fields, the whole-card fallback) are ``origins``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

import attrs

from .._model import Paper
from .._text.cards import Card, CardAssembler
from .._text.line_kinds import Kind, Token
from .origins import DERIVED, Origin, located, shown_fields, whole

# Card attributes that are the assembler's bookkeeping, not a value read from the page.
_BOOKKEEPING: Final = frozenset({"first_line", "last_line", "in_metadata", "wants_user"})
_CARD_VALUES: Final = tuple(
    field.name
    for field in attrs.fields(Card)
    if field.name not in _BOOKKEEPING | {"texts", "links"}
)
# The card attribute each field is copied from (the others have the field's own name).
_CARD_ATTRIBUTE: Final = {"published": "date", "published_text": "date"}


@attrs.define(eq=False)
class Assembled:
    """A card as the assembler left it, and the token that set each of its values."""

    card: Card
    values: dict[str, Token] = attrs.Factory(dict)
    links: dict[str, Token] = attrs.Factory(dict)


class _Watched(list[Token]):
    """The tokens a card assembler walks, noting after each one what it set on the card.

    The assembler reads its tokens in one ``for`` loop; this list hands them out one by
    one, and before handing out the next, compares the card with how it stood before.
    The walk stays the assembler's own: nothing of its rules is repeated here.
    """

    def __init__(self, tokens: Iterable[Token]) -> None:
        super().__init__(tokens)
        self.assembler: CardAssembler | None = None
        self.given: dict[int, Assembled] = {}  # by the card's id; each Assembled keeps it alive

    def __iter__(self) -> Iterator[Token]:
        for token in super().__iter__():
            assembler = self.assembler
            card = assembler.card if assembler is not None else None
            before = _state(card)
            yield token
            if card is not None:
                self._note(card, before, token)
            if assembler is not None and assembler.card not in (None, card):
                self._note(assembler.card, _state(None), token)  # a card this token opened

    def _note(self, card: Card, before: dict[str, Any], token: Token) -> None:
        given = self.given.setdefault(id(card), Assembled(card))
        kept = {id(text) for text in card.texts}
        lost = [text for text in before["texts"] if id(text) not in kept]
        for name in _CARD_VALUES:
            if getattr(card, name) != before[name]:
                # A short text before the card's dot, taken back as its organisation.
                lost_text = lost[-1] if lost and name == "organization" else None
                given.values[name] = lost_text or token
        for url in card.links[before["links"] :]:
            given.links.setdefault(url, token)


def _state(card: Card | None) -> dict[str, Any]:
    if card is None:
        return {**dict.fromkeys(_CARD_VALUES), "texts": (), "links": 0}
    state = {name: getattr(card, name) for name in _CARD_VALUES}
    return {**state, "texts": tuple(card.texts), "links": len(card.links)}


def assemble(tokens: Sequence[Token]) -> list[Assembled]:
    """The cards the assembler makes of ``tokens``, each with the token of each value."""
    watched = _Watched(tokens)
    assembler = CardAssembler(watched)
    watched.assembler = assembler
    cards = assembler.run()
    return [watched.given.get(id(card)) or Assembled(card) for card in cards]


def card_origins(paper: Paper, cards: Sequence[Assembled], layer: str) -> dict[str, Origin]:
    """The origins of a paper made of one of ``cards``: each field at the token that gave it
    (the title and abstract at their own texts, an address at the text or widget holding it)."""
    found = _card_of(paper, cards)
    if found is None:
        return whole(paper, layer)
    given, title = found
    texts = given.card.texts
    abstract = _abstract_tokens(paper, texts[texts.index(title) + 1 :])
    origins = whole(paper, layer)
    for name in shown_fields(paper):
        value, tokens = getattr(paper, name), None
        if name == "title":
            tokens = [title]
        elif name == "abstract" and abstract:
            tokens = [abstract[0], abstract[-1]]  # its paragraphs, first to last
        elif name in ("code_links", "links"):
            tokens = _link_tokens(value, [title, *abstract], given)
        elif name in _CARD_VALUES or name in _CARD_ATTRIBUTE:
            attribute = _CARD_ATTRIBUTE.get(name, name)
            held = getattr(given.card, attribute)
            if attribute == "date":  # the date as printed: the published day is made of it
                held, value = (held.text if held else None), paper.published_text
            token = given.values.get(attribute)
            tokens = [token] if token is not None and held == value else None
        if tokens:
            origins[name] = Origin(layer, _lines(tokens, span=name == "abstract"))
    return origins


def _card_of(paper: Paper, cards: Sequence[Assembled]) -> tuple[Assembled, Token] | None:
    """The card a paper was made of, and its title's token: the card whose texts hold the
    title, within the paper's lines (a visible card's papers share its element's line)."""
    first = paper.location.line or 0
    last = paper.location.end_line
    for given in cards:
        card = given.card
        if last is not None and (card.first_line > last or card.last_line < first):
            continue
        for token in card.texts:
            if token.text == paper.title and (last is None or first <= token.line <= last):
                return given, token
    return None


def _abstract_tokens(paper: Paper, following: Sequence[Token]) -> list[Token]:
    """The texts after the title that the abstract joins, or none if they do not add up."""
    if paper.abstract is None:
        return []
    parts: list[str] = []
    for count, token in enumerate(following, start=1):
        parts.append(token.text)
        if " ".join(parts) == paper.abstract:
            return list(following[:count])
    return []


def _link_tokens(
    urls: tuple[str, ...], own: Sequence[Token], given: Assembled
) -> list[Token] | None:
    """The tokens each address came from: a text of the paper that holds it (a link, or an
    address printed in the abstract), or the widget the assembler took it from."""
    found: list[Token] = []
    for url in urls:
        token = next((token for token in own if _holds(token, url)), None)
        if token is None:
            token = given.links.get(url)
        if token is None and url == given.card.github_repo:
            token = given.values.get("github_repo")
        if token is None:
            return None
        found.append(token)
    return found


def _holds(token: Token, url: str) -> bool:
    if url in token.urls or url in token.text:
        return True
    bare = url.partition("://")[2]  # an address the page printed without its scheme
    return bool(bare) and bare in token.text


def _lines(tokens: Sequence[Token], *, span: bool = False) -> str:
    """``line 16``; ``lines 14, 19`` (several tokens); with ``span``, from the first token's
    line to the last one's (an abstract's paragraphs): ``lines 26-28``."""
    spans = [(token.line, token.last_line) for token in tokens]
    if span:
        spans = [(spans[0][0], max(last for _, last in spans))]
    parts = list(dict.fromkeys(f"{a}-{b}" if b != a else str(a) for a, b in spans))
    one = len(parts) == 1 and "-" not in parts[0]
    return ("line " if one else "lines ") + ", ".join(parts)


# --- paper pages: the tokens that show each value ------------------------------------------

# The kinds of token a paper page shows each count in: a count alone tells nothing of
# what it counts, and the same number stands elsewhere (a day rank of 3, three authors).
_COUNT_KINDS: Final = {
    "upvotes": frozenset({Kind.UPVOTE, Kind.COUNT}),
    "comments": frozenset({Kind.COUNT, Kind.DATE}),
    "github_stars": frozenset({Kind.GITHUB}),
    "day_rank": frozenset({Kind.DAY_RANK}),
}


def page_origins(
    paper: Paper, tokens: Sequence[Token], layer: str, *, page_url: str | None = None
) -> dict[str, Origin]:
    """The origins of the one paper of a paper page, read from ``tokens`` (and the page's
    address ``page_url``): each field at every token of the paper's lines that shows its
    value, in a token of the kind that shows such a value."""
    # The page is the paper's, from its top: the arXiv mark stands above the title.
    last = paper.location.end_line or paper.location.line
    own = [token for token in tokens if last is None or token.line <= last]
    origins: dict[str, Origin] = {}
    for name in shown_fields(paper):
        value = getattr(paper, name)
        shown: list[Token] | None
        if name in DERIVED:
            origins[name] = Origin("", DERIVED[name])
            continue
        if name == "author_count" and len(paper.authors) == value:
            origins[name] = Origin("", "from authors (how many)")
            continue
        if name == "arxiv_id" and page_url and str(value) in page_url:
            origins[name] = Origin("", "from the page's address")
            continue
        if name in ("published", "published_text"):
            text = paper.published_text
            shown = [token for token in own if token.date and token.date.text == text]
        elif name == "submitted":
            shown = [token for token in own if _dates(token, value, paper.published_text)]
        elif name == "abstract":
            shown = [token for token in own if _in_abstract(token, str(value))]
        elif isinstance(value, tuple):  # each name or address at its own token
            each = [[token for token in own if _shows(token, one)] for one in value]
            shown = [token for tokens in each for token in tokens] if all(each) else None
        elif name in _COUNT_KINDS:
            kinds = _COUNT_KINDS[name]
            shown = [token for token in own if token.kind in kinds and _shows(token, value)]
        else:
            shown = [token for token in own if _shows(token, value)]
        if not shown:
            where = f"{located(paper.location)} (card)"
        elif name == "abstract" or isinstance(value, tuple):
            where = _lines(shown, span=name in ("abstract", "authors"))
        else:  # each token that shows it: which one the reader took, the page does not say
            where = " or ".join(_lines([token]) for token in shown)
        origins[name] = Origin(layer, where)
    return origins


def _dates(token: Token, day: object, published_text: str | None) -> bool:
    """Whether a token shows the day ``day`` (other than as the publication date)."""
    shown = token.date
    if shown is None or shown.text == published_text or not isinstance(day, dt.date):
        return False
    return (shown.month, shown.day) == (day.month, day.day) and shown.year in (None, day.year)


def _in_abstract(token: Token, abstract: str) -> bool:
    """A paragraph of the abstract (a short text could stand in it anywhere)."""
    text = token.text
    return token.kind == Kind.TEXT and (text == abstract or (len(text) > 20 and text in abstract))


def _shows(token: Token, value: object) -> bool:
    """Whether a token shows ``value``: a number as its count, text in its text (or as its
    label), an address in its links."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value in (token.count, token.second)
    text = str(value)
    if len(text) <= 2:
        return False  # too short to tell where it stands
    return _holds(token, text) or text == token.label
