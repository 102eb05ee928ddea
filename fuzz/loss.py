"""The loss invariants: edits that must keep every paper, and matching papers after them."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from typing import Final, NamedTuple

from fuzz.seeds import Outcome, Seed
from fuzz.spots import Spots, normalised
from paperparse import Paper, ParseError


class Mutant(NamedTuple):
    data: bytes  # the whole input, in the seed's shape
    note: str  # what was changed, and where
    touched: str | None = None  # the word a stray byte went into
    spare: frozenset[int] = frozenset()  # indexes of seed papers the edit may rightly cost


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
    return f"title:{letters or normalised(paper.title)}"


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
