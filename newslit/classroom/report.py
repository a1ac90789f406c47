"""The class report as one self-contained HTML file (and a CSV), for ``python -m newslit report``.

    python -m newslit report PATH [PATH ...] --out report.html [--csv answers.csv] [--names]

* Self-contained: styles inline, charts as base64 PNG ``<img alt=…>``, no script at all, and a
  Content-Security-Policy that forbids scripts, fetches and every outside resource.
* Projector view (a switch at the top, CSS only): totals, charts and only the free-text answers the
  teacher ticked; never private questions (check-ins), never names or pseudonyms, never the list of
  files. "Large type" makes everything bigger without the projector view's filtering.
* Anonymous unless ``--names``: students are "Student 07", and skipped files are not named (file
  names hold students' names; the terminal lists them instead).
* Every student-written string is escaped (``html.escape``) and isolated (``<bdi>``), so markup is
  shown as text and a right-to-left mark cannot reorder the page around it.

Exit status: 0 every file read, 3 some files skipped (the report is still written), 2 usage error,
1 the report could not be written.
"""
from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import secrets
import sys
from pathlib import Path

import pandas as pd

import newslit.answers.atomicio as atomicio
import newslit.answers.store as answers
import newslit.classroom.load as cr
import newslit.classroom.report_charts as charts
import newslit.questions.entries as questions
from newslit.questions.entries import Question

EXIT_OK, EXIT_WRITE_FAILED, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3
MAX_TEXTS = 300  # written answers shown per question; the CSV has all of them
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'none'; "
       "base-uri 'none'; form-action 'none'")
_FORMULA_START = {"=", "+", "-", "@", "\t", "\r"}  # a spreadsheet would run these as formulas
_to_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per cell


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def said(text) -> str:
    """A string a student (or an answer file) supplied: escaped, and isolated for direction."""
    return f"<bdi>{esc(text)}</bdi>"


# ---------------------------------------------------------------- small HTML pieces

PERCENT_COLUMNS = {"right first", "right final", "right before", "right after"}


def table(frame: pd.DataFrame, *, index: bool = False, student_columns=()) -> str:
    """A plain HTML table; every cell escaped (cells in ``student_columns`` also isolated)."""
    frame = frame.reset_index() if index else frame
    head = "".join(f"<th scope='col'>{esc(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{said(v) if c in student_columns else esc(_cell(v, c in PERCENT_COLUMNS))}</td>"
                         for c, v in zip(frame.columns, row)) + "</tr>"
        for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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
    while the page is built) and leaves a marker in the HTML; ``fill`` puts each ``<figure>`` in place
    of its marker. The marker holds a random token, so no answer can imitate one."""

    def __init__(self):
        self.drawer = charts.Drawer()
        self.token = secrets.token_hex(8)

    def add(self, draw, *args) -> str:
        return f"\x00{self.token}:{self.drawer.submit((draw, *args))}\x00"

    def fill(self, page: str) -> str:
        drawn = self.drawer.results()
        return re.sub(f"\x00{self.token}:(\\d+)\x00", lambda m: _figure_html(*drawn[int(m.group(1))]), page)

    def close(self) -> None:
        self.drawer.close()


def _figure_html(uri: str, alt: str) -> str:
    width, height = (int(x * charts.DPI) for x in charts.SIZE)
    return (f"<figure><img src='{uri}' alt='{esc(alt)}' width='{width}' height='{height}'>"
            f"<figcaption>{esc(alt)}</figcaption></figure>")


def section(anchor: str, title: str, body: str, classes: str = "") -> str:
    return f"<section id='{esc(anchor)}' class='{esc(classes)}'><h2>{esc(title)}</h2>{body}</section>"


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ") + " UTC"


# ---------------------------------------------------------------- parts of the report

def header(cls: cr.ClassAnswers) -> str:
    classes = sorted({c for c in cls.students["class"].dropna() if str(c).strip()}) if len(cls.students) else []
    banner = ("<p class='banner'><strong>Invented class.</strong> Every student in these files is "
              "invented (sample data generated from the question catalogue).</p>") if cls.sample else ""
    subtitle = f"<p class='sub'>Class: {', '.join(said(c) for c in classes)}</p>" if classes else ""
    return f"<h1>Class report</h1>{subtitle}{banner}"


def totals(cls: cr.ClassAnswers, summary: pd.DataFrame, figures: Figures) -> str:
    facts = [f"<li><strong>{len(cls.answers)}</strong> students</li>",
             f"<li><strong>{len(summary)}</strong> questions answered</li>",
             f"<li class='teacher-only'><strong>{len(cls.files_read)}</strong> files read, "
             f"<strong>{len(cls.skipped)}</strong> skipped</li>"]
    if cls.saved_range:
        facts.append(f"<li>answers saved from {esc(_when(cls.saved_range[0]))} to {esc(_when(cls.saved_range[1]))}</li>")
    body = f"<ul class='facts'>{''.join(facts)}</ul>"
    numbered = cr.right_shares(summary)
    if not numbered.empty:
        body += figures.add(charts.draw_right_shares, numbered)
        shown = numbered[["label", "kind", "answered", "right first", "right final"]].reset_index()
        shown.insert(0, "#", range(1, len(shown) + 1))
        body += table(shown)
    return section("totals", "Totals", body)


def starters(cls: cr.ClassAnswers, figures: Figures) -> str:
    top = cr.discussion_starters(cls)
    if top.empty:
        return section("starters", "Discussion starters", "<p>No question has two or more answers yet.</p>")
    intro = ("<p>The questions this class disagrees on most (0 = everyone agrees, 1 = evenly split): "
             "good places to start a discussion. Private check-ins are never included.</p>")
    return section("starters", "Discussion starters", intro + figures.add(charts.draw_disagreement, top) + table(top))


def measures(cls: cr.ClassAnswers, figures: Figures) -> str:
    parts = []
    for change in (cr.trust_change(cls), cr.transfer(cls)):
        body = f"<p>{esc(change.message)}</p><p class='note teacher-only'>{esc(change.detail)}</p>"
        if change.table is not None:
            body += table(change.table)
            pairs = cr.paired_values(cls, change)
            if not pairs.empty:
                bounds = (change.before.get("min", 0), change.before.get("max", 100))
                body += figures.add(charts.draw_change, pairs, cr.TITLES[change.measure], bounds)
        parts.append(f"<article class='card'><h3>{esc(cr.TITLES[change.measure])}</h3>{body}</article>")
    return section("measures", "Before and after", "".join(parts))


def question_card(cls: cr.ClassAnswers, q: Question, summary_row: pd.Series, max_texts: int,
                  figures: Figures) -> str:
    """One question: prompt, numbers, its chart and table, and its written answers."""
    badge = " <span class='badge'>private check-in: never on the projector</span>" if q.private else ""
    facts = f"Answered by {summary_row['answered']} of {len(cls.answers)}"
    if cr.keyed(q):
        facts += (f"; right at the first attempt {_cell(summary_row['right first'], True)}, "
                  f"finally {_cell(summary_row['right final'], True)}")
    if pd.notna(summary_row["disagreement"]):
        facts += f"; disagreement {summary_row['disagreement']:.2f}"
    data = cr.question_data(cls, q)
    spec = charts.question_chart(q, data)
    body = (f"<h3>{esc(q.label)}{badge}</h3><p class='qid'>{esc(q.id)} · notebook {esc(q.notebook)} · {esc(q.kind)}</p>"
            f"<p class='prompt'>{esc(q.prompt)}</p><p class='facts'>{facts}.</p>"
            + (figures.add(*spec) if spec else "") + TABLES[q.kind](data) + written(cls, q, max_texts))
    return f"<article class='card{' teacher-only private' if q.private else ''}' id='q-{esc(q.id)}'>{body}</article>"


def _right_rows(dist: pd.DataFrame) -> str:
    """Classify: per item, the right category and how many sorted it there."""
    right = dist[dist["right"]][["item", "text", "category", "first", "final"]]
    return table(right.rename(columns={"category": "right category", "first": "right first", "final": "right final"}))


def _spread(values: pd.Series) -> str:
    return table(values.describe().to_frame().T.round(1))


TABLES = {"choice": table, "choices": table, "classify": _right_rows, "scale": _spread,
          "text": lambda data: "", "form": lambda data: ""}


def written(cls: cr.ClassAnswers, q: Question, max_texts: int) -> str:
    """The written answers, grouped by part (a form's fields), each with a "show on projector" tick
    (none for private questions). At most ``max_texts``: the CSV has all of them."""
    shown = cr.free_text(cls, q.id, limit=max_texts)
    if shown.empty:
        return ""
    groups = "".join(_answer_list(part, rows, q.private) for part, rows in shown.groupby("part", sort=False))
    capped = len(shown) >= max_texts
    note = f"<p class='note teacher-only'>The first {max_texts} are shown; the CSV has all of them.</p>" if capped else ""
    return f"<div class='written'><h4>Written answers{'' if capped else f' ({len(shown)})'}</h4>{groups}{note}</div>"


def _shortened(text: str) -> str:
    """A written answer as shown: one longer than the store allows (a hand-made file) is cut."""
    if len(text) <= answers.MAX_TEXT:
        return said(text)
    return (f"{said(text[:answers.MAX_TEXT])} <em class='note'>… cut here: this answer is {len(text):,} "
            f"characters long (the CSV has all of it).</em>")


def _answer_list(part: str, rows: pd.DataFrame, private: bool) -> str:
    pick = "" if private else "<label class='pick'><input type='checkbox'> show on projector</label> "
    items = "".join(f"<li class='answer'>{pick}<span class='who'>{said(row.student)}</span> "
                    f"<span class='text'>{_shortened(row.text)}</span></li>" for row in rows.itertuples(index=False))
    heading = f"<h5>{esc(part)}</h5>" if part else ""
    return f"<div class='group'>{heading}<ul class='texts'>{items}</ul></div>"


def by_question(cls: cr.ClassAnswers, summary: pd.DataFrame, max_texts: int, figures: Figures) -> str:
    parts, notebook = [], None
    for qid, row in summary.iterrows():
        q = questions.get(qid)
        if q.notebook != notebook:
            notebook = q.notebook
            parts.append(f"<h2 class='notebook'>Notebook {esc(notebook)}</h2>")
        parts.append(question_card(cls, q, row, max_texts, figures))
    return "<section id='questions'>" + "".join(parts) + "</section>"


def students(cls: cr.ClassAnswers) -> str:
    shown = cls.students.drop(columns=["paths", "sample"], errors="ignore")
    note = "" if cls.names else "<p class='note'>Anonymous: run with <code>--names</code> to see names.</p>"
    return section("students", "Students", note + table(shown, index=True, student_columns=("student", "name", "login", "class")),
                   "teacher-only")


def skipped(cls: cr.ClassAnswers) -> str:
    notes = "".join(f"<p class='note'>{esc(n)}</p>" for n in cls.notes)
    ignored = (f"<p class='note'>{cls.ignored} other file(s) passed over (not .json, e.g. the .html copy "
               f"beside a hand-in file).</p>") if cls.ignored else ""
    if not cls.skipped:
        return section("skipped", "Files skipped", "<p>None: every answer file was read.</p>" + ignored + notes,
                       "teacher-only")
    rows = "".join(f"<li>{said(_skipped_name(cls, s, n))}: {esc(s.reason)}</li>"
                   for n, s in enumerate(cls.skipped, start=1))
    hint = "" if cls.names else ("<p class='note'>File names are hidden because they hold students' names; "
                                 "the command printed them in the terminal (or run with --names).</p>")
    return section("skipped", f"Files skipped ({len(cls.skipped)})", f"<ul>{rows}</ul>{hint}{ignored}{notes}",
                   "teacher-only")


def _skipped_name(cls: cr.ClassAnswers, item: cr.Skipped, number: int) -> str:
    return item.path if cls.names else f"file {number} (under {item.given or 'a path given'})"


# ---------------------------------------------------------------- the page

STYLE = """
:root{--ink:#111;--muted:#444;--line:#999;--blue:#0072B2;--orange:#E69F00}
body{font:18px/1.5 system-ui,'DejaVu Sans',sans-serif;color:var(--ink);background:#fff;margin:0}
main{max-width:60em;margin:0 auto;padding:1em 1.5em 4em}
h1{font-size:2em;margin:.3em 0}h2{font-size:1.5em;border-bottom:2px solid var(--blue);margin-top:1.6em}
h3{font-size:1.2em;margin:.2em 0}
.bar{position:sticky;top:0;z-index:1;background:#f2f2f2;border-bottom:1px solid var(--line);padding:.4em 1.5em;
 display:flex;flex-wrap:wrap;gap:.6em 1.2em;align-items:center}
.bar label{border:2px solid var(--blue);border-radius:1em;padding:.1em .8em;cursor:pointer;font-weight:600}
.bar a{color:var(--blue)}
.switch{position:absolute;opacity:0;width:1px;height:1px}
label[for=projector]::after,label[for=large]::after{content:': off'}
#projector:checked~.bar label[for=projector],#large:checked~.bar label[for=large]{background:var(--blue);color:#fff}
#projector:checked~.bar label[for=projector]::after,#large:checked~.bar label[for=large]::after{content:': on'}
#projector:focus-visible~.bar label[for=projector],#large:focus-visible~.bar label[for=large]{outline:3px solid var(--orange)}
.banner{background:#fff3cd;border-left:6px solid var(--orange);padding:.5em 1em}
.sub,.qid,.note,figcaption{color:var(--muted)}.qid{font-size:.85em;margin:0}
.card{border:1px solid var(--line);border-radius:8px;padding:.6em 1.2em;margin:1em 0}
.private{border-style:dashed}.badge{font-size:.7em;background:#eee;border-radius:4px;padding:.1em .4em}
figure{margin:.8em 0}img{max-width:100%;height:auto}figcaption{font-size:.85em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}th,td{border:1px solid var(--line);padding:.2em .5em;
 text-align:left;vertical-align:top}th{background:#f2f2f2}
.texts{padding-left:1.2em}.answer{margin:.35em 0}.text{white-space:pre-wrap}.who{color:var(--muted);font-size:.85em}
h5{font-size:1em;margin:.6em 0 .2em}.pick{font-size:.8em;color:var(--muted);white-space:nowrap}
bdi{unicode-bidi:isolate}
#large:checked~main,#projector:checked~main{font-size:1.45em;max-width:none}
#large:checked~main img,#projector:checked~main img{width:100%}
#projector:checked~main .teacher-only,#projector:checked~main .who,#projector:checked~main .pick,
#projector:checked~main figcaption,#projector:checked~main .written,#projector:checked~main li.answer{display:none}
@supports selector(:has(*)){#projector:checked~main .written:has(input:checked){display:block}
#projector:checked~main .group:not(:has(input:checked)){display:none}
#projector:checked~main li.answer:has(input:checked){display:list-item}}
@media print{.bar{display:none}}
"""


HELP = ("<p class='note teacher-only'>Tick <em>show on projector</em> beside the answers you want to discuss, "
        "then switch on <em>Projector view</em> (top left): it shows the totals, the charts and the ticked answers "
        "only, never private check-ins, names or files.</p>")


def build(cls: cr.ClassAnswers, *, max_texts: int = MAX_TEXTS, while_drawing=None) -> str:
    """The whole report as one HTML string (no script, no outside resource). ``while_drawing()`` is
    called while the last charts are still being drawn (the command writes the CSV then)."""
    figures = Figures()
    try:
        summary = cr.summary(cls)
        main = (header(cls) + HELP + totals(cls, summary, figures) + starters(cls, figures)
                + measures(cls, figures) + by_question(cls, summary, max_texts, figures) + students(cls) + skipped(cls))
        if while_drawing is not None:
            while_drawing()
        main = figures.fill(main)
    finally:
        figures.close()
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<meta name='referrer' content='no-referrer'><title>Class report</title><style>{STYLE}</style></head><body>"
            "<input type='checkbox' id='projector' class='switch'><input type='checkbox' id='large' class='switch'>"
            "<nav class='bar' aria-label='Report controls'><label for='projector'>Projector view</label>"
            "<label for='large'>Large type</label><a href='#totals'>Totals</a><a href='#starters'>Discussion starters</a>"
            "<a href='#measures'>Before and after</a><a href='#questions'>Questions</a></nav>"
            f"<main>{main}</main></body></html>")


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
    known = questions.catalogue()
    for qid in cls.answers.columns:
        q, values = known.get(qid), cls.answers[qid].tolist()
        columns += CSV_PARTS.get(q.kind if q else "", _whole)(q, qid, values)
    return columns


def _whole(q, qid: str, values: list) -> list:
    return [(qid, _cells(values))]


def _joined(q, qid: str, values: list) -> list:
    return [(qid, _cells(["; ".join(map(str, v)) if type(v) is list else v for v in values]))]


def _rating(q, qid: str, values: list) -> list:
    return [(qid, _cells([v.get("value") if type(v) is dict else v for v in values])),
            (f"{qid}: reason", _cells([v.get("reason") if type(v) is dict else None for v in values]))]


def _fields(q, qid: str, values: list) -> list:
    names = [f["id"] for f in q.get("fields", [])] if q.kind == "form" else [i["id"] for i in q.get("items", [])]
    empty = {}
    dicts = [v if type(v) is dict else empty for v in values]
    parts = [(f"{qid}: {name}", _cells([d.get(name) for d in dicts])) for name in names]
    expected = set(names)
    odd = [v is not None and not (type(v) is dict and v.keys() <= expected) for v in values]
    if any(odd):  # a hand-made answer of another shape: kept whole
        parts.append((f"{qid}: other", _cells([v if o else None for v, o in zip(values, odd)])))
    return parts


CSV_PARTS = {"choices": _joined, "scale": _rating, "form": _fields, "classify": _fields}


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


def write_report(cls: cr.ClassAnswers, out, *, max_texts: int = MAX_TEXTS, csv_path=None) -> None:
    """The HTML report and the CSV. The CSV is written by a forked process while the page is built
    where that is safe (see ``_CsvWriter``), else here while the charts are drawn."""
    writer = _CsvWriter.start(cls, csv_path) if csv_path else None
    try:
        later = (lambda: write_csv(cls, csv_path)) if csv_path and writer is None else None
        page = build(cls, max_texts=max_texts, while_drawing=later)
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


def run(args: argparse.Namespace) -> int:
    """Load, write the report (and CSV), say what was skipped; return the exit status."""
    if Path(args.out).is_dir() or (args.csv and Path(args.csv).is_dir()):
        print("error: --out and --csv must be file names, not folders", file=sys.stderr)
        return EXIT_USAGE
    if args.max_texts < 0:
        print("error: --max-texts cannot be negative", file=sys.stderr)
        return EXIT_USAGE
    cls = cr.load_class(args.paths, names=args.names)
    try:
        write_report(cls, args.out, max_texts=args.max_texts, csv_path=args.csv)
    except OSError as error:
        print(f"error: the report could not be written: {error}", file=sys.stderr)
        return EXIT_WRITE_FAILED
    print(f"Read {len(cls.files_read)} file(s): {len(cls.answers)} student(s). Wrote {args.out}"
          + (f" and {args.csv}" if args.csv else "") + ".")
    for item in cls.skipped:
        print(f"skipped {item.path}: {item.reason}", file=sys.stderr)
    return EXIT_SKIPPED if cls.skipped else EXIT_OK
