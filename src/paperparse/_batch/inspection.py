"""Inspect stage: a human-readable account of how one page was read.

Each paper's fields are shown with where each came from (``origins``): the layer, and the
line or JSON pointer in it. Long values are cut unless ``full`` is asked for, and a cut
value says how much was left out.
"""

from __future__ import annotations

from typing import Final

import attrs

from .._model import Listing, Paper
from .origins import Origin, field_origins

VALUE_WIDTH: Final = 100  # characters of a value shown before it is cut
RAW_WIDTH: Final = 120  # characters of a problem's raw text


def describe(listing: Listing, *, full: bool = False, document: str | None = None) -> str:
    """Page kind, format, dates, each paper's fields with their origins, every problem.

    ``document`` is the decoded text the listing was parsed from: with it, each field's
    origin is pinned to its line or JSON pointer; without it, to the paper's location.
    """
    lines = [
        f"source:       {listing.source}",
        f"format:       {listing.input_format}",
        f"page kind:    {listing.kind}",
        f"layers read:  {', '.join(listing.layers) or '-'}",
    ]
    for name in ("page_date", "period", "query", "url", "retrieved"):
        value = getattr(listing, name)
        if value is not None:
            lines.append(f"{name + ':':13} {value}")
    lines.append(f"papers:       {len(listing.papers)}")
    lines.append(f"problems:     {len(listing.problems)}")
    for paper, origins in zip(listing.papers, field_origins(listing, document), strict=True):
        lines.append("")
        lines.extend(_describe_paper(paper, origins, full=full))
    if listing.problems:
        lines.append("")
        lines.append("problems:")
        for problem in listing.problems:
            lines.append(
                f"  {problem}" + (f" ({problem.count} times)" if problem.count > 1 else "")
            )
            if problem.raw:
                raw = " ".join(problem.raw.split())
                lines.append(f"      raw: {raw if full else _cut(raw, RAW_WIDTH)}")
    return "\n".join(lines) + "\n"


def _describe_paper(paper: Paper, origins: dict[str, Origin], *, full: bool) -> list[str]:
    lines = [f"#{paper.rank} {paper.title}", f"    location: {paper.location}"]
    for field in attrs.fields(Paper):
        value = getattr(paper, field.name)
        if field.name == "location" or value in (None, ()):
            continue
        text = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
        shown = text if full else _cut(text, VALUE_WIDTH)
        origin = origins.get(field.name)
        lines.append(f"    {field.name + ':':16} {shown}" + (f"  <- {origin}" if origin else ""))
    return lines


def _cut(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    left = len(text) - width
    return f"{text[:width]}... (+{left:,} characters; --full shows all)"
