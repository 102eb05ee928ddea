"""Hub stage: what JSON text that ends too soon still holds (a download cut off): every
complete item, and where the first incomplete one begins.

The text is read value by value, each decoded once, so a cut near the end of a long list
costs one pass. Lists of items are kept item by item and a paper object member by member;
any other value the cut falls in is left out whole, so that nothing is read from half of it
(a list of authors cut short would give a wrong author count).
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

import attrs

from .._bounds import RAW_LIMIT
from .._model import Location, Problem
from .json_values import JSON_DECODER, escape_pointer, may_hold_surrogates, replace_lone_surrogates

# The keys of an object whose list holds the items: the Hub's own, then other tools' wrappers.
ITEM_LISTS: Final = ("dailyPapers", "papers", "items", "results", "data")
_SPACE: Final = re.compile(r"[ \t\n\r]*")  # JSON's white space, and only it
# What the decoder stops at when the text ends inside a value it had begun, after
# "Expecting value": the start of a literal, or the sign of a number.
_LITERAL_STARTS: Final = ("true", "false", "null", "NaN", "Infinity", "-Infinity")
# ... after "Expecting ',' delimiter": a number's fraction or exponent, begun but with no
# digit yet (the digits before it were read as a whole number).
_NUMBER_TAIL: Final = re.compile(r"\.|[eE][-+]?")
# ... after "Invalid \uXXXX escape": an escape with fewer than its four digits, or the four
# with the string's end missing (the decoder wants one character past them).
_ESCAPE_TAIL: Final = re.compile(r"u[0-9a-fA-F]{0,4}")


def ends_inside(text: str, error: json.JSONDecodeError) -> bool:
    """Whether ``error``, from decoding all of ``text``, says that the text ended before
    the value did, and nothing else: the decoder stopped at the end (white space aside)
    wanting more, or inside a string, a literal, a number or an escape that runs to the
    end. A document broken anywhere before its end fails before that, and is not a cut."""
    if error.msg.startswith("Unterminated string"):
        return True  # no closing quote up to the end of the text
    tail = text[error.pos :].rstrip(" \t\n\r")
    if not tail:
        return True  # the decoder wanted more, and the text had ended
    if error.msg == "Expecting value":
        return tail == "-" or any(
            word.startswith(tail) and word != tail for word in _LITERAL_STARTS
        )
    if error.msg == "Expecting ',' delimiter":
        return (
            _NUMBER_TAIL.fullmatch(tail) is not None and text[error.pos - 1 : error.pos].isdigit()
        )
    if error.msg == "Invalid \\uXXXX escape":
        return _ESCAPE_TAIL.fullmatch(tail) is not None
    return False


@attrs.frozen
class Cut:
    """The complete part of a JSON array or object whose text ends before it closes."""

    value: Any
    """The value without its incomplete part: a list keeps its complete items, an object its
    complete members (and, in its ``paper`` object or list of items, theirs)."""
    pointer: str
    """The JSON pointer of the first value that is incomplete: an item (``/dailyPapers/3``)
    or a member (``/paper/authors``); for a cut between two items, the one that would follow."""
    position: int
    """Where in the text that value begins (for a closed value, where the value ends)."""
    closed: bool
    """Whether the array or object did end inside the text (cut, or broken, after it)."""

    def raw(self, text: str) -> str:
        """What the text holds from the incomplete value on, bounded."""
        return text[self.position : self.position + RAW_LIMIT]


def cut_problem(text: str, cut: Cut, read: str) -> Problem:
    """The ``truncated`` problem of ``text`` cut where ``cut`` says; ``read`` tells what was
    read of it. Its lines run from where the first incomplete value begins to the end."""
    end = len(text.rstrip())  # white space after the cut is no line of the document's
    cut_at = min(cut.position, end)
    first = text.count("\n", 0, cut_at) + 1  # the line the first incomplete item begins on
    last = first + text.count("\n", cut_at, end)  # the line the text ends on
    where = f"at line {last}, inside {cut.pointer or 'the document'} (from line {first})"
    location = Location(line=first, end_line=last, path=cut.pointer)
    return Problem("truncated", f"the JSON is cut off {where}: {read}", location, cut.raw(text))


def read_cut(text: str, problems: list[Problem], *, pointer: str = "") -> Cut | None:
    """The complete part of the array or object ``text`` begins with: each value decoded
    once, up to the first that does not decode or is not followed by a separator. Lone
    surrogates are replaced and reported in ``problems`` (below ``pointer``), as
    ``decode_json`` does. None when the text begins with neither."""
    start = _skip_space(text, 0)
    opening = text[start : start + 1]
    if opening == "[":
        part = _items(text, start + 1, "")
    elif opening == "{":
        part = _members(text, start + 1, "", descend=True)
    else:
        return None
    if may_hold_surrogates(text):
        value = replace_lone_surrogates(part.value, problems, pointer=pointer)
        part = attrs.evolve(part, value=value)
    return part


def _items(text: str, position: int, pointer: str) -> Cut:
    """The items of the list whose ``[`` is just before ``position``."""
    items: list[Any] = []
    position = _skip_space(text, position)
    if text.startswith("]", position):
        return Cut(items, pointer, position + 1, closed=True)
    while True:
        value, end = _value(text, position)
        if end < 0:
            return Cut(items, f"{pointer}/{len(items)}", position, closed=False)
        items.append(value)
        after = _skip_space(text, end)
        if text.startswith(",", after):
            position = _skip_space(text, after + 1)
        elif text.startswith("]", after):
            return Cut(items, pointer, after + 1, closed=True)
        else:  # the text ends (or breaks) between two items
            return Cut(items, f"{pointer}/{len(items)}", after, closed=False)


def _members(text: str, position: int, pointer: str, *, descend: bool) -> Cut:
    """The members of the object whose ``{`` is just before ``position``. With ``descend``
    (the document itself), its lists of items and its ``paper`` object are read in parts."""
    members: dict[str, Any] = {}
    position = _skip_space(text, position)
    if text.startswith("}", position):
        return Cut(members, pointer, position + 1, closed=True)
    while True:
        begins = position
        key, end = _value(text, position) if text.startswith('"', position) else (None, -1)
        colon = _skip_space(text, end) if end >= 0 else -1
        if not isinstance(key, str) or not text.startswith(":", colon):
            return Cut(members, pointer, begins, closed=False)  # cut inside the key
        here = f"{pointer}/{escape_pointer(key)}"
        position = _skip_space(text, colon + 1)
        if descend and key in ITEM_LISTS and text.startswith("[", position):
            part = _items(text, position + 1, here)
        elif descend and key == "paper" and text.startswith("{", position):
            part = _members(text, position + 1, here, descend=False)
        else:
            value, end = _value(text, position)
            if end < 0:
                return Cut(members, here, begins, closed=False)
            part = Cut(value, here, end, closed=True)
        members[key] = part.value
        if not part.closed:
            return attrs.evolve(part, value=members)
        after = _skip_space(text, part.position)
        if text.startswith(",", after):
            position = _skip_space(text, after + 1)
        elif text.startswith("}", after):
            return Cut(members, pointer, after + 1, closed=True)
        else:  # the text ends (or breaks) after a member
            return Cut(members, pointer, after, closed=False)


def _value(text: str, position: int) -> tuple[Any, int]:
    """The value at ``position`` and where it ends; ``-1`` for its end when it does not
    decode, or is a number the end of the text may have cut short (``12`` of ``123``)."""
    try:
        value, end = JSON_DECODER.raw_decode(text, position)
    except (json.JSONDecodeError, RecursionError):
        return None, -1
    if type(value) in (int, float) and _skip_space(text, end) == len(text):
        return None, -1
    return value, end


def _skip_space(text: str, position: int) -> int:
    match = _SPACE.match(text, position)
    return match.end() if match else position
