"""Developer entry point: creates .venv on first use, then runs the sample or the checks.

    python3 dev.py sample   # parse the bundled sample listing and print its papers
    python3 dev.py test     # ruff, mypy --strict and the whole test suite
    python3 dev.py bench    # the benchmark table (see docs/performance.md)
    python3 dev.py diff REV # every fixture and corpus page parses as it did at commit REV
    python3 dev.py renderings  # the rendering matrix into docs/renderings.md
    python3 dev.py schemas  # the JSON Schema files the package ships, from the model
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed-from"
SAMPLE = ROOT / "tests" / "fixtures" / "text" / "seed_search.txt"


def ensure_env() -> None:
    """Create the virtual environment and install the project with its dev tools."""
    want = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if STAMP.exists() and STAMP.read_text(encoding="utf-8") == want:
        return
    if not PYTHON.exists():
        print("creating .venv ...", file=sys.stderr)
        venv.create(VENV, with_pip=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev,renderings,dask,spark,parquet,warc]")
    STAMP.write_text(want, encoding="utf-8")


def run(*args: object) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # keep the docs build output quiet
    completed = subprocess.run([str(arg) for arg in args], cwd=ROOT, check=False, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def main(argv: list[str]) -> None:
    task = argv[0] if argv else "test"
    ensure_env()
    if task == "sample":
        run(BIN / "paperparse", "parse", SAMPLE, "--format", "jsonl", *argv[1:])
    elif task == "test":
        folders = ("src", "tests", "benchmarks", "tools", "fuzz")
        linted = [name for name in folders if (ROOT / name).is_dir()]
        run(PYTHON, "-m", "ruff", "check", *linted)
        run(PYTHON, "-m", "mypy", "src", "tests/typing")
        run(PYTHON, "-m", "pytest", *argv[1:])
        run(BIN / "mkdocs", "build", "--strict", "--quiet", "--site-dir", ROOT / ".site")
    elif task == "bench":
        run(PYTHON, ROOT / "benchmarks" / "run.py", *argv[1:])
    elif task == "diff":
        run(PYTHON, ROOT / "tools" / "differential.py", *argv[1:])
    elif task == "renderings":
        run(PYTHON, ROOT / "tools" / "renderings_table.py", *argv[1:])
    elif task == "schemas":
        run(PYTHON, ROOT / "tools" / "write_schemas.py")
    else:
        sys.exit(
            f"unknown task {task!r}; expected sample, test, bench, diff, renderings or schemas"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
