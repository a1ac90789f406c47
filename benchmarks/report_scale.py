"""The class report at 30, 300, 3,000 and 30,000 students: time and peak memory, against a baseline.

    .venv/bin/python benchmarks/report_scale.py [--sizes 30,300,3000,30000] [--seed 1]

For each size an invented class is generated (``newslit.classroom.sampleclass``, the whole catalogue, 2% of
students also handing in an exported copy) into a temporary folder, then three runs are measured,
each in a fresh process so that its peak memory (``ru_maxrss``) is its own:

* ``baseline``: the plain way: ``json.load`` every ``*.json`` file, then one DataFrame of the values
  (no validation, no merging, no symlink or size checks);
* ``load``: ``classroom.load_class`` (the same DataFrame, plus first attempts and attempt counts,
  validated, merged, nothing outside the folder read);
* ``report``: ``load`` plus every summary, every chart and the HTML page (``report.write_report``);
  ``+csv`` adds the CSV of every answer (``--csv``).

Printed: wall-clock and CPU seconds, peak resident memory above the interpreter with its imports
(``ru_maxrss`` minus the resident size before the run), and the ratios of ``load`` to ``baseline``. The
files are in the page cache for every run (generation just wrote them).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_now_mb() -> float:
    """Current resident memory (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# ---------------------------------------------------------------- the three runs (in a child process)

def baseline(folder: Path):
    import pandas as pd

    rows = []
    for path in sorted(folder.rglob("*.json")):
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        rows.append({qid: record["value"] for qid, record in document["answers"].items()})
    return pd.DataFrame(rows, dtype=object)


def load(folder: Path):
    import newslit.classroom.load as classroom

    return classroom.load_class(folder).answers


def full_report(folder: Path, csv: bool = False):
    import newslit.classroom.load as classroom
    import newslit.classroom.report as report

    cls = classroom.load_class(folder)
    with tempfile.TemporaryDirectory(prefix="newslit-report-") as out:
        report.write_report(cls, Path(out) / "report.html", csv_path=Path(out) / "answers.csv" if csv else None)
    return cls.answers


RUNS = {"baseline": baseline, "load": load, "report": full_report,
        "report+csv": lambda folder: full_report(folder, csv=True)}


def measure(mode: str, folder: Path) -> dict:
    # imports are not what we measure
    import matplotlib  # noqa: F401
    import pandas  # noqa: F401

    import newslit.classroom.load
    import newslit.classroom.report  # noqa: F401

    before = rss_now_mb()
    start, cpu = time.perf_counter(), time.process_time()
    frame = RUNS[mode](folder)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb() - before, "peak_total_mb": peak_mb(),
            "rows": int(frame.shape[0]), "columns": int(frame.shape[1])}


# ---------------------------------------------------------------- the driver

def run_child(mode: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--measure", mode, str(folder)], capture_output=True,
                          text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def generate(folder: Path, students: int, seed: int) -> int:
    import newslit.classroom.sampleclass as sampleclass

    exports = max(1, students // 50)
    return len(sampleclass.generate(folder, students, seed, exports=exports))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="30,300,3000,30000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return
    import newslit.questions.entries as questions

    print(f"catalogue: {len(questions.catalogue())} questions; {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
    columns = [("students", 8), ("files", 6), ("baseline s", 10), ("load s", 7), ("ratio", 5), ("report s", 8),
               ("+csv s", 7), ("baseline cpu", 12), ("load cpu", 8), ("ratio", 5), ("report cpu", 10),
               ("baseline MB", 11), ("load MB", 8), ("ratio", 5), ("report MB", 9), ("load ms/student", 15)]
    print(" ".join(f"{name:>{width}}" for name, width in columns))
    with tempfile.TemporaryDirectory(prefix="newslit-scale-") as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(scratch) / f"class-{size}"
            files = generate(folder, size, args.seed)
            r = {mode: run_child(mode, folder) for mode in RUNS}
            base, got, rep = r["baseline"], r["load"], r["report"]
            cells = [size, files, f"{base['seconds']:.2f}", f"{got['seconds']:.2f}",
                     f"{got['seconds'] / base['seconds']:.2f}", f"{rep['seconds']:.2f}",
                     f"{r['report+csv']['seconds']:.2f}",
                     f"{base['cpu']:.2f}", f"{got['cpu']:.2f}", f"{got['cpu'] / base['cpu']:.2f}", f"{rep['cpu']:.2f}",
                     f"{base['peak_mb']:.0f}", f"{got['peak_mb']:.0f}",
                     f"{got['peak_mb'] / max(base['peak_mb'], 1):.2f}",
                     f"{rep['peak_mb']:.0f}", f"{1000 * got['seconds'] / size:.3f}"]
            print(" ".join(f"{cell:>{width}}" for cell, (_, width) in zip(cells, columns)), flush=True)
            shutil.rmtree(folder)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (other work on the machine slows wall-clock times)")


if __name__ == "__main__":
    main()
