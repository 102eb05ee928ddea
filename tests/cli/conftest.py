"""Helpers for command-line tests: a page to parse, and runs without root's override."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ..conftest import FIXTURES

SEED = FIXTURES / "text" / "seed_search.txt"  # a search page saved as text: 45 papers
# One small daily page: two papers, each on one day.
DAY = (
    "Daily Papers\n{date}\n\nSubmitted by\nakhaliq\n{upvotes}\nThe Same Paper\n\u00b7\n3 authors\n"
    "2\nSubmitted by\nnielsr\n7\nA Paper Seen Once On {date}\n\u00b7\n2 authors\n"
)
NOBODY = 65534  # the unprivileged user and group every Linux has
SRC = Path(__file__).resolve().parents[2] / "src"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary folder another user may enter (pytest's own is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="paperparse-cli-"))
    folder.chmod(0o777)
    yield folder
    for here, folders, _files in os.walk(folder):
        for each in folders:
            os.chmod(os.path.join(here, each), 0o755)  # undo the tests' locks
    shutil.rmtree(folder)


@pytest.fixture
def unprivileged(shared_tmp: Path) -> Run:
    """Run ``paperparse ARGS`` as a user that file permissions hold: as root (which
    ignores them) through ``setpriv``, else as the current user. Skips when neither works."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot drop root's file override")
        prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    probe = subprocess.run(
        [*prefix, sys.executable, "-c", "import paperparse"],
        capture_output=True,
        text=True,
        env=_environment(),
        cwd=shared_tmp,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"an unprivileged user cannot import paperparse here: {probe.stderr[-200:]}")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "paperparse", *args],
            capture_output=True,
            text=True,
            env=_environment(),
            cwd=shared_tmp,
            check=False,
            timeout=120,
        )

    return run


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), "HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1"}
