"""Engine stage: a piece of work parsed, as results, paper rows and problem records.

What a worker runs, whichever engine sent it: a piece's inputs (a page, an archive's
members, the Hub records of a crawl's byte range) are parsed as the command line parses
them, and come back as plain rows that any engine can ship.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

from .._batch.merge import paper_key
from .._batch.parallel import parse_input
from .._bounds import MAX_INPUT_BYTES
from .._model import JSON, Listing, ParseError
from .._sources.crawls import warc_records
from .._sources.inputs import Expanded, crawl_input, data_inputs, file_inputs
from .._sources.loading import read_bounded
from .._sources.named import Skipped
from .pieces import Piece, Planned

Result = Listing | ParseError | Skipped
# A row's place in the inputs' order: its piece's number, then its place in the piece.
_PLACES_PER_PIECE: Final = 1 << 32


def results(
    group: Sequence[Planned], *, reference_date: dt.date | None, strict: bool
) -> Iterator[tuple[int, Result]]:
    """What parsing a partition's pieces gives, in order, each with its piece's number: a
    listing or error per page, and the files passed over."""
    for number, piece in group:
        if isinstance(piece, Skipped):
            yield number, piece
            continue
        for item in _inputs(piece):
            yield number, parse_input(item, reference_date=reference_date, strict=strict)


def _inputs(piece: Piece) -> Iterator[Expanded]:
    if piece.crawl:
        try:
            handle = piece.filesystem.open(piece.path, "rb")
        except OSError as exc:
            yield _unreadable(piece, exc)
            return
        with handle:
            records = warc_records(
                handle,
                name=piece.name,
                max_bytes=MAX_INPUT_BYTES,
                start=piece.start,
                stop=piece.stop,
            )
            yield from map(crawl_input, records)
    elif piece.local:
        yield from file_inputs(Path(piece.path), piece.name, walked=piece.walked)
    else:
        try:
            with piece.filesystem.open(piece.path, "rb") as handle:
                data = read_bounded(handle, piece.name)
        except OSError as exc:
            yield _unreadable(piece, exc)
            return
        except ParseError as error:  # past the bound on one document
            yield error
            return
        yield from data_inputs(data, piece.name, walked=piece.walked)


def _unreadable(piece: Piece, exc: OSError) -> ParseError:
    return ParseError(f"cannot read: {exc.strerror or exc}", source=piece.name, code="unreadable")


def paper_rows(found: Iterable[tuple[int, Result]]) -> list[JSON]:
    """One row per paper of the listings in ``found``: the JSON Lines row, then the merge
    key, the page's kind, date and save day, and the row's place in the inputs' order (its
    piece's number, then its place in the piece), which a merge folds by."""
    rows: list[JSON] = []
    piece, order = -1, 0
    for number, listing in found:
        if not isinstance(listing, Listing):
            continue
        if number != piece:
            piece, order = number, number * _PLACES_PER_PIECE
        context = {
            "page_kind": listing.kind,
            "page_date": _iso(listing.page_date),
            "retrieved": _iso(listing.retrieved),
        }
        for paper in listing.papers:
            key = paper_key(paper)
            rows.append({"source": listing.source, **paper.to_dict(), "key": key, **context})
            rows[-1]["order"] = order
            order += 1
    return rows


def problem_rows(found: Iterable[tuple[int, Result]]) -> list[JSON]:
    """One record per problem, error and file passed over, as ``--problems-json`` prints
    them: nothing a read leaves out goes unsaid."""
    rows: list[JSON] = []
    for _, item in found:
        if isinstance(item, Listing):
            for problem in item.problems:
                rows.append({"kind": "problem", "source": item.source, **_flat(problem.to_dict())})
        elif isinstance(item, ParseError):
            rows.append(
                {"kind": "error", "source": item.source, "code": item.code,
                 "message": item.message, "line": item.line, "path": item.path}
            )  # fmt: skip
        else:
            rows.append(
                {"kind": "skipped", "source": item.name, "code": f"skipped-by-{item.by}",
                 "message": item.reason}
            )  # fmt: skip
    return rows


def _flat(problem: JSON) -> JSON:
    location = problem.pop("location", None) or {}
    return {**problem, **location}


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
