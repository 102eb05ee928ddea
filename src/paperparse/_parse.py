"""The entry point: load a source, hand it to the parser for its format, apply strictness."""

from __future__ import annotations

import datetime as dt

from ._model import Listing
from ._source import SourceLike, load


def parse(
    source: SourceLike,
    /,
    *,
    reference_date: dt.date | None = None,
    strict: bool = False,
) -> Listing:
    """Parse a saved papers page into a :class:`Listing`.

    ``source`` is the document itself (``str``), its raw ``bytes``, or a path to it. The
    format (plain text, markdown, HTML or Hub API JSON) is detected. Year-less dates
    resolve against ``reference_date`` when given, otherwise against evidence on the page.
    With ``strict=True`` any problem raises :class:`ParseError` instead of being returned.
    """
    if reference_date is not None and not isinstance(reference_date, dt.date):
        raise TypeError(
            f"reference_date must be a datetime.date, got {type(reference_date).__name__}"
        )
    if isinstance(reference_date, dt.datetime):
        reference_date = reference_date.date()
    loaded = load(source)
    if loaded.input_format == "json":
        from ._json import parse_json

        listing = parse_json(loaded, reference_date=reference_date)
    elif loaded.input_format == "html":
        from ._html import parse_html

        listing = parse_html(loaded, reference_date=reference_date)
    else:
        from ._text import parse_text

        listing = parse_text(loaded, reference_date=reference_date)
    if strict:
        listing.raise_for_problems()
    return listing
