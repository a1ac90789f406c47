"""Blind scoring of the before-and-after task, and the class's change criterion by criterion.

    python -m newslit scoring-sheet ANSWERS... --out scoring/     # 1. after both halves are done
    (score every row of scoring/task-scores.csv, 1 to 4 for each criterion)
    python -m newslit report ANSWERS... --out report.html --scores scoring/   # 2. the change

Step 1 writes three files into the scoring folder:

* ``task-scores.csv``: one row per answer (both halves of the task, every student), in a random order,
  each under a random code, with the post it is about and what the student wrote, and an empty column
  per criterion. Nothing in it says whose answer it is or whether it came first or second, so the
  scorer cannot favour the later answers. Fill it in with any spreadsheet program.
* ``task-answers.html``: the same answers under the same codes, with the rubric's level descriptions,
  to read or print while scoring.
* ``task-codes.csv``: which answer each code stands for (a reference that names nobody, and the
  question). Do not open it while scoring; the report reads it.

Run again later (students who were absent), it keeps every code and every score already written and
adds the new answers at the end, in a random order of their own. Step 2 reads the scores back (levels
1-4 or the level names; a cell it cannot read is named in a message and left out, never guessed) and
compares, for each criterion, the two answers of every student who has both scored.
"""
from __future__ import annotations

import csv
import io
import random
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newslit.answers import atomicio
from newslit.questions.entries import Question, catalogue
from newslit.questions.kinds.task import POST
from newslit.source import tasks
from newslit.templates import render

SHEET, PAGE, CODES = "task-scores.csv", "task-answers.html", "task-codes.csv"
CODE_COLUMN, POST_COLUMN, NOTES_COLUMN = "code", "post", "notes"
_CODE_LETTERS = "ACDEFHJKLMNPRTUVWXY"  # no letters that look like digits or each other


def task_questions() -> dict[str, Question]:
    """The two task questions by measure ("task-before", "task-after")."""
    found = {}
    for q in catalogue().values():
        measure = (q.get("tags") or {}).get("measure")
        if measure in (tasks.BEFORE, tasks.AFTER):
            found[measure] = q
    return found


def _fields() -> list[dict]:
    return list(task_questions()[tasks.BEFORE].get("fields"))


def criterion_column(criterion: tasks.Criterion) -> str:
    return f"{criterion.name} (1-4)"


# ---------------------------------------------------------------- the answers to score

@dataclass(frozen=True)
class Answer:
    ref: str        # the student (load.student_ref: a hash, no name)
    question: str   # the task question's id
    post: str
    texts: dict     # field id -> what was written


def answers(cls) -> list[Answer]:
    """Every task answer in the class that names a post (both halves), in the class's order."""
    found = []
    refs = cls.students["ref"]
    for q in task_questions().values():
        if q.id not in cls.answers.columns:
            continue
        for label, value in cls.answers[q.id].items():
            if isinstance(value, dict) and value.get(POST) in tasks.post_ids():
                texts = {f["id"]: str(value.get(f["id"], "") or "") for f in q.get("fields")}
                found.append(Answer(refs[label], q.id, value[POST], texts))
    return found


# ---------------------------------------------------------------- step 1: the sheet

@dataclass
class SheetResult:
    folder: Path
    added: int
    kept: int


def _new_code(used: set[str], rng: random.Random | None) -> str:
    while True:
        pick = rng.choice if rng is not None else secrets.choice
        code = "".join(pick(_CODE_LETTERS) for _ in range(2)) + "-" + "".join(pick("23456789") for _ in range(3))
        if code not in used:
            used.add(code)
            return code


def write_sheet(cls, folder, *, seed: int | None = None) -> SheetResult:
    """Write (or extend) the scoring folder for ``cls`` (see the module's docstring)."""
    folder = Path(folder)
    rng = random.Random(seed) if seed is not None else None
    codes = read_codes(folder)
    rows = _read_rows(folder / SHEET) if (folder / SHEET).exists() else []
    known = {(ref, qid) for ref, qid in codes.values()}
    used = set(codes) | {row.get(CODE_COLUMN, "") for row in rows}
    new = [a for a in answers(cls) if (a.ref, a.question) not in known]
    (rng or random.SystemRandom()).shuffle(new)
    titles = {p.id: p.title for p in tasks.posts()}
    header = _header()
    for answer in new:
        code = _new_code(used, rng)
        codes[code] = (answer.ref, answer.question)
        row = {CODE_COLUMN: code, POST_COLUMN: titles[answer.post]}
        row.update({f["label"]: answer.texts.get(f["id"], "") for f in _fields()})
        rows.append(row)
    folder.mkdir(parents=True, exist_ok=True)
    _write_csv(folder / CODES, ["code", "student", "question"],
               [{"code": c, "student": ref, "question": qid} for c, (ref, qid) in codes.items()])
    _write_csv(folder / SHEET, header + [h for h in _extra_headers(rows) if h not in header], rows)
    by_code = {row[CODE_COLUMN]: row for row in rows}
    with atomicio.open_atomically(folder / PAGE, keep_mode=True) as handle:
        handle.write(render("scoring.html.j2", criteria=tasks.criteria(), posts=tasks.posts(),
                            fields=_fields(), rows=[by_code[c] for c in by_code], minutes=tasks.minutes()))
    return SheetResult(folder, len(new), len(rows) - len(new))


def _header() -> list[str]:
    return ([CODE_COLUMN, POST_COLUMN] + [f["label"] for f in _fields()]
            + [criterion_column(c) for c in tasks.criteria()] + [NOTES_COLUMN])


def _extra_headers(rows: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(k for k in row if k))
    return list(seen)


def _safe_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula (students wrote it)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    with atomicio.open_atomically(path, keep_mode=True, newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([[_safe_cell(row.get(h, "")) for h in header] for row in rows])


def _read_rows(path: Path) -> list[dict]:
    """The rows of a CSV a spreadsheet may have saved again: any of , ; or tab, with or without a BOM."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [{(k or "").strip(): (v or "") for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(text), dialect=dialect)]


def read_codes(folder) -> dict[str, tuple[str, str]]:
    """code -> (student reference, question id), from the folder's codes file ({} when there is none)."""
    path = Path(folder) / CODES
    if not path.exists():
        return {}
    return {row["code"].strip(): (row.get("student", "").strip(), row.get("question", "").strip())
            for row in _read_rows(path) if row.get("code", "").strip()}


# ---------------------------------------------------------------- step 2: the scores

def level(cell: str) -> int | None:
    """A score cell as a level 1-4; None when empty; ``ValueError`` when it is neither."""
    text = (cell or "").strip().strip("'")
    if not text:
        return None
    for number, name in enumerate(tasks.LEVELS, start=1):
        if text.casefold() in (name.casefold(), str(number), f"{number}.0", name[0].casefold()):
            return number
    raise ValueError(text)


@dataclass
class Scores:
    table: pd.DataFrame  # one row per scored answer: student, question, measure, post, one column per criterion
    problems: list[str] = field(default_factory=list)
    unscored: int = 0    # answers on the sheet with no score yet


def read_scores(folder) -> Scores:
    """The filled-in sheet joined to its codes. Cells that are not a level are named in ``problems``."""
    folder = Path(folder)
    columns = ["student", "question", "measure", "post"] + [c.id for c in tasks.criteria()]
    if not (folder / SHEET).exists() or not (folder / CODES).exists():
        return Scores(pd.DataFrame(columns=columns),
                      [f"No scoring sheet in {folder}: make one with `newslit scoring-sheet`."])
    codes, rows, problems = read_codes(folder), _read_rows(folder / SHEET), []
    measures = {q.id: measure for measure, q in task_questions().items()}
    titles = {p.title: p.id for p in tasks.posts()}
    headers = {h.casefold().replace(" ", ""): h for h in (rows[0].keys() if rows else [])}
    found, unscored = [], 0
    for number, row in enumerate(rows, start=2):  # the header is row 1 in a spreadsheet
        code = row.get(CODE_COLUMN, "").strip()
        if code not in codes:
            problems.append(f"row {number}: code {code!r} is not in {CODES}; the row is left out.")
            continue
        ref, qid = codes[code]
        levels = {}
        for criterion in tasks.criteria():
            header = headers.get(criterion_column(criterion).casefold().replace(" ", "")) or headers.get(
                criterion.name.casefold().replace(" ", ""))
            try:
                levels[criterion.id] = level(row.get(header, "")) if header else None
            except ValueError as bad:
                problems.append(f"row {number} ({code}): “{criterion.name}” is “{bad}”. Write 1 to 4 "
                                f"(or {', '.join(tasks.LEVELS)}), or leave it empty; it is left out.")
                levels[criterion.id] = None
        if all(v is None for v in levels.values()):
            unscored += 1
            continue
        found.append({"student": ref, "question": qid, "measure": measures.get(qid, ""),
                      "post": titles.get(row.get(POST_COLUMN, "").strip(), row.get(POST_COLUMN, "").strip()),
                      **levels})
    table = pd.DataFrame(found, columns=columns)
    for criterion in tasks.criteria():
        table[criterion.id] = table[criterion.id].astype("Int64")
    return Scores(table, problems, unscored)


# ---------------------------------------------------------------- the change

@dataclass
class TaskChange:
    message: str
    table: pd.DataFrame | None = None     # one row per criterion
    by_post: pd.DataFrame | None = None   # the mean level of each post, either half (is one post harder?)
    orders: dict = field(default_factory=dict)  # post done first -> students
    pairs: pd.DataFrame | None = None     # per student and criterion: before, after (for the chart)
    problems: list[str] = field(default_factory=list)


def task_change(cls, scores: Scores | None) -> TaskChange:
    """The class's change on the task, criterion by criterion, from blind scores (None: not scored yet)."""
    done = answers(cls)
    firsts = {a.ref: a.post for a in done if a.question == task_questions()[tasks.BEFORE].id}
    seconds = {a.ref for a in done if a.question == task_questions()[tasks.AFTER].id}
    both = len(set(firsts) & seconds)
    titles = {p.id: p.title for p in tasks.posts()}
    orders = {titles[p]: sum(1 for v in firsts.values() if v == p) for p in tasks.post_ids()}
    done_line = (f"{len(firsts)} students did the first half (notebook 01) and {len(seconds)} the second "
                 f"(notebook 07a); {both} did both.")
    if scores is None:
        return TaskChange(f"Before-and-after task: {done_line} Not scored yet: make the scoring sheet "
                          "(newslit scoring-sheet), score it, then give the report --scores.", orders=orders)
    table = scores.table[scores.table["student"].isin(set(cls.students["ref"]))]
    ids = [c.id for c in tasks.criteria()]
    wide = table.pivot_table(index="student", columns="measure", values=ids, aggfunc="first")
    rows, pairs = [], []
    for criterion in tasks.criteria():
        if (criterion.id, tasks.BEFORE) not in wide.columns or (criterion.id, tasks.AFTER) not in wide.columns:
            continue
        paired = wide[[(criterion.id, tasks.BEFORE), (criterion.id, tasks.AFTER)]].dropna().astype(float)
        if paired.empty:
            continue
        before, after = paired.iloc[:, 0], paired.iloc[:, 1]
        step = after - before
        rows.append({"criterion": criterion.name, "before (mean level)": before.mean(),
                     "after (mean level)": after.mean(), "change": step.mean(), "higher": int((step > 0).sum()),
                     "same": int((step == 0).sum()), "lower": int((step < 0).sum()), "students": len(paired)})
        pairs += [{"criterion": criterion.name, "before": b, "after": a} for b, a in zip(before, after)]
    scored = f" {len(table)} answers scored" + (f", {scores.unscored} not scored yet" if scores.unscored else "") + "."
    if not rows:
        return TaskChange(f"Before-and-after task: {done_line}{scored} No student has both halves scored yet.",
                          orders=orders, problems=scores.problems)
    by_post = (table.assign(post=table["post"].map(lambda p: titles.get(p, p)))
               .groupby("post")[ids].mean().rename(columns={c.id: c.name for c in tasks.criteria()}))
    by_post.insert(0, "answers scored", table.groupby("post").size().rename(index=lambda p: titles.get(p, p)))
    return TaskChange(f"Before-and-after task, scored blind: {done_line}{scored}",
                      pd.DataFrame(rows).set_index("criterion").round(2), by_post.round(2), orders,
                      pd.DataFrame(pairs), scores.problems)


# ---------------------------------------------------------------- command line

def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="answer files or folders of them")
    parser.add_argument("--out", required=True, help="the scoring folder to write (or extend)")


def run(args) -> int:
    from newslit.classroom import load

    cls = load.load_class(args.paths)
    if Path(args.out).exists() and not Path(args.out).is_dir():
        print("error: --out must be a folder", file=sys.stderr)
        return 2
    result = write_sheet(cls, args.out)
    print(f"Scoring folder {result.folder}: {result.added} new answer(s) added, {result.kept} kept with their "
          f"codes and scores. Score {result.folder / SHEET} (1 to 4 for each criterion, reading "
          f"{result.folder / PAGE}); do not open {result.folder / CODES} while scoring.")
    return 0
