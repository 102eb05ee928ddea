"""Command-line options that behave the same everywhere: globs, formats, -, ARCHIVE:MEMBER,
problem filters."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

import pytest

from paperparse.cli import main

from ..conftest import CORPUS
from .conftest import DAY, SEED


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A folder of pages in every format a walk must take by default."""
    folder = tmp_path / "pages"
    (folder / "2024-08").mkdir(parents=True)
    (folder / "2024-08" / "a.txt").write_text(DAY.format(date="Aug 1, 2024", upvotes=1))
    (folder / "2024-08" / "b.txt.gz").write_bytes(
        gzip.compress(DAY.format(date="Aug 2, 2024", upvotes=2).encode())
    )
    items = [{"title": "A JSON Line Paper", "id": "2408.00001", "upvotes": 5}]
    (folder / "items.jsonl").write_text("".join(json.dumps(item) + "\n" for item in items))
    (folder / "other").mkdir()
    (folder / "other" / "c.md").write_text(DAY.format(date="Aug 3, 2024", upvotes=3))
    return folder


def _titles(out: str) -> list[str]:
    return [json.loads(line)["title"] for line in out.splitlines()]


def test_default_globs_take_json_lines_and_gzip_pages(
    pages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(pages), "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert _titles(out) == [
        "The Same Paper",
        "A Paper Seen Once On Aug 1, 2024",
        "The Same Paper",
        "A Paper Seen Once On Aug 2, 2024",
        "A JSON Line Paper",
        "The Same Paper",
        "A Paper Seen Once On Aug 3, 2024",
    ]
    assert err == ""


def test_globs_add_up_and_match_paths(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = ["parse", str(pages), "--format", "jsonl", "--glob", "*.md"]
    assert main([*arguments, "--glob", "2024-08/*.txt"]) == 0
    out, err = capsys.readouterr()
    assert _titles(out) == [
        "The Same Paper",
        "A Paper Seen Once On Aug 1, 2024",
        "The Same Paper",
        "A Paper Seen Once On Aug 3, 2024",
    ]
    assert "skipped 2 file(s)" in err  # b.txt.gz and items.jsonl, by name


def test_globs_ignore_case(pages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (pages / "other" / "c.md").rename(pages / "other" / "C.MD")
    assert main(["parse", str(pages / "other"), "--format", "jsonl"]) == 0
    assert _titles(capsys.readouterr().out)[-1] == "A Paper Seen Once On Aug 3, 2024"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("out.csv", "csv"), ("OUT.JSONL", "jsonl"), ("out.ndjson", "jsonl"), ("Out.Json", "json")],
)
def test_the_output_extension_chooses_the_format(
    tmp_path: Path, name: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    assert main(["parse", str(SEED), "-q", "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    if expected == "csv":
        assert len(list(csv.DictReader(io.StringIO(text)))) == 45
    elif expected == "jsonl":
        assert len(text.splitlines()) == 45
    else:
        assert len(json.loads(text)[0]["papers"]) == 45


def test_an_unknown_output_extension_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(SEED), "-o", str(tmp_path / "out.xml")]) == 2
    assert main(["merge", str(SEED), "-o", str(tmp_path / "new.csv")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(
        f"paperparse: usage: -o {tmp_path / 'out.xml'}: no format for '.xml'"
    )
    assert lines[1].startswith(
        f"paperparse: usage: -o {tmp_path / 'new.csv'}: no format for '.csv'"
    )
    assert list(tmp_path.iterdir()) == []  # merge created no database


def test_format_wins_over_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "papers.txt"
    assert main(["parse", str(SEED), "-q", "--format", "jsonl", "-o", str(target)]) == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 45


def test_inspect_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED.read_bytes())))
    assert main(["inspect", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("source:       <stdin>\n")
    assert "papers:       45\n" in out


def _saved_zip(folder: Path, *names: str) -> Path:
    """A zip of daily pages, one per name, dated Aug 1, Aug 2, ... 2024."""
    archive = folder / "saved.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for day, name in enumerate(names, start=1):
            bundle.writestr(name, DAY.format(date=f"Aug {day}, 2024", upvotes=10 - day))
    return archive


def test_inspect_reads_an_archive_member_and_several_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = _saved_zip(tmp_path, "2024/day.txt", "2024/other.txt")
    assert main(["inspect", f"{archive}:2024/day.txt", str(SEED)]) == 0
    out = capsys.readouterr().out
    sources = [line.split(maxsplit=1)[1] for line in out.splitlines() if line.startswith("source:")]
    assert sources == [f"{archive}:2024/day.txt", str(SEED)]


def test_parse_reads_an_archive_member_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = _saved_zip(tmp_path, "day.txt", "other.txt")
    assert main(["parse", f"{archive}:other.txt", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {row["source"] for row in rows} == {f"{archive}:other.txt"}
    assert rows[1]["title"] == "A Paper Seen Once On Aug 2, 2024"


def test_inspect_of_a_member_that_is_not_there_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = _saved_zip(tmp_path, "day.txt")
    assert main(["inspect", f"{archive}:absent.txt"]) == 1
    assert capsys.readouterr().err == "paperparse: no pages found in the inputs given\n"


# --- problem output --------------------------------------------------------------------

REPEATED = "Daily Papers\nAug 1, 2024\n\n" + "".join(
    f"Paper {n}\n\u00b7\n{n} authors\n\nPaper {n}\n\u00b7\n{n} authors\n\n" for n in range(1, 8)
)


@pytest.fixture
def repeated(tmp_path: Path) -> Path:
    """A page whose every card a rendering printed twice, as trending dumps do."""
    path = tmp_path / "trending.txt"
    path.write_text(REPEATED, encoding="utf-8")
    return path


def test_repeats_of_one_code_are_one_line_with_a_count(
    repeated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(repeated), "--format", "jsonl"]) == 0
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{repeated}: duplicate-card: 7 times (line")
    assert "; the first: 'Paper 1' is repeated" in line


def test_json_problems_keep_every_occurrence(
    repeated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(repeated), "--format", "jsonl", "--problems-json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [record["code"] for record in records] == ["duplicate-card"] * 7


def test_ignore_and_strict(repeated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(repeated), "--strict", "--format", "jsonl"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[-1] == (
        f"paperparse: {repeated}: --strict: 7 problem(s), the page is left out"
    )
    arguments = ["parse", str(repeated), "--strict", "--ignore", "duplicate-card"]
    assert main([*arguments, "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 7
    assert err == ""


def test_quiet_prints_no_problems_but_errors(
    repeated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(repeated), str(tmp_path / "absent.txt"), "-q"]) == 1
    assert (
        capsys.readouterr().err
        == f"paperparse: {tmp_path / 'absent.txt'}: no such file or folder\n"
    )


def test_an_unknown_problem_code_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--ignore", "duplicate-cards"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(
        "paperparse: parse: argument --ignore: 'duplicate-cards' is no problem code (known: "
    )


def test_strict_with_ignore_passes_the_corpus_trending_dumps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    dumps = sorted((CORPUS / "text").glob("trending-*")) if CORPUS.is_dir() else []
    if not dumps:
        pytest.skip("../shared/corpus is not present beside the repository")
    arguments = ["parse", *map(str, dumps), "--strict", "--format", "jsonl"]
    assert main(arguments) == 1
    capsys.readouterr()
    assert main([*arguments, "--ignore", "duplicate-card"]) == 0
    assert len(capsys.readouterr().out.splitlines()) > 10
