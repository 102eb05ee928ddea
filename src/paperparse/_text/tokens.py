"""Text stage 1b: classify every line, rejoin paragraphs a rendering hard-wrapped, and put
back together the pieces a copy split over two lines or glued onto one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import attrs

from .._fields.counts import parse_count
from .._fields.dates import MONTH_NAMES, match_display_date
from .line_kinds import (
    INLINE_SEPARATOR,
    PIECE_MAX_LENGTH,
    Kind,
    Token,
    classify,
    leading_date_end,
    stands_alone,
)
from .rendering import Line

# When a line is a hard wrap of the one before it (see _continues).
_WRAP_MIN_WIDTH: Final = 40
_WRAP_MAX_WIDTH: Final = 110
_SENTENCE_END: Final = ".!?:;"  # a long line ending in a comma runs on


def tokenize(lines: Iterable[Line]) -> list[Token]:
    """Classify every line; rejoin hard-wrapped paragraphs; split "Org · Date" lines."""
    out: list[Token] = []
    held: list[Token] | None = None  # a paragraph that the next line may continue
    chrome: list[Token] = []  # chrome met while a paragraph is open: it floats past it
    text_kind, chrome_kind = Kind.TEXT, Kind.CHROME  # (looked up once, not per token)
    for line in _join_split_pieces(lines):
        whole = classify(line.text, line.number, line.urls, line.heading, line.blank_before)
        if whole.kind == Kind.SUBMITTED_BY and whole.label and " " in whole.label:
            pieces = _split_one_line_card(whole)
        elif whole.kind == Kind.TEXT and "#" in whole.text and "aper of the" in whole.text:
            pieces = _split_badge(whole)
        else:
            pieces = _split_at_dots(whole) if "\u00b7" in whole.text else (whole,)
        for token in pieces:
            kind = token.kind
            if kind == chrome_kind and held is not None:
                chrome.append(token)  # a floating button does not break a paragraph
                continue
            # A card piece split off a dotted line ("org · date") wraps on from nothing.
            if (
                held is not None
                and kind == text_kind
                and len(pieces) == 1
                and _continues(held, token, line)
            ):
                held.append(token)
                continue
            if held is not None:
                out.append(_paragraph_token(held))
                if chrome:
                    out.extend(chrome)
                    chrome = []
                held = None
            if kind == text_kind:
                held = [token]
            else:
                out.append(token)
    if held is not None:
        out.append(_paragraph_token(held))
    out.extend(chrome)
    return out


# A paragraph being rejoined is the list of its TEXT lines' tokens: most paragraphs are one
# line, and a list costs a fraction of an object to build. Its text is joined once, at the
# end, so a long paragraph costs linear time.


def _continues(paragraph: list[Token], token: Token, line: Line) -> bool:
    """Whether ``line`` continues ``paragraph`` (a hard wrap, not a new piece)."""
    if line.blank_before:
        return False
    if paragraph[0].heading:
        return line.indented and not line.heading  # "## A long\n  title" wraps
    if line.heading:
        return False
    previous, text = paragraph[-1].text, token.text
    if len(paragraph) == 1 and stands_alone(previous):
        return False
    if _ends_in_split_word(previous):
        return True  # "agent-" / "specific"
    if text[:1].islower():
        return True
    return (
        len(previous) >= _WRAP_MIN_WIDTH
        and previous[-1] not in _SENTENCE_END
        and len(text) <= _WRAP_MAX_WIDTH
    )


def _ends_in_split_word(text: str) -> bool:
    return text.endswith("-") and text[-2:-1].isalpha()


def _paragraph_token(paragraph: list[Token]) -> Token:
    """The paragraph as one token: its lines joined, a word split at a hyphen rejoined."""
    first = paragraph[0]
    if len(paragraph) == 1:
        return first
    parts = [first.text]
    urls = list(first.urls)
    for token in paragraph[1:]:
        if not _ends_in_split_word(parts[-1]):
            parts.append(" ")
        parts.append(token.text)
        urls.extend(token.urls)
    last = paragraph[-1]
    return attrs.evolve(
        first, text="".join(parts), end_line=last.end_line or last.line, urls=tuple(urls)
    )


def _join_split_pieces(lines: Iterable[Line]) -> list[Line]:
    """A piece copied from two boxes is one piece: "Aug" then "1" is a date, "Upvote" then
    "117" an upvote count, "GitHub" then "131" a star count."""
    out: list[Line] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None:
            if _completes(previous, line) or _continues_date(previous, line):
                text = f"{previous.text.strip()} {line.text.strip()}"
                out.append(attrs.evolve(previous, text=text, urls=previous.urls or line.urls))
                previous = None
                continue
            out.append(previous)
            previous = None
        if _waits_for_rest(line.text):
            previous = line
        else:
            out.append(line)
    if previous is not None:
        out.append(previous)
    return out


# A date a converter wrapped mid-way: "· Published" / "on Sep 30, 2026", "· Sep 30," / "2026".
_MONTH_WORD: Final = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_CUT: Final = re.compile(
    rf"(?:\bPublished(?:\s+on)?|\b{_MONTH_WORD}(?:\s+\d{{1,2}},?)?)\Z", re.IGNORECASE
)
_DATE_HEADS: Final = MONTH_NAMES | {"published", "on"}
_DATE_REST: Final = re.compile(rf"\A(?:on\s+|{_MONTH_WORD}\s+\d|\d{{1,4}}\b)", re.IGNORECASE)


def _waits_for_rest(text: str) -> bool:
    """A lone label ("Upvote", "Aug") or a date cut mid-way: the next line may complete it."""
    end = text[-1:]
    # Cheap checks first: most lines end in a character that ends neither a label nor a cut
    # date, or in a year or a count (three digits and more).
    if not (end in _PIECE_HEAD_LAST or (end > "\x7f" and (end.isdigit() or end.isspace()))):
        return False
    if text[-3:].isdigit():
        return False
    if len(text) <= _SPLIT_LABEL_MAX and text.strip().lower() in _SPLIT_LABELS:
        return True
    if text.rpartition(" ")[2].lower() in _WIDGET_LABELS and "\u00b7" in text:
        return True  # a card on one line whose last button's count is on the next
    return _ends_in_cut_date(text)


def _ends_in_cut_date(text: str) -> bool:
    tail = text.rstrip()
    last = tail.rpartition(" ")[2].lower().rstrip(".,")
    # Cheap checks first: most lines end in a word no date begins with.
    is_day = len(last) <= 2 and last.isdigit()  # a year ends a date that is whole
    return (is_day or last in _DATE_HEADS) and bool(_DATE_CUT.search(tail))


def _continues_date(head: Line, rest: Line) -> bool:
    """``rest`` is the end of the date ``head`` was cut in (no blank line between)."""
    if rest.blank_before or not _DATE_REST.match(rest.text.strip()):
        return False
    token = classify(f"{head.text.strip()} {rest.text.strip()}", head.number, head.urls)
    return any(token.kind == Kind.DATE for token in _split_at_dots(token))


# Labels whose value a page may show in the next box.
_SPLIT_LABELS: Final = MONTH_NAMES | {"upvote", "github"}
# The ASCII characters a split label or a cut date can end in: a day's digit, the last
# letter of a label, a month, "published" or "on", and the punctuation and spaces looked
# past. Of the other characters only digits and spaces can (no other lower-cases to the
# last letter of one of these words).
_PIECE_HEAD_LAST: Final = frozenset(
    "0123456789.,"
    + " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
    + "".join(word[-1] + word[-1].upper() for word in _DATE_HEADS | _SPLIT_LABELS)
)
_WIDGET_LABELS: Final = frozenset({"upvote", "github"})
_SPLIT_LABEL_MAX: Final = 20  # longer lines are no lone label, even with spaces around it


def _completes(label: Line, value: Line) -> bool:
    text = value.text.strip()
    if value.urls and value.urls != label.urls:
        return False  # a count with a link of its own belongs to something else
    if label.text.strip().lower() in MONTH_NAMES:
        return text.isdigit() and match_display_date(f"{label.text} {text}") is not None
    return parse_count(text, dash_is_zero=True) is not None


def _split_at_dots(token: Token) -> list[Token] | tuple[Token]:
    """ "Kandinsky Lab · Published on Oct 4, 2026": several card pieces on one line."""
    text = token.text
    if token.kind != Kind.TEXT or "\u00b7" not in text or len(text) > PIECE_MAX_LENGTH:
        return (token,)  # a long line is prose, whatever its middle dots separate
    parts = INLINE_SEPARATOR.split(text)
    pieces: list[list[Token]] = []
    for index, part in enumerate(parts):
        piece = classify(part, token.line, token.urls) if part else None
        if piece is None:
            pieces.append([])
        elif index and piece.kind != Kind.DATE:
            pieces.append(_date_then_widgets(piece) or [piece])
        else:
            pieces.append([piece])
    # A dot that ends the line separates it from the next one ("Org ·" / "Published on ...").
    if pieces[-1] and not any(p.kind != Kind.TEXT for part in pieces for p in part):
        return (token,)
    tokens: list[Token] = []
    for index, part_tokens in enumerate(pieces):
        if index:
            tokens.append(Token(Kind.SEPARATOR, token.line, "\u00b7"))
        tokens.extend(part_tokens)
    return tokens


# A card's widgets printed after its date on the same line: "Upvote 117", "GitHub 110k"
# (a copy may glue the label to its count), "arXiv Page", a bare count.
_WIDGET: Final = re.compile(
    r"(?P<label>Upvote|GitHub)\s*(?P<count>\d[\d,.]*\s?[kKmM]?)(?=\s|\Z)"
    r"|arXiv\s+Page|\d[\d,.]*[kK]?(?=\s|\Z)",
    re.IGNORECASE,
)


def _date_then_widgets(piece: Token) -> list[Token] | None:
    """ "Published on Oct 4, 2026 Upvote 117 GitHub 110k": the date, then one piece per
    widget; None unless the date is followed by widgets and nothing else."""
    text = piece.text
    end = leading_date_end(text)
    if end is None or end == len(text):
        return None
    date = classify(text[:end], piece.line, piece.urls)
    rest, position, widgets = text[end:], 0, [date]
    for match in _WIDGET.finditer(rest):
        if rest[position : match.start()].strip():
            return None  # something that is no widget
        shown = f"{match['label']} {match['count']}" if match["label"] else match.group(0)
        widgets.append(classify(shown, piece.line, piece.urls))
        position = match.end()
    if rest[position:].strip() or len(widgets) == 1:
        return None
    return widgets


# What ends a one-line card: its counts ("2", "2 1"), after the dot and its metadata.
_TRAILING_COUNTS: Final = re.compile(
    r"\A(?P<body>.*\u00b7.*?)\s+(?P<counts>\d[\d,.]*[kK]?(?:\s+\d[\d,]*)?)\Z"
)


def _split_one_line_card(token: Token) -> list[Token] | tuple[Token]:
    """A whole card on one line, as extractors that join a card's text print it:
    "Submitted by user 24 Title · 5 authors 2": the submitter, the upvotes, then the rest.

    Only a submitter followed by a count is split: a full name ("Submitted by Jane Doe")
    stays whole. The counts at the end are split off only after a dot, which says where
    the title ends; without it ("Title Org 12 2") the title's end is unknown, and the rest
    stays one line, reported as a title without metadata rather than cut by guess.
    """
    user, _, rest = (token.label or "").partition(" ")
    upvotes, _, rest = rest.partition(" ")
    count = parse_count(upvotes, dash_is_zero=True)
    if count is None or not rest.strip():
        return (token,)
    line, urls = token.line, token.urls
    tokens = [
        Token(Kind.SUBMITTED_BY, line, f"Submitted by {user}", label=user),
        Token(Kind.COUNT, line, upvotes, urls, count=count),
    ]
    counts = None
    if (match := _TRAILING_COUNTS.match(rest)) is not None:
        rest, counts = match["body"], match["counts"]
    body = classify(rest, line, urls)
    tokens.extend(_split_at_dots(body) if "\u00b7" in rest else (body,))
    if counts is not None:
        tokens.append(classify(counts, line))
    return tokens


# The day's rank as a badge glued to the title it marks, before or after it.
_BADGE: Final = re.compile(r"#\d+\s+Paper\s+of\s+the\s+(?:day|week|month)", re.IGNORECASE)


def _split_badge(token: Token) -> list[Token] | tuple[Token]:
    """ "#2 Paper of the day The Title" (or the title, then the badge): the title, then the
    badge, the order in which pages print them on lines of their own."""
    text = token.text
    match = _BADGE.match(text) or _BADGE.search(text, max(0, len(text) - 40))
    if match is None or match.group(0) == text:
        return (token,)
    rest = (text[: match.start()] + " " + text[match.end() :]).strip(" -\u00b7|:")
    if not rest:
        return (token,)
    badge = classify(match.group(0), token.line, token.urls)
    title = attrs.evolve(token, text=rest)
    return [title, badge]
