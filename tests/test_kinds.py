"""newslit.questions.kinds: each kind in one place, found through one registry.

A toy kind ("yesno"), registered here and only here, with one toy catalogue entry, goes through
everything a kind takes part in: catalogue validation, its widget (drawn, answered, saved, reloaded),
the static renderings, the class report (HTML and CSV), a handout, the lesson plan's key and the
sample class. Then: no module outside the kinds package compares ``q.kind`` to a kind's name, and
the package imports neither ipywidgets nor pandas.
"""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import ipywidgets
import pytest

import maintain.lessonplans as lessonplans
import newslit.classroom.load as cr
import newslit.classroom.report as report
import newslit.questions.entries as entries
import newslit.questions.kinds as kinds
from newslit.answers.store import AnswerStore
from newslit.classroom import sampleclass
from newslit.notebook import widgets
from newslit.questions.kinds import Kind, esc, normalised
from newslit.teacher import handouts

ROOT = Path(__file__).resolve().parent.parent
BUILT_IN = tuple(kinds.REGISTRY)  # the kinds there are before any test registers one
TOY_ID = "n01-toy-yesno"
TOY = {"id": TOY_ID, "notebook": "01", "passage": "P2", "kind": "yesno", "label": "Toy: who filmed it",
       "prompt": "Does P2 say who filmed the clips?", "key": "no", "certainty": "settled",
       "why": "P2 says the clips were released, not who filmed them."}


# ---------------------------------------------------------------- the toy kind: a module's worth of code

class YesNoView(widgets.QuestionView):
    """The toy's widget (in a real kind: a class in newslit/notebook/widgets.py, named by its path)."""

    def build(self):
        self.radio = ipywidgets.RadioButtons(options=["yes", "no"], value=None, description="")
        self.radio.observe(self.changed, "value")
        return [self.radio]

    def value(self):
        return self.radio.value

    def show(self, value):
        self.radio.value = value

    def feedback_html(self, value):
        return "Right." if value == self.q.get("key") else "Not quite."


class YesNo(Kind):
    name = "yesno"
    fields = ("key", "why")
    view = YesNoView
    data = "tally"
    report_table = "distribution"

    def check(self, entry):
        return [] if entry.get("key") in ("yes", "no") else ["a yes-or-no key is 'yes' or 'no'"]

    def example_answer(self, q, variant=0):
        return ("yes", "no")[variant % 2]

    def text_parts(self, q):
        return ["( ) yes   ( ) no"]

    def static_html(self, q):
        return "<p>&#9675; yes &nbsp; &#9675; no</p>"

    def inputs(self, q):
        return [("radio", "yes"), ("radio", "no")]

    def handout_html(self, q):
        return "<p class='how'>Circle one: yes / no.</p>"

    def key_lines(self, q, md, cell):
        return [f"**Key** ({q.certainty}): {md(q.get('key'))}. {md(q.get('why'))}", ""]

    def judge(self, q):
        key = q.get("key")
        return lambda value: value == key

    def tally(self, q, first, final):
        counts = {"first": Counter(first), "final": Counter(final)}
        options = ["yes", "no"]
        return {"letter": ["A", "B"], "option": options, "first": [counts["first"][o] for o in options],
                "final": [counts["final"][o] for o in options], "right": [o == q.get("key") for o in options]}

    def disagreement(self, q, data, answered):
        return normalised(data["final"], 2)

    def chart(self, q):
        return "distribution", q.label


@pytest.fixture
def toy(monkeypatch):
    """The toy kind registered and its entry added to the catalogue; both gone afterwards."""
    kinds.register(YesNo())
    real = entries._raw_catalogue()
    monkeypatch.setattr(entries, "_raw_catalogue", lambda: (*real, TOY))
    entries.catalogue.cache_clear()
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    try:
        yield entries.get(TOY_ID)
    finally:
        kinds.REGISTRY.pop("yesno", None)
        monkeypatch.undo()
        entries.catalogue.cache_clear()
    assert "yesno" not in kinds.REGISTRY and TOY_ID not in entries.catalogue()


# ---------------------------------------------------------------- the toy flows through everything

def test_the_registry_holds_the_built_in_kinds_in_catalogue_order():
    assert BUILT_IN == ("text", "choice", "choices", "scale", "classify", "form", "task", "warmup")
    assert set(entries.KINDS) == set(BUILT_IN) and set(widgets.VIEWS) == set(BUILT_IN)
    assert all(kinds.get_kind(name).name == name for name in BUILT_IN)
    assert widgets.VIEWS["choice"] is widgets.ChoiceView  # named by its path, imported when drawn
    assert all(issubclass(view, widgets.QuestionView) for view in widgets.VIEWS.values())


def test_a_kind_is_registered_once_and_an_unknown_kind_says_which_there_are():
    with pytest.raises(ValueError, match="registered already"):
        kinds.register(type(kinds.get_kind("text"))())
    with pytest.raises(kinds.UnknownKind, match="the kinds are text, choice"):
        kinds.get_kind("poll")
    with pytest.raises(KeyError):  # an UnknownKind is a KeyError too
        kinds.get_kind("poll")


def test_catalogue_validation_uses_the_kind(toy, monkeypatch):
    assert entries.validate() == []
    assert "yesno" in entries.KINDS and toy.has_key
    assert entries.example_answer(toy, 1) == "no"
    monkeypatch.setattr(entries, "_raw_catalogue", lambda: ({**TOY, "key": "maybe"},))
    assert entries.validate() == [f"question {TOY_ID}: a yes-or-no key is 'yes' or 'no'"]


def test_an_unregistered_kind_is_refused_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(entries, "_raw_catalogue", lambda: (TOY,))
    problems = entries.validate()
    assert problems == [f"question {TOY_ID}: unknown fields ['why']",  # only the toy kind knows this field
                        f"question {TOY_ID}: kind 'yesno' is not a registered question kind (text, choice, choices, "
                        "scale, classify, form, task, warmup; a new kind is a module in newslit/questions/kinds/)"]


def test_the_widget_saves_and_reloads(toy, tmp_path):
    store = AnswerStore(tmp_path, "Toy Tester")
    view = widgets.question(TOY_ID, store)
    assert isinstance(view, YesNoView) and "Not answered yet" in view.status.value
    view.radio.value = "yes"
    view.radio.value = "no"
    again = AnswerStore(tmp_path, "Toy Tester")  # another kernel, the same file
    assert again.load(TOY_ID) == "no" and again.answers() == {TOY_ID: "no"}
    drawn = widgets.question(TOY_ID, again)
    assert drawn.value() == "no" and "saved answer is shown" in drawn.status.value
    assert drawn.feedback.value == "Right."
    assert widgets.accessible_inputs(toy) == [("radio", "yes"), ("radio", "no")]


def test_the_static_renderings_come_from_the_kind(toy, tmp_path):
    text, markup = widgets.render_text(toy), widgets.render_html(toy)
    assert text == f"[{TOY_ID}] Toy: who filmed it\nDoes P2 say who filmed the clips?\n  ( ) yes   ( ) no"
    assert "<p>&#9675; yes &nbsp; &#9675; no</p>" in markup and markup.startswith("<fieldset class='newslit-static ")
    bundle = widgets.question(TOY_ID, AnswerStore(tmp_path, "Toy Tester"))._repr_mimebundle_()
    assert bundle["text/plain"] == text and bundle["text/html"] == markup


def test_the_class_report_scores_and_summarises_it(toy, tmp_path):
    folder = tmp_path / "class"
    for name, attempts in (("Anna", ["no"]), ("Ben", ["yes", "no"]), ("Chen", ["yes"])):
        store = AnswerStore(folder, name)
        for value in attempts:
            store.save(TOY_ID, value)
    cls = cr.load_class(folder)
    row = cr.summary(cls).loc[TOY_ID]
    assert (row["kind"], row["answered"]) == ("yesno", 3)
    assert row["right first"] == pytest.approx(1 / 3, abs=1e-3) and row["right final"] == pytest.approx(2 / 3, abs=1e-3)
    assert row["disagreement"] == pytest.approx(normalised([1, 2], 2), abs=1e-3)
    dist = cr.distribution(cls, TOY_ID).set_index("option")
    assert dist.loc["yes", ["first", "final"]].tolist() == [2, 1] and dist.loc["no", "right"]
    assert cr.free_text(cls, TOY_ID).empty  # nothing written

    out, sheet = tmp_path / "report.html", tmp_path / "answers.csv"
    report.write_report(cls, out, csv_path=sheet)
    page = out.read_text(encoding="utf-8")
    card = re.search(rf"<article[^>]*id='q-{TOY_ID}'.*?</article>", page, re.S)
    assert card, "the toy question has its card"
    assert esc(toy.prompt) in card.group(0) and "33%" in card.group(0) and "67%" in card.group(0)
    assert "<img" in card.group(0), "its kind chose a chart"
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert sorted(r[TOY_ID] for r in rows) == ["no", "no", "yes"]


def test_the_handout_and_the_lesson_plan_print_it(toy):
    paper = handouts.question_html(toy)
    assert "data-kind='yesno'" in paper and "Circle one: yes / no." in paper and "About passage P2" in paper
    assert "no." not in paper.split("Circle one")[0], "no key on paper"
    key, _ = lessonplans.render_key(toy)
    assert f"#### `{TOY_ID}`" in key and "**Key** (settled): no. P2 says the clips were released" in key


def test_the_sample_class_answers_it(toy):
    answered = [doc["answers"][TOY_ID]["value"] for _, doc in sampleclass.documents(6, 3, 0, {TOY_ID: toy})
                if TOY_ID in doc["answers"]]
    assert answered and set(answered) <= {"yes", "no"}


# ---------------------------------------------------------------- structure

KIND_NAME = "|".join(BUILT_IN)
COMPARES = [  # q.kind == "text", "scale" != kind, kind in ("choice", "choices")
    re.compile(rf"\bkind\s*(?:==|!=)\s*['\"](?:{KIND_NAME})['\"]"),
    re.compile(rf"['\"](?:{KIND_NAME})['\"]\s*(?:==|!=)\s*[\w.]*\bkind\b"),
    re.compile(rf"\bkind\s+(?:not\s+)?in\s*[(\[{{][^)\]}}]*['\"](?:{KIND_NAME})['\"]"),
]
KEYED_BY_KIND = re.compile(rf"['\"]({KIND_NAME})['\"]\s*:")
# Not yet moved into a kind hook, and owned by other work in progress: the timing model's minutes per
# kind (maintain/timing.py's ANSWER table and its text rule). Remove the entry once it asks the kind.
NOT_YET = {"maintain/timing.py"}


def _modules():
    for folder in (ROOT / "newslit", ROOT / "maintain"):
        for path in sorted(folder.rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith("newslit/questions/kinds/") and relative not in NOT_YET:
                yield relative, path.read_text(encoding="utf-8")


def test_no_module_outside_the_kinds_package_switches_on_a_kind_name():
    found = []
    for relative, text in _modules():
        for number, line in enumerate(text.splitlines(), start=1):
            if any(pattern.search(line) for pattern in COMPARES):
                found.append(f"{relative}:{number}: {line.strip()}")
        keys = set(KEYED_BY_KIND.findall(text))
        if len(keys) >= 3:  # a table keyed by kind names ("text" alone is a common key)
            found.append(f"{relative}: a table keyed by the kinds {sorted(keys)}")
    assert found == [], "ask the kind instead (newslit/questions/kinds/):\n" + "\n".join(found)


def test_the_structure_check_sees_a_switch():
    lines = ['if q.kind == "classify":', "elif 'text' != question.kind:", 'if q.kind in ("choice", "choices"):']
    assert all(any(p.search(line) for p in COMPARES) for line in lines)
    assert not any(p.search('if p.kind == "heading":') for p in COMPARES)  # an article passage's kind
    assert set(KEYED_BY_KIND.findall('{"text": 1, "scale": 2, "form": 3}')) == {"text", "scale", "form"}


def test_the_kinds_import_neither_widgets_nor_pandas_and_the_report_never_imports_widgets():
    probe = """
import sys
import newslit.questions.kinds, newslit.questions.entries
heavy = {"ipywidgets", "pandas", "matplotlib", "IPython"}
loaded = {name.split(".")[0] for name in sys.modules}
assert not heavy & loaded, sorted(heavy & loaded)
import newslit.classroom.report as report, newslit.classroom.report_charts as charts
import newslit.questions.entries as entries
for q in entries.catalogue().values():
    report.TABLES[q.kind], report.CSV_PARTS[q.kind], charts.question_chart(q, None)
assert "ipywidgets" not in sys.modules
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
