"""Exports: the row every paper becomes in JSON Lines and CSV, in both directions.

A row is the paper's ``to_dict()`` with the ``source`` it came from first. In CSV, list
fields are joined with ``CSV_LIST_SEPARATOR``, the location is JSON, and ``None`` is an
empty cell; ``csv_cell`` writes a cell and ``from_csv_cell`` reads it back.
"""

from __future__ import annotations

import json
from typing import Final

import attrs

from .._model import Paper

# Columns of a paper row: where it came from, then every Paper field in model order.
ROW_COLUMNS: Final = ("source", *(field.name for field in attrs.fields(Paper)))
CSV_LIST_SEPARATOR: Final = " | "


def csv_cell(value: object) -> object:
    """A JSON value of a row as a CSV cell."""
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def from_csv_cell(kind: str, cell: str) -> object:
    """A CSV cell as the JSON value a row holds, for a field of ``kind`` (``values.kind_of``).
    Raises ``ValueError`` for a cell that is not of its kind."""
    if kind == "strings":
        return cell.split(CSV_LIST_SEPARATOR) if cell else []
    if cell == "":
        return None
    if kind == "int":
        return int(cell)
    if kind == "bool":
        if cell not in ("True", "False"):
            raise ValueError(f"expected True or False, got {cell[:20]!r}")
        return cell == "True"
    if kind == "location":
        return json.loads(cell)
    return cell
