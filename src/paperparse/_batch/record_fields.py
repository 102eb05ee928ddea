"""Merge stage: which fields a merged record keeps, and which each appearance keeps.

Derived from the model, so a field added to ``Paper`` reaches every merge output (the
Collection, JSON Lines, SQLite, DataFrames) without a change here:

* a paper's counts and places on one page (``APPEARANCE_COUNTS``) belong to that appearance;
* every other field but its location is the paper's, and the merged record keeps the
  newest non-empty value of each.

The SQLite columns keep the order the first release wrote (``FIRST_COLUMNS``) and add the
rest after them, so that a database an earlier release wrote is ours with columns missing,
which a write adds (see ``database``).
"""

from __future__ import annotations

from typing import Final

import attrs

from .._model import Paper

# What a paper shows on one page, that another page shows otherwise.
APPEARANCE_COUNTS: Final = ("rank", "upvotes", "comments", "github_stars", "day_rank")
# The paper columns of the first SQLite schema, in its order.
FIRST_COLUMNS: Final = (
    "arxiv_id",
    "title",
    "abstract",
    "authors",
    "author_count",
    "published",
    "url",
    "github_repo",
    "project_page",
    "ai_summary",
    "organization",
)
PAPER_FIELDS: Final = FIRST_COLUMNS + tuple(
    field.name
    for field in attrs.fields(Paper)
    if field.name not in (*FIRST_COLUMNS, *APPEARANCE_COUNTS, "location")
)
