"""Tables students read in the notebooks: small pandas DataFrames with plain column names.

Each function returns a DataFrame (shown by the notebook as an HTML table and compared by nbval as
text), built from the parsed article or the content tables, never from saved answers.
"""
from __future__ import annotations

import pandas as pd

from . import content
from .article import load_article
from .charts import part_of


def passage_table() -> pd.DataFrame:
    """Every passage: id, part of the page, first line, words, sentences, and its first words."""
    article = load_article()
    frame = article.passages_frame()
    return pd.DataFrame({
        "part": [part_of(p) for p in article.passages],
        "line": frame["line"],
        "words": frame["words"],
        "sentences": frame["sentences"],
        "starts with": [" ".join(text.split()[:6]) + " …" for text in frame["text"]],
    }, index=frame.index.rename("passage"))


def structure() -> pd.DataFrame:
    """Words and passages per part of the page, with each part's share of all words."""
    table = passage_table().groupby("part", sort=False).agg(passages=("words", "size"), words=("words", "sum"))
    table["share of words"] = (table["words"] / table["words"].sum()).map(lambda s: f"{round(s * 100)}%")
    return table


def longest(count: int = 5) -> pd.DataFrame:
    """The longest passages, longest first."""
    return passage_table().nlargest(count, "words")[["part", "words", "starts with"]]


def glossary() -> pd.DataFrame:
    """Words students need, in plain language (content table ``glossary``)."""
    table = content.table("glossary", "students")
    return table[["term", "meaning"]].set_index("term")


# --- end of tables ---
