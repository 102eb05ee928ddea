"""Text stage 0a: links in every syntax a rendering writes, replaced by their text and a mark.

Inline links, images, reference links (``[text][ref]`` with ``[ref]: url`` lines) and a text
browser's numbered links (``[10]text`` with a numbered list at the end) all become the link's
text followed by a mark: the index of its URL in a list, between two ``URL_MARK`` characters.
Every line end is kept, so line numbers stay those of the source; splitting the text into
lines then reads each line's marks back as its URLs (``unmark``).
"""

from __future__ import annotations

import re
from typing import Final

from .._fields.links import hub_url

# Links can span lines (`[Upvote\n\n117](url)`, a whole hard-wrapped abstract as link text),
# so they are found over the whole text. Text is bounded so that an unclosed bracket costs
# at most that many steps; one level of nested brackets covers `[![alt](img)Org](url)` after
# images are gone and `[[image: alt] Org](url)`.
_MAX_LINK_TEXT: Final = 12_000
# A URL character, or a hyphen where a converter wrapped the line (html2text breaks
# "https://cdn-\nthumbnails..." at its hyphens); the line end is taken out again.
_URL_CHAR: Final = r"(?:[^\s()<>]|-\n)"
# A link's text: one level of nested brackets, escapes, and line ends (it can span lines).
_LINK_TEXT: Final = rf"(?P<text>(?:[^\[\]\\]|\\[\s\S]|\[[^\[\]]{{0,500}}\]){{0,{_MAX_LINK_TEXT}}})"
_INLINE_LINK: Final = re.compile(
    rf"""
    (?<!\\)\[{_LINK_TEXT}\]
    \(\s*<?(?P<url>{_URL_CHAR}*(?:\([^\s()]*\){_URL_CHAR}*)*)>?(?:\s+"[^"\n]{{0,500}}")?\s*\)
    """,
    re.VERBOSE,
)
# An image: its URL is bounded, except an inline ``data:`` image (a converter that keeps the
# page's icons writes their whole base64 body), which runs to the first space or parenthesis:
# every failed attempt stops at the next "(", so the scan stays linear.
_IMAGE: Final = re.compile(
    rf"""!\[[^\[\]\n]{{0,500}}\]
    \((?:data:[^\s()]*|{_URL_CHAR}{{0,2000}})(?:\s+"[^"\n]{{0,500}}")?\)""",
    re.VERBOSE,
)
_WRAPPED_HYPHEN: Final = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=\w)")  # "Reconstruction-\nGeneration"
# `[text][ref]` and `[text][]`, resolved against `[ref]: url` definitions; their text is
# what an inline link's can be (a converter writing reference links puts a whole card's
# avatar list, over several lines, in one). `![alt][ref]` is an image.
_REFERENCE_LINK: Final = re.compile(rf"(?<!\\)\[{_LINK_TEXT}\]\[(?P<ref>[^\[\]\n]{{0,200}})\]")
_REFERENCE_IMAGE: Final = re.compile(r"!\[[^\[\]\n]{0,500}\]\[[^\[\]\n]{0,200}\]")
_REFERENCE_DEFINITION: Final = re.compile(
    r"^ {0,3}\[(?P<ref>[^\]\n]{1,200})]:[ \t]*<?(?P<url>\S+?)>?(?:[ \t]+.*)?$", re.M
)
_HARD_BREAK: Final = re.compile(r"\\\n")
# Raw HTML a clipper left in markdown: an anchor is a link like any other (its text without
# the tags inside it, an image in it has none).
_HTML_LINK: Final = re.compile(
    r"""<a\s[^<>]{0,2000}?\bhref\s*=\s*["'](?P<url>[^"'<>\s]{1,2000})["'][^<>]{0,2000}>
    (?P<text>(?:[^<]|<(?!/?a[\s>])){0,2000}?)</a\s*>""",  # (never past another anchor)
    re.IGNORECASE | re.VERBOSE,
)
_TAG: Final = re.compile(r"<[^<>]{0,2000}>")
# "[](video.mp4)" inside a link's text: a media element a converter left as an empty link.
_EMPTY_LINK: Final = re.compile(r"\[\]\([^()\s]{0,2000}\)")
URL_MARK: Final = "\x00"  # brackets a link's index in the text while lines are split
_MARKED_URL: Final = re.compile("\x00(\\d+)\x00")
# "  10. https://..." (a raw href may go on with spaces: only its first word is kept).
_REFERENCE_ENTRY: Final = re.compile(r"\A\s*(?P<number>\d{1,6})\.\s+(?P<url>\S{1,2000})")
# The list's own subheadings: lynx ends them with a colon, elinks does not.
_REFERENCE_SUBHEADINGS: Final = frozenset({"visible links", "hidden links"})
_NUMBERED_LINK: Final = re.compile(r"\[(\d{1,6})\]")
# What a converter writes as the text of a link around a picture or a video that has no
# alternative text: the element's name, or the link's own address.
_MEDIA_LABELS: Final = frozenset({"video", "image", "img", "picture", "audio", "thumbnail"})
_WIDGET_WORDS: Final = 4  # a link this short on a line of links is a widget, not prose


def mark_links(text: str, urls: list[str]) -> str:
    """Every link in ``text`` as its text and a mark; its URL is appended to ``urls``."""
    return _resolve_links(_resolve_numbered_links(text, urls), urls)


def disarm_marks(text: str) -> str:
    """A stray mark character in the text cannot forge a URL."""
    return text.replace(URL_MARK, " ") if URL_MARK in text else text


def _resolve_numbered_links(text: str, urls: list[str]) -> str:
    """A text browser's dump (``lynx -dump``): "[10]The Herd of Models" in the page and
    "10. https://..." in a References list at its end. Each numbered link's text gets its
    URL; the list itself is blanked out (its lines kept, so that line numbers stay put)."""
    heading = text.rfind("\nReferences\n")
    if heading < 0:
        return text
    targets: dict[str, str] = {}
    listed = text[heading + 1 :].split("\n")
    for line in listed[1:]:
        if line.strip() and line.strip().rstrip(":").lower() not in _REFERENCE_SUBHEADINGS:
            match = _REFERENCE_ENTRY.match(line)
            if match is None:
                return text  # not a reference list after all
            targets[match["number"]] = match["url"]
    if not targets:
        return text

    def mark_line(line: str) -> str:
        if "[" not in line:
            return line
        # "[35]12 [36]2": a number opens each link, whose text runs to the next number.
        parts = _NUMBERED_LINK.split(line)
        out = [parts[0]]
        for number, label in zip(parts[1::2], parts[2::2], strict=True):
            if number in targets:
                shown = label.rstrip()
                out.append(shown + _mark(targets[number], urls) + label[len(shown) :])
            else:
                out.append(f"[{number}]{label}")
        return "".join(out)

    body = "\n".join(mark_line(line) for line in text[:heading].split("\n"))
    return body + "\n" * len(listed)


def _mark(url: str, urls: list[str]) -> str:
    urls.append(hub_url(url))  # a rendering of a Hub page keeps its relative links
    return f"{URL_MARK}{len(urls) - 1}{URL_MARK}"


def _resolve_links(text: str, urls: list[str]) -> str:
    """Replace links by their text plus a URL mark; keep every newline so lines stay put."""
    if "[" not in text and "<" not in text:
        return text
    definitions = {}
    if "]:" in text:
        definitions = {
            match["ref"].strip().lower(): match["url"]
            for match in _REFERENCE_DEFINITION.finditer(text)
        }
    if definitions:
        text = _REFERENCE_DEFINITION.sub("", text)

    def link(match: re.Match[str], url: str, shown: str | None = None) -> str:
        """The link's text (``shown``, or the match's) and a mark for ``url``."""
        body = match.group(0)
        shown = match["text"] if shown is None else shown
        text = _WRAPPED_HYPHEN.sub("-", _EMPTY_LINK.sub("", shown))
        label = " ".join(_HARD_BREAK.sub(" ", text).split())
        if _stands_for_nothing(label, url):
            label = ""
        start = match.start()
        if label and start and match.string[start - 1].isalnum():
            label = " " + label  # "May 29[6](...#community)": keep the count apart
        return f"{label}{_mark(url, urls)}" + "\n" * body.count("\n")

    def inline(match: re.Match[str]) -> str:
        return link(match, match["url"].replace("-\n", "-"))

    def reference(match: re.Match[str]) -> str:
        ref = (match["ref"] or match["text"]).strip().lower()
        if ref not in definitions:
            return match.group(0)
        return link(match, definitions[ref])

    def html_link(match: re.Match[str]) -> str:
        return link(match, match["url"], _TAG.sub(" ", match["text"]))  # its tags are no text

    if "<" in text:
        text = _HTML_LINK.sub(html_link, text)
    text = _IMAGE.sub(keep_line_ends, text)
    if definitions:
        text = _REFERENCE_IMAGE.sub("", text)
    text = _INLINE_LINK.sub(inline, text)
    if definitions:
        text = _REFERENCE_LINK.sub(reference, text)
    return text


def keep_line_ends(match: re.Match[str]) -> str:
    return "\n" * match.group(0).count("\n")


def unmark(raw: str, urls: list[str]) -> tuple[str, tuple[str, ...]]:
    """A line's text without its URL marks, and the URLs they stood for."""
    line_urls = tuple(urls[int(index)] for index in _MARKED_URL.findall(raw))
    return (_MARKED_URL.sub("", raw) if line_urls else raw), line_urls


def link_widgets(raw: str) -> tuple[str, ...] | list[str]:
    """A line of nothing but short links ("[ 12](/papers/ID) [ 2](/papers/ID#community)": a
    card's widgets side by side) as one piece per link, as the page lays them out."""
    parts = _MARKED_URL.split(raw)  # label, index, label, index, ..., what follows the last
    labels, indexes = parts[0:-1:2], parts[1::2]
    if len(labels) < 2 or parts[-1].strip():
        return (raw,)
    if any(_words(label) > _WIDGET_WORDS or "," in label for label in labels):
        return (raw,)  # prose with links in it, or a list of names
    return [
        f"{label}{URL_MARK}{index}{URL_MARK}" for label, index in zip(labels, indexes, strict=True)
    ]


def _words(label: str) -> int:
    """Words with a letter or digit in them: "- - - · 533 authors" (an avatar list's bullets
    before the count) is two words."""
    return sum(1 for word in label.split() if any(char.isalnum() for char in word))


def _stands_for_nothing(label: str, url: str) -> bool:
    """A link text that says nothing of its own: "video", or the address it links to."""
    if label.lower() in _MEDIA_LABELS:
        return True
    address = label.lstrip("<").rstrip(">")
    return "/" in address and url.endswith(address)
