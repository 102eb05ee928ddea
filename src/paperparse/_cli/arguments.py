"""Command-line stage: the commands and their options, as ``--help`` shows them.

docs/cli.md says the same; ``tests/test_cli_docs.py`` holds the two together.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import NoReturn

from .._model import PROBLEM_CODES
from .._sources.inputs import DEFAULT_GLOBS
from .._version import __version__
from .errors import EXIT_USAGE, CliError


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line like every other error."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("paperparse").strip() or "usage"
        raise CliError(command, f"{message} (see {self.prog} --help)", status=EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="paperparse",
        description="Turn saved Hugging Face Daily Papers pages into structured data.",
    )
    parser.add_argument("--version", action="version", version=f"paperparse {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    inputs = _inputs_options()
    batch = _batch_options()

    parse_command = commands.add_parser(
        "parse",
        parents=[inputs, batch],
        help="print the papers of saved pages",
        description="Parse saved pages (text, markdown, HTML, web archives, crawls or API "
        "JSON) and print their papers. Problems go to standard error.",
    )
    parse_command.add_argument(
        "--format",
        choices=("json", "jsonl", "csv", "parquet"),
        help="json: one object per page with its papers and problems; jsonl: one paper per "
        "line; csv: one paper per row; parquet: the rows of jsonl, typed, to an -o file "
        "(default: the -o file's extension, .json .jsonl .ndjson .csv .parquet; json on "
        "standard output)",
    )
    parse_command.add_argument(
        "-o", "--output", metavar="FILE", help="write here (- is standard output, the default)"
    )

    inspect_command = commands.add_parser(
        "inspect",
        parents=[inputs],
        help="explain how pages were read",
        description="Show what kind of page each input is, how it was read, every paper's "
        "fields and where each came from, and every problem.",
    )
    inspect_command.add_argument(
        "--full", action="store_true", help="show every value whole (default: cut at 100)"
    )

    merge_command = commands.add_parser(
        "merge",
        parents=[inputs, batch],
        help="merge many snapshots into one record per paper",
        description="Merge pages into one record per paper (keyed by arXiv id), with every "
        "appearance and the history of upvotes, comments and stars. Re-running with the "
        "same pages changes nothing.",
    )
    merge_command.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="papers.sqlite, or a .jsonl or .parquet file",
    )
    merge_command.add_argument(
        "--format",
        choices=("sqlite", "jsonl", "parquet"),
        help="default: the -o file's extension (.sqlite .sqlite3 .db, .jsonl .ndjson, or .parquet)",
    )
    return parser


def _inputs_options() -> _Parser:
    """What every command reads."""
    options = _Parser(add_help=False)
    options.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a saved page, a folder (searched recursively), an archive (.zip, .tar, "
        ".tar.gz, ...), a crawl (.warc, .warc.gz), ARCHIVE:MEMBER, or - for standard input",
    )
    options.add_argument(
        "--glob",
        action="append",
        default=[],
        metavar="PATTERN",
        help="which files to take from folders and archives; repeatable; a pattern with a / "
        "matches the path below the folder, else the file name (default: "
        f"{' '.join(DEFAULT_GLOBS[::2])}, each also .gz; archives and crawls are always "
        "opened)",
    )
    options.add_argument(
        "--reference-date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the day the pages were saved: the year of dates printed without one, and each "
        "page's retrieved day unless the page or its container says when it was saved",
    )
    return options


def _batch_options() -> _Parser:
    """How ``parse`` and ``merge`` run and report."""
    options = _Parser(add_help=False)
    options.add_argument(
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="worker processes (0: one per core; default: 1)",
    )
    options.add_argument(
        "--strict",
        action="store_true",
        help="fail on any problem not ignored, and on files skipped as no pages",
    )
    options.add_argument(
        "--ignore",
        action="append",
        default=[],
        type=_problem_code,
        metavar="CODE",
        help="leave this problem code out of the report and of --strict; repeatable",
    )
    options.add_argument(
        "-q", "--quiet", action="store_true", help="print no problems, only errors"
    )
    options.add_argument(
        "--problems-json",
        action="store_true",
        help="report problems, errors and skipped files on standard error as JSON lines",
    )
    return options


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {jobs}")
    return jobs


def _problem_code(text: str) -> str:
    if text not in PROBLEM_CODES:
        known = ", ".join(sorted(PROBLEM_CODES))
        raise argparse.ArgumentTypeError(f"{text!r} is no problem code (known: {known})")
    return text
