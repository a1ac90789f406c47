"""``benchmarks/run_all.py --quick`` runs every benchmark and writes a table with every row."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_run_all_quick_writes_a_table_with_every_row(tmp_path):
    out = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, "benchmarks/run_all.py", "--quick", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert text in done.stdout
    for fact in ("- date: ", "cores", "RAM", "answers folder: ", " on ", "- Python 3", "pandas ", "matplotlib "):
        assert fact in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| benchmark")]
    notebooks = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts)
    assert sorted(re.search(r"\| notebook \| (\S+) \|", r).group(1) for r in rows if r.startswith("| notebook")) == notebooks
    assert all(re.search(r"ratio \*\*\d+\.\d\d\*\*", r) for r in rows if r.startswith("| notebook"))
    saves = [r for r in rows if r.startswith("| save")]
    assert len(saves) == 2 and all(re.search(r"p99 \*\*\d+\.\d\d ms\*\*", r) for r in saves)
    assert any("one process" in r for r in saves) and any("two processes" in r for r in saves)
    reports = [r for r in rows if r.startswith("| class report")]
    assert any("30 students" in r for r in reports) and any("300 students" in r for r in reports)
    assert any("growth" in r for r in reports)
    assert any(r.startswith("| environment") and "requirements.txt: **" in r and "the five alone: **" in r for r in rows)
    assert all(r.rstrip().endswith(("| met |", "| **missed** |")) or r.startswith("| environment") for r in rows)
