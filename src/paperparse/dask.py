"""paperparse on Dask: saved pages and crawls read into DataFrames, merged on the cluster.

    pip install 'paperparse[dask]'

``paths`` is one path or many: files, folders (walked as ``paperparse parse`` walks them),
globs, archives and WARC crawls, local or on any filesystem fsspec reaches (``s3://`` with
s3fs installed, ``gcs://``, ``https://``...); ``storage_options`` go to fsspec. A partition
holds whole files, about ``partition_bytes`` of them; a crawl larger than ``split_bytes``
is split into byte ranges at record boundaries, each its own partition.

Every function builds a lazy collection: nothing is read until it is computed, on whatever
scheduler is active (a ``distributed.Client`` included).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ._engines.on_dask import merge_frame, read_bag, read_frame
from ._engines.pieces import SPLIT_BYTES, Paths
from ._engines.reads import PARTITION_BYTES, Reading

__all__ = ["merge_papers", "read_listings", "read_papers", "read_problems"]


def read_papers(
    paths: Paths,
    *,
    reference_date: dt.date | None = None,
    strict: bool = False,
    globs: Iterable[str] = (),
    split_bytes: int = SPLIT_BYTES,
    partition_bytes: int = PARTITION_BYTES,
    storage_options: Mapping[str, Any] | None = None,
) -> Any:
    """A ``dask.dataframe.DataFrame`` with one row per paper.

    The columns are the JSON Lines row's (``source``, then every ``Paper`` field), then
    ``key`` (the merge key), ``page_kind``, ``page_date`` and ``retrieved`` (the page's),
    and ``order`` (the row's place in the inputs, the order ``merge_papers`` folds by).
    Every column is typed from the model, Arrow-backed: dates are dates, counts int64
    with nulls for "not on the page", lists lists, the location a struct.

    ``reference_date`` and ``strict`` are as for :func:`paperparse.parse`. Pages that do
    not parse, and their problems, are in :func:`read_problems`; ``globs`` choose a
    folder's pages as ``paperparse parse --glob`` does.
    """
    return read_frame(
        "papers",
        Reading(
            paths, reference_date, strict, globs, split_bytes, partition_bytes, storage_options
        ),
    )


def read_problems(
    paths: Paths,
    *,
    reference_date: dt.date | None = None,
    strict: bool = False,
    globs: Iterable[str] = (),
    split_bytes: int = SPLIT_BYTES,
    partition_bytes: int = PARTITION_BYTES,
    storage_options: Mapping[str, Any] | None = None,
) -> Any:
    """A ``dask.dataframe.DataFrame`` with one row per problem of the same read, as
    ``paperparse parse --problems-json`` prints them: ``kind`` is ``problem`` (a page's),
    ``error`` (an input that gave no listing) or ``skipped`` (a file a walk passed over),
    then ``source``, ``code``, ``message``, ``line``, ``end_line``, ``path``, ``raw`` and
    ``count``."""
    return read_frame(
        "problems",
        Reading(
            paths, reference_date, strict, globs, split_bytes, partition_bytes, storage_options
        ),
    )


def read_listings(
    paths: Paths,
    *,
    reference_date: dt.date | None = None,
    strict: bool = False,
    globs: Iterable[str] = (),
    split_bytes: int = SPLIT_BYTES,
    partition_bytes: int = PARTITION_BYTES,
    storage_options: Mapping[str, Any] | None = None,
) -> Any:
    """A ``dask.bag.Bag`` of what each input gives, in order: a :class:`paperparse.Listing`,
    a :class:`paperparse.ParseError` for an input that does not parse, or a ``Skipped``
    (``.name``, ``.reason``) for a file a folder walk passed over."""
    return read_bag(
        Reading(paths, reference_date, strict, globs, split_bytes, partition_bytes, storage_options)
    )


def merge_papers(papers: Any) -> Any:
    """The papers of :func:`read_papers` merged on the cluster: one row per paper, the
    records ``paperparse merge`` and :class:`paperparse.Collection` give for the same
    inputs (``key``, the paper's newest fields, and its ``appearances``, a list of structs).
    """
    return merge_frame(papers)
