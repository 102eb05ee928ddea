"""Exports: paperparse's own JSON, JSON Lines and CSV outputs, read back as a listing.

What ``paperparse parse`` (and ``Listing.to_dict``) writes comes back as the same papers,
field for field, their locations and ranks included:

* ``--format json`` (one listing, or an array of them): the listing itself when there is
  one; for several, their papers and problems in order, and the page facts they agree on.
* ``--format jsonl`` and ``--format csv``: one paper per row. The rows' ``source`` names
  the page each paper came from; the listing holds them all.

Each is told apart from the Hub's JSON by its shape (a listing's keys, or a row's), never
by a file name. ``input_format`` says which export it was.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from .._hub.json_values import JSON_DECODER, decode_json
from .._hub.salvage import cut_problem, ends_inside, read_cut
from .._model import Listing, Paper, Problem
from .rows import ROW_COLUMNS, from_csv_cell
from .values import Reader, field_kinds

# The keys a listing's to_dict() always has, and those of a row beyond the paper's.
_LISTING_KEYS: Final = frozenset({"kind", "input_format", "papers", "problems", "layers"})
_ROW_KEYS: Final = frozenset({"source", "title", "location"})
# What a cut listing has before its papers, in to_dict() order: its problems come after.
_CUT_LISTING_KEYS: Final = frozenset({"kind", "input_format", "papers"})
# How an export opens: a listing's first key is "kind", a row's is "source"; the Hub's
# JSON opens otherwise. Only a document that opens so is decoded for its shape.
_OPENING: Final = re.compile(r'\A\s*\[?\s*\{\s*"(?:kind|source)"\s*:')
_FACTS: Final = ("kind", "page_date", "period", "query", "url", "retrieved", "source")


def may_be_export(text: str) -> bool:
    """Whether a JSON document opens as paperparse's exports do (cheap: its first bytes)."""
    return _OPENING.match(text[:256]) is not None


def read_json_export(text: str, *, source: str | None) -> Listing | None:
    """An exported listing (or array of listings) or JSON Lines of rows; None when the
    document is no export of ours (it is then read as the Hub's JSON)."""
    decoding: list[Problem] = []  # lone surrogates replaced, as in the Hub's JSON
    try:
        data = decode_json(text, decoding)
    except json.JSONDecodeError as error:
        if ends_inside(text, error) and (cut := _cut_export(text, source=source)) is not None:
            return cut
        return _jsonl_rows(text, source=source)
    except (ValueError, RecursionError):
        return _jsonl_rows(text, source=source)
    if _is_listing(data):
        listing = _listings([data], "", source=source, single=True)
    elif isinstance(data, list) and data and all(map(_is_listing, data)):
        listing = _listings(data, "", source=source, single=len(data) == 1)
    elif _is_row(data):  # JSON Lines of one row
        return _jsonl_rows(text, source=source)
    else:
        return None
    return attrs.evolve(listing, problems=(*decoding, *listing.problems))


def _cut_export(text: str, *, source: str | None) -> Listing | None:
    """A JSON export cut off at its end (a download stopped part way): its complete
    listings, or the complete papers of its one listing, and a ``truncated`` problem."""
    problems: list[Problem] = []
    cut = read_cut(text, problems)
    if cut is None:
        return None
    value = cut.value
    if isinstance(value, list) and not cut.closed:  # cut inside a listing: read its papers
        inner = read_cut(text[cut.position :], problems)
        if inner is not None and isinstance(inner.value, Mapping):
            value = [*value, inner.value]
            cut = attrs.evolve(
                inner, pointer=cut.pointer + inner.pointer, position=cut.position + inner.position
            )
    if isinstance(value, Mapping) and value.keys() >= _CUT_LISTING_KEYS:
        listing = _listings([value], "", source=source, single=True)
    elif isinstance(value, list) and value and all(_is_cut_listing(item) for item in value):
        listing = _listings(value, "", source=source, single=len(value) == 1)
    else:
        return None
    assert cut is not None  # (a value was read)
    read = f"the {len(listing.papers)} papers before it are read"
    return attrs.evolve(
        listing, problems=(*listing.problems, *problems, cut_problem(text, cut, read))
    )


def _is_cut_listing(data: object) -> bool:
    return isinstance(data, Mapping) and data.keys() >= _CUT_LISTING_KEYS


def _is_listing(data: object) -> bool:
    return isinstance(data, Mapping) and data.keys() >= _LISTING_KEYS


def _is_row(data: object) -> bool:
    return isinstance(data, Mapping) and data.keys() >= _ROW_KEYS and "papers" not in data


def _listings(
    items: Sequence[Mapping[str, Any]], pointer: str, *, source: str | None, single: bool
) -> Listing:
    reader = Reader()
    read = [reader.listing(item, f"{pointer}/{index}" if not single else pointer)
            for index, item in enumerate(items)]  # fmt: skip
    if single:
        (listing,) = read
        return _as_export(listing, "paperparse-json", reader.problems, source=source)
    facts = {name: _agreed(read, name) for name in _FACTS}
    whole = Listing(
        papers=[paper for listing in read for paper in listing.papers],
        problems=[problem for listing in read for problem in listing.problems],
        layers=tuple(dict.fromkeys(layer for listing in read for layer in listing.layers)),
        **{name: value for name, value in facts.items() if value is not None},
    )
    return _as_export(whole, "paperparse-json", reader.problems, source=source)


def _agreed(listings: Sequence[Listing], name: str) -> Any:
    values = {getattr(listing, name) for listing in listings}
    return values.pop() if len(values) == 1 else None


def _jsonl_rows(text: str, *, source: str | None) -> Listing | None:
    """JSON Lines of paper rows, when its first line is one; None otherwise."""
    lines = text.split("\n")  # as the Hub's JSON Lines reader splits them
    try:
        first = JSON_DECODER.decode(lines[0])
    except (ValueError, RecursionError):
        return None
    if not _is_row(first):
        return None
    papers: list[Paper] = []
    problems: list[Problem] = []
    sources: set[object] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        reader = Reader(line=number)
        try:
            row = decode_json(line, reader.problems, line=number)
        except (ValueError, RecursionError):
            row = None
        if row is None or not _is_row(row):
            reader.unreadable("", "a line that is no exported paper row", line)
        else:
            sources.add(row["source"])
            paper = reader.paper(row, "")
            if paper is not None:
                papers.append(paper)
        problems.extend(reader.problems)
    listing = Listing(papers=papers, source=_one_source(sources))
    return _as_export(listing, "paperparse-jsonl", problems, source=source)


def _one_source(sources: set[object]) -> str | None:
    """The page every row came from, when they all came from one."""
    (only,) = sources if len(sources) == 1 else (None,)
    return only if isinstance(only, str) else None


def read_csv_export(text: str, *, source: str | None) -> Listing | None:
    """CSV rows under paperparse's header; None when the first line is no such header."""
    rows = csv.reader(io.StringIO(text, newline=""))  # a quoted cell may hold line breaks
    try:
        header = next(rows, None)
    except csv.Error:
        return None
    if header is None or not {"source", "title"} <= set(header) <= set(ROW_COLUMNS):
        return None
    papers: list[Paper] = []
    problems: list[Problem] = []
    sources: set[object] = set()
    while True:
        reader = Reader(line=rows.line_num + 1)
        try:
            cells = next(rows, None)
        except csv.Error as error:  # a cell past csv's size limit, a stray quote: the rest
            reader.unreadable("", f"CSV that cannot be read on from here: {error}", "")
            problems.extend(reader.problems)
            break
        if cells is None:
            break
        paper = _csv_paper(dict(zip(header, cells, strict=False)), reader, sources)
        if paper is not None:
            papers.append(paper)
        problems.extend(reader.problems)
    listing = Listing(papers=papers, source=_one_source(sources))
    return _as_export(listing, "paperparse-csv", problems, source=source)


def _csv_paper(cells: dict[str, str], reader: Reader, sources: set[object]) -> Paper | None:
    kinds = field_kinds(Paper)
    row: dict[str, Any] = {}
    for name, cell in cells.items():
        if name == "source":
            sources.add(cell or None)
            continue
        try:
            row[name] = from_csv_cell(kinds[name], cell)
        except ValueError:
            reader.invalid(f"/{name}", f"should be {kinds[name]}", cell)
    return reader.paper(row, "")


def _as_export(
    listing: Listing, input_format: str, problems: Sequence[Problem], *, source: str | None
) -> Listing:
    """The listing as read from an export: which export it was, and named by the page its
    papers came from (the export's own name when it does not say)."""
    return attrs.evolve(
        listing,
        input_format=input_format,
        source=listing.source or source,
        problems=(*listing.problems, *problems),
    )
