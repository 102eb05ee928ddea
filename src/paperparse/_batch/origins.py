"""Inspect stage: where each field of a paper came from, found by running the parser's own
stages again on the same document, never from a copy of their rules.

* From JSON: the item is mapped again by the Hub mapper, handed it in a wrapper that notes
  each key read; cut down to those keys, then mapped once per key with that key left out,
  a field that changes came from that key, at its JSON pointer.
* From lines (a listing's cards, a paper page): see ``line_origins``.

What none of these pins down is at the paper's whole location, marked ``(card)`` (``(item)``
for JSON), rather than at a line or key that was guessed. This module holds what both
ways share and the JSON way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from .._model import Location, Paper

# Fields made from other fields, or from the order of the papers, not read from the page.
DERIVED: Final = {
    "url": "from arxiv_id",
    "date_resolution": "from published (how its year was found)",
    "rank": "from the paper's place on the page",
}


@attrs.frozen
class Origin:
    """Where one field's value was read: a layer, and a line or a JSON pointer in it."""

    layer: str
    """The layer (``"hydration:DailyPapers"``, ``"dom"``, ``"api-json"``, ``"text"``...);
    empty for a field derived from others."""
    where: str
    """The line, lines or JSON pointer in that layer, or how the field was derived."""

    def __str__(self) -> str:
        return f"{self.layer} {self.where}" if self.layer else self.where


def located(location: Location) -> str:
    """A location in full: its line or lines, and its path when it has both."""
    if location.line is not None and location.path:
        return f"{location} ({location.path})"
    if location.line is None and location.path == "":
        return "the document itself"  # the empty JSON pointer: a bare paper object
    return str(location)


def shown_fields(paper: Paper) -> Iterator[str]:
    """The fields a paper has a value for, in the model's order (its location aside)."""
    for field in attrs.fields(Paper):
        if field.name != "location" and getattr(paper, field.name) not in (None, ()):
            yield field.name


def whole(paper: Paper, layer: str, *, mark: str = "(card)") -> dict[str, Origin]:
    """Every field at the paper's whole location (but the derived ones, which say so)."""
    at = Origin(layer, f"{located(paper.location)} {mark}")
    return {name: _derived(name) or at for name in shown_fields(paper)}


def _derived(name: str) -> Origin | None:
    return Origin("", DERIVED[name]) if name in DERIVED else None


# --- JSON: the keys the mapper read each value from ------------------------------------------


class _Reading(dict[str, Any]):
    """An item, or its paper object, that notes each key the mapper reads a value from."""

    def __init__(self, data: Mapping[str, Any], read: list[tuple[str, ...]], *parents: str):
        super().__init__(data)
        self._read = read
        self._parents = parents

    def get(self, key: str, default: Any = None) -> Any:
        value = super().get(key, default)
        if value is not None and super().__contains__(key):
            self._read.append((*self._parents, key))
        return value

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        self._read.append((*self._parents, key))
        return value


def item_origins(
    paper: Paper,
    item: Mapping[str, Any],
    layer: str,
    prefix: str,
    *,
    line: int | None = None,
) -> dict[str, Origin]:
    """The origins of a paper mapped from ``item``: each field at the keys that gave it.

    ``prefix`` is the item's JSON pointer, which makes its keys' pointers; in JSON Lines the
    item is its ``line``, and the pointers are the line's own. A field no key of the item
    gave (a paper page's comment count, set from its props) is at the item, ``(item)``.
    """
    from .._hub.items import paper_from_hub

    def mapped(changed: Mapping[str, Any]) -> Paper | None:
        return paper_from_hub(changed, pointer=prefix)[0]

    read: list[tuple[str, ...]] = []
    nested = item.get("paper")
    watched = _Reading(item, read)
    if isinstance(nested, Mapping):
        dict.__setitem__(watched, "paper", _Reading(nested, read, "paper"))
    again = mapped(watched)
    if again is None:
        return whole(paper, layer, mark="(item)")
    keys = [key for key in dict.fromkeys(read) if key != ("paper",) or nested is None]
    base = _only(item, keys)
    if mapped(base) != again:  # something read otherwise (a value found by its form): all keys
        base = dict(item)
        keys = [(key,) for key in item if key != "paper" or not isinstance(nested, Mapping)]
        keys += [("paper", key) for key in (nested if isinstance(nested, Mapping) else ())]
    sources: dict[str, list[tuple[str, ...]]] = {}
    for key in keys:
        other = mapped(_without(base, key))
        # Without a title the mapper makes no paper: that key is the title's, and no other's.
        for name in ["title"] if other is None else _changed(again, other):
            sources.setdefault(name, []).append(key)
    # A field no one key changes is given by each of several alike (an address both in the
    # abstract and under projectPage): kept alone with the title's keys, each gives it; which
    # of them the mapper took, leaving keys out cannot tell, so they are named as choices.
    alike: dict[str, list[tuple[str, ...]]] = {}
    for name in shown_fields(again):
        if name in sources or name in DERIVED:
            continue
        for key in keys:
            alone = mapped(_only(base, [key, *sources.get("title", ())]))
            if alone is not None and getattr(alone, name) == getattr(again, name):
                alike.setdefault(name, []).append(key)
    pointers = {
        name: " + ".join(_pointer(prefix, key) for key in found) for name, found in sources.items()
    }
    pointers.update(
        (name, " or ".join(_pointer(prefix, key) for key in found)) for name, found in alike.items()
    )
    origins: dict[str, Origin] = {}
    for name in shown_fields(paper):
        if name in DERIVED:
            origins[name] = Origin("", DERIVED[name])
            continue
        found = pointers.get(name) if getattr(paper, name) == getattr(again, name) else None
        if not found:
            where = f"{located(paper.location)} (item)"
        else:
            where = (f"line {line} " if line is not None else "") + found
        origins[name] = Origin(layer, where)
    return origins


def _changed(paper: Paper, other: Paper) -> list[str]:
    return [name for name in shown_fields(paper) if getattr(other, name) != getattr(paper, name)]


def _pointer(prefix: str, key: tuple[str, ...]) -> str:
    return prefix + "".join(f"/{escaped(part)}" for part in key)


def escaped(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")  # as a JSON pointer spells a key


def _only(item: Mapping[str, Any], keys: Sequence[tuple[str, ...]]) -> dict[str, Any]:
    """``item`` with only ``keys`` in it (a nested paper object with only its own keys)."""
    wanted = set(keys)
    kept = {key: value for key, value in item.items() if (key,) in wanted}
    nested = item.get("paper")
    if isinstance(nested, Mapping):
        kept["paper"] = {key: value for key, value in nested.items() if ("paper", key) in wanted}
    return kept


def _without(item: Mapping[str, Any], key: tuple[str, ...]) -> dict[str, Any]:
    copy = dict(item)
    if len(key) == 2:
        copy["paper"] = {name: value for name, value in item["paper"].items() if name != key[1]}
    else:
        del copy[key[0]]
    return copy
