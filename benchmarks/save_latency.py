"""Answer-save latency with fsync: median and 99th percentile, alone and with two writers at once.

    .venv/bin/python benchmarks/save_latency.py [--saves 1000] [--folder PATH]

The folder defaults to a temporary folder on the disk that holds this repository (answers live
beside the module), and the filesystem type is printed with the figures.
"""
from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newslit.answers.store import AnswerStore  # noqa: E402


def filesystem(path: Path) -> str:
    try:
        return subprocess.run(["stat", "-f", "-c", "%T", str(path)], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def timed_saves(folder: str, student: str, prefix: str, count: int, queue=None) -> list[float]:
    store = AnswerStore(folder, student)
    times = []
    for n in range(count):
        value = f"An answer of about forty words, number {n}. " * 4
        start = time.perf_counter()
        store.save(f"{prefix}-{n % 50}", value)  # 50 questions, re-saved: a realistic, growing file
        times.append(time.perf_counter() - start)
    if queue is not None:
        queue.put(times)
    return times


def stats(times: list[float]) -> tuple[float, float]:
    """(median, 99th percentile) in milliseconds."""
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, max(0, int(round(0.99 * len(ordered))) - 1))]
    return statistics.median(ordered) * 1000, p99 * 1000


def summary(times: list[float]) -> str:
    median, p99 = stats(times)
    return f"median {median:6.2f} ms   p99 {p99:6.2f} ms   ({len(times)} saves)"


def two_writers(folder: str, count: int) -> list[float]:
    """Two processes saving ``count`` answers each at once, into the same student's file (two
    notebooks of one student: every save waits for the other's lock). All the latencies."""
    queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=timed_saves, args=(folder, "Bench Student", p, count, queue))
             for p in "ab"]
    for proc in procs:
        proc.start()
    both = queue.get() + queue.get()
    for proc in procs:
        proc.join()
    return both


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--folder", default=None)
    args = parser.parse_args()
    base = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="newslit-bench-", dir=ROOT))
    try:
        print(f"filesystem: {filesystem(base)} ({base})")
        alone = timed_saves(str(base / "alone"), "Bench Student", "q", args.saves)
        print(f"one writer:   {summary(alone)}")
        both = two_writers(str(base / "two"), args.saves)
        print(f"two writers:  {summary(both)}")
    finally:
        if not args.folder:
            import shutil
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
