"""A stored notebook opened in JupyterLab WITHOUT running it shows each question's static rendering
(prompt, options, space to write), never "Error displaying widget"."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from newslit.questions import entries as questions
from newslit.questions.entries import notebook_key

from .lab import TIMEOUT_MS, fresh_copy, shut_down_sessions

OPEN = "p => window.jupyterapp.commands.execute('docmanager:open', {path: p, factory: 'Notebook'})"

# The browser checks the notebook with one question of each kind; tests/test_static_render.py checks
# every notebook's stored renderings without a browser.
UNRUN = ("00-start-here.ipynb",)

pytestmark = pytest.mark.slow


# What each static question shows, read in one call (the legend holds the label; a class the id).
RENDERED = """els => els.map(e => ({
    label: e.querySelector('legend strong').textContent,
    id: [...e.classList].find(c => c.startsWith('newslit-static-')).slice('newslit-static-'.length),
    prompt: e.querySelector('p').textContent,
    text: e.textContent,
    height: e.getBoundingClientRect().height}))"""


def test_notebooks_opened_without_running_show_every_question(lab_app, lab):
    page = lab_app
    base, served = lab
    for notebook in UNRUN:
        path = fresh_copy(served, notebook, "unrun")
        page.evaluate(OPEN, path)  # opened in the loaded JupyterLab; no waiting for a kernel
        body = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
        asked = questions.for_notebook(notebook_key(notebook))
        assert asked, notebook
        static = body.locator("fieldset.newslit-static")
        expect(static).to_have_count(len(asked), timeout=TIMEOUT_MS)  # outputs render as the notebook loads
        text = body.inner_text()
        for error in ("Error displaying widget", "model not found", "Traceback"):
            assert error.lower() not in text.lower(), (notebook, error)
        assert body.locator(".jupyter-widgets").count() == 0, "nothing ran, so no live widget"
        shown = {box["id"]: box for box in static.evaluate_all(RENDERED)}
        for q in asked:
            box = shown.get(q.id)
            assert box, q.id
            assert box["prompt"] == q.prompt and box["label"] == q.label, q.id
            assert box["height"] > 40 and "Run the notebook to answer here" in box["text"], q.id
        shut_down_sessions(page.context, base, paths=(path,))  # the kernel JupyterLab started on opening
