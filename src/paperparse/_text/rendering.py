"""Text stage 0: undo a rendering's markup into plain lines that remember their URLs.

Markdown and reader dumps wrap the same page pieces in different markup: inline and
reference links, images, headings, bullets, escapes, YAML front matter, URLs on lines of their
own. This stage removes all of it, keeping each line's source line number and the URLs that
were attached to it, so that the later stages see one plain layout. Links themselves are
read in ``link_marks``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Final

import attrs

from .._fields.dates import parse_timestamp
from .._fields.links import linked_days
from .link_marks import URL_MARK, disarm_marks, keep_line_ends, link_widgets, mark_links, unmark

# What copies leave in text beyond plain spaces: invisible characters (dropped); runs of
# tabs, no-break or wide spaces, or of two spaces and more (folded to one space); and the
# katakana middle dot a Japanese save puts for the card's "\u00b7", standing alone between
# spaces (inside a word, "\u30cb\u30e5\u30fc\u30e9\u30eb\u30fb\u30cd\u30c3\u30c8", it is
# the word's own).
_WHITESPACE_NOISE: Final = re.compile(
    r"(?P<invisible>[\u200b\u200c\u200d\u2060\ufeff\u00ad]+)"
    r"|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000][ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]*"
    r"|  +"
    r"|(?P<dot>(?<!\S)[\u30fb\uff65](?!\S))"
)
# Image placeholders some converters print as bracketed alt text ("[Image 3: alt]", and the
# same in Chinese with a full-width colon).
_IMAGE_PLACEHOLDER: Final = re.compile(r"\[(?:图片|图像|image|img)[^\]\n]{0,300}\]", re.IGNORECASE)
# Raw HTML a clipper left in markdown (a card's <video>, <img>, <div> and <span> wrappers):
# markup, never text. Only the elements pages are made of, so that "a < b" stays.
_RAW_HTML: Final = re.compile(
    r"""</?(?:a|abbr|article|aside|b|br|button|code|dd|div|dl|dt|em|figcaption|figure
      |footer|h[1-6]|header|hr|i|iframe|img|li|main|mark|nav|ol|p|picture|section|small
      |source|span|strong|sub|summary|sup|svg|path|table|tbody|td|th|thead|time|tr|u|ul
      |video|audio|track)(?=[\s/>])[^<>]{0,2000}>""",
    re.IGNORECASE | re.VERBOSE,
)
_BARE_URL_LINE: Final = re.compile(r"\A<?(https?://\S+?)>?\Z")
_ESCAPE: Final = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<> ])")
_HEADING: Final = re.compile(r"\A#{1,6}\s+|\s+#+\Z")
_SETEXT: Final = re.compile(r"\A(?:=+|-{2,})\s*\Z")
_RULE: Final = re.compile(r"\A(?:[=\-_*]\s*){3,}\Z")
_BULLET: Final = re.compile(r"\A(?:[*+]|-(?=\s+\S))\s+")
_EMPHASIS: Final = re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1")  # bounded: linear
_EMPTY_ITEMS: Final = frozenset({"-"})
_LONE_BULLETS: Final = frozenset({"*", "+", "\u2022"})  # an avatar list item, its image gone
_QUOTE: Final = re.compile(r"\A>\s?")
# "*Page 3*" separators that print-to-PDF conversions insert.
_PAGE_MARK: Final = re.compile(r"\A\*?Page \d+\*?\Z")
# Chrome lines that carry page metadata: "**URL:** ...", "Accessed: ...", "- Source URL: ...".
_META_LINE: Final = re.compile(
    r"""\A(?:[-*]\s+)?(?:\*\*)?
    (?P<key>url|source[ _]url|page[ _]title|title|date
      |accessed|retrieved|timestamp|exported|created|created[ _]at|clipped|fetched|saved
      |captured)
    :?(?:\*\*)?:?\s+(?P<value>\S.*)\Z""",
    re.IGNORECASE | re.VERBOSE,
)
# What an ASCII line that _META_LINE matches can begin with (a key's initial in either case,
# or a bullet); other ASCII lines skip the pattern. Non-ASCII initials are tried: under
# IGNORECASE some match an ASCII letter ("\u017f" matches "s").
_META_FIRST: Final = "-*UuSsPpTtDdAaRrEeCcFf"
_DECORATION: Final = re.compile(
    r"""\A(?:
        (?:[*\u2022\u25e6\u25aa\u2023]|-(?=\s+\S))(?:\s+|\Z)  # a bullet ("-" only before text)
      | \[\s*\]\s*                                    # an image without alt text, a checkbox
      | \[[\w.-]{0,40}\d[\w.-]{0,40}\]\s*             # a file-name alt text or a link number
      | \[[\w.-]{1,80}\.(?:png|jpe?g|gif|svg|webp)\]\s*  # an image shown as its file name
      | \[[\w.-]{0,40}\w[\w.-]{0,40}\]\Z              # an alt text alone on its line
      | _{3,}(?:\s+|\Z)                                # and text fields
      | IFRAME:.*                                       # and its frames, with their names
      | \[(?:IMG|INLINE|LINK|EMBED|USEMAP|VIDEO|AUDIO)\]\s*  # an element's placeholder
      | (?:Video|Audio|Image):\s*\S{1,300}\.(?:mp4|webm|mov|ogg|mp3|png|jpe?g|gif|svg|webp)\s*\Z
                                                        # a media element as elinks names it
    )+""",
    re.VERBOSE,
)
_DECORATION_FIRST: Final = "*\u2022\u25e6\u25aa\u2023-[I_VA"
_META_LINES_WITHIN: Final = 60  # capture headers sit at the top; later lines are the page
_FRONT_MATTER: Final = re.compile(
    r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S
)
# "key: value"; a key may hold a colon ("meta-og:url: https://..."), a YAML value follows
# its colon after a space.
_FRONT_MATTER_ITEM: Final = re.compile(
    r"^(?P<key>[A-Za-z_][\w :.-]*?):(?:[ \t]+(?P<value>.*)|[ \t]*)$", re.M
)

# Front matter and capture-header keys (as _meta_key spells them), by what they tell of the
# page: where it was (a key whose value is a web address), when it was saved (a date of the
# capture: never the paper's publication), its title.
_URL_KEYS: Final = frozenset(
    {"url", "source_url", "source", "og_url", "canonical", "canonical_url", "original_url",
     "page_url"}
)  # fmt: skip
_RETRIEVED_KEYS: Final = frozenset(
    {"retrieved", "accessed", "timestamp", "exported", "created", "created_at", "clipped",
     "clipped_at", "fetched", "fetched_at", "saved", "saved_at", "scraped", "scraped_at",
     "captured", "captured_at", "date_saved", "date_accessed", "crawled", "crawled_at"}
)  # fmt: skip
_TITLE_KEYS: Final = frozenset({"title", "page_title"})
_KEY_PUNCTUATION: Final = re.compile(r"[\s:.-]+")


@attrs.define(eq=False)  # built per line: a frozen class costs twice as much to build
class Line:
    """One line of the rendering with its markup undone."""

    number: int  # 1-based line in the source
    text: str
    urls: tuple[str, ...] = ()
    heading: bool = False  # a markdown heading: never part of a wrapped paragraph
    indented: bool = False  # began with two or more spaces (a wrapped heading continues so)
    blank_before: bool = False  # a blank line separates it from the previous line


@attrs.frozen
class PageMeta:
    """What the rendering says about the page itself (front matter, capture headers)."""

    url: str | None = None
    # When the page was saved: the header's date, else one the reader found outside it (a
    # Wayback snapshot's address, the container's save date).
    retrieved: dt.date | None = None
    title: str | None = None
    published: dt.date | None = None  # a clipper's record of the paper's date
    linked_days: tuple[dt.date, ...] = ()  # days of the daily lists the page links to
    header: bool = False  # a capture header or front matter gave a URL, date or title

    def layers(self, input_format: str) -> tuple[str, ...]:
        """What the rendering gave: its capture header or front matter, then its body."""
        return ("front-matter", input_format) if self.header else (input_format,)


def render_lines(text: str, *, markdown: bool = True) -> tuple[list[Line], PageMeta]:
    """Turn a text or markdown rendering into plain lines and page metadata.

    In markdown a lone ``-`` is an empty list item (an avatar whose image was dropped); in
    plain text it is the upvote widget of a paper nobody upvoted, so it is kept.
    """
    text = _normalize_line_ends(text)
    if text.startswith("---") or "[" in text:
        # Front matter and links are read over the whole text, and links leave URL marks in
        # it: a stray mark character is disarmed before either. Without them (most plain
        # text) the lines are disarmed one by one, which is cheaper: the scan for the mark
        # is slow in a text that is not all ASCII.
        text = disarm_marks(text)
    meta: dict[str, str] = {}
    front = _FRONT_MATTER.match(text)
    if front:
        # YAML folds long values onto indented lines: join them back first.
        body = re.sub(r"\n[ \t]+(?=[^\s-])", " ", front["body"])
        for item in _FRONT_MATTER_ITEM.finditer(body):
            meta.setdefault(_meta_key(item["key"]), _unquote(item["value"] or ""))
        # Keep the line count: blank out the front matter instead of cutting it.
        text = "\n" * front.group(0).count("\n") + text[front.end() :]

    urls: list[str] = []
    text = mark_links(text, urls)
    if markdown and "<" in text:
        text = _RAW_HTML.sub(keep_line_ends, text)  # after the anchors became links
    lines = _plain_lines(text, urls, meta, markdown=markdown)
    if markdown:
        lines = [line for line in lines if line.urls or line.text not in _EMPTY_ITEMS]
    return _attach_bare_urls(lines), _page_meta(meta, urls)


def _normalize_line_ends(text: str) -> str:
    """Windows and old Mac line ends become "\\n"."""
    if "\r" in text:  # one fast scan; a replace that finds nothing is not
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _fold_match(match: re.Match[str]) -> str:
    if match["dot"]:
        return "\u00b7"
    return "" if match["invisible"] else " "


def _plain_lines(text: str, urls: list[str], meta: dict[str, str], *, markdown: bool) -> list[Line]:
    out: list[Line] = []
    blank = False
    page_break = False  # inside a print-to-PDF page break: its blank lines do not count
    pieces: Iterable[tuple[str, tuple[str, ...]]]
    # lynx prints a button after the text it belongs to; most texts have none to look for.
    # A line can show one the text does not only where a link mark or an invisible
    # character, both taken out of the line, split it.
    buttons = not markdown and "(BUTTON)" in text
    for number, whole in enumerate(text.split("\n"), start=1):
        if not whole:  # an empty line, a third of a text dump's
            blank = blank or not page_break
            continue
        if URL_MARK not in whole:  # most lines: no link in them
            pieces = ((whole, ()),)
        elif urls:  # a line of side-by-side link widgets is read as one line per link
            pieces = [unmark(raw, urls) for raw in link_widgets(whole)]
        else:  # no link was marked: the character is a stray one, disarmed
            pieces = ((whole.replace(URL_MARK, " "), ()),)
        for line, line_urls in pieces:
            stripped = line.strip()
            # Fold whitespace noise; blank lines, and most others, have none to fold.
            if stripped and (not stripped.isascii() or "  " in stripped or "\t" in stripped):
                stripped = _WHITESPACE_NOISE.sub(_fold_match, stripped)
            if not stripped:
                blank = blank or not (line_urls or page_break)
                continue
            # First-character gates: most lines are prose and skip these patterns.
            first = stripped[0]
            if first in "*P" and _PAGE_MARK.match(stripped):
                blank, page_break = False, True
                continue
            if first in "=-" and _SETEXT.match(stripped) and out and out[-1].number == number - 1:
                out[-1] = attrs.evolve(out[-1], heading=True)  # "Title\n=====" is a heading
                continue
            heading = markdown and first == "#" and bool(_HEADING.match(stripped))
            indented = line.startswith("  ") and not (first in "*+-" and _BULLET.match(stripped))
            if markdown:
                line = _undo_markup(stripped)
            elif (
                first in _DECORATION_FIRST
                or ("[" in stripped and "[]" in stripped)
                or ((buttons or line_urls or not line.isascii()) and "(BUTTON)" in stripped)
            ):
                line = _undo_decoration(stripped)
            else:
                line = stripped
            if not line:
                continue
            page_break = False
            if (
                number <= _META_LINES_WITHIN
                and (line[0] in _META_FIRST or not line[0].isascii())
                and (match := _META_LINE.match(line))
            ):
                key = _meta_key(match["key"])
                value = match["value"].strip()
                if key in _URL_KEYS and not value.startswith("http") and line_urls:
                    value = line_urls[0]
                meta.setdefault(key, value)
                if key not in _TITLE_KEYS and key != "date":
                    continue
            out.append(Line(number, line, line_urls, heading, indented, blank))
            blank = False
    return out


def _undo_decoration(line: str) -> str:
    """What text browsers and converters print before a plain line: list bullets ("* ·"),
    image placeholders ("[]", "[be9c948ecf]", a checkbox "[ ]") and link numbers ("[23]")."""
    if line[0] in _DECORATION_FIRST and (match := _DECORATION.match(line)):
        line = line[match.end() :]  # (the pattern is anchored: one match at most)
    if "(BUTTON)" in line:  # lynx also prints a button after the text it belongs to
        line = " ".join(line.replace("(BUTTON)", " ").split())
    if "[]" in line:  # an image without alternative text, wherever it stands: no text
        line = " ".join(line.replace("[]", " ").split())
    return line


def _undo_markup(line: str) -> str:
    """Strip one markdown line's markup; each step only runs when its marker is there."""
    if "[" in line:
        line = _IMAGE_PLACEHOLDER.sub("", line).strip()
    if not line or line in _LONE_BULLETS or (line[0] in "=-_*" and _RULE.match(line)):
        return ""
    if line[0] in ">#*+-":
        line = _BULLET.sub("", _HEADING.sub("", _QUOTE.sub("", line)))
    if "**" in line or "__" in line:
        line = _EMPHASIS.sub(r"\2", line)
    if "\\" in line:  # after emphasis, so that an escaped "\_\_" stays literal
        if line.endswith("\\"):
            line = line[:-1]  # a markdown hard line break
        line = _ESCAPE.sub(r"\1", line)
    return line.replace("&amp;", "&").strip()


def _attach_bare_urls(lines: list[Line]) -> list[Line]:
    """A URL alone on a line is the link target of the line before it (notebook-style
    exports), unless that line is prose running on into it ("available at\nhttps://...")."""
    if not any(line.text[0] in "h<" for line in lines):
        return lines  # no line can be a bare URL: most pages
    out: list[Line] = []
    for line in lines:
        text = line.text
        match = _BARE_URL_LINE.match(text) if text[0] in "h<" else None
        if match and out and not line.urls:
            previous = out[-1]
            if _HUB_URL.match(match.group(1)) or not _RUNS_ON.search(previous.text):
                out[-1] = attrs.evolve(previous, urls=(*previous.urls, match.group(1)))
                continue
        out.append(line)
    return out


_HUB_URL: Final = re.compile(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)(?:/|\Z)")
# Prose that runs on into the URL on the next line: "available at", "project page is".
_RUNS_ON: Final = re.compile(
    r"\b(?:at|in|from|see|via|on|here|is|are|and|or|to|of|by|for|with|the|:)\s*\Z",
    re.IGNORECASE,
)


def _meta_key(key: str) -> str:
    """One spelling for a key: "Source URL", "source-url", "meta-og:url" -> "source_url",
    "og_url" (a converter writing the page's meta tags prefixes them with "meta-")."""
    key = _KEY_PUNCTUATION.sub("_", key.strip().lower())
    return key.removeprefix("meta_")


def _page_meta(meta: dict[str, str], urls: list[str]) -> PageMeta:
    url = next(
        (meta[key] for key in meta if key in _URL_KEYS and meta[key].startswith("http")), None
    )
    retrieved = None
    for key in meta:
        if key in _RETRIEVED_KEYS:
            retrieved = _date_of(meta[key])
            if retrieved is not None:
                break
    title = next((meta[key] for key in meta if key in _TITLE_KEYS and meta[key]), None)
    published = _date_of(meta["published_at"]) if "published_at" in meta else None
    return PageMeta(
        url=url,
        retrieved=retrieved,
        title=title,
        published=published,
        linked_days=linked_days(urls),
        header=bool(url or retrieved or title or published),
    )


def _date_of(value: str) -> dt.date | None:
    value = value.strip().strip("\"'")
    stamp = parse_timestamp(value)
    if stamp is not None:
        return stamp.date()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
