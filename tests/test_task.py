"""The before-and-after task: two comparable posts, counterbalanced by name, scored blind, compared by criterion."""
import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newslit.answers import store as answers
from newslit.answers.store import AnswerStore
from newslit.classroom import load as cr
from newslit.classroom import report, scoring
from newslit.notebook import task as task_view
from newslit.notebook.widgets import question
from newslit.questions import entries
from newslit.questions.kinds import get_kind
from newslit.source import tasks

ROOT = Path(__file__).resolve().parent.parent
BEFORE, AFTER = "n01-task", "n07-task"
HOSTILE = "=HYPERLINK(\"x\")<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_two_comparable_invented_posts_each_with_pages_and_findings():
    posts = tasks.posts()
    assert len(posts) == 2 and len({p.id for p in posts}) == 2
    for post in posts:
        source = (ROOT / "newslit" / "content" / "tasks" / f"{post.id}.md").read_text(encoding="utf-8")
        assert source.startswith("INVENTED FOR PRACTICE")
        assert post.account and post.date and 20 <= len(post.text.split()) <= 60
        assert len(post.pages) == len(posts[0].pages) >= 4  # the same shape
        assert len(post.findings) == len(posts[0].findings)
    assert [c.field for c in tasks.criteria()] == [f["id"] for f in entries.get(BEFORE).get("fields")]
    assert entries.get(BEFORE).get("fields") == entries.get(AFTER).get("fields")


def test_half_the_names_get_each_post_first_and_a_name_always_gets_the_same():
    firsts = [tasks.first_post(f"Student {n}") for n in range(2000)]
    share = firsts.count(tasks.post_ids()[0]) / len(firsts)
    assert 0.45 < share < 0.55
    assert tasks.first_post("Ana Lima") == tasks.first_post("  ana   LIMA ")


def test_the_second_task_takes_the_post_the_first_did_not_use():
    name = "Ana Lima"
    first = tasks.first_post(name)
    other = tasks.other_post(first)
    assert tasks.assigned_post(tasks.BEFORE, name, {}) == first
    assert tasks.assigned_post(tasks.AFTER, name, {}) == other
    # the first answer decides, whatever the name typed later
    assert tasks.assigned_post(tasks.AFTER, "someone else", {tasks.BEFORE: {"post": other}}) == first
    # an answer already saved keeps its post; a malformed one is ignored
    assert tasks.assigned_post(tasks.BEFORE, name, {tasks.BEFORE: {"post": other}}) == other
    assert tasks.assigned_post(tasks.BEFORE, name, {tasks.BEFORE: {"post": "nope"}}) == first
    assert tasks.assigned_post(tasks.AFTER, name, {tasks.BEFORE: "not a dict"}) == other


def test_the_task_is_not_saved_per_article_and_needs_its_post_to_count():
    q = entries.get(AFTER)
    kind = get_kind(q.kind)
    assert q.notebook == "07a" and not q.per_article and entries.get("n07-verdict").per_article
    fields = {f["id"]: "The page about them says a company runs it, so I would not share it" for f in q.get("fields")}
    assert kind.complete(q, {"post": "phones", **fields})
    assert not kind.complete(q, fields) and not kind.complete(q, {"post": "elsewhere", **fields})
    parts = kind.written_parts(q, {"post": "phones", **fields})
    assert parts[0] == ("The post checked", tasks.post("phones").title)
    columns = dict(kind.csv_columns(q, AFTER, [{"post": "phones", **fields}, None]))
    assert columns[f"{AFTER}: post"] == ["phones", None]


def _view(tmp_path, name, qid):
    return question(qid, AnswerStore(tmp_path, name))


def test_the_view_shows_the_assigned_post_searches_its_pages_and_saves_the_post(tmp_path):
    name = "Ana Lima"
    view = _view(tmp_path, name, BEFORE)
    first = tasks.post(tasks.first_post(name))
    assert view.post == first and first.account in view.post_card.value
    assert view.results.value == ""  # no page is shown before a search
    view.query.value = first.pages[-1].outlet.split()[0]
    assert "found for" in view.results.value and re.sub(r"<[^>]+>", "", view.results.value)
    view.query.value = HOSTILE
    assert "<script>" not in view.results.value and "&lt;script&gt;" in view.results.value
    for box in view.fields:
        box.value = "It is run by a company that sells pouches, and the council has not decided anything."
    view.store.flush()
    saved = AnswerStore(tmp_path, name).load(BEFORE)
    assert saved["post"] == first.id
    after = _view(tmp_path, name, AFTER)  # notebook 07a: the other post
    assert after.post.id == tasks.other_post(first.id)
    again = _view(tmp_path, name, BEFORE)  # reopened: the saved answer and its post
    assert again.post == first and again.fields[0].value.startswith("It is run")


def test_what_a_check_finds_is_bound_to_the_second_task_and_kept_out_of_the_stored_notebooks():
    for name in ("01-first-read", "07a-your-article-read-and-sort"):
        nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        stored = json.dumps([c.get("outputs", []) for c in nb["cells"]])
        for post in tasks.posts():
            assert not any(line[:60] in stored for line in post.findings), name
            assert post.text[:40] not in stored  # the post arrives live, for the student's own post
    sources = [''.join(c["source"]) for c in json.loads(
        (ROOT / "notebooks" / "07a-your-article-read-and-sort.ipynb").read_text(encoding="utf-8"))["cells"]]
    assert 'nl.after("n07-task", nl.task_findings)' in "\n".join(sources)
    assert "task_findings" not in (ROOT / "notebooks" / "01-first-read.ipynb").read_text(encoding="utf-8")
    assert all(line in task_view.task_findings().plain() for p in tasks.posts() for line in p.findings)


# ---------------------------------------------------------------- scoring

def _record(value):
    return {"value": value, "saved": "2025-03-03T09:00:00.000Z", "first": value,
            "first_saved": "2025-03-03T09:00:00.000Z", "attempts": 1}


def _answer(post, text):
    return {"post": post, **{f["id"]: text for f in entries.get(BEFORE).get("fields")}}


def _class(folder: Path, people: dict) -> Path:
    """people: name -> (first post or None, second post or None, text)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (first, second, text) in people.items():
        records = {}
        if first:
            records[BEFORE] = _record(_answer(first, f"{text} x1"))
        if second:
            records[AFTER] = _record(_answer(second, f"{text} x2"))
        doc = {"kind": answers.FILE_KIND, "schema_version": answers.SCHEMA_VERSION, "student": name, "login": None,
               "class": "9B", "created": "2025-03-03T08:00:00.000Z", "updated": "2025-03-03T09:00:00.000Z",
               "answers": records}
        (folder / f"{name.replace(' ', '-')}.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


PEOPLE = {"Ana Lima": ("phones", "focus-shot", "answer a"), "Ben Oduya": ("focus-shot", "phones", HOSTILE),
          "Cai Wen": ("phones", "focus-shot", "answer c"), "Dee Park": ("phones", None, "answer d")}


def _rows(folder):
    with open(folder / scoring.SHEET, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _score(folder, levels_by_text):
    """Fill the sheet: each row's levels from a function of what was written."""
    rows = _rows(folder)
    field = entries.get(BEFORE).get("fields")[0]["label"]
    for row in rows:
        for criterion, level in zip(tasks.criteria(), levels_by_text(row[field])):
            row[scoring.criterion_column(criterion)] = level
    with open(folder / scoring.SHEET, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_the_sheet_is_blind_every_answer_once_under_a_random_code(tmp_path):
    cls = cr.load_class(_class(tmp_path / "class", PEOPLE))
    result = scoring.write_sheet(cls, tmp_path / "scoring")
    assert (result.added, result.kept) == (7, 0)
    rows = _rows(tmp_path / "scoring")
    codes = [r["code"] for r in rows]
    assert len(set(codes)) == 7 and all(re.fullmatch(r"[A-Z]{2}-\d{3}", c) for c in codes)
    sheet = (tmp_path / "scoring" / scoring.SHEET).read_text(encoding="utf-8-sig")
    page = (tmp_path / "scoring" / scoring.PAGE).read_text(encoding="utf-8")
    for told in ("Ana", "Lima", "Ben", "Oduya", "n01", "n07", "07a", "task-before", "task-after", "9B"):
        assert told not in sheet and told not in page, told
    assert "before" not in sheet and "after" not in sheet  # (the page quotes the posts, which say "before")
    assert "'=HYPERLINK" in sheet  # a formula a student typed is defused for spreadsheets
    assert "<script>" not in page and "&lt;script&gt;" in page and "onerror=" not in page.replace("onerror=alert", "")
    codes_file = scoring.read_codes(tmp_path / "scoring")
    assert set(codes_file) == set(codes)
    assert {q for _ref, q in codes_file.values()} == {BEFORE, AFTER}
    assert not any("Lima" in ref or "Ana" in ref for ref, _q in codes_file.values())


def test_a_second_run_keeps_codes_and_scores_and_adds_the_new_answers(tmp_path):
    folder = _class(tmp_path / "class", PEOPLE)
    scoring.write_sheet(cr.load_class(folder), tmp_path / "scoring")
    _score(tmp_path / "scoring", lambda text: ("2", "Developing", "3"))
    before_rows = _rows(tmp_path / "scoring")
    _class(folder, {"Dee Park": ("phones", "focus-shot", "answer d")})  # Dee does the second half later
    result = scoring.write_sheet(cr.load_class(folder), tmp_path / "scoring")
    assert (result.added, result.kept) == (1, 7)
    rows = _rows(tmp_path / "scoring")
    assert rows[:7] == before_rows and rows[7][scoring.criterion_column(tasks.criteria()[0])] == ""


def test_scores_are_read_back_and_compared_criterion_by_criterion(tmp_path):
    folder = _class(tmp_path / "class", PEOPLE)
    cls = cr.load_class(folder)
    scoring.write_sheet(cls, tmp_path / "scoring")

    def levels(text):
        if text.startswith("answer c "):
            return ("", "", "")  # not scored yet
        if text.startswith("answer d "):
            return ("5", "x", "4")  # two bad cells
        return ("1", "2", "Proficient") if text.endswith("x1") else ("3", "2", "2")

    _score(tmp_path / "scoring", levels)
    scores = scoring.read_scores(tmp_path / "scoring")
    assert scores.unscored == 2 and len(scores.problems) == 2
    assert all("row" in p and "1 to 4" in p for p in scores.problems)
    change = scoring.task_change(cls, scores)
    table = change.table
    sources = table.loc["Investigating sources"]
    # Ana and Ben have both halves scored: 1 -> 3 each
    assert (sources["before (mean level)"], sources["after (mean level)"], sources["change"]) == (1, 3, 2)
    assert sources["students"] == 2 and sources["higher"] == 2
    judging = table.loc["Judging with evidence"]
    assert (judging["before (mean level)"], judging["after (mean level)"], judging["lower"]) == (3, 2, 2)
    assert change.orders == {tasks.post("phones").title: 3, tasks.post("focus-shot").title: 1}
    assert set(change.by_post.index) == {p.title for p in tasks.posts()}


def test_the_report_shows_the_change_or_says_how_to_score(tmp_path):
    folder = _class(tmp_path / "class", PEOPLE)
    out = tmp_path / "report.html"
    done = subprocess.run([sys.executable, "-m", "newslit", "report", str(folder), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Not scored yet" in out.read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "newslit", "scoring-sheet", str(folder), "--out",
                           str(tmp_path / "scoring")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "7 new answer(s)" in done.stdout
    _score(tmp_path / "scoring", lambda text: ("1", "1", "1") if text.endswith("x1") else ("3", "3", "2"))
    done = subprocess.run([sys.executable, "-m", "newslit", "report", str(folder), "--out", str(out), "--scores",
                           str(tmp_path / "scoring")], capture_output=True, text=True, cwd=ROOT)
    page = out.read_text(encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert "scored blind" in page and "Tracing claims and numbers" in page and "mean level" in page
    assert "<script>" not in page
    missing = subprocess.run([sys.executable, "-m", "newslit", "report", str(folder), "--out", str(out), "--scores",
                              str(tmp_path / "nowhere")], capture_output=True, text=True, cwd=ROOT)
    assert missing.returncode == report.EXIT_USAGE and "scoring-sheet" in missing.stderr


def test_a_sheet_saved_again_by_a_spreadsheet_with_semicolons_is_read(tmp_path):
    folder = _class(tmp_path / "class", PEOPLE)
    scoring.write_sheet(cr.load_class(folder), tmp_path / "scoring")
    rows = _rows(tmp_path / "scoring")
    for row in rows:
        for criterion in tasks.criteria():
            row[scoring.criterion_column(criterion)] = "2"
    with open(tmp_path / "scoring" / scoring.SHEET, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    scores = scoring.read_scores(tmp_path / "scoring")
    assert scores.problems == [] and len(scores.table) == 7


@pytest.mark.parametrize("cell, level", [("1", 1), (" 4 ", 4), ("advanced", 4), ("Beginning", 1), ("3.0", 3),
                                         ("", None)])
def test_a_level_is_a_number_or_a_level_name(cell, level):
    assert scoring.level(cell) == level


@pytest.mark.parametrize("cell", ["0", "5", "2.5", "good", "=1+1"])
def test_anything_else_is_refused(cell):
    with pytest.raises(ValueError):
        scoring.level(cell)
