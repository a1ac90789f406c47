"""The teacher's release: a lesson's answers opened for everyone, before students have answered.

What a question hides until it is answered (``newslit.notebook.reveal``) a teacher can open for a
whole lesson, for a demonstration or after the deadline. Two routes, because a hub and a room of
laptops share different things:

* **On a JupyterHub**, a release file: ``$NEWSLIT_RELEASE`` names a folder the teacher (or the hub's
  admin) can write and students can only read, for example a read-only mount of
  ``/srv/newslit/release``; its file ``released.txt`` lists the released lessons, one per line
  ("02"). ``newslit release 02 --folder /srv/newslit/release`` writes it. Students cannot release
  for others because they cannot write that folder.
* **On laptops**, which share nothing, a release word the teacher reads out. A student types it in
  the box at the top of the notebook; it is checked against a hash the module ships
  (``content/release.csv``), and, if right, the lesson is opened **on that computer login only**
  (kept beside the profile, ``~/.config/newslit/released.json``). The words are in the teacher's
  lesson plans, never in anything students get. A student who guesses a word opens the answers for
  themselves, as reading ahead would; nobody else's screen changes.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from importlib import resources
from pathlib import Path

from newslit.answers.atomicio import write_atomically

ENV_RELEASE = "NEWSLIT_RELEASE"
RELEASE_FILE = "released.txt"
LESSON = re.compile(r"^\d\d[a-z]?$")


def word_hash(lesson: str, word: str) -> str:
    """The hash the module ships for a lesson's release word (case, spaces and accents do not matter)."""
    plain = " ".join(word.lower().split())
    return hashlib.sha256(f"newslit release {lesson} {plain}".encode()).hexdigest()


def shipped_hashes() -> dict[str, str]:
    with resources.files("newslit.content").joinpath("release.csv").open(encoding="utf-8", newline="") as f:
        return {row["lesson"]: row["hash"] for row in csv.DictReader(f)}


def local_path() -> Path:
    from newslit.answers.who import profile_path

    return profile_path().with_name("released.json")


def _local() -> set[str]:
    try:
        found = json.loads(local_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {lesson for lesson in found if isinstance(lesson, str) and LESSON.match(lesson)} \
        if isinstance(found, list) else set()


def _from_file() -> set[str]:
    folder = os.environ.get(ENV_RELEASE, "").strip()
    if not folder:
        return set()
    try:
        text = (Path(folder).expanduser() / RELEASE_FILE).read_text(encoding="utf-8")
    except OSError:
        return set()
    return {line.strip() for line in text.splitlines() if LESSON.match(line.strip())}


def released(lesson: str) -> bool:
    """The teacher has released this lesson (read fresh each time: a release reaches open notebooks)."""
    return lesson in _from_file() or lesson in _local()


def enter_word(word: str) -> str | None:
    """A release word typed by a student: the lesson it opens on this login (kept), or None."""
    lesson = next((lesson for lesson, expected in shipped_hashes().items() if word_hash(lesson, word) == expected),
                  None)
    if lesson is not None:
        local_path().parent.mkdir(parents=True, exist_ok=True)
        write_atomically(local_path(), json.dumps(sorted(_local() | {lesson})).encode())
    return lesson


def release_for_everyone(lessons: list[str], folder: str | os.PathLike) -> Path:
    """The teacher's command: add lessons to the hub's release file (in a folder students only read)."""
    bad = [lesson for lesson in lessons if not LESSON.match(lesson)]
    if bad:
        raise ValueError(f"Not a lesson number: {', '.join(bad)} (write 02, or 03a).")
    path = Path(folder).expanduser() / RELEASE_FILE
    try:
        old = {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    except FileNotFoundError:
        old = set()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, ("\n".join(sorted(old | set(lessons))) + "\n").encode(), mode=0o644)  # students read it
    return path


def add_arguments(parser) -> None:
    parser.add_argument("lessons", nargs="+", metavar="LESSON", help="lesson numbers to release, e.g. 02 03a")
    parser.add_argument("--folder", default=os.environ.get(ENV_RELEASE) or None,
                        help=f"the release folder students can read but not write (default ${ENV_RELEASE})")


def run(args) -> int:
    if not args.folder:
        print(f"error: say which folder with --folder, or set {ENV_RELEASE} (see newslit/answers/release.py)")
        return 2
    path = release_for_everyone(args.lessons, args.folder)
    print(f"Released {', '.join(args.lessons)} for everyone whose notebooks read {path}.")
    return 0
