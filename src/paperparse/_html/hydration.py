"""HTML stage: the JSON the page embeds for its scripts (``data-target`` / ``data-props``).

Hugging Face pages render server-side and hydrate components from JSON kept in a
``data-props`` attribute. Read through the parsed tree, the attribute is already unescaped,
whatever the quoting: HTML-escaped in double quotes as the server sends it, raw JSON in single
quotes as a re-serializing tool (BeautifulSoup's ``prettify``) writes it.
"""

from __future__ import annotations

import html
import json
from typing import Any, Final

import attrs
from lxml import etree  # this module loads only with an HTML page to read

from .._bounds import RAW_LIMIT
from .._hub.item_fields import ItemFields
from .._hub.items import PageFacts, page_facts, paper_from_hub, papers_from_items
from .._hub.json_values import decode_json
from .._hub.salvage import read_cut
from .._model import Location, Paper, Problem
from .tree import ElementPaths

# Components whose props carry papers; the rest (headers, banners) are ignored.
LISTING_TARGET: Final = "DailyPapers"
PAPER_TARGET: Final = "PaperContent"
UPVOTE_TARGET: Final = "UpvoteControl"
_DATA_TARGETS: Final = (LISTING_TARGET, PAPER_TARGET, UPVOTE_TARGET)
_PROPS_SEARCH: Final = 2000  # how far after data-target its data-props attribute may sit
# Every data-target attribute (the element is its parent). Asking for the attributes is three
# times as fast as asking for the elements that have one ("//*[@data-target]").
_TARGET_ATTRIBUTES: Final[Any] = etree.XPath("descendant-or-self::*/@data-target")


@attrs.frozen
class Hydration:
    """What the embedded JSON holds: papers (None when there was no usable JSON)."""

    papers: tuple[Paper, ...] | None = None
    problems: tuple[Problem, ...] = ()
    facts: PageFacts = attrs.Factory(PageFacts)
    upvotes: int | None = None  # UpvoteControl's count, on paper pages
    found: tuple[str, ...] = ()  # the targets that were present


def read_hydration(root: Any, paths: ElementPaths) -> Hydration:
    """Find the paper-carrying components and map their props."""
    problems: list[Problem] = []
    found: list[str] = []
    papers: tuple[Paper, ...] | None = None
    facts = PageFacts()
    upvotes = None
    for attribute in _TARGET_ATTRIBUTES(root):
        target = str(attribute)
        if target not in _DATA_TARGETS:
            continue
        element = attribute.getparent()
        found.append(target)
        path = f"{paths(element)}/@data-props"
        # Pandoc, converting a page, keeps the element but drops "data-" from the attribute.
        raw = element.get("data-props")
        props = _load_props(raw if raw is not None else element.get("props"), path, problems)
        if props is None:
            continue
        if target == LISTING_TARGET and papers is None:
            listed, item_problems = papers_from_items(
                props.get("dailyPapers"), pointer=f"{path}/dailyPapers"
            )
            papers, facts = tuple(listed), page_facts(props)
            problems.extend(item_problems)
        elif target == PAPER_TARGET and papers is None:
            paper, item_problems = _paper_content(props, path)
            problems.extend(item_problems)
            papers, facts = ((paper,) if paper else ()), PageFacts(kind="paper")
        elif target == UPVOTE_TARGET and isinstance(props.get("upvotes"), int):
            upvotes = props["upvotes"]
    return Hydration(papers, tuple(problems), facts, upvotes, tuple(found))


def salvage_listing(text: str) -> Hydration | None:
    """The complete items of a ``DailyPapers`` props cut off mid-JSON (a truncated download).

    The tree cannot give the attribute back when the document ends inside it, so this looks
    for the marker in the raw text, then reads the props from there as the Hub's JSON cut
    off (``read_cut``): item after item of ``dailyPapers`` until the cut.
    """
    marker = text.find(f'data-target="{LISTING_TARGET}"')
    if marker < 0:
        return None
    # The props follow the target in its tag, as the Hub writes them: props before it would
    # have ended before the marker, whole, and the tree would have read them.
    start = text.find("data-props=", marker, marker + _PROPS_SEARCH)
    if start < 0 or ">" in text[marker:start]:
        return None
    raw = text[start + len("data-props=") :]
    quote, raw = raw[:1], raw[1:]
    if quote == '"':
        raw = html.unescape(raw)
    props_path = f"//*[@data-target='{LISTING_TARGET}']/@data-props"
    replaced: list[Problem] = []
    cut = read_cut(raw, replaced, pointer=props_path)
    if cut is None or not isinstance(cut.value, dict):
        return None
    items = cut.value.get("dailyPapers")
    if not isinstance(items, list):
        return None
    path = f"{props_path}/dailyPapers"
    papers, problems = papers_from_items(items, pointer=path)
    problems[:0] = replaced
    problems.append(
        Problem(
            "truncated",
            f"the embedded JSON is cut off after {len(items)} complete papers",
            Location(path=f"{path}/{len(items)}"),
            cut.raw(raw),
        )
    )
    facts = PageFacts(kind="daily")
    return Hydration(tuple(papers), tuple(problems), facts, None, (LISTING_TARGET,))


def _load_props(raw: str | None, path: str, problems: list[Problem]) -> dict[str, Any] | None:
    if raw is None:
        problems.append(
            Problem("bad-hydration-json", "a component without props", Location(path=path))
        )
        return None
    try:
        props = decode_json(raw, problems, pointer=path)
    except (json.JSONDecodeError, RecursionError) as exc:
        message = (
            f"the embedded JSON cannot be read ({exc.__class__.__name__}); the visible page is used"
        )
        problems.append(
            Problem("bad-hydration-json", message, Location(path=path), raw[:RAW_LIMIT])
        )
        return None
    if not isinstance(props, dict):
        problems.append(
            Problem(
                "bad-hydration-json",
                "the embedded JSON is not an object",
                Location(path=path),
                raw[:RAW_LIMIT],
            )
        )
        return None
    return props


def _paper_content(props: dict[str, Any], path: str) -> tuple[Paper | None, list[Problem]]:
    item = props.get("paper")
    if not isinstance(item, dict):
        return None, [
            Problem("bad-hydration-json", "PaperContent without a paper", Location(path=path))
        ]
    paper, problems = paper_from_hub(item, pointer=f"{path}/paper", rank=1)
    if paper is None:
        return None, problems
    rank = props.get("dailyPaperRank")
    comments = props.get("comments")
    # The props hold the submitter's organisation beside the paper, where a daily item does.
    beside = ItemFields(props, path, None)
    organization = beside.organization(props, "submitterOrganization")
    return (
        attrs.evolve(
            paper,
            day_rank=rank if isinstance(rank, int) and rank > 0 else paper.day_rank,
            comments=len(comments) if isinstance(comments, list) else paper.comments,
            submitter_organization=organization or paper.submitter_organization,
        ),
        [*problems, *beside.problems],
    )
