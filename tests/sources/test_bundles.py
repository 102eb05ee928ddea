"""Source stage for batches: zip and tar archives, found by name or by content, read whole
or reported where they break."""

from __future__ import annotations

import gzip
import io
import random
import sys
import tarfile
import types
import zipfile
from pathlib import Path

import pytest

from paperparse import ParseError
from paperparse._sources.inputs import Input, expand

PAGES = {f"page{number}.txt": f"Title {number}\nAn abstract.\n2 authors\n\u00b7\nJan 2, 2024\n"
         for number in range(6)}  # fmt: skip


def _tar(compression: str = "") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=f"w:{compression}") as archive:
        for name, text in PAGES.items():
            member = tarfile.TarInfo(name)
            member.size = len(text.encode())
            archive.addfile(member, io.BytesIO(text.encode()))
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in PAGES.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _read(path: Path) -> tuple[dict[str, bytes], list[str]]:
    pages, errors = {}, []
    for found in expand([str(path)]):
        if isinstance(found, ParseError):
            errors.append(found.message)
        else:
            assert found.data is not None
            pages[found.name.rpartition(":")[2]] = found.data
    return pages, errors


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("pages.tar", _tar()),
        ("pages.tar.gz", _tar("gz")),
        ("pages.tar.bz2", _tar("bz2")),
        ("pages.tar.xz", _tar("xz")),
        ("pages.zip", _zip()),
        ("saved.txt", _zip()),  # the content says archive, whatever the name says
        ("saved.txt", _tar()),
        ("saved.gz", _tar("gz")),
    ],
)
def test_every_member_of_an_archive_is_an_input(name: str, data: bytes, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    pages, errors = _read(path)
    assert (pages, errors) == ({key: text.encode() for key, text in PAGES.items()}, [])


def test_a_damaged_tar_header_after_the_first_member_is_reported_not_taken_for_the_end(
    tmp_path: Path,
) -> None:
    data = bytearray(_tar())
    second = data.index(b"page1.txt")  # the second member's header
    data[second : second + 100] = b"\xff" * 100
    path = tmp_path / "pages.tar"
    path.write_bytes(bytes(data))
    pages, errors = _read(path)
    assert list(pages) == ["page0.txt"]
    assert len(errors) == 1
    assert "damaged after byte 1024" in errors[0]
    assert "members after it could not be read" in errors[0]


def test_a_tar_gz_damaged_anywhere_gives_every_member_or_says_so(tmp_path: Path) -> None:
    packed = _tar("gz")
    rng = random.Random(15)
    path = tmp_path / "pages.tar.gz"
    for _ in range(60):
        data = bytearray(packed)
        data[rng.randrange(10, len(data))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        pages, errors = _read(path)
        assert len(pages) == len(PAGES) or errors, "members vanished without a word"


def test_a_cut_tar_gz_says_so(tmp_path: Path) -> None:
    packed = _tar("gz")
    path = tmp_path / "pages.tar.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    pages, errors = _read(path)
    assert len(pages) < len(PAGES)
    assert errors


@pytest.mark.parametrize("data", [_zip(), _tar(), _tar("gz")], ids=["zip", "tar", "tar.gz"])
def test_an_archive_on_standard_input_is_opened(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))
    found = list(expand(["-"]))
    assert [item.name for item in found if isinstance(item, Input)] == [
        f"<stdin>:{name}" for name in PAGES
    ]


def test_a_page_on_standard_input_is_one_input(monkeypatch: pytest.MonkeyPatch) -> None:
    page = gzip.compress(PAGES["page0.txt"].encode())
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(page)))
    assert list(expand(["-"])) == [Input("<stdin>", data=page)]
