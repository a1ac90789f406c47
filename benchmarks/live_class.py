"""The live class view under a class's load: students saving, the service storing, the teacher's page.

    .venv/bin/python benchmarks/live_class.py [--students 30] [--answers 20] [--seconds 60] [--memory-students 1000]

Each student is a separate Python process with a hub server's environment (its own login and token),
saving with the answer store, so the outbox and its sender thread run exactly as in a kernel. The
service runs with the stand-in hub API of the unit tests (tests/live_server.py: JupyterHub's HubOAuth
asks it about each token over HTTP, as it asks a real hub). A teacher thread does what the live page's
script does: ask ``api/version`` twice a second and fetch the page when it changed.

Figures: the time from a save (the store's own time stamp) to the service storing it (the service's
time stamp), p50 and p99; the time from a save to a teacher's page that shows it, p50 and p99; and
the memory of a process holding ``--memory-students`` students' answers in the service's store and
drawing the class report once (the service's largest step).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import live_server  # noqa: E402  (the service with a stand-in hub API)

STUDENT = r"""
import random, sys, time
from newslit.answers.store import AnswerStore
from newslit.live import outbox
folder, name, start, answers, seconds, seed = sys.argv[1:7]
start, answers, seconds = float(start), int(answers), float(seconds)
store, rng = AnswerStore(folder, name), random.Random(int(seed))
questions = sys.argv[7:]
for n in range(answers):
    time.sleep(max(0.0, start + n * seconds / answers + rng.uniform(0, seconds / answers) - time.time()))
    store.save(questions[n % len(questions)], f"{name} wrote answer {n}: " + "a few words " * rng.randint(2, 30))
for sender in list(outbox._senders.values()):
    sender.wait_until_sent(30)
"""


def stamp_seconds(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def questions(count: int) -> list[str]:
    import newslit.questions.entries as entries

    return [q.id for q in entries.catalogue().values() if not q.private][:count]


def teacher(url: str, stop: threading.Event, seen: list[tuple[int, float]]) -> None:
    """Poll like live.js; record (version, time the page with it arrived)."""
    version = -1
    headers = {"Authorization": "token teacher-token"}
    while not stop.is_set():
        with urllib.request.urlopen(urllib.request.Request(url + "api/version", headers=headers), timeout=30) as r:
            now_version = json.loads(r.read())["version"]
        if now_version != version:
            with urllib.request.urlopen(urllib.request.Request(url + "report", headers=headers), timeout=60) as r:
                r.read()
            seen.append((now_version, time.time()))
            version = now_version
        stop.wait(0.5)


def class_load(students: int, answers: int, seconds: float) -> dict:
    state = Path(tempfile.mkdtemp(prefix="newslit-live-bench-"))
    for n in range(students):
        live_server.TOKENS[f"student{n}-token"] = {"kind": "user", "name": f"student{n}",
                                                   "scopes": [live_server.ACCESS], "groups": []}
    ids = questions(answers)
    with live_server.running(state) as service:
        stop, seen = threading.Event(), []
        watcher = threading.Thread(target=teacher, args=(service.url, stop, seen), daemon=True)
        watcher.start()
        start = time.time() + 2
        processes = []
        for n in range(students):
            env = dict(os.environ, JUPYTERHUB_USER=f"student{n}", JUPYTERHUB_API_TOKEN=f"student{n}-token",
                       NEWSLIT_LIVE_URL=service.url, PYTHONPATH=str(ROOT))
            processes.append(subprocess.Popen(
                [sys.executable, "-c", STUDENT, str(state / "homes" / f"student{n}"), f"Student {n}", str(start),
                 str(answers), str(seconds), str(n), *ids], env=env))
        failed = sum(p.wait() != 0 for p in processes)
        time.sleep(3)  # the teacher's last poll
        stop.set()
        watcher.join(60)
        rows = service.collected._db.execute("SELECT seq, record, received FROM saves").fetchall()
    stored, shown = [], []
    for seq, record, received in rows:
        saved = stamp_seconds(json.loads(record)["saved"])
        stored.append(stamp_seconds(received) - saved)
        arrived = next((when for version, when in seen if version >= seq), None)
        if arrived is not None:
            shown.append(arrived - saved)
    return {"students": students, "answers": answers, "seconds": seconds, "saves": len(rows),
            "expected": students * answers, "failed": failed, "stored": stored, "shown": shown}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


MEMORY = r"""
import json, resource, sys, tempfile
from pathlib import Path
from newslit.live import saves
from newslit.live.collected import Collected
from newslit.live.service import live_page
import newslit.questions.entries as entries
count = int(sys.argv[1])
ids = [q.id for q in entries.catalogue().values() if not q.private][:40]
collected = Collected(Path(tempfile.mkdtemp()) / "live.sqlite")
for n in range(count):
    login = f"student{n}"
    batch = [saves.make(login, q, {"value": f"answer {n} to {q} " * 5, "saved": "2026-12-06T10:00:00.000Z"},
                        f"Student {n}", f"class {n % 8}") for q in ids]
    collected.add(login, saves.parse(json.dumps({"saves": batch}).encode(), login))
live_page(collected, ("", ""), script="/live.js", xsrf="x")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def memory_mb(students: int) -> float:
    done = subprocess.run([sys.executable, "-c", MEMORY, str(students)], capture_output=True, text=True, check=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=1800)
    return float(done.stdout.split()[-1])


def summary(result: dict) -> dict:
    """p50/p99 in milliseconds of both delays."""
    return {f"{name}_{label}": percentile(result[name], share) * 1000
            for name in ("stored", "shown") for label, share in (("p50", 0.5), ("p99", 0.99))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--answers", type=int, default=20, help="answers each student saves")
    parser.add_argument("--seconds", type=float, default=60, help="over how long")
    parser.add_argument("--memory-students", type=int, default=1000)
    args = parser.parse_args(argv)
    result = class_load(args.students, args.answers, args.seconds)
    print(f"{result['saves']} of {result['expected']} saves stored ({result['failed']} student processes failed)")
    figures = summary(result)
    for label, name in (("save → stored", "stored"), ("save → teacher's page", "shown")):
        print(f"{label}: p50 {figures[name + '_p50']:.0f} ms, p99 {figures[name + '_p99']:.0f} ms "
              f"({len(result[name])} saves)")
    print(f"memory at {args.memory_students:,} students (store + one report): {memory_mb(args.memory_students):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
