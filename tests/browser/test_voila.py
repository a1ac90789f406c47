"""Voilà, started with the command run.py builds (`python3 run.py voila 00`): the notebook shows with
no code, the questions work, and an answer typed there lands in the answer file."""
from __future__ import annotations

import importlib.util
from contextlib import contextmanager
from pathlib import Path

import pytest

from maintain.store import TEST_STUDENT
from newslit.answers.store import AnswerStore
from newslit.questions import entries as questions

from .lab import TIMEOUT_MS, choose_a_practice_article, count_inputs, free_port, hand_in_and_download, voila_server

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def voila_command(port: int, notebook: str = "00") -> list[str]:
    """The exact arguments `python3 run.py voila <notebook> …` passes to the venv's Python."""
    spec = importlib.util.spec_from_file_location("run_script", ROOT / "run.py")
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    seen = []
    run.run_in_venv = lambda args, env=None: seen.append(args) or 0
    assert run.open_voila([notebook, f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1"]) == 0
    return [str(run.venv_python()), *seen[0]]


@contextmanager
def voila(workdir: Path, notebook: str = "00"):
    """Voilà on its own port with its own Jupyter folders; answers go to ``workdir/answers``."""
    port = free_port()
    with voila_server(voila_command(port, notebook), port, ROOT, workdir,
                      NEWSLIT_ANSWERS=str(workdir / "answers")) as base:
        yield base, workdir / "answers"


def test_voila_hides_the_code_and_saves_answers(page, tmp_path):
    with voila(tmp_path) as (base, answers):
        page.goto(f"{base}/")
        text = page.locator(".newslit-q-n00-practice-text").get_by_role(
            "textbox", name="Where I met the news", exact=True)
        text.wait_for(timeout=TIMEOUT_MS)
        page.locator(".newslit-q-n00-practice-form").wait_for(timeout=TIMEOUT_MS)  # the last question drawn
        found, expected = count_inputs(page, "00")
        assert found == expected > 0
        body = page.locator("body").inner_text()
        assert "import newslit" not in body and 'nl.ask("' not in body, "no code shown"
        assert page.locator(".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .cm-editor").count() == 0
        for error in ("Error displaying widget", "model not found", "Traceback", "There was an error"):
            assert error.lower() not in body.lower(), error

        hidden = "Critics have questioned the wisdom"  # P8, bound to the practice choice (nl.after)
        assert hidden not in page.content()
        choice = page.locator(".newslit-q-n00-practice-choice")
        choice.get_by_role("radio", name=questions.get("n00-practice-choice").get("key"), exact=True).click()
        page.locator(".newslit-after-n00-practice-choice").get_by_text(hidden).wait_for(timeout=TIMEOUT_MS)

        answer = "On a projector & in Voilà <b>not bold</b>"
        text.fill(answer)
        page.locator(".newslit-q-n00-practice-text").get_by_text("Saved at").wait_for()
        assert AnswerStore(answers, TEST_STUDENT).answers()["n00-practice-text"] == answer
        handed, readable = hand_in_and_download(page)  # the download route works in Voilà too
        assert handed["answers"]["n00-practice-text"]["value"] == answer
        assert "On a projector &amp; in Voilà &lt;b&gt;not bold&lt;/b&gt;" in readable, "escaped, never markup"


# WCAG 1.4.4: text resized to 200 % without loss of content or function. Chromium's page zoom on a
# 1366×768 window is a 683×384 CSS-pixel viewport at device scale factor 2. The sorting grids are where
# zoom breaks a layout first; the other notebooks are measured at laptop sizes in JupyterLab (test_lab).
ZOOMED = {"width": 683, "height": 384}


@pytest.mark.parametrize("notebook", ["02", "03b"])
def test_the_sorting_grids_work_at_200_percent_zoom_in_voila(browser, tmp_path, notebook):
    from .geometry import audit_page

    context = browser.new_context(viewport=ZOOMED, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        with voila(tmp_path, notebook) as (base, _answers):
            page.goto(f"{base}/")
            last = questions.for_notebook(notebook)[-1].id
            page.locator(f".newslit-q-{last}").wait_for(timeout=TIMEOUT_MS)
            found, expected = count_inputs(page, notebook)
            assert found == expected > 0
            audit = audit_page(page, app="voila", size="1366x768@200%", notebook=notebook, root="body",
                               shots=ROOT / "test-results" / "layout")
            assert [str(f) for f in audit.failures] == [], "see test-results/layout/"
            from .axe import run_axe

            assert run_axe(page, f"voila {notebook} 200%").counts() == {}, "axe-core: WCAG 2.1 A/AA on the page"
    finally:
        context.close()


# Every student notebook in Voilà too (issue 16 #1, #5): one Voilà serving the notebooks folder with the
# flags `python3 run.py voila` uses. Each notebook is measured at both laptop sizes, boxes and hit tests
# (the real clicks are JupyterLab's test, test_lab.py: the same widgets), and axe-core runs on the whole
# Voilà page (Voilà's own page included: it has no interface of its own).
STUDENT_NAMES = {questions.notebook_key(p): p.name for p in questions.student_notebooks(ROOT / "notebooks")}
STUDENT_KEYS = list(STUDENT_NAMES)
VOILA_SIZES = ({"width": 1366, "height": 768}, {"width": 1280, "height": 800})


@pytest.fixture(scope="module")
def voila_tree(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("voila-tree")
    port = free_port()
    command = voila_command(port, "00")
    command[3] = str(ROOT / "notebooks")  # the folder, not one notebook: /voila/render/<notebook>
    with voila_server(command, port, ROOT, workdir, NEWSLIT_ANSWERS=str(workdir / "answers")) as base:
        yield base


@pytest.mark.parametrize("number", range(len(STUDENT_KEYS)), ids=STUDENT_KEYS)
def test_every_student_notebook_works_in_voila_at_both_laptop_sizes(browser, voila_tree, number):
    from .axe import run_axe
    from .geometry import audit_page

    key = STUDENT_KEYS[number]
    name = STUDENT_NAMES[key]
    context = browser.new_context(viewport=VOILA_SIZES[0])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(f"{voila_tree}/voila/render/{name}")
        if any(q.per_article for q in questions.for_notebook(key)):
            page.locator(".newslit-own-choose").get_by_role("radio").first.wait_for(timeout=TIMEOUT_MS)
            choose_a_practice_article(page, key)
        last = questions.for_notebook(key)[-1].id
        page.locator(f".newslit-q-{last}").wait_for(timeout=TIMEOUT_MS)
        found, expected = count_inputs(page, key)
        assert found == expected > 0
        assert run_axe(page, f"voila {key}").counts() == {}, "axe-core: WCAG 2.1 A/AA on the page"
        failures = []
        for size in VOILA_SIZES:
            page.set_viewport_size(size)
            audit = audit_page(page, app="voila", size=f"{size['width']}x{size['height']}", notebook=key,
                               root="body", click=False, shots=ROOT / "test-results" / "layout")
            failures += [str(f) for f in audit.failures]
        assert not failures, "\n".join(failures + ["see test-results/layout/"])
    finally:
        context.close()
