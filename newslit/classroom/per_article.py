"""Notebooks 07a/07b in the class report: their answers are filed per article (``newslit.answers.keyed``),
so each article a class checked gets its own copy of those questions, labelled with its title.

An answer to ``n07-verdict`` about the article with key ``87f7d7c16770`` is the column
``n07-verdict.87f7d7c16770``. ``class_articles`` reads each article's title from the students'
``n07-article.<key>`` records (the title most of them saw; a pasted article may have none), and
``article_question`` makes the catalogue question for one article: the same kind, prompt and options,
with the keyed id, so every summary, chart and table of the report works on it unchanged. A sorting of
the student's own claims has no shared items: its items are "Claim 1" … "Claim 5" (each student's own
claims are in the CSV).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newslit.answers.keyed import ARTICLE_RECORD, split_keyed
from newslit.questions.entries import Question

NO_TITLE = "(an article with no title)"


@dataclass(frozen=True)
class ClassArticle:
    """One article the class worked on: its key, its title and how many students chose it."""

    key: str
    title: str
    students: int


def class_articles(columns, answers) -> dict[str, ClassArticle]:
    """The articles of ``n07-article.<key>`` columns of ``answers`` (a DataFrame), by key, in title order."""
    found = []
    for column in columns:
        base, key = split_keyed(column)
        if base != ARTICLE_RECORD or key is None:
            continue
        values = [v for v in answers[column].tolist() if isinstance(v, dict)]
        titles = Counter(str(v.get("title") or "").strip() for v in values)
        titles.pop("", None)
        titles.pop("(no title)", None)
        title = titles.most_common(1)[0][0] if titles else NO_TITLE
        found.append(ClassArticle(key=key, title=title, students=len(values)))
    found.sort(key=lambda a: (a.title.casefold(), a.key))
    return {a.key: a for a in found}


def keyed_questions(columns, articles: dict[str, ClassArticle], catalogue: dict[str, Question]) -> list[str]:
    """The keyed columns that are catalogue questions about a known article: article by article (in
    ``articles``' order), and within one article in catalogue order."""
    wanted = {}
    for column in columns:
        base, key = split_keyed(column)
        if key in articles and base in catalogue:
            wanted[(key, base)] = column
    order = list(catalogue)
    return [wanted[key, base] for key in articles for base in order if (key, base) in wanted]


def article_question(base: Question, article: ClassArticle, column: str) -> Question:
    """The catalogue question ``base`` asked about ``article``, under its column id."""
    raw = dict(base.raw, id=column, article=article.title)
    if base.get("items_from"):  # sorted the student's own claims: no shared items
        raw["items"] = [dict(item, text=f"Claim {n}") for n, item in enumerate(base.get("items", []), start=1)]
    return Question(id=column, notebook=base.notebook, kind=base.kind, prompt=base.prompt, label=base.label,
                    passage=base.passage, private=base.private, certainty=base.certainty, raw=raw)
