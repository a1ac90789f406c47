"""The question catalogue (``entries``: every question once, from ``newslit/content/questions/*.toml``).

``from newslit.questions import catalogue, get, Question`` reads the catalogue's public names.
"""
from newslit.questions.entries import (
    CERTAINTY,
    KINDS,
    NOTEBOOKS,
    Question,
    catalogue,
    example_answer,
    for_notebook,
    get,
    validate,
)

__all__ = ["CERTAINTY", "KINDS", "NOTEBOOKS", "Question", "catalogue", "example_answer", "for_notebook", "get",
           "validate"]
