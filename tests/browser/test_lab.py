"""Every notebook in a real JupyterLab and a real Chromium: run all, no error, every labelled input;
each question kind answered, the kernel restarted, all run again, and the answer found on screen and
in the answer file; the questions from the keyboard; the teacher notebook's tables and charts."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from maintain.store import TEST_STUDENT
from newslit.answers.store import AnswerStore
from newslit.notebook.widgets import CHECK, VIEWS
from newslit.questions import entries as questions
from newslit.questions.entries import notebook_key
from newslit.source import tasks

from .lab import (
    assert_no_errors,
    choose_a_practice_article,
    count_inputs,
    fresh_copy,
    hand_in_and_download,
    open_in_lab,
    restart_kernel,
    run_all,
)

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
START = "00-start-here.ipynb"
# 00 runs in full (no error, every labelled input) in the restart and keyboard tests below, which
# need it fresh anyway: it is not run a third time here.
STUDENT_NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("0*.ipynb") if p.name != START)
TEACHER_NOTEBOOK = "teacher/class-report.ipynb"
# What JupyterLab marks an output with (data-mime-type), for each kind of stored output.
SHOWN_AS = ("image/png", "text/html", "text/plain")
STREAM = "application/vnd.jupyter.{name}"
# In 00, P8 opens under the practice choice once it is answered right (nl.after); the words are P8's own.
HIDDEN_UNTIL_ANSWERED = "Critics have questioned the wisdom"


def saved_answers() -> dict:
    return AnswerStore(os.environ["NEWSLIT_ANSWERS"], TEST_STUDENT).answers()


def stored_output_kinds(path: Path) -> list[list[str]]:
    """For each code cell of a stored notebook, how JupyterLab shows each output (its mime type)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    kinds = []
    for cell in (c for c in cells if c["cell_type"] == "code"):
        shown = []
        for output in cell["outputs"]:
            if output["output_type"] == "stream":
                shown.append(STREAM.format(name=output["name"]))
            else:
                shown.append(next(m for m in SHOWN_AS if m in output.get("data", {})))
        kinds.append(shown)
    return kinds


def shown_output_kinds(page) -> list[list[str]]:
    return page.evaluate("""() => [...document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')].map(cell =>
        [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => o.dataset.mimeType))""")


def assert_runs_with_every_input(page, notebook: str) -> None:
    """Run all: no error, no broken widget, every labelled input of the notebook's questions present."""
    run_all(page)
    assert_no_errors(page)
    if any(q.per_article for q in questions.for_notebook(notebook_key(notebook))):
        choose_a_practice_article(page, notebook_key(notebook))
    found, expected = count_inputs(page, notebook_key(notebook))
    assert found == expected > 0


# School laptops (issue 16): 1366×768 and 1280×800. In JupyterLab every question box is measured once, in the
# worst of both: 1280 wide (the narrower) and 768 tall (the shorter), so a box that fits there fits on both
# laptops (tests/browser/geometry.py); every radio and check box is also really clicked, on its circle and
# on its label, and every field typed into. Voilà (test_voila.py) measures every notebook at both real sizes.
# One pass instead of two: the second pass was about a third of the JupyterLab suite's time.
WORST_LAPTOP = {"width": 1280, "height": 768}


def assert_layout_works(page, notebook: str) -> None:
    from .axe import run_axe
    from .conftest import VIEWPORT
    from .geometry import audit_page

    size = WORST_LAPTOP
    page.set_viewport_size(size)
    try:
        audit = audit_page(page, app="lab", size=f"{size['width']}x{size['height']}", notebook=notebook,
                           root=".jp-NotebookPanel:not(.lm-mod-hidden)", click=True,
                           shots=ROOT / "test-results" / "layout")
        failures = [str(f) for f in audit.failures]
        # WCAG 2.1 A/AA inside the output areas (JupyterLab's own interface is not ours)
        violations = [(rule, zone, n) for (rule, zone), n in run_axe(page, f"lab {notebook}").counts().items()
                      if zone in ("widgets", "outputs")]
    finally:
        page.set_viewport_size(VIEWPORT)
    assert not failures, "\n".join(failures + ["see test-results/layout/ for a screenshot of each failing box"])
    assert violations == [], "axe-core: WCAG 2.1 A/AA violations inside the notebook's output areas"


@pytest.mark.parametrize("notebook", STUDENT_NOTEBOOKS)
def test_every_student_notebook_runs_in_jupyterlab(lab_app, lab, notebook, empty_answers):
    """Run all in a real JupyterLab: no error, no broken widget, every labelled input present; then every
    control of every question works on the narrower, shorter of the two laptop screens."""
    base, served = lab
    open_in_lab(lab_app, base, fresh_copy(served, notebook, "runall"))
    assert_runs_with_every_input(lab_app, notebook)
    assert_layout_works(lab_app, notebook_key(notebook))


def test_the_teacher_notebook_shows_its_tables_and_charts(lab_app, lab):
    """The class report: every table, chart and chart description of the stored notebook appears live."""
    page, (base, served) = lab_app, lab
    open_in_lab(page, base, fresh_copy(served, TEACHER_NOTEBOOK, "runall"))
    run_all(page)
    assert_no_errors(page)
    expected = stored_output_kinds(ROOT / "notebooks" / TEACHER_NOTEBOOK)
    assert shown_output_kinds(page) == expected
    outputs = page.locator(".jp-OutputArea-output")
    assert outputs.locator("table.dataframe").count() >= 8
    images = outputs.locator("img")
    assert images.count() == sum(kinds.count("image/png") for kinds in expected) == 3
    for index in range(images.count()):  # a chart that failed to draw has no width
        assert images.nth(index).evaluate("img => img.complete && img.naturalWidth > 100")
    page.get_by_text("Bar chart of the share of students right per question").wait_for()


# ---------------------------------------------------------------- restart survival, every kind

def answer_every_kind(page) -> dict:
    """Answer notebook 00's practice question of each kind through the page; return what was given."""
    given = {}
    text = page.locator(".newslit-q-n00-practice-text")
    given["n00-practice-text"] = "I saw it in a group chat; it came from a TV clip. <b>not bold</b>"
    text.get_by_role("textbox", name="Where I met the news", exact=True).fill(given["n00-practice-text"])

    choice = page.locator(".newslit-q-n00-practice-choice")
    given["n00-practice-choice"] = questions.get("n00-practice-choice").get("key")
    assert HIDDEN_UNTIL_ANSWERED not in page.content(), "a bound block is in the page before its question is answered"
    options = questions.get("n00-practice-choice").get("options")
    wrong = next(o for o in options if o != given["n00-practice-choice"])
    choice.get_by_role("radio", name=wrong, exact=True).click()
    choice.get_by_text("Not quite").wait_for()
    assert HIDDEN_UNTIL_ANSWERED not in page.content(), "a wrong answer opens nothing"
    choice.get_by_role("radio", name=given["n00-practice-choice"], exact=True).click()
    page.locator(".newslit-after-n00-practice-choice").get_by_text(HIDDEN_UNTIL_ANSWERED).wait_for()

    choices = page.locator(".newslit-q-n00-practice-choices")
    given["n00-practice-choices"] = ["A headline", "The date it was published"]
    for option in given["n00-practice-choices"]:
        choices.get_by_role("checkbox", name=option, exact=True).click()
    choices.get_by_role("button", name=CHECK).click()

    scale = page.locator(".newslit-q-n00-checkin")
    number = scale.get_by_role("textbox", name="How ready I feel", exact=True)
    number.fill("80")
    number.press("Enter")
    reason = "A bit tired & <i>busy</i>"
    scale.get_by_role("textbox", name="Anything your teacher should know? (optional)", exact=True).fill(reason)
    given["n00-checkin"] = {"value": 80, "reason": reason}

    sort = page.locator(".newslit-q-n00-practice-classify")
    for number, item in enumerate(questions.get("n00-practice-classify").get("items"), start=1):
        group = sort.get_by_role("group", name=f"{number}. {item['text']}", exact=True)  # named by its item
        size = len(questions.get("n00-practice-classify").get("categories"))
        assert group.get_by_role("radio").count() == size
        assert group.get_by_role("radio").last.get_attribute("aria-posinset") == str(size), "'7 of 7', not '1 of 1'"
    # the second row's "An estimate or prediction" (item p8) and the last row's "Opinion or framing" (h)
    sort.get_by_role("radio", name="An estimate or prediction", exact=True).nth(1).click()
    sort.get_by_role("radio", name="Opinion or framing", exact=True).nth(3).click()
    given["n00-practice-classify"] = {"p8": "estimate", "h": "opinion"}

    form = page.locator(".newslit-q-n00-practice-form")
    given["n00-practice-form"] = {"who": "Admiral Rob Bauer", "role": "Chairman of the NATO Military Committee",
                                  "when": ""}
    form.get_by_role("textbox", name="Who said it (as printed)", exact=True).fill(given["n00-practice-form"]["who"])
    form.get_by_role("textbox", name="Their job (as printed)", exact=True).fill(given["n00-practice-form"]["role"])

    for question_id in given:  # every kind says it saved (typed kinds after their debounce)
        page.locator(f".newslit-q-{question_id}").get_by_text("Saved at").wait_for()
    return given


def assert_shown(page, given: dict) -> None:
    """Every answer is back in its widgets, and each question says so."""
    def box(question_id):
        return page.locator(f".newslit-q-{question_id}")

    assert box("n00-practice-text").get_by_role("textbox").input_value() == given["n00-practice-text"]
    assert box("n00-practice-choice").get_by_role(
        "radio", name=given["n00-practice-choice"], exact=True).is_checked()
    for option in questions.get("n00-practice-choices").get("options"):
        checked = box("n00-practice-choices").get_by_role("checkbox", name=option, exact=True).is_checked()
        assert checked == (option in given["n00-practice-choices"]), option
    checkin = box("n00-checkin")
    assert checkin.get_by_role("textbox", name="How ready I feel", exact=True).input_value() == "80"
    assert checkin.get_by_role("textbox", name="Anything your teacher should know? (optional)",
                               exact=True).input_value() == given["n00-checkin"]["reason"]
    sort = box("n00-practice-classify")
    assert sort.get_by_role("radio", name="An estimate or prediction", exact=True).nth(1).is_checked()
    assert sort.get_by_role("radio", name="Opinion or framing", exact=True).nth(3).is_checked()
    assert sort.get_by_role("radio", checked=True).count() == 2
    form = box("n00-practice-form")
    assert form.get_by_role("textbox", name="Who said it (as printed)", exact=True).input_value() == "Admiral Rob Bauer"
    for question_id in given:
        box(question_id).get_by_text("Your saved answer is shown").wait_for()
    page.locator(".newslit-after-n00-practice-choice").get_by_text(HIDDEN_UNTIL_ANSWERED).wait_for()  # at once


# In 04a, the chain's diagram and its sources rows open once "which versions has nobody seen?" is answered.
CHAIN_NOTEBOOK = "04a-how-the-story-travelled.ipynb"
CHAIN_REVEALED = "2 versions were never seen"  # the diagram's text alternative: the conclusion


def test_a_verdict_block_reaches_the_page_only_after_its_question(lab_app, lab, empty_answers):
    """04a: the chain diagram's conclusion (its text alternative) is nowhere in the page before the question is
    answered, nor after a wrong set of ticks; the right set opens it live, without running the cell again."""
    page, (base, served) = lab_app, lab
    open_in_lab(page, base, fresh_copy(served, CHAIN_NOTEBOOK, "reveal"))
    run_all(page)
    assert_no_errors(page)
    assert CHAIN_REVEALED not in page.content(), "a bound block is in the page before its question is answered"
    box = page.locator(".newslit-q-n04-chain-unseen")
    key = questions.get("n04-chain-unseen").get("key")
    wrong = next(o for o in questions.get("n04-chain-unseen").get("options") if o not in key)
    for option in key:  # the right ticks, not yet checked: nothing is marked, nothing opens
        box.get_by_role("checkbox", name=option, exact=True).click()
    box.get_by_text("Not saved yet").wait_for()
    assert CHAIN_REVEALED not in page.content() and "Right." not in box.inner_text()
    box.get_by_role("checkbox", name=key[1], exact=True).click()
    box.get_by_role("checkbox", name=wrong, exact=True).click()
    box.get_by_role("button", name=CHECK).click()
    box.get_by_text("Saved at").wait_for()
    assert CHAIN_REVEALED not in page.content(), "a wrong set of ticks opens nothing"
    box.get_by_role("checkbox", name=wrong, exact=True).click()
    box.get_by_role("checkbox", name=key[1], exact=True).click()
    box.get_by_role("button", name=CHECK).click()
    page.locator(".newslit-after-n04-chain-unseen").get_by_text(CHAIN_REVEALED).first.wait_for()


# Kinds whose questions check an item of their own (a post with its pages), tested where they are asked.
ON_THEIR_OWN = {"task": "n01-task", "warmup": "n04a-warmup"}
TASK_TEXT = "The Business Register page says who owns the account, and another page says more & <b>else</b>."


def test_each_question_kind_survives_a_kernel_restart(lab_app, lab, empty_answers):
    """Notebook 00 has one question of each kind: run it (no error, every labelled input), answer all
    six, restart, run all, find them again."""
    beside = set(VIEWS) - {q.kind for q in questions.for_notebook("00")}
    assert beside <= set(ON_THEIR_OWN), f"00 must keep one question of each kind but {sorted(ON_THEIR_OWN)}"
    page, (base, served) = lab_app, lab
    open_in_lab(page, base, fresh_copy(served, START, "restart"))
    assert_runs_with_every_input(page, START)
    given = answer_every_kind(page)

    restart_kernel(page)
    run_all(page)
    assert_no_errors(page)
    assert_shown(page, given)
    saved = saved_answers()
    for question_id, value in given.items():
        assert saved[question_id] == value, question_id


@pytest.mark.parametrize("kind", sorted(ON_THEIR_OWN))
def test_a_post_check_and_its_post_survive_a_kernel_restart(lab_app, lab, empty_answers, kind):
    """A task or warm-up: search its pages, fill its boxes, restart, run all: the same post, the same
    answers, saved with the post's id."""
    question_id = ON_THEIR_OWN[kind]
    q = questions.get(question_id)
    assert q.kind == kind
    notebook = next(p.name for p in (ROOT / "notebooks").glob(f"{q.notebook}-*.ipynb"))
    page, (base, served) = lab_app, lab
    open_in_lab(page, base, fresh_copy(served, notebook, f"restart-{kind}"))
    run_all(page)
    assert_no_errors(page)
    box = page.locator(f".newslit-q-{question_id}")
    card = box.locator(".newslit-task-post")
    card.wait_for()
    post = card.text_content()
    assert post.strip()
    search = box.get_by_role("textbox", name="Search the pages for", exact=True)
    search.fill("the")
    search.press("Enter")
    box.get_by_text(re.compile(r"found for “the”")).wait_for()
    typed = {f["id"]: f"{f['label'][:20]}: {TASK_TEXT}" for f in q.get("fields")}
    for field in q.get("fields"):
        box.get_by_role("textbox", name=field["label"], exact=True).fill(typed[field["id"]])
    box.get_by_text("Saved at").wait_for()

    restart_kernel(page)
    run_all(page)
    assert_no_errors(page)
    card.wait_for()
    assert card.text_content() == post
    for field in q.get("fields"):
        assert box.get_by_role("textbox", name=field["label"], exact=True).input_value() == typed[field["id"]]
    box.get_by_text("Your saved answer is shown").wait_for()
    saved = saved_answers()[question_id]
    assert {k: v for k, v in saved.items() if k != "post"} == typed
    assert tasks.post(saved["post"]).account in post


SCROLL_JS = "() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')?.scrollTop"


def test_questions_work_from_the_keyboard(lab_app, lab, empty_answers):
    page, (base, served) = lab_app, lab
    open_in_lab(page, base, fresh_copy(served, START, "keyboard"))
    assert_runs_with_every_input(page, START)
    choices = page.locator(".newslit-q-n00-practice-choices")
    choices.get_by_role("checkbox", name="A list of contents", exact=True).focus()
    page.keyboard.press("Space")
    choices.get_by_text("Not saved yet").wait_for()
    check = choices.get_by_role("button", name=CHECK)
    for _ in questions.get("n00-practice-choices").get("options"):  # Tab past the other options to the button
        page.keyboard.press("Tab")
        if check.evaluate("el => el === document.activeElement"):
            break
    assert check.evaluate("el => el === document.activeElement"), "Tab reaches Check my answer after the options"
    page.keyboard.press("Enter")
    choices.get_by_text("1 more right option to find").wait_for()

    sort = page.locator(".newslit-q-n00-practice-classify")
    for number, item in enumerate(questions.get("n00-practice-classify").get("items"), start=1):
        group = sort.get_by_role("group", name=f"{number}. {item['text']}", exact=True)  # named by its item
        size = len(questions.get("n00-practice-classify").get("categories"))
        assert group.get_by_role("radio").count() == size
        assert group.get_by_role("radio").last.get_attribute("aria-posinset") == str(size), "'7 of 7', not '1 of 1'"
    sort.get_by_role("radio", name="A fact someone could check", exact=True).first.focus()
    page.keyboard.press("Space")
    sort.get_by_text("1 of 4 sorted").wait_for()
    page.keyboard.press("Tab")  # each option is its own Tab stop
    page.keyboard.press("Space")
    sort.get_by_text("Not quite").wait_for()
    # The arrow keys move within the row and pick, as in any radio group; JupyterLab does not get them.
    row = sort.get_by_role("group", name=f"1. {questions.get('n00-practice-classify').get('items')[0]['text']}",
                           exact=True).get_by_role("radio")
    active_cell = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
    cell_before, scroll_before = page.evaluate(active_cell), page.evaluate(SCROLL_JS)
    page.keyboard.press("ArrowRight")
    assert row.nth(2).is_checked() and row.nth(2).evaluate("el => el === document.activeElement")
    page.keyboard.press("ArrowLeft")
    assert row.nth(1).is_checked() and not row.nth(2).is_checked()
    assert (page.evaluate(active_cell), page.evaluate(SCROLL_JS)) == (cell_before, scroll_before), \
        "the arrow keys stayed in the row (no jump to another cell)"

    choice = page.locator(".newslit-q-n00-practice-choice")
    choice.get_by_role("radio").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    choice.get_by_text("Right.").wait_for()

    checkin = page.locator(".newslit-q-n00-checkin")
    checkin.get_by_role("textbox", name="How ready I feel", exact=True).focus()
    page.keyboard.type("65")
    page.keyboard.press("Enter")
    checkin.get_by_text("Saved at").wait_for()

    form = page.locator(".newslit-q-n00-practice-form")
    form.get_by_role("textbox", name="Who said it (as printed)", exact=True).focus()
    page.keyboard.type("Admiral Rob Bauer")
    page.keyboard.press("Tab")
    assert form.get_by_role("textbox", name="Their job (as printed)", exact=True).evaluate(
        "el => el === document.activeElement"), "Tab moves to the next field"
    form.get_by_text("Saved at").wait_for()

    saved = saved_answers()
    assert saved["n00-practice-choices"] == ["A list of contents"]
    assert saved["n00-practice-classify"] == {"p1": "estimate"}
    assert saved["n00-practice-choice"] == questions.get("n00-practice-choice").get("key")
    assert saved["n00-checkin"]["value"] == 65
    assert saved["n00-practice-form"]["who"] == "Admiral Rob Bauer"

    # The hand-in, from the keyboard too, and both files downloaded from the page as 00 teaches.
    handed, readable = hand_in_and_download(page)
    assert {qid: record["value"] for qid, record in handed["answers"].items()} == saved
    assert "Admiral Rob Bauer" in readable and "n00-practice-form" not in readable, "titles, not ids"
