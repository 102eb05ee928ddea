"""HTML stage: the visible page as plain lines with their links, for the text assemblers.

A card's visible text is the same pieces a text rendering shows (title, "· 533 authors",
counts, "Published on ..."), so the DOM layer turns elements into the lines a reader tool
would print, each text remembering the link it sits in, and hands them to the text stages.
No class names are read: Tailwind classes change with every redesign, text and links do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from lxml import etree  # this module loads only with an HTML page to read

from .._fields.links import hub_url
from .._text.rendering import Line

# Elements whose text is not shown.
_HIDDEN: Final = frozenset({"script", "style", "svg", "template", "noscript", "title", "textarea"})
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# libxml2 does the walk: every text node with something besides whitespace, in page order.
# Compiled once: evaluating an expression given as a string compiles it on every call.
_VISIBLE_TEXT: Final[Any] = etree.XPath(".//text()[normalize-space()]")
_ARTICLES: Final[Any] = etree.XPath("//article")


def element_lines(root: Any, *, stop_at: Any = None) -> list[Line]:
    """The visible text under ``root`` as lines; text inside one link is one line.

    Every line counts as its own paragraph (``blank_before``): elements are whole blocks,
    never lines a renderer wrapped. With ``stop_at``, the lines end where that element
    begins (a page's header, before its first card). Nothing recurses, whatever the depth.
    """
    lines: list[Line] = []
    link: Any = None  # the <a> whose text is being gathered
    link_heading = False
    parts: list[str] = []
    known: dict[Any, _Context] = {}
    for text in _VISIBLE_TEXT(root):
        owner = text.getparent()
        if owner is None:
            continue
        container = owner.getparent() if text.is_tail else owner
        if container is None:
            continue
        anchor, heading, hidden, stopped = _context(container, root, stop_at, known)
        if stopped:
            break
        if hidden:
            continue
        if link is not None and anchor is not link:
            lines.append(_link_line(link, parts, link_heading))
            link, parts = None, []
        folded = " ".join(text.split())
        if not folded:
            continue  # XPath's whitespace is four characters; Python's (\x0c, \xa0...) is wider
        if anchor is not None:
            link, link_heading = anchor, heading
            parts.append(folded)
        else:
            lines.append(Line(container.sourceline or 0, folded, (), heading, blank_before=True))
    if link is not None:
        lines.append(_link_line(link, parts, link_heading))
    return lines


_Context = tuple[Any, bool, bool, bool]
_OUTSIDE: Final[_Context] = (None, False, False, False)
_STOPPED: Final[_Context] = (None, False, False, True)


def _context(element: Any, root: Any, stop_at: Any, known: dict[Any, _Context]) -> _Context:
    """(enclosing link, inside a heading, hidden, at or past ``stop_at``) for a text's element.

    Each element's answer derives from its parent's, so ``known`` remembers them: the texts
    of a card share ancestors, and each ancestor is looked at once.
    """
    chain = []
    node = element
    context = _OUTSIDE
    while node is not None:
        if (cached := known.get(node)) is not None:
            context = cached
            break
        chain.append(node)
        if node is root:
            break
        node = node.getparent()
    for node in reversed(chain):
        context = _step(node, context, stop_at)
        known[node] = context
    return context


def _step(node: Any, parent: _Context, stop_at: Any) -> _Context:
    anchor, heading, hidden, stopped = parent
    if stopped or node is stop_at:
        return _STOPPED
    tag = node.tag
    if isinstance(tag, str):
        name = tag.lower()
        if name == "a" and node.get("href"):
            anchor = node  # the innermost link wins
        elif name in _HEADINGS:
            heading = True
        elif name in _HIDDEN:
            hidden = True
    return anchor, heading, hidden, False


def _link_line(link: Any, parts: list[str], heading: bool) -> Line:
    href = hub_url(link.get("href", "").strip())
    return Line(link.sourceline or 0, " ".join(parts), (href,), heading, blank_before=True)


def iter_articles(root: Any) -> Iterator[Any]:
    """The listing's paper cards, in page order; a card inside a card (broken markup) is
    read as part of the outer one, so that no text is walked twice.

    Each outer card's subtree is walked once for the cards inside it, rather than each
    card's ancestors for an outer one: they go as deep as the parser lets markup nest, and
    a long listing has thousands of cards.
    """
    inner: set[Any] = set()
    for article in _ARTICLES(root):
        if article not in inner:
            inner.update(article.iterdescendants("article"))
            yield article
