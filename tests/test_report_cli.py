"""``python -m newslit report``: exit codes, escaping, anonymity, the projector view, the CSV."""
import csv
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newslit import __main__ as cli
from newslit.answers import store as answers
from newslit.classroom import load as cr
from newslit.classroom import report
from newslit.questions import entries as questions
from newslit.source import privacy

ROOT = Path(__file__).resolve().parent.parent
TEXT, CHECKIN, CHOICE = "n00-practice-text", "n00-checkin", "n00-practice-choice"
HOSTILE_NAME = '"><img src=x onerror=alert(1)> Zebulon'
HOSTILE_TEXTS = ["<script>alert('x')</script>", '"><img src=x onerror=alert(2)>', "abc\u202edcba \u200f ok"]


def document(student, records, login=None):
    stamp = "2025-03-03T09:00:00.000Z"
    return {"kind": answers.FILE_KIND, "schema_version": answers.SCHEMA_VERSION, "student": student,
            "login": login, "class": "9B", "created": stamp, "updated": stamp,
            "answers": {qid: {"value": v, "saved": stamp, "first": v, "first_saved": stamp, "attempts": 1}
                        for qid, v in records.items()}}


def write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def hostile_class(tmp_path):
    folder = tmp_path / "class"
    write(folder / "zebulon.json", document(HOSTILE_NAME, {TEXT: HOSTILE_TEXTS[0], CHOICE: HOSTILE_TEXTS[1],
                                                           CHECKIN: {"value": 10, "reason": "PRIVATE-REASON"}},
                                            login="zquark42"))
    write(folder / "ophelia-marchbanks.json", document("Ophelia Marchbanks", {TEXT: HOSTILE_TEXTS[2],
                                                       CHECKIN: {"value": 90, "reason": "also private"}}))
    return folder


def run(*args) -> int:
    return cli.main([str(a) for a in args])


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- exit codes

def test_exit_0_when_every_file_is_read_and_3_when_some_were_skipped(hostile_class, tmp_path):
    out = tmp_path / "report.html"
    assert run("report", hostile_class, "--out", out) == 0 and out.exists()
    (hostile_class / "broken.json").write_text("{", encoding="utf-8")
    out.unlink()
    assert run("report", hostile_class, "--out", out) == 3
    assert "Files skipped (1)" in read(out) and "not valid JSON" in read(out)   # still written


@pytest.mark.parametrize("args", [[], ["report"], ["report", "x"], ["report", "--out", "r.html"], ["nonsense"],
                                  ["report", "x", "--out", "r.html", "--max-texts", "many"]])
def test_exit_2_for_usage_errors(args, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(args)
    assert stopped.value.code == 2


def test_an_empty_class_and_a_class_of_only_bad_files_still_get_a_report(tmp_path):
    empty, bad = tmp_path / "empty", tmp_path / "bad"
    empty.mkdir()
    write(bad / "only.json", {"kind": "something else"})
    assert run("report", empty, "--out", tmp_path / "a.html", "--csv", tmp_path / "a.csv") == 0
    assert run("report", bad, "--out", tmp_path / "b.html") == 3
    assert "<strong>0</strong> students" in read(tmp_path / "a.html")
    assert "Files skipped (1)" in read(tmp_path / "b.html")


def test_exit_2_when_out_is_a_folder(hostile_class, tmp_path):
    assert run("report", hostile_class, "--out", tmp_path) == 2


def test_the_command_runs_as_a_module(hostile_class, tmp_path):
    done = subprocess.run([sys.executable, "-m", "newslit", "report", str(hostile_class), str(tmp_path / "missing"),
                           "--out", str(tmp_path / "r.html")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert "2 student(s)" in done.stdout and "missing: it does not exist" in done.stderr


# ---------------------------------------------------------------- escaping and the page's safety

def test_every_student_string_is_escaped_and_isolated(hostile_class, tmp_path):
    out = tmp_path / "r.html"
    run("report", hostile_class, "--out", out, "--names")
    page = read(out)
    assert "<script" not in page.lower() and "<img src=x" not in page
    # Escaped by the template engine (MarkupSafe spells quotes &#39; and &#34;).
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt; Zebulon" in page    # the name, with --names
    assert "<bdi>abc\u202edcba \u200f ok</bdi>" in page                     # direction marks isolated
    tags = {t for t in re.findall(r"<\s*([a-zA-Z0-9]+)", page)}
    assert tags <= {"html", "head", "meta", "title", "style", "body", "input", "nav", "label", "a", "main", "h1",
                    "h2", "h3", "h4", "h5", "p", "strong", "em", "code", "ul", "li", "section", "article", "span",
                    "div", "bdi", "figure", "img", "figcaption", "table", "thead", "tbody", "tr", "th", "td"}


def test_the_page_is_self_contained_with_a_strict_policy(hostile_class, tmp_path):
    out = tmp_path / "r.html"
    run("report", hostile_class, "--out", out)
    page = read(out)
    policy = re.search(r"http-equiv='Content-Security-Policy' content=\"([^\"]+)\"", page).group(1)
    assert "default-src 'none'" in policy and "script-src 'none'" in policy and "img-src data:" in policy
    assert not re.search(r"""(src|href)=['"]?(https?:|//)""", page)
    assert "@import" not in page and "url(" not in page
    images = re.findall(r"<img ([^>]*)>", page)
    assert images and all("src='data:image/png;base64," in i and re.search(r"alt='[^']{20,}'", i) for i in images)


# ---------------------------------------------------------------- anonymity

def test_without_names_no_name_or_login_appears_anywhere(hostile_class, tmp_path):
    (hostile_class / "zebulon-quark.broken-2025.json").write_text("{", encoding="utf-8")  # a name in a file name
    out, table = tmp_path / "r.html", tmp_path / "answers.csv"
    assert run("report", hostile_class, "--out", out, "--csv", table) == 3
    for text in (read(out), read(table)):
        lowered = text.lower()
        for secret in ("zebulon", "zquark42", "ophelia", "marchbanks"):
            assert secret not in lowered
    assert "Student 01" in read(out) and "Student 02" in read(table)


def test_with_names_the_names_are_shown(hostile_class, tmp_path):
    out, table = tmp_path / "r.html", tmp_path / "answers.csv"
    run("report", hostile_class, "--out", out, "--csv", table, "--names")
    assert "Ophelia Marchbanks" in read(out) and "Ophelia Marchbanks" in read(table)
    assert "zquark42" in read(table)


# ---------------------------------------------------------------- the projector view

class _Visibility(HTMLParser):
    """Collects text with the classes of every element around it."""

    VOID = {"meta", "input", "img", "br", "hr", "link"}

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.inputs = [], [], []

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "input":
            self.inputs.append(set().union(*self.stack, classes))
        if tag not in self.VOID:
            self.stack.append(classes)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip():
            self.texts.append((data, set().union(*self.stack)))


def _hidden_on_projector(classes: set) -> bool:
    return bool(classes & {"teacher-only", "who", "answer"})


def test_private_questions_never_reach_the_projector_view(hostile_class, tmp_path):
    out = tmp_path / "r.html"
    run("report", hostile_class, "--out", out, "--names")
    page = read(out)
    parser = _Visibility()
    parser.feed(page)
    checkin = questions.get(CHECKIN)
    private_bits = ["PRIVATE-REASON", "also private", checkin.prompt, checkin.label]
    for data, classes in parser.texts:
        if any(bit in data for bit in private_bits):
            assert "teacher-only" in classes, data
        if "Zebulon" in data or "Ophelia" in data:
            assert _hidden_on_projector(classes), data          # no names (or pseudonyms) on the projector
    assert any("PRIVATE-REASON" in d for d, _ in parser.texts)   # shown to the teacher
    # The CSS hides those classes in projector view, and only ticked answers come back.
    assert "#projector:checked~main .teacher-only" in page and "#projector:checked~main .who" in page
    assert "#projector:checked~main li.answer{display:none}" in page
    assert "li.answer:has(input:checked){display:list-item}" in page
    picks = [c for c in parser.inputs if "pick" in c]
    assert len(picks) == 2 and not any("private" in c for c in picks)  # two public answers, no private one


# ---------------------------------------------------------------- CSV

def test_csv_has_every_answer_in_readable_columns_with_formulas_defused(tmp_path):
    folder = tmp_path / "class"
    write(folder / "a.json", document("Anna", {TEXT: "=HYPERLINK(\"http://x\")", CHOICE: "B",
                                               "n00-practice-choices": ["A headline", "A list of contents"],
                                               "n00-practice-form": {"who": "Rob Bauer", "when": "+1 day"}}))
    write(folder / "b.json", document("Ben", {CHECKIN: {"value": 40, "reason": "ok"},
                                              "n00-practice-form": "not a form"}))
    table = tmp_path / "out" / "answers.csv"
    assert run("report", folder, "--out", tmp_path / "r.html", "--csv", table) == 0
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert len(rows) == 2
    assert list(rows[0])[:4] == ["student", "class", CHECKIN, f"{CHECKIN}: reason"]
    by_text = {r[TEXT]: r for r in rows}
    anna, ben = by_text["'=HYPERLINK(\"http://x\")"], by_text[""]
    assert (ben[CHECKIN], ben[f"{CHECKIN}: reason"]) == ("40", "ok")
    assert anna["n00-practice-choices"] == "A headline; A list of contents"
    assert (anna["n00-practice-form: who"], anna["n00-practice-form: when"]) == ("Rob Bauer", "'+1 day")
    assert ben["n00-practice-form: other"] == "not a form" and anna["n00-practice-form: other"] == ""
    assert (table.stat().st_mode & 0o777) == 0o600


# ---------------------------------------------------------------- the sample report

def test_the_sample_report_is_complete_and_passes_the_deny_list(tmp_path, monkeypatch):
    """The deny-list reads the page's words: charts are stubbed here (every other test draws them)."""
    monkeypatch.setattr(report.charts, "_spare_cores", lambda: 0)
    monkeypatch.setattr(report.charts, "_render", lambda spec: ("data:,", "a chart"))
    out = tmp_path / "sample.html"
    assert run("report", cr.sample_class_folder(), "--out", out) == 0
    page = read(out)
    for part in ("Invented class", "Totals", "Discussion starters", "Before and after", "Files skipped",
                 "None: every answer file was read", "Student 30", "Notebook 06"):
        assert part in page
    assert privacy.problems(page, "students") == []


def test_charts_drawn_by_worker_processes_are_the_same_as_drawn_here():
    from newslit.classroom import report_charts as charts

    values = __import__("pandas").Series([10.0, 50.0, 55.0, 90.0])
    specs = [(charts.draw_scale, values, f"Rating {n}", "low", "high", (0, 100)) for n in range(3)]
    assert charts.render_all(specs, workers=2) == charts.render_all(specs, workers=0)


def test_sample_class_command_refuses_to_mix_into_a_full_folder(tmp_path):
    assert run("sample-class", tmp_path / "s", "--students", "3", "--seed", "1") == 0
    assert run("sample-class", tmp_path / "s", "--students", "3") == 2
    assert run("sample-class", tmp_path / "s", "--students", "4", "--force") == 0
    assert len(list((tmp_path / "s").glob("*.json"))) == 4
