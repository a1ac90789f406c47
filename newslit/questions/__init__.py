"""The question catalogue (``entries``: every question once, from ``newslit/content/questions/*.toml``)
and the kinds of question (``kinds``: one module per kind, and their registry).

``from newslit.questions import catalogue, get, Question`` reads the catalogue's public names;
``from newslit.questions.kinds import get_kind`` finds what a kind does.
"""
from newslit.questions.entries import (
    CERTAINTY,
    KINDS,
    NOTEBOOKS,
    STUDENT_NOTEBOOKS,
    Question,
    catalogue,
    example_answer,
    for_notebook,
    get,
    notebook_key,
    student_notebooks,
    validate,
)

__all__ = ["CERTAINTY", "KINDS", "NOTEBOOKS", "STUDENT_NOTEBOOKS", "Question", "catalogue", "example_answer",
           "for_notebook", "get", "notebook_key", "student_notebooks", "validate"]
