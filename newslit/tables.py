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


def what_groups_asked() -> pd.DataFrame:
    """What human-rights bodies and groups asked for about the two prisoners (timeline rows)."""
    wanted = ["T12", "T13", "T18", "T22", "T26", "T33"]
    table = content.table("timeline", "students").loc[wanted]
    return pd.DataFrame({"date": table["date"], "who": table["who"], "what they said or asked": table["event"]},
                        index=table.index.rename("row"))


def findings_by_part() -> pd.DataFrame:
    """How sure the module's checks are, for the article and for the Q&A: claims counted by status."""
    claims = content.table("claims", "students")
    part = claims["passage"].map(lambda p: "Q&A “interview”" if p.startswith("Q") else "Article and headline")
    table = pd.crosstab(part, claims["status"]).reindex(columns=list(content.STATUS), fill_value=0)
    table.index.name, table.columns.name = "part", "status of the finding"
    return table


# ---------------------------------------------------------------- notebook 03: sources

import re  # noqa: E402  (imports of the notebook-03 functions, kept with them)

from .article import count_words  # noqa: E402

SOURCES_WRITER = "Archyde as writer (headline, headings, narration)"
SOURCES_INTERVIEWER = "Archyde as interviewer (Q&A intro and questions)"
SOURCES_QA = "Attributed to 'Sokil Park' in a Q&A of unknown origin"
SOURCES_PARK = "'Sokil Park' in the article (real name Sokeel Park)"
# Who each body passage quotes, as the page presents it, and the content-table row to read about them.
# Words inside quotation marks belong to that speaker; every other word of the body is the writer's.
_SOURCES_QUOTED_IN = {
    "P2": ("A captured soldier (words from a video, as retold)", "viewpoints V12"),
    "P3": (SOURCES_PARK, "sources S04"),
    "P4": ("Daniel Tudor", "sources S07"),
    "P5": (SOURCES_PARK, "sources S04; claims C20-C21"),
    "P6": (SOURCES_PARK, "sources S04; claims C25"),
    "P7": ("Mark Galeotti", "sources S09"),
    "P8": ("Rob Bauer", "sources S11"),
}
# A quotation: from an opening or closing curly mark (P7 opens its quote with a closing one: ,”The …)
# to the next closing mark.
_SOURCES_QUOTE = re.compile(r"[“”]([^“”]+)”")
SOURCES_GROUPS = {"Archyde": "Archyde's own words", "quoted": "Quoted in the article",
                  "qa": "Q&A of unknown origin"}


def _sources_speaker_rows() -> list[dict]:
    """One row per stretch of words on the page: who it belongs to (as printed), its passage, words."""
    rows = []
    for p in load_article().passages:
        if p.kind == "answer":
            rows.append({"speaker": SOURCES_QA, "group": "qa", "passage": p.id, "words": p.words, "see": "sources S05"})
        elif p.kind in ("question", "qa_intro"):
            rows.append({"speaker": SOURCES_INTERVIEWER, "group": "Archyde", "passage": p.id, "words": p.words,
                         "see": "sources S20"})
        else:
            quoted = 0
            if p.id in _SOURCES_QUOTED_IN:
                speaker, see = _SOURCES_QUOTED_IN[p.id]
                quoted = sum(count_words(q) for q in _SOURCES_QUOTE.findall(p.text))
                rows.append({"speaker": speaker, "group": "quoted", "passage": p.id, "words": quoted, "see": see})
            rows.append({"speaker": SOURCES_WRITER, "group": "Archyde", "passage": p.id, "words": p.words - quoted,
                         "see": "sources S20"})
    return rows


def speaker_words() -> pd.DataFrame:
    """Words per speaker on the whole page, most first: counted from the article with pandas."""
    rows = pd.DataFrame(_sources_speaker_rows())
    table = rows.groupby("speaker", sort=False).agg(
        group=("group", "first"), passages=("passage", lambda ids: ", ".join(dict.fromkeys(ids))),
        words=("words", "sum"), see=("see", lambda s: "; ".join(dict.fromkeys("; ".join(s).split("; ")))))
    table["group"] = table["group"].map(SOURCES_GROUPS)
    table["share of page"] = (table["words"] / table["words"].sum()).map(lambda s: f"{s * 100:.1f}%")
    table = table.sort_values("words", ascending=False, kind="stable")
    passages = table.pop("passages")
    table["passages"] = [p if len(p) <= 24 else f"{p.split(', ')[0]} to {p.split(', ')[-1]}" for p in passages]
    return table[["group", "words", "share of page", "passages", "see"]]


def quoted_words_share() -> pd.DataFrame:
    """A filter and a share: only words the page puts in someone else's mouth (not Archyde's own)."""
    table = speaker_words()
    quoted = table[table["group"] != SOURCES_GROUPS["Archyde"]][["group", "words"]].copy()
    quoted["share of quoted words"] = (quoted["words"] / quoted["words"].sum()).map(lambda s: f"{round(s * 100)}%")
    return quoted


class _SourcesFullTable:
    """A DataFrame shown in full: pandas' own ``to_html``/``to_string``, which never cut long cells
    to "…" (the notebook's default display does, at 50 characters). Deterministic, so nbval compares it."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.frame.to_string(), "text/html": self.frame.to_html(border=1)}

    def __repr__(self) -> str:
        return self.frame.to_string()


SOURCES_NAME_CHECK = ("S04", "S06", "S13", "S09", "S10", "S07", "S11", "S12")
_SOURCES_FIELDS = {"real_name": "real name", "role": "who they are", "basis": "basis of expertise or access",
                   "interest": "possible interest", "used_for": "how the article uses them",
                   "sources used": "sources used", "how sure": "how sure"}
_SOURCES_HOW_SURE = {"R": "R (read in a cited source)", "I": "I (our inference)", "M": "M (unconfirmed)"}


def names_to_check() -> _SourcesFullTable:
    """The names students check, as the article prints them and where (content table ``sources``)."""
    table = content.table("sources", "students").loc[[*SOURCES_NAME_CHECK, "S20"], ["as_printed", "passages"]]
    table["passages"] = table["passages"].str.replace(";", ", ")
    return _SourcesFullTable(table.rename(columns={"as_printed": "name as printed"}).rename_axis("sources row"))


def name_check_key(*ids: str) -> _SourcesFullTable:
    """The students' view of ``sources.csv`` as the name-check key: one block of fields per name."""
    ids = ids or SOURCES_NAME_CHECK
    sources = content.table("sources", "students").loc[list(ids)]
    outlets = content.table("references", "students")["outlet"]
    rows = []
    for sid, row in sources.iterrows():
        cited = [outlets[r] for r in content.split_list(row["refs"]) if r in outlets.index]
        values = {**row, "sources used": "; ".join(dict.fromkeys(cited)),
                  "how sure": f"{_SOURCES_HOW_SURE[row['evidence']]}, {row['status']}"}
        name = f"{sid}: {row['as_printed']}"
        rows += [{"name as printed": name, "field": label, "what the fact-check found": values[column]}
                 for column, label in _SOURCES_FIELDS.items()]
    return _SourcesFullTable(pd.DataFrame(rows).set_index(["name as printed", "field"]))


def archyde_trail() -> _SourcesFullTable:
    """What outside sources say about the page and its address (content table ``references``)."""
    refs = content.table("references", "students").loc[["archyde", "world-today-news", "seo-spam-blocklist"]]
    table = refs[["outlet", "quality", "note"]].rename(columns={"note": "what it shows"})
    return _SourcesFullTable(table.rename_axis("reference"))


def p6_reports() -> _SourcesFullTable:
    """What the fact-check found about the unnamed "reports" of P6 (students' rows only)."""
    event = content.table("timeline", "students").loc["T01"]
    claim = content.table("claims", "students").loc["C24"]
    rows = [
        {"row": "timeline T01", "date": event["date"], "what the fact-check found": event["event"],
         "evidence": event["evidence"], "status": event["status"]},
        {"row": "claims C24", "date": "", "what the fact-check found": claim["independent"],
         "evidence": claim["evidence"], "status": claim["status"]},
    ]
    return _SourcesFullTable(pd.DataFrame(rows).set_index("row"))


# --- end of tables ---
