"""Command-line stage: ``parse``, ``inspect`` and ``merge``, each over a batch of inputs."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .._model import Listing, ParseError
from .._sources.named import Input, Skipped
from .errors import CliError
from .outputs import MERGE_FORMATS, PARSE_FORMATS, chosen_format, replacing
from .progress import Progress
from .report import Reporter

if TYPE_CHECKING:
    from .._batch.export import Rendered
    from .._sources.inputs import Expanded


def run_parse(args: argparse.Namespace) -> int:
    from .._batch.export import write_rendered

    output_format = chosen_format(args.output, args.format, PARSE_FORMATS, default="json")
    if output_format == "parquet":
        return _parse_to_parquet(args)
    reporter = _reporter(args)
    with ExitStack() as stack:
        out: TextIO = sys.stdout
        if args.output and args.output != "-":
            out = stack.enter_context(replacing(Path(args.output)))
        results = _results(args, reporter, output_format=output_format)
        write_rendered(_passing(results, reporter), out, output_format=output_format)
    return reporter.finish()


def _parse_to_parquet(args: argparse.Namespace) -> int:
    """The rows of ``--format jsonl``, typed, into a Parquet file (never standard output:
    Parquet is written whole, then read from its end)."""
    from .._batch.export import paper_rows
    from .._batch.parquet import row_schema, write_parquet

    if not args.output or args.output == "-":
        raise CliError("usage", "--format parquet writes a file: give -o FILE", status=2)
    reporter = _reporter(args)
    listings = _passing(_results(args, reporter), reporter)
    try:
        write_parquet(paper_rows(listings), args.output, row_schema())
    except OSError as exc:
        raise CliError(f"cannot write {args.output}", exc.strerror or str(exc)) from exc
    except ImportError as exc:
        raise CliError("parquet", str(exc)) from exc
    return reporter.finish()


def run_merge(args: argparse.Namespace) -> int:
    from .._batch.merge import merge_into

    output_format = chosen_format(args.output, args.format, MERGE_FORMATS, default="sqlite")
    reporter = _reporter(args)
    # Sources are named by their resolved paths: every spelling of a folder is one source.
    results = _results(args, reporter, resolve=True)
    summary = merge_into(_passing(results, reporter), args.output, output_format=output_format)
    status = reporter.finish()
    if not args.quiet:
        print(summary, file=sys.stderr)
    return status


def run_inspect(args: argparse.Namespace) -> int:
    from .._batch.inspection import describe

    reporter = Reporter()
    shown = 0
    for item in _expanded(args):
        result = _inspected(item, args.reference_date)
        if isinstance(result, ParseError):
            reporter.error(result.source, result.code, result.message, line=result.line)
        elif isinstance(result, Skipped):
            reporter.skip(result)
        else:
            listing, document = result
            reporter.page(listing.source, ())
            sys.stdout.write(
                ("\n" if shown else "") + describe(listing, full=args.full, document=document)
            )
            shown += 1
    return reporter.finish()


def _inspected(
    item: Expanded, reference_date: dt.date | None
) -> tuple[Listing, str | None] | ParseError | Skipped:
    """An input parsed, with the decoded text it was parsed from (to pin fields to lines)."""
    from .._batch.parallel import parse_inputs
    from .._sources.loading import load

    (result,) = parse_inputs([item], reference_date=reference_date)
    if not isinstance(result, Listing) or not isinstance(item, Input):
        return result  # type: ignore[return-value]  # an error, or a skipped file
    try:
        document = load(item.path if item.path is not None else item.data or b"").text
    except ParseError:
        document = None
    return result, document


def _reporter(args: argparse.Namespace) -> Reporter:
    return Reporter(
        ignore=args.ignore, quiet=args.quiet, as_json=args.problems_json, strict=args.strict
    )


def _results(
    args: argparse.Namespace,
    reporter: Reporter,
    *,
    output_format: str | None = None,
    resolve: bool = False,
    jobs: int | None = None,
) -> Iterator[Listing | Rendered | ParseError | Skipped]:
    """Every input parsed (in worker processes with ``--jobs``), in input order."""
    from .._batch.parallel import parse_inputs

    inputs, total = _counted(_expanded(args, resolve=resolve))
    reporter.progress = Progress(total, enabled=not getattr(args, "quiet", True))
    results = parse_inputs(
        inputs,
        jobs=args.jobs if jobs is None else jobs,
        reference_date=args.reference_date,
        output_format=output_format,
    )
    for result in results:
        reporter.progress.step()
        yield result


def _expanded(args: argparse.Namespace, *, resolve: bool = False) -> Iterator[Expanded]:
    from .._sources.inputs import expand

    return expand(args.paths, globs=args.glob, resolve=resolve)


def _counted(inputs: Iterator[Expanded]) -> tuple[Iterable[Expanded], int | None]:
    """The inputs, and how many there are when that is known without reading them: for
    files and folders. Counting stops at the first archive member (already read bytes):
    holding an archive's members to count them would hold the archive."""
    head: list[Expanded] = []
    for item in inputs:
        head.append(item)
        if isinstance(item, Input) and item.data is not None:
            return _handed_over(head, inputs), None
    return _handed_over(head, iter(())), len(head)


def _handed_over(head: list[Expanded], rest: Iterator[Expanded]) -> Iterator[Expanded]:
    """``head``, then ``rest``, keeping no item once it is handed over (a member's bytes)."""
    head.reverse()
    while head:
        yield head.pop()
    yield from rest


def _passing(
    results: Iterable[Listing | Rendered | ParseError | Skipped],
    reporter: Reporter,
) -> Iterator[Any]:
    """The pages to write (listings, or pages already rendered, as ``_results`` was asked
    for), each reported on the way; errors and skipped files reported."""
    for result in results:
        if isinstance(result, ParseError):
            reporter.error(result.source, result.code, result.message, line=result.line)
        elif isinstance(result, Skipped):
            reporter.skip(result)
        elif reporter.page(result.source, result.problems):
            yield result
