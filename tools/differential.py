"""Differential check: does this tree parse every known input exactly as another commit does?

    python tools/differential.py REV            # compare the working tree with commit REV
    python tools/differential.py REV --ignore count  # ... leaving out a key (a new field)
    python tools/differential.py dump OUT.jsonl # write this tree's results (used by the above)

The inputs are every fixture under ``tests/fixtures`` and every page of ``../shared/corpus``
(when it is there), each parsed without and with a reference date, plus a handful of
line-level mutations of each (a line dropped, doubled or swapped, CRLF line ends, the tail cut
off, a blank line inserted), so that the paths a clean page never takes are compared too.
Mutations come from a fixed seed: both sides see the same inputs.

Each side runs in its own interpreter with its own ``src`` first on ``sys.path``; REV is
checked out into a temporary git worktree. Results are matched by input (an input only one
side has, such as a new fixture, is counted apart). Exit status 0 when every input both
sides have gives the same result, 1 when any differs (the first differences are printed).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
REFERENCE_DATE = dt.date(2026, 6, 15)
SEED = 20261202
SHOWN_DIFFERENCES = int(os.environ.get("SHOWN_DIFFERENCES", "10"))


def inputs() -> Iterator[tuple[str, bytes]]:
    """Every fixture and corpus page, and its mutations, as (name, bytes)."""
    folders = [ROOT / "tests" / "fixtures", CORPUS]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = str(path.relative_to(folder.parent))
            data = path.read_bytes()
            yield name, data
            yield from _mutations(name, data, random.Random(f"{SEED}:{name}"))


def _mutations(name: str, data: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    lines = data.split(b"\n")
    if len(lines) < 3:
        return
    at = rng.randrange(len(lines) - 1)
    yield f"{name}#drop-{at}", b"\n".join(lines[:at] + lines[at + 1 :])
    yield f"{name}#double-{at}", b"\n".join(lines[: at + 1] + lines[at:])
    swapped = [*lines[:at], lines[at + 1], lines[at], *lines[at + 2 :]]
    yield f"{name}#swap-{at}", b"\n".join(swapped)
    yield f"{name}#crlf", data.replace(b"\n", b"\r\n")
    yield f"{name}#cut", b"\n".join(lines[: len(lines) // 2])
    yield f"{name}#blank-{at}", b"\n".join([*lines[:at], b"", *lines[at:]])


def dump(out: Path) -> None:
    """Parse every input with the paperparse found first on sys.path; one JSON line each."""
    import paperparse

    print(f"parsing with {Path(paperparse.__file__).parent}", file=sys.stderr)
    with out.open("w", encoding="utf-8") as handle:
        for name, data in inputs():
            for reference_date in (None, REFERENCE_DATE):
                try:
                    result = paperparse.parse(data, reference_date=reference_date).to_dict()
                except paperparse.ParseError as error:
                    result = {"error": str(error)}
                record = {"input": name, "reference_date": str(reference_date), "result": result}
                handle.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")


def _dump_with(src: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, str(Path(__file__).resolve()), "dump", str(out)]
    subprocess.run(command, check=True, env=env, cwd=src.parent)


def compare(rev: str, *, ignored: frozenset[str] = frozenset()) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(base), rev], check=True, cwd=ROOT
        )
        try:
            _dump_with(base / "src", Path(scratch) / "base.jsonl")
        finally:
            remove = ["git", "worktree", "remove", "--force", str(base)]
            subprocess.run(remove, cwd=ROOT, check=False)
        _dump_with(ROOT / "src", Path(scratch) / "here.jsonl")
        before = _by_input(Path(scratch) / "base.jsonl", ignored)
        after = _by_input(Path(scratch) / "here.jsonl", ignored)
    differing = [key for key in after if key in before and before[key] != after[key]]
    for key in differing[:SHOWN_DIFFERENCES]:
        print(f"- {before[key][:300]}\n+ {after[key][:300]}")
    added = [key for key in after if key not in before]
    gone = [key for key in before if key not in after]
    sys.stderr.flush()
    print(
        f"{len(after)} results here, {len(before)} at {rev}: {len(differing)} differ,"
        f" {len(added)} only here, {len(gone)} only at {rev}"
    )
    return 1 if differing or gone else 0


def _by_input(path: Path, ignored: frozenset[str]) -> dict[tuple[str, str], str]:
    """Each result line by its input and reference date, without the ``ignored`` keys."""
    results = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if ignored:
            line = json.dumps(_without(record, ignored), sort_keys=True, ensure_ascii=False)
        results[record["input"], record["reference_date"]] = line
    return results


def _without(value: object, ignored: frozenset[str]) -> object:
    if isinstance(value, dict):
        return {key: _without(item, ignored) for key, item in value.items() if key not in ignored}
    if isinstance(value, list):
        return [_without(item, ignored) for item in value]
    return value


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "dump":
        dump(Path(argv[1]))
        return 0
    if len(argv) == 1:
        return compare(argv[0])
    if len(argv) == 3 and argv[1] == "--ignore":
        return compare(argv[0], ignored=frozenset(argv[2].split(",")))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
