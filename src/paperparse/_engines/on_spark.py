"""Engine stage: reads and merges on Spark (``pip install 'paperparse[spark]'``).

The pieces are planned on the driver and shipped as rows of a small DataFrame, a partition
each; ``mapInArrow`` parses them in the executors into Arrow batches of the model's schema,
and the merge is ``applyInArrow`` over each key's rows. Spark's ``binaryFiles`` is not used:
it holds a whole file as one value, which a crawl of a gigabyte or more outgrows, and it
knows nothing of byte ranges.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from functools import partial
from typing import Any, Final

from .._batch.parquet import arrow_table, json_rows, merged_schema
from .pieces import Planned
from .reading import results
from .reads import Reading, rows_of
from .tables import merge_rows, papers_schema, problems_schema

_WORK: Final = "work"


def _spark_schema(schema: Any) -> Any:
    try:
        from pyspark.sql.pandas.types import (  # type: ignore[import-untyped,unused-ignore]
            from_arrow_schema,
        )
    except ImportError as exc:
        needs = "paperparse.spark needs PySpark: pip install 'paperparse[spark]'"
        raise ImportError(needs) from exc
    return from_arrow_schema(schema)


def read_frame(kind: str, spark: Any, reading: Reading) -> Any:
    """A Spark DataFrame of ``kind`` ("papers" or "problems") for ``reading``."""
    schema = papers_schema() if kind == "papers" else problems_schema()
    spark_schema = _spark_schema(schema)
    work = [(pickle.dumps(group),) for group in reading.groups()]
    shipped = spark.sparkContext.parallelize(work, numSlices=max(len(work), 1))
    pieces = spark.createDataFrame(shipped, f"{_WORK} binary")
    one = partial(_batches, rows=rows_of(kind), schema=schema, **reading.parsing)
    return pieces.mapInArrow(one, spark_schema)


def _batches(batches: Iterator[Any], *, rows: Any, schema: Any, **parsing: Any) -> Iterator[Any]:
    for batch in batches:
        for shipped in batch.column(_WORK).to_pylist():
            group: list[Planned] = pickle.loads(shipped)  # our own driver pickled it
            yield from arrow_table(rows(results(group, **parsing)), schema).to_batches()


def merge_frame(papers: Any) -> Any:
    """The merged records of a papers DataFrame, one row per paper, as ``merge`` writes."""
    spark_schema = _spark_schema(merged_schema())
    return papers.groupBy("key").applyInArrow(_merged, spark_schema)


def _merged(table: Any) -> Any:
    return arrow_table(merge_rows(json_rows(table)), merged_schema())
