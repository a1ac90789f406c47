"""A whole class's answers in one DataFrame, and the summaries a class discussion starts from.

In a notebook or a script::

    import newslit.classroom.load as cr
    cls = cr.load_class(["class-folder", "hand-ins/"])   # any folders or files
    cls.answers                  # DataFrame: one row per student, one column per question (final values)
    cls.first, cls.attempts      # the same shape: first attempts, number of attempts
    cls.shown                    # the same shape: True where the student pressed "Show me"
    cr.summary(cls)              # per question: answered, share right first / finally, disagreement
    cr.distribution(cls, "n00-practice-choice")
    cr.scale_spread(cls), cr.trust_change(cls)
    cr.discussion_starters(cls), cr.free_text(cls, "n00-practice-text")
    cr.skipped_table(cls)        # every file that was not read, with the reason

Reading. Folders are walked recursively without following symbolic links; hidden files (the store's
lock and temporary files) and non-JSON files (the ``.html`` copies ``export`` writes) are passed over.
Every ``.json`` file is opened without following a link and given to ``answers.read_document``, the
one definition of a valid answer file. A file that is unreadable, empty, larger than
``answers.MAX_FILE_BYTES``, a symbolic link, not valid JSON, not an answer file or from a newer
schema is *skipped with its reason*, never fatal. Nothing outside the given paths is read.

Who. A student is their ``login`` (on a JupyterHub) or else ``answers.name_key`` of their name. The
same student found twice (the store's file and the file ``export`` wrote) is merged question by
question: the answer saved last wins, the first attempt is the earliest one.

Size. Each file's answers go straight into column lists and the parsed file is freed (a student's
second file re-reads the first to merge: rare; a first attempt equal to the final answer is held
once). ``benchmarks/run_all.py`` measures it at 30 … 30,000 students against plain ``json`` plus a
DataFrame. Summaries work on plain lists and are computed once per
class (``cls.cache``; clear it if you change ``cls.answers``).

Anonymous by default: rows are labelled with stable pseudonyms ("Student 07", numbered in an order
that does not follow the names). ``load_class(..., names=True)`` labels them with names instead.

Kinds. What differs between kinds of question comes from the kind (``newslit.questions.kinds``):
whether and how an answer is right (``Kind.judge``), what a question's summary is (``Kind.data``:
a "tally" the kind counts, or "numbers" it reads from each answer), its disagreement and what was
written. This module does the pandas work for every kind alike and names none of them.

This module never imports the widgets (nothing flows backwards) and never draws.
"""
from __future__ import annotations

import errno
import gc
import hashlib
import json
import math
import os
import stat
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

import newslit.answers.store as answers
import newslit.classroom.per_article as per_article
import newslit.questions.entries as questions
from newslit.answers.keyed import ARTICLE_RECORD, split_keyed
from newslit.questions.entries import Question
from newslit.questions.kinds import OTHER as OTHER  # "(other)": an answer that is none of the options
from newslit.questions.kinds import NumberSpread, get_kind

# Before-and-after pairs of questions compared answer by answer (the before-and-after task is scored by
# teachers instead: newslit.classroom.scoring).
MEASURES = {"trust": ("trust-before", "trust-after")}
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


# ---------------------------------------------------------------- results

@dataclass(frozen=True)
class Skipped:
    """A file (or folder) that was not read, and why."""

    path: str
    reason: str
    given: str = ""  # the PATH argument it was found under


@dataclass
class ClassAnswers:
    """A class: aligned DataFrames indexed by student label (pseudonym, or name with ``names=True``)."""

    answers: pd.DataFrame
    first: pd.DataFrame
    attempts: pd.DataFrame
    students: pd.DataFrame
    files_read: list[str]
    skipped: list[Skipped]
    ignored: int = 0
    saved_range: tuple[str, str] | None = None  # first file created .. last answer saved
    names: bool = False
    notes: list[str] = field(default_factory=list)
    shown: pd.DataFrame | None = None  # True where "Show me" was pressed (the answer was shown, not found)
    articles: dict = field(default_factory=dict)  # notebooks 07a/07b: key -> per_article.ClassArticle
    cache: dict = field(default_factory=dict, repr=False, compare=False)  # summaries computed once

    def __repr__(self) -> str:
        return (f"ClassAnswers({len(self.answers)} students, {self.answers.shape[1]} questions, "
                f"{len(self.files_read)} files read, {len(self.skipped)} skipped)")

    @property
    def sample(self) -> bool:
        """True when every student is from an invented sample class."""
        return bool(len(self.students)) and bool(self.students["sample"].all())

    def question_ids(self) -> list[str]:
        """Answered questions that are in the catalogue, in catalogue order; then the questions of
        notebooks 07a/07b, article by article (``per_article``: their columns are keyed by the article)."""
        if "question_ids" not in self.cache:
            known = questions.catalogue()
            self.cache["question_ids"] = ([qid for qid in self.answers.columns if qid in known]
                                          + per_article.keyed_questions(self.answers.columns, self.articles, known))
        return list(self.cache["question_ids"])

    def question(self, qid: str) -> Question:
        """The question answered in column ``qid``: a catalogue question, or one asked about one article."""
        key = ("question", qid)
        if key not in self.cache:
            base, article = split_keyed(qid)
            if article is None or article not in self.articles:
                self.cache[key] = questions.get(qid)
            else:
                self.cache[key] = per_article.article_question(questions.get(base), self.articles[article], qid)
        return self.cache[key]


# ---------------------------------------------------------------- finding files

def sample_class_folder() -> Path:
    """The invented sample class shipped with the module."""
    return answers.module_root() / "notebooks" / "teacher" / "sample-class"


def find_files(paths) -> tuple[list[tuple[str, str]], list[Skipped], int]:
    """``(file, given)`` pairs of every candidate answer file, the skipped paths, and how many
    other files were passed over. Symbolic links are never followed, not even a given one."""
    found, skipped, ignored = [], [], 0
    for given in _as_list(paths):
        given = os.fspath(given)
        try:
            info = os.lstat(given)
        except OSError as error:
            skipped.append(Skipped(given, _os_reason(error), given))
            continue
        if stat.S_ISLNK(info.st_mode):
            skipped.append(Skipped(given, "it is a symbolic link (not followed; give the real path)", given))
        elif stat.S_ISDIR(info.st_mode):
            ignored += _walk(given, given, found, skipped)
        elif stat.S_ISREG(info.st_mode):
            found.append((given, given))
        else:
            skipped.append(Skipped(given, "it is not a regular file", given))
    found.sort()
    return found, skipped, ignored


def _as_list(paths) -> list:
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)


def _walk(root: str, given: str, found: list, skipped: list) -> int:
    """Add the ``.json`` files under ``root`` to ``found``; return how many other files were seen."""
    ignored, folders = 0, [root]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            skipped.append(Skipped(folder, f"the folder {_os_reason(error).removeprefix('it ')}", given))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue  # the store's lock and temporary files, checkpoints
            if entry.is_symlink():
                skipped.append(Skipped(entry.path, "it is a symbolic link (not followed)", given))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            elif not entry.is_file(follow_symlinks=False):
                skipped.append(Skipped(entry.path, "it is not a regular file", given))
            elif entry.name.lower().endswith(".json"):
                found.append((entry.path, given))
            else:
                ignored += 1  # e.g. the .html copy beside an exported file
    return ignored


def _os_reason(error: OSError) -> str:
    words = {errno.ENOENT: "it does not exist", errno.EACCES: "it cannot be read (permission denied)",
             errno.EPERM: "it cannot be read (operation not permitted)", errno.ELOOP: "it is a symbolic link",
             errno.EISDIR: "it is a folder"}
    return words.get(error.errno, f"it cannot be read ({error.strerror or error})")


# ---------------------------------------------------------------- reading one file

class _Opened:
    """What ``answers.read_document`` asks of a path, served from a descriptor already read."""

    def __init__(self, info: os.stat_result, data: bytes):
        self._info, self._data = info, data

    def is_symlink(self) -> bool:
        return False

    def stat(self) -> os.stat_result:
        return self._info

    def read_bytes(self) -> bytes:
        return self._data


def _read_bytes(path: str) -> tuple[os.stat_result, bytes]:
    """The file's status and bytes, opened without following a link; ``ValueError`` says why not."""
    try:
        fd = os.open(path, os.O_RDONLY | _NO_FOLLOW)
    except OSError as error:
        raise ValueError(_os_reason(error)) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("it is not a regular file")
        if info.st_size == 0:
            raise ValueError("it is empty")
        if info.st_size > answers.MAX_FILE_BYTES:
            raise ValueError(f"it is {info.st_size:,} bytes, larger than any answer file")
        return info, handle.read(info.st_size + 1)  # one byte more shows a file still growing


def read_answer_file(path: str) -> tuple[dict, tuple[int, int]]:
    """A valid answer document and the file's (device, inode); ``ValueError`` names the problem."""
    info, data = _read_bytes(path)
    try:
        document = answers.read_document(_Opened(os.stat_result((*info[:6], len(data), *info[7:])), data))
    except RecursionError:
        raise ValueError("it is not valid JSON (nested too deeply)") from None
    except OSError as error:
        raise ValueError(_os_reason(error)) from None
    return document, (info.st_dev, info.st_ino)


def identity(document: dict) -> str:
    """Who a document belongs to: the hub login, else the normalised name. ``ValueError`` if neither."""
    login = document.get("login")
    if isinstance(login, str) and login.strip():
        return login.strip()
    name = document.get("student")
    if not isinstance(name, str):
        raise ValueError("it names no student")
    try:
        return answers.name_key(name)
    except ValueError:  # written by hand, not by the store: still one student, shown escaped
        key = " ".join(unicodedata.normalize("NFC", name).split()).casefold()
        if not key:
            raise ValueError("it names no student") from None
        return key


# ---------------------------------------------------------------- merging students

class _Person:
    """What is known about one student apart from the answers."""

    __slots__ = ("name", "login", "class_name", "sample", "created", "updated", "files", "answered")

    def __init__(self):
        self.name, self.login, self.class_name, self.sample = "", None, None, True
        self.created, self.updated, self.files, self.answered = "", "", [], 0

    def note(self, document: dict, path: str, answered: int) -> None:
        """The newest file names the student; the oldest says when the work began."""
        created, updated = _stamp(document, "created"), _stamp(document, "updated") or _stamp(document, "exported")
        if not self.files or updated >= self.updated:
            self.name, self.login = str(document.get("student", "")), document.get("login")
            self.class_name, self.updated = document.get("class"), updated
        self.created = min(filter(None, (self.created, created)), default="")
        self.sample = self.sample and document.get("sample") is True
        self.files.append(path)
        self.answered = answered


class _Roster:
    """The class as it is read: one row per student, and per question three columns (value, first
    attempt, attempts) filled straight from each file, so a parsed file is freed at once (the
    memory of 30,000 files is never held). A student's second file re-reads the first to merge."""

    def __init__(self):
        self.rows: dict[str, int] = {}
        self.people: list[_Person] = []
        self.columns: dict[str, tuple[list, list, list, list]] = {}

    def add(self, who: str, document: dict, path: str) -> None:
        row = self.rows.get(who)
        if row is None:
            row = self.rows[who] = len(self.people)
            self.people.append(_Person())
            records = document["answers"]
        else:
            records = self._merged(row, document["answers"])
        self._put(row, records)
        self.people[row].note(document, path, len(records))

    def _merged(self, row: int, records: dict) -> dict:
        """This file's answers merged with the student's earlier files (read again: it is rare)."""
        merged: dict = {}
        for earlier in self.people[row].files:
            try:
                merged = _merge_records(merged, read_answer_file(earlier)[0]["answers"])
            except ValueError:
                continue  # changed since it was read: its answers stay as they were taken in
        return _merge_records(merged, records)

    def _put(self, row: int, records: dict) -> None:
        columns, width = self.columns, row + 1
        for qid, record in records.items():
            slot = columns.get(qid)
            if slot is None:
                slot = columns[qid] = ([], [], [], [])
            value, first, attempts, shown = slot
            if len(value) < width:
                for column in slot:
                    column.extend([None] * (width - len(column)))
            answer = record["value"]
            earlier = record.get("first", answer)
            # most first attempts equal the final answer: hold that one object, not an equal copy
            value[row], first[row] = answer, answer if type(earlier) is type(answer) and earlier == answer else earlier
            tries = record.get("attempts")
            attempts[row] = tries if type(tries) is int and tries > 0 else 1
            shown[row] = bool(record.get("shown"))


def _stamp(document: dict, key: str) -> str:
    stamp = document.get(key)
    return stamp if isinstance(stamp, str) else ""


def _merge_records(old: dict, new: dict) -> dict:
    merged = dict(old)
    for qid, record in new.items():
        merged[qid] = _merge(old[qid], record) if qid in old else record
    return merged


def _merge(old: dict, new: dict) -> dict:
    """The later-saved answer, with the earliest first attempt and the larger attempt count."""
    later = new if _when(new.get("saved")) >= _when(old.get("saved")) else old
    earliest = old if _when(_first_saved(old)) <= _when(_first_saved(new)) else new
    merged = dict(later, first=earliest.get("first", earliest["value"]), first_saved=_first_saved(earliest),
                  attempts=max(_count(old.get("attempts")), _count(new.get("attempts"))))
    if old.get("shown") or new.get("shown"):
        merged["shown"] = old.get("shown") or new.get("shown")
    return merged


def _first_saved(record: dict):
    return record.get("first_saved") or record.get("saved")


def _when(stamp) -> datetime:
    """A save time as a comparable UTC datetime (unknown or malformed: the earliest time)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _count(attempts) -> int:
    return attempts if isinstance(attempts, int) and not isinstance(attempts, bool) and attempts > 0 else 1


# ---------------------------------------------------------------- loading a class

def load_class(paths, *, names: bool = False) -> ClassAnswers:
    """Read every answer file under ``paths`` (folders or files) into one class. Never raises for bad
    files: they are listed in ``.skipped`` with the reason."""
    files, skipped, ignored = find_files(paths)
    with _no_cycle_collection():
        roster, read = _read_all(files, skipped)
        return _build(roster, read, skipped, ignored, names)


def load_documents(documents, *, names: bool = False) -> ClassAnswers:
    """A class from answer documents already in memory: ``(where, document)`` pairs, each document in the
    shape of an answer file (the live class view's store gives them: ``newslit.live.collected``). A
    document that is not a valid answer file is skipped with its reason, as a file would be."""
    roster, read, skipped = _Roster(), [], []
    with _no_cycle_collection():
        for where, document in documents:
            try:
                checked = answers.check_document(document)
                who = identity(checked)
            except ValueError as problem:
                skipped.append(Skipped(str(where), str(problem)))
                continue
            roster.add(who, checked, str(where))
            read.append(str(where))
        return _build(roster, read, skipped, 0, names)


@contextmanager
def _no_cycle_collection():
    """Parsed JSON holds no reference cycles, so the cycle collector only costs time while answers
    pile up (about a third of the load time at 30,000 students)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_all(files: list[tuple[str, str]], skipped: list) -> tuple[_Roster, list]:
    """Every readable document into the roster; the others into ``skipped``."""
    roster, read, seen = _Roster(), [], set()
    for path, given in files:
        try:
            document, inode = read_answer_file(path)
            if inode in seen:
                continue  # the same file reached twice (a folder and a file inside it)
            who = identity(document)
        except ValueError as problem:
            skipped.append(Skipped(path, str(problem), given))
            continue
        seen.add(inode)
        roster.add(who, document, path)
        read.append(path)
    return roster, read


def _build(roster: _Roster, read: list, skipped: list, ignored: int, names: bool) -> ClassAnswers:
    order = _ordered(roster, names)
    index = pd.Index(_labels(order, roster, names), name="student", dtype=object)
    columns = _question_order(set(roster.columns))
    frames = [_frame(roster, columns, part, order, index, dtype)
              for part, dtype in ((0, object), (1, object), (2, "Int64"), (3, "boolean"))]
    people = [roster.people[row] for row in order]
    who = {row: key for key, row in roster.rows.items()}
    answers_frame = frames[0]
    articles = per_article.class_articles(columns, answers_frame)
    created = min(filter(None, (p.created for p in people)), default=None)
    updated = max(filter(None, (p.updated for p in people)), default=None)
    return ClassAnswers(answers=answers_frame, first=frames[1], attempts=frames[2], shown=frames[3],
                        students=_students_frame(people, index, names, [who[row] for row in order]),
                        files_read=sorted(read),
                        skipped=sorted(skipped, key=lambda s: s.path), ignored=ignored,
                        saved_range=(created, updated) if created and updated else None, names=names,
                        notes=_notes(columns, articles), articles=articles)


def _frame(roster: _Roster, columns: list[str], part: int, order: list[int], index: pd.Index, dtype) -> pd.DataFrame:
    """One of the three student × question tables, rows in label order."""
    size = len(roster.people)
    data = {}
    for qid in columns:
        column = roster.columns[qid][part]
        column.extend([None] * (size - len(column)))
        data[qid] = column
    frame = pd.DataFrame(data, index=range(size), columns=columns, dtype=dtype).take(order)
    frame.index = index
    return frame


def _ordered(roster: _Roster, names: bool) -> list[int]:
    """Rows in a stable order: by name with names, else by a hash of who they are (so that
    "Student 01" is not the first name in the alphabet)."""
    who = {row: key for key, row in roster.rows.items()}
    if names:
        return sorted(who, key=lambda row: (roster.people[row].name.casefold(), who[row]))
    return sorted(who, key=lambda row: hashlib.sha256(who[row].encode("utf-8")).hexdigest())


def _labels(order: list[int], roster: _Roster, names: bool) -> list[str]:
    if not names:
        width = max(2, len(str(len(order))))
        return [f"Student {n:0{width}d}" for n in range(1, len(order) + 1)]
    labels, used = [], Counter()
    who = {row: key for key, row in roster.rows.items()}
    for row in order:
        name = roster.people[row].name or who[row]
        used[name] += 1
        labels.append(name if used[name] == 1 else f"{name} ({used[name]})")
    return labels


def _question_order(ids: set[str]) -> list[str]:
    """Catalogue questions in catalogue order, then unknown (well-formed) ids sorted."""
    known = [qid for qid in questions.catalogue() if qid in ids]
    others = sorted(qid for qid in ids - set(known) if _well_formed(qid))
    return known + others


def _well_formed(qid: str) -> bool:
    try:
        answers.check_question_id(qid)
    except ValueError:
        return False
    return True


def student_ref(identity_key: str) -> str:
    """A stable reference to one student that names nobody: a hash of who the file belongs to (the
    blind-scoring files use it, so they join scores to students without holding a name)."""
    return hashlib.sha256(identity_key.encode("utf-8")).hexdigest()[:16]


def _students_frame(people: list[_Person], index: pd.Index, names: bool, keys: list[str]) -> pd.DataFrame:
    data = {
        "ref": [student_ref(key) for key in keys],
        "class": [p.class_name if isinstance(p.class_name, str) else None for p in people],
        "answered": [p.answered for p in people],
        "files": [len(p.files) for p in people],
        "sample": [p.sample for p in people],
    }
    if names:
        data.update(name=[p.name for p in people], login=[p.login for p in people],
                    paths=[list(p.files) for p in people])
    return pd.DataFrame(data, index=index)


def _notes(columns: list[str], articles: dict) -> list[str]:
    known = questions.catalogue()
    about_articles = set(per_article.keyed_questions(columns, articles, known))
    unknown = [qid for qid in columns if qid not in known and qid not in about_articles
               and not (split_keyed(qid)[0] == ARTICLE_RECORD and split_keyed(qid)[1] in articles)]
    if not unknown:
        return []
    return [f"{len(unknown)} question id(s) are not in this module's catalogue ({', '.join(unknown[:5])}"
            f"{' …' if len(unknown) > 5 else ''}); their answers are kept in the table but not summarised."]


def skipped_table(cls: ClassAnswers) -> pd.DataFrame:
    """The files not read and why (paths only with ``names=True``: file names hold names)."""
    rows = [{"file": s.path if cls.names else f"file {n} under the path given", "reason": s.reason}
            for n, s in enumerate(cls.skipped, start=1)]
    return pd.DataFrame(rows, columns=["file", "reason"])


# ---------------------------------------------------------------- judging answers

def _given(cls: ClassAnswers, qid: str, frame: str = "answers") -> list:
    """The answers to ``qid`` (``frame`` "answers" or "first"), missing ones left out. Plain lists,
    made once per class: the fast path at 30,000 students."""
    key = ("given", frame, qid)
    if key not in cls.cache:
        cls.cache[key] = [v for v in getattr(cls, frame)[qid].tolist() if v is not None]
    return cls.cache[key]


def judge(q: Question):
    """A function telling whether an answer to ``q`` is right, or None when ``q`` has no key (``Kind.judge``)."""
    return get_kind(q.kind).judge(q)


def keyed(q: Question) -> bool:
    """A closed question with a right answer."""
    return judge(q) is not None


def _share_right(q: Question, given: list) -> float:
    if not given:
        return math.nan
    return get_kind(q.kind).count_right(q, given) / len(given)


def _numbers_kind(q: Question) -> bool:
    return get_kind(q.kind).data == "numbers"


def scale_values(cls: ClassAnswers, qid: str, frame: str = "answers") -> pd.Series:
    """The numbers given on a scale question, or any kind whose answers hold a number (``Kind.number``;
    NaN where unanswered or malformed)."""
    number = get_kind(cls.question(qid).kind).number
    column = getattr(cls, frame)[qid]
    return pd.Series([number(v) for v in column.tolist()], index=column.index, dtype=float, name=qid)


def answered(cls: ClassAnswers, qid: str) -> int:
    """How many students answered ``qid``."""
    return len(_given(cls, qid))


# ---------------------------------------------------------------- summaries

def _catalogue_questions(cls: ClassAnswers, private=True) -> list[Question]:
    chosen = [cls.question(qid) for qid in cls.question_ids()]
    return [q for q in chosen if private or not q.private]


def distribution(cls: ClassAnswers, qid: str) -> pd.DataFrame:
    """How the class answered a closed question, at the first attempt and finally (``Kind.tally``).

    choice / choices: one row per option (``right`` marks the key); classify: one row per item and
    category. Counts are of students; answers that fit no option are counted as "(other)".
    """
    q = cls.question(qid)
    if get_kind(q.kind).data != "tally":
        raise ValueError(f"{qid} is not a closed question ({q.kind}); see free_text or scale_values")
    return pd.DataFrame(_tally(cls, q))


def _tally(cls: ClassAnswers, q: Question) -> dict[str, list]:
    """The kind's tally of a closed question (columns of plain lists), computed once per class."""
    key = ("tally", q.id)
    if key not in cls.cache:
        cls.cache[key] = get_kind(q.kind).tally(q, _given(cls, q.id, "first"), _given(cls, q.id, "answers"))
    return cls.cache[key]


def question_data(cls: ClassAnswers, q: Question):
    """What a question's chart, table and disagreement come from, by its kind's ``data``: its
    distribution ("tally"), its numbers ("numbers"), None (written). Computed once per class."""
    key = ("data", q.id)
    if key not in cls.cache:
        data = get_kind(q.kind).data
        cls.cache[key] = (distribution(cls, q.id) if data == "tally"
                          else scale_values(cls, q.id) if data == "numbers" else None)
    data = cls.cache[key]
    return data.copy() if data is not None else None


def right_shares(summary_table: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``summary`` with a right answer, private ones left out (for the projector)."""
    return summary_table.loc[~summary_table["private"].astype(bool)].dropna(subset=["right final"])


def summary(cls: ClassAnswers) -> pd.DataFrame:
    """One row per catalogue question answered: label, kind, whether private, how many answered, the
    share right at the first attempt and finally (keyed questions), and the disagreement.
    Computed once per class (the report and the discussion starters share it)."""
    if "summary" not in cls.cache:
        cls.cache["summary"] = _summary(cls)
    return cls.cache["summary"].copy()


def _summary(cls: ClassAnswers) -> pd.DataFrame:
    rows = []
    for q in _catalogue_questions(cls):
        right = keyed(q)
        rows.append({
            "question": q.id, "label": q.label, "notebook": q.notebook, "kind": q.kind, "private": q.private,
            "answered": answered(cls, q.id),
            "right first": _share_right(q, _given(cls, q.id, "first")) if right else math.nan,
            "right final": _share_right(q, _given(cls, q.id)) if right else math.nan,
            "shown": shown_count(cls, q.id) if right else 0,
            "disagreement": disagreement_of(cls, q),
        })
    columns = ["question", "label", "notebook", "kind", "private", "answered", "right first", "right final",
               "shown", "disagreement"]
    table = pd.DataFrame(rows, columns=columns).astype({"private": bool, "answered": int, "shown": int})
    return table.set_index("question").round(3)


def shown_count(cls: ClassAnswers, question_id: str) -> int:
    """Students who pressed "Show me" on a question: their final answer was shown to them, not found."""
    if cls.shown is None or question_id not in cls.shown:
        return 0
    return int(cls.shown[question_id].fillna(False).sum())


def scale_spread(cls: ClassAnswers) -> pd.DataFrame:
    """Per scale question (every kind whose answers are numbers): how many answered, and the spread
    (mean, sd, quartiles, range)."""
    rows = {}
    for q in _catalogue_questions(cls):
        if _numbers_kind(q):
            rows[q.id] = scale_values(cls, q.id).describe()
    empty = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]
    frame = pd.DataFrame(rows).T if rows else pd.DataFrame(columns=empty)
    frame.index.name = "question"
    return frame.astype({"count": int}).round(1)


# ---------------------------------------------------------------- disagreement

def disagreement_of(cls: ClassAnswers, q: Question) -> float:
    """How split the class is, from 0 (all agree) to 1 (evenly split); NaN for free text or < 2 answers.

    The kind's ``disagreement`` decides. Closed questions: Shannon entropy of the final answers,
    divided by its largest possible value (per option for several choices, per item for classify,
    then averaged). Scales: the spread of the ratings (standard deviation over half the range), so a
    class split between the two ends scores 1.
    """
    count = answered(cls, q.id)
    kind = get_kind(q.kind)
    if count < 2 or kind.data is None:
        return math.nan
    if kind.data == "tally":
        data = _tally(cls, q)
    else:
        numbers = question_data(cls, q).dropna()
        data = NumberSpread(len(numbers), float(numbers.std(ddof=0)) if len(numbers) else math.nan)
    return round(kind.disagreement(q, data, count), 3)


def discussion_starters(cls: ClassAnswers, count: int = 5) -> pd.DataFrame:
    """The questions the class disagrees on most (never private ones), most split first."""
    table = summary(cls)
    table = table.loc[~table["private"] & table["disagreement"].notna()].reset_index()
    table = table[["question", "label", "kind", "answered", "disagreement"]]
    return table.sort_values(["disagreement", "question"], ascending=[False, True]).head(count).reset_index(drop=True)


# ---------------------------------------------------------------- before and after

@dataclass
class Change:
    """A before/after comparison of two questions (trust 01 → 06). ``table`` is None when the
    data has no student who answered both; ``message`` says so from the data alone, ``detail`` says
    what the catalogue holds (so a notebook's output does not change when the catalogue grows)."""

    measure: str
    before: Question | None
    after: Question | None
    table: pd.DataFrame | None
    message: str
    detail: str = ""

    def __repr__(self) -> str:
        return self.message


TITLES = {"trust": "Trust rating, notebook 01 → 06"}


def measure_question(tag: str) -> Question | None:
    """The catalogue question whose ``tags.measure`` is ``tag`` (e.g. "trust-before"), if any."""
    for q in questions.catalogue().values():
        tags = q.get("tags") or {}
        if isinstance(tags, dict) and tags.get("measure") == tag:
            return q
    return None


def compare(cls: ClassAnswers, measure: str) -> Change:
    """Compare the class's answers to the ``measure``'s before and after questions, student by student."""
    tags = MEASURES[measure]
    before, after = (measure_question(tag) for tag in tags)
    detail = _catalogue_detail(tags, (before, after))
    both = before is not None and after is not None and {before.id, after.id} <= set(cls.answers)
    pairs = cls.answers[[before.id, after.id]].dropna() if both else pd.DataFrame()
    if pairs.empty:
        return Change(measure, before, after, None,
                      f"{TITLES[measure]}: not in the data (no student answered both a question tagged "
                      f"{tags[0]} and one tagged {tags[1]}).", detail)
    if _numbers_kind(before) and _numbers_kind(after):
        table, basis = _scale_change(pairs, before, after), ""
    else:  # first attempts: clicking on until right would hide what a student knew
        table, basis = _right_change(before, after, cls.first.loc[pairs.index, [before.id, after.id]]), \
            " (right or wrong at the first attempt)"
    return Change(measure, before, after, table,
                  f"{TITLES[measure]}: {len(pairs)} students answered both {before.id} and {after.id}{basis}.", detail)


def _catalogue_detail(tags: tuple[str, str], found: tuple) -> str:
    missing = [f'measure = "{tag}"' for tag, q in zip(tags, found) if q is None]
    if missing:
        return "No catalogue question is tagged " + " or ".join(missing) + " yet."
    return f"In the catalogue: {found[0].id} ({tags[0]}) and {found[1].id} ({tags[1]})."


def _scale_change(pairs: pd.DataFrame, before: Question, after: Question) -> pd.DataFrame:
    start, end = (pairs[q.id].map(get_kind(q.kind).number).astype(float) for q in (before, after))
    change = (end - start).dropna()
    return pd.DataFrame({"before": [start.mean()], "after": [end.mean()], "mean change": [change.mean()],
                         "median change": [change.median()], "went up": [int((change > 0).sum())],
                         "same": [int((change == 0).sum())], "went down": [int((change < 0).sum())],
                         "students": [len(change)]}).round(1)


def _right_change(before: Question, after: Question, pairs: pd.DataFrame) -> pd.DataFrame:
    if not (keyed(before) and keyed(after)):
        return pd.DataFrame({"students": [len(pairs)], "answered before": [len(pairs)], "answered after": [len(pairs)]})
    start = pairs[before.id].map(judge(before)).astype(bool)
    end = pairs[after.id].map(judge(after)).astype(bool)
    return pd.DataFrame({"right before": [start.mean()], "right after": [end.mean()],
                         "wrong → right": [int((~start & end).sum())], "right → wrong": [int((start & ~end).sum())],
                         "students": [len(pairs)]}).round(3)


def trust_change(cls: ClassAnswers) -> Change:
    """The trust rating's change from notebook 01 to 06 (questions tagged trust-before/-after)."""
    return compare(cls, "trust")


def paired_values(cls: ClassAnswers, change: Change) -> pd.DataFrame:
    """The paired scale numbers behind a scale ``Change`` (for a chart); empty otherwise."""
    if change.table is None or not (_numbers_kind(change.before) and _numbers_kind(change.after)):
        return pd.DataFrame(columns=["before", "after"])
    pairs = pd.DataFrame({"before": scale_values(cls, change.before.id), "after": scale_values(cls, change.after.id)})
    return pairs.dropna()


# ---------------------------------------------------------------- free text

# ---------------------------------------------------------------- one row per student

LOW_CHECKIN = 0.25  # a flagged check-in (``tags.flag_low``) at or below this share of its scale is named
ROSTER_COLUMNS = ["notebooks", "answered", "right first", "shown", "under word target", "low check-ins",
                  "notes to you"]


def roster(cls: ClassAnswers, low: float = LOW_CHECKIN) -> pd.DataFrame:
    """One row per student, for the teacher only: notebooks started, questions answered, the share right at
    the first attempt (of the questions with a key they answered), answers shown by "Show me" rather than
    found, written answers still under their word target (``Kind.word_target``), check-ins marked
    ``flag_low`` at or below ``low`` of their scale (each named, with its rating), and what they wrote to
    the teacher in a check-in's reason. Computed once per class."""
    if "roster" not in cls.cache:
        cls.cache["roster"] = _roster(cls, low)
    return cls.cache["roster"].copy()


def _roster(cls: ClassAnswers, low: float) -> pd.DataFrame:
    """Column by column (a question at a time over plain lists): 30,000 students in well under a second."""
    from newslit.questions.attempt import at_least_words

    asked = [cls.question(qid) for qid in cls.question_ids()]
    count = len(cls.answers)
    given = {q.id: cls.answers[q.id].tolist() for q in asked}
    answered, tried, right, shown, short = ([0] * count for _ in range(5))
    notebooks: list[set] = [set() for _ in range(count)]
    flagged: list[list[str]] = [[] for _ in range(count)]
    notes: list[list[str]] = [[] for _ in range(count)]
    for q in asked:
        kind, column = get_kind(q.kind), given[q.id]
        present = [row for row, value in enumerate(column) if value is not None]
        for row in present:
            answered[row] += 1
            notebooks[row].add(q.notebook)
        if keyed(q):
            is_right, first = judge(q), cls.first[q.id].tolist()
            pressed = cls.shown[q.id].tolist() if cls.shown is not None else [None] * count
            for row, value in enumerate(first):
                if value is not None:
                    tried[row] += 1
                    right[row] += bool(is_right(value))
                shown[row] += pressed[row] is True
        need = kind.word_target(q) if kind.written else None
        if need:
            for row in present:
                if not at_least_words(kind.written_text(q, column[row]), need):
                    short[row] += 1
        if q.private:
            floor, span = q.get("min", 0), (q.get("max", 100) - q.get("min", 0)) or 1
            flag = bool((q.get("tags") or {}).get("flag_low"))
            for row in present:
                rating = kind.number(column[row])
                if flag and rating == rating and rating - floor <= low * span:
                    flagged[row].append(f"{q.label}: {rating:g}")
                notes[row] += [f"{q.label}: {text}" for _part, text in written_parts(q, column[row])]
    table = pd.DataFrame({
        "notebooks": [len(n) for n in notebooks], "answered": answered,
        "right first": [r / t if t else math.nan for r, t in zip(right, tried)], "shown": shown,
        "under word target": short, "low check-ins": ["; ".join(f) for f in flagged],
        "notes to you": ["; ".join(n) for n in notes]}, index=cls.answers.index)
    return table[ROSTER_COLUMNS].round({"right first": 2})


def free_text(cls: ClassAnswers, qid: str, limit: int | None = None) -> pd.DataFrame:
    """Every written answer to one question (or the first ``limit``): text answers, a scale's reason,
    a form's fields."""
    q = cls.question(qid)
    rows = []
    written = get_kind(q.kind).written
    column = cls.answers[qid] if qid in cls.answers and written else pd.Series(dtype=object)
    for student, value in zip(column.index, column.tolist()):
        if value is not None:
            rows += [(student, part, text) for part, text in written_parts(q, value)]
            if limit is not None and len(rows) >= limit:
                rows = rows[:limit]
                break
    return pd.DataFrame(rows, columns=["student", "part", "text"], dtype=object)


def written_parts(q: Question, value) -> list[tuple[str, str]]:
    """The (part, text) pairs a student wrote in one answer (``Kind.written_parts``); empty text is left out."""
    return [(part, text if isinstance(text, str) else json.dumps(text, ensure_ascii=False))
            for part, text in get_kind(q.kind).written_parts(q, value) if text is not None and str(text).strip()]
