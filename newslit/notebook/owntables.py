"""Notebook 07's tables and chart: what the rules of ``newslit.source.any_article`` find on any article.

``show_all(article, analysis)`` displays, in reading order: the quotes and whom the page credits, what
the page does not say, the numbers and dates, the names, the hedge words, and one chart of where in the
article they are; then what the rules miss. Every table is a pandas DataFrame (escaped by pandas when
shown), every chart has a title, labelled axes and a text alternative.
"""
from __future__ import annotations

import html

import matplotlib.pyplot as plt
import pandas as pd

from newslit.notebook import charts
from newslit.notebook.tables import FullText
from newslit.source import any_article

KIND_NAMES = {"person": "person", "organisation": "group or organisation", "place": "place", "event": "event",
              "other": "other name", "money": "money", "percent": "percentage", "number": "number",
              "date": "date", "year": "year", "day": "day", "number word": "number in words"}
MISSES = ("quotes in single quotation marks, or running over several paragraphs; speakers named only in an "
          "earlier sentence; names that appear once at the start of a sentence; groups with no tell-tale word "
          "(like 'Oxfam'); hedges not on its list; and anything not in English. It cannot tell whether a name is "
          "real, or whether a person really said what the page says.")


def _heading(text: str, note: str = "") -> dict:
    small = f"<br><small>{html.escape(note)}</small>" if note else ""
    return {"text/plain": text + (f" ({note})" if note else ""),
            "text/html": f"<p style='margin:.8em 0 .2em'><strong>{html.escape(text)}</strong>{small}</p>"}


def quotes_table(analysis: any_article.Analysis) -> pd.DataFrame:
    rows = []
    for f in analysis.quotes:
        who = f.detail.get("speaker") or "nobody named"
        if f.detail.get("speaker_kind") == "pronoun" and f.detail.get("refers_to"):
            who = f"“{who}”, probably {f.detail['refers_to']}"
        rows.append({"Passage": f.passage, "Quote": f.span.strip(), "The page credits it to": who})
    return _table(rows, ["Passage", "Quote", "The page credits it to"])


def _table(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Full cells, the first column as the index (so no row numbers are shown)."""
    return FullText(pd.DataFrame(rows, columns=columns).set_index(columns[0]))


def not_said_table(analysis: any_article.Analysis) -> pd.DataFrame:
    what = {"author": "No author named", "date": "No date given", "links": "No links to sources",
            "unnamed source": "A source with no name", "reports say": "'Reports' with no report named",
            "unattributed quote": "A quote credited to nobody"}
    rows = [{"Passage": f.passage or "whole page", "What is missing": what.get(f.kind, f.kind),
             "Words on the page": f.span} for f in analysis.not_said]
    return _table(rows, ["Passage", "What is missing", "Words on the page"])


def spans_table(findings: list, what: str) -> pd.DataFrame:
    """One row per different span: where it appears and what kind of thing it is."""
    seen: dict[tuple[str, str], list[str]] = {}
    for f in findings:
        places = seen.setdefault((f.span, KIND_NAMES.get(f.kind, f.kind)), [])
        if f.passage not in places:
            places.append(f.passage)
    return _table([{what: span, "Kind": kind, "Passages": ", ".join(p for p in places if p)}
                   for (span, kind), places in seen.items()], [what, "Kind", "Passages"])


def where_chart(article: any_article.AnyArticle, analysis: any_article.Analysis) -> charts.Chart:
    """Stacked bars: quotes, numbers, hedge words and unnamed sources in each passage."""
    groups = {"quotes": analysis.quotes, "numbers and dates": analysis.numbers, "hedge words": analysis.hedges,
              "unnamed sources": [f for f in analysis.not_said if f.passage]}
    colours = dict(zip(groups, (charts.PALETTE["blue"], charts.PALETTE["orange"], charts.PALETTE["sky"],
                                charts.PALETTE["vermillion"])))
    ids = article.ids
    counts = {name: [sum(f.passage == pid for f in found) for pid in ids] for name, found in groups.items()}
    totals = [sum(column) for column in zip(*counts.values())]
    with plt.rc_context(charts._STYLE):
        figure, axes = charts.new_figure()
        bottom = [0] * len(ids)
        for name, values in counts.items():
            axes.bar(range(len(ids)), values, bottom=bottom, color=colours[name], label=name, **charts.BAR_EDGE)
            bottom = [a + b for a, b in zip(bottom, values)]
        axes.set_xticks(range(len(ids)), ids, rotation=90 if len(ids) > 20 else 0, fontsize=9)
        axes.set_yticks(range(0, max(totals + [1]) + 1))
        axes.legend(frameon=False, fontsize=9, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.18))
        title = charts.finish(figure, axes, "Where the article quotes, counts and hedges",
                              "Passage id, in the order of the article", "Things found")
    busiest = max(range(len(ids)), key=lambda i: totals[i]) if ids else 0
    parts = ", ".join(f"{sum(values)} {name}" for name, values in counts.items())
    description = (f"Across {len(ids)} passages the rules found {parts}. "
                   + (f"{ids[busiest]} has the most ({totals[busiest]})." if ids and totals[busiest] else
                      "No passage has any of them."))
    return charts.Chart(figure, title, description)


def show_all(article: any_article.AnyArticle, analysis: any_article.Analysis) -> None:
    from IPython.display import display

    if not article.english:
        display(_heading("This article is not in English", "the rules look for English words, so most "
                                                           "findings below will be missing"), raw=True)
    sections = [
        ("Quotes, and whom the page credits", "who the page says spoke, not who really did: that is for you "
         "to check", quotes_table(analysis)),
        ("What the page does not say", "the rules look for a missing author, date or link, and for sources "
         "with no name", not_said_table(analysis)),
        ("Numbers and dates", "", spans_table(analysis.numbers, "Number or date")),
        ("Names of people, groups and places", "found by rules: some may be in the wrong kind",
         spans_table(analysis.names, "Name")),
        ("Hedge words", "words that make a claim less sure", spans_table(analysis.hedges, "Hedge word")),
    ]
    for title, note, table in sections:
        display(_heading(title, note), raw=True)
        display(table if len(table) else _heading("(none found)"), raw=not len(table))
    charts.show(where_chart(article, analysis))
    display(_heading("What these rules miss", MISSES), raw=True)
