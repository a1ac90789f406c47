"""The benchmark scripts import and parse their arguments; the table they write marks every row.

The benchmarks themselves are not part of the test run: they measure, they do not check, and even
``--quick`` takes minutes. Run them with ``python3 run.py bench`` (``--quick`` for a smoke run); the
latest table is benchmarks/RESULTS.md.
"""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
OPTIONS = {"run_all.py": ["--quick", "--out"], "notebook_runtime.py": ["--repeat"],
           "save_latency.py": ["--saves", "--folder"], "report_scale.py": ["--sizes", "--seed"],
           "any_article_speed.py": ["--words", "--runs"],
           "live_class.py": ["--students", "--answers", "--seconds", "--memory-students"]}


def test_every_script_is_listed():
    assert sorted(OPTIONS) == sorted(p.name for p in BENCHMARKS.glob("*.py"))


@pytest.mark.parametrize("script", sorted(OPTIONS))
def test_the_script_imports_and_parses_its_arguments(script):
    """``--help`` imports the script with everything it uses, builds its parser, and exits 0."""
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("usage:") and all(option in done.stdout for option in OPTIONS[script])


def test_the_results_table_escapes_cells_and_marks_targets():
    sys.path.insert(0, str(BENCHMARKS))
    import run_all

    rows = [["save", "one process", "p99 **3.10 ms**", "≤ 20 ms", run_all._met(True)],
            ["class report", "30,000 students", "a | b", "≤ 30 s", run_all._met(False)]]
    lines = run_all.table(rows).splitlines()
    assert lines[0] == "| benchmark | case | result | target | met? |" and lines[1] == "|---|---|---|---|---|"
    assert lines[2].endswith("| met |") and lines[3].endswith("| **missed** |")
    assert "a \\| b" in lines[3] and lines[3].count(" | ") == 4, "a '|' in a cell does not split it"
