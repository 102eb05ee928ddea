"""Inspect stage: a human-readable account of how one page was read."""

from __future__ import annotations

import attrs

from .._model import Listing, Paper

_SKIPPED_FIELDS = frozenset({"location"})


def describe(listing: Listing) -> str:
    """Page kind, format, dates, each paper's fields with their location, every problem."""
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
    for paper in listing.papers:
        lines.append("")
        lines.extend(_describe_paper(paper))
    if listing.problems:
        lines.append("")
        lines.append("problems:")
        for problem in listing.problems:
            lines.append(f"  {problem}")
            if problem.raw:
                raw = " ".join(problem.raw.split())
                lines.append(f"      raw: {raw[:120]}{'...' if len(raw) > 120 else ''}")
    return "\n".join(lines) + "\n"


def _describe_paper(paper: Paper) -> list[str]:
    lines = [f"#{paper.rank} {paper.title}", f"    from: {paper.location}"]
    for field in attrs.fields(Paper):
        value = getattr(paper, field.name)
        if field.name in _SKIPPED_FIELDS or field.name == "title" or value in (None, ()):
            continue
        text = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
        if len(text) > 100:
            text = text[:97] + "..."
        lines.append(f"    {field.name + ':':16} {text}")
    return lines
