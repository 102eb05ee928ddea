"""Merge stage: a collection as a pandas DataFrame, one row per appearance, typed.

Every field of a merged record and of its appearance is a column, typed by the model:
dates ``datetime64[ns]``, counts and ranks nullable ``Int64``, flags nullable ``boolean``,
text nullable ``string``, lists Python lists. An empty collection has the same columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import attrs

from .._exports.values import field_kinds
from .._model import JSON, Paper
from .record_fields import PAPER_FIELDS
from .records import Appearance

_DTYPES: Final = {
    "str": "string",
    "int": "Int64",
    "bool": "boolean",
    "date": "datetime64[ns]",
    "strings": "object",
}


def columns() -> dict[str, str]:
    """Each column and its pandas dtype, in order: the record's, then the appearance's."""
    paper, appearance = field_kinds(Paper), field_kinds(Appearance)
    return {
        "key": "string",
        **{name: _DTYPES[paper[name]] for name in PAPER_FIELDS},
        **{field.name: _DTYPES[appearance[field.name]] for field in attrs.fields(Appearance)},
    }


def appearance_frame(records: Iterable[JSON]) -> Any:
    """One row per appearance of each record (``MergedPaper.to_dict()``)."""
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:
        raise ImportError("to_dataframe() needs pandas: pip install 'paperparse[pandas]'") from exc
    dtypes = columns()
    rows = [
        {**{name: value for name, value in record.items() if name != "appearances"}, **item}
        for record in records
        for item in record["appearances"]
    ]
    frame = pandas.DataFrame(rows, columns=list(dtypes))
    for name, dtype in dtypes.items():
        if dtype.startswith("datetime"):
            frame[name] = pandas.to_datetime(frame[name], format="ISO8601").astype(dtype)
        elif dtype != "object":
            frame[name] = frame[name].astype(dtype)
    return frame
