"""newslit: the package behind the news-literacy notebooks.

Subpackages in the order the flow runs: ``source`` (the article, the content tables about it, the
deny-list), ``questions`` (the catalogue), ``notebook`` (what notebooks display: passages, tables,
charts, questions as widgets, the name box and hand-in), ``answers`` (the answer store and who is
answering), ``classroom`` (a class's answers and the report) and ``teacher`` (handouts, the student
copy); beside them ``templates``, the Jinja2 templates every page is written from (the report, the
handouts, the hand-in copy). Maintainer tools are outside the package, in ``maintain/``.

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
    "ask": "notebook.widgets",
    "after": "notebook.reveal",
    "name_entry": "notebook.studentui",
    "saving_as": "notebook.studentui",
    "hand_in": "notebook.studentui",
    "trust_compare": "notebook.studentui",
    "your_answer": "notebook.studentui",
    "task_findings": "notebook.task",
    # the article
    "show": "notebook.reading",
    "show_all": "notebook.reading",
    # charts
    "chart": "notebook.charts",
    # tables (notebook by notebook)
    "structure": "notebook.tables",
    "longest": "notebook.tables",
    "glossary": "notebook.tables",
    "claim_kinds": "notebook.tables",
    "claims_table": "notebook.tables",
    "claim_evidence": "notebook.tables",
    "claim_reports": "notebook.tables",
    "claim_verdicts": "notebook.tables",
    "claim_kind_counts": "notebook.tables",
    "claim_verdict_counts": "notebook.tables",
    "findings_by_part": "notebook.tables",
    "hedge_counts": "notebook.tables",
    "hedge_sentences": "notebook.tables",
    "speaker_words": "notebook.tables",
    "quoted_words_share": "notebook.tables",
    "names_to_check": "notebook.tables",
    "name_check_key": "notebook.tables",
    "name_check_summary": "notebook.tables",
    "archyde_trail": "notebook.tables",
    "p6_reports": "notebook.tables",
    "story_chain": "notebook.tables",
    "chain_clues": "notebook.tables",
    "trace_rows": "notebook.tables",
    "search_results": "notebook.search",
    "search_review": "notebook.search",
    "chain_sources": "notebook.tables",
    "swap_check": "notebook.tables",
    "quote_findings": "notebook.tables",
    "galeotti_quote": "notebook.tables",
    "artifact_table": "notebook.tables",
    "artifact_counts": "notebook.tables",
    "isw_trace": "notebook.tables",
    "isw_projection": "notebook.tables",
    "p8_number_check": "notebook.tables",
    "other_estimates": "notebook.tables",
    "troop_estimates": "notebook.tables",
    "victorian_trace": "notebook.tables",
    "qa_claims": "notebook.tables",
    "voices": "notebook.tables",
    "missing_voices": "notebook.tables",
    "publishing_debate": "notebook.tables",
    "afterwards": "notebook.tables",
    "what_groups_asked": "notebook.tables",
    # notebook 07: any article
    "choose_article": "notebook.ownarticle",
    "own_article": "notebook.ownarticle",
    "own_findings": "notebook.ownarticle",
    "search_sources": "notebook.ownarticle",
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
