"""Fuzz ``paperparse``: crashes, slowness, and papers lost to edits that should keep them.

Runs outside CI, for as long as you like:

    python fuzz/fuzz_parse.py --minutes 30                     # every mode, interleaved
    python fuzz/fuzz_parse.py --mode loss --minutes 3 --seed 1  # one mode, reproducibly
    python fuzz/fuzz_parse.py --atheris -max_total_time=1800 fuzz/seeds  # coverage-guided

Modes (``--mode``, default ``all``):

- ``crash``: random mutations; any input must end in a Listing or ParseError, and within
  ``SLOW_FACTOR`` times a size-proportional budget.
- ``loss``: edits that must keep every paper, each its own invariant (``LOSS_INVARIANTS``): a
  stray byte inside a word of prose, other line endings, a prose line re-wrapped, an
  unrelated element between two cards. The mutant's papers must include every paper of the
  unmutated seed, matched by arXiv id, else by title; a title holding the word a stray byte
  went into is only counted, since that edit changes it.
- ``differential``: one document through every door (bytes, str, a path, gzip, a zip member
  read by the CLI) must give the same papers and the same problem codes.

Seeds are the fixtures under tests/fixtures and, when present, the pages in ../shared/corpus.
The first input of each distinct finding is written to ``fuzz/findings/`` (git-ignored) and
printed; the run ends with counts per invariant. Turn each real finding into a named
regression test under tests/fixtures/regressions/.

This module is the driver (modes, the run loop, findings, the table); the rest of the package
``fuzz`` holds what it drives: ``seeds`` (finding and loading them), ``mutations`` (the crash
mode's), ``spots`` and ``loss`` (where an edit may go, the edits, and matching papers after
them), ``doors`` (the differential mode's ways in).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Final

ROOT = Path(__file__).resolve().parents[1]
# Run as a script from a checkout: the library from src/ (so no install is needed), and this
# folder as the package ``fuzz``, whose modules hold the modes' invariants.
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from fuzz.doors import DIFFERENTIAL_INVARIANTS, View, difference, doors  # noqa: E402
from fuzz.loss import LOSS_INVARIANTS, Mutant, loss_shape, lost_papers  # noqa: E402
from fuzz.mutations import check, mutate_randomly  # noqa: E402
from fuzz.seeds import Seed, attempt, load_seeds  # noqa: E402
from fuzz.spots import Spots  # noqa: E402

FINDINGS = ROOT / "fuzz" / "findings"
MODES: Final = ("crash", "loss", "differential")


def record(invariant: str, data: bytes, what: str, *, folder: Path = FINDINGS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{invariant}-{hashlib.sha256(data).hexdigest()[:16]}.bin"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(what, encoding="utf-8")
    return path


def crash_signature(trace: str) -> str:
    """The exception and the innermost frame: one bug, however many inputs reach it."""
    frames = re.findall(r'File "([^"]+)", line (\d+)', trace)
    where = f"{Path(frames[-1][0]).name}:{frames[-1][1]}" if frames else "?"
    return f"{trace.strip().splitlines()[-1][:120]} at {where}"


class Tally:
    """Inputs and findings per invariant; the first input of each distinct finding recorded."""

    def __init__(self, *, findings: Path = FINDINGS, quiet: bool = False) -> None:
        self.inputs = 0  # inputs made and parsed, whatever they were checked against
        self.runs: Counter[str] = Counter()  # inputs checked against each invariant
        self.skipped: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()
        self.distinct: defaultdict[str, dict[str, Path]] = defaultdict(dict)
        self.folder = findings
        self.quiet = quiet

    def found(
        self,
        invariant: str,
        seed: str,
        signature: str,
        detail: str,
        data: bytes,
        headline: str = "",
    ) -> None:
        """Count a finding; record and print it if its signature is new for this seed."""
        self.findings[invariant] += 1
        key = f"{seed}: {signature}"
        if key in self.distinct[invariant]:
            return
        what = f"invariant: {invariant}\nseed: {seed}\nfinding: {signature}\n\n{detail}\n"
        path = record(invariant, data, what, folder=self.folder)
        self.distinct[invariant][key] = path
        if not self.quiet:
            print(
                f"[{invariant}] {key}{f' ({headline})' if headline else ''}\n    {path}", flush=True
            )

    def report(self, seed: int, modes: Sequence[str], seconds: float) -> str:
        names = ["crash", "slow"] if "crash" in modes else ["crash"]  # every input may crash
        if "loss" in modes:
            names += [name for name, _ in LOSS_INVARIANTS]
        if "differential" in modes:
            names += list(DIFFERENTIAL_INVARIANTS)
        lines = [
            f"seed {seed}, modes {'+'.join(modes)}, {seconds:.0f} s, "
            f"{self.inputs} inputs, {sum(self.findings.values())} findings",
            f"{'invariant':<20}{'inputs':>9}{'skipped':>9}{'findings':>10}{'distinct':>10}",
        ]
        for name in names:
            lines.append(
                f"{name:<20}{self.runs[name]:>9}{self.skipped[name]:>9}"
                f"{self.findings[name]:>10}{len(self.distinct[name]):>10}"
            )
        return "\n".join(lines)


class Fuzzer:
    def __init__(self, seed: int, scratch: Path, tally: Tally) -> None:
        self.rng = random.Random(seed)
        self.seeds = load_seeds()
        self.listed = [seed for seed in self.seeds if seed.listing and seed.listing.papers]
        self.spots = Spots()
        self.tally = tally
        self.scratch = scratch
        self.seen: set[bytes] = set()  # loss mutants already run: deterministic edits repeat
        self.unvisited = list(reversed(self.seeds))  # differential: each seed as it is, first

    def crash_step(self) -> None:
        seed = self.rng.choice(self.seeds)
        data = mutate_randomly(self.rng, seed.data)
        self.tally.inputs += 1
        self.tally.runs.update(("crash", "slow"))
        what = check(data)
        if what is None:
            return
        invariant = "slow" if what.startswith("slow:") else "crash"
        signature = "slow" if invariant == "slow" else crash_signature(what)
        self.tally.found(invariant, seed.name, signature, what, data)

    def loss_mutant(self) -> tuple[str, Seed, Mutant | None]:
        seed = self.rng.choice(self.listed)
        invariant, mutate = self.rng.choice(LOSS_INVARIANTS)
        return invariant, seed, mutate(self.rng, seed, self.spots)

    def loss_step(self) -> None:
        invariant, seed, mutant = self.loss_mutant()
        if mutant is None or seed.listing is None:  # (listed seeds all have a listing)
            self.tally.skipped[invariant] += 1
            return
        digest = hashlib.sha256(mutant.data).digest()
        if digest in self.seen:
            return
        self.seen.add(digest)
        self.tally.inputs += 1
        self.tally.runs.update(("crash", invariant))
        try:
            outcome = attempt(mutant.data)
        except Exception:  # noqa: BLE001 - a crash on an edited seed is a crash finding
            trace = traceback.format_exc()
            self.tally.found("crash", seed.name, crash_signature(trace), trace, mutant.data)
            return
        lost = lost_papers(seed.listing.papers, outcome, touched=mutant.touched, spare=mutant.spare)
        if lost:
            detail = f"edit: {mutant.note}\nlost:\n" + "\n".join(f"  {item}" for item in lost)
            more = f", and {len(lost) - 1} more" if len(lost) > 1 else ""
            headline = f"{lost[0][:100]}{more}"
            signature = loss_shape(lost)
            self.tally.found(invariant, seed.name, signature, detail, mutant.data, headline)

    def differential_step(self) -> None:
        if self.unvisited:
            seed = self.unvisited.pop()
            data, how = seed.data, "the seed as it is"
        elif self.rng.random() < 0.5:
            seed = self.rng.choice(self.seeds)
            data, how = mutate_randomly(self.rng, seed.data, most=2), "random mutations"
        else:
            _, seed, mutant = self.loss_mutant()
            if mutant is None:
                return
            data, how = mutant.data, mutant.note
        self.tally.inputs += 1
        self.tally.runs["crash"] += 1
        try:
            expected = View.of(attempt(data))
        except Exception:  # noqa: BLE001 - left to the crash mode's signature
            trace = traceback.format_exc()
            self.tally.found("crash", seed.name, crash_signature(trace), trace, data)
            return
        name = Path(seed.name).name
        for invariant, door in doors(data, name, self.scratch).items():
            self.tally.runs[invariant] += 1
            try:
                got = door()
            except Exception:  # noqa: BLE001 - one door crashing is a finding of its own
                trace = traceback.format_exc()
                signature = f"{invariant}: {crash_signature(trace)}"
                self.tally.found("crash", seed.name, signature, trace, data)
                continue
            if got != expected:
                signature = difference(expected, got)
                detail = f"input: {how}\nbytes: {expected}\n{invariant}: {got}"
                self.tally.found(invariant, seed.name, signature, detail, data)


def fuzz(
    modes: Sequence[str],
    minutes: float,
    seed: int,
    *,
    findings: Path = FINDINGS,
    quiet: bool = False,
) -> Tally:
    """Run ``modes`` interleaved for ``minutes``; the counts per invariant."""
    with tempfile.TemporaryDirectory(prefix="paperparse-fuzz-") as folder:
        fuzzer = Fuzzer(seed, Path(folder), Tally(findings=findings, quiet=quiet))
        steps = {
            "crash": fuzzer.crash_step,
            "loss": fuzzer.loss_step,
            "differential": fuzzer.differential_step,
        }
        deadline = time.monotonic() + minutes * 60
        while time.monotonic() < deadline:
            for mode in modes:
                steps[mode]()
        return fuzzer.tally


def run_atheris(argv: list[str]) -> None:  # pragma: no cover - needs atheris
    import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]

    def one_input(data: bytes) -> None:
        what = check(data)
        if what is not None:
            record("crash", data, what)
            raise RuntimeError(what)

    seed_dir = ROOT / "fuzz" / "seeds"
    seed_dir.mkdir(exist_ok=True)
    for seed in load_seeds():
        (seed_dir / hashlib.sha256(seed.data).hexdigest()[:16]).write_bytes(seed.data)
    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mode", choices=[*MODES, "all"], default="all")
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0, help="random seed, for reruns")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided, via atheris")
    args, rest = parser.parse_known_args()
    if args.atheris:
        run_atheris(rest)
        return 0
    modes = MODES if args.mode == "all" else (args.mode,)
    start = time.monotonic()
    tally = fuzz(modes, args.minutes, args.seed)
    print(tally.report(args.seed, modes, time.monotonic() - start))
    return 1 if sum(tally.findings.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
