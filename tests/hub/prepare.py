#!/usr/bin/env python3
"""The hub test's installs, run by `python3 run.py hub` before the test itself (so that the stage's
test time is the test's): configurable-http-proxy from npm into build/hub-node/, and the students'
environment (the module's requirements, what a school installs on its hub) into build/hub-env/ when
every user can reach that folder. Both are kept for later runs; the test builds whatever is missing."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: `hub` and `browser` as packages

from hub import hubserver
from hub.machine import missing

if __name__ == "__main__":
    reasons = missing(node_ready=hubserver.proxy_ready())
    if reasons:  # the test itself says why (and fails in CI)
        print("hub preparation skipped: " + "; ".join(reasons))
        sys.exit(0)
    print(f"hub preparation: {hubserver.prepare()}", flush=True)
