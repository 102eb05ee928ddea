"""Output stage: Parquet through pyarrow, with the model's types (``paperparse[parquet]``).

Two tables, both typed from the model's annotations (as the JSON Schemas and DataFrames
are), so a field added to ``Paper`` is a column without a change here:

* paper rows, as ``paperparse parse --format jsonl`` prints them: ``source`` and every
  ``Paper`` field, the location a struct;
* merged records, as ``merge`` writes them: the key, the record's fields, and the
  appearances as a list of structs.

Dates are ``date32``, counts ``int64``, flags ``bool``, lists ``list<string>``; a missing
value is null, and zero stays zero. Files are written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from .._exports.values import field_kinds
from .._model import JSON, Location, Paper
from .atomic import replacing_binary
from .record_fields import PAPER_FIELDS
from .records import Appearance

ROWS_PER_GROUP: Final = 10_000  # rows held before a row group is written out


def pyarrow_module() -> Any:
    """pyarrow, with its parquet module, loaded on first use; an ImportError naming the
    extra when it is not installed."""
    try:
        import pyarrow  # type: ignore[import-untyped,unused-ignore]
        import pyarrow.parquet  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:
        raise ImportError("Parquet needs pyarrow: pip install 'paperparse[parquet]'") from exc
    return pyarrow


def _type(pa: Any, kind: str) -> Any:
    if kind == "location":
        return pa.struct([(name, _type(pa, sub)) for name, sub in field_kinds(Location).items()])
    return {
        "str": pa.string(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "strings": pa.list_(pa.string()),
    }[kind]


def row_schema() -> Any:
    """The Arrow schema of a paper row: ``source``, then every Paper field."""
    pa = pyarrow_module()
    fields = [pa.field("source", pa.string())]
    fields += [pa.field(name, _type(pa, kind)) for name, kind in field_kinds(Paper).items()]
    return pa.schema(fields)


def merged_schema() -> Any:
    """The Arrow schema of a merged record: key, the record's fields, its appearances."""
    pa = pyarrow_module()
    kinds = field_kinds(Paper)
    appearance = pa.struct(
        [(name, _type(pa, kind)) for name, kind in field_kinds(Appearance).items()]
    )
    fields = [pa.field("key", pa.string(), nullable=False)]
    fields += [pa.field(name, _type(pa, kinds[name])) for name in PAPER_FIELDS]
    fields.append(pa.field("appearances", pa.list_(appearance)))
    return pa.schema(fields)


def write_parquet(rows: Iterable[JSON], target: str | os.PathLike[str], schema: Any) -> int:
    """Write JSON rows (``to_dict()`` values) to ``target`` with ``schema``, a row group
    at a time; returns how many rows. Raises ``OSError`` when the file cannot be written."""
    pa = pyarrow_module()
    count = 0
    with replacing_binary(target) as out:
        writer = pa.parquet.ParquetWriter(out, schema)
        try:
            for group in _groups(rows):
                writer.write_table(arrow_table(group, schema))
                count += len(group)
        finally:
            writer.close()
    return count


def read_parquet(source: str | os.PathLike[str]) -> list[JSON]:
    """The rows of a Parquet file as JSON values (dates back to ISO text)."""
    return json_rows(pyarrow_module().parquet.read_table(source))


def arrow_table(rows: list[JSON], schema: Any) -> Any:
    """JSON rows (``to_dict()`` values) as an Arrow table of ``schema``: a column a field.

    Arrow builds each column in one call; ISO dates are cast to dates by Arrow too, and
    only a nested column that holds dates is converted value by value.
    """
    pa = pyarrow_module()
    columns = []
    for field in schema:
        values = [row.get(field.name) for row in rows]
        if pa.types.is_date32(field.type):
            columns.append(pa.array(values, type=pa.string()).cast(field.type))
        elif _holds_dates(pa, field.type):
            columns.append(
                pa.array([_typed(pa, value, field.type) for value in values], field.type)
            )
        else:
            columns.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _holds_dates(pa: Any, kind: Any) -> bool:
    if pa.types.is_list(kind):
        return _holds_dates(pa, kind.value_type)
    if pa.types.is_struct(kind):
        return any(_holds_dates(pa, field.type) for field in kind)
    return bool(pa.types.is_date32(kind))


def json_rows(table: Any) -> list[JSON]:
    """An Arrow table's rows as JSON values, as ``to_dict()`` gives them (ISO dates)."""
    return [_as_json(row) for row in table.to_pylist()]


def _groups(rows: Iterable[JSON]) -> Iterator[list[JSON]]:
    group: list[JSON] = []
    for row in rows:
        group.append(row)
        if len(group) == ROWS_PER_GROUP:
            yield group
            group = []
    if group:
        yield group


def _typed(pa: Any, value: object, kind: Any) -> object:
    """A JSON value as Arrow takes it for a column of type ``kind``: ISO dates as dates,
    inside lists and structs too."""
    if value is None:
        return None
    if pa.types.is_date32(kind) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if pa.types.is_list(kind) and isinstance(value, list):
        return [_typed(pa, item, kind.value_type) for item in value]
    if pa.types.is_struct(kind) and isinstance(value, Mapping):
        return {field.name: _typed(pa, value.get(field.name), field.type) for field in kind}
    return value


def _as_json(value: object) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _as_json(item) for key, item in value.items()}
    return value
