"""Field stage: counts as pages print them (``1,056``, ``11.3k``, ``-``)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

_COUNT: Final = re.compile(
    r"""\A
    (?P<number>
        \d{1,3}(?:,\d{3})+     # thousands separators: 1,056
      | \d+(?:\.\d+)?          # plain or decimal: 94, 11.3
    )
    \s?(?P<suffix>[kKmM])?     # 11.3k, 1.2M
    \Z""",
    re.VERBOSE,
)
_SUFFIX_FACTOR: Final = {"k": 1_000, "m": 1_000_000}
# A dash (or the typographic variants) where a count would be: the upvote widget of a
# paper nobody has upvoted yet.
NO_COUNT_MARKS: Final = frozenset({"-", "\u2013", "\u2014", "\u2212"})


def parse_count(text: str, *, dash_is_zero: bool = False) -> int | None:
    """Parse a displayed count; None when ``text`` is not one.

    >>> parse_count("1,056"), parse_count("11.3k"), parse_count("-", dash_is_zero=True)
    (1056, 11300, 0)
    """
    if text.isdecimal():  # most counts are plain digits: int reads every digit \d matches
        return int(text)
    text = text.strip()
    if dash_is_zero and text in NO_COUNT_MARKS:
        return 0
    match = _COUNT.match(text)
    if match is None:
        return None
    number, suffix = match["number"], match["suffix"]
    if suffix is None:
        if "." in number:
            return None  # a bare decimal is not a count
        return int(number.replace(",", ""))
    try:
        value = Decimal(number.replace(",", "")) * _SUFFIX_FACTOR[suffix.lower()]
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None
    return int(value)
