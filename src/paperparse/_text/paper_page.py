"""Text stage 2b, paper pages: one paper's page (title, authors, dates, abstract) as a Listing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Final

from .._fields.dates import DisplayDate, YearBasis, choose_year_basis, resolve, unresolved_year
from .._fields.links import PageAddress, find_urls, paper_url, split_links
from .._model import Listing, Location, Paper, Problem
from .._sources.loading import Source
from .checks import check_titles
from .line_kinds import Kind, Token, authors_after_label
from .rendering import PageMeta

_PAGE_TITLE_PREFIX: Final = re.compile(r"\A(?:Paper page\s*[-\u2013:]\s*)", re.IGNORECASE)
# Where a paper page's own content ends and the rest of the page (community, citations) starts.
_SECTION_END: Final = re.compile(
    r"\A(?:(?:Models|Datasets|Spaces) citing this paper|Collections including this paper)",
    re.IGNORECASE,
)
# Text that opens a paper's header: the title ends where one of these begins.
_HEADER_KINDS: Final = frozenset(
    {Kind.DATE, Kind.SUBMITTED_BY, Kind.UPVOTE, Kind.LABEL, Kind.DAY_RANK, Kind.AUTHORS}
)
_NO_SPACE_BEFORE: Final = frozenset(",.;:!?)]")
_NO_SPACE_AFTER: Final = frozenset("([")


def read_paper_page(
    tokens: Sequence[Token],
    meta: PageMeta,
    address: PageAddress,
    *,
    source: Source,
    reference_date: dt.date | None,
) -> Listing:
    """The Listing of one paper page's rendering."""
    paper, problems = paper_from_page_tokens(
        tokens, meta, arxiv_id=address.arxiv_id, reference_date=reference_date
    )
    check_titles([paper] if paper else [], problems)
    return Listing(
        papers=[paper] if paper else [],
        problems=problems,
        kind="paper",
        input_format=source.input_format,
        url=meta.url if address.kind == "paper" else None,
        retrieved=meta.retrieved,
        source=source.name,
        layers=meta.layers(source.input_format),
    )


def paper_from_page_tokens(
    tokens: Sequence[Token],
    meta: PageMeta,
    *,
    arxiv_id: str | None,
    reference_date: dt.date | None,
) -> tuple[Paper | None, list[Problem]]:
    """Assemble the one paper a paper page shows, from its classified lines."""
    body = list(_until_section_end(tokens))
    problems: list[Problem] = []
    arxiv_id = arxiv_id or next((token.label for token in body if token.kind == Kind.ARXIV), None)
    title, title_line = _title(body, meta)
    published_token = next(
        (t for t in body if t.kind == Kind.DATE and t.label == "published"), None
    )
    submitted_by, submitted_date = _submission(body)
    summary, abstract = _abstract(body)
    github = next((token for token in body if token.kind == Kind.GITHUB), None)
    code_links, links = split_links([*find_urls(abstract or ""), *(github.urls if github else ())])
    basis = choose_year_basis(
        reference_date=reference_date,
        retrieved=meta.retrieved,
        explicit_years=[
            token.date.year for token in tokens if token.date and token.date.year is not None
        ],
    )
    location = Location(line=title_line or 1, end_line=body[-1].last_line if body else None)
    published, resolution = _resolve(published_token, basis, location, problems)
    if published_token is None and meta.published is not None:
        published, resolution = meta.published, "explicit"  # a clipper's front matter
    submitted = _resolve_date(submitted_date, basis, location, problems)
    authors, nameless = _authors(body)
    if nameless:
        problems.append(
            Problem(
                "incomplete-authors",
                f"the author list has {nameless} places with no name (a rendering that drops"
                f" linked names): {len(authors)} names are read",
                location,
                ", ".join(authors),
            )
        )
    upvotes = _upvotes(body)
    day_rank = next((token for token in body if token.kind == Kind.DAY_RANK), None)
    if title is None:
        raw = "\n".join(token.text for token in body[:20])
        problems.append(
            Problem("unparsed-block", "a paper page with no title found", location, raw)
        )
        return None, problems
    paper = Paper(
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        url=paper_url(arxiv_id) if arxiv_id else None,
        authors=authors,
        author_count=len(authors) or None,
        published=published,
        published_text=published_token.date.text
        if published_token and published_token.date
        else None,
        date_resolution=resolution,
        submitted=submitted,
        submitted_by=submitted_by,
        upvotes=upvotes,
        code_links=code_links,
        links=links,
        github_repo=code_links[0] if github and code_links else None,
        github_stars=github.count if github else None,
        ai_summary=summary,
        day_rank=day_rank.count if day_rank else None,
        rank=1,
        location=location,
    )
    return paper, problems


def _upvotes(body: Sequence[Token]) -> int | None:
    """ "Upvote 118" on one line, or the button's label and its count on two."""
    for index, token in enumerate(body):
        if token.kind == Kind.UPVOTE:
            return token.count
        if token.kind == Kind.CHROME and token.text.lower() == "upvote":
            following = body[index + 1 : index + 2]
            if following and following[0].kind == Kind.COUNT:
                return following[0].count
    return None


def _until_section_end(tokens: Sequence[Token]) -> Iterator[Token]:
    """The page up to its community thread: comments quote titles, dates and abstracts."""
    seen_abstract = False
    for token in tokens:
        if token.kind == Kind.LABEL and token.label == "community" and seen_abstract:
            return
        if token.kind == Kind.TEXT and _SECTION_END.match(token.text):
            return
        seen_abstract = seen_abstract or (token.kind == Kind.LABEL and token.label == "abstract")
        yield token


def _title(body: Sequence[Token], meta: PageMeta) -> tuple[str | None, int | None]:
    """The title: below the arXiv mark, else the heading before the header, else the line."""
    mark = next((i for i, token in enumerate(body) if token.kind == Kind.ARXIV), -1)
    header = next(
        (i for i, token in enumerate(body) if i > mark and token.kind in _HEADER_KINDS),
        len(body),
    )
    if mark >= 0:
        texts = [token for token in body[mark + 1 : header] if token.kind == Kind.TEXT]
        if texts:
            return _join(token.text for token in texts), texts[0].line
    before = [token for token in body[:header] if token.kind == Kind.TEXT]
    headings = [token for token in before if token.heading]
    if headings:
        return headings[-1].text, headings[-1].line
    if before:
        return before[-1].text, before[-1].line
    if meta.title:
        return _PAGE_TITLE_PREFIX.sub("", " ".join(meta.title.split())), None
    return None, None


def _submission(body: Sequence[Token]) -> tuple[str | None, DisplayDate | None]:
    """ "Submitted by X on Oct 7", on one line or spread over three."""
    for index, token in enumerate(body):
        if token.kind != Kind.SUBMITTED_BY:
            continue
        user, date = token.label, token.date
        following = body[index + 1 : index + 3]
        if user is None and following and following[0].kind == Kind.TEXT:
            user = following[0].text
            following = following[1:]
        if date is None and following and following[0].kind == Kind.DATE:
            date = following[0].date
        return user, date
    return None, None


def _abstract(body: Sequence[Token]) -> tuple[str | None, str | None]:
    """(AI summary, abstract) from the Abstract section."""
    start = next(
        (i for i, t in enumerate(body) if t.kind == Kind.LABEL and t.label == "abstract"), None
    )
    if start is None:
        return None, None
    section: list[Token] = []
    summary_at: int | None = None
    for token in body[start + 1 :]:
        if token.kind == Kind.LABEL and token.label == "summary":
            summary_at = len(section)
        elif token.kind == Kind.TEXT:
            section.append(token)
        elif token.kind not in (Kind.CHROME, Kind.ARXIV):
            break
    if summary_at is not None:
        summary = _join(token.text for token in section[:summary_at]) or None
        return summary, _join(token.text for token in section[summary_at:]) or None
    if len(section) >= 2:
        # Newer pages put a one-paragraph AI summary above the abstract, without a label in
        # some copies.
        return section[0].text, _join(token.text for token in section[1:])
    return None, section[0].text if section else None


def _authors(body: Sequence[Token]) -> tuple[tuple[str, ...], int]:
    """The names after "Authors:", and how many places in the list hold no name: a line of
    nothing but its comma, as a rendering that drops the names linking to accounts prints."""
    start = next(
        (i for i, t in enumerate(body) if t.kind == Kind.LABEL and t.label == "authors"), None
    )
    if start is None:
        return (), 0
    parts = [authors_after_label(body[start])]
    for token in body[start + 1 :]:
        if token.kind != Kind.TEXT:
            break
        parts.append(token.text)
    names = (name.strip() for name in ",".join(parts).split(","))
    # A comma alone on its line separates two names ("Ada Lovelace" / "," / "Grace Hopper");
    # after a comma already, it stands for a name that is not there.
    nameless = sum(
        1
        for before, part in pairwise(parts)
        if part.strip() == "," and before.rstrip().endswith(",")
    )
    return tuple(name for name in names if name), nameless


def _resolve(
    token: Token | None, basis: YearBasis | None, location: Location, problems: list[Problem]
) -> tuple[dt.date | None, str | None]:
    if token is None or token.date is None:
        return None, None
    value, resolution = resolve(token.date, basis)
    if value is None:
        problems.append(unresolved_year(token.date, location))
    return value, resolution


def _resolve_date(
    date: DisplayDate | None, basis: YearBasis | None, location: Location, problems: list[Problem]
) -> dt.date | None:
    if date is None:
        return None
    value = resolve(date, basis)[0]
    if value is None:
        problems.append(unresolved_year(date, location))
    return value


def _join(parts: Iterator[str] | Sequence[str]) -> str:
    """Join text fragments, as a page's inline links split them, with natural spacing."""
    out = ""
    for part in parts:
        if out and part and part[0] not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out += " "
        out += part
    return out
