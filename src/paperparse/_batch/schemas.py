"""JSON Schemas (draft 2020-12) of everything paperparse writes, made from the model.

``json_schema(name)`` gives the schema of a ``Listing.to_dict()`` ("listing"), a
``Paper.to_dict()`` ("paper"), a ``Problem.to_dict()`` ("problem"), a row of
``paperparse parse --format jsonl`` ("row") and a merged record of ``merge`` and
``Collection.to_rows()`` ("merged"). Each field's schema follows from its annotation in the
model, so a field added there is in every schema; the few constraints an annotation cannot
say (an arXiv id's shape, a rank from 1, the enums) are named here. The package also ships
the listing's as ``listing.schema.json`` (``python3 dev.py schemas`` writes it).
"""

from __future__ import annotations

import copy
from typing import Any, Final

import attrs

from .._exports.values import field_kinds
from .._model import DATE_RESOLUTIONS, INPUT_FORMATS, PAGE_KINDS, Listing, Location, Paper, Problem
from .record_fields import PAPER_FIELDS
from .records import Appearance

SCHEMA_NAMES: Final = ("listing", "paper", "problem", "row", "merged")
_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_ISO_DATE: Final = {"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
# What an annotation cannot say, by field.
_NARROWER: Final[dict[str, dict[str, Any]]] = {
    "title": {"type": "string", "minLength": 1},
    "arxiv_id": {"pattern": r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})$"},
    "rank": {"minimum": 1},
    "day_rank": {"minimum": 1},
    "date_resolution": {"enum": [*sorted(DATE_RESOLUTIONS), None]},
    "kind": {"enum": sorted(PAGE_KINDS)},
    "input_format": {"enum": sorted(INPUT_FORMATS)},
    "count": {"type": "integer", "minimum": 1},
    "code": {"type": "string", "pattern": "^[a-z]+(-[a-z]+)*$"},
    "message": {"type": "string"},
    "raw": {"type": "string"},
    "source": {"type": ["string", "null"]},
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one of paperparse's outputs: one of ``SCHEMA_NAMES``."""
    if name not in SCHEMA_NAMES:
        raise ValueError(f"no schema named {name!r}; there are: {', '.join(SCHEMA_NAMES)}")
    defs = {
        "location": _object(Location),
        "paper": _object(Paper),
        "problem": _object(Problem),
        "appearance": _object(Appearance, required_strings=("source",)),
    }
    defs["paper"]["properties"]["location"] = {"$ref": "#/$defs/location"}
    defs["problem"]["properties"]["location"] = {"$ref": "#/$defs/location"}
    top = _TOPS[name](defs)
    return {
        "$schema": _DIALECT,
        "$id": f"paperparse/{name}.schema.json",
        "title": f"paperparse {name}",
        "description": _DESCRIPTIONS[name],
        **top,
        "$defs": defs,
    }


def _listing(defs: dict[str, Any]) -> dict[str, Any]:
    listing = _object(Listing)
    listing["properties"]["kind"] = {"enum": sorted(PAGE_KINDS)}
    listing["properties"]["papers"] = {"type": "array", "items": {"$ref": "#/$defs/paper"}}
    listing["properties"]["problems"] = {"type": "array", "items": {"$ref": "#/$defs/problem"}}
    return listing


def _row(defs: dict[str, Any]) -> dict[str, Any]:
    paper: dict[str, Any] = copy.deepcopy(defs["paper"])
    paper["properties"] = {"source": _NARROWER["source"], **paper["properties"]}
    paper["required"] = ["source", *paper["required"]]
    return paper


def _merged(defs: dict[str, Any]) -> dict[str, Any]:
    fields = defs["paper"]["properties"]
    properties = {
        "key": {"type": "string", "minLength": 1},
        **{name: fields[name] for name in PAPER_FIELDS},
        "appearances": {"type": "array", "items": {"$ref": "#/$defs/appearance"}},
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


_TOPS: Final = {
    "listing": _listing,
    "paper": lambda defs: {"$ref": "#/$defs/paper"},
    "problem": lambda defs: {"$ref": "#/$defs/problem"},
    "row": _row,
    "merged": _merged,
}
_DESCRIPTIONS: Final = {
    "listing": "Listing.to_dict() output: a parsed page, its papers and problems.",
    "paper": "Paper.to_dict() output: one paper as a page shows it.",
    "problem": "Problem.to_dict() output: what could not be read fully, and where.",
    "row": "A row of `paperparse parse --format jsonl`: a paper and the source it came from.",
    "merged": "A merged record of `paperparse merge` (JSON Lines) and Collection.to_rows().",
}


def _object(model: type, *, required_strings: tuple[str, ...] = ()) -> dict[str, Any]:
    """An attrs class's ``to_dict()``: every field present, each by its kind."""
    properties = {
        name: {**_by_kind(kind), **_NARROWER.get(name, {})}
        for name, kind in field_kinds(model).items()
        if kind != "location" or model is not Location
    }
    for name in required_strings:
        properties[name] = {"type": "string"}
    if model is Location:
        properties["line"]["minimum"] = properties["end_line"]["minimum"] = 0
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [field.name for field in attrs.fields(model)],
        "properties": properties,
    }


def _by_kind(kind: str) -> dict[str, Any]:
    if kind == "strings":
        return {"type": "array", "items": {"type": "string"}}
    if kind == "location":
        return {"$ref": "#/$defs/location"}
    if kind == "date":
        return {"type": ["string", "null"], **_ISO_DATE}
    if kind == "int":
        return {"type": ["integer", "null"], "minimum": 0}
    return {"type": [{"str": "string", "bool": "boolean"}[kind], "null"]}
