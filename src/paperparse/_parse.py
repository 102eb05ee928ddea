"""The entry point: load a source, hand it to the parser for its format, apply strictness."""

from __future__ import annotations

import datetime as dt

import attrs

from ._model import Listing, ParseError
from ._sources.loading import PAGE_SUFFIXES, Source, SourceLike, load, sniff_text


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
    try:
        listing = _parse_loaded(loaded, reference_date=reference_date)
    except ParseError as error:
        if isinstance(source, str) and _looks_like_a_path(source):
            raise ParseError(
                f"{error.message} (a str is the document itself; to read the file, "
                f"pass pathlib.Path({source!r}))",
                source=error.source,
                line=error.line,
                path=error.path,
            ) from error
        raise
    if loaded.problems:
        listing = attrs.evolve(listing, problems=(*loaded.problems, *listing.problems))
    if strict:
        listing.raise_for_problems()
    return listing


def _looks_like_a_path(text: str) -> bool:
    return "\n" not in text and len(text) < 1024 and text.lower().endswith(PAGE_SUFFIXES)


_JSON_HEAD_LINES = 3  # JSON that breaks this early may be no JSON at all


def _parse_loaded(loaded: Source, *, reference_date: dt.date | None) -> Listing:
    if loaded.input_format == "json":
        from ._hub.documents import parse_json

        try:
            return parse_json(loaded, reference_date=reference_date)
        except ParseError as error:
            if (error.line or 0) > _JSON_HEAD_LINES or not error.message.startswith("invalid JSON"):
                raise
            # A bracket first and no JSON just after it: a text dump whose first line is a
            # numbered link ("[1]Hugging Face") or an image ("[]"). Read it as text; if it is
            # no papers page either, the JSON error is the better account.
            as_text = attrs.evolve(loaded, input_format=sniff_text(loaded.text))
            try:
                return _parse_loaded(as_text, reference_date=reference_date)
            except ParseError:
                raise error from None
    if loaded.input_format in ("html", "mhtml", "webarchive"):
        from ._html.page import parse_html

        return parse_html(loaded, reference_date=reference_date)
    from ._text.document import parse_text

    return parse_text(loaded, reference_date=reference_date)
