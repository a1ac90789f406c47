#!/usr/bin/env python3
"""The notebook suite (and the quick unit tests) with the network cut off.

    python3 run.py offline                  # notebooks, then the quick unit tests (both always run)
    python3 run.py offline --notebooks-only
    python3 run.py offline --notebooks-only --prefill   # the notebooks with a pre-filled answers folder

``--prefill`` runs the notebook suite with ``NEWSLIT_PREFILL=1`` (see conftest.py): the test suite's one
second execution of every notebook is this, pre-filled and offline at once (tests/test_notebooks.py).

Runs inside a new user and network namespace (``unshare -rn``) where only the loopback device is
up (the kernels talk to Jupyter over 127.0.0.1), after checking there that the network really is
cut: a connection to 1.1.1.1:443 and a DNS lookup must both fail. Where ``unshare`` is missing or
not allowed (macOS, Windows, containers without user namespaces) it says why and exits 0
("skipped: …"), or 1 when ``CI=1``, because CI must prove it.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import suite

PROBE = ("1.1.1.1", 443)


def cannot_isolate() -> str | None:
    """Why a network namespace cannot be made here, or None when it can."""
    if not sys.platform.startswith("linux"):
        return f"network namespaces are Linux only (this is {sys.platform})"
    for tool in ("unshare", "ip"):
        if shutil.which(tool) is None:
            return f"the '{tool}' command is not installed"
    try:
        done = subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up"], capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"'unshare -rn' could not run ({error})"
    if done.returncode != 0:
        return f"'unshare -rn' is not allowed here ({(done.stderr or done.stdout).strip() or done.returncode})"
    return None


def network_is_cut() -> tuple[bool, str]:
    """Try to reach the outside: (True, what failed) when nothing got through."""
    notes = []
    try:
        with socket.create_connection(PROBE, timeout=5):
            return False, f"a connection to {PROBE[0]}:{PROBE[1]} succeeded"
    except OSError as error:
        notes.append(f"connect to {PROBE[0]}:{PROBE[1]} failed ({error.strerror or error})")
    try:
        socket.getaddrinfo("pypi.org", 443)
        return False, "a DNS lookup of pypi.org succeeded"
    except OSError as error:
        notes.append(f"DNS lookup of pypi.org failed ({error.strerror or error})")
    return True, "; ".join(notes)


def notebook_env(prefill: bool) -> dict[str, str]:
    return {"NEWSLIT_PREFILL": "1"} if prefill else {}


def inside(notebooks_only: bool, prefill: bool = False) -> int:
    """In the namespace: prove the cut, then run the suites."""
    cut, detail = network_is_cut()
    print(f"network check inside the namespace: {detail}", flush=True)
    if not cut:
        print("error: the network is NOT cut off; the offline run proves nothing", file=sys.stderr)
        return 1
    print(f"network is cut off: running the notebook suite{' with a pre-filled answers folder' if prefill else ''}",
          flush=True)
    code, seconds = suite.run(suite.pytest_command(suite.NOTEBOOKS), env=notebook_env(prefill))
    outcome = "passed" if code == 0 else f"FAILED (exit {code})"
    print(f"offline notebook suite: {outcome} in {seconds:.0f} s", flush=True)
    if not notebooks_only:
        unit, seconds = suite.run(suite.pytest_command(suite.UNIT_TESTS))
        outcome = "passed" if unit == 0 else f"FAILED (exit {unit})"
        print(f"offline unit tests: {outcome} in {seconds:.0f} s", flush=True)
        code = code or unit
    return code


def main(argv: list[str]) -> int:
    notebooks_only = "--notebooks-only" in argv
    prefill = "--prefill" in argv
    if "--inside" in argv:
        return inside(notebooks_only, prefill)
    reason = cannot_isolate()
    if reason:
        if os.environ.get("CI") == "1":
            print(f"error: cannot run offline in CI: {reason}", file=sys.stderr)
            return 1
        print(f"skipped: {reason}")
        return 0
    command = f"ip link set lo up && exec {suite.python()} {Path(__file__).resolve()} --inside" + \
              (" --notebooks-only" if notebooks_only else "") + (" --prefill" if prefill else "")
    code = subprocess.call(["unshare", "-rn", "sh", "-c", command], cwd=suite.ROOT)
    print(f"offline run: {'green' if code == 0 else f'FAILED (exit {code})'}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
