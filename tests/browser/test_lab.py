"""Notebook 00 in a real JupyterLab and a real Chromium: run all, count labelled inputs, answer,
restart the kernel, run all again, and find the answer on screen and in the answer file."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newslit import questions
from newslit.answers import AnswerStore
from newslit.store import TEST_STUDENT
from newslit.widgets import accessible_inputs

from .lab import (CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, fresh_copy, jupyterlab, open_notebook, restart_kernel,
                  run_all)

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-results"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with jupyterlab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.tracing.start(screenshots=True, snapshots=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        context.tracing.stop(path=str(ARTIFACTS / f"{request.node.name}-trace.zip"))
    else:
        context.tracing.stop()
    context.close()


def count_inputs(page, notebook: str) -> tuple[int, int]:
    """(found, expected): every catalogue input, looked up by role and accessible name in its question."""
    found = expected = 0
    for q in questions.for_notebook(notebook):
        box = page.locator(f".newslit-q-{q.id}")
        wanted = accessible_inputs(q)
        expected += len(wanted)
        for role, name in sorted(set(wanted)):  # a name may recur (the same categories for each item)
            found += box.get_by_role(role, name=name, exact=True).count()
    return found, expected


def assert_no_errors(page) -> None:
    body = page.locator(".jp-Notebook").inner_text()
    assert "Error displaying widget" not in body
    assert "Traceback" not in body
    assert page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0


def test_notebook_00_runs_answers_survive_a_restart(page, lab):
    base, served = lab
    open_notebook(page, base, fresh_copy(served, "00-start-here.ipynb", "restart"))
    run_all(page)
    assert_no_errors(page)
    found, expected = count_inputs(page, "00")
    assert found == expected > 0

    question = page.locator(".newslit-q-n00-practice-text")
    answer = "I saw it in a group chat; it came from a TV clip. <b>not bold</b>"
    question.get_by_role("textbox", name="Where I met the news", exact=True).fill(answer)
    question.get_by_text("Saved at").wait_for()

    choice = page.locator(".newslit-q-n00-practice-choice")
    right = questions.get("n00-practice-choice").get("key")
    choice.get_by_role("radio", name=right, exact=True).check()
    choice.get_by_text("Right.").wait_for()

    restart_kernel(page)
    run_all(page)
    assert_no_errors(page)
    question = page.locator(".newslit-q-n00-practice-text")
    textbox = question.get_by_role("textbox", name="Where I met the news", exact=True)
    assert textbox.input_value() == answer
    assert page.locator(".newslit-q-n00-practice-choice").get_by_role("radio", name=right, exact=True).is_checked()
    question.get_by_text("Your saved answer is shown").wait_for()

    saved = AnswerStore(os.environ["NEWSLIT_ANSWERS"], TEST_STUDENT).answers()
    assert saved["n00-practice-text"] == answer
    assert saved["n00-practice-choice"] == right


def test_questions_work_from_the_keyboard(page, lab):
    base, served = lab
    open_notebook(page, base, fresh_copy(served, "00-start-here.ipynb", "keyboard"))
    run_all(page)
    choices = page.locator(".newslit-q-n00-practice-choices")
    choices.get_by_role("checkbox", name="A headline", exact=True).focus()
    page.keyboard.press("Space")
    choices.get_by_text("1 more right option to find").wait_for()

    sort = page.locator(".newslit-q-n00-practice-classify")
    sort.get_by_role("radio", name="A fact someone could check", exact=True).first.focus()
    page.keyboard.press("Space")
    sort.get_by_text("1 of 4 sorted").wait_for()
    page.keyboard.press("Tab")  # each option is its own Tab stop
    page.keyboard.press("Space")
    sort.get_by_text("Not quite").wait_for()

    choice = page.locator(".newslit-q-n00-practice-choice")
    choice.get_by_role("radio").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    choice.get_by_text("Right.").wait_for()

    checkin = page.locator(".newslit-q-n00-checkin")
    checkin.get_by_role("spinbutton", name="How ready I feel", exact=True).focus()
    page.keyboard.press("ArrowUp")
    checkin.get_by_text("Saved at").wait_for()

    form = page.locator(".newslit-q-n00-practice-form")
    form.get_by_role("textbox", name="Who said it (as printed)", exact=True).focus()
    page.keyboard.type("Admiral Rob Bauer")
    page.keyboard.press("Tab")
    assert form.get_by_role("textbox", name="Their job (as printed)", exact=True).evaluate(
        "el => el === document.activeElement"), "Tab moves to the next field"
    form.get_by_text("Saved at").wait_for()

    saved = AnswerStore(os.environ["NEWSLIT_ANSWERS"], TEST_STUDENT).answers()
    assert "A headline" in saved["n00-practice-choices"]
    assert saved["n00-practice-classify"] == {"p1": "estimate"}
    assert saved["n00-practice-choice"] == questions.get("n00-practice-choice").get("key")
    assert saved["n00-checkin"]["value"] == 55
    assert saved["n00-practice-form"]["who"] == "Admiral Rob Bauer"


STUDENT_NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("0*.ipynb"))


@pytest.mark.parametrize("notebook", STUDENT_NOTEBOOKS)
def test_every_student_notebook_runs_in_jupyterlab(page, lab, notebook):
    """Run all in a real JupyterLab: no error, no broken widget, every labelled input present."""
    base, served = lab
    open_notebook(page, base, fresh_copy(served, notebook, "runall"))
    run_all(page)
    assert_no_errors(page)
    found, expected = count_inputs(page, notebook[:2])
    assert found == expected > 0
