"""Command line over folders and archives: parse, inspect and merge."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import tarfile
import zipfile
from pathlib import Path

import pytest

from paperparse.cli import main

from .conftest import FIXTURES

TEXT = FIXTURES / "text"
SEED = TEXT / "seed_search.txt"
TWO_DAYS = (
    "Daily Papers\n{date}\n\nSubmitted by\nakhaliq\n{upvotes}\nThe Same Paper\n\u00b7\n3 authors\n"
    "2\nSubmitted by\nnielsr\n7\nA Paper Seen Once On {date}\n\u00b7\n2 authors\n"
)


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    folder = tmp_path / "dumps"
    (folder / "nested").mkdir(parents=True)
    (folder / "a.txt").write_text(TWO_DAYS.format(date="Aug 1", upvotes=10), encoding="utf-8")
    (folder / "nested" / "b.txt").write_text(
        TWO_DAYS.format(date="Aug 2", upvotes=25), encoding="utf-8"
    )
    (folder / "notes.csv").write_text("not,a,page\n", encoding="utf-8")
    return folder


def test_parse_walks_folders_and_skips_other_files(
    dumps: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["parse", str(dumps), "--format", "jsonl", "--reference-date", "2024-08-03"])
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [(row["title"], row["upvotes"]) for row in rows] == [
        ("The Same Paper", 10),
        ("A Paper Seen Once On Aug 1", 7),
        ("The Same Paper", 25),
        ("A Paper Seen Once On Aug 2", 7),
    ]
    # The one file that is no page is named in one line, without failing the run.
    assert (
        err == f"paperparse: skipped 1 file(s) that are not pages (1 by name): {dumps}/notes.csv\n"
    )


def test_glob_selects_files(dumps: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["parse", str(dumps), "--glob", "b.*", "--format", "jsonl"])
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 2


def test_parse_reads_zip_and_tar_archives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zipped = tmp_path / "pages.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(SEED, "inner/seed.txt")
    tarred = tmp_path / "pages.tar.gz"
    with tarfile.open(tarred, "w:gz") as archive:
        data = SEED.read_bytes()
        info = tarfile.TarInfo("seed.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    assert main(["parse", str(zipped), str(tarred), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 90
    assert rows[0]["source"] == f"{zipped}:inner/seed.txt"
    assert rows[-1]["source"] == f"{tarred}:seed.txt"


def test_output_file_and_problems_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.json"
    assert main(["parse", str(SEED), "-o", str(output), "--problems-json"]) == 0
    (listing,) = json.loads(output.read_text(encoding="utf-8"))
    assert len(listing["papers"]) == 45
    (problem,) = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert problem["code"] == "missing-metadata"
    assert problem["location"]["line"] == 309


def test_jobs_give_the_same_output(dumps: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["parse", str(dumps), "--format", "jsonl"])
    one = capsys.readouterr().out
    main(["parse", str(dumps), "--format", "jsonl", "--jobs", "2"])
    assert capsys.readouterr().out == one


def test_strict_turns_problems_into_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED), "--strict", "--format", "jsonl"]) == 1
    assert "missing-metadata" in capsys.readouterr().err


def test_inspect(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(TEXT / "search_firecrawl.md")]) == 0
    out = capsys.readouterr().out
    assert "format:       markdown" in out
    assert "page kind:    search" in out
    assert "layers read:  front-matter, markdown" in out
    assert "#1 Pruning Graphs *Before* Training" in out
    assert "    upvotes:         1056" in out
    assert "    location: lines 22-33" in out
    assert "    upvotes:         1056  <- markdown line 22" in out


def test_inspect_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "no-such-file.txt"]) == 1
    assert capsys.readouterr().err == "paperparse: no-such-file.txt: no such file or folder\n"


def test_merge_to_sqlite_is_idempotent(dumps: Path, tmp_path: Path) -> None:
    database = tmp_path / "papers.sqlite"
    arguments = ["merge", str(dumps), "-o", str(database), "--reference-date", "2024-08-03"]
    assert main(arguments) == 0
    assert main(arguments) == 0  # a re-run changes nothing
    with sqlite3.connect(database) as connection:
        (papers,) = connection.execute("SELECT count(*) FROM papers").fetchone()
        (appearances,) = connection.execute("SELECT count(*) FROM appearances").fetchone()
        history = connection.execute(
            """
            SELECT p.title, group_concat(a.day || '=' || a.upvotes, ' ')
            FROM papers AS p
            JOIN (SELECT * FROM appearances ORDER BY day) AS a USING (paper_key)
            GROUP BY p.paper_key
            HAVING count(DISTINCT a.day) > 1
            """
        ).fetchall()
    assert (papers, appearances) == (3, 4)
    assert history == [("The Same Paper", "2024-08-01=10 2024-08-02=25")]


def test_merge_to_jsonl(dumps: Path, tmp_path: Path) -> None:
    output = tmp_path / "papers.jsonl"
    assert main(["merge", str(dumps), "-o", str(output), "--reference-date", "2024-08-03"]) == 0
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    same = next(record for record in records if record["title"] == "The Same Paper")
    assert [(a["day"], a["upvotes"], a["comments"]) for a in same["appearances"]] == [
        ("2024-08-01", 10, 2),
        ("2024-08-02", 25, 2),
    ]


def _warc_record(kind: str, uri: str, payload: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2024-08-02T03:15:22Z\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload + b"\r\n\r\n"


def test_parse_reads_the_paper_pages_of_a_web_crawl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (FIXTURES / "html" / "daily_hydrated.html").read_bytes()
    api = (FIXTURES / "json" / "daily_2025.json").read_bytes()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(api), api)
    ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    crawl = b"".join(
        [
            _warc_record("warcinfo", "", b"software: a crawler\r\n"),
            _warc_record("request", "https://huggingface.co/papers", b"GET /papers HTTP/1.1"),
            _warc_record("response", "https://huggingface.co/papers?date=2024-08-01", ok + page),
            _warc_record("response", "https://huggingface.co/front/style.css", ok + b"a{}"),
            _warc_record(
                "response",
                "https://huggingface.co/api/daily_papers",
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked,
            ),
            _warc_record(
                "response", "https://huggingface.co/papers/x", b"HTTP/1.1 301 Moved\r\n\r\n"
            ),
        ]
    )
    for name, data in (("crawl.warc", crawl), ("crawl.warc.gz", gzip.compress(crawl))):
        archive = tmp_path / name
        archive.write_bytes(data)
        assert main(["parse", str(archive), "--format", "jsonl"]) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        # Two papers from the page, two from the API; the stylesheet and redirect are skipped.
        assert [row["arxiv_id"] for row in rows] == [
            "2407.21783",
            "2407.21705",
            "2510.00003",
            "2510.00004",
        ]
        assert rows[0]["source"] == f"{archive}:https://huggingface.co/papers?date=2024-08-01"


def test_a_file_that_is_no_web_crawl_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "broken.warc"
    archive.write_bytes(b"not a crawl at all\n")
    assert main(["parse", str(archive)]) == 1
    assert "not a WARC record" in capsys.readouterr().err


@pytest.mark.parametrize(
    "crawl",
    [
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: -5\r\n\r\nxx",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\n",
        b"WARC/1.0\r\n" + b"X-Header: y\r\n" * 2000,
        b"WARC/1.0\r\nWARC-Type: response\r\n"
        b"WARC-Target-URI: https://huggingface.co/papers\r\nContent-Length: 999999\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"WARC/1.0\r\n" + b"x" * 200_000,
    ],
    ids=["negative-length", "bad-length", "endless-headers", "cut-short", "endless-line"],
)
def test_broken_crawls_are_reported_not_crashes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], crawl: bytes
) -> None:
    archive = tmp_path / "broken.warc"
    archive.write_bytes(crawl)
    assert main(["parse", str(archive)]) in (0, 1)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
