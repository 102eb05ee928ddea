"""Source stage: bytes to text. Damage is replaced and reported, other encodings detected."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import attrs
import pytest

import paperparse
from paperparse._batch.export import render
from paperparse._sources.decoding import Decoded, decode_detected

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = (FIXTURES / "text" / "seed_search.txt").read_text(encoding="utf-8")
SEED_TITLES = [paper.title for paper in paperparse.parse(SEED).papers]


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        (codecs.BOM_UTF8 + "café".encode(), None, Decoded("café", "utf-8")),
        (codecs.BOM_UTF16_LE + "café".encode("utf-16-le"), None, Decoded("café", "utf-16-le")),
        ("café".encode(), "shift_jis", Decoded("café", "utf-8")),  # valid UTF-8 beats the label
        ("カフェ".encode("shift_jis"), "Shift_JIS", Decoded("カフェ", "shift_jis")),
        # not in cp1252: latin-1 keeps them
        (b"\x81\x8d", None, Decoded("\x81\x8d", "cp1252", "the fallback for Latin text")),
    ],
)
def test_decode(data: bytes, declared: str | None, expected: Decoded) -> None:
    assert decode_detected(data, declared=declared) == expected


def test_latin_text_in_no_declared_charset_is_read_as_cp1252_not_a_detector_guess() -> None:
    # A detector takes these accents for cp1250 ("naďve"); for Latin text cp1252 is right.
    text = "Café naïve résumé \u00b7 9 authors \u00b7 Grüße \u2022 \n" * 8
    assert len(text.encode("cp1252").translate(None, bytes(range(128)))) > 32  # detected
    decoded = decode_detected(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")
    assert decoded.guessed_by == "the fallback for Latin text"


def test_one_bad_byte_in_a_utf8_page_keeps_every_paper() -> None:
    data = bytearray(SEED.encode())
    at = data.index(b"Rethinking")
    data[at:at] = b"\xff"
    listing = paperparse.parse(bytes(data))
    assert [paper.title.replace("\ufffd", "") for paper in listing.papers] == SEED_TITLES
    replaced = [problem for problem in listing.problems if problem.code == "replaced-characters"]
    line = SEED[: SEED.index("Rethinking")].count("\n") + 1
    assert [(problem.location.line, problem.message[:16]) for problem in replaced] == [
        (line, "1 byte sequence(")
    ]
    assert "\\xffRethinking" in replaced[0].raw
    assert "encoding-guessed" not in {problem.code for problem in listing.problems}


def test_bad_bytes_spread_over_a_utf8_page_are_each_replaced_and_counted() -> None:
    lines = SEED.encode().split(b"\n")
    damaged = [number for number, line in enumerate(lines) if line][3::40]  # lines with text
    data = b"\n".join(line + b"\x80" if n in damaged else line for n, line in enumerate(lines))
    listing = paperparse.parse(data)
    (replaced,) = [problem for problem in listing.problems if problem.code == "replaced-characters"]
    assert f"{len(damaged)} byte sequence(s)" in replaced.message
    assert replaced.location.line == damaged[0] + 1
    assert len(listing.papers) == len(SEED_TITLES)


@pytest.mark.parametrize(
    ("encoding", "title", "detected"),
    [
        ("shift_jis", "大規模言語モデルによる推論の研究", {"shift_jis", "cp932"}),
        ("gbk", "大规模语言模型的推理能力研究", {"gbk", "gb18030", "gb2312"}),
        ("euc_kr", "대규모 언어 모델의 추론 능력 연구", {"euc_kr", "cp949"}),
        ("cp1251", "Исследование больших языковых моделей", {"cp1251"}),
    ],
)
def test_a_page_saved_in_another_encoding_is_detected_and_the_guess_reported(
    encoding: str, title: str, detected: set[str]
) -> None:
    # A save in a legacy encoding turns what it cannot hold into its own characters: in
    # Shift-JIS the card's middle dot becomes the katakana one, "・".
    page = SEED.replace("Rethinking the shape convention of an MLP", title)
    dot = "\u30fb" if encoding == "shift_jis" else "\u00b7"
    data = page.replace("\u00b7", dot).encode(encoding, errors="replace")
    listing = paperparse.parse(data)
    assert title in [paper.title for paper in listing.papers]
    assert len(listing.papers) == len(SEED_TITLES)
    (guess,) = [problem for problem in listing.problems if problem.code == "encoding-guessed"]
    named = guess.message.split("read as ")[1].split(" ")[0]
    assert codecs.lookup(named).name.replace("-", "_") in detected
    assert "charset-normalizer" in guess.message


def _every_output_writes(listing: paperparse.Listing, folder: Path) -> None:
    for output_format in ("json", "jsonl", "csv"):
        render(listing, output_format=output_format).text.encode("utf-8")
    # A Collection keys appearances by source, which a str has none of (issue 17).
    named = attrs.evolve(listing, source="page")
    paperparse.Collection([named]).to_sqlite(folder / "papers.db")


def test_a_lone_surrogate_in_a_str_is_replaced_and_reported(tmp_path: Path) -> None:
    page = SEED.replace("Rethinking", "Re\ud800thinking")
    listing = paperparse.parse(page)
    assert "Re\ufffdthinking the shape convention of an MLP" in [p.title for p in listing.papers]
    (problem,) = [problem for problem in listing.problems if problem.code == "replaced-characters"]
    assert problem.location.line == SEED[: SEED.index("Rethinking")].count("\n") + 1
    assert "\\ud800" in problem.raw
    _every_output_writes(listing, tmp_path)


def test_lone_surrogates_in_json_are_replaced_and_reported_at_their_pointer(
    tmp_path: Path,
) -> None:
    items = json.loads((FIXTURES / "json" / "daily_2025.json").read_text(encoding="utf-8"))
    items[1]["paper"]["title"] = "A \ud800 title"
    items[0]["paper"]["summary"] = "Low \udc00 and a pair \ud83d\ude00 kept."
    document = json.dumps(items)  # ensure_ascii: the surrogates are \u escapes
    listing = paperparse.parse(document)
    assert listing.papers[1].title == "A \ufffd title"
    assert listing.papers[0].abstract == "Low \ufffd and a pair \U0001f600 kept."
    (problem,) = [problem for problem in listing.problems if problem.code == "replaced-characters"]
    assert problem.location.path == "/0/paper/summary"  # the first in document order
    assert problem.message.startswith("2 strings")
    _every_output_writes(listing, tmp_path)
    lines = "\n".join(json.dumps(item) for item in items)  # JSON Lines: located by line
    replaced = [p for p in paperparse.parse(lines).problems if p.code == "replaced-characters"]
    assert (replaced[0].location.line, replaced[0].location.path) == (1, "/paper/summary")


def test_one_stray_byte_in_a_nearly_ascii_page_is_no_sign_of_another_script() -> None:
    """Found by the fuzzer: a detector, handed the page, took the byte for GB18030 and the
    card after it for the end of the page. Too few non-ASCII bytes to go on: cp1252."""
    page = (FIXTURES / "text" / "daily_html2text.md").read_bytes()
    assert len(page.translate(None, bytes(range(128)))) < 8  # a dot or two of UTF-8
    at = page.index(b"Representation") + 5
    listing = paperparse.parse(page[:at] + b"\xfe" + page[at:])
    assert [paper.arxiv_id for paper in listing.papers] == [
        paper.arxiv_id for paper in paperparse.parse(page).papers
    ]
    # The page's own "·" is plain UTF-8 beside it: one bad byte, replaced and reported.
    (problem,) = listing.problems
    assert (problem.code, problem.raw.count("\\xfe")) == ("replaced-characters", 1)
    assert "Repre\ufffdsentation" in listing.papers[0].title


@pytest.mark.parametrize("bom", [codecs.BOM_UTF32_LE, codecs.BOM_UTF16_BE, b""], ids=repr)
def test_bytes_invalid_everywhere_decode_in_linear_time(bom: bytes) -> None:
    """Found by the fuzzer: a UTF-32 BOM before a page of other bytes took 60 s for 6 MB,
    the codec run again over the rest of the document after each of a million errors."""
    import time

    def cost(size: int) -> float:
        data = bom + bytes(range(128, 256)) * (size // 128)
        start = time.perf_counter()
        decoded = decode_detected(data)
        assert decoded.text
        return time.perf_counter() - start

    small, large = min(cost(100_000) for _ in range(2)), min(cost(1_000_000) for _ in range(2))
    assert large < max(small, 0.002) * 25, f"{small=:.4f}s {large=:.4f}s"
