"""maintain.store: the cleaning and signing that make stored notebooks comparable."""
import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from maintain import store


def test_clean_strips_widget_views_and_state_and_signs():
    cell = new_code_cell("nl.ask('x')", execution_count=1, outputs=[
        new_output("display_data", data={"text/plain": "q", "text/html": "<p>q</p>",
                                         store.WIDGET_VIEW: {"model_id": "abc"}}),
        new_output("display_data", data={store.WIDGET_VIEW: {"model_id": "def"}}),
    ])
    cell["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01"}
    nb = new_notebook(cells=[new_markdown_cell("# hi"), cell], metadata={"widgets": {"state": {}}})
    store.clean(nb)
    assert "widgets" not in nb["metadata"]
    assert cell["outputs"] == [new_output("display_data", data={"text/plain": "q", "text/html": "<p>q</p>"})]
    assert "execution" not in cell["metadata"]
    assert nb["metadata"]["newslit"] == {"stored_by": store.STORED_BY, "sources_sha256": store.sources_digest(nb)}
    nbformat.validate(nb)


def test_digest_changes_when_a_cell_changes():
    nb = new_notebook(cells=[new_code_cell("1")])
    before = store.sources_digest(nb)
    nb.cells[0].source = "2"
    assert store.sources_digest(nb) != before


def test_isolated_env_sets_and_restores(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "someone")
    monkeypatch.setenv("NEWSLIT_STUDENT", "Real Name")
    with store.isolated_env() as scratch:
        assert os.environ["NEWSLIT_STUDENT"] == store.TEST_STUDENT
        assert "JUPYTERHUB_USER" not in os.environ
        assert os.environ["NEWSLIT_ANSWERS"].startswith(scratch)
    assert os.environ["NEWSLIT_STUDENT"] == "Real Name"
    assert os.environ["JUPYTERHUB_USER"] == "someone"
