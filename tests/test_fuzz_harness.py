"""The fuzz harness (the package fuzz/) still runs, and its invariants still see something.

Not a fuzzing run: a second of each mode, and the harness's own checks on the fixtures, so
that a change to the library's API or to the fixtures cannot quietly leave the harness
broken or blind. What the fuzzer finds in the library is for its runs to report, not here.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

import paperparse
from paperparse import Listing, Paper, ParseError

# The harness is the checkout's folder fuzz/, a package of its own, not installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.doors import DIFFERENTIAL_INVARIANTS, View, doors
from fuzz.fuzz_parse import MODES, fuzz
from fuzz.loss import LOSS_INVARIANTS, lost_papers
from fuzz.seeds import Seed, load_seeds
from fuzz.spots import Spots


@pytest.fixture(scope="module")
def fixture_seeds() -> list[Seed]:
    seeds = [seed for seed in load_seeds() if seed.name.startswith("fixtures/")]
    assert seeds, "the harness found no fixtures to start from"
    return [seed for seed in seeds if seed.listing is not None and seed.listing.papers]


@pytest.mark.parametrize("invariant", [name for name, _ in LOSS_INVARIANTS])
def test_every_loss_edit_has_somewhere_to_go_in_the_fixtures(
    invariant: str, fixture_seeds: list[Seed]
) -> None:
    mutate = dict(LOSS_INVARIANTS)[invariant]
    rng, spots = random.Random(0), Spots()
    mutants = [mutate(rng, seed, spots) for seed in fixture_seeds]
    assert any(mutant is not None for mutant in mutants)


def test_a_seed_as_it_is_loses_nothing(fixture_seeds: list[Seed]) -> None:
    for seed in fixture_seeds:
        assert seed.listing is not None
        assert lost_papers(seed.listing.papers, paperparse.parse(seed.data)) == []


def test_lost_papers_names_what_went_and_spares_what_the_edit_changed() -> None:
    with_id = Paper(title="First", arxiv_id="2401.00001")
    without_id = Paper(title="A Second Title")
    before = (with_id, without_id)
    lost = lost_papers(before, Listing(papers=(with_id,)))
    assert lost == ["title:asecondtitle 'A Second Title'", "count: 2 papers became 1"]
    assert lost_papers(before, ParseError("no")) == ["all: 2 papers, ParseError: no"]
    retitled = Listing(papers=(with_id, Paper(title="A Secxond Title")))
    assert lost_papers(before, retitled, touched="Second") == []
    assert lost_papers(before, Listing(papers=(with_id,)), spare={1}) == []
    id_dropped = Listing(papers=(Paper(title="First"), without_id))
    (gone,) = lost_papers(before, id_dropped)
    assert gone.startswith("arXiv:2401.00001")
    assert "without the id" in gone


def test_every_door_reads_a_plain_page_alike(tmp_path: Path) -> None:
    data = (Path(__file__).parent / "fixtures" / "json" / "daily_2024.json").read_bytes()
    expected = View.of(paperparse.parse(data))
    ways = doors(data, "daily_2024.json", tmp_path)
    assert set(ways) == set(DIFFERENTIAL_INVARIANTS)
    assert {name: door() for name, door in ways.items()} == dict.fromkeys(ways, expected)


def test_a_second_of_every_mode_runs_every_kind_of_check(tmp_path: Path) -> None:
    tally = fuzz(MODES, 1 / 60, 0, findings=tmp_path, quiet=True)
    assert tally.runs["crash"] > 0
    assert sum(tally.runs[name] for name, _ in LOSS_INVARIANTS) > 0
    assert all(tally.runs[name] > 0 for name in DIFFERENTIAL_INVARIANTS)
    report = tally.report(0, MODES, 1.0)
    assert all(name in report for name, _ in LOSS_INVARIANTS)
