"""paperparse: saved Hugging Face Daily Papers pages into typed Paper objects."""

from ._errors import ParseError
from ._model import Listing, Location, Paper, Problem
from ._parse import parse
from ._version import __version__

__all__ = [
    "Listing",
    "Location",
    "Paper",
    "ParseError",
    "Problem",
    "__version__",
    "parse",
]
