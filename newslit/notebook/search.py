"""Practice search results: what a search for a task returns, for rooms without web search.

The content table ``search`` (``newslit/content/search.csv``) holds, for each search task (a question
id), the queries a student might type and, for each, five or six results in the order a results page
shows them: some useful, some copies of the same story, some off-topic or with no clear owner. Titles and
snippets are our own words. A student judges the results first (``search_results``); once the task is
answered, ``search_review`` says what each result was (bound with ``nl.after``). Why each result is in
the list is for teachers only and lives in the lesson plans, not here.
"""
from __future__ import annotations

from newslit.source import content
from newslit.templates import Markup, render

# Plain words for the table's ``result`` column.
RESULT_WORDS = {
    "useful": "useful: a source that does not depend on the page you are checking",
    "copy": "another copy of the same story: not a second source",
    "off-topic": "about something else that shares some words",
    "unreliable": "no clear author or owner: not reliable",
    "self": "the site's own page about itself: it says what the site wants you to believe",
}


def _rows(task: str, queries: tuple[str, ...] = ()) -> list[dict]:
    table = content.table("search")
    rows = table[table["task"] == task].reset_index().to_dict("records")
    if queries:
        rows = [r for r in rows if r["query"] in queries]
    if not rows:
        raise KeyError(f"No practice search results for {task!r}" + (f" and {queries}" if queries else "") + ".")
    return sorted(rows, key=lambda r: (list(dict.fromkeys(x["query"] for x in rows)).index(r["query"]), int(r["rank"])))


class SearchResults:
    """The practice results of one task, as a display bundle (HTML and plain text)."""

    def __init__(self, task: str, queries: tuple[str, ...] = ()):
        self.task = task
        self.rows = _rows(task, queries)

    def queries(self) -> list[tuple[str, list[dict]]]:
        grouped: dict[str, list[dict]] = {}
        for row in self.rows:
            grouped.setdefault(row["query"], []).append(row)
        return list(grouped.items())

    def html(self) -> str:
        return render("search_results.html.j2", queries=self.queries())

    def plain(self) -> str:
        lines = ["Practice results (for rooms without web search). Some help, some do not."]
        for query, results in self.queries():
            lines.append(f"Results for: {query}")
            lines += [f"  {r['rank']}. {r['title']} ({r['site']}): {r['snippet']}" for r in results]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.plain(), "text/html": self.html()}

    def __repr__(self) -> str:
        return self.plain()


def search_results(task: str, *queries: str) -> SearchResults:
    """The practice results for one search task (a question id), before the student answers; only those of
    the given queries when some are named (a lesson that has room for one search)."""
    return SearchResults(task, queries)


def search_review(task: str):
    """After the task: what each practice result was (useful, a copy, off-topic …), one row per result."""
    import pandas as pd

    from newslit.notebook.tables import FullText

    rows = [{"search": r["query"], "result": f"{r['rank']}. {r['title']} ({r['site']})",
             "what it was": RESULT_WORDS[r["result"]]} for r in _rows(task)]
    return FullText(pd.DataFrame(rows).set_index(["search", "result"]))


__all__ = ["Markup", "RESULT_WORDS", "SearchResults", "search_results", "search_review"]
