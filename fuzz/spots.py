"""Where in a seed an edit that must keep every paper may go: prose words, wraps, gaps."""

from __future__ import annotations

import gzip
import json
import plistlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Final, NamedTuple

from fuzz.seeds import GZIP_MAGIC, WEBARCHIVE_MAGIC, Seed
from paperparse import Listing

# Input formats by how an edit treats them.
FAMILIES: Final = {
    "text": "text",
    "markdown": "text",
    "html": "markup",
    "mhtml": "markup",
    "webarchive": "markup",
    "json": "json",
    "jsonl": "jsonl",
}


class Document(NamedTuple):
    """The bytes an edit changes (the page inside a gzip or web archive), and how to put
    edited bytes back into the seed's shape."""

    inner: bytes
    wrap: Callable[[bytes], bytes]
    family: str  # "text" (text, markdown), "markup" (html, mhtml, webarchive), "json", "jsonl"
    input_format: str
    utf8: bool  # ``inner`` is valid UTF-8


def open_document(seed: Seed) -> Document | None:
    if seed.listing is None:
        return None
    family = FAMILIES[seed.listing.input_format]
    data = seed.data
    wrap: Callable[[bytes], bytes] = bytes  # bytes(data) is data: the page is the seed
    if data.startswith(GZIP_MAGIC):
        data, wrap = gzip.decompress(data), gzip.compress
    elif data.startswith(WEBARCHIVE_MAGIC):
        archive = plistlib.loads(data)
        data = archive["WebMainResource"]["WebResourceData"]

        def wrap(inner: bytes) -> bytes:
            main = {**archive["WebMainResource"], "WebResourceData": inner}
            return plistlib.dumps({**archive, "WebMainResource": main}, fmt=plistlib.FMT_BINARY)

    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = False
    else:
        utf8 = True
    return Document(data, wrap, family, seed.listing.input_format, utf8)


class Spans:
    """Sorted, non-overlapping byte spans, asked whether they cover an offset."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        pairs = list(spans)
        self.starts = [start for start, _ in pairs]
        self.ends = [end for _, end in pairs]

    def cover(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]


# Prose: a run of letters, spaces and light punctuation; no digits, quotes, slashes or hyphens,
# so no id, URL, JSON key or CSS class list is inside one. An edited word has PROSE_MARGIN
# bytes of the run on each side: the middle of an abstract, not a label.
_PROSE_RUN: Final = re.compile(rb"[A-Za-z,.;' ]{40,}")
_PROSE_WORD: Final = re.compile(rb"(?<= )[A-Za-z]{4,}(?= )")
PROSE_MARGIN: Final = 12
# HTML whose text is not visible prose: tags, comments, and the content of raw-text elements.
_MARKUP: Final = re.compile(
    rb"<(script|style|pre|textarea)\b.*?</\1\s*>"  # raw text: code, styles, preformatted
    rb"|<!--.*?-->"  # comments
    rb"|<[^>]*>",  # tags and their attributes
    re.DOTALL | re.IGNORECASE,
)
# Hydration JSON in an attribute: its string values are prose a stray byte may go into.
_PROPS: Final = re.compile(rb"""data-props=(?:"[^"]*"|'[^']*')""")
# A line of text that is markup or layout, not prose: re-wrapping it changes what it is.
_NOT_PROSE_LINE: Final = re.compile(
    rb"\A(?:\s|[#>|*+\-=_~`!\[<]|\d+[.)]\s)"  # indented, a heading, quote, list, rule, link
    rb"|[\[\]|`<]|https?:|www\.",  # a link, table, code or markup anywhere in it
)
_UNDERLINE: Final = re.compile(rb"\A\s*(?:=+|-+)\s*\Z")  # a setext heading's underline
# Line breaks str.splitlines() knows besides \n: where they are, line numbers are ambiguous.
_OTHER_BREAKS: Final = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# The end of a card (an <article>) whose next sibling is a card too, seen through comments
# (Svelte's hydration markers) and through as many wrapper <div>s per card as ``depth``. A
# comment cannot run past its own end: a lazy ``.*?`` would, to the end of the page, on
# every card whose next sibling is no card.
_CARD_ENDS: Final = tuple(
    re.compile(
        rb"</article\s*>" + rb"\s*</div\s*>" * depth
        + rb"(?=(?:\s|<!--(?:(?!-->).)*-->)*" + rb"<div\b[^>]*>\s*" * depth + rb"<article\b)",
        re.IGNORECASE | re.DOTALL,
    )
    for depth in range(3)
)  # fmt: skip


def normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


class Spots:
    """Where in each seed an edit may go; worked out once per seed."""

    def __init__(self) -> None:
        self._documents: dict[str, Document | None] = {}
        self._found: dict[tuple[str, str], list[tuple[int, int]]] = {}

    def document(self, seed: Seed) -> Document | None:
        if seed.name not in self._documents:
            self._documents[seed.name] = open_document(seed)
        return self._documents[seed.name]

    def get(self, seed: Seed, what: str) -> list[tuple[int, int]]:
        """Spans for ``what``: "words" (a stray byte goes inside), "wraps" (a space to break
        the line at, and the word after it) or "gaps" (empty: the offset between two cards)."""
        if (seed.name, what) not in self._found:
            document = self.document(seed)
            spots: list[tuple[int, int]] = []
            find = {"words": self._words, "wraps": self._wraps, "gaps": self._gaps}[what]
            if document is not None and seed.listing is not None:
                spots = find(document, seed.listing)
            self._found[seed.name, what] = spots
        return self._found[seed.name, what]

    def _prose_words(self, data: bytes) -> list[tuple[int, int]]:
        words: list[tuple[int, int]] = []
        for run in _PROSE_RUN.finditer(data):
            start, end = run.start() + PROSE_MARGIN, run.end() - PROSE_MARGIN
            words.extend(match.span() for match in _PROSE_WORD.finditer(data, start, end))
        return words

    def _words(self, document: Document, listing: Listing) -> list[tuple[int, int]]:
        words = self._prose_words(document.inner)
        if document.family != "markup":
            return words
        markup = Spans(match.span() for match in _MARKUP.finditer(document.inner))
        props = Spans(match.span() for match in _PROPS.finditer(document.inner))
        return [word for word in words if props.cover(word[0]) or not markup.cover(word[0])]

    def _wraps(self, document: Document, listing: Listing) -> list[tuple[int, int]]:
        data = document.inner
        words = [word for word in self._prose_words(data) if data[word[0] : word[0] + 1].islower()]
        if document.family == "markup":
            markup = Spans(match.span() for match in _MARKUP.finditer(data))
            return [(start - 1, end) for start, end in words if not markup.cover(start)]
        if document.family != "text":
            return []  # a raw line break inside a JSON string is no JSON
        front_matter_end = 0
        if data.startswith(b"---"):  # YAML front matter, to its closing "---" (if any)
            close = data.find(b"\n---", 3)
            front_matter_end = len(data) if close < 0 else close + 4
        titles = [normalised(paper.title) for paper in listing.papers]
        wraps = []
        for start, end in words:
            line_start = data.rfind(b"\n", 0, start) + 1
            line_end = data.find(b"\n", start)
            line_end = len(data) if line_end < 0 else line_end
            next_end = data.find(b"\n", line_end + 1)
            next_line = data[line_end + 1 : len(data) if next_end < 0 else next_end]
            line = data[line_start:line_end]
            text = normalised(line.decode("utf-8", errors="replace"))
            if (
                line_start >= front_matter_end
                and not _NOT_PROSE_LINE.search(line)
                and not _UNDERLINE.match(next_line)
                and not any(title and (title in text or text in title) for title in titles)
            ):
                wraps.append((start - 1, end))
        return wraps

    def _gaps(self, document: Document, listing: Listing) -> list[tuple[int, int]]:
        data = document.inner
        if document.family == "markup":
            ends = {match.end() for pattern in _CARD_ENDS for match in pattern.finditer(data)}
            return [(end, end) for end in sorted(ends)]
        if document.family == "jsonl":
            starts = [match.end() for match in re.finditer(rb"\n(?=[ \t]*\S)", data)]
            return [(start, start) for start in starts]
        if document.family == "json":
            return [(gap, gap) for gap in _array_gaps(data)]
        text = data.decode("utf-8", errors="replace")
        if _OTHER_BREAKS.search(text.replace("\r\n", "\n")):
            return []  # the parser's line numbers may not be the "\n" count
        line_starts = [0, *(match.end() for match in re.finditer(rb"\n", data))]
        cards = sorted(
            (paper.location.line, paper.location.end_line or paper.location.line)
            for paper in listing.papers
            if paper.location.line is not None
        )
        gaps = []
        for last in sorted({end for _, end in cards}):
            inside = any(start <= last < end for start, end in cards)
            later = any(start > last for start, _ in cards)
            if not inside and later and last < len(line_starts):
                at = line_starts[last]  # the start of the line after the card
                gaps.append((at, at))
        return gaps


def _array_gaps(data: bytes) -> list[int]:
    """Byte offsets just after each item but the last of a top-level JSON array."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []
    position = _after_blank(text, 0)
    if not text.startswith("[", position):
        return []
    gaps: list[int] = []
    decoder = json.JSONDecoder()
    while True:
        try:
            _, end = decoder.raw_decode(text, _after_blank(text, position + 1))
        except ValueError:
            return gaps
        position = _after_blank(text, end)
        if not text.startswith(",", position):
            return gaps
        gaps.append(len(text[:end].encode("utf-8")))


def _after_blank(text: str, position: int) -> int:
    """The first position from ``position`` on that is no JSON whitespace."""
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position
