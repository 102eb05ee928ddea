"""Engine stage: reads and merges on Dask (``pip install 'paperparse[dask]'``).

Every read is planned on the client (``pieces.plan``) and parsed in the workers, a
partition at a time: a partition is whole files, or one byte range of a large crawl.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any, Final

from .._batch.parquet import merged_schema
from .pieces import SPLIT_BYTES, Planned, partitions, plan
from .reading import paper_rows, problem_rows, results
from .tables import from_pandas, merge_rows, papers_schema, problems_schema, to_pandas

# The bytes a partition holds about: small files share a task, a crawl's piece is one.
PARTITION_BYTES: Final = 64 << 20


def _dask() -> Any:
    try:
        import dask.bag  # type: ignore[import-untyped,unused-ignore]
        import dask.dataframe  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:
        raise ImportError("paperparse.dask needs Dask: pip install 'paperparse[dask]'") from exc
    return dask


def _groups(
    paths: str | Iterable[str],
    globs: Iterable[str],
    split_bytes: int,
    partition_bytes: int,
    storage_options: Mapping[str, Any] | None,
) -> list[list[Planned]]:
    planned = plan(paths, globs=globs, split_bytes=split_bytes, storage_options=storage_options)
    return partitions(planned, target_bytes=partition_bytes)


def read_frame(
    kind: str,
    paths: str | Iterable[str],
    *,
    reference_date: dt.date | None = None,
    strict: bool = False,
    globs: Iterable[str] = (),
    split_bytes: int = SPLIT_BYTES,
    partition_bytes: int = PARTITION_BYTES,
    storage_options: Mapping[str, Any] | None = None,
) -> Any:
    """A Dask DataFrame of ``kind`` ("papers" or "problems") read from ``paths``."""
    dask = _dask()
    schema = papers_schema() if kind == "papers" else problems_schema()
    rows = paper_rows if kind == "papers" else problem_rows
    meta = to_pandas([], schema)
    groups = _groups(paths, globs, split_bytes, partition_bytes, storage_options)
    if not groups:
        return dask.dataframe.from_pandas(meta, npartitions=1)
    one = partial(_frame, rows=rows, schema=schema, reference_date=reference_date, strict=strict)
    return dask.dataframe.from_map(one, groups, meta=meta, label=f"paperparse-{kind}")


def _frame(group: list[Planned], *, rows: Any, schema: Any, **parsing: Any) -> Any:
    return to_pandas(rows(results(group, **parsing)), schema)


def read_bag(
    paths: str | Iterable[str],
    *,
    reference_date: dt.date | None = None,
    strict: bool = False,
    globs: Iterable[str] = (),
    split_bytes: int = SPLIT_BYTES,
    partition_bytes: int = PARTITION_BYTES,
    storage_options: Mapping[str, Any] | None = None,
) -> Any:
    """A Dask Bag of each page's ``Listing`` or ``ParseError``, and each file passed over."""
    dask = _dask()
    groups = _groups(paths, globs, split_bytes, partition_bytes, storage_options)
    bag = dask.bag.from_sequence(groups, npartitions=max(len(groups), 1))
    one = partial(_results, reference_date=reference_date, strict=strict)
    return bag.map(one).flatten()


def _results(group: list[Planned], **parsing: Any) -> list[Any]:
    return [result for _, result in results(group, **parsing)]


def merge_frame(papers: Any) -> Any:
    """The merged records of a papers DataFrame, one row per paper, as ``merge`` writes."""
    meta = to_pandas([], merged_schema())
    # A key's rows all meet in one partition, where they fold in the inputs' order. The
    # task shuffle, not the P2P one: P2P rebuilds columns from their dtypes' names, and
    # refuses the list and struct columns.
    shuffled = papers.shuffle(on="key", npartitions=papers.npartitions, shuffle_method="tasks")
    return shuffled.map_partitions(_merged, meta=meta, enforce_metadata=False)


def _merged(frame: Any) -> Any:
    return to_pandas(merge_rows(from_pandas(frame)), merged_schema())
