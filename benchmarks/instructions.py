"""Instructions per parse against each input's baseline, measured under callgrind.

    python benchmarks/instructions.py all            # every input and every target, a table
    python benchmarks/instructions.py api-json       # one input
    python benchmarks/instructions.py all --src DIR  # another tree's src too (a git worktree)

Each action (a parse, or its baseline: ``json.loads``, ``lxml.html.fromstring``, one regex
pass over the text, huggingface_hub's ``PaperInfo``) runs once and then eleven times, each
under ``valgrind --tool=callgrind`` in a fresh interpreter; the difference over ten is the
steady-state cost of one run, without the interpreter's start, the imports and the first
run's warm-up. Instruction counts barely move between runs, so one run of each is enough.
``--src`` may be given more than once: each tree gets its paperparse rows, against baselines
measured once. Needs valgrind (without it, says so and exits 0).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
# The inputs of benchmarks/run.py's targets: the seed text, the corpus's daily HTML page (a
# hydrated fixture without the corpus), the Hub's API response.
INPUTS: Final = {
    "text": FIXTURES / "text" / "seed_search.txt",
    "html": next(
        iter(sorted(CORPUS.glob("html-daily/daily-2024-08-01*.html"))),
        FIXTURES / "html" / "daily_hydrated.html",
    ),
    "json": FIXTURES / "json" / "daily_2025.json",
    "api-json": next(iter(sorted(CORPUS.glob("api-json/daily_papers-2025-10-03*"))), None),
}


class Action(NamedTuple):
    """One thing to count: ``setup`` runs once (imports, reading the input into ``data``),
    ``statement`` runs the given number of times."""

    name: str
    setup: str
    statement: str
    needs: str = ""  # a module it imports that may be missing ("" when always there)


_READ: Final = "import sys\ndata = open(sys.argv[1], 'rb').read()\n"
PAPERPARSE: Final = Action(
    "paperparse.parse", _READ + "import paperparse\n", "paperparse.parse(data)"
)
# Text is parsed as the str it is, as run.py does: the regex pass it is held to reads the
# decoded text too, so neither pays for decoding.
PAPERPARSE_TEXT: Final = Action(
    "paperparse.parse",
    _READ + "import paperparse\ntext = data.decode('utf-8')\n",
    "paperparse.parse(text)",
)
# The baselines are the ones benchmarks/run.py times on the wall clock.
JSON_LOADS: Final = Action("json.loads", _READ + "import json\n", "json.loads(data)")
LXML: Final = Action(
    "lxml.html.fromstring", _READ + "import lxml.html\n", "lxml.html.fromstring(data)"
)
# One regex pass: every non-empty line found, as run.py's text row does it (on the text
# decoded once, outside the loop: the pass is the floor, not the decoding).
REGEX_PASS: Final = Action(
    "one regex pass",
    _READ + "import re\ntext = data.decode('utf-8')\nlines = re.compile(r'[^\\n]+')\n",
    "lines.findall(text)",
)
# The Hub client's own model of a daily_papers item: PaperInfo(**item) takes the item whole
# (its "paper" dict and the item's own keys) and pops what it reads from the dicts, so every
# run decodes the response afresh; the peer does the same job as parse(data), bytes to objects.
PAPER_INFO: Final = Action(
    "huggingface_hub PaperInfo",
    _READ + "import json\nfrom huggingface_hub.hf_api import PaperInfo\n",
    "[PaperInfo(**item) for item in json.loads(data)]",
    needs="huggingface_hub",
)


class Target(NamedTuple):
    """paperparse's instructions over ``baseline``'s must be at most ``at_most``."""

    baseline: Action
    at_most: float | None  # None: shown for comparison, no target


TARGETS: Final[dict[str, tuple[Target, ...]]] = {
    "text": (Target(REGEX_PASS, 16.0),),
    "html": (Target(LXML, 2.5),),
    "json": (Target(JSON_LOADS, None),),
    # At most 2x json.loads, and at least 20% fewer instructions than the Hub client's model.
    "api-json": (Target(JSON_LOADS, 2.0), Target(PAPER_INFO, 0.8)),
}

# (action, input path, runs, src) -> instructions counted over the whole process.
Runner = Callable[[Action, Path, int, Path], int]
_COLLECTED: Final = re.compile(r"Collected : (\d+)")
_LONG_RUNS: Final = 11


def callgrind(action: Action, path: Path, runs: int, src: Path) -> int:
    """Instructions valgrind counts for a fresh interpreter running ``action`` ``runs`` times."""
    code = f"{action.setup}for _ in range({runs}):\n    {action.statement}\n"
    # A fixed hash seed: dict and set layouts, and so the counts, are the same every run.
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": "0"}
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    command += [sys.executable, "-c", code, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    match = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or match is None:
        raise SystemExit(f"{action.name} on {path.name} failed under valgrind:\n{done.stderr}")
    return int(match.group(1))


def per_run(runner: Runner, action: Action, path: Path, src: Path) -> float:
    """One run's steady-state instructions: (11 runs - 1 run) / 10."""
    once, many = runner(action, path, 1, src), runner(action, path, _LONG_RUNS, src)
    return (many - once) / (_LONG_RUNS - 1)


class Row(NamedTuple):
    input: str
    measure: str
    instructions: float | None  # None: could not be measured (see ``note``)
    baseline: str = ""
    baseline_instructions: float | None = None
    at_most: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.instructions or not self.baseline_instructions:
            return None
        return self.instructions / self.baseline_instructions

    @property
    def verdict(self) -> str:
        if self.note:
            return self.note
        if self.at_most is None or self.ratio is None:
            return ""
        return "met" if self.ratio <= self.at_most else "not met"


def measure(
    names: Sequence[str],
    trees: Sequence[tuple[str, Path]],
    runner: Runner = callgrind,
    installed: Callable[[str], bool] | None = None,
    jobs: int = 1,
) -> list[Row]:
    """Every paperparse row of ``names`` for each tree in ``trees`` ((label, src) pairs), each
    against its baselines, which are counted once, with the first tree's src on the path."""
    wanted: dict[tuple[Action, Path, Path], float | None] = {}
    for name in names:
        path = INPUTS[name]
        if path is None:
            continue
        for _, src in trees:
            wanted[_parser(name), path, src] = None
        for target in TARGETS[name]:
            needs = target.baseline.needs
            if not needs or (installed or _importable)(needs):
                wanted[target.baseline, path, trees[0][1]] = None
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        counted = pool.map(lambda key: per_run(runner, *key), list(wanted))
        wanted = dict(zip(wanted, counted, strict=True))
    rows: list[Row] = []
    for name in names:
        path = INPUTS[name]
        if path is None:
            rows.append(Row(name, "paperparse.parse", None, note="not here (no ../shared/corpus)"))
            continue
        for label, src in trees:
            ours = wanted[_parser(name), path, src]
            measure_name = f"paperparse.parse ({label})" if len(trees) > 1 else "paperparse.parse"
            for target in TARGETS[name]:
                key = (target.baseline, path, trees[0][1])
                if key not in wanted:
                    note = f"{target.baseline.needs} not installed"
                    rows.append(Row(name, measure_name, ours, target.baseline.name, note=note))
                    continue
                rows.append(
                    Row(name, measure_name, ours, target.baseline.name, wanted[key], target.at_most)
                )
    return rows


def _parser(name: str) -> Action:
    return PAPERPARSE_TEXT if name == "text" else PAPERPARSE


def table(rows: Iterable[Row], *, markdown: bool = False) -> str:
    """The rows as an aligned plain-text table, or as Markdown (millions of instructions)."""
    header = ("input", "measure", "instr/run", "baseline", "baseline instr", "ratio", "target",
              "verdict")  # fmt: skip
    cells = [header]
    for row in rows:
        cells.append(
            (
                row.input,
                row.measure,
                _millions(row.instructions),
                row.baseline,
                _millions(row.baseline_instructions),
                "" if row.ratio is None else f"{row.ratio:.2f}x",
                "" if row.at_most is None else f"<= {row.at_most:g}x",
                row.verdict,
            )
        )
    if markdown:
        lines = ["| " + " | ".join(line) + " |" for line in cells]
        lines.insert(1, "|" + "---|" * len(header))
        return "\n".join(lines)
    widths = [max(len(line[column]) for line in cells) for column in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )


def _millions(count: float | None) -> str:
    return "" if count is None else f"{count / 1e6:.2f}M"


def _importable(module: str) -> bool:
    """Whether the interpreter that runs the measurements can import ``module``."""
    done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    return done.returncode == 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("input", choices=[*INPUTS, "all"])
    parser.add_argument(
        "--src",
        type=Path,
        action="append",
        help="a tree's src to measure (repeatable; default: this checkout's src)",
    )
    parser.add_argument("--markdown", action="store_true", help="the table as Markdown")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction counts (apt-get install valgrind)")
        return 0
    names = list(INPUTS) if args.input == "all" else [args.input]
    sources = [path.resolve() for path in args.src or [ROOT / "src"]]
    trees = [(_label(src), src) for src in sources]
    print(table(measure(names, trees, jobs=args.jobs), markdown=args.markdown))
    return 0


def _label(src: Path) -> str:
    """A short name for a tree: its checkout's folder name."""
    return src.parent.name if src.name == "src" else str(src)


if __name__ == "__main__":
    sys.exit(main())
