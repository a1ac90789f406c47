"""Students' prose stays plain: Flesch–Kincaid grade (textstat) of each student notebook's own text."""

import pytest

from maintain import readability
from maintain.store import notebook_paths
from newslit.questions.entries import notebook_key
from newslit.source.article import load_article

STUDENT_NOTEBOOKS = [p for p in notebook_paths() if notebook_key(p)]
CEILING = 10.5  # the aim is grade 9-10 at most; the article itself is harder


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=lambda p: p.name)
def test_student_prose_is_at_most_grade_ten(path):
    assert readability.notebook_grade(path) <= CEILING


def test_quotations_and_ids_are_not_counted():
    source = "# Heading\nIn P3 the article says “an incredibly convoluted sentence”. It's short."
    notebook = {"cells": [{"cell_type": "markdown", "source": source}]}
    prose = readability.student_prose(notebook)
    assert "convoluted" not in prose and "P3" not in prose and "Heading" not in prose
    assert "It's short." in prose


def test_the_measure_tells_hard_text_from_plain_text():
    article = " ".join(p.text for p in load_article().passages if p.kind == "body")
    plain = "Read the page once. Then stop and think. Who wrote it? What do other sources say?"
    assert readability.grade(article) > readability.grade(plain) + 4
