"""Fuzz ``paperparse``: crashes, slowness, and papers lost to edits that should keep them.

Runs outside CI, for as long as you like:

    python fuzz/fuzz_parse.py --minutes 30                     # every mode, interleaved
    python fuzz/fuzz_parse.py --mode loss --minutes 3 --seed 1  # one mode, reproducibly
    python fuzz/fuzz_parse.py --atheris -max_total_time=1800 fuzz/seeds  # coverage-guided

Modes (``--mode``, default ``all``):

- ``crash``: random mutations; any input must end in a Listing or ParseError, and within
  ``SLOW_FACTOR`` times a size-proportional budget.
- ``loss``: edits that must keep every paper, each its own invariant (``LOSS_INVARIANTS``): a
  stray byte inside a word of prose, other line endings, a prose line re-wrapped, an
  unrelated element between two cards. The mutant's papers must include every paper of the
  unmutated seed, matched by arXiv id, else by title; a title holding the word a stray byte
  went into is only counted, since that edit changes it.
- ``differential``: one document through every door (bytes, str, a path, gzip, a zip member
  read by the CLI) must give the same papers and the same problem codes.

Seeds are the fixtures under tests/fixtures and, when present, the pages in ../shared/corpus.
The first input of each distinct finding is written to ``fuzz/findings/`` (git-ignored) and
printed; the run ends with counts per invariant. Turn each real finding into a named
regression test under tests/fixtures/regressions/.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import io
import json
import plistlib
import random
import re
import sys
import tempfile
import time
import traceback
import zipfile
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Final, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import paperparse  # noqa: E402  (after the path tweak, so a checkout runs without install)
import paperparse.cli  # noqa: E402
from paperparse import Listing, Paper, ParseError  # noqa: E402

FINDINGS = ROOT / "fuzz" / "findings"
SEED_DIRS = (ROOT / "tests" / "fixtures", ROOT.parent / "shared" / "corpus")
SEED_SUFFIXES = (".txt", ".md", ".html", ".mhtml", ".webarchive", ".gz", ".json", ".jsonl")
NOT_SEEDS: Final = frozenset({"README.md"})  # the folders' own notes
# A parse may take SLOW_FACTOR times the time the size-proportional budget allows.
SLOW_FACTOR = 10
BUDGET_SECONDS_PER_MB = 0.5  # what a real page costs, generously
BUDGET_FLOOR_SECONDS = 0.05
MODES: Final = ("crash", "loss", "differential")
GZIP_MAGIC: Final = b"\x1f\x8b"
WEBARCHIVE_MAGIC: Final = b"bplist00"

Outcome = Listing | ParseError


class Seed(NamedTuple):
    name: str  # "fixtures/text/daily_copy.txt", "corpus/api-json/..."
    data: bytes
    listing: Listing | None  # what the unmutated seed gives; None when no listing


def load_seeds() -> list[Seed]:
    found = []
    for folder in SEED_DIRS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if (
                path.suffix in SEED_SUFFIXES
                and path.name not in NOT_SEEDS
                and not path.name.endswith(".expected.json")
            ):
                data = path.read_bytes()
                name = f"{folder.name}/{path.relative_to(folder)}"
                found.append(Seed(name, data, _baseline(data)))
    if not found:
        sys.exit("no seeds found")
    return found


def _baseline(data: bytes) -> Listing | None:
    try:
        return paperparse.parse(data)
    except Exception:  # noqa: BLE001 - a seed that crashes is the crash mode's to report
        return None


def attempt(source: str | bytes | Path) -> Outcome:
    """``parse``, with its own error as a value; anything else propagates, as a finding."""
    try:
        return paperparse.parse(source)
    except ParseError as error:
        return error


# --- crash mode: random mutations ------------------------------------------------------------

RandomMutator = Callable[[random.Random, bytes], bytes]


def _cut(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _flip(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def _delete(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data) + 1)
    return data[:start] + data[start + rng.randint(1, 2000) :]


def _duplicate(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data) + 1)
    piece = data[start : start + rng.randint(1, 4000)]
    return data[:start] + piece * rng.randint(2, 50) + data[start:]


def _delete_tag(rng: random.Random, data: bytes) -> bytes:
    starts = [index for index in range(0, len(data), 97) if data[index : index + 1] == b"<"]
    if not starts:
        return _delete(rng, data)
    start = rng.choice(starts)
    end = data.find(b">", start)
    return data[:start] + data[end + 1 :] if end > 0 else data[:start]


def _insert(rng: random.Random, data: bytes) -> bytes:
    token = rng.choice(
        [b"<div>", b"</div>", b'"', b"'", b"{", b"}", b"[", b"]", b"\x00", b"&amp;", b"&#0;",
         b'data-props="', b"\xef\xbb\xbf", b"\xff\xfe", b"<!--", b"-->", b"\\", b"\n---\n",
         b" \xc2\xb7 ", b"\xe2\x80\xa2 9 authors", b"Sep 31", b"Feb 29", b"99999999999999999999",
         b"\\ud800"]  # a lone surrogate, as a JSON escape
    )  # fmt: skip
    start = rng.randrange(len(data) + 1)
    return data[:start] + token + data[start:]


def _recode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    encoding = rng.choice(["utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"])
    return text.encode(encoding, errors="replace")


MUTATORS: tuple[RandomMutator, ...] = (
    _cut, _flip, _delete, _duplicate, _delete_tag, _insert, _recode
)  # fmt: skip


def check(data: bytes) -> str | None:
    """Run one input; return a description of what went wrong, or None."""
    budget = max(BUDGET_FLOOR_SECONDS, len(data) / 1e6 * BUDGET_SECONDS_PER_MB) * SLOW_FACTOR
    start = time.perf_counter()
    try:
        paperparse.parse(data)
    except ParseError:
        pass
    except Exception:  # noqa: BLE001 - the point of a fuzzer: anything else is a finding
        return traceback.format_exc()
    elapsed = time.perf_counter() - start
    if elapsed > budget:
        return f"slow: {elapsed:.3f}s for {len(data)} bytes (budget {budget:.3f}s)"
    return None


def mutate_randomly(rng: random.Random, data: bytes, *, most: int = 4) -> bytes:
    for _ in range(rng.randint(1, most)):
        data = rng.choice(MUTATORS)(rng, data)
    return data


# --- loss mode: edits that keep the papers -----------------------------------------------------


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


class Mutant(NamedTuple):
    data: bytes  # the whole input, in the seed's shape
    note: str  # what was changed, and where
    touched: str | None = None  # the word a stray byte went into
    spare: frozenset[int] = frozenset()  # indexes of seed papers the edit may rightly cost


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
# What goes between two cards: nothing a reader would call part of either.
UNRELATED_HTML: Final = (
    b'<div class="ad">x</div>',
    b"<script>var ad = 1;</script>",
    b"<!-- ad -->",
    b'<div class="ad"><img src="https://example.com/ad.png" alt=""></div>',
)
UNRELATED_QUOTED_PRINTABLE: Final = (b"<div>ad</div>", b"<script>var ad;</script>", b"<!-- ad -->")
# Lines, for text: blank ones, or blank-looking; for markdown also a comment, which renders
# as nothing (blank lines around it, so that it is a block of its own).
UNRELATED_LINES: Final = ((b"",), (b"", b""), (b"   ",), (b"\t",))
UNRELATED_MARKDOWN: Final = ((b"", b"<!-- ad -->", b""),)
UNRELATED_JSON: Final = b'{"kind": "ad", "html": "<div class=\\"ad\\">x</div>"}'


def _normalised(text: str) -> str:
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
        titles = [_normalised(paper.title) for paper in listing.papers]
        wraps = []
        for start, end in words:
            line_start = data.rfind(b"\n", 0, start) + 1
            line_end = data.find(b"\n", start)
            line_end = len(data) if line_end < 0 else line_end
            next_end = data.find(b"\n", line_end + 1)
            next_line = data[line_end + 1 : len(data) if next_end < 0 else next_end]
            line = data[line_start:line_end]
            text = _normalised(line.decode("utf-8", errors="replace"))
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


LossMutator = Callable[[random.Random, Seed, Spots], "Mutant | None"]


def _stray(
    pick: Callable[[random.Random], bytes],
    *,
    skip: frozenset[str] = frozenset(),
    utf8_only: bool = False,
    costs_its_line_in: frozenset[str] = frozenset(),
) -> LossMutator:
    """Bytes from ``pick`` inside a word of prose. In a family of ``costs_its_line_in`` the
    bytes break their line, whose paper may go; in ``skip`` they break the whole page."""

    def mutate(rng: random.Random, seed: Seed, spots: Spots) -> Mutant | None:
        document = spots.document(seed)
        words = spots.get(seed, "words")
        if document is None or document.family in skip or not words or seed.listing is None:
            return None
        if utf8_only and not document.utf8:
            return None
        start, end = rng.choice(words)
        at = rng.randint(start + 1, end - 1)
        extra = pick(rng)
        inner = document.inner[:at] + extra + document.inner[at:]
        word = document.inner[start:end].decode("ascii")
        spare: frozenset[int] = frozenset()
        if document.family in costs_its_line_in:
            line = document.inner.count(b"\n", 0, at) + 1
            papers = seed.listing.papers
            spare = frozenset(
                index for index, paper in enumerate(papers) if paper.location.line == line
            )
        note = f"{extra!r} at {at}, in {word!r}"
        return Mutant(document.wrap(inner), note, word, spare)

    return mutate


LETTERS: Final = b"abcdefghijklmnopqrstuvwxyz"
# Control bytes but tab, LF and CR: a stray one is a glitch, not a line break a writer meant.
CONTROLS: Final = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# Characters str.splitlines() breaks at that are text, not line ends, in HTML and JSON
# (raw in a JSON string is valid): NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR, as UTF-8.
SEPARATORS: Final = ("\x85".encode(), "\u2028".encode(), "\u2029".encode())


def _line_endings(ending: bytes, *, skip: frozenset[str] = frozenset(), mixed: bool) -> LossMutator:
    """Line breaks (LF or CRLF) to ``ending``: all of them, as a converter writes, or with
    ``mixed`` perhaps only some, as in files pasted together."""

    def mutate(rng: random.Random, seed: Seed, spots: Spots) -> Mutant | None:
        document = spots.document(seed)
        if document is None or document.family in skip or document.input_format in skip:
            return None
        pieces = _LINE_BREAK.split(document.inner)  # line, break, line, break, ..., line
        share = rng.choice((1.0, 0.5, rng.random())) if mixed else 1.0
        changed = 0
        for index in range(1, len(pieces), 2):
            if pieces[index] != ending and rng.random() < share:
                pieces[index] = ending
                changed += 1
        if not changed:
            return None
        note = f"{changed} of {len(pieces) // 2} line breaks to {ending!r}"
        return Mutant(document.wrap(b"".join(pieces)), note)

    return mutate


_LINE_BREAK: Final = re.compile(rb"(\r\n|\n)")


def _rewrap(rng: random.Random, seed: Seed, spots: Spots) -> Mutant | None:
    document = spots.document(seed)
    wraps = spots.get(seed, "wraps")
    if document is None or not wraps:
        return None
    space, word_end = rng.choice(wraps)
    newline = b"\r\n" if b"\r\n" in document.inner else b"\n"
    inner = document.inner[:space] + newline + document.inner[space + 1 :]
    word = document.inner[space + 1 : word_end].decode("ascii")
    return Mutant(document.wrap(inner), f"line broken at {space}, before {word!r}")


def _between_cards(rng: random.Random, seed: Seed, spots: Spots) -> Mutant | None:
    document = spots.document(seed)
    gaps = spots.get(seed, "gaps")
    if document is None or not gaps:
        return None
    at, _ = rng.choice(gaps)
    if document.family == "markup":
        quoted = document.input_format == "mhtml"  # "=" is an escape in quoted-printable
        extra = rng.choice(UNRELATED_QUOTED_PRINTABLE if quoted else UNRELATED_HTML)
    elif document.family == "json":
        extra = b", " + UNRELATED_JSON
    elif document.family == "jsonl":
        extra = UNRELATED_JSON + b"\n"
    else:
        newline = b"\r\n" if b"\r\n" in document.inner else b"\n"
        lines = UNRELATED_LINES + (
            UNRELATED_MARKDOWN if document.input_format == "markdown" else ()
        )
        extra = b"".join(line + newline for line in rng.choice(lines))
    inner = document.inner[:at] + extra + document.inner[at:]
    return Mutant(document.wrap(inner), f"{extra!r} inserted at {at}")


LOSS_INVARIANTS: Final[tuple[tuple[str, LossMutator], ...]] = (
    ("stray-letter", _stray(lambda rng: bytes([rng.choice(LETTERS)]))),
    # Bytes that are not UTF-8: the whole page is then read in a fallback encoding.
    ("stray-high-byte", _stray(lambda rng: bytes([rng.randrange(0x80, 0x100)]))),
    # JSON forbids raw control characters in strings: a JSON document is then rightly
    # refused, and in JSON Lines the line's paper may go (not the others).
    (
        "stray-control",
        _stray(
            lambda rng: bytes([rng.choice(CONTROLS)]),
            skip=frozenset({"json"}),
            costs_its_line_in=frozenset({"jsonl"}),
        ),
    ),
    ("stray-separator", _stray(lambda rng: rng.choice(SEPARATORS), utf8_only=True)),
    ("crlf", _line_endings(b"\r\n", mixed=True)),
    ("lf", _line_endings(b"\n", mixed=True)),
    # Bare CR ends no line in JSON Lines, and breaks quoted-printable soft line breaks.
    ("cr", _line_endings(b"\r", skip=frozenset({"jsonl", "mhtml"}), mixed=False)),
    ("rewrap", _rewrap),
    ("between-cards", _between_cards),
)


def paper_key(paper: Paper) -> str:
    """A paper's identity: its arXiv id, else its title."""
    return f"arXiv:{paper.arxiv_id}" if paper.arxiv_id else title_key(paper)


def title_key(paper: Paper) -> str:
    """The ASCII letters and digits of the title: a page read in a fallback encoding, its
    other letters garbled, still matches."""
    letters = "".join(char for char in paper.title.casefold() if char.isascii() and char.isalnum())
    return f"title:{letters or _normalised(paper.title)}"


def lost_papers(
    before: Sequence[Paper],
    after: Outcome,
    *,
    touched: str | None = None,
    spare: Collection[int] = (),
) -> list[str]:
    """The papers of ``before`` that ``after`` does not have, each described after its key
    (an id, a title, or "count:" when fewer papers came out, "all:" when none); empty when
    none is lost.

    Papers at the indexes in ``spare`` may go; a paper without an arXiv id whose title holds
    the word ``touched`` must only still be counted, since the edit changed its title."""
    if isinstance(after, ParseError):
        return [f"all: {len(before)} papers, ParseError: {after.message}"]
    kept = Counter(paper_key(paper) for paper in after.papers)
    without_id = Counter(title_key(paper) for paper in after.papers if not paper.arxiv_id)
    word = touched.casefold() if touched else None
    lost = []
    for index, paper in enumerate(before):
        key = paper_key(paper)
        if index in spare:
            continue
        if paper.arxiv_id is None and word is not None and word in paper.title.casefold():
            continue  # the edit changed this title: it is only counted, below
        if kept[key]:
            kept[key] -= 1
            continue
        kept_as = ""
        if paper.arxiv_id and without_id[title_key(paper)]:
            kept_as = " (a paper of that title is there, without the id)"
        lost.append(f"{key} {paper.title[:70]!r}{kept_as}")
    if len(after.papers) < len(before) - len(spare):
        lost.append(f"count: {len(before)} papers became {len(after.papers)}")
    return lost


def loss_shape(lost: Sequence[str]) -> str:
    """What kind of loss ``lost_papers`` described: one bug loses many different papers."""
    if lost[0].startswith("all:"):
        return "ParseError"
    if all(item.startswith("count:") for item in lost):
        return "fewer papers"  # only papers whose title the edit touched went
    return "papers lost"


# --- differential mode: one document, every door -------------------------------------------------


class View(NamedTuple):
    """What a parse gave, comparably: an error, or the papers (as JSON) and problem codes."""

    error: bool
    papers: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()

    @classmethod
    def of(cls, outcome: Outcome) -> View:
        if isinstance(outcome, ParseError):
            return cls(error=True)
        papers = tuple(_as_json(paper.to_dict()) for paper in outcome.papers)
        return cls(False, papers, tuple(problem.code for problem in outcome.problems))

    def __str__(self) -> str:
        if self.error:
            return "ParseError"
        return f"{len(self.papers)} papers, problems {list(self.codes)}"


def _as_json(item: object) -> str:
    return json.dumps(item, sort_keys=True)


# UTF-32 before UTF-16, whose BOM starts UTF-32's; no BOM at all: UTF-8 or nothing.
TEXT_BOMS: Final = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"", "utf-8"),
)


def as_text(data: bytes) -> str | None:
    """``data`` as the str a caller would pass, when its encoding is beyond doubt."""
    for bom, encoding in TEXT_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def through_zip(data: bytes, name: str, scratch: Path) -> View:
    """``data`` as a zip member, read by the command line (the public way into archives)."""
    archive, out = scratch / "pages.zip", scratch / "out.json"
    with zipfile.ZipFile(archive, "w") as writer:
        writer.writestr(name, data)
    with contextlib.redirect_stderr(io.StringIO()):
        paperparse.cli.main(["parse", str(archive), "--glob", "*", "-o", str(out)])
    pages = json.loads(out.read_text(encoding="utf-8"))
    if not pages:
        return View(error=True)
    (page,) = pages
    papers = tuple(_as_json(paper) for paper in page["papers"])
    return View(False, papers, tuple(problem["code"] for problem in page["problems"]))


def doors(data: bytes, name: str, scratch: Path) -> dict[str, Callable[[], View]]:
    """Every other way into the same document than its bytes, by invariant name."""
    found: dict[str, Callable[[], View]] = {}
    text = as_text(data)
    if text is not None:
        found["differential-str"] = lambda: View.of(attempt(text))

    def through_path() -> View:
        path = scratch / name
        path.write_bytes(data)
        return View.of(attempt(path))

    found["differential-path"] = through_path
    if not data.startswith(GZIP_MAGIC):  # a second gzip layer is not inflated: by design
        found["differential-gzip"] = lambda: View.of(attempt(gzip.compress(data)))
    found["differential-zip"] = lambda: through_zip(data, name, scratch)
    return found


def difference(expected: View, got: View) -> str:
    """What differs between two views, briefly: the signature of a finding."""
    if expected.error != got.error:
        return f"outcome: {expected} vs {got}"
    if len(expected.papers) != len(got.papers):
        return f"paper count: {len(expected.papers)} vs {len(got.papers)}"
    for one, other in zip(expected.papers, got.papers, strict=True):
        if one != other:
            left, right = json.loads(one), json.loads(other)
            fields = sorted(
                key for key in left.keys() | right.keys() if left.get(key) != right.get(key)
            )
            return f"paper fields {fields}"
    return f"problem codes {list(expected.codes)} vs {list(got.codes)}"


DIFFERENTIAL_INVARIANTS: Final = (
    "differential-str", "differential-path", "differential-gzip", "differential-zip"
)  # fmt: skip


# --- the driver --------------------------------------------------------------------------------


def record(invariant: str, data: bytes, what: str, *, folder: Path = FINDINGS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{invariant}-{hashlib.sha256(data).hexdigest()[:16]}.bin"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(what, encoding="utf-8")
    return path


def crash_signature(trace: str) -> str:
    """The exception and the innermost frame: one bug, however many inputs reach it."""
    frames = re.findall(r'File "([^"]+)", line (\d+)', trace)
    where = f"{Path(frames[-1][0]).name}:{frames[-1][1]}" if frames else "?"
    return f"{trace.strip().splitlines()[-1][:120]} at {where}"


class Tally:
    """Inputs and findings per invariant; the first input of each distinct finding recorded."""

    def __init__(self, *, findings: Path = FINDINGS, quiet: bool = False) -> None:
        self.inputs = 0  # inputs made and parsed, whatever they were checked against
        self.runs: Counter[str] = Counter()  # inputs checked against each invariant
        self.skipped: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()
        self.distinct: defaultdict[str, dict[str, Path]] = defaultdict(dict)
        self.folder = findings
        self.quiet = quiet

    def found(
        self,
        invariant: str,
        seed: str,
        signature: str,
        detail: str,
        data: bytes,
        headline: str = "",
    ) -> None:
        """Count a finding; record and print it if its signature is new for this seed."""
        self.findings[invariant] += 1
        key = f"{seed}: {signature}"
        if key in self.distinct[invariant]:
            return
        what = f"invariant: {invariant}\nseed: {seed}\nfinding: {signature}\n\n{detail}\n"
        path = record(invariant, data, what, folder=self.folder)
        self.distinct[invariant][key] = path
        if not self.quiet:
            print(
                f"[{invariant}] {key}{f' ({headline})' if headline else ''}\n    {path}", flush=True
            )

    def report(self, seed: int, modes: Sequence[str], seconds: float) -> str:
        names = ["crash", "slow"] if "crash" in modes else ["crash"]  # every input may crash
        if "loss" in modes:
            names += [name for name, _ in LOSS_INVARIANTS]
        if "differential" in modes:
            names += list(DIFFERENTIAL_INVARIANTS)
        lines = [
            f"seed {seed}, modes {'+'.join(modes)}, {seconds:.0f} s, "
            f"{self.inputs} inputs, {sum(self.findings.values())} findings",
            f"{'invariant':<20}{'inputs':>9}{'skipped':>9}{'findings':>10}{'distinct':>10}",
        ]
        for name in names:
            lines.append(
                f"{name:<20}{self.runs[name]:>9}{self.skipped[name]:>9}"
                f"{self.findings[name]:>10}{len(self.distinct[name]):>10}"
            )
        return "\n".join(lines)


class Fuzzer:
    def __init__(self, seed: int, scratch: Path, tally: Tally) -> None:
        self.rng = random.Random(seed)
        self.seeds = load_seeds()
        self.listed = [seed for seed in self.seeds if seed.listing and seed.listing.papers]
        self.spots = Spots()
        self.tally = tally
        self.scratch = scratch
        self.seen: set[bytes] = set()  # loss mutants already run: deterministic edits repeat
        self.unvisited = list(reversed(self.seeds))  # differential: each seed as it is, first

    def crash_step(self) -> None:
        seed = self.rng.choice(self.seeds)
        data = mutate_randomly(self.rng, seed.data)
        self.tally.inputs += 1
        self.tally.runs.update(("crash", "slow"))
        what = check(data)
        if what is None:
            return
        invariant = "slow" if what.startswith("slow:") else "crash"
        signature = "slow" if invariant == "slow" else crash_signature(what)
        self.tally.found(invariant, seed.name, signature, what, data)

    def loss_mutant(self) -> tuple[str, Seed, Mutant | None]:
        seed = self.rng.choice(self.listed)
        invariant, mutate = self.rng.choice(LOSS_INVARIANTS)
        return invariant, seed, mutate(self.rng, seed, self.spots)

    def loss_step(self) -> None:
        invariant, seed, mutant = self.loss_mutant()
        if mutant is None or seed.listing is None:  # (listed seeds all have a listing)
            self.tally.skipped[invariant] += 1
            return
        digest = hashlib.sha256(mutant.data).digest()
        if digest in self.seen:
            return
        self.seen.add(digest)
        self.tally.inputs += 1
        self.tally.runs.update(("crash", invariant))
        try:
            outcome = attempt(mutant.data)
        except Exception:  # noqa: BLE001 - a crash on an edited seed is a crash finding
            trace = traceback.format_exc()
            self.tally.found("crash", seed.name, crash_signature(trace), trace, mutant.data)
            return
        lost = lost_papers(seed.listing.papers, outcome, touched=mutant.touched, spare=mutant.spare)
        if lost:
            detail = f"edit: {mutant.note}\nlost:\n" + "\n".join(f"  {item}" for item in lost)
            more = f", and {len(lost) - 1} more" if len(lost) > 1 else ""
            headline = f"{lost[0][:100]}{more}"
            signature = loss_shape(lost)
            self.tally.found(invariant, seed.name, signature, detail, mutant.data, headline)

    def differential_step(self) -> None:
        if self.unvisited:
            seed = self.unvisited.pop()
            data, how = seed.data, "the seed as it is"
        elif self.rng.random() < 0.5:
            seed = self.rng.choice(self.seeds)
            data, how = mutate_randomly(self.rng, seed.data, most=2), "random mutations"
        else:
            _, seed, mutant = self.loss_mutant()
            if mutant is None:
                return
            data, how = mutant.data, mutant.note
        self.tally.inputs += 1
        self.tally.runs["crash"] += 1
        try:
            expected = View.of(attempt(data))
        except Exception:  # noqa: BLE001 - left to the crash mode's signature
            trace = traceback.format_exc()
            self.tally.found("crash", seed.name, crash_signature(trace), trace, data)
            return
        name = Path(seed.name).name
        for invariant, door in doors(data, name, self.scratch).items():
            self.tally.runs[invariant] += 1
            try:
                got = door()
            except Exception:  # noqa: BLE001 - one door crashing is a finding of its own
                trace = traceback.format_exc()
                signature = f"{invariant}: {crash_signature(trace)}"
                self.tally.found("crash", seed.name, signature, trace, data)
                continue
            if got != expected:
                signature = difference(expected, got)
                detail = f"input: {how}\nbytes: {expected}\n{invariant}: {got}"
                self.tally.found(invariant, seed.name, signature, detail, data)


def fuzz(
    modes: Sequence[str],
    minutes: float,
    seed: int,
    *,
    findings: Path = FINDINGS,
    quiet: bool = False,
) -> Tally:
    """Run ``modes`` interleaved for ``minutes``; the counts per invariant."""
    with tempfile.TemporaryDirectory(prefix="paperparse-fuzz-") as folder:
        fuzzer = Fuzzer(seed, Path(folder), Tally(findings=findings, quiet=quiet))
        steps = {
            "crash": fuzzer.crash_step,
            "loss": fuzzer.loss_step,
            "differential": fuzzer.differential_step,
        }
        deadline = time.monotonic() + minutes * 60
        while time.monotonic() < deadline:
            for mode in modes:
                steps[mode]()
        return fuzzer.tally


def run_atheris(argv: list[str]) -> None:  # pragma: no cover - needs atheris
    import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]

    def one_input(data: bytes) -> None:
        what = check(data)
        if what is not None:
            record("crash", data, what)
            raise RuntimeError(what)

    seed_dir = ROOT / "fuzz" / "seeds"
    seed_dir.mkdir(exist_ok=True)
    for seed in load_seeds():
        (seed_dir / hashlib.sha256(seed.data).hexdigest()[:16]).write_bytes(seed.data)
    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mode", choices=[*MODES, "all"], default="all")
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0, help="random seed, for reruns")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided, via atheris")
    args, rest = parser.parse_known_args()
    if args.atheris:
        run_atheris(rest)
        return 0
    modes = MODES if args.mode == "all" else (args.mode,)
    start = time.monotonic()
    tally = fuzz(modes, args.minutes, args.seed)
    print(tally.report(args.seed, modes, time.monotonic() - start))
    return 1 if sum(tally.findings.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
