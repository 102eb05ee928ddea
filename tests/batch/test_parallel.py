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


def test_chunks_carry_a_bounded_weight_of_bytes() -> None:
    # Archive members travel to the workers as bytes: a chunk closes at CHUNK_BYTES, so
    # what is in flight is bounded by bytes, not by a count of members of any size.
    from paperparse._batch.parallel import CHUNK, CHUNK_BYTES, _chunks

    heavy = [CHUNK_BYTES // 2] * 5
    assert [len(chunk) for chunk in _chunks(iter(heavy), lambda size: size)] == [2, 2, 1]
    light = [1] * (CHUNK * 2 + 1)
    assert [len(chunk) for chunk in _chunks(iter(light), lambda size: size)] == [CHUNK, CHUNK, 1]
    one_huge = [CHUNK_BYTES * 3, 1]
    assert [len(chunk) for chunk in _chunks(iter(one_huge), lambda size: size)] == [1, 1]


def test_archive_members_parsed_in_workers_match_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    from paperparse.cli import main

    archive = tmp_path / "pages.zip"
    page = (FIXTURES / "text" / "seed_search.txt").read_bytes()
    with zipfile.ZipFile(archive, "w") as bundle:
        for n in range(5):
            bundle.writestr(f"page{n}.txt", page)
    arguments = ["parse", str(archive), "--format", "jsonl", "-q"]
    assert main(arguments) == 0
    alone = capsys.readouterr().out
    assert main([*arguments, "--jobs", "2"]) == 0
    assert capsys.readouterr().out == alone
    assert len(alone.splitlines()) == 5 * 45


@pytest.mark.parametrize("one", ["saved", b"saved", Path("saved")])
def test_parse_many_given_one_source_says_how_to_pass_a_folder(one: object) -> None:
    with pytest.raises(TypeError, match=r"parse_many takes many sources, not one .*rglob"):
        paperparse.parse_many(one)  # type: ignore[arg-type]
