"""The differential invariants: one document through every door must give the same."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Final, NamedTuple

import paperparse.cli
from fuzz.seeds import GZIP_MAGIC, Outcome, attempt
from paperparse import ParseError


class View(NamedTuple):
    """What a parse gave, comparably: an error, or the papers (as JSON) and problem codes."""

    error: bool
    papers: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()

    @classmethod
    def of(cls, outcome: Outcome) -> View:
        if isinstance(outcome, ParseError):
            return cls(error=True)
        papers = tuple(_as_json(paper.to_dict()) for paper in outcome.papers)
        return cls(False, papers, tuple(problem.code for problem in outcome.problems))

    def __str__(self) -> str:
        if self.error:
            return "ParseError"
        return f"{len(self.papers)} papers, problems {list(self.codes)}"


def _as_json(item: object) -> str:
    return json.dumps(item, sort_keys=True)


# UTF-32 before UTF-16, whose BOM starts UTF-32's; no BOM at all: UTF-8 or nothing.
TEXT_BOMS: Final = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"", "utf-8"),
)


def as_text(data: bytes) -> str | None:
    """``data`` as the str a caller would pass, when its encoding is beyond doubt."""
    for bom, encoding in TEXT_BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def through_zip(data: bytes, name: str, scratch: Path) -> View:
    """``data`` as a zip member, read by the command line (the public way into archives)."""
    archive, out = scratch / "pages.zip", scratch / "out.json"
    with zipfile.ZipFile(archive, "w") as writer:
        writer.writestr(name, data)
    with contextlib.redirect_stderr(io.StringIO()):
        paperparse.cli.main(["parse", str(archive), "--glob", "*", "-o", str(out)])
    pages = json.loads(out.read_text(encoding="utf-8"))
    if not pages:
        return View(error=True)
    (page,) = pages
    papers = tuple(_as_json(paper) for paper in page["papers"])
    return View(False, papers, tuple(problem["code"] for problem in page["problems"]))


def doors(data: bytes, name: str, scratch: Path) -> dict[str, Callable[[], View]]:
    """Every other way into the same document than its bytes, by invariant name."""
    found: dict[str, Callable[[], View]] = {}
    text = as_text(data)
    if text is not None:
        found["differential-str"] = lambda: View.of(attempt(text))

    def through_path() -> View:
        path = scratch / name
        path.write_bytes(data)
        return View.of(attempt(path))

    found["differential-path"] = through_path
    if not data.startswith(GZIP_MAGIC):  # a second gzip layer is not inflated: by design
        found["differential-gzip"] = lambda: View.of(attempt(gzip.compress(data)))
    found["differential-zip"] = lambda: through_zip(data, name, scratch)
    return found


def difference(expected: View, got: View) -> str:
    """What differs between two views, briefly: the signature of a finding."""
    if expected.error != got.error:
        return f"outcome: {expected} vs {got}"
    if len(expected.papers) != len(got.papers):
        return f"paper count: {len(expected.papers)} vs {len(got.papers)}"
    for one, other in zip(expected.papers, got.papers, strict=True):
        if one != other:
            left, right = json.loads(one), json.loads(other)
            fields = sorted(
                key for key in left.keys() | right.keys() if left.get(key) != right.get(key)
            )
            return f"paper fields {fields}"
    return f"problem codes {list(expected.codes)} vs {list(got.codes)}"


DIFFERENTIAL_INVARIANTS: Final = (
    "differential-str", "differential-path", "differential-gzip", "differential-zip"
)  # fmt: skip
