"""newslit: the package behind the news-literacy notebooks.

One module per job: ``article`` (the seed parsed into passages), ``content`` (the curated tables
about the article), ``privacy`` (the deny-list that keeps the two prisoners unidentified),
``questions`` (the catalogue), ``answers`` (the answer store), ``student`` (who is answering),
``widgets`` (questions as ipywidgets), ``studentui`` (name box, hand-in button), ``show`` (passages
in a notebook), ``store`` (the one way notebooks are stored executed).

Notebooks call these in one-line cells: ``import newslit as nl`` then ``nl.ask("n00-practice-text")``,
``nl.show("P2")``, ``nl.name_entry()``, ``nl.hand_in()``. Nothing flows backwards.
"""

__version__ = "0.1.0"


def __getattr__(name):
    """``from newslit import ask`` without importing ipywidgets for modules that never draw."""
    lazy = {"ask": "widgets", "question": "widgets", "show": "show", "show_all": "show",
            "name_entry": "studentui", "hand_in": "studentui"}
    if name in lazy:
        from importlib import import_module

        return getattr(import_module(f"newslit.{lazy[name]}"), name)
    raise AttributeError(f"module 'newslit' has no attribute {name!r}")
