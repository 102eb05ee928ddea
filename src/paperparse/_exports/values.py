"""Exports: the JSON values of an exported paper, listing or problem, checked and typed.

An export is read back by the model's own field types (``attrs`` annotations), so a field
added to ``Paper`` is read back without a change here. A value of the wrong type is an
``invalid-field`` problem at its JSON pointer, and the field is left empty, as for the
Hub's JSON; a paper without a title is an ``unparsed-block``.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, Final

import attrs

from .._bounds import COUNT_LIMIT
from .._model import INPUT_FORMATS, PAGE_KINDS, Listing, Location, Paper, Problem

_PLAIN: Final = {str: "str", int: "int", bool: "bool", dt.date: "date", Location: "location"}


@cache
def field_kinds(model: type) -> dict[str, str]:
    """Each field of an attrs class as a kind: str, int, bool, date, location, strings."""
    hints = typing.get_type_hints(model)
    return {field.name: kind_of(hints[field.name]) for field in attrs.fields(model)}


def kind_of(hint: Any) -> str:
    """The kind of a field's annotation: ``int | None`` is int, ``tuple[str, ...]`` strings."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return kind_of(inner)
    if typing.get_origin(hint) is tuple:
        return "strings"
    return _PLAIN[hint]


class Reader:
    """Typed reads from exported JSON, each wrong value recorded as a problem."""

    def __init__(self, line: int | None = None) -> None:
        self.line = line
        self.problems: list[Problem] = []

    def paper(self, data: object, pointer: str) -> Paper | None:
        """A paper from its ``to_dict()``; None (and a problem) when it has no title."""
        if not isinstance(data, Mapping):
            self.unreadable(pointer, "an exported paper that is no object", data)
            return None
        title = data.get("title")
        if not isinstance(title, str) or not title.strip():
            self.unreadable(pointer, "an exported paper without a title", data)
            return None
        values: dict[str, Any] = {}
        for name, kind in field_kinds(Paper).items():
            if name in data and data[name] is not None:
                values[name] = self.value(data[name], kind, f"{pointer}/{name}")
        values = {name: value for name, value in values.items() if value is not None}
        return Paper(**values)

    def listing(self, data: Mapping[str, Any], pointer: str, **given: Any) -> Listing:
        """A listing from its ``to_dict()``; ``given`` sets fields the reader knows better."""
        papers = [
            self.paper(item, f"{pointer}/papers/{index}")
            for index, item in enumerate(self.list_of(data.get("papers"), f"{pointer}/papers"))
        ]
        problems = [
            self.problem(item, f"{pointer}/problems/{index}")
            for index, item in enumerate(self.list_of(data.get("problems"), f"{pointer}/problems"))
        ]
        values: dict[str, Any] = {}
        for name, kind in field_kinds(Listing).items():
            if name in ("papers", "problems") or data.get(name) is None:
                continue
            values[name] = self.value(data[name], kind, f"{pointer}/{name}")
        if values.get("kind") not in PAGE_KINDS:
            values.pop("kind", None)
        if values.get("input_format") not in INPUT_FORMATS:
            values.pop("input_format", None)
        values = {name: value for name, value in values.items() if value is not None}
        return Listing(
            papers=[paper for paper in papers if paper is not None],
            problems=[problem for problem in problems if problem is not None],
            **{**values, **given},
        )

    def problem(self, data: object, pointer: str) -> Problem | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("code"), str):
            self.unreadable(pointer, "an exported problem that is no object with a code", data)
            return None
        kinds = field_kinds(Problem)
        values = {
            name: self.value(data[name], kinds[name], f"{pointer}/{name}")
            for name in kinds
            if data.get(name) is not None
        }
        count = values.get("count")
        if count is not None and count < 1:
            self.invalid(f"{pointer}/count", "count should be 1 or more", count)
            del values["count"]
        return Problem(**{name: value for name, value in values.items() if value is not None})

    def list_of(self, value: object, pointer: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.invalid(pointer, "should be a list", value)
            return []
        return value

    def value(self, value: object, kind: str, pointer: str) -> Any:
        """``value`` as a field of ``kind``, or None (and a problem) when it is not one."""
        read = _READERS[kind](value)
        if read is None:
            self.invalid(pointer, f"should be {_WANTED[kind]}", value)
        return read

    def invalid(self, pointer: str, why: str, value: object) -> None:
        name = pointer.rpartition("/")[2]
        location = Location(line=self.line, path=pointer)
        self.problems.append(Problem("invalid-field", f"{name} {why}", location, _raw(value)))

    def unreadable(self, pointer: str, why: str, value: object) -> None:
        location = Location(line=self.line, path=pointer)
        self.problems.append(Problem("unparsed-block", why, location, _raw(value)))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _count(value: object) -> int | None:
    if type(value) is int and 0 <= value < COUNT_LIMIT:  # bool is no count
        return value
    return None


def _flag(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _location(value: object) -> Location | None:
    if not isinstance(value, Mapping):
        return None
    line, end, path = value.get("line"), value.get("end_line"), value.get("path")
    if not all(item is None or (type(item) is int and item >= 0) for item in (line, end)):
        return None
    if path is not None and not isinstance(path, str):
        return None
    return Location(line=line, end_line=end, path=path)


_READERS: Final = {
    "str": _text,
    "int": _count,
    "bool": _flag,
    "date": _date,
    "strings": _strings,
    "location": _location,
}
_WANTED: Final = {
    "str": "a string",
    "int": "a whole number",
    "bool": "true or false",
    "date": "an ISO date (YYYY-MM-DD)",
    "strings": "a list of strings",
    "location": "a location object",
}


def _raw(value: object) -> str:
    from .._hub.item_fields import raw_fragment

    return raw_fragment(value)
