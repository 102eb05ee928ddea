"""Text input's entry: undo the rendering, classify its lines, and read them as a listing of
cards or as one paper's page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from .._fields.links import describe_page_url
from .._model import Listing
from .._sources.loading import Source, retrieval_day
from .line_kinds import Kind, Token
from .listing import read_listing
from .rendering import render_lines
from .tokens import tokenize


def parse_text(source: Source, *, reference_date: dt.date | None) -> Listing:
    """Parse a plain-text or markdown rendering of a papers page."""
    lines, meta = render_lines(source.text, markdown=source.input_format == "markdown")
    tokens = list(tokenize(lines))
    address = describe_page_url(meta.url)
    # The front matter's date, else an archive snapshot's, else the container's: what the
    # year of year-less dates is read against when the caller gives no reference date.
    own = meta.retrieved if meta.retrieved is not None else address.captured
    retrieved = retrieval_day(own, source)
    if retrieved != meta.retrieved:
        meta = attrs.evolve(meta, retrieved=retrieved)
    if address.kind == "paper" or (address.kind == "unknown" and _is_paper_page(tokens)):
        from .paper_page import read_paper_page  # loaded only for a paper page: its patterns

        return read_paper_page(tokens, meta, address, source=source, reference_date=reference_date)
    return read_listing(tokens, meta, address, source=source, reference_date=reference_date)


def _is_paper_page(tokens: Sequence[Token]) -> bool:
    """A single paper's page: an Abstract section and a "Published on" or arXiv mark."""
    labels = {token.label for token in tokens if token.kind == Kind.LABEL}
    if "abstract" not in labels:
        return False  # a listing: the other questions need not be asked
    kinds = {token.kind for token in tokens}
    published = any(t.kind == Kind.DATE and t.label == "published" for t in tokens)
    authors_counts = sum(token.kind == Kind.AUTHORS for token in tokens)
    return (published or Kind.ARXIV in kinds or "authors" in labels) and authors_counts <= 1
