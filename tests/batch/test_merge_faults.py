"""Merge stage under stress: an output that cannot be written is refused and left as it was."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pytest

import paperparse
from paperparse import Collection, Listing, OutputError, Paper
from paperparse._batch import database
from paperparse._batch.merge import merge_into

from ..conftest import FIXTURES

SEED = FIXTURES / "text" / "seed_search.txt"  # a search page of 45 papers
SRC = Path(paperparse.__file__).resolve().parents[1]

# A file's bytes and mtime, and its folder's names: "left as it was" means all three.
State = tuple[bytes, int, list[str]]


def state(path: Path) -> State:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def seed() -> Listing:
    return paperparse.parse(SEED)


def one_paper(source: str | None, upvotes: int = 3) -> Listing:
    paper = Paper(title="A Paper", arxiv_id="2509.24002", rank=1, upvotes=upvotes)
    return Listing(papers=[paper], kind="trending", source=source)


def counts(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as connection:
        (papers,) = connection.execute("SELECT count(*) FROM papers").fetchone()
        (appearances,) = connection.execute("SELECT count(*) FROM appearances").fetchone()
    return papers, appearances


def tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return sorted(name for (name,) in rows)


@pytest.fixture
def written(tmp_path: Path) -> Path:
    """A database holding one paper seen once."""
    path = tmp_path / "papers.sqlite"
    Collection([one_paper("a.txt")]).to_sqlite(path)
    return path


def upserts_then(monkeypatch: pytest.MonkeyPatch, error: BaseException, after: int) -> None:
    """Make the SQLite writer fail with ``error`` once ``after`` papers are written."""
    real = database._upsert
    done = [0]

    def failing(connection: sqlite3.Connection, record: dict[str, object]) -> None:
        if done[0] == after:
            raise error
        real(connection, record)
        done[0] += 1

    monkeypatch.setattr(database, "_upsert", failing)


# 1. One transaction: all of the run, or nothing.


def test_an_interrupt_mid_write_leaves_the_database_as_it_was(
    written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = state(written)
    upserts_then(monkeypatch, KeyboardInterrupt(), after=20)
    with pytest.raises(KeyboardInterrupt):
        Collection([seed()]).to_sqlite(written)
    assert state(written) == before
    assert counts(written) == (1, 1)


def test_an_interrupt_in_the_listings_leaves_the_database_as_it_was(written: Path) -> None:
    def interrupted() -> Iterator[Listing]:
        yield seed()
        raise KeyboardInterrupt

    before = state(written)
    with pytest.raises(KeyboardInterrupt):
        merge_into(interrupted(), str(written), output_format="sqlite")
    assert state(written) == before


def test_an_interrupted_new_database_gets_no_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "new.sqlite"
    upserts_then(monkeypatch, KeyboardInterrupt(), after=20)
    with pytest.raises(KeyboardInterrupt):
        Collection([seed()]).to_sqlite(path)
    assert not path.exists() or tables(path) == []


# 2. Refused and left untouched.


def test_a_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    path.write_text("not a database, only a note that says so\n", encoding="utf-8")
    before = state(path)
    with pytest.raises(OutputError) as caught:
        Collection([seed()]).to_sqlite(path)
    assert (caught.value.target, caught.value.reason) == (str(path), "not a SQLite database")
    assert state(path) == before


def test_a_database_with_a_foreign_table_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    before = state(path)
    with pytest.raises(OutputError) as caught:
        Collection([seed()]).to_sqlite(path)
    assert caught.value.reason == "another schema: table 'notes' is not paperparse's"
    assert state(path) == before
    assert tables(path) == ["notes"]  # no appearances table added to someone else's file


def test_our_table_names_with_other_columns_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "papers.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE papers (id INTEGER PRIMARY KEY, name TEXT)")
    before = state(path)
    with pytest.raises(OutputError) as caught:
        Collection([seed()]).to_sqlite(path)
    assert caught.value.reason == "another schema: table 'papers' has other columns"
    assert state(path) == before


def test_an_empty_file_gets_our_schema(tmp_path: Path) -> None:
    path = tmp_path / "papers.sqlite"
    path.touch()
    Collection([seed()]).to_sqlite(path)
    assert tables(path) == ["appearances", "papers"]
    assert counts(path) == (45, 45)


UNPRIVILEGED_WRITE = """
import sys
from paperparse import Collection, Listing, OutputError, Paper

listing = Listing(papers=[Paper(title="A Paper", arxiv_id="2509.24002")], source="b.txt")
try:
    Collection([listing]).to_sqlite(sys.argv[1])
except OutputError as error:
    print(error.reason)
else:
    print("written")
"""


def write_unprivileged(path: Path) -> str:
    """``to_sqlite(path)`` in a process that file permissions apply to; what it printed.

    Root ignores permissions, so as root the process drops to nobody with setpriv.
    """
    command = [sys.executable, "-c", UNPRIVILEGED_WRITE, str(path)]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot apply")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    environment = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
    return done.stdout.strip()


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder everyone may enter (tmp_path's parents are private to its owner)."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        folder.chmod(0o755)
        yield folder
        folder.chmod(0o755)  # writable again, so it can be removed


def test_a_read_only_database_is_refused_untouched(shared_folder: Path) -> None:
    path = shared_folder / "papers.sqlite"
    Collection([one_paper("a.txt")]).to_sqlite(path)
    path.chmod(0o444)
    before = state(path)
    assert write_unprivileged(path) == "read-only database"
    assert state(path) == before


def test_a_new_database_in_a_read_only_folder_is_refused(shared_folder: Path) -> None:
    folder = shared_folder / "read-only"
    folder.mkdir(mode=0o555)
    assert write_unprivileged(folder / "papers.sqlite") == "read-only folder"
    assert list(folder.iterdir()) == []


def test_a_writable_database_in_a_read_only_folder_is_refused(shared_folder: Path) -> None:
    # The rollback journal goes beside the database: the folder must be writable too.
    path = shared_folder / "papers.sqlite"
    Collection([one_paper("a.txt")]).to_sqlite(path)
    path.chmod(0o666)
    shared_folder.chmod(0o555)
    before = state(path)
    assert write_unprivileged(path) == "read-only folder"
    assert state(path) == before


def test_a_locked_database_is_refused_after_the_timeout(written: Path) -> None:
    before = state(written)
    holder = sqlite3.connect(written, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(OutputError) as caught:
            Collection([seed()]).to_sqlite(written, timeout=0.1)
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert caught.value.reason == "locked by another process (waited 0.1 s)"
    assert 0.1 <= waited < 3.0  # the timeout given, not the default of 5 s
    assert state(written) == before


def test_merge_into_passes_its_timeout_on(written: Path) -> None:
    holder = sqlite3.connect(written, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(OutputError, match=r"locked by another process \(waited 0.2 s\)"):
            merge_into([seed()], str(written), output_format="sqlite", timeout=0.2)
    finally:
        holder.close()


def test_a_corrupt_database_is_an_output_error_with_sqlites_message(
    written: Path,
) -> None:
    damaged = bytearray(written.read_bytes())
    damaged[100:200] = b"\xff" * 100  # the schema page, just past the 100-byte file header
    written.write_bytes(bytes(damaged))
    before = state(written)
    with pytest.raises(OutputError) as caught:
        Collection([seed()]).to_sqlite(written)
    assert caught.value.reason == "database disk image is malformed"
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)
    assert state(written) == before


def test_a_full_disk_mid_write_is_an_output_error_and_rolled_back(
    written: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = state(written)
    upserts_then(monkeypatch, sqlite3.OperationalError("database or disk is full"), after=20)
    with pytest.raises(OutputError) as caught:
        Collection([seed()]).to_sqlite(written)
    assert (caught.value.target, caught.value.reason) == (str(written), "database or disk is full")
    assert state(written) == before


# 3. The summary counts what the output holds.


def test_the_sqlite_summary_counts_the_whole_database(written: Path) -> None:
    summary = merge_into([seed(), one_paper("b.txt")], str(written), output_format="sqlite")
    assert summary == (
        f"46 papers, 47 appearances in {written} (this run: 2 pages, 46 new appearances)"
    )
    assert counts(written) == (46, 47)


def test_a_rerun_counts_no_new_appearances(written: Path) -> None:
    merge_into([seed()], str(written), output_format="sqlite")
    summary = merge_into([seed()], str(written), output_format="sqlite")
    assert (
        summary == f"46 papers, 46 appearances in {written} (this run: 1 page, 0 new appearances)"
    )
    assert counts(written) == (46, 46)


def test_the_jsonl_summary_counts_what_was_written(tmp_path: Path) -> None:
    output = tmp_path / "papers.jsonl"
    summary = merge_into([seed(), one_paper("b.txt")], str(output), output_format="jsonl")
    assert (
        summary == f"46 papers, 46 appearances in {output} (this run: 2 pages, 46 new appearances)"
    )
    assert len(output.read_text(encoding="utf-8").splitlines()) == 46


# 4. JSON Lines are written beside the output, then renamed over it.


def test_an_interrupted_jsonl_merge_leaves_the_old_file_and_no_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "papers.jsonl"
    merge_into([one_paper("b.txt")], str(output), output_format="jsonl")  # an earlier run
    before = state(output)

    def cut_short(self: Collection, out: TextIO) -> None:
        out.write('{"half": ')
        raise KeyboardInterrupt

    monkeypatch.setattr(Collection, "write_jsonl", cut_short)
    with pytest.raises(KeyboardInterrupt):
        merge_into([seed()], str(output), output_format="jsonl")
    assert state(output) == before  # the folder holds no .papers.jsonl.*.partial either


def test_a_jsonl_output_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    output = tmp_path / "papers.jsonl"
    output.write_text("", encoding="utf-8")
    output.chmod(0o644)
    merge_into([seed()], str(output), output_format="jsonl")
    assert output.stat().st_mode & 0o777 == 0o644
    assert sorted(os.listdir(tmp_path)) == ["papers.jsonl"]


def test_a_jsonl_output_in_a_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    output = tmp_path / "no-such-folder" / "papers.jsonl"
    with pytest.raises(OutputError) as caught:
        merge_into([seed()], str(output), output_format="jsonl")
    assert (caught.value.target, caught.value.reason) == (str(output), "No such file or directory")


# 6. A listing without a source is named by its content.


def test_a_listing_without_a_source_is_named_by_its_content(tmp_path: Path) -> None:
    listing = paperparse.parse(SEED.read_text(encoding="utf-8"))
    assert listing.source is None
    digest = hashlib.sha256(json.dumps(listing.to_dict(), sort_keys=True).encode()).hexdigest()
    path = tmp_path / "papers.sqlite"
    collection = Collection([listing, listing])  # the same page twice: one appearance
    collection.to_sqlite(path)
    with sqlite3.connect(path) as connection:
        sources = connection.execute("SELECT DISTINCT source FROM appearances").fetchall()
    assert sources == [(f"sha256:{digest}",)]
    assert counts(path) == (45, 45)
    (row, *_) = collection.to_rows()
    assert row["appearances"][0]["source"] == f"sha256:{digest}"
