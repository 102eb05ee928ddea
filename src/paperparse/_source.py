"""Source stage: accept str, bytes or a path, decode, and sniff the input format."""

from __future__ import annotations

import codecs
import os
import re
from typing import Final

import attrs

from ._errors import ParseError

SourceLike = str | bytes | os.PathLike[str] | os.PathLike[bytes]
# The file endings pages are saved with: what a folder walk picks up by default.
PAGE_SUFFIXES: Final = (".txt", ".md", ".markdown", ".html", ".htm", ".json")

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
    data: bytes | None  # the original bytes, kept for HTML charset detection
    encoding: str | None  # what ``data`` was decoded with; None for a str source
    input_format: str


def load(source: object) -> Source:
    """Read and decode ``source``, then sniff its format."""
    name: str | None = None
    data: bytes | None = None
    encoding: str | None = None
    if isinstance(source, str):
        text = source
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        text, encoding = decode_detected(data)
    elif isinstance(source, os.PathLike):
        name = os.fsdecode(source)
        try:
            with open(source, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise ParseError(f"cannot read file: {exc.strerror or exc}", source=name) from exc
        text, encoding = decode_detected(data)
    else:
        raise TypeError(
            "expected str (the document), bytes or a path (os.PathLike), "
            f"got {type(source).__name__}"
        )
    text = text.removeprefix("\ufeff")
    return Source(text=text, name=name, data=data, encoding=encoding, input_format=sniff(text))


def decode_detected(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding): bytes decoded as a browser would.

    A BOM wins, then valid UTF-8, then the ``declared`` charset (an HTML page's <meta>),
    then cp1252, what browsers fall back to. Valid UTF-8 beats the declared charset: pages
    re-saved as UTF-8 often keep the label of the charset they were first written in.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"  # validating is decoding: done once
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            encoding = codecs.lookup(declared).name
        except LookupError:
            pass
        else:
            return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so none is lost.
        return data.decode("latin-1"), "cp1252"


def sniff(text: str) -> str:
    """Guess the input format from the document's opening."""
    head = text[:4096].lstrip()
    if head[:1] in ("{", "["):
        return "json"
    if _HTML_START.match(head):
        return "html"
    return "markdown" if _looks_like_markdown(text[:_MARKDOWN_WINDOW]) else "text"


def _looks_like_markdown(text: str) -> bool:
    if _FRONT_MATTER.match(text) or _INLINE_LINK.search(text):
        return True
    for first, pattern in _LINE_SIGNS.items():
        if text.startswith(first) and pattern.match(text):
            return True
        position = text.find("\n" + first)
        while position != -1:
            if pattern.match(text, position + 1):
                return True
            position = text.find("\n" + first, position + 1)
    return False
