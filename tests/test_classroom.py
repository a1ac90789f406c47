"""newslit.classroom.load: loading a class (merging, skipping bad files, reading nothing outside) and summaries."""
import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from newslit.answers import store as answers
from newslit.answers.store import AnswerStore
from newslit.classroom import load as cr
from newslit.classroom import sampleclass
from newslit.questions import entries as questions

ROOT = Path(__file__).resolve().parent.parent
CHOICE = "n00-practice-choice"        # key: the "Leaving the page…" option
CHOICES = "n00-practice-choices"      # key: ["A headline", "A list of contents"]
CLASSIFY = "n00-practice-classify"
CHECKIN = "n00-checkin"               # private scale
TEXT = "n00-practice-text"
FORM = "n00-practice-form"


# ---------------------------------------------------------------- helpers

def record(value, saved="2025-03-03T09:00:00.000Z", first=None, first_saved=None, attempts=1):
    return {"value": value, "saved": saved, "first": value if first is None else first,
            "first_saved": first_saved or saved, "attempts": attempts}


def document(student, records, login=None, **extra):
    return {"kind": answers.FILE_KIND, "schema_version": answers.SCHEMA_VERSION, "student": student,
            "login": login, "class": "9B", "created": "2025-03-03T08:00:00.000Z",
            "updated": max((r["saved"] for r in records.values()), default="2025-03-03T08:00:00.000Z"),
            "answers": records, **extra}


def write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def key_of(qid):
    return questions.get(qid).get("key")


def wrong_of(qid):
    return next(o for o in questions.get(qid).get("options") if o != key_of(qid))


@pytest.fixture
def no_hub(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)


# ---------------------------------------------------------------- loading and merging

def test_store_files_and_exports_load_into_one_frame(tmp_path, no_hub):
    for name, value in (("Anna", key_of(CHOICE)), ("Ben", wrong_of(CHOICE)), ("Chen", key_of(CHOICE))):
        AnswerStore(tmp_path / "answers", name).save(CHOICE, value)
    exported = AnswerStore(tmp_path / "home", "Dana")
    exported.save(TEXT, "From home.")
    exported.export(tmp_path / "hand-in" / "dana.json")      # writes dana.json and dana.html
    cls = cr.load_class([tmp_path / "answers", tmp_path / "hand-in"])
    assert isinstance(cls.answers, pd.DataFrame)
    assert cls.answers.shape == (4, 2) and list(cls.answers.columns) == [TEXT, CHOICE]  # catalogue order
    assert cls.skipped == [] and cls.ignored == 1                                         # the .html copy
    assert sorted(cls.answers.index) == ["Student 01", "Student 02", "Student 03", "Student 04"]
    assert cls.answers[CHOICE].notna().sum() == 3 and cls.answers[TEXT].dropna().tolist() == ["From home."]


def test_the_same_student_twice_is_merged_by_save_time_not_dropped(tmp_path):
    store_file = document("Anna", {
        CHOICE: record(key_of(CHOICE), saved="2025-03-03T10:00:00.000Z", first=wrong_of(CHOICE),
                       first_saved="2025-03-03T09:10:00.000Z", attempts=2),
        TEXT: record("old text", saved="2025-03-03T09:20:00.000Z"),
    })
    export = document(" anna ", {  # the same student: names are normalised
        CHOICE: record(wrong_of(CHOICE), saved="2025-03-03T09:10:00.000Z"),
        TEXT: record("finished at home", saved="2025-03-04T18:00:00.000Z", first="old",
                     first_saved="2025-03-03T09:05:00.000Z", attempts=5),
        FORM: record({"who": "Rob Bauer"}, saved="2025-03-04T18:05:00.000Z"),
    }, exported="2025-03-04T18:06:00.000Z")
    write(tmp_path / "answers" / "anna.json", store_file)
    write(tmp_path / "hand-in" / "anna.json", export)
    cls = cr.load_class(tmp_path)
    assert len(cls.answers) == 1 and cls.students["files"].iloc[0] == 2
    row, first, attempts = cls.answers.iloc[0], cls.first.iloc[0], cls.attempts.iloc[0]
    assert row[CHOICE] == key_of(CHOICE) and first[CHOICE] == wrong_of(CHOICE) and attempts[CHOICE] == 2
    assert row[TEXT] == "finished at home" and first[TEXT] == "old" and attempts[TEXT] == 5
    assert row[FORM] == {"who": "Rob Bauer"}                       # only in the export: kept
    assert cls.saved_range == ("2025-03-03T08:00:00.000Z", "2025-03-04T18:05:00.000Z")  # created .. last save


def test_merge_compares_times_not_text(tmp_path):
    """Another offset or no milliseconds must not fool the merge."""
    write(tmp_path / "a.json", document("Anna", {TEXT: record("later", saved="2025-03-03T11:30:00+01:00")}))
    write(tmp_path / "b.json", document("Anna", {TEXT: record("earlier", saved="2025-03-03T10:15:00.000Z")}))
    assert cr.load_class(tmp_path).answers[TEXT].tolist() == ["later"]


def test_identity_is_the_hub_login_when_present(tmp_path):
    write(tmp_path / "a.json", document("Anna Typed", {TEXT: record("x")}, login="u123"))
    write(tmp_path / "b.json", document("Someone Else", {CHOICE: record(key_of(CHOICE), saved="2025-03-03T08:30:00Z")},
                                        login="u123"))  # older: the newer file's display name is shown
    write(tmp_path / "c.json", document("Anna Typed", {TEXT: record("y")}, login="u999"))
    cls = cr.load_class(tmp_path, names=True)
    assert len(cls.answers) == 2
    assert sorted(cls.students["login"]) == ["u123", "u999"]
    assert sorted(cls.answers.index) == ["Anna Typed", "Anna Typed (2)"]  # labels stay unique


def test_pseudonyms_are_stable_and_do_not_follow_the_alphabet(tmp_path):
    names = ["Aaron", "Bea", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hal"]
    for name in names:
        write(tmp_path / f"{name}.json", document(name, {TEXT: record(f"by {name}")}))
    first, again = cr.load_class(tmp_path), cr.load_class(tmp_path)
    assert list(first.answers.index) == [f"Student 0{n}" for n in range(1, 9)]
    assert first.answers[TEXT].tolist() == again.answers[TEXT].tolist()
    assert first.answers[TEXT].tolist() != [f"by {n}" for n in names]
    assert "name" not in first.students and "login" not in first.students


def test_a_file_found_twice_is_read_once(tmp_path):
    path = write(tmp_path / "anna.json", document("Anna", {TEXT: record("x")}))
    cls = cr.load_class([tmp_path, path])
    assert len(cls.files_read) == 1 and cls.students["files"].tolist() == [1]


def test_a_hand_written_hostile_name_is_still_one_student(tmp_path):
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)> \u202eevil'
    write(tmp_path / "x.json", document(hostile, {TEXT: record("<b>bold</b>")}))
    cls = cr.load_class(tmp_path, names=True)
    assert cls.answers.index.tolist() == [hostile] and cls.skipped == []


def test_unknown_question_ids_are_kept_but_not_summarised(tmp_path):
    write(tmp_path / "a.json", document("Anna", {"zz-retired": record("x"), "../bad id": record("y"),
                                                 TEXT: record("z")}))
    cls = cr.load_class(tmp_path)
    assert list(cls.answers.columns) == [TEXT, "zz-retired"]
    assert cls.question_ids() == [TEXT] and "zz-retired" in cls.notes[0]


# ---------------------------------------------------------------- bad input: skipped with a reason

def _class_with_one_good_file(tmp_path) -> Path:
    folder = tmp_path / "class"
    write(folder / "good.json", document("Good Student", {TEXT: record("fine")}))
    return folder


@pytest.mark.parametrize("name, content, reason", [
    ("broken.json", '{"kind": "newslit-answers", "answers": {', "not valid JSON"),
    ("latin1.json", b"\xff\xfe not utf-8", "not valid JSON"),
    ("deep.json", "[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ("foreign.json", {"name": "package", "version": "1.0"}, "not a newslit answer file"),
    ("list.json", [1, 2, 3], "not a newslit answer file"),
    ("empty.json", "", "it is empty"),
    ("newer.json", dict(document("Future", {}), schema_version=answers.SCHEMA_VERSION + 1), "newer version"),
    ("shape.json", dict(document("Odd", {}), answers={"q": "no record"}), "not in the expected shape"),
    ("noname.json", dict(document("x", {}), student=None), "names no student"),
])
def test_bad_files_are_skipped_with_their_reason(tmp_path, name, content, reason):
    folder = _class_with_one_good_file(tmp_path)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        write(path, content)
    cls = cr.load_class(folder)
    assert cls.answers[TEXT].tolist() == ["fine"]
    assert [(Path(s.path).name, reason in s.reason) for s in cls.skipped] == [(name, True)], cls.skipped


def test_an_oversized_file_is_skipped_without_being_read(tmp_path, monkeypatch):
    folder = _class_with_one_good_file(tmp_path)
    with open(folder / "huge.json", "wb") as handle:     # sparse: no disk space used
        handle.truncate(answers.MAX_FILE_BYTES + 1)
    cls = cr.load_class(folder)
    skipped = [(Path(s.path).name, "larger than any answer file" in s.reason) for s in cls.skipped]
    assert skipped == [("huge.json", True)]


def test_an_unreadable_file_is_skipped(tmp_path, monkeypatch):
    folder = _class_with_one_good_file(tmp_path)
    locked = write(folder / "locked.json", document("Locked", {TEXT: record("secret")}))
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):  # CI runs as root: simulate EACCES
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(cr.os, "open", refusing_open)
    cls = cr.load_class(folder)
    monkeypatch.undo()
    assert [(s.path, s.reason) for s in cls.skipped] == [(str(locked), "it cannot be read (permission denied)")]
    assert cls.answers[TEXT].tolist() == ["fine"]


def test_symlinks_are_skipped_and_nothing_outside_is_read(tmp_path, monkeypatch):
    folder = _class_with_one_good_file(tmp_path)
    outside = tmp_path / "outside"
    secret = write(outside / "secret.json", document("Outside Student", {TEXT: record("outside")}))
    os.symlink(secret, folder / "link.json")
    os.symlink(outside, folder / "linked-folder")
    opened, real_open = [], os.open
    monkeypatch.setattr(cr.os, "open", lambda path, *a, **k: opened.append(os.fspath(path)) or real_open(path, *a, **k))
    cls = cr.load_class(folder)
    monkeypatch.undo()
    assert sorted(Path(s.path).name for s in cls.skipped) == ["link.json", "linked-folder"]
    assert all("symbolic link" in s.reason for s in cls.skipped)
    assert cls.answers[TEXT].tolist() == ["fine"]
    assert opened and all(Path(p).resolve().is_relative_to(folder.resolve()) for p in opened)


def test_a_given_symlink_and_a_missing_path_are_skipped_too(tmp_path):
    folder = _class_with_one_good_file(tmp_path)
    os.symlink(folder, tmp_path / "alias")
    cls = cr.load_class([folder, tmp_path / "alias", tmp_path / "no-such-folder"])
    assert [s.reason for s in cls.skipped] == ["it is a symbolic link (not followed; give the real path)",
                                               "it does not exist"]
    assert len(cls.answers) == 1


def test_a_file_swapped_for_a_link_after_listing_is_not_followed(tmp_path):
    folder = _class_with_one_good_file(tmp_path)
    secret = write(tmp_path / "secret.json", document("Outside", {TEXT: record("outside")}))
    os.symlink(secret, folder / "swapped.json")
    with pytest.raises(ValueError, match="symbolic link"):
        cr.read_answer_file(str(folder / "swapped.json"))   # O_NOFOLLOW, not a check-then-open


def test_hidden_files_and_other_files_are_passed_over_quietly(tmp_path, no_hub):
    store = AnswerStore(tmp_path, "Anna")
    store.save(TEXT, "x")                                   # leaves the hidden .lock file
    write(tmp_path / ".anna.json.abc.tmp", "partial")
    write(tmp_path / "notes.txt", "teacher notes")
    cls = cr.load_class(tmp_path)
    assert cls.skipped == [] and cls.ignored == 1 and len(cls.answers) == 1


def test_the_reader_accepts_exactly_what_read_document_accepts(tmp_path):
    cases = {"good": document("Anna", {TEXT: record("x")}), "foreign": {"kind": "other"},
             "newer": dict(document("A", {}), schema_version=99), "old": dict(document("A", {}), schema_version=0),
             "shape": dict(document("A", {}), answers=[]), "broken": "{"}
    for name, content in cases.items():
        path = write(tmp_path / f"{name}.json", content)
        try:
            answers.read_document(path)
            expected = None
        except ValueError as error:
            expected = str(error)
        try:
            cr.read_answer_file(str(path))
            got = None
        except ValueError as error:
            got = str(error)
        assert got == expected, name


# ---------------------------------------------------------------- summaries

@pytest.fixture
def small_class(tmp_path):
    """Four students: known first attempts and final answers."""
    key, wrong = key_of(CHOICE), wrong_of(CHOICE)
    right_sort = {item["id"]: item["accept"][0] for item in questions.get(CLASSIFY).get("items")}
    wrong_sort = dict(right_sort, p1="opinion")
    rows = [
        ("Anna", {CHOICE: record(key), CHOICES: record(["A headline", "A list of contents"]),
                  CLASSIFY: record(right_sort), CHECKIN: record({"value": 0, "reason": "tired"}),
                  FORM: record({"when": "not said", "who": "Rob Bauer"}), TEXT: record("  ")}),
        ("Ben", {CHOICE: record(key, first=wrong, attempts=2), CHOICES: record(["A headline"]),
                 CLASSIFY: record(right_sort, first=wrong_sort, attempts=2),
                 CHECKIN: record({"value": 100, "reason": ""})}),
        ("Chen", {CHOICE: record(wrong), CLASSIFY: record(wrong_sort), TEXT: record("I saw it on the radio.")}),
        ("Dana", {CHOICE: record("an answer that is no option")}),
    ]
    for name, records in rows:
        write(tmp_path / f"{name}.json", document(name, records))
    return cr.load_class(tmp_path, names=True)


def test_distribution_counts_first_attempts_and_final_answers(small_class):
    table = cr.distribution(small_class, CHOICE).set_index("option")
    key, wrong = key_of(CHOICE), wrong_of(CHOICE)
    assert (table.loc[key, "first"], table.loc[key, "final"], table.loc[key, "right"]) == (1, 2, True)
    assert (table.loc[wrong, "first"], table.loc[wrong, "final"]) == (2, 1)
    assert (table.loc["(other)", "first"], table.loc["(other)", "final"]) == (1, 1)
    assert list(table["letter"]) == ["A", "B", "C", "D", "E"]


def test_share_right_at_first_attempt_and_finally(small_class):
    summary = cr.summary(small_class)
    assert summary.loc[CHOICE, "answered"] == 4
    assert summary.loc[CHOICE, "right first"] == 0.25 and summary.loc[CHOICE, "right final"] == 0.5
    assert summary.loc[CHOICES, "right final"] == 0.5
    assert summary.loc[CLASSIFY, "right first"] == pytest.approx(1 / 3, abs=1e-3)
    assert summary.loc[CLASSIFY, "right final"] == pytest.approx(2 / 3, abs=1e-3)
    assert pd.isna(summary.loc[TEXT, "right final"]) and bool(summary.loc[CHECKIN, "private"])


def test_classify_distribution_has_a_row_per_item_and_category(small_class):
    table = cr.distribution(small_class, CLASSIFY)
    q = questions.get(CLASSIFY)
    assert len(table) == len(q.get("items")) * len(q.get("categories"))
    item1_right = table[(table["item"] == 1) & table["right"]]
    assert item1_right[["first", "final"]].values.tolist() == [[1, 2]]


def test_scale_spread_and_disagreement(small_class):
    spread = cr.scale_spread(small_class)
    assert spread.loc[CHECKIN, "count"] == 2 and spread.loc[CHECKIN, "mean"] == 50
    assert cr.disagreement_of(small_class, questions.get(CHECKIN)) == 1.0   # one at each end
    assert pd.isna(cr.disagreement_of(small_class, questions.get(TEXT)))


def test_disagreement_is_zero_when_all_agree_and_one_when_evenly_split(tmp_path):
    options = questions.get(CHOICE).get("options")
    for n, option in enumerate(options * 2):
        write(tmp_path / "split" / f"s{n}.json", document(f"S{n}", {CHOICE: record(option)}))
        write(tmp_path / "same" / f"s{n}.json", document(f"S{n}", {CHOICE: record(options[0])}))
    assert cr.disagreement_of(cr.load_class(tmp_path / "split"), questions.get(CHOICE)) == 1.0
    assert cr.disagreement_of(cr.load_class(tmp_path / "same"), questions.get(CHOICE)) == 0.0


def test_discussion_starters_never_include_private_questions(small_class):
    top = cr.discussion_starters(small_class, count=10)
    assert CHECKIN not in set(top["question"]) and CHOICE in set(top["question"])
    assert top["disagreement"].is_monotonic_decreasing


def test_free_text_per_question(small_class):
    form = cr.free_text(small_class, FORM)
    assert form["part"].tolist() == ["Who said it (as printed)", "When they said it"]   # catalogue field order
    assert cr.free_text(small_class, TEXT)["text"].tolist() == ["I saw it on the radio."]  # blank left out
    assert cr.free_text(small_class, CHECKIN)["text"].tolist() == ["tired"]               # a scale's reason


# ---------------------------------------------------------------- before and after (monkeypatched catalogue)

def _with_measures(monkeypatch):
    real = dict(questions.catalogue())
    extra = [
        {"id": "t01", "notebook": "01", "kind": "scale", "label": "Trust before", "prompt": "How much?",
         "min": 0, "max": 100, "step": 5, "low": "none", "high": "full", "tags": {"measure": "trust-before"}},
        {"id": "t06", "notebook": "06", "kind": "scale", "label": "Trust after", "prompt": "How much now?",
         "min": 0, "max": 100, "step": 5, "low": "none", "high": "full", "tags": {"measure": "trust-after"}},
        {"id": "x01", "notebook": "01", "kind": "choice", "label": "Transfer before", "prompt": "Which?",
         "options": ["a", "b"], "key": "a", "certainty": "settled", "tags": {"measure": "transfer-before"}},
        {"id": "x06", "notebook": "06", "kind": "choice", "label": "Transfer after", "prompt": "Which now?",
         "options": ["a", "b"], "key": "a", "certainty": "settled", "tags": {"measure": "transfer-after"}},
    ]
    patched = {**{qid: q for qid, q in real.items()
                  if (q.get("tags") or {}).get("measure") is None}, **{e["id"]: questions._build(e) for e in extra}}
    monkeypatch.setattr(questions, "catalogue", lambda: patched)
    # a keyed pair compared answer by answer (no such pair ships now; the mechanism stays for one)
    monkeypatch.setitem(cr.MEASURES, "transfer", ("transfer-before", "transfer-after"))
    monkeypatch.setitem(cr.TITLES, "transfer", "Transfer item, before → after")


def test_trust_change_and_transfer_before_after(tmp_path, monkeypatch):
    _with_measures(monkeypatch)
    rows = [("A", 80, 40, "b", "a"), ("B", 60, 60, "a", "a"), ("C", 50, 70, "a", "b"), ("D", 90, None, "b", "a")]
    for name, before, after, x1, x6 in rows:  # transfer: first attempts count, not answers clicked on to
        records = {"t01": record({"value": before, "reason": ""}), "x01": record("a", first=x1, attempts=2),
                   "x06": record(x6)}
        if after is not None:
            records["t06"] = record({"value": after, "reason": ""})
        write(tmp_path / f"{name}.json", document(name, records))
    cls = cr.load_class(tmp_path)
    trust = cr.trust_change(cls)
    assert trust.table.iloc[0].to_dict() == {"before": pytest.approx(63.3), "after": pytest.approx(56.7),
                                             "mean change": pytest.approx(-6.7), "median change": 0.0,
                                             "went up": 1, "same": 1, "went down": 1, "students": 3}
    assert "3 students answered both t01 and t06" in trust.message
    assert "first attempt" in cr.compare(cls, "transfer").message
    moved = cr.compare(cls, "transfer").table.iloc[0]
    shares = (moved["right before"], moved["right after"], moved["wrong → right"], moved["right → wrong"])
    assert shares == (0.5, 0.75, 2, 1)
    assert len(cr.paired_values(cls, trust)) == 3


def test_measures_missing_from_the_catalogue_are_said_to_be_not_in_the_data(tmp_path, monkeypatch):
    real = dict(questions.catalogue())
    monkeypatch.setattr(questions, "catalogue", lambda: {qid: q for qid, q in real.items()
                                                         if (q.get("tags") or {}).get("measure") is None})
    write(tmp_path / "a.json", document("A", {TEXT: record("x")}))
    for change in (cr.trust_change(cr.load_class(tmp_path)),):
        assert change.table is None
        assert "not in the data" in change.message and "not in the data" in repr(change)
        assert "No catalogue question is tagged" in change.detail


# ---------------------------------------------------------------- the sample class and the rules

def test_sample_class_is_deterministic_realistic_and_labelled(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    sampleclass.generate(one, 12, seed=3)
    sampleclass.generate(two, 12, seed=3)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    assert "invented" in (one / "README.md").read_text(encoding="utf-8").lower()
    cls = cr.load_class(one, names=True)
    assert len(cls.answers) == 12 and cls.sample and cls.skipped == []
    assert (cls.students["files"] == 2).sum() == 2                          # store file + hand-in
    assert all(name.startswith("Sample Student") for name in cls.students["name"])
    assert (cls.attempts.fillna(1) > 1).any().any() and cls.answers.isna().any().any()
    assert ((cls.first != cls.answers) & cls.answers.notna()).any().any()
    sampleclass.generate(two, 12, seed=4, force=True)
    other = sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file() and p.suffix == ".json")
    assert [(one / f).read_bytes() for f in files if f.suffix == ".json"] != [(two / f).read_bytes() for f in other]


def test_the_shipped_sample_class_is_invented_and_clean():
    folder = cr.sample_class_folder()
    cls = cr.load_class(folder)
    assert len(cls.answers) >= 30 and cls.sample and cls.skipped == []
    assert (cls.students["files"] > 1).sum() >= 2
    assert "invented" in (folder / "README.md").read_text(encoding="utf-8").lower()


def test_classroom_never_imports_widgets_and_answers_never_imports_pandas():
    code = ("import sys, newslit.answers.store; assert 'pandas' not in sys.modules; "
            "import newslit.classroom.load, newslit.classroom.report; "
            "assert not {'ipywidgets', 'newslit.notebook.widgets'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# ---------------------------------------------------------------- notebooks 07a/07b: grouped by article

LANE, PASTED = "87f7d7c16770", "0123456789ab"


def own_article_file(tmp_path, student, key, title, trust, verdict):
    from newslit.answers.keyed import ARTICLE_RECORD, keyed_id

    records = {keyed_id(ARTICLE_RECORD, key): record({"title": title, "origin": "practice", "file": "", "words": 300}),
               keyed_id("n07-trust-first", key): record({"value": trust, "reason": "no author"}),
               keyed_id("n07-verdict", key): record({"claim": verdict, "evidence": "e", "not_found": "n",
                                                     "reasoning": "r"})}
    return write(tmp_path / f"{student}.json", document(student, records))


def test_own_article_answers_are_summarised_article_by_article(tmp_path):
    hostile = "<script>alert(1)</script> Pasted"
    own_article_file(tmp_path, "Ana", LANE, "Town backs lane", 40, "Partly trustworthy")
    own_article_file(tmp_path, "Ben", LANE, "Town backs lane", 60, "Mostly trustworthy")
    own_article_file(tmp_path, "Cy", PASTED, hostile, 20, "Not sure")
    cls = cr.load_class(tmp_path)
    assert [(a.title, a.students) for a in cls.articles.values()] == [(hostile, 1), ("Town backs lane", 2)]
    ids = cls.question_ids()
    assert ids == [f"n07-trust-first.{PASTED}", f"n07-verdict.{PASTED}", f"n07-trust-first.{LANE}",
                   f"n07-verdict.{LANE}"], "article by article, in catalogue order within one"
    assert cls.notes == [], "keyed answers and article records are not 'unknown questions'"
    table = cr.summary(cls)
    assert table.loc[f"n07-trust-first.{LANE}", "answered"] == 2
    assert sorted(cr.scale_values(cls, f"n07-trust-first.{LANE}").dropna().tolist()) == [40.0, 60.0]
    assert sorted(cr.free_text(cls, f"n07-verdict.{LANE}").query("part == 'Claim: my answer in one sentence'")
                  ["text"]) == ["Mostly trustworthy", "Partly trustworthy"]
    assert cls.question(f"n07-verdict.{LANE}").label == questions.get("n07-verdict").label


def test_the_report_puts_each_articles_questions_under_its_title(tmp_path):
    import re

    from newslit.classroom import report

    hostile = "<b>Pasted</b> story"
    own_article_file(tmp_path, "Ana", LANE, "Town backs lane", 40, "Partly trustworthy")
    own_article_file(tmp_path, "Cy", PASTED, hostile, 20, "Not sure")
    cls = cr.load_class(tmp_path)
    page = report.build(cls)
    headings = re.findall(r"<h3 class='article'>(.*?)</h3>", page)
    assert len(headings) == 2 and "&lt;b&gt;Pasted&lt;/b&gt; story" in headings[0] and "<b>Pasted" not in page
    lane = page.index(headings[1])
    assert page.index(f"id='q-n07-verdict.{LANE}'") > lane > page.index(f"id='q-n07-verdict.{PASTED}'")
    columns = [heading for heading, _ in report.csv_columns(cls)]
    assert any(c.startswith(f"n07-verdict.{LANE}") for c in columns)


def test_the_sample_class_checked_the_practice_articles():
    from newslit.source import articles

    cls = cr.load_class(cr.sample_class_folder())
    titles = {a.title for a in cls.articles.values()}
    practice = {o.title for o in articles.available()[0] if o.practice}
    assert titles == practice and all(a.students >= 3 for a in cls.articles.values())
    assert sum(split.startswith("n07-sort.") for split in cls.question_ids()) == len(titles)


# ---------------------------------------------------------------- the roster: one row per student

def test_the_roster_counts_each_students_work_and_names_low_check_ins(small_class):
    table = cr.roster(small_class)
    anna, ben, chen, dana = (table.loc[name] for name in ("Anna", "Ben", "Chen", "Dana"))
    assert (anna["notebooks"], anna["answered"]) == (1, 6) and dana["answered"] == 1
    assert anna["right first"] == 1.0 and ben["right first"] == 0.0, "first attempts, keyed questions only"
    assert chen["under word target"] == 1 and dana["under word target"] == 0  # a 5-word text; none written
    assert anna["low check-ins"] == f"{questions.get(CHECKIN).label}: 0" and ben["low check-ins"] == ""
    assert anna["notes to you"] == f"{questions.get(CHECKIN).label}: tired" and ben["notes to you"] == ""


def test_a_low_rating_is_named_only_where_the_catalogue_asks(tmp_path):
    belief = "n04c-checkin"  # a private rating of how sure one is, not of how one feels
    assert not (questions.get(belief).get("tags") or {}).get("flag_low")
    write(tmp_path / "a.json", document("A", {belief: record({"value": 0, "reason": "<b>ask me</b>"}),
                                               CHECKIN: record({"value": 30, "reason": ""})}))
    cls = cr.load_class(tmp_path)
    row = cr.roster(cls).iloc[0]
    assert row["low check-ins"] == "" and row["notes to you"].endswith("<b>ask me</b>")
    from newslit.classroom import report

    page = report.build(cls)
    assert "&lt;b&gt;ask me&lt;/b&gt;" in page and "<b>ask me" not in page
    students = page[page.index("id='students'"):]
    assert students[:students.index("</section>")].count("<tr") == 2, "a header row and one student"
