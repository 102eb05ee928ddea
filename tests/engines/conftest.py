"""What the engine tests share: the command line's own output for the same inputs, to
hold each engine's to, and the corpus as a crawl among other sites' records."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from paperparse.cli import main

from ..crawl_builder import corpus_crawl

REFERENCE: str = "2026-10-06"


def cli_json_lines(*arguments: str, stream: str = "stdout") -> list[dict[str, Any]]:
    """The JSON Lines the command line prints on ``stream`` for ``arguments``."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*arguments, "--reference-date", REFERENCE])
    assert code == 0, arguments
    printed = out if stream == "stdout" else err
    return [json.loads(line) for line in printed.getvalue().splitlines()]


def cli_rows(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """``paperparse parse PATHS --format jsonl``: one row per paper."""
    return cli_json_lines("parse", *map(str, paths), "--format", "jsonl", "-q")


def cli_merged(paths: Sequence[Path], target: Path) -> dict[str, dict[str, Any]]:
    """``paperparse merge PATHS -o TARGET.jsonl``: the merged records by key."""
    cli_json_lines("merge", *map(str, paths), "-o", str(target), "-q")
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    return {record["key"]: record for record in records}


def eighth(crawl: Path) -> int:
    """A split size that cuts ``crawl`` into eight byte ranges."""
    return crawl.stat().st_size // 8


@pytest.fixture(scope="session")
def corpus_folder() -> Path:
    from ..conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present beside the repository")
    return CORPUS.resolve()


@pytest.fixture(scope="session", params=["plain", "gzip"])
def crawl(request: pytest.FixtureRequest, corpus_folder: Path, tmp_path_factory: Any) -> Path:
    """The corpus's pages as a crawl, each after nine other sites' records: a plain WARC,
    and one of a gzip member a record (as Common Crawl's)."""
    folder = tmp_path_factory.mktemp("crawl")
    gzip_members = request.param == "gzip"
    name = "corpus.warc.gz" if gzip_members else "corpus.warc"
    return corpus_crawl(folder / name, gzip_members=gzip_members)
