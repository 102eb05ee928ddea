"""Source stage for batches: the named inputs a batch parses, and the ones it passes over.

Kept apart from the expansion (``inputs``), which loads the archive readers: a batch's
workers and ``parse_many`` need these classes, not those readers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs


@attrs.frozen
class Input:
    """One document to parse: a path to read, or bytes already read (stdin, archives).

    ``walked`` says it was found in a folder or an archive rather than named by the user:
    such a file that turns out to be no papers page is skipped, not an error. ``saved_on``
    is what its container says of when it was saved: a crawl record's ``WARC-Date``.
    """

    name: str
    path: Path | None = None
    data: bytes | None = None
    walked: bool = False
    saved_on: dt.date | None = None


@attrs.frozen
class Skipped:
    """A file a walk found and passed over, and why: ``by`` is ``"name"`` (it matches no
    glob) or ``"content"`` (read, and no papers page)."""

    name: str
    reason: str
    by: str = "content"
