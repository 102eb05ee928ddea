"""Export stage: listings as JSON, JSON Lines and CSV rows, streamed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

import attrs

from .._exports.rows import ROW_COLUMNS, csv_cell
from .._model import Listing, Problem


def paper_rows(listings: Iterable[Listing]) -> Iterator[dict[str, Any]]:
    """One JSON-safe dict per paper, with the source it came from."""
    for listing in listings:
        for paper in listing.papers:
            yield {"source": listing.source, **paper.to_dict()}


@attrs.frozen
class Rendered:
    """A parsed page already written out, as a worker process hands it back: its text, and
    what the main process still reports (source, problems)."""

    source: str | None
    problems: tuple[Problem, ...]
    text: str


def render(listing: Listing, *, output_format: str) -> Rendered:
    """One page in ``output_format`` (json, jsonl or csv rows without the header)."""
    if output_format == "json":
        text = json.dumps(listing.to_dict(), ensure_ascii=False, indent=2)
    elif output_format == "jsonl":
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in paper_rows([listing]))
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=ROW_COLUMNS, lineterminator="\n")
        for row in paper_rows([listing]):
            writer.writerow({key: csv_cell(value) for key, value in row.items()})
        text = buffer.getvalue()
    return Rendered(listing.source, listing.problems, text)


def write_rendered(pages: Iterable[Rendered], out: TextIO, *, output_format: str) -> None:
    """Write pages as they arrive: a JSON array, JSON Lines, or CSV under one header."""
    if output_format == "csv":
        out.write(",".join(ROW_COLUMNS) + "\n")
    if output_format == "json":
        out.write("[")
    for index, page in enumerate(pages):
        if output_format == "json":
            out.write(",\n" if index else "\n")
        out.write(page.text)
    if output_format == "json":
        out.write("\n]\n")
