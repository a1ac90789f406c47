"""Answers filed per article (newslit.answers.keyed) and the articles on offer (newslit.source.articles)."""
import pytest

from newslit.answers.keyed import ARTICLE_RECORD, KeyedStore, keyed_id, split_keyed
from newslit.answers.store import AnswerStore, _readable_groups
from newslit.source import any_article, articles


def test_keyed_ids_round_trip_and_refuse_what_is_no_key():
    assert split_keyed(keyed_id("n07-verdict", "3f2a9c0d1e7b")) == ("n07-verdict", "3f2a9c0d1e7b")
    assert split_keyed("n06-cer") == ("n06-cer", None)
    with pytest.raises(ValueError):
        keyed_id("n07-verdict", "../etc")


def test_two_articles_keep_their_own_answers_in_one_file(tmp_path):
    store = AnswerStore(tmp_path, "Ann")
    first, second = KeyedStore(store, "a" * 12), KeyedStore(lambda: store, "b" * 12)
    heard = []
    first.on_save(lambda qid, value: heard.append((qid, value)))
    first.save("n06-cer", {"claim": "one"})
    second.save("n06-cer", {"claim": "two"})
    assert first.load("n06-cer") == {"claim": "one"} and second.load("n06-cer") == {"claim": "two"}
    assert heard == [("n06-cer", {"claim": "one"})]
    assert set(first.records()) == {"n06-cer"}
    assert set(store.answers()) == {"n06-cer." + "a" * 12, "n06-cer." + "b" * 12}


def test_the_readable_copy_groups_answers_by_article_title(tmp_path):
    store = AnswerStore(tmp_path, "Ann")
    keyed = KeyedStore(store, "c" * 12)
    store.save(keyed_id(ARTICLE_RECORD, "c" * 12), {"title": "Council <b>backs</b> lane", "origin": "practice"})
    keyed.save("n06-cer", {"claim": "x"})
    groups = {g["heading"]: [a["title"] for a in g["answers"]] for g in _readable_groups(store.records())}
    # the title as the student chose it (the hand-in template escapes it)
    assert groups == {"Notebook 07: Council <b>backs</b> lane": ["Claim, evidence, reasoning"]}


def test_the_readable_copy_shows_the_students_own_claims_in_their_sort(tmp_path):
    store = AnswerStore(tmp_path, "Ann")
    keyed = KeyedStore(store, "d" * 12)
    store.save(keyed_id(ARTICLE_RECORD, "d" * 12), {"title": "Bike lane", "origin": "practice"})
    keyed.save("n07-claims", {f"c{i}": f"P{i} my claim number {i}" for i in range(1, 6)})
    keyed.save("n07-sort", {"c1": "event", "c2": "quote"})
    answers = [a for g in _readable_groups(store.records()) for a in g["answers"]]
    sort = next(a for a in answers if a["title"] == "Sort your five claims")
    shown = [item for item, _ in sort["parts"]]
    assert shown == ["P1 my claim number 1", "P2 my claim number 2"]


def test_the_practice_articles_are_offered_by_title_and_teacher_notes_never(tmp_path, monkeypatch):
    (tmp_path / "ours.txt").write_text("Our headline\n\n" + "A sentence of the article. " * 12, encoding="utf-8")
    (tmp_path / "notes.teacher.md").write_text("What a check finds. " * 20, encoding="utf-8")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    monkeypatch.setenv(articles.ENV_FOLDER, str(tmp_path))
    offers, problems = articles.available()
    titles = [o.title for o in offers]
    assert titles[0] == "Our headline" and not offers[0].practice
    practice = [o for o in offers if o.practice]
    assert len(practice) == 2 and all(o.sources is not None for o in practice)
    assert all(any_article.load_file(o.path).practice_note for o in practice)
    assert not any("teacher" in o.path.name for o in offers)
    assert len(problems) == 1 and problems[0].startswith("empty.md: ")
