"""Batch stage: many sources, in order, one process or several."""

from __future__ import annotations

from pathlib import Path

import pytest

import paperparse
from paperparse import Listing, ParseError

from ..conftest import FIXTURES

TEXTS = sorted(path for path in (FIXTURES / "text").iterdir() if path.suffix in (".txt", ".md"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_input_order(jobs: int, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    sources = [*TEXTS, missing, TEXTS[0]]
    results = list(paperparse.parse_many(sources, jobs=jobs))
    assert len(results) == len(sources)
    for source, result in zip(sources, results, strict=True):
        assert result.source == str(source)
    assert isinstance(results[-2], ParseError)
    listings = [result for result in results if isinstance(result, Listing)]
    assert [listing.papers for listing in listings] == [
        paperparse.parse(source).papers for source in [*TEXTS, TEXTS[0]]
    ]


def test_parse_many_is_lazy() -> None:
    def endless() -> object:
        while True:
            yield TEXTS[0]

    stream = paperparse.parse_many(endless())  # type: ignore[arg-type]
    first = next(stream)
    assert isinstance(first, Listing)


def test_strict_results_are_errors_not_exceptions() -> None:
    (result,) = paperparse.parse_many([FIXTURES / "text" / "seed_search.txt"], strict=True)
    assert isinstance(result, ParseError)
    assert result.problems[0].code == "missing-metadata"


def test_negative_jobs_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="jobs"):
        list(paperparse.parse_many([], jobs=-1))
