"""JSON stage: the quick checks in ``_hub.item_fields`` give what the plain definitions give."""

from __future__ import annotations

import html
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperparse._hub.item_fields import clean_names, clean_text, is_printable
from paperparse._hub.items import paper_from_hub

# Text mixing what the quick paths branch on: entities, every kind of whitespace, controls,
# and long ASCII runs (the bytes route for ASCII starts past 200 characters).
PIECES = st.sampled_from(
    ["a", "word", " ", "  ", "\n", "\t", "\r", "\x00", "\x7f", "\x1f", "\u00a0", "\u200b",
     "\u3000", "\u2028", "&amp;", "&", "&lt;b&gt;", "é", "|", "x" * 120]
)  # fmt: skip
SHORT_TEXTS = st.lists(PIECES, max_size=8).map("".join)
TEXTS = (
    st.lists(PIECES, max_size=40).map("".join)
    | st.builds(lambda head, tail: f"{head}{'x' * 200}{tail}", SHORT_TEXTS, SHORT_TEXTS)
    | st.text(max_size=300)
)


def _folded(text: str) -> str:
    """What ``clean_text`` is defined to do, without its shortcuts."""
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


@given(TEXTS)
def test_clean_is_entities_and_folded_whitespace(text: str) -> None:
    assert clean_text(text) == _folded(text)


@given(TEXTS)
def test_printable_is_isprintable(text: str) -> None:
    assert is_printable(text) is text.isprintable()


@pytest.mark.parametrize("char", [chr(code) for code in (*range(0x21), *range(0x7E, 0xA2))])
def test_printable_on_long_text_knows_every_character(char: str) -> None:
    text = "x" * 300 + char
    assert is_printable(text) is text.isprintable()


def _careful_names(authors: list[Any]) -> tuple[str, ...] | None:
    """The author names as the careful path reads them; None when it reports a problem."""
    names = []
    for author in authors:
        name = author.get("name")
        if not isinstance(name, str) or not name.strip():
            return None
        names.append(clean_text(name))
    return tuple(names)


NAMES = st.one_of(TEXTS, st.none(), st.integers())
AUTHORS = st.lists(st.fixed_dictionaries({"name": NAMES}) | st.just({}), max_size=8)


@given(AUTHORS)
def test_quick_author_names_are_the_careful_ones(authors: list[Any]) -> None:
    quick = clean_names(authors)
    if quick is not None:
        assert quick == _careful_names(authors)


def test_a_lone_empty_author_name_is_a_problem() -> None:
    item = {"title": "A title", "authors": [{"name": ""}]}
    paper, problems = paper_from_hub(item, pointer="/0")
    assert paper is not None
    assert paper.authors == ()
    assert [problem.code for problem in problems] == ["invalid-field"]


def test_keys_read_in_either_place_have_no_other_names() -> None:
    # items._either skips a place that lacks the key itself: right only while no tool's
    # name for these keys is read (an alias would be looked up by the reader).
    from paperparse._hub.item_fields import _ALIASES
    from paperparse._hub.item_keys import EITHER_FIELDS

    assert EITHER_FIELDS.isdisjoint(_ALIASES)


AUTHORS = st.lists(
    st.one_of(
        st.dictionaries(st.sampled_from(["name", "_id", "hidden", "user", "role", "n"]), st.text()),
        st.text(max_size=6),
        st.integers(),
        st.lists(st.dictionaries(st.sampled_from(["name", "x"]), st.integers()), max_size=2),
    ),
    max_size=6,
)


@given(AUTHORS)
def test_quick_author_key_check_reports_what_the_careful_one_does(authors: list[Any]) -> None:
    from paperparse._hub.item_fields import ItemFields
    from paperparse._hub.item_keys import _AUTHOR_KEYS, KeyTally

    tally = KeyTally()
    tally._check_authors(authors, ItemFields({"paper": {"authors": authors}}, "", None))
    unknown = {key for author in authors if isinstance(author, dict) for key in author}
    assert {key for (_, key) in tally._seen} == unknown - _AUTHOR_KEYS
