"""newslit.questions.entries: the one catalogue is consistent, and its checks catch broken entries."""
import pytest

from newslit.answers.store import check_value
from newslit.questions import entries as questions


def test_catalogue_validates():
    assert questions.validate() == []


def test_every_kind_is_used_and_ids_are_css_safe():
    kinds = {q.kind for q in questions.catalogue().values()}
    assert kinds == set(questions.KINDS)
    for qid in questions.catalogue():
        assert qid.replace("-", "").isalnum() and qid == qid.lower(), qid


def test_lookups():
    assert questions.get("n00-practice-choice").kind == "choice"
    assert [q.id for q in questions.for_notebook("00")][0] == "n00-checkin"
    with pytest.raises(KeyError):
        questions.get("nope")


def test_private_questions_are_marked():
    assert questions.get("n00-checkin").private
    assert not questions.get("n00-practice-text").private


def test_example_answers_are_valid_for_every_question():
    for q in questions.catalogue().values():
        for variant in range(3):
            check_value(questions.example_answer(q, variant))


def _problems_with(monkeypatch, entry):
    monkeypatch.setattr(questions, "_raw_catalogue", lambda: (entry,))
    return questions.validate()


BASE = {"id": "x", "notebook": "01", "label": "L", "prompt": "P"}
TWO_CATEGORIES = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]


@pytest.mark.parametrize("entry,message", [
    ({**BASE, "kind": "poll"}, "kind 'poll'"),
    ({**BASE, "kind": "text", "notebook": "99"}, "notebook '99'"),
    ({**BASE, "kind": "text", "passage": "P42"}, "passage 'P42'"),
    ({**BASE, "kind": "choice", "options": ["a"], "key": "a", "certainty": "settled", "feedback": {"a": "."}},
     "at least two options"),
    ({**BASE, "kind": "choice", "options": ["a", "b"], "key": "c", "certainty": "settled",
      "feedback": {"a": ".", "b": "."}}, "not an option"),
    ({**BASE, "kind": "choice", "options": ["a", "b"], "key": "a", "certainty": "open",
      "feedback": {"a": ".", "b": "."}}, "only settled points"),
    ({**BASE, "kind": "choice", "options": ["a", "b"], "key": "a", "certainty": "settled"}, "feedback for every"),
    ({**BASE, "kind": "choice", "options": ["a", "b"]}, "needs a key"),
    ({**BASE, "kind": "scale", "min": 5, "max": 1}, "min < max"),
    ({**BASE, "kind": "classify", "certainty": "settled", "categories": TWO_CATEGORIES,
      "items": [{"id": "i", "text": "t", "accept": ["z"], "why": "w"}]}, "known categories"),
    ({**BASE, "kind": "classify", "certainty": "likely", "categories": TWO_CATEGORIES,
      "items": [{"id": "i", "text": "t", "accept": ["a"], "why": "w"}]}, "must be settled"),
    ({**BASE, "kind": "form", "fields": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]}, "unique id"),
    ({**BASE, "kind": "text", "colour": "red"}, "unknown fields"),
    ({"id": "x", "notebook": "01", "kind": "text"}, "prompt is missing"),
])
def test_validation_catches_broken_entries(monkeypatch, entry, message):
    problems = _problems_with(monkeypatch, entry)
    assert any(message in p for p in problems), problems


def test_repeated_ids_are_caught(monkeypatch):
    entry = {**BASE, "kind": "text"}
    monkeypatch.setattr(questions, "_raw_catalogue", lambda: (entry, dict(entry)))
    assert any("repeated" in p for p in questions.validate())
