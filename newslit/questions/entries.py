"""The question catalogue: every question of the module, once, in ``content/questions/*.toml``.

One file per notebook (``00-start-here.toml``, ``01-first-read.toml`` …), read in name order, so the
catalogue's order is the notebooks' order; ids are unique across all files.

Each ``[[question]]`` has an ``id``, the ``notebook`` it belongs to ("00" … "06", "teacher"), an
optional ``passage`` of the article, a ``kind`` (see ``KINDS``), a ``prompt`` (Markdown-free plain
text), a short ``label`` (the input's accessible name), whether it is ``private`` (a check-in the
teacher's projector view never shows), and teaching ``tags``. Kinds add their own fields:

* ``text``: optional ``model_answer``.
* ``choice`` / ``choices``: ``options``; for a settled point a ``key`` (an option, or a list of them)
  and ``feedback`` per option; for an open point a ``model_answer`` and no key.
* ``scale``: ``min``, ``max``, ``step``, ``low``/``high`` end labels, ``reason_label``.
* ``classify``: ``items`` (each with ``id``, ``text``, ``accept`` — every defensible category — and a
  ``why``), and ``categories`` (each ``id`` and ``label``).
* ``form``: ``fields`` (each ``id`` and ``label``).

Certainty: a question with a ``key`` must say ``certainty = "settled"``; open points carry a
``model_answer`` and their ``certainty`` instead of a mark (DESIGN "Questions").
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

KINDS = ("text", "choice", "choices", "scale", "classify", "form")
NOTEBOOKS = ("00", "01", "02", "03", "04", "05", "06", "teacher")
CERTAINTY = ("settled", "likely", "open")
_KNOWN_FIELDS = {
    "id", "notebook", "passage", "kind", "prompt", "label", "private", "tags", "options", "key",
    "feedback", "model_answer", "certainty", "source", "min", "max", "step", "low", "high",
    "reason_label", "items", "categories", "fields", "hint",
}


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
    def has_key(self) -> bool:
        return "key" in self.raw or (self.kind == "classify")


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
    for number, entry in enumerate(_raw_catalogue(), start=1):
        qid = entry.get("id", f"#{number}")
        where = f"question {qid}"
        for required in ("id", "notebook", "kind", "prompt", "label"):
            if not entry.get(required):
                problems.append(f"{where}: {required} is missing")
        if qid in seen:
            problems.append(f"{where}: id repeated")
        seen.add(qid)
        unknown = set(entry) - _KNOWN_FIELDS
        if unknown:
            problems.append(f"{where}: unknown fields {sorted(unknown)}")
        if entry.get("kind") not in KINDS:
            problems.append(f"{where}: kind {entry.get('kind')!r} is not one of {KINDS}")
            continue
        if entry.get("notebook") not in NOTEBOOKS:
            problems.append(f"{where}: notebook {entry.get('notebook')!r} is not one of {NOTEBOOKS}")
        if entry.get("passage") and entry["passage"] not in article:
            problems.append(f"{where}: passage {entry['passage']!r} is not in the article")
        if entry.get("certainty") and entry["certainty"] not in CERTAINTY:
            problems.append(f"{where}: certainty {entry['certainty']!r} is not one of {CERTAINTY}")
        problems += [f"{where}: {p}" for p in _KIND_CHECKS[entry["kind"]](entry)]
    return problems


def _check_key(entry: dict) -> list[str]:
    if "key" in entry and entry.get("certainty") != "settled":
        return ["only settled points may have a key; give a model_answer and its certainty instead"]
    if "key" not in entry and not entry.get("model_answer"):
        return ["needs a key (settled point) or a model_answer (open point)"]
    return []


def _check_text(entry: dict) -> list[str]:
    return ["a text question has no key"] if "key" in entry else []


def _check_options(entry: dict) -> list[str]:
    options = entry.get("options", [])
    problems = [] if len(options) >= 2 else ["needs at least two options"]
    if len(set(options)) != len(options):
        problems.append("options repeat")
    keys = entry.get("key", [])
    keys = [keys] if isinstance(keys, str) else keys
    problems += [f"key {k!r} is not an option" for k in keys if k not in options]
    if entry["kind"] == "choice" and "key" in entry and not isinstance(entry["key"], str):
        problems.append("a single-choice key is one option")
    feedback = entry.get("feedback", {})
    problems += [f"feedback for {k!r}, which is not an option" for k in feedback if k not in options]
    if "key" in entry and set(feedback) != set(options):
        problems.append("a keyed question needs feedback for every option")
    return problems + _check_key(entry)


def _check_scale(entry: dict) -> list[str]:
    low, high, step = entry.get("min"), entry.get("max"), entry.get("step", 1)
    if not (isinstance(low, int) and isinstance(high, int) and low < high and isinstance(step, int) and step > 0):
        return ["a scale needs whole numbers min < max and a positive step"]
    return [] if "key" not in entry else ["a scale has no key"]


def _check_classify(entry: dict) -> list[str]:
    categories = {c.get("id") for c in entry.get("categories", [])}
    items = entry.get("items", [])
    problems = [] if len(categories) >= 2 and items else ["needs at least two categories and one item"]
    for item in items:
        accept = item.get("accept", [])
        if not item.get("id") or not item.get("text"):
            problems.append("every item needs an id and a text")
        if not accept or not set(accept) <= categories:
            problems.append(f"item {item.get('id')!r}: accept must list known categories")
        if not item.get("why"):
            problems.append(f"item {item.get('id')!r}: needs a 'why' for its feedback")
    if entry.get("certainty") != "settled":
        problems.append("a classify question marks items right or wrong, so its points must be settled")
    return problems


def _check_form(entry: dict) -> list[str]:
    fields = entry.get("fields", [])
    ids = [f.get("id") for f in fields]
    problems = [] if fields else ["needs fields"]
    if len(set(ids)) != len(ids) or not all(ids) or not all(f.get("label") for f in fields):
        problems.append("every field needs a unique id and a label")
    return problems


_KIND_CHECKS = {
    "text": _check_text, "choice": _check_options, "choices": _check_options,
    "scale": _check_scale, "classify": _check_classify, "form": _check_form,
}


def example_answer(q: Question, variant: int = 0):
    """A valid answer of the question's kind (for tests, pre-filled folders and sample classes).

    ``variant`` picks among the options or categories, so different students answer differently.
    """
    if q.kind == "text":
        return f"Example answer {variant}: the article does not say who wrote it or when."
    if q.kind == "choice":
        options = q.get("options")
        return options[variant % len(options)]
    if q.kind == "choices":
        options = q.get("options")
        return [o for i, o in enumerate(options) if (i + variant) % 2 == 0]
    if q.kind == "scale":
        low, high, step = q.get("min"), q.get("max"), q.get("step", 1)
        span = (high - low) // step
        return {"value": low + step * ((variant * 7) % (span + 1)), "reason": f"Example reason {variant}."}
    if q.kind == "classify":
        categories = [c["id"] for c in q.get("categories")]
        return {item["id"]: categories[(i + variant) % len(categories)] for i, item in enumerate(q.get("items"))}
    if q.kind == "form":
        return {f["id"]: f"Example {f['id']} {variant}" for f in q.get("fields")}
    raise ValueError(f"unknown kind {q.kind!r}")
