"""The whole corpus through `paperparse parse` and `paperparse merge`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from paperparse.cli import main

UPVOTE_HISTORY = """
SELECT p.arxiv_id, p.title, group_concat(a.day || '=' || a.upvotes, ' ') AS upvotes_by_day
FROM papers AS p
JOIN (SELECT * FROM appearances ORDER BY day) AS a USING (paper_key)
GROUP BY p.paper_key
HAVING count(DISTINCT a.day) > 1
"""


def test_parse_the_whole_corpus(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["parse", str(corpus), "--format", "jsonl", "--reference-date", "2026-10-06"])
    out, err = capsys.readouterr()
    # Every page parses; the folder's README.md and MANIFEST.tsv are no pages, and the one
    # line that says so names them without failing the run.
    assert code == 0
    (skipped,) = [line for line in err.splitlines() if line.startswith("paperparse:")]
    assert skipped.startswith("paperparse: skipped 2 file(s) that are not pages")
    assert "README.md" in skipped
    assert "MANIFEST.tsv" in skipped
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) > 400
    assert all(row["title"] for row in rows)


def test_merge_the_whole_corpus(corpus: Path, tmp_path: Path) -> None:
    database = tmp_path / "papers.sqlite"
    folders = [str(path) for path in sorted(corpus.iterdir()) if path.is_dir()]  # the pages
    arguments = ["merge", *folders, "-o", str(database), "--reference-date", "2026-10-06"]
    assert main(arguments) == 0
    with sqlite3.connect(database) as connection:
        papers = connection.execute("SELECT count(*) FROM papers").fetchone()[0]
        seen_twice = connection.execute(
            "SELECT paper_key FROM appearances GROUP BY paper_key HAVING count(*) > 1"
        ).fetchall()
        history = connection.execute(UPVOTE_HISTORY).fetchall()
    # The 2024-08-01 API list and the saved page of the same day share their papers: merged
    # into one record each, with two appearances.
    assert ("2407.21783",) in seen_twice
    assert papers < sum(1 for _ in corpus.rglob("*")) * 50
    for arxiv_id, _title, upvotes_by_day in history:
        assert arxiv_id
        assert upvotes_by_day.count("=") >= 2
    assert main(arguments) == 0  # idempotent
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM papers").fetchone()[0] == papers
