"""Each student notebook opens with a current "Words for today" box (maintain.words, content/words.csv)."""
import json
from pathlib import Path

import pytest

from maintain import words
from newslit.questions.entries import student_notebooks

NOTEBOOKS = student_notebooks(Path(__file__).resolve().parent.parent / "notebooks")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_box_is_current_and_second(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert not words.update(nb), f"run: .venv/bin/python -m maintain.words (then store {path.name})"
    boxes = [i for i, cell in enumerate(nb["cells"]) if words._is_box(cell)]
    assert boxes == [1]


def test_a_word_the_notebook_uses_is_explained_and_one_it_does_not_is_left_out():
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Title"},
                    {"cell_type": "markdown", "metadata": {}, "source": "A hedge word and a think tank."}]}
    assert words.update(nb)
    box = "".join(nb["cells"][1]["source"])
    assert "**hedge word**" in box and "**think tank**" in box and "provenance" not in box
    assert not words.update(nb), "running it again changes nothing"


def test_every_word_has_a_plain_meaning():
    from newslit.source import content

    table = content.table("words")
    assert len(table) >= 20 and all(len(m.split()) <= 25 for m in table["meaning"])
