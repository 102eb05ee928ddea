"""Inspect stage: where each field of a paper came from, as the layer and its location.

Found by asking the parser's own stages again, never from a copy of their rules:

* A paper read from JSON (an API response, JSON Lines, an HTML page's embedded props) is
  mapped once more from its item, then once per key with that key left out: a field that
  changes came from that key, at that key's JSON pointer.
* A paper read from lines (text, markdown) is held to the tokens of its own lines, as the
  tokenizer classifies them: a field comes from the token that shows its value (a count, a
  date's text, a link, the title's text).

A field neither way pins down is shown with the paper's whole location, marked "(card)".
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from .._model import Listing, Location, Paper, ParseError

# Fields that are not read from the page but made from other fields, or from the order.
DERIVED: Final = {
    "url": "from arxiv_id",
    "date_resolution": "how published was dated",
    "rank": "the paper's place on the page",
}
_IGNORED: Final = frozenset({"location"})


@attrs.frozen
class Origin:
    """Where one field's value was read: a layer, and a line or a JSON pointer in it."""

    layer: str
    where: str

    def __str__(self) -> str:
        return f"{self.layer} {self.where}" if self.layer else self.where


def field_origins(listing: Listing, document: str | None) -> list[dict[str, Origin]]:
    """For each paper of ``listing``, its fields' origins; ``document`` is the decoded text
    the listing was parsed from (without it, every field has the paper's location)."""
    if document is None:
        return [_whole(paper, _layer_of(listing, paper)) for paper in listing.papers]
    items = _JsonItems(document, listing.input_format)
    tree = _Tree(document)
    tokens: list[Any] | None = None
    found = []
    for paper in listing.papers:
        layer = _layer_of(listing, paper)
        path = paper.location.path
        if layer == "dom" and path:
            found.append(_from_tokens(paper, tree.card_tokens(path), layer))
        elif (path or "").startswith("/") or listing.input_format == "jsonl":
            item = items.at(paper.location)
            pointer = path or ""
            if listing.input_format == "jsonl":  # the item is its line: name the line
                pointer = f"line {paper.location.line} "
            found.append(_from_item(paper, item, pointer, layer) if item else _whole(paper, layer))
        elif paper.location.line is not None and listing.input_format in ("text", "markdown"):
            if tokens is None:
                tokens = _tokens(document, markdown=listing.input_format == "markdown")
            found.append(_from_tokens(paper, _within(tokens, paper.location), layer))
        else:
            found.append(_whole(paper, layer))
    return found


def _layer_of(listing: Listing, paper: Paper) -> str:
    """The layer a paper was read from: the embedded JSON (its path says ``@data-props``),
    the visible page, the API JSON, or the text."""
    path = paper.location.path or ""
    if "@data-props" in path:
        return next((layer for layer in listing.layers if layer.startswith("hydration")), "")
    if listing.input_format in ("html", "mhtml", "webarchive"):
        return "dom"
    return listing.layers[-1] if listing.layers else listing.input_format


def _whole(paper: Paper, layer: str) -> dict[str, Origin]:
    where = Origin(layer, f"{paper.location} (card)")
    return {name: where for name in _shown_fields(paper)}


def _shown_fields(paper: Paper) -> Iterator[str]:
    for field in attrs.fields(Paper):
        if field.name not in _IGNORED and getattr(paper, field.name) not in (None, ()):
            yield field.name


# --- JSON: each key left out once -------------------------------------------------------


class _JsonItems:
    """The JSON items a document's papers were read from, by their location."""

    def __init__(self, document: str, input_format: str) -> None:
        self.document = document
        self.input_format = input_format
        self._decoded: Any = None
        self._props: dict[str, Any] = {}

    def at(self, location: Location) -> Mapping[str, Any] | None:
        path = location.path or ""
        element, marker, pointer = path.partition("/@data-props")
        try:
            if marker:
                return _resolve(self._props_of(element), pointer)
            if self.input_format == "jsonl" and location.line is not None:
                # The item is the line; its pointer counts the lines as one list's items.
                line = self.document.split("\n")[location.line - 1]  # as the reader splits
                return _resolve(json.loads(line), "")
            if self._decoded is None:
                self._decoded = json.loads(self.document)
            return _resolve(self._decoded, path)
        except (ValueError, IndexError, KeyError, TypeError, RecursionError):
            return None  # not what the parser read (a salvaged document): no key to name

    def _props_of(self, element: str) -> Any:
        if element not in self._props:
            from lxml import html

            root = html.fromstring(self.document.encode("utf-8"))
            matches: Any = root.getroottree().xpath(element)
            (found,) = matches
            props = found.get("data-props") or found.get("props") or ""
            self._props[element] = json.loads(props)
        return self._props[element]


def _resolve(value: Any, pointer: str) -> Mapping[str, Any] | None:
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value if isinstance(value, Mapping) else None


def _from_item(
    paper: Paper, item: Mapping[str, Any], pointer: str, layer: str
) -> dict[str, Origin]:
    from .._hub.items import paper_from_hub

    def mapped(changed: Mapping[str, Any]) -> Paper | None:
        return paper_from_hub(changed, pointer=pointer)[0]

    whole = mapped(item)
    origins: dict[str, Origin] = {}
    if whole is None:
        return _whole(paper, layer)
    nested = item.get("paper") if isinstance(item.get("paper"), Mapping) else None
    keys: list[tuple[tuple[str, ...], str]] = [(("paper",), key) for key in nested or ()]
    keys += [((), key) for key in item if key != "paper" or nested is None]
    for parents, key in keys:
        without = _without(item, parents, key)
        other = mapped(without)
        for name in _shown_fields(whole):
            if name in DERIVED:
                continue
            if other is None or getattr(other, name) != getattr(whole, name):
                where = "/".join((pointer, *parents, key))
                origins.setdefault(name, Origin(layer, where))
    for name in _shown_fields(paper):
        value = getattr(paper, name)
        if name in DERIVED:
            origins[name] = Origin("", DERIVED[name])
        elif name in origins and value == getattr(whole, name):
            continue
        elif value == getattr(whole, name) and (same := _holding(item, keys, value)):
            # A value several keys hold (a title in the item and in its paper): the mapper
            # reads one and falls back on the other, so leaving one out changes nothing.
            where = "/".join((pointer, *same[0][0], same[0][1]))
            also = ", ".join("/".join((pointer, *parents, key)) for parents, key in same[1:])
            origins[name] = Origin(layer, f"{where} (also {also})" if also else where)
        else:
            # Set by the page around the item (a visible card's count the JSON lacked), or
            # by several keys together: the item as a whole.
            origins[name] = Origin(layer, f"{pointer} (card)")
    return origins


def _holding(
    item: Mapping[str, Any], keys: Sequence[tuple[tuple[str, ...], str]], value: object
) -> list[tuple[tuple[str, ...], str]]:
    """The keys whose raw value is ``value`` (whitespace aside)."""
    found = []
    for parents, key in keys:
        raw = item["paper"][key] if parents else item[key]
        if isinstance(raw, str) and isinstance(value, str):
            if " ".join(raw.split()) == value:
                found.append((parents, key))
        elif type(raw) is type(value) and raw == value:
            found.append((parents, key))
    return found


def _without(item: Mapping[str, Any], parents: Sequence[str], key: str) -> dict[str, Any]:
    copy = dict(item)
    if parents:
        copy["paper"] = {k: v for k, v in item["paper"].items() if k != key}
    else:
        del copy[key]
    return copy


# --- lines: the token that shows the value -----------------------------------------------


def _tokens(document: str, *, markdown: bool) -> list[Any]:
    from .._text.rendering import render_lines
    from .._text.tokens import tokenize

    lines, _meta = render_lines(document, markdown=markdown)
    return list(tokenize(lines))


class _Tree:
    """The HTML page as the parser built it, for the visible cards' own lines."""

    def __init__(self, document: str) -> None:
        self.document = document
        self._root: Any = None

    def card_tokens(self, path: str) -> list[Any]:
        from .._html.tree import build_tree
        from .._html.visible import element_lines
        from .._sources.loading import load
        from .._text.tokens import tokenize

        try:
            if self._root is None:
                self._root = build_tree(load(self.document))[0].getroottree()
            (card,) = self._root.xpath(path)
        except (ParseError, ValueError, TypeError):
            return []
        return list(tokenize(element_lines(card)))


def _within(tokens: Sequence[Any], location: Location) -> list[Any]:
    first = location.line or 0
    last = location.end_line or first
    return [token for token in tokens if first <= token.line <= last]


def _from_tokens(paper: Paper, own: Sequence[Any], layer: str) -> dict[str, Origin]:
    origins: dict[str, Origin] = {}
    for name in _shown_fields(paper):
        if name in DERIVED:
            origins[name] = Origin("", DERIVED[name])
            continue
        value = getattr(paper, name)
        if name in ("published", "published_text"):
            shown = [
                token for token in own if token.date and token.date.text == paper.published_text
            ]
        else:
            shown = [token for token in own if _shows(token, value)]
        if not shown:
            origins[name] = Origin(layer, f"{paper.location} (card)")
        elif name == "abstract":  # its paragraphs, first to last
            origins[name] = Origin(layer, _lines(shown[0], shown[-1]))
        elif isinstance(value, int) and len(shown) > 1:  # the same number twice: doubtful
            origins[name] = Origin(layer, " or ".join(_lines(token) for token in shown))
        else:
            origins[name] = Origin(layer, _lines(shown[0]))
    return origins


def _shows(token: Any, value: object) -> bool:
    """Whether a token shows ``value``: a number as its count, a date as its date, text in
    its text, an address or an id in its links."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value in (token.count, token.second)
    if isinstance(value, tuple):
        return any(_shows(token, each) for each in value)
    if hasattr(value, "isoformat"):
        return token.date is not None
    text = str(value)
    if len(text) <= 2:
        return False  # too short to tell where it stands
    if text in token.text or any(text in url for url in token.urls):
        return True
    bare = text.partition("://")[2]  # an address the page printed without its scheme
    if bare and bare in token.text:
        return True
    return len(token.text) > 20 and token.text in text  # a paragraph of a longer abstract


def _lines(first: Any, last: Any | None = None) -> str:
    end = (last or first).last_line
    return f"line {first.line}" if end == first.line else f"lines {first.line}-{end}"
