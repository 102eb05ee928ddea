"""The data model: frozen value objects for papers, problems and listings, and the one
exception root, which carries problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

JSON = dict[str, Any]

# Page kinds a Listing can report; "unknown" when the page gives no clue.
PAGE_KINDS: Final = frozenset(
    {"daily", "weekly", "monthly", "trending", "search", "paper", "unknown"}
)
# Input formats the source sniffer can detect; "paperparse-*" are paperparse's own exports
# read back.
INPUT_FORMATS: Final = frozenset(
    {
        "text",
        "markdown",
        "html",
        "mhtml",
        "webarchive",
        "json",
        "jsonl",
        "paperparse-json",
        "paperparse-jsonl",
        "paperparse-csv",
    }
)
# How a paper's `published` date got its year.
DATE_RESOLUTIONS: Final = frozenset(
    {
        "explicit",  # the page printed the year, or an ISO timestamp carried it
        "reference-date",  # the caller's reference_date gave the year
        "retrieval-date",  # a retrieval/export date in the page's chrome gave it
        "page-date",  # the page's own dated header gave it
        "page-years",  # inferred: one year after the newest explicit year on the page
    }
)


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must be >= 0, got {value}")


def _to_tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class Location:
    """Where a paper or problem was found in the source."""

    line: int | None = None
    """First line (1-based) in a text source."""
    end_line: int | None = None
    """Last line (1-based, inclusive) in a text source."""
    path: str | None = None
    """JSON pointer (``/3/paper/title``) or element path in an HTML source."""

    def to_dict(self) -> JSON:
        return {"line": self.line, "end_line": self.end_line, "path": self.path}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Location:
        return cls(line=data.get("line"), end_line=data.get("end_line"), path=data.get("path"))

    def __str__(self) -> str:
        if self.line is not None:
            if self.end_line is not None and self.end_line != self.line:
                return f"lines {self.line}-{self.end_line}"
            return f"line {self.line}"
        return self.path or "?"


@attrs.frozen
class Problem:
    """Something on the page that could not be read fully, as data."""

    code: str
    """Stable, machine-readable code such as ``"missing-metadata"`` (see docs/problems.md)."""
    message: str
    """Human-readable explanation; wording may change between releases."""
    location: Location = attrs.field(factory=Location)
    """Where in the source the problem is."""
    raw: str = ""
    """The raw fragment the problem is about (of each occurrence, one per line)."""
    count: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    """How many occurrences this problem stands for: problems of one code on consecutive
    lines (or consecutive items of a JSON list) are one problem spanning them."""

    def to_dict(self) -> JSON:
        return {
            "code": self.code,
            "message": self.message,
            "location": self.location.to_dict(),
            "raw": self.raw,
            "count": self.count,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        return cls(
            code=data["code"],
            message=data["message"],
            location=Location.from_dict(data.get("location") or {}),
            raw=data.get("raw", ""),
            count=data.get("count", 1),
        )

    def __str__(self) -> str:
        return f"{self.location}: {self.code}: {self.message}"


@attrs.frozen
class Paper:
    """One paper as a page shows it. ``None`` means "not on the page"."""

    title: str
    """The paper's title, whitespace normalised."""
    abstract: str | None = None
    """The abstract, when the page shows it."""
    arxiv_id: str | None = None
    """arXiv identifier without version suffix (``2509.24002``)."""
    url: str | None = None
    """The paper's page on the Hub."""
    authors: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple)
    """Author names; empty when the page shows only a count."""
    author_count: int | None = attrs.field(default=None, validator=_non_negative)
    """Number of authors shown or counted."""
    published: dt.date | None = None
    """The paper's publication date as the page shows it."""
    published_text: str | None = None
    """The raw date text the page showed (``Sep 28``), before year resolution."""
    date_resolution: str | None = None
    """How ``published`` got its year: one of ``DATE_RESOLUTIONS``."""
    submitted: dt.date | None = None
    """The day the paper was submitted to the daily list (never the publication date)."""
    submitted_by: str | None = None
    """User name of whoever submitted the paper to the daily list."""
    submitter_organization: str | None = None
    """The organisation the submitter named when submitting the paper (the Hub's
    ``submitterOrganization``); not necessarily the paper's ``organization``."""
    upvotes: int | None = attrs.field(default=None, validator=_non_negative)
    """Upvote count; 0 when the page shows ``-`` or 0."""
    comments: int | None = attrs.field(default=None, validator=_non_negative)
    """Comment count."""
    discussion_id: str | None = None
    """The Hub's id of the paper's discussion thread, the one ``comments`` counts."""
    author_participating: bool | None = None
    """Whether an author of the paper takes part in that discussion, as the Hub says."""
    code_links: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple)
    """URLs pointing at code hosts (GitHub, GitLab, ...), in page order, deduplicated."""
    links: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple)
    """Other URLs found for the paper."""
    github_repo: str | None = None
    """The GitHub repository the page links as the paper's code."""
    github_repo_added_by: str | None = None
    """How ``github_repo`` came to be linked, as the Hub records it: ``"user"`` (a person
    linked it) or ``"auto"`` (the Hub found it), the two values its responses hold."""
    github_stars: int | None = attrs.field(default=None, validator=_non_negative)
    """Star count of ``github_repo`` as shown on the page."""
    project_page: str | None = None
    """The paper's project page URL."""
    ai_summary: str | None = None
    """The Hub's AI-generated summary."""
    ai_summary_model: str | None = None
    """The model that wrote ``ai_summary`` (``Qwen/Qwen2.5-Coder-32B-Instruct``)."""
    ai_keywords: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple)
    """The Hub's AI-generated keywords."""
    organization: str | None = None
    """Organisation shown on the card."""
    thumbnail: str | None = None
    """Thumbnail image URL."""
    media_urls: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple)
    """Videos and images attached to the paper on the Hub, in order, deduplicated."""
    rank: int | None = None
    """1-based position of the paper on the page."""
    day_rank: int | None = None
    """"#N Paper of the day" rank, when shown."""
    location: Location = attrs.field(factory=Location)
    """Where the paper's block was found in the source."""

    def to_dict(self) -> JSON:
        """A JSON-safe dict; ``Paper.from_dict`` turns it back into an equal Paper."""
        out: JSON = {}
        for field in attrs.fields(Paper):
            value = getattr(self, field.name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Location):
                value = value.to_dict()
            out[field.name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Paper:
        """Build a Paper from ``to_dict`` output; unknown keys are ignored."""
        names = {field.name for field in attrs.fields(Paper)}
        kwargs = {key: value for key, value in data.items() if key in names}
        for key in _DATE_FIELDS:
            if kwargs.get(key) is not None:
                kwargs[key] = dt.date.fromisoformat(kwargs[key])
        if "location" in kwargs:
            kwargs["location"] = Location.from_dict(kwargs["location"] or {})
        return cls(**kwargs)


_DATE_FIELDS: Final = ("published", "submitted")


@attrs.frozen
class Listing:
    """A parsed page: its papers in page order, the problems met, and what the page was."""

    papers: tuple[Paper, ...] = attrs.field(default=(), converter=_to_tuple)
    """Papers in page order."""
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_to_tuple)
    """Everything that could not be read fully, in source order."""
    kind: str = "unknown"
    """Page kind: one of ``PAGE_KINDS``."""
    input_format: str = "text"
    """Detected input format: one of ``INPUT_FORMATS``."""
    page_date: dt.date | None = None
    """The date the page itself shows (a daily listing's day), when it shows one."""
    period: str | None = None
    """The period a weekly or monthly listing covers (``2025-W40``, ``2025-10``)."""
    query: str | None = None
    """The search query of a search-results page."""
    url: str | None = None
    """The page's own URL, when the source records it."""
    retrieved: dt.date | None = None
    """When the page was saved, when the source records it."""
    source: str | None = None
    """Name of the source (the file path), when known."""
    layers: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple)
    """What was read, most reliable first: ``"hydration:DailyPapers"``, ``"dom"``,
    ``"api-json"``, ``"front-matter"``, ``"text"``..."""

    def to_dict(self) -> JSON:
        """A JSON-safe dict of the whole listing."""
        return {
            "kind": self.kind,
            "input_format": self.input_format,
            "page_date": _iso_or_none(self.page_date),
            "period": self.period,
            "query": self.query,
            "url": self.url,
            "retrieved": _iso_or_none(self.retrieved),
            "source": self.source,
            "layers": list(self.layers),
            "papers": [paper.to_dict() for paper in self.papers],
            "problems": [problem.to_dict() for problem in self.problems],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Listing:
        """Build a Listing from ``to_dict`` output."""
        return cls(
            papers=[Paper.from_dict(item) for item in data.get("papers", ())],
            problems=[Problem.from_dict(item) for item in data.get("problems", ())],
            kind=data.get("kind", "unknown"),
            input_format=data.get("input_format", "text"),
            page_date=_date_or_none(data.get("page_date")),
            period=data.get("period"),
            query=data.get("query"),
            url=data.get("url"),
            retrieved=_date_or_none(data.get("retrieved")),
            source=data.get("source"),
            layers=data.get("layers", ()),
        )

    def raise_for_problems(self) -> None:
        """Raise ``ParseError`` naming the first problem, if there is any."""
        if self.problems:
            first = self.problems[0]
            more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            raise ParseError(
                f"{first.code}: {first.message}{more}",
                source=self.source,
                line=first.location.line,
                path=first.location.path,
                problems=self.problems,
                code="has-problems",
            )


def _iso_or_none(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date_or_none(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


# Every code a ``Problem`` can carry (docs/problems.md says what each means; codes are
# stable: never renamed, never reused).
PROBLEM_CODES: Final = frozenset(
    {
        "missing-metadata",
        "unparsed-block",
        "unresolved-year",
        "ambiguous-count",
        "suspicious-title",
        "unclaimed-paper-link",
        "incomplete-authors",
        "duplicate-card",
        "truncated",
        "invalid-field",
        "unknown-field",
        "bad-hydration-json",
        "layer-mismatch",
        "encoding-guessed",
        "replaced-characters",
    }
)
# What ``ParseError.code`` can be: why a document gave no listing.
ERROR_CODES: Final = {
    "not-a-papers-page": "readable, but not a Hugging Face papers page (or an empty one)",
    "unreadable": "the file or folder could not be read: missing, no permission, an I/O error",
    "too-large": "over a documented bound on one document (docs/bounds.md)",
    "damaged": "a container that is broken: gzip, archive, crawl record, JSON, HTML",
    "archive": "a zip or tar archive, which holds many documents: a batch reads each",
    "has-problems": "strict mode, and the listing has problems",
}


class ParseError(ValueError):
    """Input that is not a papers listing at all, or a listing with problems in strict mode.

    Carries the source name, the line (text) or path (JSON pointer / element path) where the
    trouble is, in strict mode the problems that triggered it, and a machine-readable
    ``code`` (one of ``ERROR_CODES``, documented in docs/problems.md). Picklable.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        path: str | None = None,
        problems: Sequence[Problem] = (),
        code: str = "not-a-papers-page",
    ) -> None:
        where = ", ".join(
            part
            for part in (
                source,
                f"line {line}" if line is not None else None,
                path,
            )
            if part
        )
        super().__init__(f"{message} ({where})" if where else message)
        self.message = message
        self.source = source
        self.line = line
        self.path = path
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.code = code

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (self.message, self.source, self.line, self.path, self.problems, self.code),
        )


def _rebuild(
    message: str,
    source: str | None,
    line: int | None,
    path: str | None,
    problems: tuple[Problem, ...],
    code: str,
) -> ParseError:
    return ParseError(message, source=source, line=line, path=path, problems=problems, code=code)


class OutputError(Exception):
    """An output that could not be written, and was left as it was: a database that is not
    paperparse's (another file, another schema), or one that is read-only or locked by
    another process.

    ``target`` names the output, ``reason`` says why in a few words. Picklable.
    """

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(f"{target}: {reason}")
        self.target = target
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (OutputError, (self.target, self.reason))
