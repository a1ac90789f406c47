"""What the live class view has received, in SQLite in the service's own folder.

Three tables: ``saves`` (every save as received, once: its id is unique per login, with its record), ``latest`` (each
student's newest record per question, what the report shows) and ``people`` (each login's typed name
and class). A save and its effects are one transaction, committed with ``synchronous=FULL`` in WAL
mode, so a killed service or machine keeps every save it answered "stored" for. ``version`` grows with
every stored save; the teacher's page asks for it to know when to redraw.

``documents()`` gives the class as answer documents, the shape of a student's answer file, so the
class report reads them exactly as it reads files (``newslit.classroom.load.load_documents``).
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path

from newslit.answers.store import FILE_KIND, SCHEMA_VERSION, now
from newslit.live.saves import Save

SCHEMA = """
CREATE TABLE IF NOT EXISTS saves (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, login TEXT NOT NULL, id TEXT NOT NULL, question TEXT NOT NULL,
  saved TEXT NOT NULL, record TEXT NOT NULL, received TEXT NOT NULL, UNIQUE (login, id));
CREATE TABLE IF NOT EXISTS latest (
  login TEXT NOT NULL, question TEXT NOT NULL, saved TEXT NOT NULL, record TEXT NOT NULL,
  PRIMARY KEY (login, question));
CREATE TABLE IF NOT EXISTS people (
  login TEXT PRIMARY KEY, student TEXT NOT NULL, class TEXT, created TEXT NOT NULL, updated TEXT NOT NULL);
"""


class Collected:
    """The service's store. Safe to share between the service's threads (one connection, one lock)."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        old_mask = os.umask(0o077)  # the database and its WAL files: readable by the service only
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
        finally:
            os.umask(old_mask)
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, login: str, saves: list[Save]) -> tuple[int, int]:
        """Store ``saves`` as ``login``'s, all or none; return (stored, already stored before)."""
        received, stored = now(), 0
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for save in saves:
                    record = json.dumps(save.record, ensure_ascii=False)
                    cursor = self._db.execute(
                        "INSERT OR IGNORE INTO saves (login, id, question, saved, record, received) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (login, save.id, save.question, save.saved, record, received))
                    if cursor.rowcount == 0:
                        continue
                    stored += 1
                    self._db.execute(
                        "INSERT INTO latest VALUES (?, ?, ?, ?) ON CONFLICT (login, question) DO UPDATE SET "
                        "saved = excluded.saved, record = excluded.record WHERE excluded.saved >= latest.saved",
                        (login, save.question, save.saved, record))
                    self._db.execute(
                        "INSERT INTO people VALUES (?, ?, ?, ?, ?) ON CONFLICT (login) DO UPDATE SET "
                        "student = excluded.student, class = excluded.class, updated = excluded.updated "
                        "WHERE excluded.updated >= people.updated",
                        (login, save.student, save.class_name, save.saved, save.saved))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return stored, len(saves) - stored

    def version(self) -> int:
        """Grows with every stored save (0 when nothing is stored)."""
        with self._lock:
            return self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM saves").fetchone()[0]

    def count(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM saves").fetchone()[0]

    def documents(self, class_name: str | None = None) -> list[tuple[str, dict]]:
        """(login, answer document) for every student, or for one class."""
        with self._lock:
            people = self._db.execute("SELECT login, student, class, created, updated FROM people WHERE ? IS NULL "
                                      "OR class = ? ORDER BY login", (class_name, class_name)).fetchall()
            rows = self._db.execute("SELECT login, question, record FROM latest ORDER BY login, question").fetchall()
        records: dict[str, dict] = {}
        for login, question, record in rows:
            records.setdefault(login, {})[question] = json.loads(record)
        return [(login, {"kind": FILE_KIND, "schema_version": SCHEMA_VERSION, "student": student, "login": login,
                         **({"class": klass} if klass else {}), "created": created, "updated": updated,
                         "answers": records.get(login, {})})
                for login, student, klass, created, updated in people]

    def classes(self) -> list[str]:
        with self._lock:
            return [row[0] for row in self._db.execute(
                "SELECT DISTINCT class FROM people WHERE class IS NOT NULL ORDER BY class")]

    def forget(self, class_name: str | None = None) -> int:
        """Delete what is stored, for one class or for everyone; return how many students were removed."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            logins = [row[0] for row in self._db.execute(
                "SELECT login FROM people WHERE ? IS NULL OR class = ?", (class_name, class_name))]
            for table in ("saves", "latest", "people"):
                self._db.executemany(f"DELETE FROM {table} WHERE login = ?", [(login,) for login in logins])
            self._db.execute("COMMIT")
        return len(logins)
