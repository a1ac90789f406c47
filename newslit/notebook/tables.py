"""Tables students read in the notebooks: small pandas DataFrames with plain column names.

Each function returns a DataFrame (shown by the notebook as an HTML table and compared by nbval as
text), built from the parsed article or the content tables, never from saved answers.

pandas draws a table with a named index as two header rows (the column names, then the index's name
in a row of its own, with empty cells): a screen reader announces the empty cells and a reader sees a
header misaligned with the rows. ``one_header_row`` puts the index's name into the first row's empty
corner, and importing this module has the notebook's kernel show every DataFrame that way.
"""
from __future__ import annotations

import re

import pandas as pd

from newslit.source import content
from newslit.source.article import PARTS, load_article, part_of

_SPLIT_HEADER = re.compile(
    r"(<thead>\s*<tr[^>]*>\s*)<th></th>(.*?</tr>)\s*<tr>\s*<th>([^<]*)</th>(?:\s*<th></th>)+\s*</tr>", re.S)


def one_header_row(table_html: str) -> str:
    """pandas' HTML table with its index's name moved up into the column header row (see above)."""
    return _SPLIT_HEADER.sub(r"\1<th>\3</th>\2", table_html, count=1)


def _show_dataframes_with_one_header_row() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - the notebooks always have IPython
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(
            pd.DataFrame, lambda frame: one_header_row(frame._repr_html_() or ""))


class FullText(pd.DataFrame):
    """A DataFrame shown with every cell in full, left- and top-aligned, so sentences can be read.

    pandas cuts cells at 50 characters by default ("…"); only this table's display changes, and any
    pandas operation on it returns a plain DataFrame. Deterministic, so nbval compares it as usual.
    """

    @property
    def _constructor(self):
        return pd.DataFrame

    def _repr_html_(self):
        with pd.option_context("display.max_colwidth", None):
            table = super()._repr_html_()
        return one_header_row(table.replace("<td>", '<td style="text-align: left; vertical-align: top;">')
                              .replace('<tr style="text-align: right;">', '<tr style="text-align: left;">'))

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None):
            return super().__repr__()


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
    return FullText(table[["term", "meaning"]].set_index("term"))


def what_groups_asked() -> pd.DataFrame:
    """What human-rights bodies and groups asked for about the two prisoners (timeline rows)."""
    wanted = ["T12", "T13", "T18", "T22", "T26", "T33"]
    table = content.table("timeline", "students").loc[wanted]
    return FullText({"who": table["who"].tolist(), "what they said or asked": table["event"].tolist()},
                    index=pd.Index(table["date"].tolist(), name="date"))


def findings_by_part() -> pd.DataFrame:
    """How sure the module's checks are, for the article and for the Q&A: claims counted by status."""
    claims = content.table("claims", "students")
    part = claims["passage"].map(lambda p: "Q&A “interview”" if p.startswith("Q") else "Article and headline")
    table = pd.crosstab(part, claims["status"]).reindex(columns=list(content.STATUS), fill_value=0)
    table.index.name, table.columns.name = "part", "status of the finding"
    return table


# ---------------------------------------------------------------- notebook 03: sources

import re  # noqa: E402  (imports of the notebook-03 functions, kept with them)

from newslit.source.article import count_words  # noqa: E402

SOURCES_WRITER = "Archyde as writer (headline, headings, narration)"
SOURCES_INTERVIEWER = "Archyde as interviewer (Q&A intro and questions)"
SOURCES_QA = "Attributed to 'Sokil Park' in a Q&A of unknown origin"
SOURCES_PARK = "'Sokil Park' in the article"
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
    return FullText(table[["group", "words", "share of page", "passages"]])


def quoted_words_share() -> pd.DataFrame:
    """A filter and a share: only words the page puts in someone else's mouth (not Archyde's own)."""
    table = speaker_words()
    quoted = table[table["group"] != SOURCES_GROUPS["Archyde"]][["group", "words"]].copy()
    quoted["share of quoted words"] = (quoted["words"] / quoted["words"].sum()).map(lambda s: f"{round(s * 100)}%")
    return quoted


SOURCES_NAME_CHECK = ("S04", "S06", "S13", "S09", "S10", "S07", "S11", "S12")
_SOURCES_FIELDS = {"real_name": "real name", "role": "who they are", "basis": "basis of expertise or access",
                   "interest": "possible interest", "used_for": "how the article uses them",
                   "sources used": "sources the fact-checkers read", "how sure": "how sure"}


def how_sure(status: str, evidence: str) -> str:
    """A finding's certainty in the plain words 00 explains: "likely (read in sources)"."""
    return f"{status} ({_EVIDENCE_WORDS[evidence]})"


def names_to_check() -> FullText:
    """The names students check, as the article prints them and where (content table ``sources``)."""
    table = content.table("sources", "students").loc[list(SOURCES_NAME_CHECK), ["as_printed", "passages"]]
    table["passages"] = table["passages"].str.replace(";", ", ")
    return FullText(table.set_index("as_printed").rename_axis("name as printed")
                    .rename(columns={"passages": "where on the page"}))


def name_check_summary(*ids: str) -> FullText:
    """The name-check key for chosen names, short: the real name, who they are, the sources and how sure."""
    return _name_check(ids, ("real_name", "role", "sources used", "how sure"))


def name_check_key(*ids: str) -> FullText:
    """The students' view of ``sources.csv`` as the name-check key: one block of fields per name."""
    return _name_check(ids or SOURCES_NAME_CHECK, tuple(_SOURCES_FIELDS))


_INFERENCE_MARK = re.compile(r"\(I\)\s*")


def plain_marks(text: str) -> str:
    """A content cell's "(I)" mark (what follows is our inference) in plain words."""
    return _INFERENCE_MARK.sub("(our inference) ", text) if isinstance(text, str) else text


def _name_check(ids, columns) -> FullText:
    sources = content.table("sources", "students").loc[list(ids)]
    outlets = content.table("references", "students")["outlet"]
    rows = []
    for _, row in sources.iterrows():
        cited = [outlets[r] for r in content.split_list(row["refs"]) if r in outlets.index]
        values = {**row, "sources used": "; ".join(dict.fromkeys(cited)),
                  "how sure": how_sure(row["status"], row["evidence"])}
        rows += [{"name as printed": row["as_printed"], "field": _SOURCES_FIELDS[column],
                  "what the fact-check found": plain_marks(values[column])} for column in columns]
    return FullText(pd.DataFrame(rows).set_index(["name as printed", "field"]))


# Plain words for references.csv's ``quality``.
QUALITY_WORDS = {"primary": "the page itself", "news": "a news report", "aggregator": "a site that collects news",
                 "mirror": "a copy of another report", "reference": "a reference work",
                 "community": "a volunteer list (a community judgement)", "weak": "a rewrite of the same story"}


def archyde_trail() -> FullText:
    """What outside sources say about the page and its address (content table ``references``)."""
    refs = content.table("references", "students").loc[["archyde", "world-today-news", "seo-spam-blocklist"]]
    table = pd.DataFrame({"what kind of source": refs["quality"].map(QUALITY_WORDS), "what it shows": refs["note"]})
    table.index = pd.Index(refs["outlet"], name="source")
    return FullText(table)


def p6_reports() -> FullText:
    """What the fact-check found about the unnamed "reports" of P6 (students' rows only)."""
    event = content.table("timeline", "students").loc["T01"]
    claim = content.table("claims", "students").loc["C24"]
    rows = [
        {"finding": "Where the claim first appeared", "date": event["date"],
         "what the fact-check found": event["event"], "how sure": how_sure(event["status"], event["evidence"])},
        {"finding": "What is confirmed", "date": "", "what the fact-check found": claim["independent"],
         "how sure": how_sure(claim["status"], claim["evidence"])},
    ]
    return FullText(pd.DataFrame(rows).set_index("finding"))


def voices() -> pd.DataFrame:
    """Who speaks in the article: each stakeholder, the words that carry their voice and their share of the page
    (not the verdict "quoted / mentioned / absent": that is 05's question, and the chart after it shows it)."""
    table = content.viewpoints("students")
    out = pd.DataFrame({"stakeholder": table["stakeholder"], "words": table["words"],
                        "share of the page": table["share"].map(lambda s: f"{s:.0%}"),
                        "how the article shows them": table["how_shown"]})
    return FullText(out.sort_values("words", ascending=False, kind="stable").set_index("stakeholder"))


def missing_voices() -> pd.DataFrame:
    """The stakeholders the article never lets speak, and what they could have added."""
    table = content.viewpoints("students")
    absent = table[table["presence"] == "absent"]
    return FullText({"what they could have added": absent["note"].tolist()},
                    index=pd.Index(absent["stakeholder"].tolist(), name="stakeholder"))


def publishing_debate() -> pd.DataFrame:
    """The evidence packet for the debate on publishing the videos: dated, attributed, every side."""
    table = content.table("debate", "students")
    return FullText({"side": table["side"].tolist(), "date": table["date"].tolist(), "who": table["who"].tolist(),
                     "what they said": table["point"].tolist()},
                    index=pd.RangeIndex(1, len(table) + 1, name="card"))


def afterwards() -> pd.DataFrame:
    """What happened to the two men after the article, from February 2025 (no identifying details)."""
    table = content.table("timeline", "students")
    later = table[(table["date"] >= "2025-02") & table["who"].str.len().gt(0)]
    keep = later[later["event"].str.contains("two|both|men|prisoner", case=False)]
    return FullText({"what happened": keep["event"].tolist()}, index=pd.Index(keep["date"].tolist(), name="date"))


# ---------------------------------------------------------------- notebook 02: claims

CLAIM_KINDS = {
    "event": ("A", "event or fact", "Something that happened, or a fact about a person or a group.",
              "Find the first reports, with dates. Do independent reports agree?"),
    "quote": ("B", "quotation", "Words the page says a named person said.",
              "Find an earlier version. Who said it, and in what exact words?"),
    "number": ("C", "number or estimate", "A count, a date, an estimate or a forecast.",
               "Find who worked it out, when, and what it assumed."),
    "interpretation": ("D", "expert view or guess", "What someone thinks explains events, or will happen.",
                       "Who thinks so, and on what evidence? What do other experts say?"),
    "unverified_report": ("E", "unverified report", "A claim passed on from reports that nobody has confirmed.",
                          "Find who first made the claim, and whether anyone confirmed it."),
    "framing": ("F", "framing or opinion", "How the writer wants you to see or feel about things.",
                "There is nothing to check. Notice it, and ask what it does to you."),
    "unknown_origin": ("G", "unknown origin", "Text whose source cannot be found, like the Q&A.",
                       "Look for any record of it elsewhere: a date, a place, a named interviewer."),
}
_EVIDENCE_WORDS = {"R": "read in sources", "I": "our inference", "M": "unconfirmed"}
_CLAIM_PARTS = ("Article and headline", "Q&A “interview”")


def _kind_label(category: str) -> str:
    letter, name = CLAIM_KINDS[category][:2]
    return f"{letter} {name}"


def _claim_part(passage: str) -> str:
    return _CLAIM_PARTS[1] if passage.startswith("Q") else _CLAIM_PARTS[0]


def _matches(selector: str, claim_id: str, passage: str) -> bool:
    """A claim id ("C09"), a passage id ("P2", "Q3a") or a Q&A pair ("Q3") picks a claim."""
    return selector in (claim_id, passage) or (passage.startswith("Q") and passage[:2] == selector)


def _chosen_claims(which: tuple[str, ...]) -> pd.DataFrame:
    """Students' rows of claims.csv: all of them, or those picked by claim, passage or pair ids."""
    claims = content.table("claims", "students")
    if not which:
        return claims
    unknown = [w for w in which if not any(_matches(w, c, p) for c, p in claims["passage"].items())]
    if unknown:
        raise KeyError(f"No students' claim or passage {', '.join(map(repr, unknown))} in the claims table.")
    return claims[[any(_matches(w, c, p) for w in which) for c, p in claims["passage"].items()]]


def claim_kinds() -> pd.DataFrame:
    """The seven kinds of claim (A–G): what each is, and how you would check one."""
    return FullText({
        "kind": [name for _, name, _, _ in CLAIM_KINDS.values()],
        "what it is": [what for _, _, what, _ in CLAIM_KINDS.values()],
        "how to check it": [how for _, _, _, how in CLAIM_KINDS.values()],
    }, index=pd.Index([letter for letter, *_ in CLAIM_KINDS.values()], name="letter"))


def claims_table(*which: str) -> pd.DataFrame:
    """The students' claims table, readable columns only.

    With no argument: every claim about the article and headline (the Q&A's claims are left out).
    Otherwise the claims with these ids (``"C09"``) or in these passages (``"P2"``, ``"Q3"``).
    """
    claims = _chosen_claims(which)
    if not which:
        claims = claims[~claims["passage"].str.startswith("Q")]
    return FullText({
        "passage": claims["passage"],
        "the page says": claims["quote"],
        "said by (as printed)": claims["asserted_by"],
        "kind": claims["categories"].map(lambda v: "; ".join(_kind_label(c) for c in content.split_list(v))),
        "verdict": claims["verdict"],
        "how sure": [how_sure(st, ev) for st, ev in zip(claims["status"], claims["evidence"])],
    }).set_index("passage").rename_axis("paragraph")


def claim_evidence(*which: str) -> pd.DataFrame:
    """For chosen claims: the verdict, what independent reports say, and which sources say it."""
    return FullText(_claim_evidence(*which).set_index("passage").rename_axis("paragraph"))


def _claim_evidence(*which: str) -> pd.DataFrame:
    claims = _chosen_claims(which)
    references = content.table("references", "students")

    def cite(refs: str) -> str:
        names = []
        for ref in content.split_list(refs):
            row = references.loc[ref]
            names.append(f"{row['outlet']}, {row['date']}" if row["date"] else row["outlet"])
        return "; ".join(names) or "(no source: our own reading)"

    return FullText({
        "passage": claims["passage"],
        "the page says": claims["quote"],
        "verdict": claims["verdict"],
        "what other reports say": claims["independent"],
        "sources": claims["refs"].map(cite),
        "how sure": [how_sure(st, ev) for st, ev in zip(claims["status"], claims["evidence"])],
    })


def claim_reports(*which: str) -> pd.DataFrame:
    """Evidence before a question: for chosen claims, what the page says and what other reports say,
    with their sources, but no verdict (``claim_verdicts`` shows that once the question is answered)."""
    table = _claim_evidence(*which)
    return FullText(table[["passage", "the page says", "what other reports say", "sources"]]
                    .set_index("passage").rename_axis("paragraph"))


def claim_verdicts(*which: str) -> pd.DataFrame:
    """What the checks concluded about chosen claims: the verdict and how sure it is (shown after answering)."""
    table = _claim_evidence(*which)
    return FullText(table[["passage", "the page says", "verdict", "how sure"]]
                    .set_index("passage").rename_axis("paragraph"))


def claim_kind_counts() -> pd.DataFrame:
    """How many claims of each kind (A–G), in the article and in the Q&A; a claim can have two kinds."""
    claims = content.table("claims", "students")
    kinds = claims.assign(kind=claims["categories"].map(content.split_list)).explode("kind")
    table = pd.crosstab(kinds["kind"].map(_kind_label), kinds["passage"].map(_claim_part))
    table = table.reindex(index=[_kind_label(c) for c in CLAIM_KINDS], columns=list(_CLAIM_PARTS), fill_value=0)
    table["all claims"] = table.sum(axis=1)
    table["share of claims"] = (table["all claims"] / len(claims)).map(lambda s: f"{round(s * 100)}%")
    table.index.name, table.columns.name = "kind", None
    return table


def claim_verdict_counts() -> pd.DataFrame:
    """How many claims got each verdict, in the article and in the Q&A, with each verdict's share."""
    claims = content.table("claims", "students")
    table = pd.crosstab(claims["verdict"], claims["passage"].map(_claim_part))
    table = table.reindex(index=list(content.VERDICTS), columns=list(_CLAIM_PARTS), fill_value=0)
    table["all claims"] = table.sum(axis=1)
    table["share of claims"] = (table["all claims"] / len(claims)).map(lambda s: f"{round(s * 100)}%")
    table.index.name, table.columns.name = "verdict", None
    return table


# Hedge words: words that tell a reader a claim is not (yet) established. Two groups, because they
# warn about different things: where a claim comes from, and whether it is only a possibility.
HEDGE_GROUPS = {
    "report or guess": ("reportedly", "reports", "suggesting", "unverified", "claims", "speculate", "unclear"),
    "possibility": ("could", "may", "might", "possible", "possibly", "likely"),
}
HEDGE_WORDS = tuple(word for words in HEDGE_GROUPS.values() for word in words)


def _hedge_pattern(word: str):
    import re

    return re.compile(rf"(?<![\w’'-]){word}(?![\w’'-])", re.IGNORECASE)


def _hedge_hits(text: str) -> list[tuple[int, str]]:
    """(position, word) of every hedge word in ``text``, in reading order."""
    return sorted((m.start(), word) for word in HEDGE_WORDS for m in _hedge_pattern(word).finditer(text))


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Where the text is inside curly double quotation marks (“…”)."""
    import re

    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”", text)]


def hedge_counts() -> pd.DataFrame:
    """Hedge words in every passage that has one, in page order: how many of each group, which words,
    and how many stand inside quotation marks (a speaker's own words rather than the writer's)."""
    rows = {}
    for passage in load_article().passages:
        if passage.kind not in ("body", "question", "answer"):
            continue
        hits = _hedge_hits(passage.text)
        if not hits:
            continue
        words = [word for _, word in hits]
        spans = _quoted_spans(passage.text)
        rows[passage.id] = {
            "part": _claim_part(passage.id),
            **{group: sum(word in members for word in words) for group, members in HEDGE_GROUPS.items()},
            "total": len(words),
            "inside quotation marks": sum(any(a <= at < b for a, b in spans) for at, _ in hits),
            "words found": ", ".join(dict.fromkeys(words)),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "passage"
    return table


def hedge_sentences(*passages: str) -> pd.DataFrame:
    """The sentences of these passages (or Q&A pairs) that hold a hedge word, with the words found."""
    article = load_article()
    rows = []
    for pid in passages:
        for passage in (article.pairs[pid] if pid in article.pairs else [article[pid]]):
            for sentence in passage.sentences:
                words = [word for _, word in _hedge_hits(sentence)]
                if words:
                    rows.append({"passage": passage.id, "sentence": sentence,
                                 "hedge words": ", ".join(dict.fromkeys(words))})
    return FullText(rows, columns=["passage", "sentence", "hedge words"])


# ---------------------------------------------------------------- notebook 04: how the story travelled

def travel_steps() -> list[dict]:
    """The chain from the event to this page (content table ``chain``, from FACTSHEET §0 #1 and §5).

    One dict per version: its ``step`` ("3b" marks a side branch), ``link`` from the step named in
    ``after`` ("read": seen in a source, "inferred": reasoned from clues), and the rows behind it.
    """
    table = content.table("chain").reset_index()
    return [dict(row, step=row["id"], **{"how we know": row["how_we_know"]}) for row in table.to_dict("records")]


def story_chain() -> pd.DataFrame:
    """The chain from the event to this page, one row per version, with how sure each link is."""
    frame = pd.DataFrame(travel_steps()).set_index("step")
    frame["link from the step before"] = [
        "" if not row["after"] else f"{row['link']} (from step {row['after']})" for _, row in frame.iterrows()]
    frame = frame.rename(columns={"seen": "have we seen it?", "rows": "rows behind it"})
    return FullText(frame[["version", "when", "have we seen it?", "link from the step before", "how we know"]])


# How we know of each version, in words that do not say whether it was seen (04a asks that).
_CLUE_WITHOUT_VERDICT = {"2": "written after 11 Jan; the retellings in step 2b name it as their source"}


def chain_clues() -> pd.DataFrame:
    """The chain's versions with the clues for each, but not whether anyone has seen it (that is the question)."""
    table = story_chain()[["version", "when", "how we know"]].rename(columns={"how we know": "the clues"})
    for step, clue in _CLUE_WITHOUT_VERDICT.items():
        table.loc[step, "the clues"] = clue
    return FullText(table)


# Plain words for the artifact types of content/artifacts.csv.
ARTIFACT_WORDS = {
    "typo": "typing slips", "spacing": "missing spaces", "capitalisation": "capital-letter slips",
    "synonym_swap": "word swaps", "transliteration": "names through another alphabet",
    "back_translation": "back-translations", "misattribution": "words given to the wrong person",
    "meaning_drift": "meaning drift", "template": "page-template leftovers", "filler": "filler phrases",
    "compression": "squeezed facts", "spelling_variety": "US and UK spellings mixed",
}


def _part_of_id(passage_id: str) -> str:

    return part_of(load_article()[passage_id])


def artifact_table() -> pd.DataFrame:
    """The students' view of ``artifacts.csv``: every oddity, where it is, what kind, and what was meant."""
    table = content.table("artifacts", "students")
    frame = pd.DataFrame({
        "passage": table["passage"], "part": table["passage"].map(_part_of_id), "text": table["text"],
        "kind": table["type"].map(ARTIFACT_WORDS), "probably meant": table["meant"],
        "how sure": [how_sure(st, ev) for st, ev in zip(table["status"], table["evidence"])]})
    return FullText(frame.set_index("passage"))


def artifact_counts() -> pd.DataFrame:
    """Oddities counted by kind and by part of the page (students' rows), most common first."""

    table = artifact_table()
    counts = pd.crosstab(table["kind"], table["part"]).reindex(columns=list(PARTS), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts["share"] = (counts["total"] / counts["total"].sum()).map(lambda s: f"{round(s * 100)}%")
    counts = counts.sort_values(["total", "Q&A “interview”"], ascending=False, kind="stable")
    counts.index.name, counts.columns.name = "kind of oddity", None
    return counts


# What labels a row of each content table for students, in place of its row code.
_TRACE_LABEL = {"claims": "passage", "artifacts": "passage", "sources": "real_name", "timeline": "date",
                "numbers": "estimated_by", "references": "outlet"}


def trace_rows(table_name: str, *ids: str) -> pd.DataFrame:
    """Chosen rows of one content table (students' view only), with the columns that matter for tracing.

    Rows are labelled by what a student recognises (a passage, a name, a date), never by their code, and
    evidence and status are read out as one "how sure" column."""
    columns = {
        "claims": ["quote", "asserted_by", "verdict", "what other reports say"],
        "artifacts": ["text", "type", "meant", "note"],
        "sources": ["as_printed", "role", "used_for"],
        "timeline": ["event", "who"],
        "numbers": ["figure", "date", "condition"],
        "references": ["title", "date", "read_via", "quality", "note"],
    }[table_name]
    table = content.table(table_name, "students")
    missing = [i for i in ids if i not in table.index]
    if missing:
        raise KeyError(f"No students' row {missing} in {table_name}.")
    chosen = table.loc[list(ids)].rename(columns={"independent": "what other reports say"})
    frame = chosen[columns].copy()
    if table_name == "artifacts":
        frame["type"] = frame["type"].map(ARTIFACT_WORDS)
    if table_name == "references":
        frame["quality"] = frame["quality"].map(QUALITY_WORDS)
    if "evidence" in chosen:
        frame["how sure"] = [how_sure(st, ev) for st, ev in zip(chosen["status"], chosen["evidence"])]
    frame.index = pd.Index(chosen[_TRACE_LABEL[table_name]], name=_TRACE_LABEL[table_name].replace("_", " "))
    return FullText(frame.rename(columns=lambda c: c.replace("_", " ")))


def chain_sources() -> pd.DataFrame:
    """The three versions in the middle of the chain: The Times, the Ukrainian retelling, nenka.info."""
    return trace_rows("sources", "S21", "S22", "S23")


def swap_check() -> pd.DataFrame:
    """The one word swap that another version lets us check (P3, "as of indoctrination")."""
    return trace_rows("artifacts", "A14")


def quote_findings() -> pd.DataFrame:
    """What the checks found about the two P5 sentences credited to 'Sokil Park' (the quote trace)."""
    return trace_rows("claims", "C20", "C21")


def galeotti_quote() -> pd.DataFrame:
    """What the checks found about the words P7 puts in Mark Galeotti's mouth."""
    return trace_rows("claims", "C30")


_ISW = "Institute for the Study of War"
# Plain words for the measures of content/numbers.csv.
_MEASURE_WORDS = {"contingent": "size of the force", "casualties": "killed or wounded", "killed": "killed",
                  "wounded": "wounded", "rate_per_day": "losses a day", "weeks": "time in weeks",
                  "share": "share of the force"}


def isw_projection() -> pd.DataFrame:
    """ISW's own projection of 16 Jan 2025, without the article's version (shown after the number trace;
    the comparison with P8 is the next question, so ``isw_trace`` comes after that)."""
    table = isw_trace()
    return FullText(table.loc[table.index != "the article (P8)"].drop(columns=["the article's words"]))


def p8_number_check() -> pd.DataFrame:
    """P8's version of ISW's number, with what the fact-check noticed (shown once 'Decimated?' is answered)."""
    table = isw_trace()
    return FullText(table.loc[table.index == "the article (P8)"])


def isw_trace() -> pd.DataFrame:
    """ISW's projection of 16 Jan 2025 beside the article's version of it (numbers table)."""
    table = content.table("numbers", "students")
    table = table[table["estimated_by"].str.contains(_ISW)]
    frame = pd.DataFrame({
        "version": ["the article (P8)" if p else "ISW, 16 Jan 2025" for p in table["passage"]],
        "figure": table["figure"], "what it measures": table["measure"].map(_MEASURE_WORDS),
        "condition or note": table["condition"], "the article's words": table["quote"]})
    return FullText(frame.sort_values("version", kind="stable").set_index("version"))


def other_estimates() -> pd.DataFrame:
    """The other estimates of the time (not ISW's, not the article's), oldest first."""
    table = content.table("numbers", "students")
    table = table[~table["estimated_by"].str.contains(_ISW) & (table["passage"] == "")]
    frame = pd.DataFrame({"date": table["date"].replace("", "not recorded"), "estimated by": table["estimated_by"],
                          "figure": table["figure"], "what it measures": table["measure"].map(_MEASURE_WORDS),
                          "condition or note": table["condition"]})
    return FullText(frame.sort_values("date", kind="stable").set_index("date"))


def troop_estimates() -> pd.DataFrame:
    """How big was the force? The size estimates grouped by figure, with who gave each (numbers table)."""
    table = content.table("numbers", "students")
    table = table[table["measure"] == "contingent"]
    grouped = table.groupby("value", sort=True).agg(
        sources=("estimated_by", "size"), who=("estimated_by", lambda names: "; ".join(names)))
    grouped.index = [f"about {int(v):,}" for v in grouped.index]
    grouped.index.name = "size of the force"
    return FullText(grouped.rename(columns={"sources": "how many give it", "who": "given by"}))


# Who each version credits with the "Victorian England" line (claims C20 and C21, artifacts A18).
_VICTORIAN = (
    ("rp", "The Times", "Daniel Tudor"),
    ("conflictwatcher", "The Times", "Daniel Tudor"),
    ("comments-ua", "The Times", "Daniel Tudor"),
    ("dagens", "'WP' (probably Wirtualna Polska)", "Daniel Tudor"),
    ("nenka", "(not recorded here)", "'Sokil Park, director of Freedom in North Korea'"),
    ("archyde", "(none named; its web address ends '-unian-news')", "'Sokil Park'"),
)


def victorian_trace() -> pd.DataFrame:
    """The quote trace: which version gives the 'Victorian England' line to whom, and what it credits."""
    refs = content.table("references", "students")
    rows = [{"credits as its source": credits, "gives the line to": speaker,
             "where it comes from": "retells The Times" if credits == "The Times" else (
                 "the Ukrainian line (very probably UNIAN)" if ref in ("nenka", "archyde") else "the Polish line (WP)")}
            for ref, credits, speaker in _VICTORIAN]
    return FullText(pd.DataFrame(rows, index=pd.Index([refs.loc[r[0], "outlet"] for r in _VICTORIAN], name="version")))


def qa_claims() -> pd.DataFrame:
    """The Q&A's checked claims (claims table, students' view): what was found about each part."""
    table = content.table("claims", "students")
    table = table[table["passage"].str.startswith("Q")]
    frame = pd.DataFrame({"passage": table["passage"], "words on the page": table["quote"],
                          "printed as said by": table["asserted_by"], "verdict": table["verdict"],
                          "what was found": table["independent"],
                          "how sure": [how_sure(st, ev) for st, ev in zip(table["status"], table["evidence"])]})
    return FullText(frame.set_index("passage"))


# --- end of tables ---


_show_dataframes_with_one_header_row()
