"""The class report as one self-contained HTML file (and a CSV), for ``python -m newslit report``.

    python -m newslit report PATH [PATH ...] --out report.html [--csv answers.csv] [--names] [--scores FOLDER]

* Self-contained: styles inline, charts as base64 PNG ``<img alt=…>``, no script at all, and a
  Content-Security-Policy that forbids scripts, fetches and every outside resource.
* Projector view (a switch at the top, CSS only): totals, charts and only the free-text answers the
  teacher ticked; never private questions (check-ins), never names or pseudonyms, never the list of
  files. "Large type" makes everything bigger without the projector view's filtering.
* Anonymous unless ``--names``: students are "Student 07", and skipped files are not named (file
  names hold students' names; the terminal lists them instead).
* Built from templates (``newslit/templates/report.html.j2`` and the macros of ``report_parts.html.j2``):
  this module gathers what each part shows, the page lays it out, and the template engine escapes
  every string (autoescape), so markup in an answer or a name is shown as text. Student-written
  strings are also isolated (``<bdi>``), so a right-to-left mark cannot reorder the page around them.

Exit status: 0 every file read, 3 some files skipped (the report is still written), 2 usage error,
1 the report could not be written.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

import newslit.answers.atomicio as atomicio
import newslit.answers.store as answers
import newslit.classroom.load as cr
import newslit.classroom.report_charts as charts
import newslit.classroom.scoring as scoring
import newslit.questions.entries as questions
import newslit.questions.kinds as question_kinds
from newslit.answers.keyed import split_keyed
from newslit.questions.entries import Question
from newslit.templates import Markup, collection_paused, macros, render

EXIT_OK, EXIT_WRITE_FAILED, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3
MAX_TEXTS = 300  # written answers shown per question; the CSV has all of them
_FORMULA_START = {"=", "+", "-", "@", "\t", "\r"}  # a spreadsheet would run these as formulas
_to_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per cell
PAGE, PARTS = "report.html.j2", "report_parts.html.j2"  # in newslit/templates/


def _parts():
    """The macros of ``report_parts.html.j2`` (table, figure, …), called from Python."""
    return macros(PARTS)


# ---------------------------------------------------------------- small pieces

PERCENT_COLUMNS = {"right first", "right final", "right before", "right after"}  # shown as 74%


def table(frame: pd.DataFrame, *, index: bool = False, student_columns=()) -> Markup:
    """A plain HTML table (the ``table`` macro); the engine escapes every cell, and cells in
    ``student_columns`` are also isolated (``<bdi>``)."""
    frame = frame.reset_index() if index else frame
    kinds = [(c in student_columns, c in PERCENT_COLUMNS) for c in frame.columns]
    with collection_paused():  # a row per student: many short-lived objects (see newslit.templates)
        rows = [[(str(v), True) if said else (_cell(v, percent), False) for (said, percent), v in zip(kinds, row)]
                for row in frame.itertuples(index=False)]
        return _parts().table([str(c) for c in frame.columns], rows)


def _cell(value, percent: bool = False) -> str:
    if value is True:
        return "✓"
    if value is False or value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.0%}" if percent else f"{value:g}"
    return str(value)


class Figures:
    """The page's charts: ``add`` starts drawing a chart (``report_charts.Drawer``: on the other cores
    while the page is built) and returns a marker to put in the page; ``fill`` puts each ``<figure>``
    (the ``figure`` macro) in place of its marker. The marker holds a random token, so no answer can
    imitate one (and an answer is escaped before it reaches the page)."""

    def __init__(self):
        self.drawer = charts.Drawer()
        self.token = secrets.token_hex(8)

    def add(self, draw, *args) -> Markup:
        return Markup(f"\x00{self.token}:{self.drawer.submit((draw, *args))}\x00")

    def fill(self, page: str) -> str:
        drawn = self.drawer.results()
        return re.sub(f"\x00{self.token}:(\\d+)\x00", lambda m: _figure_html(*drawn[int(m.group(1))]), page)

    def close(self) -> None:
        self.drawer.close()


def _figure_html(uri: str, alt: str) -> str:
    width, height = (int(x * charts.DPI) for x in charts.SIZE)
    return _parts().figure(uri, alt, width, height)


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ") + " UTC"


# ---------------------------------------------------------------- parts of the report
# Each returns what one macro of report_parts.html.j2 shows; the page template lays them out.

def header(cls: cr.ClassAnswers) -> dict:
    classes = sorted({c for c in cls.students["class"].dropna() if str(c).strip()}) if len(cls.students) else []
    return {"classes": [str(c) for c in classes], "sample": bool(cls.sample)}


def totals(cls: cr.ClassAnswers, summary: pd.DataFrame, figures: Figures) -> dict:
    part = {"students": len(cls.answers), "questions": len(summary), "files_read": len(cls.files_read),
            "skipped": len(cls.skipped), "chart": "", "table": "",
            "saved_range": [_when(s) for s in cls.saved_range] if cls.saved_range else None}
    numbered = cr.right_shares(summary)
    if not numbered.empty:
        part["chart"] = figures.add(charts.draw_right_shares, numbered)
        shown = numbered[["label", "kind", "answered", "right first", "right final"]].reset_index()
        shown.insert(0, "#", range(1, len(shown) + 1))
        part["table"] = table(shown)
    return part


def starters(cls: cr.ClassAnswers, figures: Figures) -> dict:
    top = cr.discussion_starters(cls)
    if top.empty:
        return {"chart": "", "table": ""}
    return {"chart": figures.add(charts.draw_disagreement, top), "table": table(top)}


def measures(cls: cr.ClassAnswers, figures: Figures, scores=None) -> list[dict]:
    cards = []
    for change in (cr.trust_change(cls),):
        card = {"title": cr.TITLES[change.measure], "message": change.message, "detail": change.detail,
                "table": "", "chart": ""}
        if change.table is not None:
            card["table"] = table(change.table)
            pairs = cr.paired_values(cls, change)
            if not pairs.empty:
                bounds = (change.before.get("min", 0), change.before.get("max", 100))
                card["chart"] = figures.add(charts.draw_change, pairs, cr.TITLES[change.measure], bounds)
        cards.append(card)
    cards.append(task_card(cls, figures, scores))
    return cards


def task_card(cls: cr.ClassAnswers, figures: Figures, scores) -> dict:
    """The before-and-after task: the change criterion by criterion, once teachers have scored it blind."""
    change = scoring.task_change(cls, scores)
    orders = ", ".join(f"{title}: {count}" for title, count in change.orders.items())
    detail = (f"First post, by student (the name decides, so about half each): {orders}. "
              "Scored with three rubric criteria, levels 1 to 4, without knowing which half an answer came from.")
    if change.problems:
        detail += " Not read from the sheet: " + " ".join(change.problems[:10]) + (
            f" (and {len(change.problems) - 10} more)" if len(change.problems) > 10 else "")
    card = {"title": "Before-and-after task (notebook 01 → 07a)", "message": change.message, "detail": detail,
            "table": "", "chart": ""}
    if change.table is not None:
        card["table"] = Markup(table(change.table.reset_index()) + table(change.by_post.reset_index()))
        card["chart"] = figures.add(charts.draw_task_change, change.table)
    return card


def question_card(cls: cr.ClassAnswers, q: Question, summary_row: pd.Series, max_texts: int,
                  figures: Figures) -> dict:
    """One question: prompt, numbers, its chart and table, and its written answers."""
    facts = f"Answered by {summary_row['answered']} of {len(cls.answers)}"
    if cr.keyed(q):
        facts += (f"; right at the first attempt {_cell(summary_row['right first'], True)}, "
                  f"finally {_cell(summary_row['right final'], True)}")
        if summary_row.get("shown", 0):
            facts += f" ({summary_row['shown']} pressed “Show me”: shown the answer, not found)"
    if pd.notna(summary_row["disagreement"]):
        facts += f"; disagreement {summary_row['disagreement']:.2f}"
    data = cr.question_data(cls, q)
    spec = charts.question_chart(q, data)
    return {"q": q, "facts": facts, "chart": figures.add(*spec) if spec else "",
            "table": Markup(TABLES[q.kind](data)),  # HTML made by the per-kind table function
            "written": written(cls, q, max_texts), "heading": None, "article": None}


def _right_rows(dist: pd.DataFrame) -> str:
    """Classify: per item, the right category and how many sorted it there."""
    right = dist[dist["right"]][["item", "text", "category", "first", "final"]]
    return table(right.rename(columns={"category": "right category", "first": "right first", "final": "right final"}))


def _spread(values: pd.Series) -> str:
    return table(values.describe().to_frame().T.round(1))


def _nothing(data) -> str:
    return ""


# The per-question tables a kind can choose (``Kind.report_table``), from ``cr.question_data``.
KIND_TABLES = {"distribution": table, "right answers": _right_rows, "spread": _spread, None: _nothing}


class _ByKind(Mapping):
    """Kind name -> this module's function for that kind, as the kind chooses it (``pick(kind)``):
    every registered kind is in it, and no kind is named here."""

    def __init__(self, pick):
        self._pick = pick

    def __getitem__(self, name):
        if not isinstance(name, str) or name not in question_kinds.REGISTRY:
            raise KeyError(name)
        return self._pick(question_kinds.REGISTRY[name])

    def __iter__(self):
        return iter(list(question_kinds.REGISTRY))

    def __len__(self) -> int:
        return len(question_kinds.REGISTRY)


TABLES = _ByKind(lambda kind: KIND_TABLES[kind.report_table])


def written(cls: cr.ClassAnswers, q: Question, max_texts: int) -> dict | None:
    """The written answers, grouped by part (a form's fields), each with a "show on projector" tick
    (none for private questions). At most ``max_texts``: the CSV has all of them."""
    shown = cr.free_text(cls, q.id, limit=max_texts)
    if shown.empty:
        return None
    groups = [(part, [_shortened(row.student, row.text) for row in rows.itertuples(index=False)])
              for part, rows in shown.groupby("part", sort=False)]
    return {"groups": groups, "count": len(shown), "capped": len(shown) >= max_texts, "max_texts": max_texts,
            "private": bool(q.private)}


def _shortened(student, text: str) -> tuple:
    """(student, text, length): a written answer as shown. One longer than the store allows (a hand-made
    file) is cut, and its length (as written out) says so."""
    if len(text) <= answers.MAX_TEXT:
        return student, text, None
    return student, text[:answers.MAX_TEXT], f"{len(text):,}"


def by_question(cls: cr.ClassAnswers, summary: pd.DataFrame, max_texts: int, figures: Figures) -> list[dict]:
    """The question cards in the summary's order. A card that starts a notebook carries its heading; the
    questions of notebooks 07a/07b come last, article by article, under one heading, and the card that
    starts an article's questions carries the article (its title and how many students chose it)."""
    cards, group = [], None
    for qid, row in summary.iterrows():
        q = cls.question(qid)
        card = question_card(cls, q, row, max_texts, figures)
        article = cls.articles.get(split_keyed(qid)[1] or "")
        here = ("articles", article.key) if article else ("notebook", q.notebook)
        if here != group:
            if here[0] == "notebook":
                card["heading"] = f"Notebook {q.notebook}"
            elif group is None or group[0] != "articles":
                card["heading"] = "Notebooks " + " and ".join(questions.PER_ARTICLE_NOTEBOOKS) + ", article by article"
            card["article"] = article
            group = here
        cards.append(card)
    return cards


def students(cls: cr.ClassAnswers) -> dict:
    """The roster (teacher only): who, then ``cr.roster``'s columns (progress, first-attempt share, check-ins
    to follow up, notes written to the teacher)."""
    about = cls.students.drop(columns=["paths", "sample", "answered"], errors="ignore")
    shown = about.join(cr.roster(cls))
    flagged = int(shown["low check-ins"].astype(bool).sum()) if len(shown) else 0
    return {"names": bool(cls.names), "flagged": flagged, "low": f"{cr.LOW_CHECKIN:.0%}",
            "table": table(shown, index=True, student_columns=("student", "name", "login", "class", "low check-ins",
                                                                "notes to you"))}


def skipped(cls: cr.ClassAnswers) -> dict:
    return {"files": [(_skipped_name(cls, s, n), s.reason) for n, s in enumerate(cls.skipped, start=1)],
            "names": bool(cls.names), "ignored": cls.ignored, "notes": list(cls.notes)}


def _skipped_name(cls: cr.ClassAnswers, item: cr.Skipped, number: int) -> str:
    return item.path if cls.names else f"file {number} (under {item.given or 'a path given'})"


# ---------------------------------------------------------------- the page

def build(cls: cr.ClassAnswers, *, max_texts: int = MAX_TEXTS, while_drawing=None, scores=None,
          live: dict | None = None) -> str:
    """The whole report as one HTML string (``report.html.j2``: no script, no outside resource).
    ``while_drawing()`` is called while the last charts are still being drawn (the command writes the
    CSV then). ``scores``: the before-and-after task's blind scores (``scoring.read_scores``), if any.
    ``live``: the live class view's page (``newslit.live.service``): its script's address and what the
    page is filtered by; the page may then run that one script, from its own server, and nothing else."""
    figures = Figures()
    try:
        summary = cr.summary(cls)
        counted = totals(cls, summary, figures)
        if live:  # the live view's answers come from the service, not from files
            counted["files_read"] = None
        page = render(PAGE, header=header(cls), totals=counted, starters=starters(cls, figures),
                      measures=measures(cls, figures, scores), questions=by_question(cls, summary, max_texts, figures),
                      students=students(cls), skipped=skipped(cls), live=live)
        if while_drawing is not None:
            while_drawing()
        return figures.fill(page)
    finally:
        figures.close()


# ---------------------------------------------------------------- CSV

def csv_cell(value) -> str:
    """One answer as CSV text: strings as they are, anything else as JSON; formulas defused."""
    if value is None or value is pd.NA:
        return ""
    text = value if type(value) is str else _to_json(value)
    return "'" + text if text[:1] in _FORMULA_START else text


def _cells(values) -> list[str]:
    """``csv_cell`` of every value (strings, the common case, without a call each)."""
    formula, cell = _FORMULA_START, csv_cell
    return [("'" + v if v[:1] in formula else v) if type(v) is str else cell(v) for v in values]


def csv_columns(cls: cr.ClassAnswers) -> list[tuple[str, list[str]]]:
    """``(heading, cells)`` of every CSV column: who, then each answer split into readable parts
    (a rating and its reason, a form's fields, a sorting's items: one column each)."""
    about = ["class", "name", "login"] if cls.names else ["class"]
    columns = [("student", _cells(cls.answers.index))]
    columns += [(c, _cells(cls.students[c].tolist())) for c in about]
    summarised = set(cls.question_ids())
    for qid in cls.answers.columns:
        q, values = cls.question(qid) if qid in summarised else None, cls.answers[qid].tolist()
        columns += CSV_PARTS.get(q.kind if q else "", _whole)(q, qid, values)
    return columns


def _whole(q, qid: str, values: list) -> list:
    """An answer in one column (a question id that is not in the catalogue)."""
    return [(qid, _cells(values))]


def _kind_columns(kind):
    """A kind's CSV columns (``Kind.csv_columns``: a rating and its reason, a form's fields, a sorting's
    items, one column each), every value as CSV text."""
    def columns(q, qid: str, values: list) -> list:
        return [(heading, _cells(cells)) for heading, cells in kind.csv_columns(q, qid, values)]
    return columns


CSV_PARTS = _ByKind(_kind_columns)


def write_csv(cls: cr.ClassAnswers, path) -> None:
    """Every answer, one row per student (names only with ``names=True``)."""
    columns = csv_columns(cls)
    with _private_file(path, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([heading for heading, _ in columns])
        writer.writerows(zip(*(cells for _, cells in columns)))


def _private_file(path, **options):
    """Write ``path`` atomically (``atomicio``): a new file only its owner can read (it holds students'
    answers); a file already there keeps its permissions. A failed run leaves an earlier report whole."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    return atomicio.open_atomically(target, keep_mode=True, **options)


def write_report(cls: cr.ClassAnswers, out, *, max_texts: int = MAX_TEXTS, csv_path=None, scores=None) -> None:
    """The HTML report and the CSV. The CSV is written by a forked process while the page is built
    where that is safe (see ``_CsvWriter``), else here while the charts are drawn."""
    writer = _CsvWriter.start(cls, csv_path) if csv_path else None
    try:
        later = (lambda: write_csv(cls, csv_path)) if csv_path and writer is None else None
        page = build(cls, max_texts=max_texts, while_drawing=later, scores=scores)
    finally:
        if writer is not None:
            writer.wait()
    with _private_file(out) as handle:
        handle.write(page)


class _CsvWriter:
    """``write_csv`` in a forked child process, so that a big class's CSV (30,000 students: about a
    third of the command's time) is written on the other core while the page is built. Only where
    ``report_charts`` would fork too (Linux, more than one core, no other thread running)."""

    def __init__(self, pid: int, errors: int):
        self.pid, self.errors = pid, errors

    @classmethod
    def start(cls_, cls: cr.ClassAnswers, path) -> _CsvWriter | None:
        if charts._spare_cores() < 2:
            return None
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: write, report a failure through the pipe, never return
            code = 0
            try:
                os.close(read_end)
                write_csv(cls, path)
            except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
                os.write(write_end, str(error).encode("utf-8", "replace")[:4000])
                code = 1
            finally:
                os._exit(code)
        os.close(write_end)
        return cls_(pid, read_end)

    def wait(self) -> None:
        """Wait for the child; raise ``OSError`` with its message if the CSV was not written."""
        with os.fdopen(self.errors, "rb") as pipe:
            message = pipe.read().decode("utf-8", "replace")
        _, status = os.waitpid(self.pid, 0)
        if status != 0:
            raise OSError(f"the CSV could not be written: {message or f'the writer stopped (status {status})'}")


# ---------------------------------------------------------------- command line

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="answer files or folders of them")
    parser.add_argument("--out", required=True, help="the HTML report to write")
    parser.add_argument("--csv", help="also write every answer to this CSV file")
    parser.add_argument("--names", action="store_true", help="show names (default: pseudonyms such as 'Student 07')")
    parser.add_argument("--max-texts", type=int, default=MAX_TEXTS, help="written answers shown per question")
    parser.add_argument("--scores", metavar="FOLDER",
                        help="the before-and-after task's scoring folder (newslit scoring-sheet), once scored")


def run(args: argparse.Namespace) -> int:
    """Load, write the report (and CSV), say what was skipped; return the exit status."""
    if Path(args.out).is_dir() or (args.csv and Path(args.csv).is_dir()):
        print("error: --out and --csv must be file names, not folders", file=sys.stderr)
        return EXIT_USAGE
    if args.max_texts < 0:
        print("error: --max-texts cannot be negative", file=sys.stderr)
        return EXIT_USAGE
    if args.scores and not Path(args.scores).is_dir():
        print(f"error: --scores {args.scores} is not a folder (make it with: newslit scoring-sheet)", file=sys.stderr)
        return EXIT_USAGE
    cls = cr.load_class(args.paths, names=args.names)
    scores = scoring.read_scores(args.scores) if args.scores else None
    try:
        write_report(cls, args.out, max_texts=args.max_texts, csv_path=args.csv, scores=scores)
    except OSError as error:
        print(f"error: the report could not be written: {error}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    print(f"Read {len(cls.files_read)} file(s): {len(cls.answers)} student(s). Wrote {args.out}"
          + (f" and {args.csv}" if args.csv else "") + ".")
    for item in cls.skipped:
        print(f"skipped {item.path}: {item.reason}", file=sys.stderr)
    for problem in scores.problems if scores else []:
        print(f"scores: {problem}", file=sys.stderr)
    return EXIT_SKIPPED if cls.skipped else EXIT_OK
