"""The machine side of the hub test: what it needs, throw-away system users, running as a user.

Everything here changes the machine (users, homes, processes), so every change is undone in
``finally``: CI reuses the machine. Processes are ended by their process id, found by the user's uid
(never by a name pattern).
"""
from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
BASE_PYTHON = "/usr/bin/python3"  # a Python every user can run (the venv's own may live under /root)
TOOLS = ("useradd", "userdel", "runuser", "git")


def missing(node_ready: bool) -> list[str]:
    """Why the hub test cannot run here (empty when it can)."""
    reasons = []
    if not sys.platform.startswith("linux"):
        reasons.append("it needs Linux (system users, LocalProcessSpawner)")
        return reasons
    if os.geteuid() != 0:
        reasons.append("it must run as root (it creates two system users and a hub that spawns their servers)")
    for tool in TOOLS:
        if shutil.which(tool) is None:
            reasons.append(f"`{tool}` is not installed")
    if not node_ready and shutil.which("npm") is None:
        reasons.append("npm is missing (needed once to install configurable-http-proxy into build/hub-node/)")
    if not Path(CHROMIUM).exists():
        reasons.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    for module in ("playwright.sync_api", "jupyterhub"):
        try:
            __import__(module)
        except ImportError:
            reasons.append(f"the Python package {module.split('.')[0]} is missing (python3 run.py hub installs it)")
    try:
        subprocess.run([BASE_PYTHON, "-c", "import venv, ensurepip, sys; assert sys.version_info >= (3, 11)"],
                       check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        reasons.append(f"{BASE_PYTHON} (3.11+, with venv and ensurepip) is needed for the students' environment")
    return reasons


@dataclass
class Student:
    name: str
    password: str
    uid: int
    home: Path


def processes_of(uid: int) -> list[int]:
    """The process ids owned by ``uid``."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    pids.append(int(entry))
            except OSError:
                continue
    return pids


def _kill_processes_of(uid: int) -> None:
    """End every process owned by ``uid`` (a throw-away test user), one process id at a time."""
    for attempt in range(3):
        pids = processes_of(uid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM if attempt == 0 else signal.SIGKILL)
            except OSError:
                pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in pids):
            time.sleep(0.1)  # processes ending after a signal


@contextmanager
def students(count: int = 2):
    """``count`` new system users ``nlstu<random>`` with homes; removed (and their processes ended) after."""
    made: list[Student] = []
    try:
        for _ in range(count):
            name = f"nlstu{secrets.token_hex(4)}"
            subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True,
                           capture_output=True, text=True)
            entry = pwd.getpwnam(name)
            made.append(Student(name, secrets.token_urlsafe(12), entry.pw_uid, Path(entry.pw_dir)))
        yield made
    finally:
        for student in made:
            _kill_processes_of(student.uid)
            subprocess.run(["userdel", "--remove", student.name], capture_output=True, text=True)
            if student.home.exists():  # userdel leaves the home if it could not remove it
                shutil.rmtree(student.home, ignore_errors=True)


def run_as(user: str, *command: str) -> subprocess.CompletedProcess:
    """Run a command as ``user`` (``runuser``), capturing its output; never raises on failure."""
    return subprocess.run(["runuser", "-u", user, "--", *command], capture_output=True, text=True, timeout=60,
                          cwd="/")
