"""Command line: formats, stdin, problems on stderr, exit status."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from paperparse.cli import main

from .conftest import FIXTURES

SEED = FIXTURES / "text" / "seed_search.txt"


def test_parse_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED)]) == 0
    out, err = capsys.readouterr()
    (listing,) = json.loads(out)
    assert len(listing["papers"]) == 45
    assert listing["papers"][0]["published"] == "2022-07-24"
    assert "missing-metadata" in err


def test_parse_jsonl_with_reference_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--format", "jsonl", "--reference-date", "2025-11-06"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 45
    assert rows[11]["published"] == "2025-09-28"
    assert rows[11]["date_resolution"] == "reference-date"
    assert rows[0]["source"] == str(SEED)


def test_parse_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 45
    rubik = next(row for row in rows if row["title"].startswith("Model Rubik"))
    assert rubik["code_links"].split(" | ") == [
        "https://github.com/huawei-noah/ghostnet/tree/master/tinynet_pytorch",
        "https://gitee.com/mindspore/mindspore/tree/master/model_zoo/research/cv/tinynet",
    ]
    assert rubik["upvotes"] == ""


def test_missing_file_exits_1_but_prints_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(tmp_path / "absent.txt"), str(SEED), "--format", "jsonl"]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 45
    assert "absent.txt" in err


def test_bad_reference_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--reference-date", "Nov 6"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("paperparse: parse: argument --reference-date: expected YYYY-MM-DD")


def test_stdin_through_python_m() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "paperparse", "parse", "-", "--format", "jsonl"],
        input=SEED.read_bytes(),
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0
    rows = completed.stdout.decode().splitlines()
    assert len(rows) == 45
    assert json.loads(rows[0])["source"] == "<stdin>"


def test_an_output_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: -o goes to a file beside the target, renamed over it once whole; a run
    stopped part way leaves the previous file as it was."""
    from paperparse import cli
    from paperparse._batch import export

    target = tmp_path / "out.json"
    target.write_text("previous\n", encoding="utf-8")
    page = str(FIXTURES / "text" / "seed_search.txt")

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "write_rendered", interrupted)
    assert cli.main(["parse", page, "-o", str(target)]) == cli.EXIT_INTERRUPTED
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.json"]  # no partial file left
    monkeypatch.undo()
    assert cli.main(["parse", page, "-o", str(target)]) == cli.EXIT_OK
    assert len(json.loads(target.read_text(encoding="utf-8"))[0]["papers"]) == 45


def test_an_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from paperparse import cli

    page = str(FIXTURES / "text" / "seed_search.txt")
    target = tmp_path / "no-such-folder" / "out.json"
    assert cli.main(["parse", page, "-o", str(target)]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line == f"paperparse: cannot write {target}: No such file or directory"


def test_dash_as_the_output_is_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperparse import cli

    monkeypatch.chdir(tmp_path)
    page = str(FIXTURES / "text" / "seed_search.txt")
    assert cli.main(["parse", page, "--format", "jsonl", "-o", "-"]) == cli.EXIT_OK
    assert len(capsys.readouterr().out.splitlines()) == 45
    assert not (tmp_path / "-").exists()
