"""Text stages: the quick checks in rendering and tokenizing give what the plain steps give."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from paperparse._text.rendering import Line, render_lines
from paperparse._text.tokens import (
    _SPLIT_LABEL_MAX,
    _SPLIT_LABELS,
    _WIDGET_LABELS,
    _completes,
    _continues_date,
    _ends_in_cut_date,
    _join_split_pieces,
)

# Pieces of lines around what the quick checks branch on: month names and labels, digits
# (a day, a year, non-ASCII ones), the punctuation and spaces looked past, letters that
# IGNORECASE matches to ASCII ones, the mark character and invisible characters.
PIECES = st.sampled_from(
    ["Sep", "sept", "JAN", "May", "on", "Published", "Upvote", "github", "Title", "3", "30",
     "2024", "\u0663", "\u00b2", ".", ",", " ", "  ", "\t", "\u3000", "\u00b7", "\u017f",
     "\u212a", "(BUT", "TON)", "(BUTTON)", "\x00", "\x001\x00", "\u200b", "-", "*", "\u2022"]
)  # fmt: skip
LINES = st.lists(PIECES, min_size=1, max_size=6).map("".join)
RESTS = st.sampled_from(["12", "2024", "on Sep 3", "Sep 3, 2024", "-", "\u2013", "3 2", "Title"])


def _as_tuples(lines: list[Line]) -> list[tuple[object, ...]]:
    return [attrs.astuple(line) for line in lines]


@given(head=LINES, rest=RESTS, blank=st.booleans())
@example(head="Sep 3", rest="2024", blank=False)  # a day ends the line
@example(head="\u00b7 Sep 30,", rest="2024", blank=False)
@example(head="Published", rest="on Sep 3", blank=False)
@example(head="Upvote", rest="12", blank=True)
@example(head="Jan", rest="12", blank=True)
@example(head="GitHub ", rest="2024", blank=False)
@example(head="\u00b7 Upvote", rest="12", blank=False)  # a one-line card's last button
def test_split_pieces_join_as_the_plain_tests_say(head: str, rest: str, blank: bool) -> None:
    first, second = Line(1, head), Line(2, rest, blank_before=blank)
    held = (
        (len(head) <= _SPLIT_LABEL_MAX and head.strip().lower() in _SPLIT_LABELS)
        or (head.rpartition(" ")[2].lower() in _WIDGET_LABELS and "\u00b7" in head)
        or _ends_in_cut_date(head)
    )
    joins = held and (_completes(first, second) or _continues_date(first, second))
    assert len(_join_split_pieces([first, second])) == (1 if joins else 2)


@given(st.lists(LINES, max_size=6).map("\n".join))
def test_stray_marks_are_spaces_without_links(text: str) -> None:
    # Without links or front matter the mark character is disarmed line by line: the lines
    # are those of the text with the character already a space.
    text = text.replace("[", "(")
    assert _as_tuples(render_lines(text, markdown=False)[0]) == _as_tuples(
        render_lines(text.replace("\x00", " "), markdown=False)[0]
    )


@pytest.mark.parametrize(
    "text",
    [
        "Title (BUTTON)",
        "Title (BUT\u200bTON)",  # an invisible character splits it in the text
        "Title (BUT\u00adTON)",
    ],
)
def test_lynx_buttons_are_found_however_the_text_splits_them(text: str) -> None:
    lines, _ = render_lines(text, markdown=False)
    assert [line.text for line in lines] == ["Title"]
