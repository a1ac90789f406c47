"""The pages the module writes itself, built into a folder for a browser to open: the class report of
the shipped sample class, every handout, and a hand-in copy holding an answer to every question
(``maintain.store.prefill``).
Used by the browser tests (``test_pages.py``) and by ``tests/tools/a11y_audit.py``."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def module_pages(out: Path, work: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """``([(name, path), …], [what failed to build, …])``; ``work`` holds the hand-in's answer file."""
    from maintain.store import TEST_STUDENT, prefill
    from newslit.answers.store import AnswerStore

    out.mkdir(parents=True, exist_ok=True)
    notes = []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    report = out / "report.html"
    done = subprocess.run([sys.executable, "-m", "newslit", "report", "notebooks/teacher/sample-class",
                           "--out", str(report)], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode not in (0, 3) or not report.exists():
        notes.append(f"the report command failed ({done.returncode}): {done.stderr[-500:]}")
    handouts = out / "handouts"
    done = subprocess.run([sys.executable, "-m", "newslit", "handouts", "--out", str(handouts)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        notes.append(f"the handouts command failed ({done.returncode}): {done.stderr[-500:]}")
    store = AnswerStore(work / "hand-in-answers", TEST_STUDENT)
    prefill(store)  # every question, and 07a/07b's for a practice article (the copy groups those by article)
    hand_in = store.export(out / "hand-in" / "test-student.json").with_suffix(".html")

    targets = [("report", report)]
    targets += [(f"handout {p.relative_to(handouts).as_posix()}", p) for p in sorted(handouts.rglob("*.html"))]
    targets += [("hand-in copy", hand_in)]
    return [(name, path) for name, path in targets if path.exists()], notes
