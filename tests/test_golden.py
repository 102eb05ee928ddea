"""Golden files: every fixture with a ``.expected.json`` beside it must parse to exactly that.

Regenerate after a reviewed behaviour change with ``PAPERPARSE_REGEN=1 pytest
tests/test_golden.py`` and read the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import paperparse

from .conftest import FIXTURES

EXPECTED_SUFFIX = ".expected.json"
CASES = sorted(
    path
    for path in FIXTURES.rglob("*")
    if path.is_file() and Path(f"{path}{EXPECTED_SUFFIX}").exists()
)


def test_golden_cases_were_found() -> None:
    assert CASES, "no golden fixtures found under tests/fixtures"


@pytest.mark.parametrize("case", CASES, ids=[str(case.relative_to(FIXTURES)) for case in CASES])
def test_golden(case: Path) -> None:
    expected_path = Path(f"{case}{EXPECTED_SUFFIX}")
    got = paperparse.parse(case).to_dict()
    got["source"] = case.name  # independent of where the checkout lives
    if os.environ.get("PAPERPARSE_REGEN"):
        expected_path.write_text(
            json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))
