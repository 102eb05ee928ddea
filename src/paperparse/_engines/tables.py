"""Engine stage: the typed tables engines hold: paper rows, problem records, merged records.

Each schema is Arrow's, from the model (``_batch.parquet``), so that Dask's ``meta``, Spark's
schema and a Parquet file agree column for column. Pandas frames hold Arrow-backed columns
(``pandas.ArrowDtype``): dates stay dates, a missing count is null rather than NaN, and
lists and the location stay what they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .._batch.merge import Collection
from .._batch.parquet import arrow_table, json_rows, pyarrow_module, row_schema
from .._model import JSON, Listing, Paper


def papers_schema() -> Any:
    """A paper row: the JSON Lines row's columns (``source`` and every Paper field), then
    the merge ``key``, the page's ``page_kind``, ``page_date`` and ``retrieved`` day, and
    its ``order`` among the inputs (the command line's order, which a merge folds by)."""
    pa = pyarrow_module()
    extra = [
        pa.field("key", pa.string()),
        pa.field("page_kind", pa.string()),
        pa.field("page_date", pa.date32()),
        pa.field("retrieved", pa.date32()),
        pa.field("order", pa.int64()),
    ]
    return pa.schema([*row_schema(), *extra])


def problems_schema() -> Any:
    """A problem record, as ``--problems-json`` prints it: a page's problem, an input's
    error, or a file passed over (``kind``), with its code, message and where it is."""
    pa = pyarrow_module()
    text, number = pa.string(), pa.int64()
    names = {"kind": text, "source": text, "code": text, "message": text, "line": number,
             "end_line": number, "path": text, "raw": text, "count": number}  # fmt: skip
    return pa.schema([pa.field(name, kind) for name, kind in names.items()])


def to_pandas(rows: list[JSON], schema: Any) -> Any:
    """JSON rows as a pandas DataFrame of ``schema``, Arrow-backed."""
    import pandas  # type: ignore[import-untyped,unused-ignore]

    return arrow_table(rows, schema).to_pandas(types_mapper=pandas.ArrowDtype)


def from_pandas(frame: Any) -> list[JSON]:
    """A frame's rows as JSON values again (ISO dates), whatever its dtypes."""
    return json_rows(pyarrow_module().Table.from_pandas(frame, preserve_index=False))


def merge_rows(rows: Iterable[JSON]) -> list[JSON]:
    """The merged records of paper rows, as ``Collection`` gives them for the same pages
    in the same order: each row an appearance, folded in its ``order``. Rows of one key
    must all be here; those of other keys may be too."""
    collection = Collection()
    for row in sorted(rows, key=lambda row: int(row["order"])):
        sighting = Listing(
            papers=(Paper.from_dict(row),),
            kind=row["page_kind"],
            page_date=_day(row["page_date"]),
            retrieved=_day(row["retrieved"]),
            source=row["source"],
        )
        collection.add(sighting)
    return collection.to_rows()


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)
