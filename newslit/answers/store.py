"""Students' answers, saved so that nothing is lost: one JSON file per student.

Public API (used by the widgets, the class report, and anyone scripting around the module)::

    from newslit.answers.store import AnswerStore
    store = AnswerStore(folder, student)      # folder: str or Path; student: the student's name
    store.save(question_id, value)            # value: str, number, bool, list or dict of those
    store.load(question_id)                   # -> the saved value, or None
    store.answers()                           # -> dict of every saved answer
    store.export(path)                        # -> the one file a student hands in (+ an HTML copy)

How nothing is lost:

* **Atomic writes.** A save writes a temporary file in the same folder, flushes and fsyncs it,
  renames it over the answer file, then fsyncs the folder (``newslit.answers.atomicio``, which every writer
  of the package uses). A crash leaves the old file or the new one, never half of either.
* **Merging, under a lock.** Every save takes a file lock (``AnswerFileLock``: the filelock library,
  ``.<stem>.lock`` and ``.<stem>.queue.lock`` beside the file, 0600, hidden from the class report),
  re-reads the file and changes only its own question, so two notebooks saving at once both keep
  their answers.
* **Attempts.** Each answer keeps its first value and the number of times it changed, so "share
  right at the first attempt" cannot be reached by clicking through the options.
* **Broken or foreign files are kept.** A file that is not valid JSON, not an answer file, or from a
  newer version of the module is renamed aside (``….broken-<time>.json``), a message says where it
  went (``store.notices`` and a warning), and a fresh file starts.
* **Private.** Files are created 0600 and folders 0700. Nothing a student types is executed.
* **Debounce.** ``save_soon`` gathers fast changes (typing) and writes after a short pause; pending
  answers are flushed when the kernel shuts down. ``save`` writes at once. Both apply the same limits
  (``check_answer``), and ``save_soon`` applies them before it returns.

Who and where: on a JupyterHub, ``JUPYTERHUB_USER`` decides the file and the typed name is only a
display name, so nobody can write as someone else. The default folder (``default_folder``) is
``answers/`` at the module's root (not the current folder) when the package runs from the module's
folder; the user's data folder when it is installed with pip (``~/.local/share/newslit/answers`` on
Linux); on a JupyterHub ``~/newslit-answers`` in the student's own home; ``$NEWSLIT_ANSWERS``
overrides all of these. Names are normalised ("Anna" and
"anna " are one student); a name holding a path, ``..``, control characters or nothing printable is
refused with a ``ValueError``. This module does not import pandas.
"""
from __future__ import annotations

import atexit
import errno
import getpass
import hashlib
import json
import math
import os
import re
import threading
import unicodedata
import warnings
import weakref
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

# Imported here, before the exit handler below is registered: filelock's own exit handler then runs
# after ours, so pending answers are flushed with the lock still working.
from filelock import FileLock

from newslit.answers import atomicio
from newslit.live import outbox as live_outbox  # after a save, a copy goes to the class's live view (on a hub)

SCHEMA_VERSION = 1
FILE_KIND = "newslit-answers"
MAX_TEXT = 20_000          # characters in one free-text answer
MAX_NAME = 80              # characters in a student's name
MAX_VALUE_BYTES = 200_000  # one answer, as JSON
MAX_FILE_BYTES = 20_000_000
MAX_DEPTH = 4
DEBOUNCE_SECONDS = 0.6
LOCK_POLL_SECONDS = 0.0005  # how often a writer waiting for a lock tries again (filelock polls)
ENV_FOLDER = "NEWSLIT_ANSWERS"
ENV_HUB_USER = "JUPYTERHUB_USER"
_QUESTION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_WRITE_ERRORS = {
    errno.EACCES: "the answers folder cannot be written to (permission denied)",
    errno.EPERM: "the answers folder cannot be written to (operation not permitted)",
    errno.ENOSPC: "the disk is full",
    getattr(errno, "EDQUOT", -1): "your disk quota is used up",
    errno.EROFS: "the answers folder is on a read-only disk",
}


_LIVE_STORES: weakref.WeakSet[AnswerStore] = weakref.WeakSet()  # flushed at exit


class AnswerFileWarning(UserWarning):
    """A broken or foreign answer file was set aside (kept) and a fresh one started."""


class AnswerSaveError(OSError):
    """The answer could not be written; the previous file is unchanged."""


def module_root() -> Path:
    """The folder that holds ``newslit/``: in a checkout, also ``notebooks/`` and ``seeds/``."""
    return Path(__file__).resolve().parents[2]


def checkout_root() -> Path | None:
    """The module's folder (a checkout, a download or a student copy: ``run.py`` and ``seeds/`` beside
    ``newslit/``), or None when the package is installed on its own (a wheel in site-packages)."""
    root = module_root()
    return root if (root / "run.py").is_file() and (root / "seeds").is_dir() else None


HUB_FOLDER = "newslit-answers"  # in the student's home, on a JupyterHub


def default_folder() -> Path:
    """Where answers go: ``$NEWSLIT_ANSWERS`` if set; on a JupyterHub ``~/newslit-answers`` (the module
    is installed once for everyone there, read-only, so its own folder is no place for a student's
    answers); else ``answers/`` at the module's root in a checkout, or ``answers/`` in the user's data
    folder (platformdirs) when the package is installed without the module's folder."""
    configured = os.environ.get(ENV_FOLDER, "").strip()
    if configured:
        return Path(configured).expanduser()
    if hub_user():
        return Path.home() / HUB_FOLDER
    root = checkout_root()
    if root is not None:
        return root / "answers"
    from platformdirs import user_data_path  # only here: nothing else needs it

    return user_data_path("newslit", appauthor=False) / "answers"


def now() -> str:
    """The current time in UTC, ISO 8601 with milliseconds (sortable as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------- names

def normalise_name(name: str) -> str:
    """A student's name as shown: NFC, spaces collapsed. Raises ``ValueError`` for unsafe names."""
    if not isinstance(name, str):
        raise ValueError("A name must be text.")
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not cleaned:
        raise ValueError("Please type your name: it cannot be empty.")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"That name is too long: please use at most {MAX_NAME} characters.")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or ch in _BIDI_CONTROLS for ch in name):
        raise ValueError("A name cannot contain control or invisible direction characters.")
    if "/" in cleaned or "\\" in cleaned or ".." in cleaned or ":" in cleaned:
        raise ValueError("A name cannot contain '/', '\\', ':' or '..': just type your name.")
    if not any(ch.isalnum() for ch in cleaned):
        raise ValueError("A name needs at least one letter or digit.")
    return cleaned


def name_key(name: str) -> str:
    """The identity behind a name: "Anna", "anna " and "ANNA" are one student."""
    return normalise_name(name).casefold()


def file_stem(name: str) -> str:
    """A safe, stable file name for a student: readable letters plus a short hash of the identity.

    The hash keeps "Anna B" and "Anna-B" apart and makes reserved names such as ``CON`` harmless.
    """
    key = name_key(name)
    readable = re.sub(r"[^\w]+", "-", key, flags=re.UNICODE).strip("-_")[:40] or "student"
    if readable in _WINDOWS_RESERVED:
        readable = f"student-{readable}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{readable}.{digest}"


def hub_user() -> str | None:
    """The JupyterHub login, when the module runs on a hub."""
    user = os.environ.get(ENV_HUB_USER, "").strip()
    return user or None


def login_name() -> str:
    """The computer login, used when no name has been typed."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "student"


# ---------------------------------------------------------------- values

def check_value(value, *, depth: int = 0):
    """Return ``value`` if it is safe to store as JSON, else raise ``ValueError`` saying why."""
    if depth > MAX_DEPTH:
        raise ValueError("That answer is nested too deeply.")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > 2**53:
            raise ValueError("That number is too large to store exactly.")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("An answer cannot be infinite or 'not a number'.")
        return value
    if isinstance(value, str):
        return _check_text(value)
    if isinstance(value, (list, tuple)):
        return [check_value(item, depth=depth + 1) for item in value]
    if isinstance(value, dict):
        checked = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError("The names of the fields in an answer must be text.")
            checked[_check_text(key)] = check_value(item, depth=depth + 1)
        return checked
    raise ValueError("An answer can be text, a number, true/false, or a list or table of those, "
                     f"not {type(value).__name__}.")


def _check_text(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise ValueError(f"That answer is {len(text):,} characters long; the limit is {MAX_TEXT:,}. Please shorten it.")
    if "\x00" in text:
        raise ValueError("That answer contains a NUL character, which cannot be saved. Please retype it.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("That answer contains a broken character (a lone surrogate). Please retype it.") from None
    return text


def check_question_id(question_id: str) -> str:
    if not isinstance(question_id, str) or not _QUESTION_ID.match(question_id):
        raise ValueError(f"{question_id!r} is not a question id (letters, digits, '.', '_' or '-').")
    return question_id


def check_answer(question_id: str, value):
    """Every limit on one answer (``save`` and ``save_soon`` both apply it): the question id, the value
    (``check_value``) and its size as JSON. Returns the value to store; raises ``ValueError`` saying why."""
    check_question_id(question_id)
    value = check_value(value)
    size = len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
    if size > MAX_VALUE_BYTES:
        raise ValueError(f"That answer is too large to save: {size:,} bytes in all, and the limit is "
                         f"{MAX_VALUE_BYTES:,}. Please shorten it.")
    return value


# ---------------------------------------------------------------- files

def lock_path(answer_file: Path, kind: str = "lock") -> Path:
    """A lock file beside an answer file: ``.<stem>.lock`` or ``.<stem>.queue.lock``; hidden (and not
    ``.json``), so the class report passes over it."""
    return answer_file.with_name(f".{answer_file.stem}.{'' if kind == 'lock' else kind + '.'}lock")


class AnswerFileLock:
    """The lock every writer of one answer file takes: filelock (flock on POSIX, msvcrt on Windows) on
    ``.<stem>.lock``, entered through a second one, ``.<stem>.queue.lock``.

    filelock waits by polling, so a writer saving again straight after it released would nearly always
    win, and a second writer could wait through dozens of saves. The queue lock is held only while
    waiting for the main one: a writer that has just finished queues behind the one already waiting.
    Both files are created 0600 (on POSIX they stay in place). Each thread holds them on its own, so a
    debounced save in its timer thread and a save in the kernel's thread exclude each other too.
    """

    def __init__(self, answer_file: Path):
        self.queue = FileLock(lock_path(answer_file, "queue"), mode=0o600)
        self.main = FileLock(lock_path(answer_file), mode=0o600)

    @contextmanager
    def held(self):
        with self.queue.acquire(poll_interval=LOCK_POLL_SECONDS):
            self.main.acquire(poll_interval=LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            self.main.release()


def encode_document(data: dict) -> bytes:
    """An answer file's bytes (UTF-8 JSON, sorted keys)."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def write_json_atomically(path: Path, data: dict | bytes) -> None:
    """Write ``data`` (a document, or its bytes) to ``path`` with ``atomicio`` (0600); an ``OSError``
    becomes an ``AnswerSaveError`` saying what went wrong in plain words."""
    try:
        atomicio.write_atomically(path, data if isinstance(data, bytes) else encode_document(data))
    except OSError as error:
        raise save_error(error, path) from error


def save_error(error: OSError, path: Path) -> AnswerSaveError:
    """A clear message for a failed write, naming the cause in plain words."""
    if isinstance(error, AnswerSaveError):
        return error
    reason = _WRITE_ERRORS.get(error.errno, error.strerror or str(error))
    return AnswerSaveError(error.errno, f"Your answer could not be saved: {reason}. "
                           f"Your earlier answers in {path.name} are unchanged. Tell your teacher.")


def new_document(student: str, login: str | None, class_name: str | None) -> dict:
    return {"kind": FILE_KIND, "schema_version": SCHEMA_VERSION, "student": student,
            "login": login, "class": class_name, "created": now(), "answers": {}}


def read_document(path: Path) -> dict:
    """Read an answer file; raise ``ValueError`` naming the problem if it is not a valid one."""
    if path.is_symlink():
        raise ValueError("it is a symbolic link")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(f"it is {size:,} bytes, larger than any answer file")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"it is not valid JSON ({error.__class__.__name__})") from None
    return check_document(data)


def check_document(data) -> dict:
    """``data`` if it is an answer document (read from a file, or held by the live class view's service);
    else ``ValueError`` naming the problem."""
    if not isinstance(data, dict) or data.get("kind") != FILE_KIND:
        raise ValueError("it is not a newslit answer file")
    version = data.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise ValueError("it has no valid schema_version")
    if version > SCHEMA_VERSION:
        raise ValueError(f"it was written by a newer version of the module (schema {version})")
    records = data.get("answers")
    if not isinstance(records, dict) or not all(isinstance(r, dict) and "value" in r for r in records.values()):
        raise ValueError("its answers are not in the expected shape")
    return data


# ---------------------------------------------------------------- the store

class AnswerStore:
    """One student's answers in one JSON file, saved atomically and merged under a lock."""

    def __init__(self, folder: str | os.PathLike | None = None, student: str | None = None,
                 *, class_name: str | None = None):
        self.folder = Path(folder) if folder is not None else default_folder()
        self.login = hub_user()
        self.student = normalise_name(student if student is not None else (self.login or login_name()))
        identity = self.login or self.student  # on a hub the login decides the file
        self.path = self.folder / f"{file_stem(identity)}.json"
        self.class_name = normalise_name(class_name) if class_name else None
        self.notices: list[str] = []
        self._pending: dict[str, object] = {}
        self._pending_lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._after_flush: list = []
        self._file_lock: AnswerFileLock | None = None
        _LIVE_STORES.add(self)
        live_outbox.resume(self.folder, self.login)

    def __repr__(self) -> str:
        return f"AnswerStore(student={self.student!r})"

    # -- reading
    def _prepare_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            os.chmod(self.folder, 0o700)
        except OSError:
            pass

    def _read_or_set_aside(self) -> dict:
        """The current document; a broken or foreign file is renamed aside and a fresh one begun."""
        fresh = new_document(self.student, self.login, self.class_name)
        if not self.path.exists() and not self.path.is_symlink():
            return fresh
        try:
            return read_document(self.path)
        except (ValueError, OSError) as problem:
            stamp = now().replace(":", "").replace(".", "")
            aside = self.path.with_name(f"{self.path.stem}.broken-{stamp}.json")
            os.replace(self.path, aside)
            message = (f"The answer file {self.path.name} could not be used ({problem}). It was kept as "
                       f"{aside} and a new file was started. Tell your teacher.")
            self.notices.append(message)
            warnings.warn(message, AnswerFileWarning, stacklevel=3)
            return fresh

    def _document(self) -> dict:
        if not self.path.exists():
            return new_document(self.student, self.login, self.class_name)
        try:
            return read_document(self.path)
        except (ValueError, OSError):
            with self._lock():
                return self._read_or_set_aside()

    @contextmanager
    def _lock(self):
        self._prepare_folder()
        if self._file_lock is None:
            self._file_lock = AnswerFileLock(self.path)
        with self._file_lock.held():
            yield

    def records(self) -> dict[str, dict]:
        """Every saved answer with its bookkeeping (value, saved, first, first_saved, attempts)."""
        self.flush()
        return dict(self._document()["answers"])

    def answers(self) -> dict:
        """Every saved answer: question id -> value."""
        return {qid: record["value"] for qid, record in self.records().items()}

    def load(self, question_id: str):
        """The saved value of one question, or None. Pending (debounced) values count as saved."""
        check_question_id(question_id)
        with self._pending_lock:
            if question_id in self._pending:
                return self._pending[question_id]
        record = self._document()["answers"].get(question_id)
        return None if record is None else record["value"]

    # -- writing
    def save(self, question_id: str, value) -> dict:
        """Save one answer now (validated, merged, atomic). Returns its stored record."""
        value = check_answer(question_id, value)
        with self._pending_lock:
            self._pending.pop(question_id, None)
        return self._write({question_id: value})[question_id]

    def mark_shown(self, question_id: str) -> bool:
        """Record that the student pressed "Show me" on an answered question (so the class report can tell
        a found answer from a shown one). False when the question has no saved answer yet."""
        check_question_id(question_id)
        self.flush()
        with self._lock():
            document = self._read_or_set_aside()
            record = document["answers"].get(question_id)
            if record is None:
                return False
            if not record.get("shown"):
                document["answers"][question_id] = dict(record, shown=now())
                document["updated"] = now()
                write_json_atomically(self.path, encode_document(document))
                self._send_live(document, [question_id])
        return True

    def _write(self, values: dict) -> dict:
        try:
            return self._merge_and_write(values)
        except AnswerSaveError:
            raise
        except OSError as error:
            raise save_error(error, self.path) from error

    def _merge_and_write(self, values: dict) -> dict:
        with self._lock():
            document = self._read_or_set_aside()
            document["student"] = self.student
            if self.class_name:
                document["class"] = self.class_name
            stamp = now()
            for question_id, value in values.items():
                old = document["answers"].get(question_id)
                if old is None:
                    record = {"value": value, "saved": stamp, "first": value, "first_saved": stamp, "attempts": 1}
                else:
                    changed = old["value"] != value
                    record = dict(old, value=value, saved=stamp,
                                  attempts=int(old.get("attempts", 1)) + (1 if changed else 0))
                document["answers"][question_id] = record
            document["updated"] = stamp
            payload = encode_document(document)
            if len(payload) > MAX_FILE_BYTES:  # a file that large would be set aside when next read
                raise ValueError(f"Your answer file is full ({len(payload):,} bytes; the limit is {MAX_FILE_BYTES:,}). "
                                 "This answer was not saved; your earlier answers are unchanged. Tell your teacher.")
            self._remove_stale_temp_files()
            write_json_atomically(self.path, payload)
            self._send_live(document, values)
            return {qid: document["answers"][qid] for qid in values}

    def _send_live(self, document: dict, question_ids) -> None:
        """Queue the saved records for the class's live view (``newslit.live``; only on a hub that has it)."""
        live_outbox.queue(self.folder, self.login, document["student"], document.get("class"),
                          {qid: document["answers"][qid] for qid in question_ids})

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a writer killed mid-save (we hold the lock, so none is in use)."""
        for leftover in self.folder.glob(f"{atomicio.temp_prefix(self.path)}*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass

    def save_soon(self, question_id: str, value, on_saved=None) -> None:
        """Save after a short pause (for typing); ``flush()`` or kernel shutdown writes at once.

        The value is checked now against every limit ``save`` applies, so a bad value raises the same
        ``ValueError`` here, never in the background. A refused value also drops the ``on_saved``
        callbacks still waiting for that question's earlier values (which are still written): the caller
        has just been told its newest value was not saved, and a later "saved" must not hide that.
        ``on_saved(record_or_error)`` is called after the write.
        """
        try:
            value = check_answer(question_id, value)
        except ValueError:
            with self._pending_lock:
                self._after_flush = [(qid, callback) for qid, callback in self._after_flush if qid != question_id]
            raise
        with self._pending_lock:
            self._pending[question_id] = value
            if on_saved is not None:
                self._after_flush.append((question_id, on_saved))
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(DEBOUNCE_SECONDS, self._flush_quietly)
            self._timer.daemon = True
            self._timer.start()

    def flush(self) -> None:
        """Write every pending answer now."""
        with self._pending_lock:
            pending, self._pending = self._pending, {}
            callbacks, self._after_flush = self._after_flush, []
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if not pending:
            return
        try:
            records = self._write(pending)
        except Exception as error:
            with self._pending_lock:  # keep them for the next try
                self._pending = {**pending, **self._pending}
            for _, callback in callbacks:
                callback(error)
            raise
        for question_id, callback in callbacks:
            callback(records.get(question_id))

    def _flush_quietly(self) -> None:
        """The debounce timer's flush: a failure reaches the student through the ``on_saved``
        callbacks (the widgets show it under the question), never as a traceback in this thread."""
        try:
            self.flush()
        except Exception:  # noqa: BLE001 - reported through the callbacks; kept pending for the next try
            pass

    # -- handing in
    def export(self, path: str | os.PathLike) -> Path:
        """Write the file a student hands in (JSON) and a readable HTML copy beside it.

        ``path`` may be a file name or a folder. Returns the path of the JSON file.
        """
        target = Path(path)
        if target.is_dir():
            target = target / f"{self.path.stem}.json"
        if target.suffix.lower() != ".json":
            target = target.with_suffix(".json")
        if target.resolve() == self.path.resolve():
            raise ValueError("Choose another file name: that is the answer file itself.")
        self.flush()
        document = dict(self._document(), exported=now())
        target.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomically(target, document)
        try:
            atomicio.write_atomically(target.with_suffix(".html"), render_html(document))
        except OSError as error:
            raise save_error(error, target) from error
        return target


def render_html(document: dict) -> str:
    """A readable page of one student's answers (``newslit/templates/hand_in.html.j2``); the template
    engine escapes every student-written string. Jinja2 is imported here, at the first hand-in."""
    from newslit.templates import render

    return render("hand_in.html.j2", student=str(document.get("student", "")),
                  exported=readable_time(document.get("exported", "")),
                  groups=_readable_groups(document.get("answers", {})))


def readable_time(stamp) -> str:
    """An ISO time stamp as a person writes it, in this computer's time zone: "3 December 2026, 07:52"."""
    try:
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00")).astimezone()
    except ValueError:
        return str(stamp)
    return f"{moment.day} {moment:%B %Y}, {moment:%H:%M}"


def _readable_groups(answers: dict) -> list[dict]:
    """The answers as the readable copy shows them: by notebook, in the notebooks' order, each with its
    question's title and text and its answer in plain words (field and item names, not keys). Answers to
    ids the catalogue does not know go last, under their ids."""
    from newslit.answers.keyed import ARTICLE_RECORD, keyed_id, split_keyed
    from newslit.questions.entries import catalogue
    from newslit.questions.kinds import get_kind

    known, groups = catalogue(), {}
    titles = {split_keyed(qid)[1]: (r.get("value") or {}).get("title", "") for qid, r in answers.items()
              if split_keyed(qid)[0] == ARTICLE_RECORD and isinstance(r, dict) and isinstance(r.get("value"), dict)}

    def entry(q, record, title, key=None):
        record = record if isinstance(record, dict) else {"value": record}
        if q.get("items_from"):  # a sort of the student's own claims: show their words, not "Your claim 1"
            from newslit.questions.kinds.classify import with_own_items

            own = answers.get(keyed_id(q.get("items_from"), key) if key else q.get("items_from"))
            q = with_own_items(q, own.get("value") if isinstance(own, dict) else None)
        try:
            parts = get_kind(q.kind).answer_parts(q, record.get("value"))
        except (KeyError, TypeError, ValueError, AttributeError):
            parts = [("", record.get("value"))]
        return {"title": title, "prompt": q.prompt, "parts": parts, "saved": readable_time(record.get("saved", ""))}

    for q in known.values():
        if q.id in answers:
            groups.setdefault(f"Notebook {q.notebook}", []).append(entry(q, answers[q.id], q.label))
    for key, title in titles.items():  # notebook 07: one group per article, its questions in catalogue order
        heading = f"Notebook 07: {title or 'an article'}"
        for q in known.values():
            if keyed_id(q.id, key) in answers:
                groups.setdefault(heading, []).append(entry(q, answers[keyed_id(q.id, key)], q.label, key))
    for qid, record in sorted(answers.items()):
        base, key = split_keyed(qid)
        if qid not in known and not (key in titles and (base in known or base == ARTICLE_RECORD)):
            record = record if isinstance(record, dict) else {"value": record}
            groups.setdefault("Other answers", []).append(
                {"title": qid, "prompt": "", "parts": [("", record.get("value"))],
                 "saved": readable_time(record.get("saved", ""))})
    return [{"heading": heading, "answers": entries} for heading, entries in groups.items()]


@atexit.register
def _flush_all_at_exit() -> None:
    """Kernel shutdown (or restart): write whatever is still waiting in a debounce."""
    for store in list(_LIVE_STORES):
        try:
            store.flush()
        except Exception:  # noqa: BLE001 - nothing useful can be done at exit
            pass
