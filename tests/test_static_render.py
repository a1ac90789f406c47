"""A notebook opened without running shows each question's static rendering (no browser needed).

``maintain.store`` strips the widget views, so what a stored notebook shows before it is run is the
``text/html`` of each output. These tests check that every question cell holds exactly its static
question, that the static HTML is well formed and gives nothing away (no key, no feedback, no model
answer), and that no output falls back to a widget's bare repr such as ``VBox(children=…)``.
(tests/browser/test_static.py opens a stored notebook in a real JupyterLab.)
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import nbformat
import pytest

from maintain.store import WIDGET_VIEW, notebook_paths
from newslit.notebook.widgets import esc, render_html, render_text
from newslit.questions import entries as questions
from newslit.questions.entries import notebook_key

NOTEBOOKS = notebook_paths()
ASK = re.compile(r"""^\s*(?:import newslit as nl; )?nl\.ask\(["']([^"']+)["']\)\s*$""")
WIDGET_REPR = re.compile(r"^\s*(\w+\(children=|\w*Box\(|\w+Widget\(|<\w+ object at )")
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class TagBalance(HTMLParser):
    """Records tags left open or closed without opening (well-formed enough for any renderer)."""

    def __init__(self):
        super().__init__()
        self.stack, self.problems = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(tag)


def balanced(markup: str) -> bool:
    parser = TagBalance()
    parser.feed(markup)
    parser.close()
    return not parser.problems and not parser.stack


def code_cells(path):
    """(source, outputs) of each code cell, multi-line strings joined (as nbformat reads them)."""
    nb = nbformat.read(str(path), as_version=4)
    return [(c.source, c.outputs) for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_question_cell_holds_its_static_question(path):
    asked = []
    for source, outputs in code_cells(path):
        match = ASK.match(source)
        if not match:
            continue
        q = questions.get(match.group(1))
        asked.append(q.id)
        assert len(outputs) == 1 and outputs[0]["output_type"] == "display_data", q.id
        data = outputs[0]["data"]
        assert WIDGET_VIEW not in data, "a stored widget view shows 'Error displaying widget' when not run"
        assert data["text/html"] == render_html(q) and data["text/plain"] == render_text(q), q.id
    notebook = notebook_key(path) or "teacher"
    assert asked == [q.id for q in questions.for_notebook(notebook)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_output_falls_back_to_a_bare_widget_repr(path):
    for source, outputs in code_cells(path):
        for output in outputs:
            data = output.get("data", {})
            plain = data.get("text/plain", "")
            assert not WIDGET_REPR.search(plain), (source, plain[:80])
            assert output["output_type"] == "stream" or set(data) - {"text/plain"} or plain.strip(), source


@pytest.mark.parametrize("q", list(questions.catalogue().values()), ids=lambda q: q.id)
def test_static_html_is_well_formed_complete_and_gives_nothing_away(q):
    markup = render_html(q)
    assert balanced(markup), q.id
    assert esc(q.prompt) in markup and esc(q.label) in markup
    for option in q.get("options", []):  # all of them, unless they wait for a reason written first
        assert (esc(option) in markup) != bool(q.get("requires")), option
    for item in q.get("items", []):
        assert esc(item["text"]) in markup
        assert not item.get("why") or esc(item["why"]) not in markup
    for field in q.get("fields", []):
        assert esc(field["label"]) in markup
    secrets = [q.get("model_answer", "")] + list(q.get("feedback", {}).values())
    for secret in filter(None, secrets):
        assert esc(secret) not in markup, q.id
    assert "<script" not in markup.lower() and not re.search(r"<[^>]*\son\w+\s*=", markup), "no scripts"
