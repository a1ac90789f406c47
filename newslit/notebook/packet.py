"""A search over a packet of invented web pages: what a search finds, shown as a results page.

Used wherever students search pages that exist only in the module (a practice article's source packet
in notebook 07, the before-and-after task's pages): a page shows only as the result of a search the
student types, so the student searches before anything is found for them.
"""
from __future__ import annotations

import re

from newslit.questions.kinds import esc
from newslit.source import articles

SHOWN = 3  # results a search lists at most, best first: a search as wide as the packet is no check


def marked(text: str, words: list[str]) -> str:
    """``text`` escaped, with each searched word in ``<mark>``."""
    if not words:
        return esc(text)
    pattern = re.compile("|".join(articles.word_pattern(w).pattern for w in sorted(words, key=len, reverse=True)),
                         re.I)
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [esc(text[last:match.start()]), f"<mark>{esc(match.group())}</mark>"]
        last = match.end()
    return "".join(out) + esc(text[last:])


def results_html(pages: list[articles.SourcePage], query: str) -> str:
    """The pages that a search for ``query`` finds, as HTML (a status line first), or why none was found."""
    words = articles.search_words(query)
    if not words:
        return "<p role='status'>Type a word or a name to search for.</p>"
    found = articles.search_packet(pages, words)
    shown_query = esc(query.strip())
    if not found:
        number = any(ch.isdigit() for ch in query)
        hint = (" A number may be written in words on the page it came from (eleven, not 11), or may have "
                "changed on its way: search for the words around it instead (who counted it, or what was "
                "counted)." if number else " Try one word, or another spelling of the name.")
        return f"<p role='status'>No page found for “{shown_query}”.{hint}</p>"
    more = ""
    if len(found) > SHOWN:
        more = (f" the best {SHOWN} of {len(found)}. Add a word, or search for a name, to find the others")
        found = found[:SHOWN]
    shown = "".join(
        f"<article style='border-left:3px solid #888;padding:.1em .8em;margin:.6em 0'>"
        f"<h4 style='margin:.3em 0'>{marked(p.title, words)}</h4>"
        f"<p style='margin:.2em 0'><small>{marked(p.outlet, words)} · {esc(p.date)}</small></p>"
        + "".join(f"<p style='margin:.3em 0'>{marked(para, words)}</p>" for para in p.text.split("\n\n"))
        + "</article>" for p in found)
    if more:
        return f"<p role='status'>Pages found for “{shown_query}”:{esc(more)}.</p>{shown}"
    return f"<p role='status'>{len(found)} page{'s' if len(found) > 1 else ''} found for “{shown_query}”:</p>{shown}"
