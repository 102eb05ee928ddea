"""paperparse: saved Hugging Face Daily Papers pages into typed Paper objects."""

from ._batch import parse_many
from ._errors import ParseError
from ._merge import Appearance, Collection, MergedPaper
from ._model import Listing, Location, Paper, Problem
from ._parse import parse
from ._version import __version__

__all__ = [
    "Appearance",
    "Collection",
    "Listing",
    "Location",
    "MergedPaper",
    "Paper",
    "ParseError",
    "Problem",
    "__version__",
    "parse",
    "parse_many",
]
