"""The question catalogue: every question of the module, once, in ``content/questions/*.toml``.

One file per notebook (``00-start-here.toml``, ``01-first-read.toml`` …), read in name order, so the
catalogue's order is the notebooks' order; ids are unique across all files.

Each ``[[question]]`` has an ``id``, the ``notebook`` it belongs to (one of ``NOTEBOOKS``), an
optional ``passage`` of the article, a ``kind`` (a registered kind, see ``KINDS``), a ``prompt``
(Markdown-free plain text), a short ``label`` (the input's accessible name), whether it is
``private`` (a check-in the teacher's projector view never shows), and teaching ``tags`` (``move``, ``bloom``;
``measure`` for a before-and-after pair; ``flag_low = true`` on a check-in where a low rating is one the
teacher should follow up: the class report's roster names it). ``requires``
names a question asked before it in the same notebook: its inputs open once that one is answered (reason
first, for a question with two real options: the student commits to a reason, then chooses). Kinds add
their own fields; each kind's module in ``newslit/questions/kinds/`` lists them (``text.py``: an
optional ``model_answer``; ``choice.py``: ``options``, ``key``, ``feedback``; ``scale.py``: ``min``,
``max``, ``step``, ``low``/``high``, ``reason_label``; ``classify.py``: ``items`` and ``categories``;
``form.py``: ``fields``; ``task.py``: a form with a post to check) and checks them (``Kind.check``).

Certainty: a question with a ``key`` must say ``certainty = "settled"``; open points carry a
``model_answer`` and their ``certainty`` instead of a mark (DESIGN "Questions").
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from newslit.questions.kinds import REGISTRY, get_kind

KINDS = REGISTRY.keys()  # the registered kinds' names (a live view: a kind registered later is in it)
# The student notebooks in teaching order, then "teacher". A notebook too long for one period is split and keeps
# its number with a letter (03 -> 03a, 03b); its questions keep their ids (answer files are keyed by them).
NOTEBOOKS = ("00", "01", "02", "03a", "03b", "04a", "04b", "04c", "05", "06", "07a", "07b", "teacher")
STUDENT_NOTEBOOKS = NOTEBOOKS[:-1]
# Notebooks whose questions are asked again for each article a student chooses (answers saved per article:
# newslit/answers/keyed.py; the notebook's ``nl.ask`` cells are drawn by newslit/notebook/ownarticle.py).
PER_ARTICLE_NOTEBOOKS = ("07a", "07b")
_NOTEBOOK_NAME = re.compile(r"^(\d\d[a-z]?)-")


def notebook_key(name: str | Path) -> str:
    """A student notebook's key from its file name ("03a-sources-names.ipynb" -> "03a"); "" for any other file."""
    match = _NOTEBOOK_NAME.match(Path(name).name)
    return match.group(1) if match and match.group(1) in STUDENT_NOTEBOOKS else ""


def student_notebooks(folder: str | Path) -> list[Path]:
    """The student notebooks in ``folder`` (a module's ``notebooks/``), in teaching order."""
    found = {notebook_key(p): p for p in Path(folder).glob("[0-9][0-9]*-*.ipynb") if notebook_key(p)}
    return [found[key] for key in STUDENT_NOTEBOOKS if key in found]
CERTAINTY = ("settled", "likely", "open")
COMMON_FIELDS = frozenset({"id", "notebook", "passage", "kind", "prompt", "label", "private", "tags",
                           "model_answer", "certainty", "source", "hint", "frame",
                           "min_words", "requires"})  # every kind's; a kind adds its own


@dataclass(frozen=True)
class Question:
    """One catalogue entry (read-only); ``raw`` keeps the kind-specific fields."""

    id: str
    notebook: str
    kind: str
    prompt: str
    label: str
    passage: str = ""
    private: bool = False
    certainty: str = ""
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    def get(self, name, default=None):
        return self.raw.get(name, default)

    @property
    def per_article(self) -> bool:
        kind = REGISTRY.get(self.kind)
        return self.notebook in PER_ARTICLE_NOTEBOOKS and (kind is None or kind.about_the_article)

    @property
    def has_key(self) -> bool:
        kind = REGISTRY.get(self.kind)
        return kind.has_key(self) if kind is not None else "key" in self.raw


@lru_cache(maxsize=1)
def _raw_catalogue() -> tuple[dict, ...]:
    """Every ``[[question]]`` of ``content/questions/*.toml``, file by file in name order."""
    folder = resources.files("newslit").joinpath("content", "questions")
    entries = []
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.name.endswith(".toml"):
            entries.extend(tomllib.loads(item.read_text(encoding="utf-8")).get("question", []))
    return tuple(entries)


def _build(entry: dict) -> Question:
    return Question(
        id=entry["id"], notebook=entry["notebook"], kind=entry["kind"], prompt=entry["prompt"].strip(),
        label=entry["label"], passage=entry.get("passage", ""), private=bool(entry.get("private", False)),
        certainty=entry.get("certainty", ""), raw=dict(entry),
    )


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Question]:
    """Every question by id, in catalogue order."""
    return {entry["id"]: _build(entry) for entry in _raw_catalogue()}


def get(question_id: str) -> Question:
    try:
        return catalogue()[question_id]
    except KeyError:
        raise KeyError(f"No question {question_id!r} in the catalogue.") from None


def for_notebook(notebook: str) -> list[Question]:
    return [q for q in catalogue().values() if q.notebook == notebook]


def validate() -> list[str]:
    """Every problem in the catalogue as a readable message; [] when it is consistent."""
    from newslit.source.article import load_article

    article = load_article()
    problems, seen = [], set()
    known_fields = COMMON_FIELDS.union(*(kind.fields for kind in REGISTRY.values()))
    for number, entry in enumerate(_raw_catalogue(), start=1):
        qid = entry.get("id", f"#{number}")
        where = f"question {qid}"
        for required in ("id", "notebook", "kind", "prompt", "label"):
            if not entry.get(required):
                problems.append(f"{where}: {required} is missing")
        if qid in seen:
            problems.append(f"{where}: id repeated")
        seen.add(qid)
        unknown = set(entry) - known_fields
        if unknown:
            problems.append(f"{where}: unknown fields {sorted(unknown)}")
        kind = REGISTRY.get(entry.get("kind")) if isinstance(entry.get("kind"), str) else None
        if kind is None:
            problems.append(f"{where}: kind {entry.get('kind')!r} is not a registered question kind "
                            f"({', '.join(REGISTRY)}; a new kind is a module in newslit/questions/kinds/)")
            continue
        if entry.get("notebook") not in NOTEBOOKS:
            problems.append(f"{where}: notebook {entry.get('notebook')!r} is not one of {NOTEBOOKS}")
        if entry.get("passage") and entry["passage"] not in article:
            problems.append(f"{where}: passage {entry['passage']!r} is not in the article")
        if entry.get("certainty") and entry["certainty"] not in CERTAINTY:
            problems.append(f"{where}: certainty {entry['certainty']!r} is not one of {CERTAINTY}")
        problems += [f"{where}: {p}" for p in kind.check(entry)]
        if entry.get("requires"):
            asked_before = [e for e in _raw_catalogue()[:number - 1] if e.get("id") == entry["requires"]]
            if not asked_before or asked_before[0].get("notebook") != entry.get("notebook"):
                problems.append(f"{where}: requires {entry['requires']!r}, "
                                "which is not asked before it in its notebook")
    return problems


def example_answer(q: Question, variant: int = 0):
    """A valid answer of the question's kind (for tests, pre-filled folders and sample classes).

    ``variant`` picks among the options or categories, so different students answer differently.
    """
    return get_kind(q.kind).example_answer(q, variant)
