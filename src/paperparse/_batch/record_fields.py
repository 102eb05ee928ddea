"""Merge stage: the paper fields a merged record keeps, in the SQLite schema's column order.

``Collection`` keeps the newest non-empty value of each; the database and the JSON Lines
output write them under these names.
"""

from __future__ import annotations

from typing import Final

PAPER_FIELDS: Final = (
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
