"""Saves on their way to the live class view, sent in the background from the student's kernel.

The answer file stays the truth: the store writes it first, then ``queue`` writes one small file per save
into ``<answers folder>/.outbox/`` (hidden, so the class report passes over it) and wakes the sender.
Nothing here touches the network in the save itself, so typing is never slowed.

The sender is one daemon thread per outbox folder. It posts what is queued, oldest first, up to
``saves.MAX_SAVES`` at a time, with the server's ``$JUPYTERHUB_API_TOKEN`` (the hub's check of that
token says whose answers they are). A file is deleted only when the service has answered that it is
stored (or was already: a save sent twice is stored once). While the service is down, slow or limiting,
the files wait and the sender tries again with growing pauses (1 s doubling to 30 s); a new save or a
new kernel (``resume``) sends the backlog. A save the service refuses for its content is moved to
``.outbox/refused/`` (kept, never lost, and still in the answer file).

Off unless the store has a hub login (``JUPYTERHUB_USER``, read in one place: ``store.hub_user``), the
server has its hub token and ``$NEWSLIT_LIVE_URL`` names the service.
"""
from __future__ import annotations

import atexit
import json
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path

from newslit.answers import atomicio

# newslit.live.saves is imported where it is used: it reads the store's limits, and the store imports this
# module first (so that this module's exit handler runs after the store's final flush).

ENV_URL = "NEWSLIT_LIVE_URL"         # the service's address as the students' servers reach it
ENV_TOKEN = "JUPYTERHUB_API_TOKEN"   # the server's own hub token
FOLDER = ".outbox"
REFUSED = "refused"
TIMEOUT_SECONDS = 5
FIRST_PAUSE, LONGEST_PAUSE = 1.0, 30.0
REFUSED_STATUSES = {400, 413, 422}   # the content was wrong: sending it again cannot help

_senders: dict[Path, Sender] = {}
_senders_lock = threading.Lock()


def target() -> tuple[str, str] | None:
    """(the service's saves URL, the server's token) when both are set, else None. Whether this is a hub
    at all is the store's to say (its ``login``, passed to ``queue`` and ``resume``)."""
    url, token = os.environ.get(ENV_URL, "").strip(), os.environ.get(ENV_TOKEN, "").strip()
    if not (url and token):
        return None
    return url.rstrip("/") + "/api/saves", token


def queue(folder: Path, login: str | None, student: str, class_name: str | None, records: dict) -> None:
    """Queue the saves ``records`` ({question id: record}) of one answer file. Never raises: the
    answer is saved already, and the live view is extra."""
    if not login or target() is None:
        return
    from newslit.live import saves

    box = folder / FOLDER
    try:
        box.mkdir(mode=0o700, exist_ok=True)
        for question, record in records.items():
            item = saves.make(login, question, record, student, class_name)
            atomicio.write_atomically(box / f"{item['id']}.json", json.dumps(item, ensure_ascii=False))
    except OSError:
        return  # no room in the home: the file report still has every answer
    sender_for(box).wake()


def resume(folder: Path, login: str | None) -> None:
    """Send what an earlier kernel left queued (called when a store opens)."""
    box = folder / FOLDER
    if login and target() is not None and box.is_dir() and any(box.glob("*.json")):
        sender_for(box).wake()


def sender_for(box: Path) -> Sender:
    with _senders_lock:
        sender = _senders.get(box)
        if sender is None:
            sender = _senders[box] = Sender(box)
            sender.start()
        return sender


class Sender(threading.Thread):
    """Posts one outbox folder's files until it is empty, then waits to be woken."""

    def __init__(self, box: Path):
        super().__init__(name=f"newslit-live-sender {box}", daemon=True)
        self.box = box
        self._wake = threading.Event()
        self._idle = threading.Event()
        self.pause: float | None = None  # seconds before the next try after a failure
        self.last_problem = ""

    def wake(self) -> None:
        self._idle.clear()
        self._wake.set()

    def wait_until_sent(self, timeout: float) -> bool:
        """True when the outbox emptied (or the sender gave up for now) within ``timeout`` seconds."""
        return self._idle.wait(timeout)

    def run(self) -> None:
        while True:
            self._wake.wait(self.pause)
            self._wake.clear()
            self.send_all()  # saves that arrive while a request is out go in the next one

    def send_all(self) -> None:
        """Post batches until the folder is empty or a try fails (then ``pause`` is set)."""
        while True:
            batch = self._batch()
            if not batch:
                self.pause = None
                self._idle.set()
                return
            if not self._post(batch):
                self.pause = min(LONGEST_PAUSE, (self.pause or FIRST_PAUSE / 2) * 2)
                self._idle.set()
                return
            self.pause = None

    def _batch(self) -> list[tuple[Path, dict]]:
        from newslit.live import saves

        batch, size = [], 0
        try:
            files = sorted(self.box.glob("*.json"), key=_age)
        except OSError:
            return []
        for path in files:
            try:
                item = json.loads(path.read_bytes())
            except FileNotFoundError:
                continue  # sent by another kernel of the same student
            except (OSError, ValueError):
                self._refuse(path)
                continue
            length = len(json.dumps(item, ensure_ascii=False).encode("utf-8")) + 2
            if batch and (len(batch) == saves.MAX_SAVES or size + length > saves.MAX_BODY_BYTES - 100):
                break
            batch.append((path, item))
            size += length
        return batch

    def _post(self, batch: list[tuple[Path, dict]]) -> bool:
        """One request; True when the service answered for every save in it."""
        where = target()
        if where is None:
            return False
        url, token = where
        body = json.dumps({"saves": [item for _, item in batch]}, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Authorization": f"token {token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                response.read()
        except urllib.error.HTTPError as error:
            self.last_problem = f"HTTP {error.code}"
            if error.code not in REFUSED_STATUSES:
                return False  # not allowed, limited or failing: keep everything and try later
            if len(batch) > 1:  # find the save that was refused: send them one by one
                return all(self._post([one]) for one in batch)
            self._refuse(batch[0][0])
            return True
        except (OSError, ValueError) as error:  # down, unreachable, timed out
            self.last_problem = str(error)
            return False
        for path, _ in batch:
            _unlink(path)
        return True

    def _refuse(self, path: Path) -> None:
        try:
            (self.box / REFUSED).mkdir(mode=0o700, exist_ok=True)
            os.replace(path, self.box / REFUSED / path.name)
        except OSError:
            pass


def _age(path: Path) -> tuple[int, str]:
    try:
        return path.stat().st_mtime_ns, path.name
    except OSError:
        return 0, path.name


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


@atexit.register
def _send_before_exit() -> None:
    """Kernel shutdown: a last try for what is queued (what is left goes with the next kernel)."""
    for sender in list(_senders.values()):
        sender.wake()
        sender.wait_until_sent(2.0)
