"""An invented class, generated from the question catalogue, for the class report and its tests.

    python -m newslit sample-class OUT_DIR --students 32 --seed 7 [--exports 2] [--force]

Every student is invented: names are first names from many cultures behind "Sample Student NN —",
and every file says ``"sample": true``. The answers have a realistic spread: a hidden "ability" per
student decides how often the first attempt is right, wrong first attempts are often corrected
(so ``first`` and ``value`` differ and ``attempts`` grows), some answers are missing, some students
stop early, free text comes from short templates, and a few students have both a store file and a
hand-in file written by ``export`` (in ``hand-in/``), one of them with an answer finished on another
computer, so the report has to merge them by save time. The same seed gives the same files, byte
for byte. A ``README.md`` in OUT_DIR says the class is invented.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import newslit.answers.store as answers
import newslit.questions.entries as questions
from newslit.answers.keyed import ARTICLE_RECORD, article_record, keyed_id
from newslit.questions.kinds import get_kind

CLASS_NAME = "Sample class 9B (invented)"
SCORING = "scoring"  # the before-and-after task's scoring folder, filled in (newslit.classroom.scoring)
START = datetime(2025, 3, 3, 8, 30, tzinfo=UTC)  # lesson one; one notebook a day after it
FIRST_NAMES = (
    "Amira", "Kwame", "Yuki", "Mateo", "Priya", "Oluwaseun", "Lena", "Dmitri", "Aroha", "Tenzin",
    "Sofía", "Jamal", "Mei", "Noa", "Ayşe", "Tariq", "Ingrid", "Kofi", "Leilani", "Arjun", "Zanele",
    "Hana", "Emeka", "Nilufar", "Tomás", "Saoirse", "Ravi", "Farah", "Mikael", "Ngozi", "Jun",
    "Esperanza", "Yusuf", "Anahí", "Sione", "Daria", "Kai", "Amani", "Lucía", "Bao", "Chidi", "Elif",
    "Henrik", "Isabela", "Keanu", "Laila", "Marek", "Nadia", "Omar", "Paulo", "Rania", "Siddharth",
    "Tala", "Uzma", "Vikram", "Wanjiru", "Ximena", "Yara", "Zoltan", "Aiyana",
)
SLOTS = {
    "platform": ("a video app", "the school news site", "a group chat", "the radio in the car",
                 "a friend's story", "the TV news at home", "a news app"),
    "outlet": ("a local TV station", "a news agency", "a newspaper", "an account that reposts clips",
               "nobody I could see", "a reporter on the scene"),
    "check": ("open a new tab and search for the site", "look for the original report",
              "check who runs the website", "compare it with a news agency's story",
              "search for the quote's exact words", "ask who first reported it"),
    "clue": ("there is no author or date", "a name is spelled two ways", "the quote has no link",
             "the numbers have no source", "the headline sounds dramatic", "the sentences read like a translation"),
}
TEXT_TEMPLATES = {
    "who is behind it": ("I saw it on {platform}. I think {outlet} reported it first, but the post did not say.",
                         "On {platform}. Probably {outlet}; I would {check}.",
                         "I saw it on {platform}, and I am not sure who reported it first."),
    "": ("The article does not say who wrote it, so I would {check}.",
         "I noticed {clue}. I would {check} before sharing it.",
         "Not sure. Because {clue}, I want to {check}.",
         "{Clue}, so I would {check}."),
}
REASONS = ("", "", "Nothing, thanks.", "A bit tired today.", "I would like to work with a partner.",
           "I have read about the war before.", "It is a hard topic but I want to learn.",
           "I do not trust sites I have never heard of.", "Some of it seemed to fit other reports.")
FORM_ANSWERS = {
    "who": ("Admiral Rob Bauer", "Rob Bauer", "an admiral", "Bauer (NATO)"),
    "role": ("Chairman of the NATO Military Committee", "NATO chairman", "a NATO admiral", "head of a NATO committee"),
    "when": ("The article does not say", "not given", "January 2025?", "no date in the article"),
    "found": ("I did not search, the post looks fine.", "One page says something different from the post.",
              "The first page that reported it says something else, and a copy site changed it.",
              "I searched the name in the post; the group's own page does not match what the post says."),
    "share": ("Yes, it is interesting.", "No, not until I know who is behind it.",
              "No: the pages I found do not back it up.", "Maybe, but only with a link to the original page."),
    "": ("not stated in the article", "the article does not say", "I could not find it", "I am not sure yet",
         "it looks copied from another report", "I would check another source first",
         "only what the article says", "someone the article quotes"),
}
# The before-and-after task (newslit/content/tasks): what students write about each post, weak to strong.
TASK_ANSWERS = {
    "phones": {
        "who": (
            "A parents group, it says so on the post.",
            "Wend Parents Hub, a network of parents (its About page).",
            "The Business Register says the name belongs to Wendlock Pouches Ltd, who sell phone pouches to schools.",
        ),
        "original": (
            "It seems true, lots of schools ban phones.",
            "I think the ban is not real but I did not find where it came from.",
            "The council is only asking for views for six weeks and decides in June. 9 in 10 teachers want "
            "clearer rules, "
            "only 46% want a ban.",
        ),
        "decision": (
            "Yes, phones should be banned.",
            "No, because it says share before it gets taken down.",
            "No: the council says no decision before June, and the account sells pouches, so it gains if people "
            "believe it.",
        ),
    },
    "focus-shot": {
        "who": (
            "Study Smart Wendshire, a study tips page.",
            "It says it is a page by students for students.",
            "The Business Register shows it belongs to Brightwend Drinks Ltd, the company that makes the drink.",
        ),
        "original": (
            "A university study proved it.",
            "The number 30% sounds too big but I could not find the study.",
            "The university studied 40 adults doing memory puzzles: 3% faster, maybe chance. No exams, no brand.",
        ),
        "decision": (
            "Yes, it could help people in exams.",
            "No, it looks like an advert.",
            "No: the study did not test exams, and the page is run by the drink company that profits from it.",
        ),
    },
}
# Notebooks 07a/07b on the module's practice articles (articles/): what students write there, per article.
_CLAIMS_LANE = ("P2: the lane will cost £480,000", "P3: the mayor said the lane will make Mill Street safer",
                "P4: 83 per cent of residents back the lane", "P6: some traders are planning a petition",
                "P8: 11 crashes with cyclists in five years", "P11: experts say protected lanes reduce injuries")
_CLAIMS_FAIR = ("P3: they counted 3,412 pieces of litter", "P3: plastic was 61 per cent of the items",
                "P5: 42 teams from 19 schools took part", "P7: litter was about twice as high after rain",
                "P6: the judge said it is what real science looks like", "P9: the team wins £500")
OWN_ANSWERS = {  # some right, some half right, as a class would write (articles/*.teacher.md has the check)
    "cycle-lane.md": {
        **{f"c{n}": _CLAIMS_LANE for n in range(1, 6)},
        "as_printed": ("Wend Valley Transport Trust", "Mayor Tobias Quillfeather", "Wendshire Police"),
        "search": ("Wend Valley Transport Trust survey", "Quillfeather mayor", "Mill Street crashes police"),
        "who": ("a transport charity that ran an online survey", "the town's mayor; he chaired the meeting",
                "the police, who keep the crash figures"),
        "source": ("the trust's survey page in the packet", "the council minutes", "no record found"),
        "what": ("83 per cent of residents back the lane", "the quote about every child being safer"),
        "claimed": ("a survey by the Wend Valley Transport Trust", "Mayor Quillfeather, after the vote"),
        "found": ("the trust's survey: 38 per cent for and 45 per cent against",
                  "the council minutes: Councillor Pendlecombe said it, not the mayor", "I could not find it"),
        "same": ("changed: 38 became 83, and it was an online survey, not all residents",
                 "the words are the same but the speaker is different", "I am not sure yet"),
        "claim": ("Partly trustworthy: the main facts check out, but one number and one quote do not.",
                  "Not very trustworthy, because the headline rests on a wrong number.", "Mostly trustworthy."),
        "evidence": ("The trust's survey found 38 per cent in favour, not 83.",
                     "The minutes say Councillor Pendlecombe said the quote.", "The crash figures match the police."),
        "not_found": ("I could not find the traffic report the article mentions.",
                      "no record found of the two shop owners' letters", "nothing"),
        "reasoning": ("The facts I could check match, but the survey number was turned around.",
                      "Two of my checks found errors, so I trust the rest less.", "Most of it seemed fine."),
    },
    "science-fair.md": {
        **{f"c{n}": _CLAIMS_FAIR for n in range(1, 6)},
        "as_printed": ("Wendshire Science Partnership", "Dr Halvard Moorcroft", "Wend Rivers Trust"),
        "search": ("Wendshire Science Partnership fair", "Halvard Moorcroft ecologist", "Wend Rivers Trust"),
        "who": ("the group that runs the fair", "a river scientist at the university",
                "a charity that cleans the river"),
        "source": ("the partnership's results page in the packet", "the university's staff page", "the trust's page"),
        "what": ("3,412 pieces of litter", "twice as many items after rain"),
        "claimed": ("the pupils' study", "the pupils' own results"),
        "found": ("the partnership's page gives the same count", "the results page: about twice, in four wet months"),
        "same": ("the same", "the same, and the article keeps the pupils' warning"),
        "claim": ("Trustworthy: what I checked matches the sources.", "Mostly trustworthy."),
        "evidence": ("The results page has the same numbers.", "The judge is on the university's staff page."),
        "not_found": ("I did not find anything missing.", "I could not check the prize money."),
        "reasoning": ("Every number I traced was the same in the first source.",
                      "The article says how sure the pupils are, and the sources agree."),
    },
}
SCALE_CENTRES = {"trust-before": 0.62, "trust-after": 0.45}  # share of the range; default 0.6
README = """# Sample class (invented)

**Every student here is invented.** These answer files were generated by a script from the question
catalogue; no real student wrote them. Names are made-up first names behind "Sample Student NN —",
and every file says `"sample": true`.

- {students} students, seed {seed}; {exports} of them also handed in a file written by `export`
  (in `hand-in/`), so the class report has to merge them by save time.
- Regenerate (after the catalogue changes) with:
  `python -m newslit sample-class notebooks/teacher/sample-class --students {students} --seed {seed} --force`
  then re-store the teacher notebook: `python3 run.py store notebooks/teacher/class-report.ipynb`.
- `scoring/`: the before-and-after task's blind-scoring sheet, filled in as a scorer would (invented).
- Report: `python -m newslit report notebooks/teacher/sample-class --out build/sample-report.html`
  `--scores notebooks/teacher/sample-class/scoring`.
"""


# ---------------------------------------------------------------- one student

class _Student:
    """Generates one invented student's answers, in catalogue order, with save times."""

    def __init__(self, rng: random.Random, number: int, width: int, catalogue: dict):
        self.rng, self.catalogue = rng, catalogue
        self.name = f"Sample Student {number:0{width}d} — {FIRST_NAMES[(number - 1) % len(FIRST_NAMES)]}"
        self.ability = rng.betavariate(4, 2)
        self.persistence = rng.uniform(0.4, 0.9)
        self.last_notebook = "06" if rng.random() > 0.12 else rng.choice(
            ("02", "03a", "03b", "04a", "04b", "04c", "05"))
        self.start = START + timedelta(minutes=rng.uniform(0, 6))
        self.own_answers = {}  # while notebooks 07a/07b are answered: OWN_ANSWERS of the article

    def document(self) -> dict:
        records, clock = {}, {}
        for position, q in enumerate(self.catalogue.values()):
            if (q.notebook in questions.PER_ARTICLE_NOTEBOOKS or q.notebook > self.last_notebook
                    or self.rng.random() < 0.07):
                continue  # notebooks 07a/07b below; stopped early, or skipped this one
            records[q.id] = self.record(q, self.moment(q.notebook, position, clock))
        records.update(self.own_article(clock))
        stamps = [r["saved"] for r in records.values()] or [_stamp(self.start)]
        return {"kind": answers.FILE_KIND, "schema_version": answers.SCHEMA_VERSION, "student": self.name,
                "login": None, "class": CLASS_NAME, "sample": True, "created": min(stamps),
                "updated": max(stamps), "answers": records}

    def own_article(self, clock: dict) -> dict:
        """Notebooks 07a/07b, for most students who reached 06: one of the module's practice articles,
        its answers filed under its key as the notebook files them (``newslit.answers.keyed``). A random
        generator of its own, so the answers to the other notebooks stay as they were."""
        rng = random.Random(f"{self.name}/own-article")
        offers = practice_articles()
        if self.last_notebook != "06" or not offers or rng.random() < 0.25:
            return {}
        offer = rng.choice(offers)
        saved_rng, self.rng = self.rng, rng
        self.own_answers = OWN_ANSWERS.get(offer.record["file"], {})
        try:
            chosen = self.moment("07a", 0, clock)
            records = {keyed_id(ARTICLE_RECORD, offer.key): self.record(None, chosen, (offer.record,) * 2 + (1,))}
            records.update({q.id: self.record(q, self.moment(q.notebook, 0, clock)) for q in self.catalogue.values()
                            if q.notebook in questions.PER_ARTICLE_NOTEBOOKS and not q.per_article})
            per_article = [q for q in self.catalogue.values() if q.per_article]
            for position, q in enumerate(per_article, start=1):
                if rng.random() < 0.07:
                    continue
                records[keyed_id(q.id, offer.key)] = self.record(q, self.moment(q.notebook, position, clock))
        finally:
            self.rng, self.own_answers = saved_rng, {}
        return records

    def moment(self, notebook: str, position: int, clock: dict) -> datetime:
        day = NOTEBOOK_DAYS.get(notebook, 0)
        clock[notebook] = clock.get(notebook, 0) + self.rng.uniform(2, 7)
        return self.start + timedelta(days=day, minutes=clock[notebook], seconds=position)

    def record(self, q, when: datetime, given: tuple | None = None) -> dict:
        first, value, attempts = given or get_kind(q.kind).sample_answer(q, self)
        later = when + timedelta(seconds=self.rng.randint(20, 240)) if attempts > 1 else when
        return {"value": value, "first": first, "attempts": attempts,
                "first_saved": _stamp(when), "saved": _stamp(later)}

    # -- what a kind's ``sample_answer`` may ask of the student (see ``Kind.sample_answer``)
    def corrected(self, q, right, wrong_options: list):
        """A keyed answer: right first with the student's ability, else often corrected."""
        if self.rng.random() < self.ability or not wrong_options:
            return right, right, 1
        first = self.rng.choice(wrong_options)
        if self.rng.random() < self.persistence:
            return first, right, self.rng.choice((2, 2, 3))
        return first, first, 1

    def sentence(self, q) -> str:
        """A written answer from a short template (chosen by the question's ``tags.move``)."""
        move = (q.get("tags") or {}).get("move", "")
        return self.fill(self.rng.choice(TEXT_TEMPLATES.get(move, TEXT_TEMPLATES[""])))

    def reason(self) -> str:
        """A reason for a rating (sometimes none)."""
        return self.rng.choice(REASONS)

    def field_answer(self, field_id: str) -> str:
        """What this student writes in a form's field."""
        return self.rng.choice(self.own_answers.get(field_id) or FORM_ANSWERS.get(field_id, FORM_ANSWERS[""]))

    def task_answer(self, post_id: str, field_id: str, after: bool) -> str:
        """What this student writes in a field of the before-and-after task: weak to strong with their
        ability, a little stronger after the module."""
        options = TASK_ANSWERS[post_id][field_id]
        skill = min(0.99, self.ability + (0.25 if after else -0.1) + self.rng.uniform(-0.25, 0.25))
        return options[max(0, min(len(options) - 1, int(skill * len(options))))]

    def centre(self, q) -> float:
        """Where the class's ratings centre on a scale, as a share of its range (no randomness)."""
        return SCALE_CENTRES.get((q.get("tags") or {}).get("measure"), 0.6)

    def fill(self, template: str) -> str:
        values = {slot: self.rng.choice(words) for slot, words in SLOTS.items()}
        values.update({slot.capitalize(): text[:1].upper() + text[1:] for slot, text in values.items()})
        return template.format(**values)


NOTEBOOK_DAYS = {nb: day for day, nb in enumerate(questions.NOTEBOOKS)}


@dataclass(frozen=True)
class _Practice:
    key: str
    record: dict  # what notebook 07 saves as the article record


def practice_articles() -> list[_Practice]:
    """The module's own practice articles (never a class article a teacher added), as 07 records them."""
    from newslit.source import any_article, articles

    found = []
    for offer in articles.available()[0]:
        if offer.practice:
            found.append(_Practice(offer.key, article_record(any_article.load_file(offer.path), "practice")))
    return found


def _ascii(stem: str) -> str:
    """The store's file name without accents ("sofía" -> "sofia"): portable in a repository."""
    return unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ---------------------------------------------------------------- hand-in copies

def hand_in_copy(document: dict, rng: random.Random, text_ids: set[str] = frozenset()) -> dict:
    """The file ``export`` would have written part-way through: answers as they stood then.

    Given ``text_ids``, one text answer in it is newer than the store's (finished on another computer),
    so merging by save time keeps that one from the hand-in and the rest from the store.
    """
    stamps = sorted(r["saved"] for r in document["answers"].values())
    cut = stamps[len(stamps) // 2] if stamps else document["updated"]
    kept = {qid: _as_of(r, cut) for qid, r in document["answers"].items() if r["first_saved"] <= cut}
    copy = dict(document, answers=kept, updated=cut, exported=cut)
    texts = sorted(qid for qid in kept if qid in text_ids)
    if texts:
        qid = rng.choice(texts)
        later = _stamp(datetime.fromisoformat(document["updated"]) + timedelta(hours=20))
        kept[qid] = dict(document["answers"][qid], value=document["answers"][qid]["value"] + " (finished at home)",
                         saved=later, attempts=document["answers"][qid]["attempts"] + 1)
        copy.update(updated=later, exported=later)
    return copy


def _as_of(record: dict, cut: str) -> dict:
    if record["saved"] <= cut:
        return record
    return dict(record, value=record["first"], saved=record["first_saved"], attempts=1)


# ---------------------------------------------------------------- a class

def documents(students: int, seed: int, exports: int = 2, catalogue: dict | None = None):
    """``(relative path, document)`` pairs of an invented class (deterministic for a seed)."""
    rng = random.Random(seed)
    catalogue = catalogue if catalogue is not None else questions.catalogue()
    width = max(2, len(str(students)))
    chosen = set(rng.sample(range(1, students + 1), min(exports, students)))
    texts = {qid for qid, q in catalogue.items() if get_kind(q.kind).answer_is_text}
    for number in range(1, students + 1):
        student = _Student(random.Random(rng.getrandbits(64)), number, width, catalogue)
        document = student.document()
        stem = _ascii(answers.file_stem(student.name))
        yield f"{stem}.json", document
        if number in chosen:
            elsewhere = texts if number == max(chosen) else frozenset()
            yield f"hand-in/{stem}.json", hand_in_copy(document, student.rng, elsewhere)


def generate(out_dir, students: int, seed: int, exports: int = 2, catalogue: dict | None = None,
             force: bool = False) -> list[Path]:
    """Write an invented class to ``out_dir`` (plain writes: this is test data, not the store)."""
    out = Path(out_dir)
    _prepare(out, force)
    written = []
    for relative, document in documents(students, seed, exports, catalogue):
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        if relative.startswith("hand-in/"):
            path.with_suffix(".html").write_text(answers.render_html(document), encoding="utf-8")
        written.append(path)
    (out / "README.md").write_text(README.format(students=students, seed=seed, exports=min(exports, students)),
                                   encoding="utf-8")
    written += sample_scores(out, seed)
    return written


def sample_scores(out: Path, seed: int) -> list[Path]:
    """The before-and-after task's scoring folder (``out/scoring``), filled in as a careful scorer would:
    each field's level follows how strong the invented answer is (``TASK_ANSWERS``: weak to strong)."""
    from newslit.classroom import load, scoring
    from newslit.source import tasks

    folder = out / SCORING
    scoring.write_sheet(load.load_class(out), folder, seed=seed)
    rng = random.Random(f"{seed}/scores")
    titles = {p.title: p.id for p in tasks.posts()}
    labels = {f["id"]: f["label"] for f in scoring._fields()}
    rows = scoring._read_rows(folder / scoring.SHEET)
    for row in rows:
        post = titles[row[scoring.POST_COLUMN]]
        for criterion in tasks.criteria():
            options = TASK_ANSWERS[post][criterion.field]
            written = row.get(labels[criterion.field], "")
            tier = options.index(written) if written in options else 0
            row[scoring.criterion_column(criterion)] = str(min(4, tier + 1 + (rng.random() < 0.35)))
    scoring._write_csv(folder / scoring.SHEET, list(rows[0]) if rows else scoring._header(), rows)
    return [folder / name for name in (scoring.SHEET, scoring.PAGE, scoring.CODES)]


def _prepare(out: Path, force: bool) -> None:
    """An empty folder to write into; with ``force`` an earlier sample class there is replaced."""
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty; add --force to replace the sample class in it")
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out_dir", help="folder to write the invented class into")
    parser.add_argument("--students", type=int, default=32, help="how many students (default 32)")
    parser.add_argument("--seed", type=int, default=7, help="random seed: the same seed gives the same files")
    parser.add_argument("--exports", type=int, default=2, help="students who also hand in an exported file")
    parser.add_argument("--force", action="store_true", help="replace an earlier sample class in OUT_DIR")


def run(args: argparse.Namespace) -> int:
    if args.students < 1 or args.exports < 0:
        print("error: --students must be at least 1 and --exports at least 0", file=sys.stderr)
        return 2
    try:
        written = generate(args.out_dir, args.students, args.seed, args.exports, force=args.force)
    except FileExistsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote an invented class of {args.students} students ({len(written)} answer files) to {args.out_dir}")
    return 0
