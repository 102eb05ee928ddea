"""The benchmark's "least work" baselines: they must keep running as the internals change,
and do the work they claim (one Paper per paper, every abstract scanned)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import paperparse

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
