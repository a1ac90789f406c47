"""Each notebook's run time against a notebook that only imports pandas, matplotlib and ipywidgets.

    .venv/bin/python benchmarks/notebook_runtime.py [--repeat 5] [NOTEBOOK ...]

Every notebook is executed with nbclient from a fresh kernel, exactly as ``maintain.store`` does
(isolated answers folder, fixed student), interleaved with the baseline notebook so that machine
load affects both alike; the table gives medians and the ratio notebook / baseline.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbformat.v4 import new_code_cell, new_notebook  # noqa: E402

from maintain.store import isolated_env, notebook_paths  # noqa: E402

BASELINE = new_notebook(cells=[new_code_cell("import pandas\nimport matplotlib.pyplot\nimport ipywidgets")],
                        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def run_once(nb, folder: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("notebooks", nargs="*")
    args = parser.parse_args()
    paths = [Path(p).resolve() for p in args.notebooks] or notebook_paths()
    rows = []
    with isolated_env():
        for path in paths:
            times, base = [], []
            for _ in range(args.repeat):
                base.append(run_once(nbformat.from_dict(BASELINE), path.parent))
                times.append(run_once(nbformat.read(path, as_version=4), path.parent))
            rows.append((path.relative_to(ROOT).as_posix(), statistics.median(times), statistics.median(base)))
    print(f"{'notebook':48} {'median s':>9} {'baseline s':>11} {'ratio':>6}")
    for name, median, baseline in rows:
        print(f"{name:48} {median:9.2f} {baseline:11.2f} {median / baseline:6.2f}")


if __name__ == "__main__":
    main()
