#!/usr/bin/env python3
"""The notebook suite three times in a row: the results must be identical.

    python3 run.py repeat [--times 3]

Compares, run by run, each test id's outcome (passed / failed / error / skipped) and the stored
notebooks' bytes on disk (a run must not change them). Any difference is printed and the exit
status is 1; a failing run counts as a difference only in its outcomes (a suite failing the same
way three times is reported as identical but exits with 1 too, as it is not green).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import suite


def differences(first: dict, other: dict, what: str) -> list[str]:
    lines = []
    for key in sorted(set(first) | set(other)):
        if first.get(key) != other.get(key):
            lines.append(f"  {what} {key}: {first.get(key, 'absent')} -> {other.get(key, 'absent')}")
    return lines


def main(argv: list[str]) -> int:
    times = int(argv[argv.index("--times") + 1]) if "--times" in argv else 3
    before = suite.stored_notebooks()
    runs, problems, codes = [], [], []
    with tempfile.TemporaryDirectory(prefix="newslit-repeat-") as scratch:
        for number in range(1, times + 1):
            junit = Path(scratch) / f"run{number}.xml"
            code, seconds = suite.run(suite.pytest_command(suite.NOTEBOOKS, junit))
            results = suite.outcomes(junit) if junit.exists() else {}
            counts = {k: list(results.values()).count(k) for k in ("passed", "failed", "error", "skipped")}
            print(f"run {number}: exit {code}, {len(results)} tests {counts}, {seconds:.0f} s", flush=True)
            runs.append(results)
            codes.append(code)
            changed = differences(before, suite.stored_notebooks(), "notebook")
            if changed:
                problems.append(f"run {number} changed stored notebooks on disk:\n" + "\n".join(changed))
    for number, results in enumerate(runs[1:], start=2):
        changed = differences(runs[0], results, "test")
        if changed:
            problems.append(f"run {number} differs from run 1:\n" + "\n".join(changed))
    if not runs[0]:
        problems.append("run 1 reported no tests")
    if problems:
        print("NOT identical:\n" + "\n".join(problems))
        return 1
    print(f"identical: {times} runs, {len(runs[0])} test ids with the same outcome each time; "
          f"stored notebooks unchanged on disk ({len(before)} notebooks)")
    return 0 if all(code == 0 for code in codes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
