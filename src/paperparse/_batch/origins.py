"""Inspect stage: where each field of a paper came from, found by running the parser's own
stages again on the same document, never from a copy of their rules.

* From JSON: the item is mapped again by the Hub mapper, handed it in a wrapper that notes
  each key read; cut down to those keys, then mapped once per key with that key left out,
  a field that changes came from that key, at its JSON pointer.
* From a listing's lines (text, markdown, visible HTML cards): the card assembler walks the
  same tokens from a list that watches it, noting which token set each value of a card.
* From a paper page (read by no card walk): every token of the page's kind for the field
  that shows its value.

What none of these pins down is at the paper's whole location, marked ``(card)`` (``(item)``
for JSON), rather than at a line or key that was guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from .._model import Location, Paper
from .._text.cards import Card, CardAssembler
from .._text.line_kinds import Kind, Token

# Fields made from other fields, or from the order of the papers, not read from the page.
DERIVED: Final = {
    "url": "from arxiv_id",
    "date_resolution": "from published (how its year was found)",
    "rank": "from the paper's place on the page",
}
# Card attributes that are the assembler's bookkeeping, not a value read from the page.
_BOOKKEEPING: Final = frozenset({"first_line", "last_line", "in_metadata", "wants_user"})
_CARD_VALUES: Final = tuple(
    field.name
    for field in attrs.fields(Card)
    if field.name not in _BOOKKEEPING | {"texts", "links"}
)
# The card attribute each field is copied from (the others have the field's own name).
_CARD_ATTRIBUTE: Final = {"published": "date", "published_text": "date"}


@attrs.frozen
class Origin:
    """Where one field's value was read: a layer, and a line or a JSON pointer in it."""

    layer: str
    """The layer (``"hydration:DailyPapers"``, ``"dom"``, ``"api-json"``, ``"text"``...);
    empty for a field derived from others."""
    where: str
    """The line, lines or JSON pointer in that layer, or how the field was derived."""

    def __str__(self) -> str:
        return f"{self.layer} {self.where}" if self.layer else self.where


def located(location: Location) -> str:
    """A location in full: its line or lines, and its path when it has both."""
    if location.line is not None and location.path:
        return f"{location} ({location.path})"
    if location.line is None and location.path == "":
        return "the document itself"  # the empty JSON pointer: a bare paper object
    return str(location)


def shown_fields(paper: Paper) -> Iterator[str]:
    """The fields a paper has a value for, in the model's order (its location aside)."""
    for field in attrs.fields(Paper):
        if field.name != "location" and getattr(paper, field.name) not in (None, ()):
            yield field.name


def whole(paper: Paper, layer: str, *, mark: str = "(card)") -> dict[str, Origin]:
    """Every field at the paper's whole location (but the derived ones, which say so)."""
    at = Origin(layer, f"{located(paper.location)} {mark}")
    return {name: _derived(name) or at for name in shown_fields(paper)}


def _derived(name: str) -> Origin | None:
    return Origin("", DERIVED[name]) if name in DERIVED else None


# --- JSON: the keys the mapper read each value from ------------------------------------------


class _Reading(dict[str, Any]):
    """An item, or its paper object, that notes each key the mapper reads a value from."""

    def __init__(self, data: Mapping[str, Any], read: list[tuple[str, ...]], *parents: str):
        super().__init__(data)
        self._read = read
        self._parents = parents

    def get(self, key: str, default: Any = None) -> Any:
        value = super().get(key, default)
        if value is not None and super().__contains__(key):
            self._read.append((*self._parents, key))
        return value

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        self._read.append((*self._parents, key))
        return value


def item_origins(
    paper: Paper,
    item: Mapping[str, Any],
    layer: str,
    prefix: str,
    *,
    line: int | None = None,
) -> dict[str, Origin]:
    """The origins of a paper mapped from ``item``: each field at the keys that gave it.

    ``prefix`` is the item's JSON pointer, which makes its keys' pointers; in JSON Lines the
    item is its ``line``, and the pointers are the line's own. A field no key of the item
    gave (a paper page's comment count, set from its props) is at the item, ``(item)``.
    """
    from .._hub.items import paper_from_hub

    def mapped(changed: Mapping[str, Any]) -> Paper | None:
        return paper_from_hub(changed, pointer=prefix)[0]

    read: list[tuple[str, ...]] = []
    nested = item.get("paper")
    watched = _Reading(item, read)
    if isinstance(nested, Mapping):
        dict.__setitem__(watched, "paper", _Reading(nested, read, "paper"))
    again = mapped(watched)
    if again is None:
        return whole(paper, layer, mark="(item)")
    keys = [key for key in dict.fromkeys(read) if key != ("paper",) or nested is None]
    base = _only(item, keys)
    if mapped(base) != again:  # something read otherwise (a value found by its form): all keys
        base = dict(item)
        keys = [(key,) for key in item if key != "paper" or not isinstance(nested, Mapping)]
        keys += [("paper", key) for key in (nested if isinstance(nested, Mapping) else ())]
    sources: dict[str, list[tuple[str, ...]]] = {}
    for key in keys:
        other = mapped(_without(base, key))
        # Without a title the mapper makes no paper: that key is the title's, and no other's.
        for name in ["title"] if other is None else _changed(again, other):
            sources.setdefault(name, []).append(key)
    # A field no one key changes is given by each of several alike (an address both in the
    # abstract and under projectPage): kept alone with the title's keys, each gives it; which
    # of them the mapper took, leaving keys out cannot tell, so they are named as choices.
    alike: dict[str, list[tuple[str, ...]]] = {}
    for name in shown_fields(again):
        if name in sources or name in DERIVED:
            continue
        for key in keys:
            alone = mapped(_only(base, [key, *sources.get("title", ())]))
            if alone is not None and getattr(alone, name) == getattr(again, name):
                alike.setdefault(name, []).append(key)
    pointers = {
        name: " + ".join(_pointer(prefix, key) for key in found) for name, found in sources.items()
    }
    pointers.update(
        (name, " or ".join(_pointer(prefix, key) for key in found)) for name, found in alike.items()
    )
    origins: dict[str, Origin] = {}
    for name in shown_fields(paper):
        if name in DERIVED:
            origins[name] = Origin("", DERIVED[name])
            continue
        found = pointers.get(name) if getattr(paper, name) == getattr(again, name) else None
        if not found:
            where = f"{located(paper.location)} (item)"
        else:
            where = (f"line {line} " if line is not None else "") + found
        origins[name] = Origin(layer, where)
    return origins


def _changed(paper: Paper, other: Paper) -> list[str]:
    return [name for name in shown_fields(paper) if getattr(other, name) != getattr(paper, name)]


def _pointer(prefix: str, key: tuple[str, ...]) -> str:
    return prefix + "".join(f"/{escaped(part)}" for part in key)


def escaped(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")  # as a JSON pointer spells a key


def _only(item: Mapping[str, Any], keys: Sequence[tuple[str, ...]]) -> dict[str, Any]:
    """``item`` with only ``keys`` in it (a nested paper object with only its own keys)."""
    wanted = set(keys)
    kept = {key: value for key, value in item.items() if (key,) in wanted}
    nested = item.get("paper")
    if isinstance(nested, Mapping):
        kept["paper"] = {key: value for key, value in nested.items() if ("paper", key) in wanted}
    return kept


def _without(item: Mapping[str, Any], key: tuple[str, ...]) -> dict[str, Any]:
    copy = dict(item)
    if len(key) == 2:
        copy["paper"] = {name: value for name, value in item["paper"].items() if name != key[1]}
    else:
        del copy[key[0]]
    return copy


# --- lines: which token the assembler took each value from -------------------------------


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
