"""How long a notebook takes a grade-9 reader: the module's timing model.

    .venv/bin/python -m maintain.timing            # every student notebook, at 130 and at 100 words a minute
    .venv/bin/python -m maintain.timing --check    # also compare with the trials' estimates (FINDINGS §2)

The model adds up, for one notebook as it is stored:

* **reading**: the words a student sees (Markdown cells, table and chart text, the article's passages,
  each question's prompt and options) at ``WPM`` words a minute, about 130 for a grade-9 reader
  (100 for an English-language learner);
* **answering**: a time per question kind, per option, item or field (``ANSWER``), or the minutes the
  prompt itself names ("In four minutes …"), or for a written answer with a length target the words
  asked for at ``WRITING_WPM``;
* **searching**: at least ``SEARCH_MINUTES`` for every question that sends the student to search the web
  (its prompt says to search, look something up or open a new tab);
* **the own article** (07a, 07b): the longer practice article where the notebook shows the article, and its
  whole source packet where it offers the search, though both arrive live;
* **running the notebook**: ``OVERHEAD_MINUTES`` for opening it, running the cells and the hand-in.

The core path leaves out the extension (every cell whose metadata says ``newslit.extension``: the
section "Extension" at the end of a notebook, one clear step away) and questions whose prompt starts
"Optional"; the full path counts everything. A block shown only after its question is answered
(``nl.after``) is stored as a short placeholder, but the student reads it once it opens, so its
words are counted as computed.
The constants were fixed once, before any notebook was cut, against the two trials' estimates for the
notebooks as they stood (FINDINGS §2: a teacher's and a student's): ``check()`` shows the model
within 15% of both trials' average for every notebook. They are not to be tuned to make a notebook fit.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from newslit import questions
from newslit.answers.store import module_root
from newslit.questions import catalogue

WPM = 130           # a grade-9 reader, reading to understand
WPM_SLOW = 100      # an English-language learner
WRITING_WPM = 10    # composing a written answer with a length target (planning, typing, checking)
SEARCH_MINUTES = 3.0
OVERHEAD_MINUTES = 2.0
# Minutes to answer, by kind: (for the question, for each option / item / field).
ANSWER = {
    "choice": (1.0, 0.0),
    "choices": (1.0, 0.15),
    "scale": (1.0, 0.0),
    "text": (3.0, 0.0),
    "classify": (0.5, 0.4),
    "form": (0.5, 0.8),
}
# The trials' estimates for the notebooks as they stood before this round (minutes, low-high), teacher's
# and student's (FINDINGS §2; "two periods" = 90, "1.5 periods" = 67.5 for 45-minute periods).
TRIALS = {
    "00": ((25, 30), (20, 25)), "01": ((45, 50), (40, 50)), "02": ((60, 70), (55, 65)),
    "03": ((90, 90), (60, 75)), "04": ((90, 90), (75, 90)), "05": ((50, 50), (45, 50)),
    "06": ((67.5, 67.5), (45, 55)),
}
TOLERANCE = 0.15

_WORD = re.compile(r"[A-Za-z0-9’'][A-Za-z0-9’'.,-]*")
_ASK = re.compile(r'\bnl\.ask\("([^"]+)"\)')
_SEARCH = re.compile(r"\bsearch\b|\blook (?:\w+ )?up\b|\bnew (?:browser )?tab\b", re.IGNORECASE)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10}
_NAMED_MINUTES = re.compile(r"\b(?:in|spend|for) (\w+) minutes\b", re.IGNORECASE)
_WORD_TARGET = re.compile(r"(\d+)\s*(?:to|-|–)\s*(\d+)\s*words", re.IGNORECASE)


def words(text: str) -> int:
    return len(_WORD.findall(text))


def _visible(html_text: str) -> str:
    text = re.sub(r"<style.*?</style>", " ", html_text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def answer_minutes(q) -> float:
    """Minutes to answer one question, by the rules above."""
    named = _NAMED_MINUTES.search(q.prompt)
    if named and named.group(1).lower() in _NUMBERS:
        minutes = float(_NUMBERS[named.group(1).lower()])
    elif q.kind == "text" and (target := _WORD_TARGET.search(q.prompt)):
        minutes = (int(target.group(1)) + int(target.group(2))) / 2 / WRITING_WPM
    else:
        base, each = ANSWER[q.kind]
        parts = q.get("options") or q.get("items") or q.get("fields") or []
        minutes = base + each * len(parts)
    if _SEARCH.search(q.prompt):
        minutes = max(minutes, SEARCH_MINUTES) if named else minutes + SEARCH_MINUTES
    return minutes


def is_optional(q) -> bool:
    return q.prompt.lstrip().lower().startswith("optional")


@dataclass
class Estimate:
    notebook: str
    words: int
    answering: float       # minutes, core path
    answering_full: float  # minutes, every question
    questions: int
    optional: int

    words_full: int = 0    # words including the extension

    def minutes(self, wpm: int = WPM, full: bool = False) -> float:
        return ((self.words_full if full else self.words) / wpm + (self.answering_full if full else self.answering)
                + OVERHEAD_MINUTES)


def is_extension(cell: dict) -> bool:
    return bool(cell.get("metadata", {}).get("newslit", {}).get("extension"))


_AFTER = re.compile(r"\bnl\.after\((.*)\)\s*$", re.S)


def after_words(source: str) -> int:
    """Words of what an ``nl.after(question, nl.block, *args)`` cell shows once it opens."""
    import ast

    import newslit
    from newslit.notebook.reveal import output_bundles

    call = ast.parse(source.strip().split(";")[-1].strip(), mode="eval").body
    block = getattr(newslit, call.args[1].attr)
    args = [ast.literal_eval(a) for a in call.args[2:]]
    total = 0
    for output in output_bundles(block, args, {}):
        data = output["data"]
        total += words(_visible(data["text/html"])) if "text/html" in data else words(data.get("text/plain", ""))
    return total


_LIVE_ARTICLE = re.compile(r"\bnl\.(own_article|search_sources)\(\)")


def live_article_words(call: str) -> int:
    """Words a student reads in a block of the own-article notebooks that is stored as a placeholder: the
    longer practice article (``own_article``), or every page of its source packet (``search_sources``: two
    name checks and a trace find most of them)."""
    from newslit.source import any_article, articles

    practice = [o for o in articles.available()[0] if o.practice]
    offer = max(practice, key=lambda o: any_article.load_file(o.path).words)
    if call == "own_article":
        return any_article.load_file(offer.path).words
    return sum(words(" ".join((p.outlet, p.title, p.date, p.text))) for p in articles.read_packet(offer.sources))


def estimate(path: Path) -> Estimate:
    """The model's estimate for one stored notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    asked, core, seen = [], [], {"core": 0, "full": 0}

    def seen_words(count: int, extension: bool) -> None:
        seen["full"] += count
        seen["core"] += 0 if extension else count

    for cell in nb["cells"]:
        source, extension = "".join(cell["source"]), is_extension(cell)
        if cell["cell_type"] == "markdown":
            seen_words(words(re.sub(r"[#*`_>|]", " ", source)), extension)
            continue
        match = _ASK.search(source)
        if match:
            asked.append(catalogue()[match.group(1)])
            if not extension and not is_optional(asked[-1]):
                core.append(asked[-1])
        if _AFTER.search(source):
            seen_words(after_words(source), extension)
            continue
        if _LIVE_ARTICLE.search(source):  # notebook 07a/07b: the article and its sources arrive live
            seen_words(live_article_words(_LIVE_ARTICLE.search(source).group(1)), extension)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                seen_words(words(_visible("".join(data["text/html"]))), extension)
    return Estimate(questions.notebook_key(path), seen["core"], sum(map(answer_minutes, core)),
                    sum(map(answer_minutes, asked)), len(asked), len(asked) - len(core), seen["full"])


def student_notebooks(root: Path | None = None) -> list[Path]:
    return questions.student_notebooks((root or module_root()) / "notebooks")


def trial_average(notebook: str) -> float:
    (t_low, t_high), (s_low, s_high) = TRIALS[notebook]
    return ((t_low + t_high) / 2 + (s_low + s_high) / 2) / 2


def check(estimates: list[Estimate]) -> list[str]:
    """Notebooks whose full-path estimate is more than 15% from the trials' average (empty: the model holds)."""
    out = []
    for e in estimates:
        if e.notebook in TRIALS:
            target = trial_average(e.notebook)
            if abs(e.minutes(full=True) - target) > TOLERANCE * target:
                out.append(f"{e.notebook}: model {e.minutes(full=True):.1f} min, trials {target:.1f} min")
    return out


def table(estimates: list[Estimate], with_trials: bool = False) -> str:
    head = ("| notebook | words | questions (optional) | core min at 130 wpm | core min at 100 wpm "
            "| full min at 130 wpm |")
    rule = "|---|---|---|---|---|---|"
    if with_trials:
        head += " teacher's trial | student's trial | their average | model vs average |"
        rule += "---|---|---|---|"
    rows = [head, rule]
    for e in estimates:
        row = (f"| {e.notebook} | {e.words:,} | {e.questions} ({e.optional}) | {e.minutes():.0f} | "
               f"{e.minutes(WPM_SLOW):.0f} | {e.minutes(full=True):.0f} |")
        if with_trials and e.notebook in TRIALS:
            target = trial_average(e.notebook)
            (t_low, t_high), (s_low, s_high) = TRIALS[e.notebook]
            row += (f" {t_low:g}–{t_high:g} | {s_low:g}–{s_high:g} | {target:.1f} | "
                    f"{100 * (e.minutes(full=True) - target) / target:+.0f}% |")
        rows.append(row)
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the trials' estimates (FINDINGS §2)")
    args = parser.parse_args(argv)
    estimates = [estimate(p) for p in student_notebooks()]
    print(table(estimates, with_trials=args.check))
    if args.check:
        problems = check(estimates)
        print("\n".join(problems) if problems else "\nThe model is within 15% of the trials for every notebook.")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
