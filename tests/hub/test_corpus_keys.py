"""Conformance: every key of every item in the corpus's real Hub JSON (API responses and the
HTML pages' embedded JSON) is read or ignored on purpose, and none comes back unknown.

Skips when ../shared/corpus is not beside the checkout."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

import paperparse
from paperparse._hub.item_keys import (
    AUTHOR_FIELDS,
    IGNORED_AUTHOR_KEYS,
    IGNORED_KEYS,
    ITEM_FIELDS,
    PAPER_FIELDS,
)

from ..conftest import CORPUS

API_FILES = sorted((CORPUS / "api-json").glob("*.json"))
HTML_FILES = sorted(CORPUS.glob("html-*/*.html"))
ALL_FILES = API_FILES + HTML_FILES


def _items(path: Path) -> Iterator[dict[str, Any]]:
    """The Hub items a corpus file holds: an API list, or a page's DailyPapers items and
    PaperContent paper (as a bare paper object)."""
    if path.suffix == ".json":
        yield from json.loads(path.read_bytes())
        return
    root = lxml_html.fromstring(path.read_bytes())
    for element in root.xpath("//*[@data-target]"):
        props = json.loads(element.get("data-props") or "{}")
        if element.get("data-target") == "DailyPapers":
            yield from props["dailyPapers"]
        elif element.get("data-target") == "PaperContent":
            yield props["paper"]


def _keys(path: Path) -> Iterator[tuple[str, str]]:
    """(where, key) of every key in the file's items: the item, its paper, an author."""
    for item in _items(path):
        paper = item.get("paper", item)
        if paper is not item:
            yield from (("item", key) for key in item)
        yield from (("paper", key) for key in paper)
        for author in paper.get("authors", []):
            yield from (("author", key) for key in author)


KNOWN = {
    "item": ITEM_FIELDS | IGNORED_KEYS,
    "paper": PAPER_FIELDS | IGNORED_KEYS,
    "author": AUTHOR_FIELDS | IGNORED_AUTHOR_KEYS,
}


def test_the_corpus_has_hub_json(corpus: Path) -> None:
    assert len(API_FILES) >= 18
    assert len(HTML_FILES) >= 4


@pytest.mark.parametrize("path", ALL_FILES, ids=[path.name[:48] for path in ALL_FILES])
def test_every_key_in_the_corpus_is_read_or_ignored(corpus: Path, path: Path) -> None:
    unaccounted = {(where, key) for where, key in _keys(path) if key not in KNOWN[where]}
    assert unaccounted == set()


@pytest.mark.parametrize("path", ALL_FILES, ids=[path.name[:48] for path in ALL_FILES])
def test_real_hub_json_gives_no_unknown_field(corpus: Path, path: Path) -> None:
    listing = paperparse.parse(path)
    assert listing.papers
    assert [problem for problem in listing.problems if problem.code == "unknown-field"] == []


def test_every_ignored_key_is_one_the_hub_sends(corpus: Path) -> None:
    seen = {(where, key) for path in ALL_FILES for where, key in _keys(path)}
    in_items = {key for where, key in seen if where != "author"}
    # The list is what the Hub's JSON holds, not guesses; "_id", the database id every
    # nested Hub object carries (authors, users, organisations), is there for the items
    # and papers that carry theirs.
    assert IGNORED_KEYS - in_items == {"_id"}
    assert {key for where, key in seen if where == "author"} >= IGNORED_AUTHOR_KEYS
