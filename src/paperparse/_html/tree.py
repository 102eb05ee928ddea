"""HTML stage 0: the lxml tree of a page, what the parser's limits cut from it, and where
each element sits in it.

Pages are parsed with libxml2's ``huge_tree`` limits, not its defaults: the JSON a listing
embeds in one ``data-props`` attribute is megabytes on a long page, past the default limit
of 10 MB for one text or attribute value, which would drop it (or stop the parse) unseen.
With ``huge_tree`` one value may hold up to 1 GB and the markup may nest 2048 levels deep;
whatever a limit still cuts is reported as ``truncated``, naming the limit.
"""

from __future__ import annotations

import codecs
import re
from typing import Any, Final

from lxml import etree  # this module loads only with an HTML page to read

from .._model import Location, ParseError, Problem
from .._sources.loading import Source

# libxml2's XML_MAX_HUGE_LENGTH: the longest text, attribute value or comment it keeps.
LENGTH_LIMIT: Final = "1 GB"
# "Excessive depth in document: 2048, use XML_PARSE_HUGE option": the limit it stopped at.
_DEPTH_ERROR: Final = re.compile(r"Excessive depth in document: (\d+)")
# Older libxml2 releases name their limits in words rather than with ERR_RESOURCE_LIMIT.
_LIMIT_WORDS: Final = ("huge", "too long", "limit exceeded", "excessive depth")


def build_tree(source: Source) -> tuple[Any, list[Problem]]:
    """An lxml tree of the document: encoding from BOM or <meta charset>, no network.

    Valid UTF-8 goes to libxml2 as it is (the common case, and the fastest); anything else
    is decoded here first, so that a byte the declared charset lacks cannot stop the parser.
    """
    if source.data is not None and source.encoding == "utf-8":
        data = source.data.removeprefix(codecs.BOM_UTF8)  # the common case, and the fastest
    else:
        data = source.text.encode("utf-8", errors="replace")
    parser = etree.HTMLParser(encoding="utf-8", no_network=True, remove_pis=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(f"cannot parse HTML: {exc}", source=source.name, code="damaged") from exc
    if root is None:
        raise ParseError("cannot parse HTML: the document is empty", source=source.name)
    return root, limit_problems(parser.error_log)


def limit_problems(errors: Any) -> list[Problem]:
    """One ``truncated`` problem for each limit of the parser that cut something."""
    problems: dict[str, Problem] = {}
    for error in errors:
        message = str(error.message).strip()
        if error.type_name != "ERR_RESOURCE_LIMIT" and not any(
            word in message.lower() for word in _LIMIT_WORDS
        ):
            continue
        if depth := _DEPTH_ERROR.search(message):
            what = f"the markup nests deeper than the parser allows ({depth[1]} levels)"
        else:
            what = f"a text or attribute value is longer than the parser allows ({LENGTH_LIMIT})"
        # A fatal error stops the parser; an attribute value too long is only left out.
        fatal = error.level_name == "FATAL"
        cut = "the rest of the document was not read" if fatal else "that value was left out"
        problems.setdefault(
            what, Problem("truncated", f"{what}; {cut}", Location(line=error.line), message)
        )
    return list(problems.values())


class ElementPaths:
    """Each element's XPath as ``ElementTree.getpath`` writes it, in linear time.

    ``getpath`` counts an element's same-named siblings every time it is asked, so asking
    it for every card of a listing (thousands of sibling ``<article>``s) costs time
    quadratic in the cards. Here each parent's children are counted once, and each
    ancestor's path is built once, for the same strings: ``/html/body/main/article[3]``,
    an index only where a parent has more than one child of that name.
    """

    def __init__(self, root: Any) -> None:
        self._tree = root.getroottree()
        self._paths: dict[Any, str] = {}
        self._steps: dict[Any, str] = {}  # an element's last step, below its parent

    def __call__(self, element: Any) -> str:
        chain = []
        node = element
        while (path := self._paths.get(node)) is None:
            parent = node.getparent()
            if parent is None or not _plain_name(node):
                # The root, or a step no plain name spells: libxml2's own answer, once.
                path = self._paths[node] = self._tree.getpath(node)
                break
            chain.append(node)
            node = parent
        for node in reversed(chain):
            step = self._steps.get(node)
            if step is None:
                self._count_children(node.getparent())
                step = self._steps[node]
            path = self._paths[node] = f"{path}/{step}"
        return path

    def _count_children(self, parent: Any) -> None:
        # Only elements count, as in libxml2: comments and processing instructions do not.
        children = list(parent.iterchildren(etree.Element))
        totals: dict[str, int] = {}
        for child in children:
            totals[child.tag] = totals.get(child.tag, 0) + 1
        seen: dict[str, int] = {}
        for child in children:
            name = child.tag
            if totals[name] == 1:
                self._steps[child] = name
            else:
                seen[name] = index = seen.get(name, 0) + 1
                self._steps[child] = f"{name}[{index}]"


def _plain_name(element: Any) -> bool:
    """Whether the element's step is its tag: it has no namespace (the HTML parser makes
    none; libxml2 writes a namespaced step differently)."""
    tag = element.tag
    return isinstance(tag, str) and not tag.startswith("{")
