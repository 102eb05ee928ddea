"""Peak memory of one parse, as a multiple of the input's size, on hostile and real inputs.

    python benchmarks/memory.py                # every case, printed as a table
    python benchmarks/memory.py --src DIR      # another tree's src (a git worktree)
    python benchmarks/memory.py --only lines   # the cases whose name holds "lines"

Each case runs in a fresh interpreter of its own, twice: the bound is about what one parse
needs, and a process that has parsed something else holds freed memory (and a high-water
mark) that would hide it. Both runs first parse a small page, so that imports, compiled
patterns and caches are not counted, then build the input as ``bytes`` and parse it once.

* **rss**: the growth of ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` over that one parse.
  This is what the machine sees (the allocator's overhead and fragmentation included) and
  what the bound is about, so it is the headline figure. The warm-up page is small, so the
  high-water mark before the parse is the resident size before it.
* **traced** and **kept**: ``tracemalloc``'s peak during the parse, and what is still
  allocated once it returns (the ``Listing`` itself: the result, which any parser must
  hold), over the traced memory before it. Taken in a second run, because tracing slows
  the parse and adds its own memory to the resident size. ``traced - kept`` is the working
  memory beyond the result: what a streaming pipeline can take away.

All figures are multiples of the input's size in bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
FIXTURES: Final = ROOT / "tests" / "fixtures"

# Each case is an expression that builds the input as bytes, evaluated in the subprocess
# (so that a 30 MB input is not piped to it); ``path`` names a fixture's file.
CASES: Final = {
    "short lines": "b'Daily Papers\\n' + b'ab\\n' * 1_000_000",
    "blank lines": "b'Daily Papers\\n' + b'a\\n\\n' * 1_000_000",
    "one problem a line": "b'Daily Papers\\n' + b'2 authors\\n' * 1_000_000",
    "metadata only": (
        "b'Daily Papers\\n' + 'T\\n2 authors\\n\\u00b7\\nSep 28\\n\\n'.encode() * 200_000"
    ),
    "distinct cards": (
        "''.join(f'A title {i}\\n\\u2022 2 authors\\n\\u00b7\\nJan 2, 2024\\n\\n'"
        " for i in range(200_000)).encode()"
    ),
    "json lines": (
        'b\'\\n\'.join(b\'{"id": "2401.%05d", "title": "T"}\' % (i % 100_000)'
        " if i % 2 == 0 else b'x' for i in range(1_000_000))"
    ),
    "json bad fields": (
        "json.dumps([{'id': f'2401.{i:05d}', 'title': 'T', 'upvotes': 'many'}"
        " for i in range(100_000)]).encode()"
    ),
    "seed_search.txt": "open(path('text/seed_search.txt'), 'rb').read()",
    "daily_hydrated.html": "open(path('html/daily_hydrated.html'), 'rb').read()",
    "daily_2025.json": "open(path('json/daily_2025.json'), 'rb').read()",
}

_CHILD: Final = """
import gc, json, os, resource, sys
import paperparse

def path(name):
    return os.path.join(sys.argv[2], name)

paperparse.parse(open(path('text/seed_search.txt'), 'rb').read())  # warm-up
data = eval(sys.argv[1])
gc.collect()
if sys.argv[3] == 'rss':
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    listing = paperparse.parse(data)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({'size': len(data), 'rss': (after - before) * 1024,
                      'papers': len(listing.papers), 'problems': len(listing.problems)}))
else:
    import tracemalloc
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    listing = paperparse.parse(data)
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    print(json.dumps({'traced': peak - base, 'kept': kept - base}))
"""


def measure(src: Path, case: str, mode: str) -> dict[str, int]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-c", _CHILD, CASES[case], str(FIXTURES), mode]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    result: dict[str, int] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--only", default="", help="only the cases whose name holds this")
    parser.add_argument("--rss-only", action="store_true", help="skip the tracemalloc run")
    args = parser.parse_args()
    print(f"{'case':<22}{'input':>10}{'rss':>8}{'traced':>8}{'kept':>8}  papers/problems")
    for case in CASES:
        if args.only not in case:
            continue
        rss = measure(args.src, case, "rss")
        size = rss["size"]
        traced = {} if args.rss_only else measure(args.src, case, "traced")
        figures = [rss["rss"], traced.get("traced"), traced.get("kept")]
        shown = "".join(f"{'-' if n is None else f'{n / size:.1f}x':>8}" for n in figures)
        print(f"{case:<22}{size / 1e6:>8.2f}MB{shown}  {rss['papers']}/{rss['problems']}")


if __name__ == "__main__":
    main()
