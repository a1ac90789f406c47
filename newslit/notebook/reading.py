"""Showing the article in a notebook: passages with their ids, as HTML and as plain text.

``show("H", "TOC")`` displays those passages; ``show_all()`` the whole article. Each display carries
``text/plain`` and ``text/html`` built from the seed only, so strict nbval compares them exactly.
Every string from the article is escaped before it becomes HTML.
"""
from __future__ import annotations

import html

from newslit.source.article import Passage, load_article

_KIND_NOTE = {"question": "Q&A, interviewer", "answer": "Q&A, printed under “Sokil Park”", "qa_intro": "Q&A intro",
              "heading": "section heading", "contents": "contents list", "headline": "headline"}


class Passages:
    """A display bundle of passages (not a widget: nothing here changes when a student answers)."""

    def __init__(self, passages: list[Passage]):
        self.passages = passages

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.plain(), "text/html": self.html()}

    def __repr__(self) -> str:
        return self.plain()

    def plain(self) -> str:
        return "\n".join(f"{p.id} (line {p.line}{'–' + str(p.last_line) if p.last_line != p.line else ''}): "
                         f"{_spoken(p)}" for p in self.passages)

    def html(self) -> str:
        rows = []
        for p in self.passages:
            note = _KIND_NOTE.get(p.kind, "")
            lines = f"line {p.line}" if p.line == p.last_line else f"lines {p.line}–{p.last_line}"
            text = html.escape(_spoken(p)).replace("\n", "<br>")
            rows.append(
                "<div style='display:flex;gap:.8em;margin:.35em 0;max-width:52em'>"
                "<div style='min-width:3.6em;font-weight:bold;font-family:monospace' "
                f"aria-label='passage {p.id}'>{p.id}</div>"
                f"<div><div style='color:#555;font-size:.85em'>{lines}{' · ' + note if note else ''}</div>"
                f"<div style='{'font-weight:bold;' if p.kind in ('headline', 'heading') else ''}'>{text}"
                "</div></div></div>")
        return "<div class='newslit-passages'>" + "".join(rows) + "</div>"


def _spoken(p: Passage) -> str:
    return f"{p.speaker}: {p.text}" if p.speaker else p.text


def passages(*ids: str) -> Passages:
    article = load_article()
    chosen = []
    for pid in ids:
        if pid in article.pairs:
            chosen.extend(article.pairs[pid])
        else:
            chosen.append(article[pid])
    return Passages(chosen)


def show(*ids: str) -> None:
    """Display the passages with these ids (e.g. ``show("P2")``, ``show("Q3")`` for a Q&A pair)."""
    from IPython.display import display

    display(passages(*ids))


def show_all() -> None:
    """Display the whole article, passage by passage, with ids and line numbers."""
    from IPython.display import display

    display(Passages(load_article().passages))
