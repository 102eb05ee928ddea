"""The seeds every fuzz mode starts from: found, loaded, and parsed as they are."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Final, NamedTuple

import paperparse
from paperparse import Listing, ParseError

ROOT = Path(__file__).resolve().parents[1]
SEED_DIRS = (ROOT / "tests" / "fixtures", ROOT.parent / "shared" / "corpus")
SEED_SUFFIXES = (".txt", ".md", ".html", ".mhtml", ".webarchive", ".gz", ".json", ".jsonl")
NOT_SEEDS: Final = frozenset({"README.md"})  # the folders' own notes
# The wrappers a seed may come in, by their first bytes.
GZIP_MAGIC: Final = b"\x1f\x8b"
WEBARCHIVE_MAGIC: Final = b"bplist00"

Outcome = Listing | ParseError


class Seed(NamedTuple):
    name: str  # "fixtures/text/daily_copy.txt", "corpus/api-json/..."
    data: bytes
    listing: Listing | None  # what the unmutated seed gives; None when no listing


def load_seeds() -> list[Seed]:
    found = []
    for folder in SEED_DIRS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if (
                path.suffix in SEED_SUFFIXES
                and path.name not in NOT_SEEDS
                and not path.name.endswith(".expected.json")
            ):
                data = path.read_bytes()
                name = f"{folder.name}/{path.relative_to(folder)}"
                found.append(Seed(name, data, _baseline(data)))
    if not found:
        sys.exit("no seeds found")
    return found


def _baseline(data: bytes) -> Listing | None:
    try:
        return paperparse.parse(data)
    except Exception:  # noqa: BLE001 - a seed that crashes is the crash mode's to report
        return None


def attempt(source: str | bytes | Path) -> Outcome:
    """``parse``, with its own error as a value; anything else propagates, as a finding."""
    try:
        return paperparse.parse(source)
    except ParseError as error:
        return error
