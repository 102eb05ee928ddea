"""Fuzz ``paperparse.parse``: any input must end in a Listing or ParseError, quickly.

Runs outside CI, for as long as you like:

    python fuzz/fuzz_parse.py --minutes 30            # mutation fuzzing, no extra installs
    python fuzz/fuzz_parse.py --atheris -max_total_time=1800 fuzz/seeds  # coverage-guided

Seeds are the fixtures under tests/fixtures and, when present, the pages in ../shared/corpus.
A crash or an input slower than ``SLOW_FACTOR`` times its size-proportional budget is written
to ``fuzz/findings/`` and printed; turn each finding into a named regression test under
tests/fixtures/regressions/.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import paperparse  # noqa: E402  (after the path tweak, so a checkout runs without install)

FINDINGS = ROOT / "fuzz" / "findings"
SEED_DIRS = (ROOT / "tests" / "fixtures", ROOT.parent / "shared" / "corpus")
SEED_SUFFIXES = (".txt", ".md", ".html", ".mhtml", ".webarchive", ".gz", ".json", ".jsonl")
# A parse may take SLOW_FACTOR times the time the size-proportional budget allows.
SLOW_FACTOR = 10
BUDGET_SECONDS_PER_MB = 0.5  # what a real page costs, generously
BUDGET_FLOOR_SECONDS = 0.05

Mutator = Callable[[random.Random, bytes], bytes]


def seeds() -> list[bytes]:
    found = [
        path.read_bytes()
        for folder in SEED_DIRS
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.suffix in SEED_SUFFIXES and not path.name.endswith(".expected.json")
    ]
    if not found:
        sys.exit("no seeds found")
    return found


def _cut(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _flip(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def _delete(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data) + 1)
    return data[:start] + data[start + rng.randint(1, 2000) :]


def _duplicate(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data) + 1)
    piece = data[start : start + rng.randint(1, 4000)]
    return data[:start] + piece * rng.randint(2, 50) + data[start:]


def _delete_tag(rng: random.Random, data: bytes) -> bytes:
    starts = [index for index in range(0, len(data), 97) if data[index : index + 1] == b"<"]
    if not starts:
        return _delete(rng, data)
    start = rng.choice(starts)
    end = data.find(b">", start)
    return data[:start] + data[end + 1 :] if end > 0 else data[:start]


def _insert(rng: random.Random, data: bytes) -> bytes:
    token = rng.choice(
        [b"<div>", b"</div>", b'"', b"'", b"{", b"}", b"[", b"]", b"\x00", b"&amp;", b"&#0;",
         b'data-props="', b"\xef\xbb\xbf", b"\xff\xfe", b"<!--", b"-->", b"\\", b"\n---\n",
         b" \xc2\xb7 ", b"\xe2\x80\xa2 9 authors", b"Sep 31", b"Feb 29", b"99999999999999999999"]
    )  # fmt: skip
    start = rng.randrange(len(data) + 1)
    return data[:start] + token + data[start:]


def _recode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    encoding = rng.choice(["utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"])
    return text.encode(encoding, errors="replace")


MUTATORS: tuple[Mutator, ...] = (_cut, _flip, _delete, _duplicate, _delete_tag, _insert, _recode)


def check(data: bytes) -> str | None:
    """Run one input; return a description of what went wrong, or None."""
    budget = max(BUDGET_FLOOR_SECONDS, len(data) / 1e6 * BUDGET_SECONDS_PER_MB) * SLOW_FACTOR
    start = time.perf_counter()
    try:
        paperparse.parse(data)
    except paperparse.ParseError:
        pass
    except Exception:  # noqa: BLE001 - the point of a fuzzer: anything else is a finding
        return traceback.format_exc()
    elapsed = time.perf_counter() - start
    if elapsed > budget:
        return f"slow: {elapsed:.3f}s for {len(data)} bytes (budget {budget:.3f}s)"
    return None


def record(data: bytes, what: str) -> Path:
    FINDINGS.mkdir(parents=True, exist_ok=True)
    path = FINDINGS / f"finding-{hashlib.sha256(data).hexdigest()[:16]}.bin"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(what, encoding="utf-8")
    return path


def mutations(rng: random.Random, pool: list[bytes]) -> Iterator[bytes]:
    while True:
        data = rng.choice(pool)
        for _ in range(rng.randint(1, 4)):
            data = rng.choice(MUTATORS)(rng, data)
        yield data


def run_mutation(minutes: float, seed: int) -> int:
    rng = random.Random(seed)
    pool = seeds()
    deadline = time.monotonic() + minutes * 60
    runs = findings = 0
    for data in mutations(rng, pool):
        if time.monotonic() > deadline:
            break
        runs += 1
        what = check(data)
        if what is not None:
            findings += 1
            print(f"finding {record(data, what)}:\n{what}", flush=True)
    print(f"{runs} inputs, {findings} findings, seed {seed}")
    return 1 if findings else 0


def run_atheris(argv: list[str]) -> None:  # pragma: no cover - needs atheris
    import atheris

    def one_input(data: bytes) -> None:
        what = check(data)
        if what is not None:
            record(data, what)
            raise RuntimeError(what)

    seed_dir = ROOT / "fuzz" / "seeds"
    seed_dir.mkdir(exist_ok=True)
    for data in seeds():
        (seed_dir / hashlib.sha256(data).hexdigest()[:16]).write_bytes(data)
    atheris.Setup([sys.argv[0], *argv], one_input)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0, help="random seed, for reruns")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided, via atheris")
    args, rest = parser.parse_known_args()
    if args.atheris:
        run_atheris(rest)
        return 0
    return run_mutation(args.minutes, args.seed)


if __name__ == "__main__":
    sys.exit(main())
