"""Source stage: ``parse(document, source=...)`` names any document, a str or bytes too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import paperparse
from paperparse import ParseError

from ..conftest import FIXTURES

LISTING = "A title\nAn abstract.\n\u2022 2 authors\n\u00b7\nJan 2, 2024\n"
YEAR_LESS = "Daily Papers\nAug 1\n\nSubmitted by\nakhaliq\n10\nA Paper\n\u00b7\n3 authors\n"


def test_a_str_is_named_by_source() -> None:
    assert paperparse.parse(LISTING).source is None
    assert paperparse.parse(LISTING, source="x").source == "x"


def test_bytes_are_named_by_source() -> None:
    assert paperparse.parse(LISTING.encode()).source is None
    assert paperparse.parse(LISTING.encode(), source="x").source == "x"


def test_source_goes_over_a_paths_own_name(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(LISTING, encoding="utf-8")
    assert paperparse.parse(path).source == str(path)
    assert paperparse.parse(path, source="saved/2024-01-02.txt").source == "saved/2024-01-02.txt"


def test_a_named_web_archive_keeps_its_name() -> None:
    data = (FIXTURES / "html" / "daily_hydrated.mhtml").read_bytes()
    assert paperparse.parse(data, source="x.mhtml").source == "x.mhtml"


def test_an_export_read_back_is_named_by_source_over_its_rows() -> None:
    exported = json.dumps(paperparse.parse(LISTING, source="first").to_dict())
    assert paperparse.parse(exported).source == "first"
    assert paperparse.parse(exported, source="second").source == "second"


def test_a_documents_error_carries_its_name() -> None:
    with pytest.raises(ParseError, match="no paper card found") as raised:
        paperparse.parse(b"Some notes, and no papers in them.\n", source="notes.txt")
    assert raised.value.source == "notes.txt"


def test_a_missing_files_error_carries_the_name_given(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read file") as raised:
        paperparse.parse(tmp_path / "absent.txt", source="absent")
    assert raised.value.source == "absent"


def test_strict_mode_names_the_document() -> None:
    with pytest.raises(ParseError) as raised:
        paperparse.parse(YEAR_LESS, source="x", strict=True)  # "Aug 1" of no year
    assert (raised.value.code, raised.value.source) == ("has-problems", "x")


@pytest.mark.parametrize("source", [12, b"x", Path("x")], ids=repr)
def test_a_source_that_is_no_str_is_a_type_error(source: object) -> None:
    with pytest.raises(TypeError, match=r"source must be a str"):
        paperparse.parse(LISTING, source=source)  # type: ignore[arg-type]
