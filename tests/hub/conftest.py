"""Fixtures of the hub test: the run's folder, two throw-away students, the module, the hub (each
student's Chromium is started by the test, one per student: they work at the same time).

Collected only in the hub stage (``NEWSLIT_HUB_STAGE=1``, set by ``python3 run.py hub``; the root
conftest ignores ``tests/hub`` otherwise). Missing tools fail the test under ``CI``, skip it elsewhere.
"""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import hubserver
from .machine import missing, students


@dataclass(frozen=True)
class Teacher:
    name: str
    password: str


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def can_run():
    reasons = missing(node_ready=hubserver.proxy_ready())
    if reasons:
        message = "the JupyterHub test cannot run here: " + "; ".join(reasons)
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module", autouse=True)
def clean_up_on_sigterm():
    """CI's `timeout` ends the stage with SIGTERM: turn it into an exception, so every ``finally``
    (users removed, servers stopped) still runs."""
    def stop(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}: cleaning up the hub test")

    previous = signal.signal(signal.SIGTERM, stop)
    yield
    signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="module")
def run_dir(can_run):
    """A folder every user can pass through (pytest's own tmp folders are root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="newslit-hub-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def two_students(can_run):
    with students(2) as made:
        yield made


@pytest.fixture(scope="module")
def module_repo(run_dir):
    return hubserver.module_repo(run_dir)


@pytest.fixture(scope="module")
def students_env(run_dir, module_repo):
    with hubserver.students_env(run_dir, module_repo) as env:
        yield env


@pytest.fixture(scope="module")
def teacher(can_run):
    """A hub account in the teachers' group (no system user: a teacher's browser needs no server)."""
    return Teacher(f"nlteach{secrets.token_hex(4)}", secrets.token_urlsafe(12))


@pytest.fixture(scope="module")
def hub(run_dir, students_env, module_repo, two_students, teacher):
    passwords = {s.name: s.password for s in two_students} | {teacher.name: teacher.password}
    with hubserver.running_hub(run_dir, students_env, module_repo, passwords, [teacher.name]) as (base, log_path,
                                                                                                   live_state):
        yield base, log_path, live_state
