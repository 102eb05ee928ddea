"""JSON stage 1: every key of an item accounted for. A key is read into the Paper, or ignored
on purpose (named here, each with its reason), or reported: once per listing, as an
``unknown-field`` problem at the first item carrying it, with how many items carry it.

A 30-item response with one new key gives one problem, not thirty: the key is one fact about
the response (the Hub added a field, or a tool saves one we do not read), not about a paper.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .._fields.links import paper_id_of_url
from .._model import Location, Problem
from .item_fields import MAPPINGS, URL_KEYS, ItemFields, raw_fragment, with_aliases

# Read from the item or its paper object alike (items.paper_from_hub): the Hub has kept
# some of them in one and some in the other, and a few in both.
EITHER_FIELDS: Final = frozenset(
    {
        "discussionId",  # the paper's (API items and hydration JSON alike)
        "isAuthorParticipating",  # the item's
        "mediaUrl",  # the item's, in 2024
        "mediaUrls",  # both, holding the same list
        "ai_summary_model",  # the paper's
        "githubRepoAddedBy",  # the paper's: "user" or "auto"
        "submitterOrganization",  # the item's (and the PaperContent props')
    }
)
# What items.py reads from an item that holds a paper object (a daily-papers item), by the
# Hub's names; the names other tools use for them (item_fields._ALIASES) are read as well.
ITEM_FIELDS: Final = with_aliases(
    frozenset(
        {
            "paper",
            "title",
            "summary",
            "publishedAt",  # the moment it joined the daily list (see items._submission_day)
            "numComments",
            "submittedBy",
            "organization",
            "thumbnail",
            "dailyPaperRank",
            "highlightedTitle",
            "highlightedSummary",
        }
    )
) | frozenset((*URL_KEYS, *EITHER_FIELDS))
# What items.py reads from the paper object (or from an item that is a bare paper).
PAPER_FIELDS: Final = with_aliases(
    frozenset(
        {
            "id",
            "title",
            "summary",
            "publishedAt",
            "authors",
            "upvotes",
            "submittedOnDailyAt",
            "submittedOnDailyBy",
            "githubRepo",
            "githubStars",
            "projectPage",
            "ai_summary",
            "ai_keywords",
            "organization",
            "dailyPaperRank",
            "highlightedTitle",
            "highlightedSummary",
        }
    )
) | frozenset((*URL_KEYS, *EITHER_FIELDS))

# Keys no Paper field holds, ignored wherever they appear. Each says nothing about the paper:
# it is the Hub's bookkeeping, or the state of whoever saved the page.
IGNORED_KEYS: Final = frozenset(
    {
        # The Hub's database id of the object (item, paper, user...); the paper's own id is
        # its arXiv id, and this one names no paper outside the Hub's database.
        "_id",
        # Whether the viewer who saved the page had upvoted it (hydration JSON): a fact
        # about that viewer, different in each save of the same page.
        "upvoted",
    }
)

# An author object is read for its name. The rest is the Hub account an author has claimed
# (user), the claim's state (status, statusLastChangedAt: admin_assigned, claimed_verified,
# extracted_pending...) and whether the author hid the paper from that profile (hidden):
# facts about the account, not the paper, so they are ignored. Any other key is reported.
AUTHOR_FIELDS: Final = frozenset({"name"})
IGNORED_AUTHOR_KEYS: Final = frozenset({"_id", "user", "status", "statusLastChangedAt", "hidden"})

# Keys whose meaning is not clear enough to read: reported like unknown keys, saying why.
AMBIGUOUS_KEYS: Final = {
    # A tool's "date" is the paper's publication day in some saves and the day of the daily
    # list it fetched in others; read as either, it would be wrong for the rest.
    "date": "the paper's publication day, or the day of the list it was fetched from",
}

_ITEM_KEYS: Final = ITEM_FIELDS | IGNORED_KEYS
_PAPER_KEYS: Final = PAPER_FIELDS | IGNORED_KEYS
_BARE_PAPER_KEYS: Final = ITEM_FIELDS | PAPER_FIELDS | IGNORED_KEYS  # no paper object inside
_AUTHOR_KEYS: Final = AUTHOR_FIELDS | IGNORED_AUTHOR_KEYS

# Where a key sits, for the message: the item, its paper object, or an author object.
_ITEM: Final = "item"
_PAPER: Final = "paper object"
_AUTHOR: Final = "author object"


class _Sighting:
    """Where a key was first seen, its value there, and in how many items since."""

    __slots__ = ("count", "location", "order", "raw")

    def __init__(self, location: Location, raw: str, order: int) -> None:
        self.location = location
        self.raw = raw
        self.order = order  # the item it was first seen in, counted from 1
        self.count = 1


class KeyTally:
    """The keys of one listing's items that nothing maps or ignores, each counted once per
    item that carries it, to be reported once for the whole listing."""

    __slots__ = ("_items", "_seen")

    def __init__(self) -> None:
        self._items = 0
        self._seen: dict[tuple[str, str], _Sighting] = {}

    def note(self, fields: ItemFields, arxiv_id: str | None) -> None:
        """Count the unknown keys of one item, the paper ``arxiv_id``. A key no list names
        whose whole value is that paper's address (``"hf": ".../papers/<id>"``) says
        nothing but which paper this is, and is read: it is not unknown."""
        self._items += 1
        item, paper = fields.item, fields.paper
        if fields.nested:
            self._check(item, _ITEM_KEYS, _ITEM, fields.pointer, fields, arxiv_id)
            self._check(paper, _PAPER_KEYS, _PAPER, f"{fields.pointer}/paper", fields, arxiv_id)
        else:
            self._check(item, _BARE_PAPER_KEYS, _ITEM, fields.pointer, fields, arxiv_id)
        authors = paper.get("authors")
        if isinstance(authors, list):
            self._check_authors(authors, fields)

    def count_clean(self) -> None:
        """Count an item that has no unknown key (one ``common_items`` took)."""
        self._items += 1

    def _check(
        self,
        container: Mapping[str, Any],
        known: frozenset[str],
        place: str,
        path: str,
        fields: ItemFields,
        arxiv_id: str | None,
    ) -> None:
        if known.issuperset(container):
            return  # the usual case: every key known, nothing to build
        for key, value in container.items():
            if key in known:
                continue
            if arxiv_id and isinstance(value, str) and paper_id_of_url(value) == arxiv_id:
                continue
            self._saw(place, key, value, Location(line=fields.line, path=path))

    def _check_authors(self, authors: list[Any], fields: ItemFields) -> None:
        try:
            # Every author's keys in one call: a set built per author cost ten times more.
            # (A name string adds its letters, which no known key is: it is looked at below.)
            keys = set().union(*authors)
        except TypeError:  # an author that is a number, or a list of objects
            keys = None
        if keys is not None and _AUTHOR_KEYS.issuperset(keys):
            return  # the usual case: every author object's keys known
        counted: set[str] = set()  # an item is counted once per key, however many authors
        for index, author in enumerate(authors):
            if not isinstance(author, MAPPINGS) or _AUTHOR_KEYS.issuperset(author):
                continue
            for key in author:
                if key in _AUTHOR_KEYS or key in counted:
                    continue
                counted.add(key)
                path = f"{fields.paper_path('authors')}/{index}"
                self._saw(_AUTHOR, key, author[key], Location(line=fields.line, path=path))

    def _saw(self, place: str, key: str, value: object, location: Location) -> None:
        sighting = self._seen.get((place, key))
        if sighting is None:
            raw = raw_fragment({key: value})
            self._seen[(place, key)] = _Sighting(location, raw, self._items)
        else:
            sighting.count += 1

    def problems(self) -> list[tuple[int, Problem]]:
        """One ``unknown-field`` problem per key, each with the item it was first seen in
        (counted from 1), in the order the keys were first seen."""
        found = []
        for (place, key), sighting in self._seen.items():
            where = f"{sighting.count} of the {self._items} items read have it"
            reason = AMBIGUOUS_KEYS.get(key)
            if reason is not None:
                message = f"ambiguous key {key!r} in the {place} ({reason}), not read; {where}"
            else:
                message = f"unknown key {key!r} in the {place}, not read; {where}"
            problem = Problem("unknown-field", message, sighting.location, sighting.raw)
            found.append((sighting.order, problem))
        return found
