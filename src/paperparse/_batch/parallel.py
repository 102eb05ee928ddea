"""Batch stage: parse many sources, in order, optionally across processes, streaming."""

from __future__ import annotations

import datetime as dt
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Final, TypeVar

import attrs

from .._model import Listing, ParseError
from .._parse import parse
from .._sources.loading import SourceLike
from .export import Rendered, render

if TYPE_CHECKING:
    from .._sources.inputs import Input

# Sources per round trip to a worker process; two chunks per worker are in flight, so
# memory stays flat however many sources there are.
CHUNK: Final = 8

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
    """
    one = partial(_parse_source, reference_date=reference_date, strict=strict)
    return _run(sources, one, jobs=jobs)


def parse_inputs(
    inputs: Iterable[Input | ParseError],
    *,
    jobs: int = 1,
    reference_date: dt.date | None = None,
    strict: bool = False,
    output_format: str | None = None,
) -> Iterator[Listing | Rendered | ParseError]:
    """``parse_many`` for named inputs (files, archive members, stdin) as the CLI has them.

    With ``output_format``, each page is also written out where it was parsed, so that the
    main process only copies text: writing is as costly as parsing, and it then scales too.
    """
    one = partial(
        _parse_input, reference_date=reference_date, strict=strict, output_format=output_format
    )
    return _run(inputs, one, jobs=jobs)


def _run(items: Iterable[Item], one: Callable[[Item], Out], *, jobs: int) -> Iterator[Out]:
    if jobs < 0:
        raise ValueError(f"jobs must be >= 0, got {jobs}")
    workers = jobs or os.cpu_count() or 1
    if workers == 1:
        return map(one, items)
    return _in_processes(items, one, workers=workers)


def _in_processes(
    items: Iterable[Item], one: Callable[[Item], Out], *, workers: int
) -> Iterator[Out]:
    # Imported here: process pools cost import time that single-process users never pay.
    from concurrent.futures import ProcessPoolExecutor

    # Sources travel in chunks, so that each round trip to a worker carries several; a
    # bounded number of chunks is in flight, and results come back in input order.
    source = iter(items)
    chunks: Iterator[list[Item]] = iter(lambda: list(islice(source, CHUNK)), [])
    run_chunk = partial(_run_chunk, one)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending = deque(pool.submit(run_chunk, chunk) for chunk in islice(chunks, workers * 2))
        while pending:
            results = pending.popleft().result()
            for chunk in chunks:
                pending.append(pool.submit(run_chunk, chunk))
                break
            yield from results


def _run_chunk(one: Callable[[Item], Out], chunk: list[Item]) -> list[Out]:
    return [one(item) for item in chunk]


def _parse_source(source: SourceLike, *, reference_date: dt.date | None, strict: bool) -> Result:
    try:
        return parse(source, reference_date=reference_date, strict=strict)
    except ParseError as error:
        return error


def _parse_input(
    item: Input | ParseError,
    *,
    reference_date: dt.date | None,
    strict: bool,
    output_format: str | None,
) -> Listing | Rendered | ParseError:
    if isinstance(item, ParseError):
        return item
    if item.path is not None:
        result = _parse_source(item.path, reference_date=reference_date, strict=strict)
    else:
        try:
            listing = parse(item.data or b"", reference_date=reference_date, strict=strict)
        except ParseError as error:
            return ParseError(
                error.message,
                source=item.name,
                line=error.line,
                path=error.path,
                problems=error.problems,
            )
        result = attrs.evolve(listing, source=item.name)
    if output_format is None or isinstance(result, ParseError):
        return result
    return render(result, output_format=output_format)
