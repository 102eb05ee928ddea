"""The JSON Schemas describe every output, for every input: listings, papers, problems, the
command line's rows and merged records. The shipped file is what the model makes."""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import paperparse
from paperparse._batch.export import paper_rows

from .conftest import CORPUS, FIXTURES

ROOT = Path(__file__).resolve().parents[1]
INPUTS = sorted(
    path
    for folder in (FIXTURES, CORPUS)
    if folder.is_dir()
    for path in folder.rglob("*")
    if path.is_file() and path.suffix in (".txt", ".md", ".html", ".json", ".jsonl")
    and not path.name.endswith(".expected.json") and path.name != "MANIFEST.tsv"
)  # fmt: skip
NAMES = ("listing", "paper", "problem", "row", "merged")


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(paperparse.json_schema(name))


@pytest.mark.parametrize("name", NAMES)
def test_each_schema_is_valid(name: str) -> None:
    Draft202012Validator.check_schema(paperparse.json_schema(name))


def test_an_unknown_name_says_which_there_are() -> None:
    with pytest.raises(ValueError, match="there are: listing, paper, problem, row, merged"):
        paperparse.json_schema("papers")


def test_the_shipped_file_is_what_the_model_makes() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from write_schemas import rendered  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    shipped = files("paperparse").joinpath("listing.schema.json").read_text("utf-8")
    assert shipped == rendered("listing"), "run: python3 dev.py schemas"


def test_every_paper_field_is_in_the_schemas() -> None:
    fields = set(paperparse.Paper(title="T").to_dict())
    assert set(paperparse.json_schema("paper")["$defs"]["paper"]["properties"]) == fields
    assert set(paperparse.json_schema("row")["properties"]) == {"source", *fields}


@pytest.mark.parametrize("path", INPUTS, ids=[path.name[:60] for path in INPUTS])
def test_every_output_validates(path: Path) -> None:
    try:
        listing = paperparse.parse(path)
    except paperparse.ParseError:
        pytest.skip("not a papers page")  # README.md and the like
    _validator("listing").validate(listing.to_dict())
    papers, problems, rows = _validator("paper"), _validator("problem"), _validator("row")
    for paper in listing.papers:
        papers.validate(paper.to_dict())
    for problem in listing.problems:
        problems.validate(problem.to_dict())
    for row in paper_rows([listing]):
        rows.validate(json.loads(json.dumps(row)))
    merged = _validator("merged")
    for record in paperparse.Collection([listing]).to_rows():
        merged.validate(record)
