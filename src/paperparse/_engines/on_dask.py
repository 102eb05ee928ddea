"""Engine stage: reads and merges on Dask (``pip install 'paperparse[dask]'``).

Every read is planned on the client (``pieces.plan``) and parsed in the workers, a
partition at a time: a partition is whole files, or one byte range of a large crawl.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from .._batch.parquet import merged_schema
from .pieces import Planned
from .reading import results
from .reads import Reading, rows_of
from .tables import from_pandas, merge_rows, papers_schema, problems_schema, to_pandas


def _dask() -> Any:
    try:
        import dask.bag  # type: ignore[import-untyped,unused-ignore]
        import dask.dataframe  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:
        raise ImportError("paperparse.dask needs Dask: pip install 'paperparse[dask]'") from exc
    return dask


def read_frame(kind: str, reading: Reading) -> Any:
    """A Dask DataFrame of ``kind`` ("papers" or "problems") for ``reading``."""
    dask = _dask()
    schema = papers_schema() if kind == "papers" else problems_schema()
    meta = to_pandas([], schema)
    groups = reading.groups()
    if not groups:
        return dask.dataframe.from_pandas(meta, npartitions=1)
    one = partial(_frame, rows=rows_of(kind), schema=schema, **reading.parsing)
    return dask.dataframe.from_map(one, groups, meta=meta, label=f"paperparse-{kind}")


def _frame(group: list[Planned], *, rows: Any, schema: Any, **parsing: Any) -> Any:
    return to_pandas(rows(results(group, **parsing)), schema)


def read_bag(reading: Reading) -> Any:
    """A Dask Bag of each page's ``Listing`` or ``ParseError``, and each file passed over."""
    dask = _dask()
    groups = reading.groups()
    bag = dask.bag.from_sequence(groups, npartitions=max(len(groups), 1))
    return bag.map(partial(_results, **reading.parsing)).flatten()


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
