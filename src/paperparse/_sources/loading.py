"""Source stage: accept str, bytes or a path, decode, and sniff the input format."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import BinaryIO, Final

import attrs

from .._bounds import MAX_INPUT_BYTES
from .._model import ParseError, Problem
from .bundles import bundle_kind
from .decoding import FALLBACK_ENCODING, declared_charset, decode_detected, replace_surrogates

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
# The same magic once the bytes were decoded as text: a str the caller decoded, or bytes in
# UTF-16 or UTF-32. Either way the document is that archive, read from its UTF-8.
_WEBARCHIVE_TEXT: Final = _WEBARCHIVE_MAGIC.decode()
# A web archive (MHTML): mail-style headers, one of them declaring a multipart/related body.
_MHTML_START: Final = re.compile(
    r"\A(?:[A-Za-z][\w-]*:[^\n]*\n(?:[ \t][^\n]*\n)*){0,40}?Content-Type:\s*multipart/related",
    re.IGNORECASE,
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
    data: bytes | None  # the original bytes
    encoding: str | None  # what ``data`` was decoded with; None for a str source
    input_format: str
    problems: tuple[Problem, ...] = ()  # what decoding could not be sure of
    saved_from: str | None = None  # what a web archive says of its page: the URL
    # The day its container says it was saved: a web archive's (MHTML ``Date:``), else
    # that of the crawl record it came in (``WARC-Date``).
    saved_on: dt.date | None = None


def load(source: object, *, name: str | None = None, saved_on: dt.date | None = None) -> Source:
    """Read and decode ``source``, then sniff its format.

    ``name`` names it (a path is named by itself otherwise); ``saved_on`` is what the
    container it came in says of when it was saved, which a web archive's own date inside
    it overrides (the nearer the page, the better the evidence).
    """
    loaded = _load(source, name)
    if saved_on is not None and loaded.saved_on is None:
        return attrs.evolve(loaded, saved_on=saved_on)
    return loaded


def retrieval_day(own: dt.date | None, source: Source) -> dt.date | None:
    """The day a page was saved as the document shows it: the page's ``own`` evidence (a
    clipper's front matter, a Wayback snapshot's address) first, then its container's
    (``Source.saved_on``). ``parse`` falls back on the caller's reference date after both.
    """
    return own if own is not None else source.saved_on


def _load(source: object, name: str | None) -> Source:
    if isinstance(source, str):
        if len(source) > MAX_INPUT_BYTES:  # a character is a byte at least
            raise _too_large(name)
        text, replaced = replace_surrogates(source.removeprefix("\ufeff"))
        if text.startswith(_WEBARCHIVE_TEXT):  # its bytes, decoded by the caller
            return _open_archive(text.encode("utf-8"), name, "webarchive")
        input_format = sniff(text)
        if input_format == "mhtml":
            return _open_archive(text.encode("utf-8"), name, "mhtml")
        return Source(
            text, name, None, None, input_format, problems=(replaced,) if replaced else ()
        )
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, os.PathLike):
        name = os.fsdecode(source) if name is None else name
        data = _read_bounded(source, name)
    else:
        raise TypeError(
            "expected str (the document), bytes or a path (os.PathLike), "
            f"got {type(source).__name__}"
        )
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(name)
    problems: list[Problem] = []
    if data.startswith(_GZIP_MAGIC):
        from .web_archives import inflate

        data, problems = inflate(data, name)
    refuse_bundles(data, name)
    if data.startswith(_WEBARCHIVE_MAGIC):
        return _open_archive(data, name, "webarchive", problems)
    decoded = decode_detected(data, look_for_declared=True)
    text = decoded.text.removeprefix("\ufeff")
    if text.startswith(_WEBARCHIVE_TEXT):  # a web archive's bytes, saved in a text encoding
        return _open_archive(text.encode("utf-8"), name, "webarchive", problems)
    input_format = sniff(text)
    if input_format == "mhtml":
        # The MIME reader reads bytes: UTF-16 or UTF-32 ones are given to it as UTF-8.
        ascii_bytes = decoded.encoding in ("utf-8", FALLBACK_ENCODING)
        archive = data if ascii_bytes else text.encode("utf-8")
        return _open_archive(archive, name, "mhtml", problems)
    problems.extend(decoded.problems(data))
    return Source(text, name, data, decoded.encoding, input_format, problems=tuple(problems))


def _read_bounded(path: os.PathLike[str] | os.PathLike[bytes], name: str) -> bytes:
    """A file's bytes, refusing one past ``MAX_INPUT_BYTES`` (or endless, as /dev/zero)
    without reading more than one byte beyond the bound."""
    try:
        with open(path, "rb") as handle:
            return read_bounded(handle, name)
    except OSError as exc:
        raise ParseError(
            f"cannot read file: {exc.strerror or exc}", source=name, code="unreadable"
        ) from exc


def read_bounded(handle: BinaryIO, name: str | None) -> bytes:
    """An open file's bytes, up to one past ``MAX_INPUT_BYTES``: a ``too-large``
    ``ParseError`` past the bound."""
    data = handle.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(name)
    return data


def _too_large(name: str | None) -> ParseError:
    return ParseError(
        f"input too large: over the {MAX_INPUT_BYTES >> 20} MiB bound on one document",
        source=name,
        code="too-large",
    )


def refuse_bundles(data: bytes, name: str | None) -> None:
    """A zip or tar archive holds many documents, not one: ``parse`` refuses it (a batch
    opens it as an archive), rather than reading its bytes as a page."""
    kind = bundle_kind(data)
    if kind is not None:
        raise ParseError(
            f"a {kind} archive, which holds many documents: the command line reads each "
            "(`paperparse parse ARCHIVE`)",
            source=name,
            code="archive",
        )


def _open_archive(
    data: bytes, name: str | None, kind: str, problems: list[Problem] | None = None
) -> Source:
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
        problems=(*(problems or ()), *decoded.problems(page.html)),
        saved_from=page.url,
        saved_on=page.saved,
    )


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
