"""JSON stage 2: the quick path for usual items (``_hub.common_items``) gives exactly what the
careful path (``items.paper_from_hub``) gives, and takes no item the careful path has a
problem with."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperparse._hub import items
from paperparse._hub.common_items import (
    COMMON_AUTHOR_KEYS,
    COMMON_ITEM_KEYS,
    COMMON_PAPER_KEYS,
    common_paper,
)
from paperparse._hub.item_keys import (
    AUTHOR_FIELDS,
    IGNORED_AUTHOR_KEYS,
    IGNORED_KEYS,
    ITEM_FIELDS,
    PAPER_FIELDS,
)
from paperparse._hub.items import paper_from_hub, papers_from_items
from paperparse._model import Paper, Problem

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

BASE: dict[str, Any] = {
    "paper": {
        "id": "2510.02283",
        "authors": [
            {"_id": "68df", "name": "Justin Cui", "hidden": False},
            {"_id": "68e0", "name": "Jie Wu", "hidden": False, "user": {"user": "jw"}},
        ],
        "mediaUrls": ["https://cdn-uploads.huggingface.co/a.mp4"],
        "publishedAt": "2025-10-02T17:55:42.000Z",
        "submittedOnDailyAt": "2025-10-03T00:21:50.292Z",
        "title": "Self-Forcing++: Towards\nMinute-Scale Video",
        "submittedOnDailyBy": {"_id": "6586", "fullname": "cui", "user": "cuijiaxing"},
        "summary": "Diffusion models\nhave revolutionized https://github.com/a/b and more.",
        "upvotes": 43,
        "discussionId": "68df2b56df49fb0df1e03beb",
        "projectPage": "https://self-forcing-plus-plus.github.io/",
        "githubRepo": "https://github.com/justincui03/Self-Forcing-Plus-Plus",
        "githubRepoAddedBy": "user",
        "githubStars": 120,
        "ai_summary": "A method is proposed.",
        "ai_summary_model": "Qwen/Qwen2.5-Coder-32B-Instruct",
        "ai_keywords": ["diffusion models", " transformer "],
        "organization": {"_id": "1", "name": "bytedance", "fullname": "ByteDance"},
    },
    "publishedAt": "2025-10-02T21:55:42.000Z",
    "title": "Self-Forcing++",
    "summary": "Diffusion models",
    "thumbnail": "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2510.02283.png",
    "numComments": 2,
    "submittedBy": {"_id": "6586", "user": "cuijiaxing"},
    "isAuthorParticipating": False,
    "organization": {"name": "bytedance"},
    "mediaUrls": ["https://cdn-uploads.huggingface.co/a.mp4"],
}

# Values that each reader branches on: absent (None), wrong types, empty and blank strings,
# entities, highlight marks, controls, surrogates, counts out of bounds, odd addresses.
ODD_VALUES = st.sampled_from(
    [None, "", " ", "  x  ", "a\tb", "x\x00y", "\x7f", "\ud800", "&amp;", "<mark>a</mark>",
     "<mark></mark>", "\u00a0a", "2510.02283", "2510.02283v2", "not an id", "x" * 300,
     "https://github.com/Org/Repo", "github.com/org/repo", "https://example.org/a b",
     "https://huggingface.co/papers/2501.00001", "www.example.org", "2025-10-03",
     "2025-10-03T00:21:50", "2025-13-40T00:00:00Z", 0, 1, -1, 2**63, 2**63 - 1,
     float("inf"), 1.5, True, False, [], [""], [" "], ["a", 1], [None], ["https://x.org/y"],
     {}, {"name": ""}, {"fullname": " A  B "}, {"user": "u"}, {"name": 3}, [{"name": "A"}],
     [{"name": "A", "extra": 1}], [{"name": " A"}], ["A, B"], "A, B and C", [{"x": 1}],
     "a\rb", "a\bb\fc", "x\x7f y", "é  x", "a\u2028b", "&Tab;x", "&#9;a", " x" * 150]
)  # fmt: skip
LISTED_AT = st.sampled_from(
    ["2025-10-02T21:55:42.000Z", "2025-10-02T17:55:42.000Z", "2025-10-01T00:00:00Z",
     "2025-10-03", "not a date", "", 3, None]
)  # fmt: skip
ITEM_KEYS = sorted(COMMON_ITEM_KEYS | {"url", "link", "likes", "comments", "date", "hf", "x"})
PAPER_KEYS = sorted(
    COMMON_PAPER_KEYS
    | {"url", "abstract", "published_at", "github_repo", "dailyPaperRank", "date", "hf"}
)


@st.composite
def near_usual_items(draw: st.DrawFn) -> dict[str, Any]:
    """The usual item with a few keys changed, removed or added, in the item or its paper."""
    item = copy.deepcopy(BASE)
    if draw(st.booleans()):  # as 2024's items: the day is the item's publishedAt, if later
        del item["paper"]["submittedOnDailyAt"]
        item["publishedAt"] = draw(LISTED_AT)
    for _ in range(draw(st.integers(0, 4))):
        inner = isinstance(item.get("paper"), dict) and draw(st.booleans())
        place = item["paper"] if inner else item
        key = draw(st.sampled_from(PAPER_KEYS if inner else ITEM_KEYS))
        value = draw(ODD_VALUES | st.text(max_size=12) | st.integers())
        if value is None and draw(st.booleans()):
            place.pop(key, None)
        else:
            place[key] = copy.deepcopy(value)
    if draw(st.integers(0, 9)) == 0:
        item["paper"] = draw(ODD_VALUES)
    return item


def _careful(item: dict[str, Any]) -> tuple[Paper | None, list[Problem]]:
    return paper_from_hub(item, pointer="/0", rank=1, line=3)


def _assert_same(item: dict[str, Any]) -> bool:
    """The quick path's Paper, if it takes the item, is the careful path's, problem-free."""
    quick = common_paper(item, pointer="/0", rank=1, line=3)
    if quick is None:
        return False
    careful, problems = _careful(copy.deepcopy(item))
    assert problems == []
    assert quick == careful
    assert quick.to_dict() == careful.to_dict()  # types too: a tuple is not a list
    return True


def test_the_usual_item_is_taken() -> None:
    assert _assert_same(copy.deepcopy(BASE))


def test_the_keys_taken_are_all_read_or_ignored() -> None:
    assert COMMON_ITEM_KEYS <= ITEM_FIELDS | IGNORED_KEYS
    assert COMMON_PAPER_KEYS <= PAPER_FIELDS | IGNORED_KEYS
    assert COMMON_AUTHOR_KEYS == AUTHOR_FIELDS | IGNORED_AUTHOR_KEYS


@settings(max_examples=1500, deadline=None)
@given(near_usual_items())
def test_quick_path_gives_the_careful_paper(item: dict[str, Any]) -> None:
    _assert_same(item)


def _listing_both_ways(
    monkeypatch: pytest.MonkeyPatch, data: list[Any], *, few_controls: bool = False
) -> tuple[tuple[list[Paper], list[Problem]], tuple[list[Paper], list[Problem]]]:
    quick = papers_from_items(copy.deepcopy(data), pointer="", few_controls=few_controls)
    with monkeypatch.context() as patch:
        patch.setattr(items, "common_paper", lambda *_, **__: None)
        careful = papers_from_items(copy.deepcopy(data), pointer="")
    return quick, careful


@settings(max_examples=300, deadline=None)
@given(st.lists(near_usual_items(), max_size=5))
def test_lists_give_the_same_papers_and_problems(data: list[Any]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        quick, careful = _listing_both_ways(monkeypatch, data)
    assert quick == careful


@settings(max_examples=300, deadline=None)
@given(st.lists(near_usual_items(), max_size=5))
def test_json_without_u_escapes_gives_the_same(data: list[Any]) -> None:
    # As parse_json reads a document: few_controls when its text has no \u escape, which
    # json.dumps writes for every control character but \b \f \n \r \t.
    text = json.dumps(data, ensure_ascii=False)
    with pytest.MonkeyPatch.context() as monkeypatch:
        quick, careful = _listing_both_ways(
            monkeypatch, json.loads(text), few_controls="\\u" not in text
        )
    assert quick == careful


def _item_lists(folder: Path) -> list[tuple[list[Any], bool]]:
    """Each JSON list of items under ``folder``, and whether its text has no ``\\u`` escape."""
    found = []
    for path in sorted(folder.rglob("*.json")):
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(data, list) and not path.name.endswith(".expected.json"):
            found.append((data, "\\u" not in text))
    return found


def test_every_fixture_and_corpus_item_both_ways(
    monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    lists = _item_lists(FIXTURES) + _item_lists(corpus / "api-json")
    taken = 0
    for data, few_controls in lists:
        quick, careful = _listing_both_ways(monkeypatch, data, few_controls=few_controls)
        assert quick == careful
        taken += sum(_assert_same(item) for item in data if isinstance(item, dict))
    assert taken > 280  # nearly every real item is of the usual shape
