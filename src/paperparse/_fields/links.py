"""Field stage: URLs in free text, code-host links, and arXiv identifiers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Final
from urllib.parse import SplitResult, parse_qs, urljoin, urlsplit

import attrs

CODE_HOSTS: Final = frozenset(
    {
        "github.com",
        "gitlab.com",
        "gitee.com",
        "bitbucket.org",
        "codeberg.org",
        "sourceforge.net",
        "git.sr.ht",
        "sr.ht",
        "framagit.org",
        "gitea.com",
        "salsa.debian.org",
    }
)
_HUB: Final = "https://huggingface.co/"
_BARE_CODE_HOSTS: Final = "|".join(
    re.escape(host) for host in sorted(CODE_HOSTS, key=len, reverse=True)
)
# A URL in running text. Two patterns, each run only when a substring check says it can
# match: a scheme-qualified URL (a literal prefix the regex engine scans for quickly), and
# a schemeless code-host URL such as "github.com/x/y" that abstracts often carry.
_URL_CHARS: Final = r"[^\s<>\"'`\]\[{}|\\^]+"
_SCHEME_URL: Final = re.compile(r"https?://" + _URL_CHARS)
# Matched only where str.find saw a host: an alternation of hosts tried at every position
# is far slower than eleven substring scans.
_BARE_URL: Final = re.compile(rf"(?:www\.)?(?:{_BARE_CODE_HOSTS})/" + _URL_CHARS, re.IGNORECASE)
_GLUED_BEFORE: Final = re.compile(r"[\w./@-]")  # "x.github.com/", "@github.com/": not a start
_HOST_SLASHES: Final = tuple(f"{host}/" for host in sorted(CODE_HOSTS))
_LONGEST_HOST: Final = max(map(len, _HOST_SLASHES))
_HOST_ENDS: Final = frozenset(host[-1] for host in CODE_HOSTS)  # "m", "g", "t"
# Sentence punctuation that ends up glued to a URL at the end of a sentence.
_TRAILING_PUNCTUATION: Final = ".,;:!?'\"*_~"
_ARXIV_ID: Final = re.compile(
    r"""
      (?P<new>\d{4}\.\d{4,5})                 # 2509.24002
    | (?P<old>[a-z-]+(?:\.[A-Z]{2})?/\d{7})   # hep-th/9901001
    """,
    re.VERBOSE,
)
_ARXIV_VERSION: Final = re.compile(r"v\d+\Z")
# /papers/<id> (the Hub) and /abs|pdf/<id> (arXiv) carry the paper's id in their path.
_PAPER_PATH: Final = re.compile(
    r"/(?:papers|abs|pdf|html)/(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
    r"(?![\d.]*\d)",
)


def find_urls(text: str) -> list[str]:
    """URLs in running text, sentence punctuation stripped, in order, deduplicated."""
    starts = _url_starts(text)
    found: dict[str, None] = {}
    end = 0
    for start in starts:
        if start < end:
            continue  # inside the URL before it: matched there already
        match = _SCHEME_URL.match(text, start) or _BARE_URL.match(text, start)
        if match is None:
            continue
        end = match.end()
        url = clean_url(match.group(0))
        if url:
            found.setdefault(url)
    return list(found)


def _url_starts(text: str) -> list[int]:
    """Where URLs may begin, in order: "http(s)://" and schemeless code-host URLs
    ("github.com/x/y", "www.gitlab.com/x").

    Every URL form has a slash right after its scheme or host, and abstracts have few
    slashes: looking around each one costs one scan of the text, where scanning for each
    host (or one pattern of them all) cost several.
    """
    starts: list[int] = []
    slash = text.find("/")
    while slash != -1:
        # Slices, not startswith and endswith: a str method given a start or a tuple reads
        # its arguments through a format string, which cost more than the rest of the loop.
        if slash and text[slash - 1 : slash + 2] == "://":
            for scheme in ("https", "http"):
                if text.startswith(scheme, slash - 1 - len(scheme)):
                    starts.append(slash - 1 - len(scheme))
                    break
        # A host's name ends just before the slash: most slashes (a path's, "and/or") have
        # no host's last letter there, and need no window. (Lowered as the window is: its
        # last letter before the slash is this one's lower case, or this one.)
        if text[slash - 1 : slash].lower() not in _HOST_ENDS:
            slash = text.find("/", slash + 1)
            continue
        window = text[max(0, slash - _LONGEST_HOST) : slash + 1]
        lowered = window.lower()
        if len(lowered) != len(window):
            lowered = window  # a character whose lower case is longer would shift positions
        if lowered.endswith(_HOST_SLASHES):
            for host in _HOST_SLASHES:
                if lowered.endswith(host):
                    _add_bare_start(text, slash + 1 - len(host), starts)
        slash = text.find("/", slash + 1)
    return sorted(starts)


def _add_bare_start(text: str, begin: int, starts: list[int]) -> None:
    """A code host's name begins at ``begin``: its URL starts there, or at a "www." before
    it, unless it is glued to what precedes it ("x.github.com/", "@github.com/")."""
    www = begin >= 4 and text[begin - 4 : begin].lower() == "www."
    start = begin - 4 if www else begin
    if not (start and _GLUED_BEFORE.match(text, start - 1)):
        starts.append(start)


def clean_url(url: str) -> str:
    """Strip what a sentence glued to a URL: final punctuation and unbalanced brackets."""
    opened, closed = url.count("("), url.count(")")  # counted once: linear in the URL
    end = len(url)  # moved back, and the URL cut once: a cut per character is quadratic
    while end and (
        (last := url[end - 1]) in _TRAILING_PUNCTUATION or (last == ")" and closed > opened)
    ):
        closed -= last == ")"
        end -= 1
    url = url[:end]
    if url and not _HAS_SCHEME.match(url):
        url = "https://" + url
    return url


_HAS_SCHEME: Final = re.compile(r"https?://", re.IGNORECASE)
# A link to a daily list: /papers?date=2024-07-31 or /papers/date/2024-07-31.
_DAY_LINK: Final = re.compile(r"/papers(?:/date/|\?(?:[^#\s]*&)?date=)(\d{4}-\d{2}-\d{2})")


def linked_days(urls: Iterable[str]) -> tuple[dt.date, ...]:
    """The days of the daily lists that ``urls`` link to (a page's previous and next day)."""
    days = []
    for url in urls:
        if "date" in url and (match := _DAY_LINK.search(url)):
            day = _iso_date(match.group(1))
            if day is not None:
                days.append(day)
    return tuple(days)


def hub_url(href: str) -> str:
    """A link as the Hub page that holds it resolves it: ``/papers/2401.00001`` and
    ``#community`` are on huggingface.co; an absolute URL stays as it is.

    A saved page opened from disk resolves its site links as files (``file:///papers/ID``,
    as a text browser run on the file prints them): they are the same Hub paths.
    """
    if href.startswith("/") and not href.startswith("//"):
        return _HUB + href[1:]  # the common case, without urljoin's cost
    if href[:7].lower() == "file://":
        path = href[7:]
        if path[:9].lower() == "localhost":
            path = path[9:]
        return _HUB + path.lstrip("/")
    try:
        return urljoin(_HUB, href)
    except ValueError:  # "http://[oops": kept as written, it links nowhere we know
        return href


def split_url(url: str) -> SplitResult | None:
    """``urlsplit`` that answers None for what it cannot split (``http://[oops``)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


# A plain web address: a lowercase scheme, a bare host name, no spaces. What urlsplit and
# its hostname property would make of it is read straight off the match, for about 60% of
# their cost; anything else (ports, user names, brackets, odd spacing) goes through them.
_PLAIN_URL: Final = re.compile(r"https?://(?P<host>[A-Za-z0-9.-]+)(?P<path>/[^?#\s]*)?(?:[?#]\S*)?")


def is_code_link(url: str) -> bool:
    """True for a URL on a code host with at least an owner in its path."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:
        host, path = plain["host"].lower().removeprefix("www."), plain["path"] or ""
        if host not in CODE_HOSTS and host != "huggingface.co":
            return False  # most links: no path to split
    else:
        parts = split_url(url)
        if parts is None:
            return False
        try:
            host = (parts.hostname or "").lower().removeprefix("www.")
        except ValueError:  # a malformed port or bracket in the host
            return False
        path = parts.path
    segments = [segment for segment in path.split("/") if segment]
    if host == "huggingface.co":  # a Space is runnable code; models and papers are not
        return len(segments) >= 3 and segments[0] == "spaces"
    return host in CODE_HOSTS and len(segments) >= 1


def on_github(url: str) -> bool:
    """True for a URL on github.com (with ``www.`` or without, in any letter case)."""
    plain = _PLAIN_URL.fullmatch(url)  # as is_code_link: its host read off the match
    if plain is not None:
        return plain["host"].lower().removeprefix("www.") == "github.com"
    parts = split_url(url)
    try:
        host = parts.hostname if parts else None
    except ValueError:  # a malformed port or bracket in the host
        return False
    return (host or "").removeprefix("www.") == "github.com"


def split_links(urls: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split URLs into (code links, other links), each deduplicated in order.

    Code links are one link whatever their letter case, keeping the first spelling: code
    hosts resolve owner and repository names case-insensitively, and the same repository
    arrives as ``Org/Repo`` from one field and ``org/repo`` from an abstract. Other links
    are compared exactly, since a web server's paths may be case-sensitive.
    """
    code: dict[str, str] = {}  # case-folded -> first spelling; dicts keep order
    other: dict[str, None] = {}
    for url in urls:
        if is_code_link(url):
            code.setdefault(url.casefold(), url)
        else:
            other.setdefault(url)
    return tuple(code.values()), tuple(other)


def normalize_arxiv_id(value: object) -> str | None:
    """An arXiv id without its version suffix, or None if ``value`` is not one.

    >>> normalize_arxiv_id("2509.24002v2")
    '2509.24002'
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if "v" in text:  # a version suffix, maybe: most ids have none, and skip the pattern
        text = _ARXIV_VERSION.sub("", text)
    match = _ARXIV_ID.fullmatch(text)
    return match.group(0) if match else None


def arxiv_id_from_url(url: str) -> str | None:
    """The arXiv id in a Hub paper or arXiv URL (``/papers/2509.24002``), if any."""
    parts = split_url(url)
    match = _PAPER_PATH.search(parts.path) if parts else None
    return match["id"] if match else None


# Where a URL's path names a paper by its arXiv id: the Hub's paper pages and arXiv itself.
_PAPER_HOSTS: Final = frozenset({"huggingface.co", "hf.co", "arxiv.org", "export.arxiv.org"})
# A schemeless address on one of them ("arxiv.org/abs/2509.24002"), as tools save it.
_SCHEMELESS_PAPER: Final = tuple(
    f"{www}{host}/" for host in sorted(_PAPER_HOSTS) for www in ("", "www.")
)


def paper_id_of_url(value: str) -> str | None:
    """The arXiv id that ``value``, a whole URL, names: a Hub paper page
    (``huggingface.co/papers/<id>``) or an arXiv abstract, PDF or HTML page; None for any
    other URL or text.

    >>> paper_id_of_url("https://arxiv.org/pdf/2509.24002v2")
    '2509.24002'
    """
    value = value.strip()
    if value.lower().startswith(_SCHEMELESS_PAPER):
        value = "https://" + value
    elif not value.lower().startswith(("https://", "http://")):
        return None
    parts = split_url(value)
    if parts is None or len(value.split(maxsplit=1)) != 1:
        return None  # unsplittable, or more than one word
    try:
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:  # a malformed port or bracket in the host
        return None
    if host not in _PAPER_HOSTS:
        return None  # a thumbnail on cdn-thumbnails.huggingface.co/.../papers/<id>.png too
    match = _PAPER_PATH.match(parts.path)
    return match["id"] if match else None


def web_address(value: str) -> str | None:
    """``value`` as one web address: a URL with its scheme as written, or a schemeless one
    on a code host or a paper's host (``github.com/org/repo``, ``arxiv.org/abs/<id>``)
    with ``https://`` before it; None for anything else (words, two URLs, an address
    inside a sentence)."""
    value = value.strip()
    if len(value.split(maxsplit=1)) != 1:
        return None  # nothing, or more than one word
    scheme, separator, rest = value.partition("://")
    if separator and scheme.lower() in ("http", "https") and rest[:1].isalnum():
        return value  # a host follows the scheme
    if _BARE_URL.fullmatch(value) or value.lower().startswith(_SCHEMELESS_PAPER):
        return "https://" + value
    return None


def paper_url(arxiv_id: str) -> str:
    """The Hub page of a paper."""
    return f"https://huggingface.co/papers/{arxiv_id}"


@attrs.frozen
class PageAddress:
    """What a Hub papers URL says about its page."""

    kind: str = "unknown"
    page_date: dt.date | None = None
    period: str | None = None
    query: str | None = None
    arxiv_id: str | None = None
    captured: dt.date | None = None  # an archive snapshot's date: when the page was saved


# A Wayback Machine snapshot: /web/<14-digit stamp>[flags]/<the original URL>.
_ARCHIVE_URL: Final = re.compile(
    r"\A(?:https?:)?//(?:web\.)?archive\.org/web/(?P<stamp>\d{8,14})[a-z_]*/(?P<url>\S+)\Z",
    re.IGNORECASE,
)


_PERIOD_PATH: Final = re.compile(
    r"""\A/papers/(?:
        date/(?P<date>\d{4}-\d{2}-\d{2})          # /papers/date/2025-10-02
      | week/(?P<week>\d{4}-W\d{1,2})             # /papers/week/2025-W40
      | month/(?P<month>\d{4}-\d{2})              # /papers/month/2025-10
      | (?P<trending>trending)
    )/?\Z""",
    re.VERBOSE | re.IGNORECASE,
)


def describe_page_url(url: str | None) -> PageAddress:
    """Read the page kind, date, period, query or paper id off a Hub papers URL.

    An archive snapshot's URL is read as the URL it archived, and its date kept as
    ``captured``.
    """
    if not url:
        return PageAddress()
    url = url.strip()
    if archived := _ARCHIVE_URL.match(url):
        captured = _stamp_date(archived["stamp"])
        return attrs.evolve(_describe_hub_url(archived["url"]), captured=captured)
    return _describe_hub_url(url)


def _describe_hub_url(url: str) -> PageAddress:
    parts = split_url(url)
    if parts is None:
        return PageAddress()
    host = parts.netloc.rpartition("@")[2].partition(":")[0].lower().removeprefix("www.")
    if host and host not in _HUB_HOSTS:
        return PageAddress()
    path = parts.path.rstrip("/") or "/"
    query = parse_qs(parts.query)
    if match := _PERIOD_PATH.match(path):
        if match["trending"]:
            return PageAddress(kind="trending")
        if match["date"]:
            return PageAddress(kind="daily", page_date=_iso_date(match["date"]))
        if match["week"]:
            return PageAddress(kind="weekly", period=match["week"].upper())
        return PageAddress(kind="monthly", period=match["month"])
    if path == "/papers":
        if "q" in query:
            return PageAddress(kind="search", query=query["q"][0])
        if "date" in query:
            return PageAddress(kind="daily", page_date=_iso_date(query["date"][0][:10]))
        return PageAddress(kind="daily")
    arxiv_id = arxiv_id_from_url(path)
    if arxiv_id is not None and path.startswith("/papers/"):
        return PageAddress(kind="paper", arxiv_id=arxiv_id)
    return PageAddress()


_HUB_HOSTS: Final = frozenset({"huggingface.co", "hf.co"})


def _stamp_date(stamp: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(stamp[:8], "%Y%m%d").date()
    except ValueError:
        return None


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
