"""What is known about the article, as tables: load them into pandas and validate them.

The tables live in ``newslit/content/*.csv`` (their columns and vocabularies are described in
``newslit/content/README.md``) and are read as package data, so notebooks work from any folder::

    from newslit.source import content
    content.table("claims")              # every row, for teachers
    content.table("claims", "students")  # only what students may see
    content.viewpoints()                 # with word counts and shares computed from the article
    content.validate()                   # [] when every table is consistent

Certainty follows one vocabulary (DESIGN "Certainty"): the evidence tag R / I / M from the fact sheet
and a status settled / likely / open; a row tagged I or M is never settled.

**Settled** means one thing (``SETTLED_MEANS``, shown to students in notebook 00 and to teachers in the
guide): the record itself shows it (a reference of quality ``primary``: the article page, a treaty, an
organisation's own statement), or two or more sources of independent origin say it, and nothing we read
contradicts it. Independence is about origin, not count: each reference names what it ``derives_from``
(a wire report carried by three sites is one origin), and ``validate`` refuses a settled row that does
not meet the rule.
"""
from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from newslit.source import privacy
from newslit.source.article import count_words, load_article

EVIDENCE = ("R", "I", "M")
STATUS = ("settled", "likely", "open")
AUDIENCE = ("students", "teachers")
CATEGORIES = ("event", "quote", "number", "interpretation", "unverified_report", "framing", "unknown_origin")
VERDICTS = ("confirmed", "partly true", "corrected", "unverified", "opinion", "unknown origin")
SOURCE_TYPES = ("person", "organisation", "outlet", "government")
PRESENCE = ("quoted", "reported", "mentioned", "absent")
ARTIFACT_TYPES = (
    "typo", "spacing", "capitalisation", "synonym_swap", "transliteration", "back_translation",
    "misattribution", "meaning_drift", "template", "filler", "compression", "spelling_variety",
)
MEASURES = ("contingent", "casualties", "killed", "wounded", "rate_per_day", "weeks", "share")
QUALITY = ("primary", "news", "aggregator", "mirror", "reference", "community", "weak")
SPAN_SEPARATOR = " || "
SETTLED_MEANS = ("settled: the original record shows it, or at least two sources that got it independently say it, "
                 "and nothing we read says otherwise")
SEARCH_RESULTS = ("useful", "copy", "off-topic", "unreliable", "self")  # what a practice search result is
CAUTIONS = ("preview", "never-project")  # preview: teachers look first; never-project: the address itself is teacher-only

CERTAINTY = ["evidence", "status", "refs", "audience"]
COLUMNS = {
    "claims": ["id", "passage", "quote", "asserted_by", "categories", "verdict", "independent", *CERTAINTY, "factsheet"],
    "sources": ["id", "as_printed", "real_name", "role", "type", "used_for", "basis", "interest", "passages", *CERTAINTY],
    "viewpoints": ["id", "stakeholder", "presence", "how_shown", "spans", "note", *CERTAINTY],
    "artifacts": ["id", "passage", "text", "type", "meant", "note", *CERTAINTY],
    "timeline": ["id", "date", "date_end", "event", "who", *CERTAINTY],
    "numbers": ["id", "figure", "value", "measure", "estimated_by", "date", "condition", "passage", "quote", *CERTAINTY],
    "references": ["id", "outlet", "title", "date", "url", "read_via", "derives_from", "quality", "note", "audience",
                   "caution"],
    "glossary": ["id", "term", "meaning", "kind", "evidence", "status", "refs", "audience"],
    "debate": ["id", "side", "date", "who", "point", "evidence", "status", "refs", "audience"],
    "chain": ["id", "version", "when", "seen", "after", "link", "how_we_know", "clue", "rows"],
    "words": ["id", "term", "forms", "meaning"],
    "search": ["id", "task", "query", "rank", "title", "site", "snippet", "result", "ref"],
}
TABLES = tuple(COLUMNS)
# Columns whose value must come from a fixed vocabulary; ";" marks a list column.
VOCABULARIES = {
    "evidence": (EVIDENCE, False), "status": (STATUS, False), "audience": (AUDIENCE, False),
    "categories": (CATEGORIES, True), "verdict": (VERDICTS, False), "type": (None, False),
    "presence": (PRESENCE, False), "measure": (MEASURES, False), "quality": (QUALITY, False),
    "side": (("said when publishing", "the case for publishing", "concerns raised", "how experts read the rule"), False),
    "caution": (CAUTIONS, False),
    "link": (("read", "inferred"), False),
    "result": (SEARCH_RESULTS, False),
}
TYPE_VOCABULARY = {"sources": SOURCE_TYPES, "artifacts": ARTIFACT_TYPES}
GLOSSARY_KINDS = ("word", "fact")  # a "word" is a plain definition; a "fact" carries certainty and refs
# (column holding an exact span, column holding its passage id)
SPANS = {"claims": ("quote", "passage"), "artifacts": ("text", "passage"), "numbers": ("quote", "passage")}
OPTIONAL = {"ref", "after", "link", "how_we_know", "clue", "date_end", "read_via", "note", "passage", "quote", "spans", "refs", "date", "title",
            "caution"}


def split_list(value: str) -> list[str]:
    """A ``;``-separated cell as a list (empty cell: empty list)."""
    return [item.strip() for item in value.split(";") if item.strip()]


@cache
def _rows(name: str) -> tuple[dict, ...]:
    """The raw rows of one table, read as package data (cached; callers get copies via table())."""
    if name not in COLUMNS:
        raise KeyError(f"No table {name!r}. Tables: {', '.join(TABLES)}")
    text = resources.files("newslit").joinpath("content", f"{name}.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != COLUMNS[name]:
        raise ValueError(f"{name}.csv has columns {reader.fieldnames}, expected {COLUMNS[name]}")
    return tuple({key: (value or "").strip() for key, value in row.items()} for row in reader)


def table(name: str, audience: str = "teachers"):
    """One content table as a DataFrame indexed by id; ``audience="students"`` drops teacher-only rows."""
    import pandas as pd

    if audience not in AUDIENCE:
        raise ValueError(f"audience must be one of {AUDIENCE}, not {audience!r}")
    frame = pd.DataFrame(list(_rows(name)), columns=COLUMNS[name])
    if audience == "students" and "audience" in frame:
        frame = frame[frame["audience"] == "students"]
    return frame.set_index("id")


def viewpoints(audience: str = "teachers"):
    """The viewpoints table with ``words`` and ``share`` of the article computed from its spans."""
    frame = table("viewpoints", audience)
    total = sum(p.words for p in load_article().passages)
    frame["words"] = [sum(count_words(s) for s in value.split(SPAN_SEPARATOR) if s.strip()) for value in frame["spans"]]
    frame["share"] = (frame["words"] / total).round(3)
    return frame


def validate() -> list[str]:
    """Every inconsistency in the tables, as readable messages; an empty list means all is well."""
    article = load_article()
    problems: list[str] = []
    reference_ids = {row["id"]: row["audience"] for row in _rows("references")}
    references = {row["id"]: row for row in _rows("references")}
    for name in TABLES:
        try:
            rows = _rows(name)
        except (ValueError, FileNotFoundError) as error:
            problems.append(str(error))
            continue
        problems += _check_table(name, rows, article, reference_ids)
        problems += [f"{name}.csv ({row['id']}): {p}" for row in rows for p in settled_problems(row, references)]
    return problems


def independent_origins(ref_ids, references: dict | None = None) -> set[str]:
    """The distinct origins (``derives_from``) of some references: copies of one report count once."""
    references = references or {row["id"]: row for row in _rows("references")}
    return {references[r]["derives_from"] for r in ref_ids if r in references}


def settled_problems(row: dict, references: dict) -> list[str]:
    """Why a row marked settled does not meet ``SETTLED_MEANS`` (empty when it does, or is not settled)."""
    if row.get("status") != "settled":
        return []
    refs = split_list(row.get("refs", ""))
    if any(references.get(r, {}).get("quality") == "primary" for r in refs):
        return []
    origins = independent_origins(refs, references)
    if len(origins) >= 2:
        return []
    return [f"marked settled, but its references come from {len(origins)} origin(s) ({', '.join(sorted(origins)) or 'none'}) "
            "and none is a primary record: cite a second independent source or mark it likely"]


def _check_table(name: str, rows, article, reference_ids: dict[str, str]) -> list[str]:
    found, seen = [], set()
    for number, row in enumerate(rows, start=2):
        where = f"{name}.csv line {number} ({row.get('id') or 'no id'})"
        if not row["id"] or row["id"] in seen:
            found.append(f"{where}: id missing or repeated")
        seen.add(row["id"])
        plain_word = name == "glossary" and row.get("kind") == "word"
        if name == "glossary" and row.get("kind") not in GLOSSARY_KINDS:
            found.append(f"{where}: kind {row.get('kind')!r} is not one of {GLOSSARY_KINDS}")
        for column, value in row.items():
            teacher_only_url = column == "url" and row.get("caution") == "never-project"  # blanked in the student copy
            if not value and column not in OPTIONAL and not teacher_only_url and not (
                    plain_word and column in ("evidence", "status")):
                found.append(f"{where}: {column} is empty")
        found += _check_vocabularies(name, row, where)
        found += _check_certainty(row, where, reference_ids)
        found += _check_spans(name, row, where, article)
        audience = row.get("audience", "teachers")
        found += [f"{where}: deny-list: {p}" for p in privacy.problems(" ".join(row.values()), audience)]
    return found


def _check_vocabularies(name: str, row: dict, where: str) -> list[str]:
    found = []
    for column, (allowed, is_list) in VOCABULARIES.items():
        if column not in row or not row[column]:
            continue
        allowed = allowed or TYPE_VOCABULARY.get(name)
        values = split_list(row[column]) if is_list else [row[column]]
        found += [f"{where}: {column} {v!r} is not one of {allowed}" for v in values if v not in allowed]
    return found


def _check_certainty(row: dict, where: str, reference_ids: dict[str, str]) -> list[str]:
    if "evidence" not in row or (row.get("kind") == "word" and not row["evidence"]):
        return []
    found = []
    if row["audience"] == "students":
        found += [f"{where}: a students row cites the teachers-only reference {r!r}"
                  for r in split_list(row["refs"]) if reference_ids.get(r) == "teachers"]
    if row["evidence"] in ("I", "M") and row["status"] == "settled":
        found.append(f"{where}: a row tagged [{row['evidence']}] cannot be settled")
    refs = split_list(row["refs"])
    found += [f"{where}: unknown reference {r!r}" for r in refs if r not in reference_ids]
    if row["evidence"] == "R" and not refs:
        found.append(f"{where}: a row read in a source [R] must cite a reference")
    return found


def _check_spans(name: str, row: dict, where: str, article) -> list[str]:
    found = []
    passage_ids = split_list(row.get("passages", "")) + ([row["passage"]] if row.get("passage") else [])
    found += [f"{where}: no passage {p!r}" for p in passage_ids if p not in article]
    if name in SPANS:
        span_column, passage_column = SPANS[name]
        span, passage = row[span_column], row[passage_column]
        if span and passage in article and span not in article.text(passage):
            found.append(f"{where}: {span!r} is not in {passage} word for word")
        if span and not passage:
            found.append(f"{where}: a quoted span needs its passage")
    if name == "viewpoints":
        for span in filter(str.strip, row["spans"].split(SPAN_SEPARATOR)):
            if not article.find(span.strip()):
                found.append(f"{where}: span {span.strip()[:60]!r} is not in the article word for word")
    return found
