"""JSON stage 2, the quick way: a daily-papers item of the Hub's usual shape as a Paper.

Nearly every item of ``/api/daily_papers`` has the same shape: the Hub's own keys and no
other, each value of its type, every timestamp and address well formed. For such an item
``common_paper`` builds the Paper straight from the values, without the per-field readers,
pointers and key accounting of ``items.paper_from_hub``. Anything else (a key another tool
names, a value of the wrong type, a field the careful path would report or look elsewhere
for) gives None, and the caller takes the careful path, which says what is wrong. Both give
the same Paper for every item this one takes: tests/hub/test_common_items.py checks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Final

from .._bounds import COUNT_LIMIT
from .._fields.dates import parse_timestamp
from .._fields.links import (
    find_urls,
    normalize_arxiv_id,
    on_github,
    paper_url,
    split_links,
    web_address,
)
from .._model import Location, Paper
from .item_fields import clean_names, clean_text, is_printable, organization_name, strip_highlights

# The keys taken here: the Hub's own, all read by the careful path or ignored on purpose by
# item_keys (the test checks both). A key outside them (another tool's name, an alias, a URL
# key, a key the tally would report) sends the item the careful way.
COMMON_ITEM_KEYS: Final = frozenset(
    {
        "_id",
        "paper",
        "title",
        "summary",
        "publishedAt",
        "thumbnail",
        "numComments",
        "submittedBy",
        "isAuthorParticipating",
        "organization",
        "submitterOrganization",
        "mediaUrls",
        "mediaUrl",
        "discussionId",
        "githubRepoAddedBy",
        "ai_summary_model",
        "upvoted",
    }
)
COMMON_PAPER_KEYS: Final = frozenset(
    {
        "_id",
        "id",
        "authors",
        "publishedAt",
        "submittedOnDailyAt",
        "submittedOnDailyBy",
        "title",
        "summary",
        "upvotes",
        "discussionId",
        "ai_summary",
        "ai_keywords",
        "ai_summary_model",
        "githubRepo",
        "githubRepoAddedBy",
        "githubStars",
        "projectPage",
        "organization",
        "submitterOrganization",
        "isAuthorParticipating",
        "mediaUrls",
        "mediaUrl",
        "upvoted",
    }
)
COMMON_AUTHOR_KEYS: Final = frozenset(
    {"_id", "name", "user", "status", "statusLastChangedAt", "hidden"}
)
_MEDIA_KEYS: Final = ("mediaUrls", "mediaUrl")


class _Uncommon(Exception):
    """A value the careful path reads differently, or reports: the item is not taken here."""


def common_paper(
    item: Mapping[str, Any],
    *,
    pointer: str,
    rank: int | None,
    line: int | None,
    few_controls: bool = False,
) -> Paper | None:
    """The Paper of a daily-papers item of the usual shape (see above), or None for the
    careful path. Never records a problem: an item that would have one is not taken.

    ``few_controls``: no string of the item holds a control character but ``\\b \\f \\n
    \\r \\t`` and DEL (its JSON text had no ``\\u`` escape), so text is checked for those.
    """
    paper = item.get("paper")
    if type(item) is not dict or type(paper) is not dict:
        return None
    if not (COMMON_ITEM_KEYS.issuperset(item) and COMMON_PAPER_KEYS.issuperset(paper)):
        return None
    try:
        return _build(item, paper, pointer, rank, line, few_controls)
    except _Uncommon:
        return None


def _build(
    item: dict[str, Any],
    paper: dict[str, Any],
    pointer: str,
    rank: int | None,
    line: int | None,
    few_controls: bool,
) -> Paper:
    clean = _clean_few if few_controls else clean_text
    # Each step mirrors items.paper_from_hub; where that one would fall back to another key
    # (an empty title, no id) or report, _Uncommon hands the item over to it.
    title = _text(paper.get("title"), clean)
    raw_id = _text(paper.get("id"), clean)
    abstract = _text(paper.get("summary"), clean)
    if title is None or raw_id is None or abstract is None:
        raise _Uncommon
    title = strip_highlights(title)
    abstract = strip_highlights(abstract)
    arxiv_id = normalize_arxiv_id(raw_id)
    published_raw = paper.get("publishedAt")
    published = parse_timestamp(published_raw)
    if arxiv_id is None or published is None:
        raise _Uncommon
    submitted = _submission_day(paper, item, published)
    code = _address(paper.get("githubRepo"))
    project_page = _text(paper.get("projectPage"), clean)
    urls = [url for url in (code, project_page) if url]
    urls += find_urls(abstract)
    code_links, links = split_links(urls)
    authors = _authors(paper.get("authors"), _printable_few if few_controls else is_printable)
    author_participating = _flag(item.get("isAuthorParticipating"))
    if author_participating is None:
        author_participating = _flag(paper.get("isAuthorParticipating"))
    get_paper, get_item = paper.get, item.get
    # By position, in the order of Paper's fields: matching 31 keywords was a fifth of the call.
    return Paper(
        title,
        abstract,
        arxiv_id,
        paper_url(arxiv_id),  # url
        authors if authors is not None else (),
        len(authors) if authors is not None else None,  # author_count
        published.date(),
        published_raw,  # published_text
        "explicit",  # date_resolution
        submitted,
        _user(get_paper("submittedOnDailyBy")) or _user(get_item("submittedBy")),
        # submitter_organization, the item's first (as items._either reads it)
        _organization(get_item("submitterOrganization"))
        or _organization(get_paper("submitterOrganization")),
        _count(get_paper("upvotes")),
        _count(get_item("numComments")),  # comments
        _text(get_paper("discussionId"), clean) or _text(get_item("discussionId"), clean),
        author_participating,
        code_links,
        links,
        code if code is not None and on_github(code) else None,  # github_repo
        _text(get_paper("githubRepoAddedBy"), clean) or _text(get_item("githubRepoAddedBy"), clean),
        _count(get_paper("githubStars")),
        project_page,
        _text(get_paper("ai_summary"), clean),
        _text(get_paper("ai_summary_model"), clean) or _text(get_item("ai_summary_model"), clean),
        _keywords(get_paper("ai_keywords")),
        _organization(get_paper("organization")) or _organization(get_item("organization")),
        _thumbnail(get_item("thumbnail")),
        _media(paper, item),
        rank,
        None,  # day_rank: no dailyPaperRank key is taken here
        Location(line, None, pointer),
    )


def _clean_few(text: str) -> str:
    """``clean_text`` of a string that holds no control character but ``\\b \\f \\n \\r
    \\t`` and DEL, with ``_printable_few`` for its printable test."""
    if "&" in text:
        return clean_text(text)  # an entity may decode to any character
    if "\n" in text:
        text = text.replace("\n", " ")
    if not _printable_few(text) or "  " in text or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text


def _printable_few(text: str) -> bool:
    """``is_printable`` of such a string: on ASCII, six plain finds (memchr) stand in for
    the scan of every character, which cost more than the rest of the cleaning."""
    if not text.isascii():
        return is_printable(text)
    return not (
        "\n" in text
        or "\t" in text
        or "\r" in text
        or "\b" in text
        or "\f" in text
        or "\x7f" in text
    )


def _submission_day(
    paper: dict[str, Any], item: dict[str, Any], published: dt.datetime
) -> dt.date | None:
    """As items._submission_day: the paper's submittedOnDailyAt, or else (2024's items) the
    item's own publishedAt when it is later than the paper's publication."""
    raw = paper.get("submittedOnDailyAt")
    if raw is None:
        raw = item.get("publishedAt")
        if raw is None:
            return None
        listed = parse_timestamp(raw)
        if listed is None:
            raise _Uncommon
        return listed.date() if listed > published else None
    stamp = parse_timestamp(raw)
    if stamp is None:
        raise _Uncommon
    return stamp.date()


def _text(value: object, clean: Callable[[str], str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Uncommon
    return clean(value) or None


def _count(value: object) -> int | None:
    if value is None:
        return None
    if type(value) is int and 0 <= value < COUNT_LIMIT:  # bool is no count
        return value
    raise _Uncommon


def _flag(value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise _Uncommon


def _address(value: object) -> str | None:
    """The code link: an empty one is none; one that is no address is reported there."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Uncommon
    if not value.strip():
        return None
    address = web_address(value)
    if address is None:
        raise _Uncommon
    return address


def _authors(value: object, printable: Callable[[str], bool]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise _Uncommon  # a flattened "A, B and C" is split the careful way
    names = clean_names(value, printable)
    # An author object with a key the tally would report is the careful path's too.
    if names is None or not COMMON_AUTHOR_KEYS.issuperset(set().union(*value)):
        raise _Uncommon
    return names


def _user(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict):
        for name_key in ("user", "name", "fullname"):
            name = value.get(name_key)
            if isinstance(name, str) and name:
                return str(name)
    raise _Uncommon


def _organization(value: object) -> str | None:
    if value is None:
        return None
    name = organization_name(value)
    if name is None:
        raise _Uncommon
    return name


def _keywords(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Uncommon
    try:
        words = tuple(map(str.strip, value))
    except TypeError:
        raise _Uncommon from None
    return words if all(words) else tuple(filter(None, words))


def _thumbnail(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Uncommon
    return value or None


def _media(paper: dict[str, Any], item: dict[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    for place in (paper, item):
        for key in _MEDIA_KEYS:
            value = place.get(key)
            if value is None:
                continue
            for entry in [value] if isinstance(value, str) else _listed(value):
                if not isinstance(entry, str):
                    raise _Uncommon
                if not entry.strip():
                    continue  # an empty entry, as an absent key, says nothing
                address = web_address(entry)
                if address is None:
                    raise _Uncommon
                found.append(address)
    return tuple(dict.fromkeys(found)) if found else ()


def _listed(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise _Uncommon
    return value
