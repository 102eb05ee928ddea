"""Hub stage: JSON text to Python values, within bounds, with nothing no file can hold.

``json`` alone fails two ways on hostile text: an integer of more digits than Python turns
into an int raises a ValueError, and a ``\\ud800`` escape gives a lone surrogate that every
output (JSON, CSV, SQLite) later refuses to encode. Here the first reads as infinity (no
count field takes it), and the second is replaced by U+FFFD and reported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final

from .._bounds import INT_DIGITS
from .._model import Location, Problem

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")
# A surrogate escape that is not half of a pair: a high one with no low one after it, or a
# low one with no high one before it. Emoji arrive as pairs, which json joins.
_LONE_ESCAPE: Final = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]"
)


def _bounded_int(digits: str) -> int | float:
    """A JSON integer; one too long for Python to read is infinity, which no field takes
    (a count that large is reported as no count, and the document still reads)."""
    return int(digits) if len(digits) <= INT_DIGITS else float("inf")


# ``json.loads`` that reads integers of any length; ``raw_decode`` for one value at a time.
JSON_DECODER: Final = json.JSONDecoder(parse_int=_bounded_int)


def decode_json(
    text: str, problems: list[Problem], *, pointer: str = "", line: int | None = None
) -> Any:
    """``json.loads``, bounded as above; lone surrogates replaced, reported in ``problems``
    at their JSON pointer below ``pointer``."""
    return decode_document(text, problems, pointer=pointer, line=line)[0]


def decode_document(
    text: str, problems: list[Problem], *, pointer: str = "", line: int | None = None
) -> tuple[Any, bool]:
    """``decode_json``, and whether ``text`` may hold a ``\\u`` escape. Without one, no
    string of the value holds a control character but the short escapes' (``\\b \\f \\n
    \\r \\t``) and DEL: the decoder refuses raw ones in strings (``strict``)."""
    value = JSON_DECODER.decode(text)
    # The one search that both answers tell from: most JSON has no \u at all.
    if "\\u" not in text:
        return value, False
    if _lone_escape_in(text):
        value = replace_lone_surrogates(value, problems, pointer=pointer, line=line)
    return value, True


def may_hold_surrogates(text: str) -> bool:
    """Whether JSON text has a lone surrogate escape: only then can a value hold one."""
    # Most JSON has no \u: a plain find is ten times quicker than a pattern.
    return "\\u" in text and _lone_escape_in(text)


def _lone_escape_in(text: str) -> bool:
    # A plain pattern finds the first surrogate escape; only then is each checked for its
    # other half (a lookbehind tried at every position costs forty times as much).
    first = _SURROGATE_ESCAPE.search(text)
    return first is not None and _LONE_ESCAPE.search(text, max(0, first.start() - 6)) is not None


def replace_lone_surrogates(
    value: Any, problems: list[Problem], *, pointer: str = "", line: int | None = None
) -> Any:
    """``value`` with every string's lone surrogates replaced by U+FFFD, keys included;
    one problem for all of them, at the first one's pointer. Walked without recursion, so
    any depth ``json`` could build is fine."""
    first: str | None = None
    count = 0

    def clean(text: str, at: str) -> str:
        nonlocal first, count
        if text.isascii() or not _SURROGATE.search(text):
            return text
        first = at if first is None else first
        count += 1
        return _SURROGATE.sub("\ufffd", text)

    root: list[Any] = [value]
    stack: list[tuple[list[Any] | dict[str, Any], str]] = [(root, pointer)]
    while stack:
        container, at = stack.pop()
        inner: list[tuple[list[Any] | dict[str, Any], str]] = []
        if isinstance(container, dict):
            for key in list(container):
                child = container.pop(key)  # keys keep their order: each goes back at the end
                key = clean(key, at)
                container[key] = _cleaned(child, f"{at}/{escape_pointer(key)}", clean, inner)
        else:
            for index, child in enumerate(container):
                where = at if container is root else f"{at}/{index}"
                container[index] = _cleaned(child, where, clean, inner)
        stack.extend(reversed(inner))  # walked in document order: the first found is first
    if count:
        problems.append(
            Problem(
                "replaced-characters",
                f"{count} strings held lone surrogates (\\ud800-\\udfff escapes), which no "
                "encoding can write: replaced by U+FFFD",
                Location(line=line, path=first),
            )
        )
    return root[0]


def _cleaned(
    child: Any,
    at: str,
    clean: Callable[[str, str], str],
    inner: list[tuple[list[Any] | dict[str, Any], str]],
) -> Any:
    if isinstance(child, str):
        return clean(child, at)
    if isinstance(child, (dict, list)):
        inner.append((child, at))
    return child


def escape_pointer(key: str) -> str:
    """A key as a JSON pointer step (RFC 6901)."""
    return key.replace("~", "~0").replace("/", "~1")
