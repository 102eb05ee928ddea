"""Text input (placeholder until its parser lands)."""

from __future__ import annotations

import datetime as dt

from ._errors import ParseError
from ._model import Listing
from ._source import Source


def parse_text(source: Source, *, reference_date: dt.date | None) -> Listing:
    raise ParseError("text input is not supported yet", source=source.name)
