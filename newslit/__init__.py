"""newslit: the package behind the news-literacy notebooks.

One module per job: ``article`` (the seed parsed into passages), ``content`` (the curated tables
about the article), ``privacy`` (the deny-list that keeps the two prisoners unidentified),
``questions`` (the catalogue), ``answers`` (the answer store), ``student`` (who is answering),
``widgets`` (questions as ipywidgets), ``studentui`` (name box, hand-in button), ``reading`` (passages
in a notebook), ``tables`` and ``charts`` (what notebooks show), ``classroom`` and ``report`` (the
class report).

The notebook façade
-------------------
Notebooks call one-line cells: ``import newslit as nl`` then ``nl.ask("n00-practice-text")``,
``nl.show("P2")``, ``nl.name_entry()``, ``nl.hand_in()``. What ``nl`` offers is the written list
``NOTEBOOK_API`` (name -> the module that defines it), exported as ``__all__`` and listed by
``dir(nl)``. Each name is imported only when a notebook first uses it, so ``import newslit`` costs
nothing and the class report never imports widgets. A new table or chart for notebooks is added to
the list; nothing is found by searching modules in turn.
"""

from importlib import import_module

__version__ = "0.1.0"

# What notebooks use, by the module that defines it.
NOTEBOOK_API = {
    # questions, names and the hand-in
    "ask": "widgets",
    "name_entry": "studentui",
    "hand_in": "studentui",
    "trust_compare": "studentui",
    # the article
    "show": "reading",
    "show_all": "reading",
    # charts
    "chart": "charts",
    # tables (notebook by notebook)
    "structure": "tables",
    "longest": "tables",
    "glossary": "tables",
    "claim_kinds": "tables",
    "claims_table": "tables",
    "claim_evidence": "tables",
    "claim_kind_counts": "tables",
    "claim_verdict_counts": "tables",
    "findings_by_part": "tables",
    "hedge_counts": "tables",
    "hedge_sentences": "tables",
    "speaker_words": "tables",
    "quoted_words_share": "tables",
    "names_to_check": "tables",
    "name_check_key": "tables",
    "archyde_trail": "tables",
    "p6_reports": "tables",
    "story_chain": "tables",
    "trace_rows": "tables",
    "artifact_table": "tables",
    "artifact_counts": "tables",
    "isw_trace": "tables",
    "other_estimates": "tables",
    "troop_estimates": "tables",
    "victorian_trace": "tables",
    "qa_claims": "tables",
    "voices": "tables",
    "missing_voices": "tables",
    "publishing_debate": "tables",
    "afterwards": "tables",
    "what_groups_asked": "tables",
}
__all__ = sorted(NOTEBOOK_API)


def __getattr__(name):
    """``nl.ask``, ``nl.show``, ``nl.structure`` …: the façade's names, imported on first use."""
    module_name = NOTEBOOK_API.get(name)
    if module_name is None:
        raise AttributeError(f"module 'newslit' has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module_name}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__():
    return sorted({*globals(), *__all__})
