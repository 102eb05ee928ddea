"""Source stage: bytes to text as a browser reads them, saying so when it had to guess or
replace.

The order: a BOM; valid UTF-8; UTF-8 with a few bad bytes replaced, when the rest of the
document is plainly UTF-8; the charset the page declares; a detector's guess
(charset-normalizer) for a document in another script; cp1252, what browsers fall back to
for Latin text. What the bytes did not say is a ``Problem``, never a quiet guess.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from typing import Final

import attrs

from .._model import Location, Problem

_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A <meta charset> or http-equiv content type in the first bytes of an HTML document.
_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*(?P<charset>[A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_CHARSET_WINDOW: Final = 4096
# What bytes that are neither UTF-8 nor declared are read as when the text is Latin.
FALLBACK_ENCODING: Final = "cp1252"
# Valid multi-byte UTF-8 characters a document needs per bad sequence to be read as UTF-8
# with the bad bytes replaced. Text in another encoding forms valid sequences by chance:
# Shift-JIS, GBK, Big5 and EUC-KR text about one such character per ten bad sequences,
# Latin and Cyrillic text none.
_UTF8_EVIDENCE: Final = 1
# A detected guess is taken only for text in a script cp1252 cannot show: for Latin text a
# detector cannot tell cp1252 from cp1250 or cp1257 on a page's worth of accents.
_LATIN_BLOCKS: Final = re.compile(
    r"Latin|Punctuation|Control|Symbol|Mathematical|Arrows|Number Forms|Letterlike|Spacing"
)
_DETECTOR: Final = "charset-normalizer"
# Below this many non-ASCII bytes a detector's guess is noise (two bytes read as Korean).
_DETECTOR_MIN_BYTES: Final = 32
_ASCII: Final = bytes(range(128))
# The detector reads the lines that hold non-ASCII bytes: in a page of English abstracts
# the ASCII drowns a Japanese title's few bytes, and the detector's guess with them.
_NON_ASCII: Final = re.compile(rb"[\x80-\xff]")
_SAMPLE_BYTES: Final = 64 * 1024
_SAMPLE_LINE: Final = 1000  # bytes either side of a non-ASCII one, for one-line documents
_EXCERPT: Final = 40  # bytes either side of the first doubtful one, for a problem's raw
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


@attrs.frozen
class Decoded:
    """Decoded text, what it was decoded with, and how sure that is."""

    text: str
    encoding: str
    guessed_by: str | None = None  # the detector or fallback that chose, when nothing said
    replaced: int = 0  # invalid byte sequences replaced by U+FFFD
    first_replaced: int = -1  # byte offset of the first of them (about, in a stateful codec)

    def problems(self, data: bytes) -> tuple[Problem, ...]:
        """What was doubtful in this decoding of ``data``, as problems."""
        found = []
        if self.guessed_by is not None:
            found_at = _NON_ASCII.search(data)  # one scan in C, not a Python step a byte
            first = found_at.start() if found_at else 0
            found.append(
                Problem(
                    "encoding-guessed",
                    f"the bytes are not UTF-8 and declare no known charset: read as "
                    f"{self.encoding} ({self.guessed_by}), so non-ASCII characters may be "
                    "wrong",
                    _at_byte(data, first),
                    _excerpt(data, first),
                )
            )
        if self.replaced:
            found.append(
                Problem(
                    "replaced-characters",
                    f"{self.replaced} byte sequence(s) not valid in {self.encoding} were "
                    "replaced by U+FFFD",
                    _at_byte(data, self.first_replaced),
                    _excerpt(data, self.first_replaced),
                )
            )
        return tuple(found)


def decode_detected(
    data: bytes, *, declared: str | None = None, look_for_declared: bool = False
) -> Decoded:
    """Bytes decoded as a browser would, with ``declared`` the charset a page names (or,
    with ``look_for_declared``, the one its <meta> names, looked for only when needed).

    Valid UTF-8 beats the declared charset: pages re-saved as UTF-8 often keep the label
    of the charset they were first written in.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _replacing(data, encoding, start=len(bom))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")  # validating is decoding: once
    except UnicodeDecodeError:
        pass
    if (mostly_utf8 := _utf8_with_damage(data)) is not None:
        return mostly_utf8
    if declared is None and look_for_declared:
        declared = declared_charset(data)
    if declared:
        try:
            encoding = codecs.lookup(declared).name
        except LookupError:
            pass
        else:
            return _replacing(data, encoding)
    return _guessed(data)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document's <meta> declares near its start."""
    match = _META_CHARSET.search(data[:_CHARSET_WINDOW])
    return match["charset"].decode("ascii") if match else None


def _replacing(data: bytes, encoding: str, *, start: int = 0) -> Decoded:
    """``data[start:]`` decoded with each invalid sequence replaced by U+FFFD, counted.

    One pass of the codec: decoding again after each error costs the rest of the document
    per error, which a hostile one has on every byte.
    """
    body = data[start:] if start else data
    text = body.decode(encoding, errors="replace")
    # The replacement characters the codec put in, not those the document already held.
    replaced = text.count("\ufffd")
    if replaced:
        # A legacy charset has no U+FFFD of its own: then all of them are the codec's.
        with contextlib.suppress(UnicodeEncodeError):
            replaced -= body.count("\ufffd".encode(encoding))
    if replaced <= 0:
        return Decoded(text, encoding)
    first = text.find("\ufffd")
    offset = start + len(text[:first].encode(encoding, errors="replace"))
    return Decoded(text, encoding, replaced=replaced, first_replaced=offset)


def _utf8_with_damage(data: bytes) -> Decoded | None:
    """UTF-8 with its few bad bytes replaced, or None when the bytes are not UTF-8."""
    decoded = _replacing(data, "utf-8")
    # ASCII bytes decode to themselves, never into a replacement: the non-ASCII characters
    # beyond them that are no replacement are the valid multi-byte ones.
    ascii_count = len(data) - len(data.translate(None, _ASCII))
    valid = len(decoded.text) - ascii_count - decoded.replaced
    return decoded if valid >= _UTF8_EVIDENCE * decoded.replaced else None


def _guessed(data: bytes) -> Decoded:
    best = None
    if len(data.translate(None, _ASCII)) >= _DETECTOR_MIN_BYTES:  # the non-ASCII bytes
        from charset_normalizer import from_bytes  # loads only for bytes that are not UTF-8

        best = from_bytes(_non_ascii_lines(data)).best()
    if best is not None and not all(_LATIN_BLOCKS.search(block) for block in best.alphabets):
        decoded = _replacing(data, best.encoding)
        return attrs.evolve(decoded, guessed_by=f"guessed by {_DETECTOR}")
    try:
        text = data.decode(FALLBACK_ENCODING)
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so none is lost.
        text = data.decode("latin-1")
    return Decoded(text, FALLBACK_ENCODING, guessed_by="the fallback for Latin text")


def _non_ascii_lines(data: bytes) -> bytes:
    """The lines of ``data`` that hold non-ASCII bytes, up to ``_SAMPLE_BYTES``: each line
    is visited once."""
    sample: list[bytes] = []
    size = position = 0
    while size < _SAMPLE_BYTES and (match := _NON_ASCII.search(data, position)):
        at = match.start()
        start = data.rfind(b"\n", max(0, at - _SAMPLE_LINE), at) + 1 or max(0, at - _SAMPLE_LINE)
        end = data.find(b"\n", at, at + _SAMPLE_LINE)
        end = end if end >= 0 else min(len(data), at + _SAMPLE_LINE)
        sample.append(data[start:end])
        size += end - start
        position = end + 1
    return b"\n".join(sample)


def replace_surrogates(text: str) -> tuple[str, Problem | None]:
    """A str with its lone surrogates (which no file can hold) replaced by U+FFFD."""
    if text.isascii() or _encodes(text) or (match := _SURROGATE.search(text)) is None:
        return text, None
    count = len(_SURROGATE.findall(text, match.start()))
    problem = Problem(
        "replaced-characters",
        f"{count} lone surrogate(s), which no encoding can write, were replaced by U+FFFD",
        Location(line=text.count("\n", 0, match.start()) + 1),
        text[max(0, match.start() - _EXCERPT) : match.start() + _EXCERPT]
        .encode("ascii", errors="backslashreplace")
        .decode("ascii"),
    )
    return _SURROGATE.sub("\ufffd", text), problem


def _encodes(text: str) -> bool:
    """Whether ``text`` holds no lone surrogate: UTF-8's encoder finds one in C, a tenth of
    what the pattern's search costs, where there is none."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _at_byte(data: bytes, offset: int) -> Location:
    return Location(line=data.count(b"\n", 0, offset) + 1)


def _excerpt(data: bytes, offset: int) -> str:
    excerpt = data[max(0, offset - _EXCERPT) : offset + _EXCERPT]
    return excerpt.decode("ascii", errors="backslashreplace")
