"""The wheel carries the typing marker and the schema, and installs the command."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_py_typed_and_schema(tmp_path: Path) -> None:
    code = f"from hatchling.build import build_wheel; print(build_wheel({str(tmp_path)!r}))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    wheel = tmp_path / out.stdout.strip().splitlines()[-1]
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "paperparse/py.typed" in names
    assert "paperparse/listing.schema.json" in names
    metadata = next(name for name in names if name.endswith("METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Dist: lxml" in text
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "paperparse = paperparse.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
