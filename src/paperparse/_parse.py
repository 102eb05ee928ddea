"""The entry point: load a source, hand it to the parser for its format, apply strictness."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence

import attrs

from ._model import Listing, Paper, ParseError, Problem
from ._sources.loading import (
    PAGE_SUFFIXES,
    Source,
    SourceLike,
    load,
    retrieval_day,
    sniff_text,
)


def parse(
    document: SourceLike,
    /,
    *,
    source: str | None = None,
    reference_date: dt.date | None = None,
    strict: bool = False,
) -> Listing:
    """Parse a saved papers page into a :class:`Listing`.

    ``document`` is the document itself (``str``), its raw ``bytes``, or a path to it. The
    format (plain text, markdown, HTML or Hub API JSON) is detected. ``source`` names it:
    it becomes ``Listing.source`` (and the ``source`` of any ``ParseError``), for a path in
    place of the path's own name; a ``str`` or ``bytes`` document is otherwise unnamed.

    ``reference_date`` is the day the page was saved, when the caller knows it. Year-less
    dates resolve against it when given, otherwise against evidence on the page. It is also
    ``Listing.retrieved`` when the document shows no save date of its own (a web archive's
    date, a Wayback snapshot's address, a clipper's front matter). ``Listing.page_date``
    stays the page's own date, whatever it is given.

    With ``strict=True`` any problem raises :class:`ParseError` instead of being returned.
    """
    return parse_document(document, source=source, reference_date=reference_date, strict=strict)


def parse_document(
    document: SourceLike,
    *,
    source: str | None,
    reference_date: dt.date | None,
    strict: bool,
    saved_on: dt.date | None = None,
) -> Listing:
    """``parse``, told also what a batch knows of a document from outside it: ``saved_on``,
    the day the container it came in says it was saved (a crawl record's ``WARC-Date``).
    That is the container's evidence, as a web archive's own date is: it goes before
    ``reference_date`` for ``retrieved``, and after it for the year of year-less dates.
    """
    if source is not None and not isinstance(source, str):
        raise TypeError(f"source must be a str (the document's name), got {type(source).__name__}")
    if reference_date is not None and not isinstance(reference_date, dt.date):
        raise TypeError(
            f"reference_date must be a datetime.date, got {type(reference_date).__name__}"
        )
    if isinstance(reference_date, dt.datetime):
        reference_date = reference_date.date()
    loaded = load(document, name=source, saved_on=saved_on)
    try:
        listing = _parse_loaded(loaded, reference_date=reference_date)
    except ParseError as error:
        if isinstance(document, str) and _looks_like_a_path(document):
            raise ParseError(
                f"{error.message} (a str is the document itself; to read the file, "
                f"pass pathlib.Path({document!r}))",
                source=error.source,
                line=error.line,
                path=error.path,
                code=error.code,
            ) from error
        raise
    listing = _with_facts(listing, loaded, source=source, reference_date=reference_date)
    if strict:
        listing.raise_for_problems()
    return listing


def _with_facts(
    listing: Listing, loaded: Source, *, source: str | None, reference_date: dt.date | None
) -> Listing:
    """The listing with what every format shares: the problems of loading, coalesced; the
    day it was saved, by one rule for every format (the document's evidence, else the
    caller's ``reference_date``); and the caller's name for it."""
    problems = coalesce((*loaded.problems, *listing.problems), listing.papers)
    retrieved = retrieval_day(listing.retrieved, loaded)
    if retrieved is None:
        retrieved = reference_date
    # The caller's name goes over the name an export records for its page.
    named = listing.source if source is None else source
    if (problems, retrieved, named) == (listing.problems, listing.retrieved, listing.source):
        return listing
    return attrs.evolve(listing, problems=problems, retrieved=retrieved, source=named)


def _own_export(loaded: Source) -> Listing | None:
    """paperparse's own JSON, JSON Lines or CSV output, read back; None for anything else.
    Looked at only when the document opens as an export does (a cheap test)."""
    if loaded.input_format == "json":
        from ._exports.reading import may_be_export, read_json_export

        if may_be_export(loaded.text):
            return read_json_export(loaded.text, source=loaded.name)
    elif loaded.text.startswith(_CSV_HEADER_START):
        from ._exports.reading import read_csv_export

        return read_csv_export(loaded.text, source=loaded.name)
    return None


_CSV_HEADER_START = "source,title,"  # the first columns of paperparse's CSV rows


def coalesce(problems: Sequence[Problem], papers: Sequence[Paper]) -> tuple[Problem, ...]:
    """Problems of one code on consecutive lines (or consecutive items of a JSON list) as
    one, spanning them: a page with a broken line a thousand times over gets one problem
    with the line range, not a thousand. Problems with a paper between them stay apart.
    """
    if len(problems) < 2:
        return tuple(problems)
    starts = sorted(paper.location.line for paper in papers if paper.location.line)
    out: list[Problem] = []
    run: list[Problem] = []
    for problem in problems:
        if run and _continues(run[-1], problem, starts):
            run.append(problem)
            continue
        if run:
            out.append(_merged(run))
        run = [problem]
    out.append(_merged(run))
    return tuple(out)


def _continues(last: Problem, problem: Problem, paper_starts: Sequence[int]) -> bool:
    if problem.code != last.code or problem.code in _ONE_PER_FACT:
        return False
    here, before = problem.location, last.location
    if here.line is not None and before.line is not None:
        end = before.end_line or before.line
        # Strictly after: two problems within one block (a paper page's two dates) are two.
        if here.path != before.path or not end < here.line <= end + 1 + _BLANK_GAP:
            return False
        # No paper starts after the last problem's first line and up to this one.
        index = bisect.bisect_right(paper_starts, before.line)
        return index == len(paper_starts) or paper_starts[index] > here.line
    if here.line is None and before.line is None and here.path and before.path:
        return _next_item(before.path) == _item_steps(here.path)
    return False


# Codes already reported once per fact (an unknown key, once per listing): two of them are
# two facts, wherever they stand.
_ONE_PER_FACT = frozenset({"unknown-field"})
_BLANK_GAP = 1  # the blank line between two blocks of a text page does not part them
# A JSON pointer with an item index in it: "/dailyPapers/3/paper/upvotes".
_ITEM_POINTER = re.compile(r"\A(?P<head>.*?/)(?P<index>\d+)(?P<tail>(?:/.*)?)\Z")


def _item_steps(path: str) -> tuple[str, int, str] | None:
    match = _ITEM_POINTER.match(path)
    return (match["head"], int(match["index"]), match["tail"]) if match else None


def _next_item(path: str) -> tuple[str, int, str] | None:
    steps = _item_steps(path)
    return None if steps is None else (steps[0], steps[1] + 1, steps[2])


def _merged(run: list[Problem]) -> Problem:
    if len(run) == 1:
        return run[0]
    first, last = run[0], run[-1]
    if first.location.line is not None:
        end = max(problem.location.end_line or problem.location.line or 0 for problem in run)
        location = attrs.evolve(first.location, end_line=end)
        span = f"lines {first.location.line}-{end}"
    else:
        location = first.location
        span = f"{first.location.path} to {last.location.path}"
    count = sum(problem.count for problem in run)
    message = f"{first.message} (and {count - first.count} more like it: {span})"
    raws = "\n".join(problem.raw for problem in run if problem.raw)
    return Problem(first.code, message, location, raws, count)


def _looks_like_a_path(text: str) -> bool:
    return "\n" not in text and len(text) < 1024 and text.lower().endswith(PAGE_SUFFIXES)


_JSON_HEAD_LINES = 3  # JSON that breaks this early may be no JSON at all


def _parse_loaded(loaded: Source, *, reference_date: dt.date | None) -> Listing:
    export = _own_export(loaded)
    if export is not None:
        return export
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
