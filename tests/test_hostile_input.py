"""Hostile input, table-driven: every case goes through the public answer API (``AnswerStore``, names)
and/or into the class folder as a file, then through the report command (``python -m newslit report``).

Each case states what must happen (refused with this exception and message, kept, or skipped by the
report with this reason). For every case, afterwards:

* the report is still written, and its HTML (parsed) has no ``<script>``, no ``on…=`` attribute and no
  ``javascript:``; the case's marker (a string unique to the case's hostile text) appears only as
  text, never inside a tag or an attribute;
* nothing outside the class folder and the output folder was written (a sentinel folder beside them,
  holding the target of any symbolic link, is byte-for-byte unchanged, and its secret never reaches
  the report or the CSV);
* another student's file in the same folder is unchanged and her answer is in the report.
"""
from __future__ import annotations

import json
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newslit import __main__ as cli
from newslit.answers import store as answers
from newslit.answers.store import AnswerFileWarning, AnswerStore

TEXT, CHOICE, SCALE, CLASSIFY, FORM, CHOICES = ("n00-practice-text", "n00-practice-choice", "n01-trust",
                                                 "n00-practice-classify", "n00-practice-form",
                                                 "n00-practice-choices")
MARK = "Qx7marker"  # in every case's hostile text: must reach the page only as escaped text
BYSTANDER, BYSTANDER_TEXT = "Ophelia Bystander", "BYSTANDER-ANSWER kept whole"
SECRET = "SENTINEL-SECRET-do-not-read"
STAMP = "2025-03-03T09:00:00.000Z"


# ---------------------------------------------------------------- building blocks of the cases

def doc(student="Hand Made", records=None, **fields) -> dict:
    """An answer file as the store writes it (then made hostile by the case)."""
    records = {TEXT: f"hand-made {MARK}"} if records is None else records
    data = {"kind": answers.FILE_KIND, "schema_version": answers.SCHEMA_VERSION, "student": student,
            "login": None, "class": "9B", "created": STAMP, "updated": STAMP,
            "answers": {qid: {"value": v, "saved": STAMP, "first": v, "first_saved": STAMP, "attempts": 1}
                        for qid, v in records.items()}}
    data.update(fields)
    return data


def file(name: str, content) -> Callable:
    """Put a file in the class folder: bytes as they are, anything else as JSON."""
    def act(folder: Path, outside: Path):
        raw = content if isinstance(content, bytes) else json.dumps(content, ensure_ascii=False).encode("utf-8")
        (folder / name).write_bytes(raw)
    return act


def save(name: str, qid: str, value) -> Callable:
    """Save through the public API, as a notebook does."""
    def act(folder: Path, outside: Path):
        AnswerStore(folder, name).save(qid, value)
    return act


def steps(*acts: Callable) -> Callable:
    def act(folder: Path, outside: Path):
        for one in acts:
            one(folder, outside)
    return act


def link_to_outside_file(folder: Path, outside: Path):
    (folder / "linked.json").symlink_to(outside / "secret.json")


def link_to_outside_folder(folder: Path, outside: Path):
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)


def store_file_is_a_link(folder: Path, outside: Path):
    store = AnswerStore(folder, f"Linked {MARK}")
    store.path.symlink_to(outside / "secret.json")
    store.save(TEXT, f"after the link {MARK}")


def fifo(folder: Path, outside: Path):
    os.mkfifo(folder / "pipe.json")


def broken_store_file_then_save(folder: Path, outside: Path):
    store = AnswerStore(folder, "Broken Then Saved")
    store.path.write_bytes(b"{ half a file")
    store.save(TEXT, f"fresh {MARK}")


def same_student_two_spellings(folder: Path, outside: Path):
    AnswerStore(folder, "Anna Dup").save(TEXT, f"first {MARK}")
    AnswerStore(folder, "  ANNA   dup ").save(CHOICE, "B")
    assert AnswerStore(folder, "anna dup").answers() == {TEXT: f"first {MARK}", CHOICE: "B"}


def hand_in_copy_of_same_student(folder: Path, outside: Path):
    older = doc("Dup Student", {TEXT: f"older {MARK}"})
    newer = doc("dup student ", {TEXT: f"newer {MARK}"}, updated="2025-03-04T09:00:00.000Z")
    newer["answers"][TEXT]["saved"] = "2025-03-04T09:00:00.000Z"
    (folder / "dup.json").write_text(json.dumps(older), encoding="utf-8")
    (folder / "dup-handin.json").write_text(json.dumps(newer), encoding="utf-8")


def big_file(megabytes: int, valid: bool = True) -> Callable:
    def act(folder: Path, outside: Path):
        text = "x" * (megabytes * 1_000_000) + MARK
        data = doc("Big File", {TEXT: text})
        data["answers"][TEXT]["first"] = "short"
        (folder / f"big-{megabytes}.json").write_text(json.dumps(data), encoding="utf-8")
    return act


# ---------------------------------------------------------------- the cases

@dataclass
class Case:
    id: str
    act: Callable
    refused: tuple[type, str] | None = None  # the API raises this, with a message matching the regex
    skipped: str | None = None               # the report lists a file skipped for this reason (regex)
    shown: str | None = None                 # this text must be in the page (as text)
    students: int | None = None              # students in the report, bystander included
    warns: str | None = None                 # the API warns (AnswerFileWarning) with this regex


CASES = [
    # -- markup and script, through the API and in hand-made files
    Case("script-in-answer", save("Ada Script", TEXT, f"<script>alert('{MARK}')</script>"),
         shown=f"<script>alert('{MARK}')</script>", students=2),
    Case("img-onerror-in-answer", save("Ada Img", TEXT, f'"><img src=x onerror=alert("{MARK}")>'),
         shown=f'"><img src=x onerror=alert("{MARK}")>', students=2),
    Case("markup-in-name", save(f"<b onmouseover=alert(1)>{MARK}", TEXT, "fine"),
         shown=f"<b onmouseover=alert(1)>{MARK}", students=2),
    Case("script-tag-in-name", save(f"<script>{MARK}</script>", TEXT, "x"), refused=(ValueError, "cannot contain '/'")),
    Case("script-in-choice-value", save("Ada Choice", CHOICE, f"<script>{MARK}</script>"), students=2),
    Case("markup-in-form-fields", save("Ada Form", FORM, {"who": f"<iframe src=javascript:{MARK}>", "<b>k</b>": "v"}),
         shown=f"<iframe src=javascript:{MARK}>", students=2),
    Case("markup-in-file-name-class-login",
         file("markup.json", doc(f"<svg onload=alert(1)>{MARK}", **{"class": f"<style>{MARK}</style>",
                                                                   "login": f"<a href=x>{MARK}"})),
         shown=f"<style>{MARK}</style>", students=2),
    Case("markup-as-question-id", file("qid.json", doc("Odd Qid", {f"<img src=x onerror={MARK}>": "x", TEXT: "ok"})),
         students=2),
    # -- size
    Case("10MB-answer-via-api", save("Big Api", TEXT, "x" * 10_000_000 + MARK),
         refused=(ValueError, r"10,000,00\d characters long; the limit is 20,000")),
    Case("huge-form-via-api", save("Big Form", FORM, {f"f{i}": "y" * 19_000 for i in range(12)}),
         refused=(ValueError, "too large to save")),
    Case("10MB-answer-in-a-file", big_file(10), students=2, shown="cut here: this answer is 10,000,009 characters"),
    Case("30MB-file", big_file(30), skipped=r"it is 30,\d{3},\d{3} bytes, larger than any answer file", students=1),
    # -- NUL and control characters
    Case("nul-in-answer", save("Nul Answer", TEXT, f"a\x00{MARK}"), refused=(ValueError, "NUL character")),
    Case("nul-in-name", save(f"Nu\x00l {MARK}", TEXT, "x"), refused=(ValueError, "control or invisible")),
    Case("control-chars-in-answer", save("Ctl Answer", TEXT, f"bell\x07 esc\x1b[31m red\x0b\x0c {MARK}"),
         shown=MARK, students=2),
    Case("control-chars-in-name", save(f"Tab\tName {MARK}", TEXT, "x"), refused=(ValueError, "control or invisible")),
    Case("nul-and-controls-in-a-file", file("ctl.json", doc(f"Ctl\x00\x1b {MARK}", {TEXT: f"\x00\x08{MARK}"})),
         shown=MARK, students=2),
    Case("lone-surrogate-in-answer", save("Sur Rogate", TEXT, f"\ud800{MARK}"), refused=(ValueError, "lone surrogate")),
    # -- Unicode: direction, combining marks, emoji
    Case("rtl-override-in-answer", save("Rtl Answer", TEXT, f"\u202e{MARK} txet \u2067isolate"), students=2,
         shown=f"\u202e{MARK} txet \u2067isolate"),
    Case("rtl-override-in-name", save(f"\u202e{MARK}", TEXT, "x"), refused=(ValueError, "invisible direction")),
    Case("rtl-script-name", save("فاطمة الزهراء", TEXT, f"مرحبا {MARK}"), shown="فاطمة الزهراء", students=2),
    Case("combining-marks-zalgo", save("Z\u0351\u0334a\u0360l\u0489go", TEXT, f"Z\u0351\u0334\u0360{MARK}\u0489"),
         students=2, shown=MARK),
    Case("emoji-name-and-answer", save("Emo 🦊‍🔥 Ji", TEXT, f"👍🏽 {MARK} 👨‍👩‍👧"), shown="👨‍👩‍👧", students=2),
    # -- names that are paths, devices or nothing
    Case("name-dotdot-path", save("../../x", TEXT, MARK), refused=(ValueError, "cannot contain '/'")),
    Case("name-backslash-path", save("..\\..\\x", TEXT, MARK), refused=(ValueError, "cannot contain")),
    Case("name-absolute-path", save("/etc/passwd", TEXT, MARK), refused=(ValueError, "cannot contain '/'")),
    Case("name-CON", save("CON", TEXT, MARK), students=2, shown=MARK),
    Case("name-nul-device", save("nul", TEXT, MARK), students=2, shown=MARK),
    Case("name-empty", save("", TEXT, MARK), refused=(ValueError, "cannot be empty")),
    Case("name-whitespace", save(" \u00a0\u3000 ", TEXT, MARK), refused=(ValueError, "cannot be empty")),
    Case("name-punctuation-only", save("!!!", TEXT, MARK), refused=(ValueError, "at least one letter")),
    Case("name-too-long", save("N" * 500, TEXT, MARK), refused=(ValueError, "too long")),
    Case("question-id-is-a-path", save("Qid Path", "../../etc/x", MARK), refused=(ValueError, "not a question id")),
    Case("value-not-json-able", save("Bad Type", TEXT, {1, 2}), refused=(ValueError, "not set")),
    # -- broken and foreign files
    Case("broken-json", file("broken.json", b'{"kind": "newslit-answers", "answers": {'),
         skipped="it is not valid JSON", students=1),
    Case("not-utf8", file("latin1.json", "{\"student\": \"Jos\xe9\"}".encode("latin-1")),
         skipped="it is not valid JSON", students=1),
    Case("deeply-nested-json", file("deep.json", b"[" * 200_000 + b"]" * 200_000),
         skipped="not valid JSON", students=1),
    Case("json-array", file("array.json", [1, 2, MARK]), skipped="not a newslit answer file", students=1),
    Case("answers-is-a-list", file("shape1.json", doc(answers=[MARK])), skipped="not in the expected shape", students=1),
    Case("answer-record-not-a-dict", file("shape2.json", doc(answers={TEXT: MARK})),
         skipped="not in the expected shape", students=1),
    Case("student-not-text", file("shape3.json", doc(student=["Not", MARK])), skipped="names no student", students=1),
    Case("wrong-kind-values", file("kinds.json", doc("Wrong Kinds", {
        SCALE: f"high {MARK}", CLASSIFY: [MARK], CHOICES: {"a": MARK}, FORM: 7, CHOICE: [[MARK]], TEXT: {"x": [1]}})),
         students=2),
    Case("nan-and-infinity", file("nan.json", b'{"kind": "newslit-answers", "schema_version": 1, "student": "Nan Inf",'
                                             b' "answers": {"n01-trust": {"value": {"value": NaN, "reason": "' +
                                             MARK.encode() + b'"}, "attempts": Infinity, "saved": -Infinity}}}'),
         students=2),
    Case("garbage-stamps-and-attempts", file("stamps.json", {**doc("Odd Stamps"), "created": f"<b>{MARK}", "updated": 5,
                                                              "answers": {TEXT: {"value": MARK, "saved": [1],
                                                                                 "first_saved": "9999-99", "attempts": -3}}}),
         students=2),
    Case("newer-schema", file("future.json", doc(schema_version=answers.SCHEMA_VERSION + 1)),
         skipped=r"newer version of the module \(schema 2\)", students=1),
    Case("no-schema", file("noschema.json", doc(schema_version="1")), skipped="no valid schema_version", students=1),
    Case("empty-file", file("empty.json", b""), skipped="it is empty", students=1),
    Case("broken-store-file-then-save", broken_store_file_then_save, warns="could not be used .*It was kept as",
         skipped="it is not valid JSON", students=2),
    Case("fifo-named-json", fifo, skipped="not a regular file", students=1),
    # -- links out of the folder
    Case("symlink-to-outside-file", link_to_outside_file, skipped="symbolic link", students=1),
    Case("symlink-to-outside-folder", link_to_outside_folder, skipped="symbolic link", students=1),
    Case("store-file-is-a-symlink", store_file_is_a_link, warns="symbolic link", skipped="symbolic link", students=2),
    # -- the same student twice
    Case("duplicate-student-two-spellings", same_student_two_spellings, students=2, shown=f"first {MARK}"),
    Case("duplicate-student-hand-in-copy", hand_in_copy_of_same_student, students=2, shown=f"newer {MARK}"),
]


# ---------------------------------------------------------------- checking the page

class Page(HTMLParser):
    """What the report's HTML is made of: tags, attributes, text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text = [], [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        raise AssertionError(f"a comment in the page: {data[:80]!r}")


def snapshot(folder: Path) -> dict:
    """Every entry under ``folder``: its type, mode and bytes."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        seen[str(path.relative_to(folder))] = (info.st_mode, path.read_bytes() if path.is_file() and not path.is_symlink() else None)
    return seen


def section(page: str, anchor: str) -> str:
    found = re.search(f"<section id='{anchor}'.*?</section>", page, re.S)
    return found.group(0) if found else ""


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, tmp_path, capsys):
    folder, outside, out = tmp_path / "class", tmp_path / "outside", tmp_path / "out"
    for made in (folder, outside, out):
        made.mkdir()
    (outside / "secret.json").write_text(json.dumps(doc(SECRET, {TEXT: SECRET})), encoding="utf-8")
    bystander = AnswerStore(folder, BYSTANDER)
    bystander.save(TEXT, BYSTANDER_TEXT)
    bystander.save(CHOICE, "A")
    bystander_bytes = bystander.path.read_bytes()
    outside_before = snapshot(outside)

    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        if case.refused:
            error, message = case.refused
            with pytest.raises(error, match=message):
                case.act(folder, outside)
            visible = [p.name for p in folder.iterdir() if not p.name.startswith(".")]
            assert visible == [bystander.path.name], "a refused save left a file behind"
        else:
            case.act(folder, outside)
    problems = [str(w.message) for w in warned if issubclass(w.category, AnswerFileWarning)]
    if case.warns:
        assert problems and re.search(case.warns, problems[0]), problems
    else:
        assert not problems

    code = cli.main(["report", str(folder), "--out", str(out / "report.html"), "--csv", str(out / "answers.csv"),
                     "--names"])
    terminal = capsys.readouterr()
    assert code == (3 if case.skipped else 0), terminal.err
    page = (out / "report.html").read_text(encoding="utf-8")
    table = (out / "answers.csv").read_text(encoding="utf-8")
    parsed = Page(page)

    # no script, no handler, nothing active from student text
    assert "script" not in parsed.tags and "iframe" not in parsed.tags and "svg" not in parsed.tags
    assert not [a for a in parsed.attributes if a[1].startswith("on")]
    assert "<script" not in page.lower() and "javascript:" not in " ".join(v for _, _, v in parsed.attributes)
    assert not [a for a in parsed.attributes if MARK in a[2] and a[1] != "alt"], "student text inside a tag"
    assert not re.search(f"<[^>]*{MARK}", page), "student text inside a tag"
    text = "".join(parsed.text)
    if case.shown:
        assert case.shown in text
    assert len(re.findall("<style>", page)) == 1  # only the page's own style sheet

    # how many students, and the skipped file with its reason
    if case.students is not None:
        assert re.search(rf"<strong>{case.students}</strong> students", page), re.findall(r"<strong>\d+</strong> students", page)
    skipped = section(page, "skipped")
    if case.skipped:
        assert re.search(case.skipped, skipped), skipped
        assert re.search(case.skipped, terminal.err)
    else:
        assert "None: every answer file was read" in skipped

    # nothing read or written outside the given folders
    assert snapshot(outside) == outside_before
    assert SECRET not in page and SECRET not in table
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class", "out", "outside"]
    assert sorted(p.name for p in out.iterdir()) == ["answers.csv", "report.html"]

    # the other student's data is intact
    assert bystander.path.read_bytes() == bystander_bytes
    assert AnswerStore(folder, BYSTANDER).answers() == {TEXT: BYSTANDER_TEXT, CHOICE: "A"}
    assert BYSTANDER_TEXT in text and BYSTANDER_TEXT in table


def test_there_are_at_least_thirty_cases():
    assert len(CASES) >= 30 and len({c.id for c in CASES}) == len(CASES)
