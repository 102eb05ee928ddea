"""The benchmark's "least work" baselines: they must keep running as the internals change,
and do the work they claim (one Paper per paper, every abstract scanned)."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import paperparse

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def _load(script: str) -> ModuleType:
    """A benchmark script as a module, without running its main."""
    spec = importlib.util.spec_from_file_location(
        f"bench_{script}", ROOT / "benchmarks" / f"{script}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _load("run")


def test_least_text_work_reads_every_line_and_builds_every_paper(bench: ModuleType) -> None:
    text = (FIXTURES / "text" / "seed_search.txt").read_text(encoding="utf-8")
    papers = paperparse.parse(text).papers
    lines, built, dates, urls = bench._least_text_work(text, papers)()
    assert len(lines) == sum(1 for line in text.split("\n") if line.strip())
    assert [paper for paper, _ in built] == list(papers)
    assert all(date is not None for date in dates)
    assert len(urls) == sum(1 for paper in papers if paper.abstract)


def test_least_json_work_builds_every_paper(bench: ModuleType) -> None:
    data = (FIXTURES / "json" / "daily_2025.json").read_bytes()
    papers = paperparse.parse(data).papers
    work = bench._least_json_work(data, papers)()
    built = [piece[0] for piece in work[::2]]
    assert built == list(papers)


def test_least_html_work_reads_the_props_and_every_card(bench: ModuleType) -> None:
    data = (FIXTURES / "html" / "daily_hydrated.html").read_bytes()
    papers = paperparse.parse(data).papers
    items_work, cards = bench._least_html_work(data, papers)()
    assert [piece[0] for piece in items_work[::2]] == list(papers)
    assert cards
    assert all(cards)


@pytest.fixture(scope="module")
def instructions() -> ModuleType:
    return _load("instructions")


def _fake_runner(counts: dict[str, int]) -> Callable[[Any, Path, int, Path], int]:
    """A stand-in for callgrind: a fixed start-up cost plus ``counts[action] per run``."""

    def run(action: Any, path: Path, runs: int, src: Path) -> int:
        return 1_000_000 + runs * counts[action.name]

    return run


def test_instruction_table_takes_the_steady_state_ratio_and_says_if_met(
    instructions: ModuleType, tmp_path: Path
) -> None:
    counts = {"paperparse.parse": 3_000_000, "lxml.html.fromstring": 1_000_000}
    runner = _fake_runner(counts)
    rows = instructions.measure(["html"], [("here", tmp_path)], runner=runner)
    assert [(row.instructions, row.baseline_instructions) for row in rows] == [(3e6, 1e6)]
    assert rows[0].ratio == pytest.approx(3.0)
    assert rows[0].verdict == "not met"
    text = instructions.table(rows)
    assert "3.00x" in text
    assert "<= 2.5x" in text
    assert "not met" in text
    assert instructions.table(rows, markdown=True).splitlines()[1].startswith("|---|")


def test_instruction_table_names_a_peer_that_is_not_installed(
    instructions: ModuleType, tmp_path: Path
) -> None:
    if instructions.INPUTS["api-json"] is None:
        pytest.skip("no ../shared/corpus")
    counts = {"paperparse.parse": 12_000_000, "json.loads": 7_000_000}
    rows = instructions.measure(
        ["api-json"], [("here", tmp_path)], runner=_fake_runner(counts), installed=lambda _: False
    )
    assert [row.baseline for row in rows] == ["json.loads", "huggingface_hub PaperInfo"]
    assert rows[0].verdict == "met"
    assert rows[1].verdict == "huggingface_hub not installed"
    assert rows[1].ratio is None


def test_instructions_without_valgrind_says_so_and_succeeds(
    instructions: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(instructions.shutil, "which", lambda _: None)
    assert instructions.main(["all"]) == 0
    assert "valgrind is not installed" in capsys.readouterr().out


def test_callgrind_counts_a_short_run(instructions: ModuleType, tmp_path: Path) -> None:
    if shutil.which("valgrind") is None:
        pytest.skip("valgrind is not installed")
    path = tmp_path / "tiny.json"
    path.write_text("[1]")
    count = instructions.callgrind(instructions.JSON_LOADS, path, 1, ROOT / "src")
    assert count > 0


def test_the_scale_benchmark_reads_every_hub_page_it_built(tmp_path: Path) -> None:
    pytest.importorskip("fastwarc", reason="the warc extra is not installed")
    at_scale = _load("at_scale")
    pages = at_scale.crawl_pages(6)
    crawl = at_scale.build_crawl(tmp_path / "crawl.warc.gz", pages, gzip_members=True)
    bodies = at_scale.hub_bodies(crawl)
    assert bodies == [body for _, body in pages]  # each page once, HTTP headers off
    papers = at_scale.parse_all(bodies)
    assert papers > 6
    assert at_scale.read_in_process(crawl) == papers
    assert at_scale.bare_iteration(crawl) > sum(map(len, bodies))  # every record read
