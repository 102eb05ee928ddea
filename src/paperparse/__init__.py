"""paperparse: saved Hugging Face Daily Papers pages into typed Paper objects.

The public names load on first use (PEP 562), so ``import paperparse`` costs almost
nothing; type checkers see them through the imports below.
"""

from ._version import __version__

# `typing` costs more to import than the rest of this module; the constant spelled this way
# is what type checkers look for.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._batch.merge import Collection
    from ._batch.parallel import parse_many
    from ._batch.records import Appearance, MergedPaper
    from ._batch.schemas import json_schema
    from ._model import Listing, Location, OutputError, Paper, ParseError, Problem
    from ._parse import parse

__all__ = [
    "Appearance",
    "Collection",
    "Listing",
    "Location",
    "MergedPaper",
    "OutputError",
    "Paper",
    "ParseError",
    "Problem",
    "__version__",
    "json_schema",
    "parse",
    "parse_many",
]

# Where each public name lives.
_HOMES = {
    "Appearance": "_batch.records",
    "Collection": "_batch.merge",
    "Listing": "_model",
    "Location": "_model",
    "MergedPaper": "_batch.records",
    "OutputError": "_model",
    "Paper": "_model",
    "ParseError": "_model",
    "Problem": "_model",
    "json_schema": "_batch.schemas",
    "parse": "_parse",
    "parse_many": "_batch.parallel",
}


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'paperparse' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"paperparse.{_HOMES[name]}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
