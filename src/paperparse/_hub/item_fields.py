"""JSON stage 1: typed reads from one Hub item, each value of the wrong type recorded as a
problem at its JSON pointer; the snake_case names other tools use are read as the Hub's own.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from .._bounds import COUNT_LIMIT, RAW_LIMIT
from .._fields.dates import parse_timestamp
from .._fields.links import web_address
from .._model import Location, Problem

# For isinstance: dict first, so the usual case skips the Mapping ABC's slower check.
MAPPINGS: Final = (dict, Mapping)


class ItemFields:
    """Typed reads from one item, each wrong type recorded as a problem with its pointer."""

    __slots__ = ("item", "line", "nested", "paper", "pointer", "problems")

    def __init__(self, item: Mapping[str, Any], pointer: str, line: int | None) -> None:
        self.item = item
        self.pointer = pointer
        self.line = line
        nested = item.get("paper")
        self.nested = isinstance(nested, MAPPINGS)
        self.paper: Mapping[str, Any] = nested if isinstance(nested, MAPPINGS) else item
        self.problems: list[Problem] = []

    def here(self) -> Location:
        return Location(line=self.line, path=self.pointer)

    def paper_path(self, key: str) -> str:
        return f"{self.pointer}/paper/{key}" if self.nested else f"{self.pointer}/{key}"

    def path_of(self, container: Mapping[str, Any], key: str) -> str:
        """The JSON pointer of ``container[key]``: ``container`` is the item or its paper."""
        if container is self.paper and self.nested:
            return self.paper_path(key)
        return f"{self.pointer}/{key}"

    def get(self, container: Mapping[str, Any], key: str) -> tuple[Any, str]:
        """The value under ``key``, or under the snake_case name other tools save it with
        (``published_at``, ``github_repo``...); and the key it was found under."""
        value = container.get(key)
        return (value, key) if value is not None else _alias(container, key)

    def invalid(self, path: str, why: str, value: object) -> None:
        location = Location(line=self.line, path=path)
        self.problems.append(Problem("invalid-field", why, location, raw_fragment(value)))

    def text(self, container: Mapping[str, Any], key: str, *, normalize: bool = True) -> str | None:
        value = container.get(key)
        if value is None:  # the usual hit needs no aliases: look them up only on a miss
            value, key = _alias(container, key)
            if value is None:
                return None
        if not isinstance(value, str):
            self.invalid(self.path_of(container, key), f"{key} should be a string", value)
            return None
        if normalize:
            value = clean_text(value)
        return value or None

    def count(self, container: Mapping[str, Any], key: str) -> int | None:
        value = container.get(key)
        if value is None:
            value, key = _alias(container, key)
            if value is None:
                return None
        if type(value) is int and 0 <= value < COUNT_LIMIT:  # the usual case; bool is none
            return value
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < COUNT_LIMIT:
            self.invalid(self.path_of(container, key), f"{key} should be a count", value)
            return None
        return value

    def timestamp(self, container: Mapping[str, Any], key: str) -> dt.datetime | None:
        value, key = self.get(container, key)
        return self.timestamp_of(container, key, value)

    def timestamp_of(
        self, container: Mapping[str, Any], key: str, value: object
    ) -> dt.datetime | None:
        """``value``, read from ``container[key]``, as a timestamp; None when absent."""
        if value is None:
            return None
        stamp = parse_timestamp(value)
        if stamp is None:
            self.invalid(self.path_of(container, key), f"{key} should be an ISO timestamp", value)
        return stamp

    def authors(self, paper: Mapping[str, Any]) -> tuple[str, ...] | None:
        value = paper.get("authors")
        if value is None:
            return None
        if isinstance(value, str):
            # Tools that flatten the list save "A, B and C": the names between the commas,
            # semicolons and a last "and". A name with a comma inside ("Turing, Alan") would
            # split in two; no tool seen writes names that way.
            return tuple(clean_text(name) for name in _NAME_SEPARATORS.split(value) if name.strip())
        if not isinstance(value, list):
            self.invalid(self.paper_path("authors"), "authors should be a list", value)
            return None
        fast = clean_names(value)
        if fast is not None:
            return fast
        names = []
        for index, author in enumerate(value):
            # An author object, or the bare name other tools keep.
            name = author.get("name") if isinstance(author, MAPPINGS) else author
            if not isinstance(name, str) or not name.strip():
                self.invalid(
                    f"{self.paper_path('authors')}/{index}", "an author without a name", author
                )
                continue
            names.append(clean_text(name))
        return tuple(names)

    def keywords(self, paper: Mapping[str, Any]) -> tuple[str, ...]:
        value = paper.get("ai_keywords")
        if value is None:
            return ()
        try:
            # str.strip() refuses anything but a string: one pass checks and cleans.
            words = list(map(str.strip, value)) if isinstance(value, list) else None
        except TypeError:
            words = None
        if words is None:
            self.invalid(self.paper_path("ai_keywords"), "ai_keywords should be strings", value)
            return ()
        return tuple(filter(None, words))  # without the empty ones

    def url(self, container: Mapping[str, Any], key: str) -> tuple[str | None, str]:
        """The web address under ``key`` (or an alias), and the key it was found under; a
        value that is no single address is a problem."""
        value, key = self.get(container, key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, key
        address = web_address(value) if isinstance(value, str) else None
        if address is None:
            self.invalid(self.path_of(container, key), f"{key} should be a URL", value)
        return address, key

    def highlighted(self, container: Mapping[str, Any], key: str) -> str | None:
        """Text a search result marks its hits in (``highlightedTitle``), without the marks."""
        text = self.text(container, key)
        return strip_highlights(text) if text else None

    def user(self, container: Mapping[str, Any], key: str) -> str | None:
        value, key = self.get(container, key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return value.strip()  # a tool that kept only the name
        if isinstance(value, MAPPINGS):
            for name_key in ("user", "name", "fullname"):
                if isinstance(value.get(name_key), str) and value[name_key]:
                    return str(value[name_key])
        self.invalid(self.path_of(container, key), f"{key} should be a user object", value)
        return None

    def organization(self, container: Mapping[str, Any], key: str = "organization") -> str | None:
        """An organisation's name: the object's ``fullname`` (``NVIDIA``), else its
        ``name`` (``nvidia``), or the name a tool kept."""
        value = container.get(key)
        if value is None:
            return None
        name = organization_name(value)
        if name is None:
            self.invalid(self.path_of(container, key), f"{key} without a name", value)
        return name

    def flag(self, container: Mapping[str, Any], key: str) -> bool | None:
        """``true`` or ``false``; anything else (``1``, ``"yes"``) is a problem."""
        value = container.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.invalid(self.path_of(container, key), f"{key} should be true or false", value)
        return None

    def addresses(self, container: Mapping[str, Any], key: str) -> list[str]:
        """The web addresses under ``key``: a list of them, or one. Each entry that is no
        address is a problem at its own pointer; the others are kept."""
        value = container.get(key)
        path = self.path_of(container, key)
        if value is None:
            return []
        if isinstance(value, str):
            entries: list[tuple[str, object]] = [(path, value)]
        elif isinstance(value, list):
            entries = [(f"{path}/{index}", entry) for index, entry in enumerate(value)]
        else:
            self.invalid(path, f"{key} should be a list of URLs", value)
            return []
        found = []
        for where, entry in entries:
            if isinstance(entry, str) and not entry.strip():
                continue  # an empty entry, as an absent key, says nothing
            address = web_address(entry) if isinstance(entry, str) else None
            if address is None:
                self.invalid(where, f"{key} should hold URLs", entry)
            else:
                found.append(address)
        return found


# The names other tools save the Hub's fields under, each read only when the Hub's own name
# is absent. Only names whose meaning is unambiguous are here: a bare "date" (published? or
# the day a tool fetched the list?) is not, and is reported (see item_keys.AMBIGUOUS_KEYS).
_ALIASES: Final = {
    "id": ("paper_id", "arxiv_id", "arxivId"),
    "summary": ("abstract",),
    # A paper's own date. On an item that holds a paper, publishedAt is the listing's time
    # instead (see items._submission_day), and these names are read there the same way.
    "publishedAt": ("published_at", "published", "published_date", "publication_date"),
    "submittedOnDailyAt": ("submitted_at", "submitted_on_daily_at"),
    "submittedOnDailyBy": ("submitted_by",),
    "submittedBy": ("submitted_by",),
    "upvotes": ("likes",),
    # The paper's code, wherever a tool keeps it: github_repo when it is on GitHub, and
    # code_links whatever the host.
    "githubRepo": ("github_repo", "github", "github_url", "code", "code_url", "repo", "repo_url"),
    "githubStars": ("github_stars", "stars"),
    "projectPage": ("project_page", "project_url"),
    "numComments": ("num_comments", "comments"),
    "dailyPaperRank": ("daily_paper_rank",),
    "highlightedTitle": ("highlighted_title",),
    "highlightedSummary": ("highlighted_summary",),
}

# Keys whose value is the paper's address (its Hub page, its arXiv abstract or PDF): they give
# the arXiv id when no id key does, and must agree with it when one does.
URL_KEYS: Final = ("url", "link", "paper_url", "arxiv_url", "hf_url", "pdf_url")


def with_aliases(keys: frozenset[str]) -> frozenset[str]:
    """``keys`` and every name other tools save them under."""
    return keys.union(*(_ALIASES.get(key, ()) for key in keys))


def _alias(container: Mapping[str, Any], key: str) -> tuple[Any, str]:
    """The value under the first of ``key``'s snake_case names that has one, or None."""
    for alias in _ALIASES.get(key, ()):
        value = container.get(alias)
        if value is not None:
            return value, alias
    return None, key


def clean_names(
    authors: list[Any], printable: Callable[[str], bool] | None = None
) -> tuple[str, ...] | None:
    """All author names at once when every one is a clean, non-empty string (the usual
    case: a paper can list hundreds); None sends the caller to the careful path.
    ``printable`` stands in for ``is_printable`` where the caller knows a quicker test."""
    try:
        names = tuple(map(_NAME, authors))
        probe = " ".join(names)  # a TypeError too when a name is no string
    except (TypeError, KeyError):
        return None
    if not names:
        return names
    # Joined by single spaces, a name that is empty or has spaces at an end leaves two
    # spaces in a row, one at an end of the whole, or (a lone empty name) nothing at all.
    if (
        not probe
        or "&" in probe
        or "  " in probe
        or not (printable or is_printable)(probe)
        or probe[:1] == " "
        or probe[-1:] == " "
    ):
        return None
    return names


_NAME: Final = operator.itemgetter("name")
# Between the names of a flattened author list: a comma or semicolon, or a last "and".
_NAME_SEPARATORS: Final = re.compile(r"\s*[,;]\s*(?:and\s+)?|\s+and\s+")
# The marks a search engine puts around its hits; only <mark> is stripped, since the tags a
# title may really hold (<sub> in chemistry) are not markup a highlighter adds.
_HIGHLIGHT_TAG: Final = re.compile(r"</?mark\b[^>]*>", re.IGNORECASE)


def strip_highlights(text: str) -> str:
    """``text`` without search-hit marks (``<mark>``, ``</mark>``), folded again."""
    if "<" not in text:
        return text
    stripped = _HIGHLIGHT_TAG.sub("", text)
    return clean_text(stripped) if stripped != text else text


def clean_text(text: str) -> str:
    """Entities decoded and whitespace folded, skipping the work when there is none."""
    if "&" in text:
        text = html.unescape(text)
    if "\n" in text:
        # Abstracts arrive hard-wrapped with bare line ends; a replace is far cheaper than
        # splitting into words, and is enough when nothing else needs folding.
        text = text.replace("\n", " ")
    # Unprintable are tabs, other line ends and no-break spaces, among others.
    if not is_printable(text) or "  " in text or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text


# Every ASCII control character to NUL: once translated, one find() tells if there is any.
_CONTROLS_TO_NUL: Final = bytes.maketrans(bytes([*range(32), 127]), bytes(33))

_SHORT: Final = 200  # up to this many characters, isprintable() is quicker: no fixed cost


def is_printable(text: str) -> bool:
    """``str.isprintable()``, several times quicker on ASCII text (nearly every abstract),
    where only the control characters are unprintable: isprintable() looks each character
    up in the Unicode tables, while the bytes calls below are plain table loops."""
    if len(text) > _SHORT and text.isascii():
        return text.encode("ascii").translate(_CONTROLS_TO_NUL).find(0) < 0
    return text.isprintable()


def raw_fragment(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        try:
            text = repr(value)
        except RecursionError:  # nested deeper than even repr goes
            text = f"<a {type(value).__name__} nested too deep to show>"
    return text if len(text) <= RAW_LIMIT else text[: RAW_LIMIT - 3] + "..."


def organization_name(value: object) -> str | None:
    """An organisation object's ``fullname``, else its ``name``, or a name a tool kept as
    text, spaces folded; None when it holds none."""
    if isinstance(value, MAPPINGS):
        for name_key in ("fullname", "name"):
            name = value.get(name_key)
            if isinstance(name, str) and name.strip():
                return " ".join(name.split())
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None
