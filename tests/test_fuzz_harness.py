"""The fuzz harness (fuzz/fuzz_parse.py) still runs, and its invariants still see something.

Not a fuzzing run: a second of each mode, and the harness's own checks on the fixtures, so
that a change to the library's API or to the fixtures cannot quietly leave the harness
broken or blind. What the fuzzer finds in the library is for its runs to report, not here.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import paperparse
from paperparse import Listing, Paper, ParseError

HARNESS = Path(__file__).resolve().parents[1] / "fuzz" / "fuzz_parse.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_parse", HARNESS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # NamedTuples look their module up
    spec.loader.exec_module(module)
    return module


fuzz_parse = _load()


@pytest.fixture(scope="module")
def fixture_seeds() -> list[Any]:  # Seeds, of a module loaded from its path
    seeds = [seed for seed in fuzz_parse.load_seeds() if seed.name.startswith("fixtures/")]
    assert seeds, "the harness found no fixtures to start from"
    return [seed for seed in seeds if seed.listing is not None and seed.listing.papers]


@pytest.mark.parametrize("invariant", [name for name, _ in fuzz_parse.LOSS_INVARIANTS])
def test_every_loss_edit_has_somewhere_to_go_in_the_fixtures(
    invariant: str, fixture_seeds: list[Any]
) -> None:
    mutate = dict(fuzz_parse.LOSS_INVARIANTS)[invariant]
    rng, spots = random.Random(0), fuzz_parse.Spots()
    mutants = [mutate(rng, seed, spots) for seed in fixture_seeds]
    assert any(mutant is not None for mutant in mutants)


def test_a_seed_as_it_is_loses_nothing(fixture_seeds: list[Any]) -> None:
    for seed in fixture_seeds:
        assert fuzz_parse.lost_papers(seed.listing.papers, paperparse.parse(seed.data)) == []


def test_lost_papers_names_what_went_and_spares_what_the_edit_changed() -> None:
    with_id = Paper(title="First", arxiv_id="2401.00001")
    without_id = Paper(title="A Second Title")
    before = (with_id, without_id)
    lost = fuzz_parse.lost_papers(before, Listing(papers=(with_id,)))
    assert lost == ["title:asecondtitle 'A Second Title'", "count: 2 papers became 1"]
    assert fuzz_parse.lost_papers(before, ParseError("no")) == ["all: 2 papers, ParseError: no"]
    retitled = Listing(papers=(with_id, Paper(title="A Secxond Title")))
    assert fuzz_parse.lost_papers(before, retitled, touched="Second") == []
    assert fuzz_parse.lost_papers(before, Listing(papers=(with_id,)), spare={1}) == []
    id_dropped = Listing(papers=(Paper(title="First"), without_id))
    (gone,) = fuzz_parse.lost_papers(before, id_dropped)
    assert gone.startswith("arXiv:2401.00001")
    assert "without the id" in gone


def test_every_door_reads_a_plain_page_alike(tmp_path: Path) -> None:
    data = (Path(__file__).parent / "fixtures" / "json" / "daily_2024.json").read_bytes()
    expected = fuzz_parse.View.of(paperparse.parse(data))
    doors = fuzz_parse.doors(data, "daily_2024.json", tmp_path)
    assert set(doors) == set(fuzz_parse.DIFFERENTIAL_INVARIANTS)
    assert {name: door() for name, door in doors.items()} == dict.fromkeys(doors, expected)


def test_a_second_of_every_mode_runs_every_kind_of_check(tmp_path: Path) -> None:
    tally = fuzz_parse.fuzz(fuzz_parse.MODES, 1 / 60, 0, findings=tmp_path, quiet=True)
    assert tally.runs["crash"] > 0
    assert sum(tally.runs[name] for name, _ in fuzz_parse.LOSS_INVARIANTS) > 0
    assert all(tally.runs[name] > 0 for name in fuzz_parse.DIFFERENTIAL_INVARIANTS)
    report = tally.report(0, fuzz_parse.MODES, 1.0)
    assert all(name in report for name, _ in fuzz_parse.LOSS_INVARIANTS)
