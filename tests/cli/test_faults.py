"""The command line under faults: one line per error, whole outputs, nothing skipped in silence."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from paperparse.cli import main

from .conftest import DAY, SEED, Run


def _only_line(err: str) -> str:
    (line,) = err.splitlines()
    return line


# --- outputs ---------------------------------------------------------------------------


def test_an_output_in_a_missing_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "absent" / "out.json"
    assert main(["parse", str(SEED), "-q", "-o", str(target)]) == 1
    line = _only_line(capsys.readouterr().err)
    assert line == f"paperparse: cannot write {target}: No such file or directory"


def test_a_full_disk_is_one_line_and_the_device_stays_a_device(
    capsys: pytest.CaptureFixture[str],
) -> None:
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("/dev/full is not on this system")
    assert main(["parse", str(SEED), "-q", "-o", str(full)]) == 1
    assert _only_line(capsys.readouterr().err) == (
        "paperparse: cannot write /dev/full: No space left on device"
    )
    assert full.is_char_device()  # written to, never renamed over


def test_a_read_only_folder_is_one_line(shared_tmp: Path, unprivileged: Run) -> None:
    locked = shared_tmp / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    done = unprivileged("parse", str(SEED), "-q", "-o", str(locked / "out.json"))
    assert done.returncode == 1
    assert _only_line(done.stderr) == (
        f"paperparse: cannot write {locked / 'out.json'}: Permission denied"
    )
    assert list(locked.iterdir()) == []


def test_interrupted_leaves_the_previous_output_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperparse._batch import parallel

    target = tmp_path / "out.json"
    target.write_text("[] \n", encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    for day in range(1, 4):
        (pages / f"{day}.txt").write_text(DAY.format(date=f"Aug {day}", upvotes=day))
    real = parallel.parse_document
    calls = []

    def interrupted_at_the_second(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "parse_document", interrupted_at_the_second)
    assert main(["parse", str(pages), "-o", str(target)]) == 130
    assert capsys.readouterr().err.splitlines()[-1] == "paperparse: interrupted"
    assert target.read_text(encoding="utf-8") == "[] \n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.json", "pages"]


def test_negative_jobs_is_a_usage_error_that_touches_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.json"
    target.write_text("kept", encoding="utf-8")
    assert main(["parse", str(SEED), "--jobs", "-1", "-o", str(target)]) == 2
    line = _only_line(capsys.readouterr().err)
    assert line.startswith("paperparse: parse: argument --jobs: expected 0 or more, got -1")
    assert target.read_text(encoding="utf-8") == "kept"


# --- inputs that cannot be read --------------------------------------------------------


def test_a_file_in_an_unreadable_folder_is_named(shared_tmp: Path, unprivileged: Run) -> None:
    locked = shared_tmp / "locked"
    locked.mkdir()
    (locked / "page.txt").write_text(DAY.format(date="Aug 1", upvotes=1))
    locked.chmod(0o000)
    done = unprivileged("parse", str(locked / "page.txt"))
    assert done.returncode == 1
    assert _only_line(done.stderr) == (
        f"paperparse: {locked / 'page.txt'}: cannot read: Permission denied"
    )


def test_an_unreadable_subfolder_is_named_and_fails_the_run(
    shared_tmp: Path, unprivileged: Run
) -> None:
    (shared_tmp / "pages" / "locked").mkdir(parents=True)
    (shared_tmp / "pages" / "open.txt").write_text(DAY.format(date="Aug 1", upvotes=1))
    (shared_tmp / "pages" / "locked" / "hidden.txt").write_text(DAY.format(date="Aug 2", upvotes=2))
    (shared_tmp / "pages" / "locked").chmod(0o000)
    done = unprivileged("parse", str(shared_tmp / "pages"), "--format", "jsonl", "-q")
    assert done.returncode == 1
    assert _only_line(done.stderr) == (
        f"paperparse: {shared_tmp / 'pages' / 'locked'}: cannot read folder: Permission denied"
    )
    assert len(done.stdout.splitlines()) == 2  # the readable page's papers are still out


def test_an_unreadable_folder_as_the_argument_is_named(shared_tmp: Path, unprivileged: Run) -> None:
    locked = shared_tmp / "locked"
    locked.mkdir()
    locked.chmod(0o000)
    done = unprivileged("parse", str(locked))
    assert done.returncode == 1
    assert _only_line(done.stderr) == f"paperparse: {locked}: cannot read folder: Permission denied"
    assert json.loads(done.stdout) == []


def test_a_file_deleted_during_the_run_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperparse._sources import inputs

    pages = tmp_path / "pages"
    pages.mkdir()
    for day in (1, 2):
        (pages / f"{day}.txt").write_text(DAY.format(date=f"Aug {day}", upvotes=day))
    real = inputs._folder_inputs

    def then_deleted(*args: object) -> object:
        found = list(real(*args))  # type: ignore[arg-type]
        (pages / "2.txt").unlink()
        return iter(found)

    monkeypatch.setattr(inputs, "_folder_inputs", then_deleted)
    assert main(["parse", str(pages), "--format", "jsonl", "-q"]) == 1
    out, err = capsys.readouterr()
    assert (
        _only_line(err)
        == f"paperparse: {pages / '2.txt'}: cannot read file: No such file or directory"
    )
    assert len(out.splitlines()) == 2


def test_a_folder_with_no_pages_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["parse", str(tmp_path / "empty")]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert _only_line(err) == "paperparse: no pages found in the inputs given"


# --- files that are not pages ----------------------------------------------------------


@pytest.fixture
def folder_with_a_readme(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "day.txt").write_text(DAY.format(date="Aug 1", upvotes=3))
    (folder / "README.md").write_text("# My saved pages\n\nSaved every morning.\n")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n")
    (folder / ".DS_Store").write_bytes(b"\0\0")
    return folder


def test_files_that_are_no_pages_are_one_line_and_do_not_fail_the_run(
    folder_with_a_readme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = [
        "parse",
        str(folder_with_a_readme),
        "--format",
        "jsonl",
        "--ignore",
        "unresolved-year",
    ]
    assert main(arguments) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2
    folder = folder_with_a_readme
    assert _only_line(err) == (
        "paperparse: skipped 2 file(s) that are not pages (1 by content, 1 by name): "
        f"{folder / 'README.md'}, {folder / 'logo.png'}"
    )


def test_strict_fails_on_files_that_are_no_pages(
    folder_with_a_readme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(folder_with_a_readme), "--strict", "--format", "jsonl"]) == 1
    assert capsys.readouterr().err.endswith("(--strict: this fails the run)\n")


def test_a_file_named_on_the_command_line_that_is_no_page_is_an_error(
    folder_with_a_readme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = folder_with_a_readme / "README.md"
    assert main(["parse", str(readme)]) == 1
    line = _only_line(capsys.readouterr().err)
    assert line.startswith(f"paperparse: {readme}: no paper card found")


def test_errors_as_json_carry_a_documented_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from paperparse._model import ERROR_CODES

    assert main(["parse", str(tmp_path / "absent.txt"), str(SEED), "--problems-json"]) == 1
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    error = next(record for record in records if record["kind"] == "error")
    assert error == {
        "kind": "error",
        "source": str(tmp_path / "absent.txt"),
        "code": "unreadable",
        "message": "no such file or folder",
        "line": None,
    }
    assert {record["code"] for record in records if record["kind"] == "error"} <= set(ERROR_CODES)
    assert {record["kind"] for record in records} == {"error", "problem"}


# --- merge -----------------------------------------------------------------------------


def test_merge_identity_survives_path_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    pages = tmp_path / "pages"
    pages.mkdir()
    for day in (1, 2):
        (pages / f"{day}.txt").write_text(DAY.format(date=f"Aug {day}", upvotes=day))
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "papers.sqlite"
    for spelling in (str(pages), "pages", "pages/../pages", "./pages/"):
        assert main(["merge", spelling, "-o", str(database), "--reference-date", "2024-08-03"]) == 0
    with sqlite3.connect(database) as connection:
        appearances = connection.execute("SELECT source FROM appearances").fetchall()
    assert len(appearances) == 4  # two papers on each of two pages
    assert {source for (source,) in appearances} == {
        os.path.realpath(pages / "1.txt"),
        os.path.realpath(pages / "2.txt"),
    }
    capsys.readouterr()


def test_merge_of_standard_input_is_named_by_its_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sqlite3
    import sys

    database = tmp_path / "papers.sqlite"
    page = DAY.format(date="Aug 1", upvotes=4).encode()
    for _ in range(2):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
        assert main(["merge", "-", "-o", str(database), "--reference-date", "2024-08-03"]) == 0
    with sqlite3.connect(database) as connection:
        (sources,) = connection.execute("SELECT count(DISTINCT source) FROM appearances").fetchone()
        (source,) = connection.execute("SELECT source FROM appearances").fetchone()
    assert sources == 1
    assert source.startswith("<stdin sha256:")


def test_a_new_output_gets_the_umask_mode_and_a_replaced_one_keeps_its_own(
    tmp_path: Path,
) -> None:
    old = os.umask(0o022)
    try:
        fresh, kept = tmp_path / "fresh.json", tmp_path / "kept.json"
        kept.write_text("[]", encoding="utf-8")
        kept.chmod(0o640)
        for target in (fresh, kept):
            assert main(["parse", str(SEED), "-q", "-o", str(target)]) == 0
    finally:
        os.umask(old)
    assert fresh.stat().st_mode & 0o777 == 0o644  # not the temporary file's private 0600
    assert kept.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"my notes\n", "not a SQLite database"),
        (None, "another schema: table 'notes' is not paperparse's"),
    ],
)
def test_merge_into_a_file_that_is_not_ours_is_one_line_and_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, reason: str
) -> None:
    import sqlite3

    target = tmp_path / "papers.sqlite"
    if content is None:
        with sqlite3.connect(target) as connection:
            connection.execute("CREATE TABLE notes (text TEXT)")
        connection.close()
    else:
        target.write_bytes(content)
    before = target.read_bytes()
    assert main(["merge", str(SEED), "-q", "-o", str(target)]) == 1
    assert _only_line(capsys.readouterr().err) == f"paperparse: cannot write {target}: {reason}"
    assert target.read_bytes() == before


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_real_sigint_exits_130_in_one_line_and_keeps_the_output(
    tmp_path: Path, jobs: str
) -> None:
    import signal
    import subprocess
    import sys
    import time

    from .conftest import SRC

    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(3000):  # links, not copies: seconds of parsing, no disk to speak of
        os.link(SEED, pages / f"{n:04d}.txt")
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    command = [sys.executable, "-m", "paperparse", "parse", str(pages), "-q", "--jobs", jobs]
    process = subprocess.Popen(
        [*command, "-o", str(target)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        start_new_session=True,
    )
    # Once the output is open beside its target, the run is past its imports and parsing.
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.json.*.partial")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: to the workers too
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "paperparse: interrupted\n"
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.json", "pages"]
