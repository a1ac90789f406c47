"""One saved answer on its way to the live class view: what the outbox sends and the service accepts.

A save is ``{"id", "question", "record", "student", "class"}``. ``record`` is the answer file's own
record for the question (value, saved, first, first_saved, attempts, shown). ``id`` is derived from the
login and the record, so the same save sent twice has the same id and is stored once. The sender never
names whose answer it is: the service takes that from the hub's check of the token.

The service checks every field with the answer store's own limits (``check_answer``) and refuses the
whole request, naming the problem, when one save is wrong.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from newslit.answers.store import MAX_VALUE_BYTES, check_answer, check_question_id, normalise_name

MAX_SAVES = 50                     # saves in one request
MAX_BODY_BYTES = 2 * MAX_VALUE_BYTES + 64_000  # one request; the sender keeps each batch under it
_ID = re.compile(r"^[0-9a-f]{32}$")
_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")
_RECORD_FIELDS = {"value", "saved", "first", "first_saved", "attempts", "shown"}


@dataclass(frozen=True)
class Save:
    id: str
    question: str
    record: dict
    student: str
    class_name: str | None

    @property
    def saved(self) -> str:
        return self.record["saved"]


def save_id(login: str, question: str, record: dict) -> str:
    """The same save (same login, question and record) always gets the same id."""
    text = json.dumps([login, question, record], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def make(login: str, question: str, record: dict, student: str, class_name: str | None) -> dict:
    """The JSON object the outbox sends for one save."""
    kept = {key: record[key] for key in _RECORD_FIELDS if key in record}
    return {"id": save_id(login, question, kept), "question": question, "record": kept, "student": student,
            "class": class_name}


def parse(body: bytes, login: str) -> list[Save]:
    """The saves ``login`` sent in one request body; ``ValueError`` names the first problem, and
    ``PermissionError`` says that a save claims to be someone else's."""
    if len(body) > MAX_BODY_BYTES:
        raise ValueError(f"the request is {len(body):,} bytes; the limit is {MAX_BODY_BYTES:,}")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValueError("the request is not valid JSON") from None
    if not isinstance(data, dict) or set(data) - {"saves"} or not isinstance(data.get("saves"), list):
        raise ValueError('the request must be {"saves": [...]} and nothing else')
    if not 1 <= len(data["saves"]) <= MAX_SAVES:
        raise ValueError(f"a request holds 1 to {MAX_SAVES} saves")
    for item in data["saves"]:
        if isinstance(item, dict) and "login" in item and item["login"] != login:
            raise PermissionError("you can send only your own answers (the hub's check of your token says who you are)")
    return [_one(_without_login(item), number) for number, item in enumerate(data["saves"], 1)]


def _without_login(item):
    """A save may name its own login (it changes nothing); the service never reads it."""
    return {key: value for key, value in item.items() if key != "login"} if isinstance(item, dict) else item


def _one(item, number: int) -> Save:
    where = f"save {number}"
    if not isinstance(item, dict) or set(item) != {"id", "question", "record", "student", "class"}:
        raise ValueError(f"{where} must have exactly: id, question, record, student, class")
    if not isinstance(item["id"], str) or not _ID.match(item["id"]):
        raise ValueError(f"{where}: the id is not 32 hexadecimal digits")
    question = check_question_id(item["question"])
    record = item["record"]
    if not isinstance(record, dict) or not {"value", "saved"} <= set(record) <= _RECORD_FIELDS:
        raise ValueError(f"{where}: the record needs value and saved, and may have only {sorted(_RECORD_FIELDS)}")
    for key in ("saved", "first_saved", "shown"):
        if key in record and not (isinstance(record[key], str) and _STAMP.match(record[key])):
            raise ValueError(f"{where}: {key} is not a UTC time like 2026-12-06T10:15:00.000Z")
    attempts = record.get("attempts", 1)
    if isinstance(attempts, bool) or not isinstance(attempts, int) or not 1 <= attempts <= 1_000_000:
        raise ValueError(f"{where}: attempts must be a whole number from 1")
    try:
        value = check_answer(question, record["value"])
        first = check_answer(question, record.get("first", value))
    except ValueError as problem:
        raise ValueError(f"{where}: {problem}") from None
    return Save(item["id"], question, dict(record, value=value, first=first), _name(item["student"], where),
                None if item["class"] is None else _name(item["class"], where))


def _name(text, where: str) -> str:
    """A typed name or class name, by the store's own rule (the store wrote it with that rule)."""
    try:
        return normalise_name(text)
    except ValueError as problem:
        raise ValueError(f"{where}: {problem}") from None
