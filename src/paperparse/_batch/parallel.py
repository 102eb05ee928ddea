"""Batch stage: parse many sources, in order, optionally across processes, streaming."""

from __future__ import annotations

import datetime as dt
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Final, TypeVar

from .._model import Listing, ParseError
from .._parse import parse, parse_document
from .._sources.loading import SourceLike
from .._sources.named import Skipped
from .export import Rendered, render

if TYPE_CHECKING:
    from .._sources.inputs import Expanded
    from .._sources.named import Input

# Sources per round trip to a worker process; two chunks per worker are in flight, so
# memory stays flat however many sources there are.
CHUNK: Final = 8
# Bytes already read (archive members, crawl records, stdin) a chunk carries at most,
# beyond its first source: what is in flight stays near 2 x workers x this, whatever the
# members weigh, not 2 x workers x CHUNK members.
CHUNK_BYTES: Final = 16 << 20

Item = TypeVar("Item")
Out = TypeVar("Out")
Result = Listing | ParseError


def parse_many(
    sources: Iterable[SourceLike],
    /,
    *,
    jobs: int = 1,
    reference_date: dt.date | None = None,
    strict: bool = False,
) -> Iterator[Listing | ParseError]:
    """Parse many sources lazily, yielding one result per source in input order.

    A source that cannot be parsed yields its :class:`ParseError` instead of stopping the
    batch. ``jobs`` > 1 parses in that many worker processes (``jobs=0``: one per core);
    memory stays flat in the number of sources, since only a bounded window is in flight.
    ``reference_date`` is as for :func:`parse`: the day the pages were saved.

    There is no ``source=``: one name for many documents would name them all alike. A path
    names its own listing; a ``str`` or ``bytes`` document that needs a name is parsed with
    ``parse(document, source=name)``.

    ``sources`` is many sources: one ``str``, ``bytes`` or path is a ``TypeError`` (a str
    would be iterated character by character). For the pages of a folder, pass its files:
    ``parse_many(Path("saved").rglob("*.html"))``, or run ``paperparse parse saved/``.
    """
    if isinstance(sources, (str, bytes, os.PathLike)):
        raise TypeError(
            f"parse_many takes many sources, not one {type(sources).__name__}: for one "
            "document use parse(); for the files of a folder, pass them, as in "
            "parse_many(Path(folder).rglob('*.html')), or run `paperparse parse FOLDER`"
        )
    one = partial(_parse_source, reference_date=reference_date, strict=strict)
    return _run(sources, one, jobs=jobs)


def parse_inputs(
    inputs: Iterable[Expanded],
    *,
    jobs: int = 1,
    reference_date: dt.date | None = None,
    strict: bool = False,
    output_format: str | None = None,
) -> Iterator[Listing | Rendered | ParseError | Skipped]:
    """``parse_many`` for named inputs (files, archive members, stdin) as the CLI has them.

    With ``output_format``, each page is also written out where it was parsed, so that the
    main process only copies text: writing is as costly as parsing, and it then scales too.
    A file a walk found that is no papers page comes back as ``Skipped``, not an error.
    """
    one = partial(
        _parse_input, reference_date=reference_date, strict=strict, output_format=output_format
    )
    return _run(inputs, one, jobs=jobs, weight=_weight)


def _weight(item: Expanded) -> int:
    data = getattr(item, "data", None)
    return len(data) if data is not None else 0


def _run(
    items: Iterable[Item],
    one: Callable[[Item], Out],
    *,
    jobs: int,
    weight: Callable[[Item], int] | None = None,
) -> Iterator[Out]:
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, got {jobs}")
    workers = jobs or os.cpu_count() or 1
    if workers == 1:
        return map(one, items)
    return _in_processes(_chunks(iter(items), weight), one, workers=workers)


def _chunks(items: Iterator[Item], weight: Callable[[Item], int] | None) -> Iterator[list[Item]]:
    """``CHUNK`` items at a time, or fewer when they carry more than ``CHUNK_BYTES``."""
    if weight is None:
        yield from iter(lambda: list(islice(items, CHUNK)), [])
        return
    chunk: list[Item] = []
    carried = 0
    for item in items:
        chunk.append(item)
        carried += weight(item)
        if len(chunk) == CHUNK or carried >= CHUNK_BYTES:
            yield chunk
            chunk, carried = [], 0
    if chunk:
        yield chunk


def _in_processes(
    chunks: Iterator[list[Item]], one: Callable[[Item], Out], *, workers: int
) -> Iterator[Out]:
    # Imported here: process pools cost import time that single-process users never pay.
    from concurrent.futures import ProcessPoolExecutor

    # Sources travel in chunks, so that each round trip to a worker carries several; a
    # bounded number of chunks is in flight, and results come back in input order.
    run_chunk = partial(_run_chunk, one)
    # Ctrl-C reaches every process of the terminal's group. Workers ignore it: the main
    # process stops the batch, cancelling what has not started, and a worker killed
    # mid-chunk cannot leave the pool broken and the main process waiting on it.
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)
    try:
        pending = deque(pool.submit(run_chunk, chunk) for chunk in islice(chunks, workers * 2))
        while pending:
            results = pending.popleft().result()
            for chunk in chunks:
                pending.append(pool.submit(run_chunk, chunk))
                break
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ignore_interrupts() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_chunk(one: Callable[[Item], Out], chunk: list[Item]) -> list[Out]:
    return [one(item) for item in chunk]


def _parse_source(source: SourceLike, *, reference_date: dt.date | None, strict: bool) -> Result:
    try:
        return parse(source, reference_date=reference_date, strict=strict)
    except ParseError as error:
        return error


def _parse_input(
    item: Expanded,
    *,
    reference_date: dt.date | None,
    strict: bool,
    output_format: str | None,
) -> Listing | Rendered | ParseError | Skipped:
    result = parse_input(item, reference_date=reference_date, strict=strict)
    if output_format is None or not isinstance(result, Listing):
        return result
    return render(result, output_format=output_format)


def parse_input(
    item: Expanded, *, reference_date: dt.date | None, strict: bool
) -> Listing | ParseError | Skipped:
    """One named input parsed as a batch parses it: a walked file that is no page is
    ``Skipped``; what the expansion already refused comes back as it was."""
    if isinstance(item, (ParseError, Skipped)):
        return item
    result = _parse_named(item, reference_date=reference_date, strict=strict)
    if isinstance(result, ParseError) and item.walked and result.code == _NOT_A_PAGE:
        return Skipped(item.name, result.message)
    return result


_NOT_A_PAGE: Final = "not-a-papers-page"


def _parse_named(item: Input, *, reference_date: dt.date | None, strict: bool) -> Result:
    document = item.path if item.path is not None else item.data or b""
    try:
        return parse_document(
            document,
            source=item.name,
            reference_date=reference_date,
            strict=strict,
            saved_on=item.saved_on,  # a crawl record's WARC-Date
        )
    except ParseError as error:
        return error if error.source == item.name else _named(error, item.name)


def _named(error: ParseError, name: str) -> ParseError:
    """``error`` as the batch names its input (an archive member, a resolved path)."""
    return ParseError(
        error.message,
        source=name,
        line=error.line,
        path=error.path,
        problems=error.problems,
        code=error.code,
    )
