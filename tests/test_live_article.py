"""Notebooks 07a and 07b run by a real kernel for a student who has chosen a practice article: the live
blocks draw the article, and nothing is displayed into an Output widget while a cell runs.

Why the second: a display captured by an Output widget (``with out: display(...)``) during a cell makes
the executor that runs the notebook server-side, Voilà's (nbclient's mimic of the front end's Output
widget), send a comm message to the kernel on the shell channel; Voilà's render then sometimes hung for
good (voila-dashboards/voila#1428), seen as 07b never finishing in Voilà. The executor registers an output
hook exactly when an Output widget starts capturing, so counting those calls tells whether any did.
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from maintain.store import TEST_STUDENT, prefill
from newslit.answers.store import AnswerStore
from newslit.source import any_article, articles

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ["07a-your-article-read-and-sort.ipynb", "07b-your-article-check-and-decide.ipynb"]


class CountingClient(NotebookClient):
    """nbclient, counting the Output-widget captures it is asked to follow."""

    captures = 0

    def register_output_hook(self, msg_id, hook):
        self.captures += 1
        super().register_output_hook(msg_id, hook)


@pytest.fixture
def chose_an_article(tmp_path, monkeypatch):
    answers = tmp_path / "answers"
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(answers))  # the kernel inherits it
    prefill(AnswerStore(answers, TEST_STUDENT))
    offer = next(o for o in articles.available()[0] if o.practice)
    return any_article.load_file(offer.path)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_chosen_article_is_drawn_without_capturing_into_an_output_widget(chose_an_article, name):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    client = CountingClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    state = json.dumps(nb.metadata.get("widgets", {}))
    assert "Working on:" in state, "the chooser says which article is in use"
    assert chose_an_article.title in state, "the live blocks drew the chosen article"
    assert client.captures == 0, "a cell displayed into an Output widget while it ran (Voilà may hang)"


def test_a_block_drawn_again_replaces_the_one_before(monkeypatch):
    """A cell run again (or a notebook run twice in one kernel) does not leave its old block redrawing."""
    from newslit.notebook import ownarticle

    bench = ownarticle.Workbench()
    monkeypatch.setattr(ownarticle, "_BENCH", bench)
    for _ in range(3):
        ownarticle.OwnQuestion("n07-verdict")
        ownarticle.OwnQuestion("n07-trace")
        ownarticle.PacketSearch()
    assert len(bench.blocks) == 3
    assert sorted(b.slot for b in bench.blocks) == ["own-question:n07-trace", "own-question:n07-verdict",
                                                         "own-search"]
