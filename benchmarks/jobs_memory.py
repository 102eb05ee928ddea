"""Peak memory of ``paperparse parse ARCHIVE --jobs N``: is what is in flight bounded?

    python benchmarks/jobs_memory.py                       # this tree, 24 members of 64 MiB
    python benchmarks/jobs_memory.py --src DIR             # another tree's src (a worktree)
    python benchmarks/jobs_memory.py --members 8 --mib 16  # a smaller archive

Builds a zip whose members are large JSON documents that hold no papers (read and refused
quickly, so the figure is about bytes in flight, not about parsing), then runs the command
line on it in one process and with ``--jobs 2``. Prints the peak resident size of the main
process (``wait4``'s ``ru_maxrss``) and its multiple of one member.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]


def build(folder: Path, members: int, mib: int) -> Path:
    archive = folder / "large.zip"
    body = b'{"notes": "' + b"x" * (mib << 20) + b'"}'
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for n in range(members):
            bundle.writestr(f"member{n:02d}.json", body)
    return archive


def peak_rss(src: Path, archive: Path, jobs: int) -> int:
    """The main process's peak resident size in bytes."""
    command = [sys.executable, "-m", "paperparse", "parse", str(archive), "--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(src)}
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, _status, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--members", type=int, default=24)
    parser.add_argument("--mib", type=int, default=64)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        archive = build(Path(folder), args.members, args.mib)
        member = args.mib << 20
        print(f"{args.members} members of {args.mib} MiB; peak rss of the main process:")
        for jobs in (1, 2):
            rss = peak_rss(args.src, archive, jobs)
            print(f"  --jobs {jobs}: {rss / 2**20:8.0f} MiB  ({rss / member:.1f} members)")


if __name__ == "__main__":
    main()
