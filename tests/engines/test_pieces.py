"""Planning a distributed read: which files, in which order, split where, grouped how."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paperparse._engines.pieces import Piece, partitions, plan
from paperparse._sources.named import Skipped

pytest.importorskip("fsspec", reason="the dask or spark extra is not installed")


def _tree(root: Path) -> Path:
    for name, size in {"b/2.html": 10, "a/1.json": 20, "a/.hidden.html": 5, "notes.pdf": 3,
                       ".git/x.html": 1, "crawl.warc.gz": 1000}.items():  # fmt: skip
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return root


def test_a_folder_is_walked_as_the_command_line_walks_it(tmp_path: Path) -> None:
    planned = plan(str(_tree(tmp_path)))
    root = os.path.realpath(tmp_path)
    assert [(type(item).__name__, item.name) for item in planned] == [
        ("Piece", f"{root}/a/1.json"),
        ("Piece", f"{root}/b/2.html"),
        ("Piece", f"{root}/crawl.warc.gz"),
        ("Skipped", f"{root}/notes.pdf"),  # no glob takes it; hidden files are not walked
    ]
    assert all(item.walked for item in planned if isinstance(item, Piece))


def test_globs_choose_a_folders_pages(tmp_path: Path) -> None:
    planned = plan(str(_tree(tmp_path)), globs=["*.JSON"])
    names = [Path(item.name).name for item in planned if isinstance(item, Piece)]
    assert names == ["1.json", "crawl.warc.gz"]  # crawls are always opened


def test_a_file_named_or_globbed_is_taken_as_named(tmp_path: Path) -> None:
    _tree(tmp_path)
    (named,) = plan(str(tmp_path / "notes.pdf"))
    assert isinstance(named, Piece)
    assert not named.walked
    globbed = plan(str(tmp_path / "*/*.html"))
    assert [Path(item.name).name for item in globbed] == ["2.html"]  # a glob skips hidden


def test_a_large_crawl_is_split_into_ranges_that_cover_it(tmp_path: Path) -> None:
    _tree(tmp_path)
    pieces = plan(str(tmp_path / "crawl.warc.gz"), split_bytes=300)
    assert [(piece.start, piece.stop, piece.size) for piece in pieces] == [
        (0, 300, 300), (300, 600, 300), (600, 900, 300), (900, None, 100),
    ]  # fmt: skip
    assert plan(str(tmp_path / "crawl.warc.gz"), split_bytes=1000)[0].stop is None  # whole
    with pytest.raises(ValueError, match="split_bytes"):
        plan(str(tmp_path), split_bytes=0)


def test_partitions_group_small_files_and_keep_each_range_alone(tmp_path: Path) -> None:
    _tree(tmp_path)
    planned = [*plan(str(tmp_path / "a")), *plan(str(tmp_path / "crawl.warc.gz"), split_bytes=600)]
    planned += plan(str(tmp_path / "b"))
    groups = partitions(planned, target_bytes=25)
    shape = [[number for number, _ in group] for group in groups]
    assert shape == [[0], [1], [2], [3]]  # the file, each range alone, the last file
    assert [[n for n, _ in group] for group in partitions(planned[:1] * 3, target_bytes=50)] == [
        [0, 1, 2]
    ]
    assert isinstance(planned[0], Piece)
    assert not any(isinstance(item, Skipped) for item in planned)


def test_paths_may_be_path_objects(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert plan(tmp_path / "notes.pdf") == plan(str(tmp_path / "notes.pdf"))
    assert plan([tmp_path / "a", tmp_path / "b"]) == plan(
        [str(tmp_path / "a"), str(tmp_path / "b")]
    )


def test_a_path_that_names_nothing_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        plan(str(tmp_path / "missing"))
