"""Source stage: input types, decoding and format sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest

import paperparse
from paperparse import ParseError
from paperparse._sources.loading import load, sniff

LISTING = "A title\nAn abstract.\n\u2022 2 authors\n\u00b7\nJan 2, 2024\n"


@pytest.mark.parametrize("source", [12, None, 3.5, ["text"]], ids=repr)
def test_wrong_types_get_a_helpful_type_error(source: object) -> None:
    with pytest.raises(TypeError, match=r"expected str .*bytes or a path"):
        paperparse.parse(source)  # type: ignore[arg-type]


def test_reference_date_must_be_a_date() -> None:
    with pytest.raises(TypeError, match="reference_date"):
        paperparse.parse(LISTING, reference_date="2025-01-01")  # type: ignore[arg-type]


def test_str_bytes_and_path_give_the_same_papers(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(LISTING, encoding="utf-8")
    from_str = paperparse.parse(LISTING).papers
    assert paperparse.parse(LISTING.encode()).papers == from_str
    assert paperparse.parse(path).papers == from_str
    assert paperparse.parse(path).source == str(path)


def test_missing_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read file"):
        paperparse.parse(tmp_path / "absent.txt")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[{"paper": {}}]', "json"),
        ('  {"id": "1"}', "json"),
        ("<!DOCTYPE html><html>", "html"),
        ("<html lang=en>", "html"),
        ("<!-- saved from url -->\n<html>", "html"),
        ("---\nurl: x\n---\n# Title", "markdown"),
        ("### [Title](https://huggingface.co/papers/1)", "markdown"),
        (LISTING, "text"),
        ("An abstract mentioning <div> tags", "text"),
        ("# A heading first", "markdown"),
        ("Some text\n## A later heading", "markdown"),
        ("Some text\n[1]: https://example.org/x", "markdown"),  # a link definition
        ("see [the code](/papers/2401.00001)", "markdown"),
        ("#hashtag\n[a note in brackets]\n- no link", "text"),
        ("####### seven hashes\n-- \n", "text"),
        # Markdown whose first character is a bracket is no JSON array.
        ("[![logo](/front/logo.svg) Hugging Face](/)\n\n* [Models](/models)", "markdown"),
        ("[101](https://huggingface.co/login?next=%2Fpapers%2F2401.00001)\n### [A](x)", "markdown"),
        ("[-](https://huggingface.co/login)\n", "markdown"),
        ("[1]: https://example.org\n", "markdown"),
        ("[[1], [2]]", "json"),
        ("[\n  true\n]", "json"),
        ("[-1]", "json"),
    ],
)
def test_sniff(text: str, expected: str) -> None:
    assert sniff(text) == expected


def test_load_strips_bom_from_text() -> None:
    assert load("\ufeffhello").text == "hello"


def test_a_file_name_passed_as_str_gets_a_hint() -> None:
    with pytest.raises(ParseError, match=r"pass pathlib\.Path\('saved/page\.txt'\)"):
        paperparse.parse("saved/page.txt")


def test_text_bytes_in_no_known_encoding_are_read_and_flagged() -> None:
    data = ("Daily Papers\n" + LISTING.replace("A title", "Caf\u00e9 \u2013 a title")).encode(
        "cp1252"
    )
    listing = paperparse.parse(data)
    assert listing.papers[0].title == "Caf\u00e9 \u2013 a title"
    assert [(p.code, p.location.line) for p in listing.problems] == [("encoding-guessed", 2)]
    assert paperparse.parse(data.decode("cp1252").encode()).problems == ()  # UTF-8: no guess


def _zip_of(page: str) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("page.txt", page)
    return buffer.getvalue()


def _tar_of(page: str) -> bytes:
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        member = tarfile.TarInfo("page.txt")
        member.size = len(page.encode())
        archive.addfile(member, io.BytesIO(page.encode()))
    return buffer.getvalue()


@pytest.mark.parametrize(("pack", "kind"), [(_zip_of, "zip"), (_tar_of, "tar")])
def test_an_archive_handed_over_as_one_document_is_refused_not_read_as_text(
    pack: object, kind: str, tmp_path: Path
) -> None:
    import gzip

    data = pack(LISTING)  # type: ignore[operator]
    path = tmp_path / "page.txt"  # a name that says page: the bytes say archive
    path.write_bytes(data)
    for source in (data, gzip.compress(data), path):
        with pytest.raises(ParseError, match=rf"a {kind} archive, which holds many documents"):
            paperparse.parse(source)


def test_an_endless_file_is_refused_at_the_input_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from paperparse._sources import loading

    monkeypatch.setattr(loading, "MAX_INPUT_BYTES", 1 << 20)
    with pytest.raises(ParseError, match=r"input too large: over the 1 MiB bound"):
        paperparse.parse(Path("/dev/zero"))
    with pytest.raises(ParseError, match="input too large"):
        paperparse.parse(b"x" * (2 << 20))
    with pytest.raises(ParseError, match="input too large"):
        paperparse.parse("x" * (2 << 20))
