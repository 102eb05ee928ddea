"""Command line: ``paperparse parse``, ``inspect`` and ``merge`` over saved pages.

Exit status: 0 when every input was parsed (problems are reported on stderr but do not fail
the run), 1 when an input could not be read or is not a papers page at all (or, with
``--strict``, has problems), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Final, TextIO, cast

from ._model import ParseError
from ._version import __version__

EXIT_OK: Final = 0
EXIT_BAD_INPUT: Final = 1
EXIT_INTERRUPTED: Final = 130  # as shells report a command stopped by Ctrl-C
PROGRESS_MIN_INPUTS: Final = 20  # fewer inputs than this finish before a bar helps


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
    except KeyboardInterrupt:
        print("paperparse: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # the output could not be written: a full disk, no such folder
        where = f": {exc.filename}" if exc.filename else ""
        print(f"paperparse: cannot write the output{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return result


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperparse",
        description="Turn saved Hugging Face Daily Papers pages into structured data.",
    )
    parser.add_argument("--version", action="version", version=f"paperparse {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a saved page, a folder (searched recursively), a .zip/.tar.gz archive, or -",
    )
    inputs.add_argument(
        "--glob",
        metavar="PATTERN",
        help="which files to take from folders and archives (default: .txt .md .html .htm .json)",
    )
    inputs.add_argument(
        "--reference-date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the day the pages were saved, for dates printed without a year",
    )
    inputs.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="worker processes (0: one per core)"
    )
    inputs.add_argument("--strict", action="store_true", help="treat any problem as an error")
    inputs.add_argument(
        "--problems-json",
        action="store_true",
        help="report problems on stderr as JSON lines instead of text",
    )

    parse_command = commands.add_parser(
        "parse",
        parents=[inputs],
        help="print the papers of saved pages",
        description="Parse saved pages (text, markdown, HTML or API JSON) and print their "
        "papers. Problems go to stderr.",
    )
    parse_command.add_argument(
        "--format",
        choices=("json", "jsonl", "csv"),
        default="json",
        help="json: one object per input with papers and problems; jsonl: one paper per "
        "line; csv: one paper per row (default: json)",
    )
    parse_command.add_argument("-o", "--output", metavar="FILE", help="write here, not stdout")
    parse_command.set_defaults(run=_run_parse)

    inspect_command = commands.add_parser(
        "inspect",
        help="explain how one page was read",
        description="Show what kind of page a file is, how it was read, every paper's fields "
        "and where they came from, and every problem.",
    )
    inspect_command.add_argument("path", metavar="FILE")
    inspect_command.add_argument("--reference-date", type=_iso_date, metavar="YYYY-MM-DD")
    inspect_command.set_defaults(run=_run_inspect)

    merge_command = commands.add_parser(
        "merge",
        parents=[inputs],
        help="merge many snapshots into one record per paper",
        description="Merge pages into one record per paper (keyed by arXiv id), with every "
        "appearance and the history of upvotes, comments and stars. Re-running with the "
        "same pages changes nothing.",
    )
    merge_command.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="papers.sqlite, or a .jsonl file"
    )
    merge_command.add_argument(
        "--format",
        choices=("sqlite", "jsonl"),
        help="default: jsonl for a .jsonl output, else sqlite",
    )
    merge_command.set_defaults(run=_run_merge)
    return parser


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None


def _listings(
    args: argparse.Namespace, status: list[int], *, output_format: str | None = None
) -> Iterator[Any]:
    """Parse every input, report errors and problems on stderr, yield the listings (or,
    with ``output_format``, the pages already written out in that format)."""
    from ._batch.parallel import parse_inputs
    from ._sources.inputs import expand

    # Inputs stay lazy: an archive's members are read one by one, never all at once.
    inputs = expand(args.paths, pattern=args.glob)
    progress = _Progress()
    results = parse_inputs(
        inputs,
        jobs=args.jobs,
        reference_date=args.reference_date,
        strict=args.strict,
        output_format=output_format,
    )
    for result in results:
        progress.step()
        if isinstance(result, ParseError):
            status[0] = EXIT_BAD_INPUT
            _report_error(result, as_json=args.problems_json)
            continue
        for problem in result.problems:
            if args.problems_json:
                record = {"source": result.source, **problem.to_dict()}
                print(json.dumps(record, ensure_ascii=False), file=sys.stderr)
            else:
                print(f"{result.source}: {problem}", file=sys.stderr)
        yield result
    progress.done()


def _report_error(error: ParseError, *, as_json: bool) -> None:
    if as_json:
        record = {
            "source": error.source,
            "code": "not-a-listing",
            "message": error.message,
            "location": {"line": error.line, "end_line": None, "path": error.path},
            "raw": "",
        }
        print(json.dumps(record, ensure_ascii=False), file=sys.stderr)
    else:
        print(f"paperparse: {error}", file=sys.stderr)


class _Progress:
    """A one-line counter on stderr, for long batches in a terminal (from the 20th input)."""

    def __init__(self) -> None:
        self.count = 0
        self.terminal = sys.stderr.isatty()

    def step(self) -> None:
        self.count += 1
        if self.terminal and self.count >= PROGRESS_MIN_INPUTS:
            print(f"\r{self.count} pages parsed", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.terminal and self.count >= PROGRESS_MIN_INPUTS:
            print(file=sys.stderr)


def _run_parse(args: argparse.Namespace) -> int:
    from ._batch.export import write_rendered

    status = [EXIT_OK]
    with ExitStack() as stack:
        out: TextIO = sys.stdout
        if args.output and args.output != "-":
            out = stack.enter_context(_replacing(Path(args.output)))
        pages = _listings(args, status, output_format=args.format)
        write_rendered(pages, out, output_format=args.format)
    return status[0]


@contextmanager
def _replacing(target: Path) -> Iterator[TextIO]:
    """A file written beside ``target`` and renamed over it once whole: an interrupted or
    failed run leaves the previous file as it was, never a cut one."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
        "w",
        encoding="utf-8",
        newline="",
        dir=target.parent,
        prefix=f".{target.name}.",
        suffix=".partial",
        delete=False,
    )
    try:
        with handle:
            yield cast(TextIO, handle)  # a text file; typeshed names its wrapper apart
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _run_inspect(args: argparse.Namespace) -> int:
    from ._batch.inspection import describe
    from ._parse import parse

    try:
        listing = parse(Path(args.path), reference_date=args.reference_date)
    except ParseError as error:
        print(f"paperparse: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    sys.stdout.write(describe(listing))
    return EXIT_OK


def _run_merge(args: argparse.Namespace) -> int:
    from ._batch.merge import merge_into

    status = [EXIT_OK]
    output_format = args.format or ("jsonl" if args.output.endswith(".jsonl") else "sqlite")
    summary = merge_into(_listings(args, status), args.output, output_format=output_format)
    print(summary, file=sys.stderr)
    return status[0]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
