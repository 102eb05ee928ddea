"""HTML stage: the visible page as plain lines with their links, for the text assemblers.

A card's visible text is the same pieces a text rendering shows (title, "· 533 authors",
counts, "Published on ..."), so the DOM layer turns elements into the lines a reader tool
would print, each text remembering the link it sits in, and hands them to the text stages.
No class names are read: Tailwind classes change with every redesign, text and links do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final
from urllib.parse import urljoin

from ._rendering import Line

HUB: Final = "https://huggingface.co/"
# Subtrees that hold no visible text.
_SKIPPED: Final = frozenset(
    {"script", "style", "svg", "template", "noscript", "head", "iframe", "title", "textarea"}
)
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def element_lines(root: Any, *, stop_at: Any = None) -> list[Line]:
    """The visible text under ``root`` as lines; text inside one link is one line.

    Every line counts as its own paragraph (``blank_before``): elements are whole blocks,
    never lines a renderer wrapped.

    Walks iteratively (``iterwalk``), so depth costs nothing and nothing recurses. With
    ``stop_at``, the walk ends where that element begins (a page's header, before its cards).
    """
    from lxml import etree

    lines: list[Line] = []
    link: Any = None  # the <a> whose text is being gathered
    link_parts: list[str] = []
    link_line = 0
    skipping = 0
    heading = 0

    def emit(text: str | None, element: Any) -> None:
        if not text or skipping:
            return
        folded = " ".join(text.split())
        if not folded:
            return
        if link is not None:
            link_parts.append(folded)
        else:
            lines.append(Line(element.sourceline or 0, folded, (), heading > 0, blank_before=True))

    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event in ("comment", "pi"):
            # Svelte leaves empty comments between text; what follows one is its tail.
            emit(element.tail, element)
            continue
        if element is stop_at:
            break
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.lower()
        if event == "start":
            if name in _SKIPPED:
                skipping += 1
                continue
            if name in _HEADINGS:
                heading += 1
            if name == "a" and link is None and not skipping and element.get("href"):
                link, link_parts, link_line = element, [], element.sourceline or 0
            if tag:  # comments and processing instructions hold no visible text
                emit(element.text, element)
            continue
        if name in _SKIPPED:
            skipping -= 1
        elif name in _HEADINGS:
            heading -= 1
        if element is link:
            if link_parts:
                href = _absolute(element.get("href", "").strip())
                text = " ".join(link_parts)
                lines.append(Line(link_line, text, (href,), heading > 0, blank_before=True))
            link = None
        emit(element.tail, element.getparent() if element.getparent() is not None else element)
    return lines


def _absolute(href: str) -> str:
    if href.startswith("/") and not href.startswith("//"):
        return HUB + href[1:]  # the common case, without urljoin's cost
    try:
        return urljoin(HUB, href)
    except ValueError:  # "http://[oops": kept as written, it links nowhere we know
        return href


def iter_articles(root: Any) -> Iterator[Any]:
    """The listing's paper cards, in page order; a card inside a card (broken markup) is
    read as part of the outer one, so that no text is walked twice."""
    yield from root.xpath("//article[not(ancestor::article)]")
