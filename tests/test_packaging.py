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


def test_the_readme_python_example_runs_as_written() -> None:
    # The README says to run it with the environment's Python, from the repository's folder.
    import re

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use it from Python") :]
    assert ".venv/bin/python" in section.split("```python")[0]  # the one stated step
    (example,) = re.findall(r"```python\n(.*?)```", section, re.S)[:1]
    done = subprocess.run(
        [sys.executable, "-c", example], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) >= 3
