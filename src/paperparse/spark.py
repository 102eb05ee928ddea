"""paperparse on Spark: saved pages and crawls read into DataFrames, merged on the cluster.

    pip install 'paperparse[spark]'

``paths`` are as for :mod:`paperparse.dask`: files, folders, globs, archives and WARC
crawls, on any filesystem fsspec reaches from the executors (``storage_options`` go to
fsspec). Each partition holds whole files, about ``partition_bytes`` of them, or one byte
range of a crawl larger than ``split_bytes``. The schema is explicit, from the model: the
same columns and types as :func:`paperparse.dask.read_papers`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ._engines.on_spark import merge_frame, read_frame
from ._engines.pieces import SPLIT_BYTES, Paths
from ._engines.reads import PARTITION_BYTES, Reading

__all__ = ["merge_papers", "read_papers", "read_problems"]


def read_papers(
    spark: Any,
    paths: Paths,
    *,
    reference_date: dt.date | None = None,
    strict: bool = False,
    globs: Iterable[str] = (),
    split_bytes: int = SPLIT_BYTES,
    partition_bytes: int = PARTITION_BYTES,
    storage_options: Mapping[str, Any] | None = None,
) -> Any:
    """A ``pyspark.sql.DataFrame`` with one row per paper, read with the ``SparkSession``
    ``spark``: the JSON Lines row's columns, then ``key``, ``page_kind``, ``page_date``,
    ``retrieved`` and ``order`` (see :func:`paperparse.dask.read_papers`)."""
    return read_frame(
        "papers",
        spark,
        Reading(
            paths, reference_date, strict, globs, split_bytes, partition_bytes, storage_options
        ),
    )


def read_problems(
    spark: Any,
    paths: Paths,
    *,
    reference_date: dt.date | None = None,
    strict: bool = False,
    globs: Iterable[str] = (),
    split_bytes: int = SPLIT_BYTES,
    partition_bytes: int = PARTITION_BYTES,
    storage_options: Mapping[str, Any] | None = None,
) -> Any:
    """A ``pyspark.sql.DataFrame`` with one row per problem, error and file passed over
    (see :func:`paperparse.dask.read_problems`)."""
    return read_frame(
        "problems",
        spark,
        Reading(
            paths, reference_date, strict, globs, split_bytes, partition_bytes, storage_options
        ),
    )


def merge_papers(papers: Any) -> Any:
    """The papers of :func:`read_papers` merged on the cluster, one row per paper: the
    records ``paperparse merge`` gives for the same inputs."""
    return merge_frame(papers)
