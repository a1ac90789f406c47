"""newslit: the package behind the news-literacy notebooks.

One module per job: ``article`` (the seed parsed into passages), ``content`` (the curated tables
about the article), ``privacy`` (the deny-list that keeps the two prisoners unidentified),
``questions`` (the catalogue), ``answers`` (the answer store), ``student`` (who is answering),
``widgets`` (questions as ipywidgets), ``studentui`` (name box, hand-in button), ``reading`` (passages
in a notebook), ``store`` (the one way notebooks are stored executed).

Notebooks call these in one-line cells: ``import newslit as nl`` then ``nl.ask("n00-practice-text")``,
``nl.show("P2")``, ``nl.name_entry()``, ``nl.hand_in()``. Nothing flows backwards.
"""

__version__ = "0.1.0"


# Modules whose public functions notebooks call as ``nl.<name>``, searched in this order.
_NOTEBOOK_MODULES = ("widgets", "reading", "tables", "charts", "studentui")


def __getattr__(name):
    """``nl.ask``, ``nl.show``, ``nl.structure`` … without importing ipywidgets or pandas up front.

    A name is looked up in ``_NOTEBOOK_MODULES`` (first match wins), so a new table or chart
    function is available in notebooks as soon as it is defined in its module.
    """
    from importlib import import_module
    from importlib.util import find_spec

    if name.startswith("_") or find_spec(f"newslit.{name}") is not None:
        # a submodule (``from newslit import classroom``): let the import system load just that one
        raise AttributeError(f"module 'newslit' has no attribute {name!r}")
    for module_name in _NOTEBOOK_MODULES:
        module = import_module(f"newslit.{module_name}")
        value = getattr(module, name, None)
        if callable(value) and getattr(value, "__module__", None) == module.__name__:
            return value
    raise AttributeError(f"module 'newslit' has no attribute {name!r}")
