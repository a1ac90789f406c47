"""Answers: the store (``store``: one JSON file per student, nothing lost), who is answering (``who``),
and the one atomic-write helper every writer uses (``atomicio``).

The public API, as the README shows it::

    from newslit.answers import AnswerStore
"""
from newslit.answers.store import (
    AnswerFileWarning,
    AnswerSaveError,
    AnswerStore,
    default_folder,
    module_root,
    normalise_name,
)

__all__ = ["AnswerFileWarning", "AnswerSaveError", "AnswerStore", "default_folder", "module_root", "normalise_name"]
