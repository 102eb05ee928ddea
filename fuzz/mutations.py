"""The crash mode's random mutations, and the check that any input ends well and quickly."""

from __future__ import annotations

import random
import time
import traceback
from collections.abc import Callable

import paperparse
from paperparse import ParseError

# A parse may take SLOW_FACTOR times the time the size-proportional budget allows.
SLOW_FACTOR = 10
BUDGET_SECONDS_PER_MB = 0.5  # what a real page costs, generously
BUDGET_FLOOR_SECONDS = 0.05

RandomMutator = Callable[[random.Random, bytes], bytes]


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
         b" \xc2\xb7 ", b"\xe2\x80\xa2 9 authors", b"Sep 31", b"Feb 29", b"99999999999999999999",
         b"\\ud800"]  # a lone surrogate, as a JSON escape
    )  # fmt: skip
    start = rng.randrange(len(data) + 1)
    return data[:start] + token + data[start:]


def _recode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    encoding = rng.choice(["utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"])
    return text.encode(encoding, errors="replace")


MUTATORS: tuple[RandomMutator, ...] = (
    _cut, _flip, _delete, _duplicate, _delete_tag, _insert, _recode
)  # fmt: skip


def check(data: bytes) -> str | None:
    """Run one input; return a description of what went wrong, or None."""
    budget = max(BUDGET_FLOOR_SECONDS, len(data) / 1e6 * BUDGET_SECONDS_PER_MB) * SLOW_FACTOR
    start = time.perf_counter()
    try:
        paperparse.parse(data)
    except ParseError:
        pass
    except Exception:  # noqa: BLE001 - the point of a fuzzer: anything else is a finding
        return traceback.format_exc()
    elapsed = time.perf_counter() - start
    if elapsed > budget:
        return f"slow: {elapsed:.3f}s for {len(data)} bytes (budget {budget:.3f}s)"
    return None


def mutate_randomly(rng: random.Random, data: bytes, *, most: int = 4) -> bytes:
    for _ in range(rng.randint(1, most)):
        data = rng.choice(MUTATORS)(rng, data)
    return data
