"""Jupyter Notebook 7 once: the file list at /tree, then a notebook at /notebooks/… run in full, its
widgets drawn and every labelled input present. The session's server runs Notebook 7's extension too."""
from __future__ import annotations

import pytest

from .lab import assert_no_errors, count_inputs, fresh_copy, hand_in_and_download, open_notebook, run_all

pytestmark = pytest.mark.slow


def test_notebook_7_lists_runs_and_draws_a_notebook(page, lab):
    base, served = lab
    path = fresh_copy(served, "00-start-here.ipynb", "nb7")
    page.newslit_base = base
    page.goto(f"{base}/tree")
    link = page.get_by_role("listitem").filter(has_text=path).first
    link.wait_for()
    assert "Running" in page.locator("body").inner_text(), "the Notebook 7 file browser, not JupyterLab's"

    open_notebook(page, base, path, ui="notebook")
    assert page.url.startswith(f"{base}/notebooks/")
    assert page.locator("#jp-NotebookPanel, .jp-NotebookPanel").count() >= 1
    assert page.get_by_role("menuitem", name="Run", exact=True).count() == 1
    run_all(page)
    assert_no_errors(page)
    assert page.locator(".newslit-question").count() == 6
    found, expected = count_inputs(page, "00")
    assert found == expected > 0
    handed, readable = hand_in_and_download(page)  # the download route works in Notebook 7 too
    assert "answers" in handed and "<html" in readable.lower()
