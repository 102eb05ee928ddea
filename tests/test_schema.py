"""The JSON Schema shipped in the package describes what to_dict() writes, for every input."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import paperparse

from .conftest import CORPUS, FIXTURES

SCHEMA = json.loads(files("paperparse").joinpath("listing.schema.json").read_text("utf-8"))
INPUTS = sorted(
    path
    for folder in (FIXTURES, CORPUS)
    if folder.is_dir()
    for path in folder.rglob("*")
    if path.is_file() and path.suffix in (".txt", ".md", ".html", ".json")
    and not path.name.endswith(".expected.json") and path.name != "MANIFEST.tsv"
)  # fmt: skip


def test_schema_is_valid() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_paper_fields_match_the_model() -> None:
    paper = paperparse.Paper(title="T")
    assert set(SCHEMA["$defs"]["paper"]["properties"]) == set(paper.to_dict())


@pytest.mark.parametrize("path", INPUTS, ids=[path.name[:60] for path in INPUTS])
def test_output_validates(path: Path) -> None:
    try:
        listing = paperparse.parse(path)
    except paperparse.ParseError:
        pytest.skip("not a papers page")  # README.md and the like
    Draft202012Validator(SCHEMA).validate(listing.to_dict())
