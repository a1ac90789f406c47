"""The notebook suite as the tools in this folder run it, and its results per test id.

Shared by ``offline.py`` (the suite with the network cut off) and ``repeat.py`` (three times in a
row). The suite is strict nbval over ``notebooks/``, exactly as ``python3 run.py test`` runs it (the
nbval flags come from pyproject.toml's addopts, as for every pytest run of the module).
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ["notebooks/"]
UNIT_TESTS = ["tests/", "-m", "not slow", "--ignore=tests/browser", "--ignore=tests/hub", "--ignore=tests/tools"]


def python() -> str:
    """The module's virtual environment's Python (this one if there is none)."""
    venv = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    return str(venv) if venv.exists() else sys.executable


def pytest_command(paths: list[str], junit: Path | None = None) -> list[str]:
    command = [python(), "-m", "pytest", "-q", *paths]
    return command + ([f"--junitxml={junit}"] if junit else [])


def run(command: list[str], env: dict | None = None) -> tuple[int, float]:
    """Run a command from the module's root, output streamed; return (exit code, seconds)."""
    start = time.perf_counter()
    code = subprocess.call(command, cwd=ROOT, env=dict(os.environ, PYTHONNOUSERSITE="1", **(env or {})))
    return code, time.perf_counter() - start


def outcomes(junit: Path) -> dict[str, str]:
    """``{test id: passed | failed | error | skipped}`` from a JUnit XML report."""
    results = {}
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        kinds = {child.tag for child in case}
        results[test_id] = ("failed" if "failure" in kinds else "error" if "error" in kinds
                            else "skipped" if "skipped" in kinds else "passed")
    return results


def stored_notebooks() -> dict[str, str]:
    """``{notebook path: sha256 of its bytes}`` of every notebook on disk (checkpoints excluded)."""
    found = sorted(p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    return {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in found}
