"""Command line: ``paperparse parse FILE...`` prints the papers of saved pages.

Exit status: 0 when every input was parsed (problems are reported on stderr but do not fail
the run), 1 when an input could not be read or is not a papers page at all, 2 on a usage
error.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

import attrs

from ._errors import ParseError
from ._model import Listing, Paper
from ._parse import parse
from ._version import __version__

EXIT_OK: Final = 0
EXIT_BAD_INPUT: Final = 1
# Columns of the CSV output: every Paper field, plus where the paper came from.
CSV_COLUMNS: Final = ("source", *(field.name for field in attrs.fields(Paper)))
CSV_LIST_SEPARATOR: Final = " | "


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.run(args)
    except BrokenPipeError:
        # The reader went away (`paperparse parse ... | head`): not an error of ours.
        # Point stdout at devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return result


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperparse",
        description="Turn saved Hugging Face Daily Papers pages into structured data.",
    )
    parser.add_argument("--version", action="version", version=f"paperparse {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse_command = commands.add_parser(
        "parse",
        help="print the papers of one or more saved pages",
        description="Parse saved pages (text, markdown, HTML or API JSON; '-' reads stdin) "
        "and print their papers. Problems go to stderr.",
    )
    parse_command.add_argument("files", nargs="+", metavar="FILE", help="a saved page, or -")
    parse_command.add_argument(
        "--format",
        choices=("json", "jsonl", "csv"),
        default="json",
        help="json: one object per input with papers and problems; jsonl: one paper per "
        "line; csv: one paper per row (default: json)",
    )
    parse_command.add_argument(
        "--reference-date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the day the pages were saved, for dates printed without a year",
    )
    parse_command.set_defaults(run=_run_parse)
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None


def _run_parse(args: argparse.Namespace) -> int:
    status = EXIT_OK
    listings: list[Listing] = []
    for name in args.files:
        try:
            listing = _parse_one(name, reference_date=args.reference_date)
        except ParseError as exc:
            print(f"paperparse: {exc}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        for problem in listing.problems:
            print(f"{listing.source}: {problem}", file=sys.stderr)
        listings.append(listing)
    _WRITERS[args.format](listings, sys.stdout)
    return status


def _parse_one(name: str, *, reference_date: dt.date | None) -> Listing:
    if name == "-":
        listing = parse(sys.stdin.buffer.read(), reference_date=reference_date)
        return attrs.evolve(listing, source="<stdin>")
    path = Path(name)
    if not path.is_file():
        raise ParseError("no such file", source=name)
    return parse(path, reference_date=reference_date)


def _paper_rows(listings: Sequence[Listing]) -> Iterator[dict[str, Any]]:
    for listing in listings:
        for paper in listing.papers:
            yield {"source": listing.source, **paper.to_dict()}


def _write_json(listings: Sequence[Listing], out: TextIO) -> None:
    json.dump([listing.to_dict() for listing in listings], out, ensure_ascii=False, indent=2)
    out.write("\n")


def _write_jsonl(listings: Sequence[Listing], out: TextIO) -> None:
    for row in _paper_rows(listings):
        out.write(json.dumps(row, ensure_ascii=False))
        out.write("\n")


def _write_csv(listings: Sequence[Listing], out: TextIO) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _paper_rows(listings):
        writer.writerow({key: _csv_cell(value) for key, value in row.items()})
    out.write(buffer.getvalue())


def _csv_cell(value: object) -> object:
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


_WRITERS: Final = {"json": _write_json, "jsonl": _write_jsonl, "csv": _write_csv}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
