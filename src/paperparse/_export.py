"""Export stage: listings as JSON, JSON Lines and CSV rows, streamed."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, TextIO

import attrs

from ._model import Listing, Paper

# Columns of a paper row: where it came from, then every Paper field in model order.
ROW_COLUMNS: Final = ("source", *(field.name for field in attrs.fields(Paper)))
CSV_LIST_SEPARATOR: Final = " | "


def paper_rows(listings: Iterable[Listing]) -> Iterator[dict[str, Any]]:
    """One JSON-safe dict per paper, with the source it came from."""
    for listing in listings:
        for paper in listing.papers:
            yield {"source": listing.source, **paper.to_dict()}


def write_json(listings: Iterable[Listing], out: TextIO) -> None:
    """A JSON array of listings, written as each one arrives."""
    out.write("[")
    for index, listing in enumerate(listings):
        out.write(",\n" if index else "\n")
        out.write(json.dumps(listing.to_dict(), ensure_ascii=False, indent=2))
    out.write("\n]\n")


def write_jsonl(listings: Iterable[Listing], out: TextIO) -> None:
    """One paper per line."""
    for row in paper_rows(listings):
        out.write(json.dumps(row, ensure_ascii=False))
        out.write("\n")


def write_csv(listings: Iterable[Listing], out: TextIO) -> None:
    """One paper per row; list fields joined with `` | ``, the location as JSON."""
    writer = csv.DictWriter(out, fieldnames=ROW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in paper_rows(listings):
        writer.writerow({key: _csv_cell(value) for key, value in row.items()})


def _csv_cell(value: object) -> object:
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


WRITERS: Final[dict[str, Callable[[Iterable[Listing], TextIO], None]]] = {
    "json": write_json,
    "jsonl": write_jsonl,
    "csv": write_csv,
}
