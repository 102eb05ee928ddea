"""Inspect stage: a human-readable account of how one page was read.

Each paper's fields are shown with where each came from: the layer, and the line or JSON
pointer in it (``origins`` says how that is found). Long values are cut unless ``full`` is
asked for, and a cut value says how much was left out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from .._model import Listing, Paper, ParseError, Problem
from .._text.line_kinds import Token
from .line_origins import Assembled, assemble, card_origins, page_origins
from .origins import Origin, escaped, item_origins, located, shown_fields, whole

VALUE_WIDTH: Final = 100  # characters of a value shown before it is cut
RAW_WIDTH: Final = 120  # characters of a problem's raw text
_HTML_FORMATS: Final = frozenset({"html", "mhtml", "webarchive"})
_JSON_FORMATS: Final = frozenset({"json", "jsonl"})


def describe(listing: Listing, *, full: bool = False, document: str | None = None) -> str:
    """Page kind, format, dates, each paper's fields with their origins, every problem.

    ``document`` is the decoded text the listing was parsed from (``load(path).text``):
    with it, each field's origin is its line (or lines) or the JSON pointer of its key.
    Without it, nothing is read again: every field shows the paper's whole location,
    marked ``(card)`` (``(item)`` for a JSON item); derived fields say what they were made
    from either way. A paperparse export read back holds no origins, and says so.

    Without ``full``, a value longer than ``VALUE_WIDTH`` characters (a problem's raw text,
    ``RAW_WIDTH``) is cut, and the cut says how many characters it left out.
    """
    lines = [
        f"source:       {listing.source}",
        f"format:       {listing.input_format}",
        f"page kind:    {listing.kind}",
        f"layers read:  {', '.join(listing.layers) or '-'}",
    ]
    for name in ("page_date", "period", "query", "url", "retrieved"):
        value = getattr(listing, name)
        if value is not None:
            lines.append(f"{name + ':':13} {value}")
    lines.append(f"papers:       {len(listing.papers)}")
    lines.append(f"problems:     {len(listing.problems)}")
    for paper, origins in zip(listing.papers, field_origins(listing, document), strict=True):
        lines.append("")
        lines.extend(_describe_paper(paper, origins, full=full))
    if listing.problems:
        lines.append("")
        lines.append("problems:")
        lines.extend(line for problem in listing.problems for line in _problem(problem, full))
    return "\n".join(lines) + "\n"


def _describe_paper(paper: Paper, origins: Mapping[str, Origin], *, full: bool) -> list[str]:
    title = paper.title if full else cut(paper.title, VALUE_WIDTH)
    lines = [f"#{paper.rank} {title}", f"    location: {located(paper.location)}"]
    for name in shown_fields(paper):
        value = getattr(paper, name)
        text = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
        shown = text if full else cut(text, VALUE_WIDTH)
        origin = origins.get(name)
        lines.append(f"    {name + ':':16} {shown}" + (f"  <- {origin}" if origin else ""))
    return lines


def _problem(problem: Problem, full: bool) -> list[str]:
    times = f" ({problem.count} times)" if problem.count > 1 else ""
    lines = [f"  {problem}{times}"]
    if problem.raw:
        raw = " ".join(problem.raw.split())
        lines.append(f"      raw: {raw if full else cut(raw, RAW_WIDTH)}")
    return lines


def cut(text: str, width: int) -> str:
    """``text``, or its first ``width`` characters and how many more ``--full`` shows."""
    if len(text) <= width:
        return text
    return f"{text[:width]}\u2026 (+{len(text) - width:,} characters; --full shows all)"


def field_origins(listing: Listing, document: str | None) -> list[dict[str, Origin]]:
    """For each paper of ``listing``, the origin of each field it has (see ``describe``)."""
    if listing.input_format.startswith("paperparse-"):
        # An export read back keeps each paper's location on its page, not its origins.
        record = Origin(listing.input_format, "(the exported record)")
        return [dict.fromkeys(shown_fields(paper), record) for paper in listing.papers]
    if document is None:
        return [_unread(listing, paper) for paper in listing.papers]
    sources = _Sources(listing, document)
    return [sources.origins(paper) for paper in listing.papers]


def layer_of(listing: Listing, paper: Paper) -> str:
    """The layer a paper was read from: the embedded JSON (its path runs through
    ``@data-props``), the visible page, the API's JSON, or the text."""
    from .._html.hydration import LISTING_TARGET, PAPER_TARGET

    if "/@data-props" in (paper.location.path or ""):
        carriers = {f"hydration:{LISTING_TARGET}", f"hydration:{PAPER_TARGET}"}
        return next((layer for layer in listing.layers if layer in carriers), "hydration")
    if listing.input_format in _HTML_FORMATS:
        return "dom"
    if listing.input_format in listing.layers:
        return listing.input_format
    return listing.layers[-1] if listing.layers else listing.input_format


def _unread(listing: Listing, paper: Paper) -> dict[str, Origin]:
    layer = layer_of(listing, paper)
    from_json = layer.startswith("hydration") or listing.input_format in _JSON_FORMATS
    return whole(paper, layer, mark="(item)" if from_json else "(card)")


class _Sources:
    """One document, read again as the parser read it, each part once and when first asked."""

    def __init__(self, listing: Listing, document: str) -> None:
        self.listing = listing
        self.document = document
        self._root: Any = None
        self._props: dict[str, Any] = {}
        self._decoded: Any = None
        self._text_tokens: list[Token] | None = None
        self._text_cards: list[Assembled] | None = None
        self._article_cards: dict[str, list[Assembled]] = {}

    def origins(self, paper: Paper) -> dict[str, Origin]:
        layer = layer_of(self.listing, paper)
        path, input_format = paper.location.path or "", self.listing.input_format
        if layer.startswith("hydration") or input_format in _JSON_FORMATS:
            return self._from_json(paper, layer)
        try:
            if layer == "dom" and path:
                return card_origins(paper, self._cards_of_article(path), layer)
            if self.listing.kind != "paper" and input_format not in _HTML_FORMATS:
                return card_origins(paper, self._cards_of_text(), layer)
            return page_origins(paper, self._page_tokens(), layer, page_url=self.listing.url)
        except (ParseError, ValueError, LookupError, TypeError, RecursionError):
            # Not the document the listing was read from: no line to pin the fields to.
            return whole(paper, layer)

    def _from_json(self, paper: Paper, layer: str) -> dict[str, Origin]:
        from .._html.hydration import LISTING_TARGET

        try:
            item, prefix = self._item(paper)
            if item is None:
                return whole(paper, layer, mark="(item)")
            line = paper.location.line if self.listing.input_format == "jsonl" else None
            found = item_origins(paper, item, layer, prefix, line=line)
            target = layer.partition(":")[2]
            if target in ("", LISTING_TARGET) or not _unpinned(found):
                return found
            # A paper page's component sets fields from its props beside the item.
            around = _props_sources(paper, self._props_of(prefix), target)
        except (ParseError, ValueError, LookupError, TypeError, RecursionError):
            # Not the document the listing was read from, or JSON cut short that the parser
            # salvaged from the raw text: no key to pin the fields to.
            return whole(paper, layer, mark="(item)")
        for name in _unpinned(found):
            if name in around:
                found[name] = Origin(layer, " + ".join(around[name]))
        return found

    # -- JSON: the item a paper was mapped from ---------------------------------------------

    def _item(self, paper: Paper) -> tuple[Mapping[str, Any] | None, str]:
        """The item a paper was mapped from, and its JSON pointer ("" for a line's own)."""
        from .._hub.json_values import decode_json

        path = paper.location.path or ""
        pointer = path.partition("/@data-props")[2]
        if "/@data-props" in path:
            return _resolve(self._props_of(path), pointer), path
        line = paper.location.line
        if self.listing.input_format == "jsonl" and line is not None:
            # The item is its line (split as the reader splits them), named by its number.
            text = self.document.split("\n")[line - 1]
            return _resolve(decode_json(text, []), ""), ""
        if self._decoded is None:
            self._decoded = _decoded(self.document)
        return _resolve(self._decoded, path), path

    def _props_of(self, path: str) -> Any:
        """The props of the element a ``.../@data-props/...`` path names, decoded."""
        from .._hub.json_values import decode_json

        element = path.partition("/@data-props")[0]
        if element not in self._props:
            (found,) = self._tree().xpath(element)
            raw = found.get("data-props")  # Pandoc drops "data-"; the parser reads either
            self._props[element] = decode_json(raw if raw is not None else found.get("props"), [])
        return self._props[element]

    def _tree(self) -> Any:
        if self._root is None:
            from .._html.tree import build_tree
            from .._sources.loading import load

            self._root = build_tree(load(self.document))[0].getroottree()
        return self._root

    # -- lines: the cards as the assembler built them ---------------------------------------

    def _tokens(self) -> list[Token]:
        if self._text_tokens is None:
            from .._text.rendering import render_lines
            from .._text.tokens import tokenize

            markdown = self.listing.input_format == "markdown"
            self._text_tokens = tokenize(render_lines(self.document, markdown=markdown)[0])
        return self._text_tokens

    def _cards_of_text(self) -> list[Assembled]:
        if self._text_cards is None:
            self._text_cards = assemble(self._tokens())
        return self._text_cards

    def _cards_of_article(self, path: str) -> list[Assembled]:
        if path not in self._article_cards:
            from .._html.visible import element_lines
            from .._text.tokens import tokenize

            (article,) = self._tree().xpath(path)
            cards = assemble(tokenize(element_lines(article)))
            self._article_cards[path] = [given for given in cards if given.card.is_paper_card]
        return self._article_cards[path]

    def _page_tokens(self) -> list[Token]:
        """The tokens a paper page was read from: its text, or its HTML's main element."""
        if self.listing.input_format not in _HTML_FORMATS:
            return self._tokens()
        from .._html.visible import element_lines
        from .._text.tokens import tokenize

        root = self._tree().getroot()
        body = root.find(".//main")
        return tokenize(element_lines(root if body is None else body))


def _decoded(document: str) -> Any:
    """A JSON document as the parser decoded it: whole, or the complete part of one cut off
    at its end (what the parser salvaged its papers from)."""
    from .._hub.json_values import decode_json
    from .._hub.salvage import read_cut

    try:
        return decode_json(document, [])
    except json.JSONDecodeError:
        cut = read_cut(document, [])
        if cut is None:
            raise
        return cut.value


def _unpinned(found: Mapping[str, Origin]) -> list[str]:
    return [name for name, origin in found.items() if origin.where.endswith("(item)")]


def _props_sources(paper: Paper, props: Any, target: str) -> dict[str, list[str]]:
    """Fields a component sets from its props beside the item (a paper page's comment list,
    its day rank): the props read again by the parser, with each other key left out."""
    from lxml import etree

    from .._html.hydration import read_hydration
    from .._html.tree import ElementPaths

    element, _, pointer = (paper.location.path or "").partition("/@data-props")
    own = pointer.split("/")[1] if pointer.count("/") else ""
    sources: dict[str, list[str]] = {}
    for key in props if isinstance(props, Mapping) else ():
        if key == own:
            continue
        cut = json.dumps({name: value for name, value in props.items() if name != key})
        holder = etree.Element("div", {"data-target": target, "data-props": cut})
        papers = read_hydration(holder, ElementPaths(holder)).papers or ()
        other = next((p for p in papers if (p.location.path or "").endswith(pointer)), None)
        for name in shown_fields(paper):
            if other is None or getattr(other, name) != getattr(paper, name):
                sources.setdefault(name, []).append(f"{element}/@data-props/{escaped(key)}")
    return sources


def _resolve(value: Any, pointer: str) -> Mapping[str, Any] | None:
    """The object at a JSON pointer (``/props/dailyPapers/3``), or None if it is none."""
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value if isinstance(value, Mapping) else None
