"""Source stage: accept str, bytes or a path, decode, and sniff the input format."""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
from typing import Final, NamedTuple

import attrs

from .._model import ParseError

SourceLike = str | bytes | os.PathLike[str] | os.PathLike[bytes]
# The file endings pages are saved with: what a folder walk picks up by default.
PAGE_SUFFIXES: Final = (
    ".txt",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".mhtml",
    ".mht",
    ".webarchive",
    ".json",
)

_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Markup that only HTML has; looked for near the start so that an abstract that merely
# mentions "<div>" does not turn a text dump into HTML.
_HTML_START: Final = re.compile(
    r"""\A\s*(?:
        <!doctype\s+html        # a proper document
      | <html\b | <head\b | <body\b | <meta\b
      | <div\b | <article\b | <section\b | <main\b | <h[1-6]\b
      | <!--                   # a comment first, as browser saves write
      | <\?xml\b[^>]{0,200}\?>\s*<(?:!doctype\s+html|html\b)  # XHTML
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# An object or an array of values; "[text](url)" (a markdown link first) is no JSON.
_JSON_START: Final = re.compile(r'(?:\{|\[\s*(?:[\[{"\]\d-]|true|false|null|\Z))')
_LINK_START: Final = re.compile(r"\[[^\]\n]*\][(\[:]")  # [text](url), [text][ref], [ref]: url
_GZIP_MAGIC: Final = b"\x1f\x8b"
_WEBARCHIVE_MAGIC: Final = b"bplist00"  # Safari's .webarchive is a binary property list
# A web archive (MHTML): mail-style headers, one of them declaring a multipart/related body.
_MHTML_START: Final = re.compile(
    r"\A(?:[A-Za-z][\w-]*:[^\n]*\n(?:[ \t][^\n]*\n)*){0,40}?Content-Type:\s*multipart/related",
    re.IGNORECASE,
)
# A <meta charset> or http-equiv content type in the first bytes of an HTML document.
_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*(?P<charset>[A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_CHARSET_WINDOW: Final = 4096
# What bytes that are neither UTF-8 nor declared are read as, as browsers do.
FALLBACK_ENCODING: Final = "cp1252"

# Signs that a text dump is markdown rather than plain text. Each is searched on its own:
# one pattern with line-start alternatives is tried at every position, and costs more than
# parsing the page.
_MARKDOWN_WINDOW: Final = 65536
_INLINE_LINK: Final = re.compile(r"\]\((?:https?:|/)")  # [text](url)
_FRONT_MATTER: Final = re.compile(r"---\s*\n")  # YAML front matter, at the very start
_LINE_SIGNS: Final = {
    "#": re.compile(r"\#{1,6}\s"),  # an ATX heading
    "[": re.compile(r"\[[^\]\n]+\]:\s*\S"),  # a reference-style link definition
}


@attrs.frozen
class Source:
    """A decoded document and what it appears to be."""

    text: str
    name: str | None
    data: bytes | None  # the original bytes
    encoding: str | None  # what ``data`` was decoded with; None for a str source
    input_format: str
    encoding_guessed: bool = False  # no BOM, not UTF-8, no usable declared charset
    saved_from: str | None = None  # what a web archive says of its page: the URL
    saved_on: dt.date | None = None  # and the day it was saved


class Decoded(NamedTuple):
    text: str
    encoding: str
    guessed: bool  # the fallback: nothing in the bytes said what they are


def load(source: object) -> Source:
    """Read and decode ``source``, then sniff its format."""
    name: str | None = None
    if isinstance(source, str):
        text = source.removeprefix("\ufeff")
        input_format = sniff(text)
        if input_format == "mhtml":
            return _open_archive(text.encode("utf-8", errors="replace"), name, "mhtml")
        return Source(text=text, name=None, data=None, encoding=None, input_format=input_format)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, os.PathLike):
        name = os.fsdecode(source)
        try:
            with open(source, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise ParseError(f"cannot read file: {exc.strerror or exc}", source=name) from exc
    else:
        raise TypeError(
            "expected str (the document), bytes or a path (os.PathLike), "
            f"got {type(source).__name__}"
        )
    if data.startswith(_GZIP_MAGIC):
        from .web_archives import inflate

        inflated = inflate(data)
        if inflated is None:
            raise ParseError(
                "a gzip-compressed file that is broken or inflates too far", source=name
            )
        data = inflated
    if data.startswith(_WEBARCHIVE_MAGIC):
        return _open_archive(data, name, "webarchive")
    decoded = decode_detected(data)
    input_format = sniff(decoded.text)
    if input_format == "mhtml":
        return _open_archive(data, name, "mhtml")
    if decoded.guessed and input_format == "html":
        # Only now is it known to be HTML, whose <meta charset> says what the bytes are.
        decoded = decode_detected(data, declared=declared_charset(data))
    return Source(
        text=decoded.text.removeprefix("\ufeff"),
        name=name,
        data=data,
        encoding=decoded.encoding,
        input_format=input_format,
        encoding_guessed=decoded.guessed,
    )


def _open_archive(data: bytes, name: str | None, kind: str) -> Source:
    from .web_archives import open_mhtml, open_webarchive  # email and plistlib load only here

    page = open_mhtml(data) if kind == "mhtml" else open_webarchive(data)
    if page is None:
        raise ParseError(f"a web archive ({kind}) with no HTML page in it", source=name)
    decoded = decode_detected(page.html, declared=page.charset or declared_charset(page.html))
    return Source(
        text=decoded.text.removeprefix("\ufeff"),
        name=name,
        data=page.html,
        encoding=decoded.encoding,
        input_format=kind,
        encoding_guessed=decoded.guessed,
        saved_from=page.url,
        saved_on=page.saved,
    )


def decode_detected(data: bytes, *, declared: str | None = None) -> Decoded:
    """Bytes decoded as a browser would.

    A BOM wins, then valid UTF-8, then the ``declared`` charset (an HTML page's <meta>),
    then cp1252, what browsers fall back to. Valid UTF-8 beats the declared charset: pages
    re-saved as UTF-8 often keep the label of the charset they were first written in.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(encoding, errors="replace"), encoding, False)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)  # validating is decoding: once
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            encoding = codecs.lookup(declared).name
        except LookupError:
            pass
        else:
            return Decoded(data.decode(encoding, errors="replace"), encoding, False)
    try:
        return Decoded(data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING, True)
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so none is lost.
        return Decoded(data.decode("latin-1"), FALLBACK_ENCODING, True)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML document's <meta> declares near its start."""
    match = _META_CHARSET.search(data[:_CHARSET_WINDOW])
    return match["charset"].decode("ascii") if match else None


def sniff(text: str) -> str:
    """Guess the input format from the document's opening."""
    head = text[:4096].lstrip()
    if _JSON_START.match(head) and not _LINK_START.match(head):
        return "json"
    if _HTML_START.match(head):
        return "html"
    if _MHTML_START.match(head.replace("\r\n", "\n")):
        return "mhtml"
    return sniff_text(text)


def sniff_text(text: str) -> str:
    """Markdown or plain text, for a document known to be neither JSON nor markup."""
    return "markdown" if _looks_like_markdown(text[:_MARKDOWN_WINDOW]) else "text"


def _looks_like_markdown(text: str) -> bool:
    if _FRONT_MATTER.match(text):
        return True
    # Each sign needs a character plain text seldom has, and looking for one character is
    # fast: searching for two ("\n#") costs forty times as much in non-ASCII text.
    if "]" in text and _INLINE_LINK.search(text):
        return True
    for first, pattern in _LINE_SIGNS.items():
        if first not in text:
            continue
        if text.startswith(first) and pattern.match(text):
            return True
        position = text.find("\n" + first)
        while position != -1:
            if pattern.match(text, position + 1):
                return True
            position = text.find("\n" + first, position + 1)
    return False
