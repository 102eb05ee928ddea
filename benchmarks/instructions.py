"""Instructions per parse, measured under callgrind (steadier than wall-clock on a busy VM).

    python benchmarks/instructions.py text          # one input, parsed 1 and 11 times
    python benchmarks/instructions.py all --src DIR # another tree's src (a git worktree)

Each input is parsed once and then eleven times, each run under ``valgrind --tool=callgrind``
in a fresh interpreter; the difference over ten is the steady-state cost of one parse,
without the interpreter's start and the first parse's imports. Needs valgrind.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
INPUTS = {
    "text": ROOT / "tests" / "fixtures" / "text" / "seed_search.txt",
    "html": ROOT / "tests" / "fixtures" / "html" / "daily_hydrated.html",
    "json": ROOT / "tests" / "fixtures" / "json" / "daily_2025.json",
    "api-json": next(iter(sorted(CORPUS.glob("api-json/daily_papers-2025-10-03*"))), None),
}
LOOP = "import sys, paperparse\ndata = open(sys.argv[1], 'rb').read()\n" + (
    "for _ in range(int(sys.argv[2])): paperparse.parse(data)\n"
)
_COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(src: Path, path: Path, runs: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    command += [sys.executable, "-c", LOOP, str(path), str(runs)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    match = _COLLECTED.search(done.stderr)
    if match is None:
        raise SystemExit("valgrind printed no instruction count")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", choices=[*INPUTS, "all"])
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    args = parser.parse_args()
    names = list(INPUTS) if args.input == "all" else [args.input]
    for name in names:
        path = INPUTS[name]
        if path is None:
            print(f"{name}: not here (../shared/corpus is missing)")
            continue
        per_parse = (instructions(args.src, path, 11) - instructions(args.src, path, 1)) / 10
        print(f"{name}: {per_parse / 1e6:.2f}M instructions per parse ({path.name})")


if __name__ == "__main__":
    main()
