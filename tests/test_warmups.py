"""The five-minute warm-ups: a new short invented item each, searched offline, its findings only after."""
import json
import re
from pathlib import Path

import pytest

from newslit.answers.store import AnswerStore
from newslit.notebook import task as task_view
from newslit.notebook.widgets import question
from newslit.questions import entries
from newslit.questions.kinds import get_kind
from newslit.source import articles, privacy, tasks

ROOT = Path(__file__).resolve().parent.parent
WARMUPS = [q for q in entries.catalogue().values() if q.get("post") in tasks.warmup_ids()]


def test_each_item_is_invented_short_and_has_pages_and_findings():
    folder = ROOT / "newslit" / "content" / "tasks" / "warmups"
    for item in tasks.warmups():
        source = (folder / f"{item.id}.md").read_text(encoding="utf-8")
        assert source.startswith("INVENTED FOR PRACTICE")
        assert item.account and item.date and item.skill and 25 <= len(item.text.split()) <= 80
        assert len(item.pages) >= 3 and all(p.outlet and p.title and p.text for p in item.pages)
        assert 2 <= len(item.findings) <= 3 and len(" ".join(item.findings).split()) <= 90  # read in a minute
        assert privacy.problems(source, "students") == []
    assert set(tasks.warmup_ids()).isdisjoint(tasks.post_ids())


def test_the_post_leads_somewhere_a_word_from_it_finds_a_page():
    """Each post names something its pages are about, so searching the post's own words finds pages."""
    for item in tasks.warmups():
        found = {p.title for word in re.findall(r"\b[A-Z][a-z]{3,}\b", item.text)
                 for p in articles.search_packet(list(item.pages), articles.search_words(word))}
        assert len(found) >= 2, item.id


def test_lessons_ask_each_warm_up_once_and_it_fits_the_catalogue():
    assert WARMUPS and len({q.get("post") for q in WARMUPS}) == len(WARMUPS)
    for q in WARMUPS:
        assert not get_kind(q.kind).about_the_article  # not saved per article in 07b
        assert get_kind(q.kind).post_for(q, "anyone", {}) == q.get("post")
    kind = get_kind(WARMUPS[0].kind)
    entry = {"id": "n04a-x", "notebook": "04a", "kind": kind.name, "label": "x", "prompt": "x",
             "fields": [{"id": "found", "label": "x"}]}
    assert any("post" in p for p in kind.check({**entry, "post": "no-such-item"}))
    assert any("measure" in p for p in kind.check({**entry, "post": WARMUPS[0].get("post"),
                                                   "tags": {"measure": tasks.BEFORE}}))


@pytest.mark.parametrize("name", ["Ana Lima", "Ben Oduya"])
def test_everyone_gets_the_same_item_the_search_works_and_the_answer_names_it(tmp_path, name):
    q = WARMUPS[0]
    view = question(q.id, AnswerStore(tmp_path, name))
    item = tasks.post(q.get("post"))
    assert view.post == item and item.account in view.post_card.value
    assert view.results.value == ""
    view.query.value = item.pages[0].outlet.split(" (")[0]
    assert "found for" in view.results.value
    view.query.value = "<script>alert(1)</script>"
    assert "<script>" not in view.results.value
    incomplete = {"post": item.id, "found": "a page", "share": "no"}
    assert not get_kind(q.kind).complete(q, incomplete)  # "a real attempt": more than two words
    for box in view.fields:
        box.value = "The first page says something else, and the copy site changed the date on the way."
    view.store.flush()
    saved = AnswerStore(tmp_path, name).load(q.id)
    assert saved["post"] == item.id and get_kind(q.kind).complete(q, saved)
    assert not get_kind(q.kind).complete(q, {**saved, "post": tasks.post_ids()[0]})  # another item's post


def test_findings_open_only_after_the_answer_and_never_sit_in_a_stored_notebook():
    for q in WARMUPS:
        path = next((ROOT / "notebooks").glob(f"{q.notebook}-*.ipynb"))
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        sources = ["".join(c["source"]) for c in cells]
        asked = next(i for i, s in enumerate(sources) if f'nl.ask("{q.id}")' in s)
        after = next(i for i, s in enumerate(sources) if f'nl.after("{q.id}", nl.task_findings' in s)
        assert asked < after
        stored = json.dumps([c.get("outputs", []) for c in cells])
        item = tasks.post(q.get("post"))
        assert not any(line[:50] in stored for line in item.findings), q.id
        assert all(line in task_view.task_findings(item.id).plain() for line in item.findings)


def test_on_paper_the_handout_prints_the_post_and_every_page_escaped():
    q = WARMUPS[0]
    item = tasks.post(q.get("post"))
    html = get_kind(q.kind).handout_html(q)
    assert item.account in html and all(p.title in html or p.title.replace('"', "&quot;") in html
                                        for p in item.pages)
    assert not any(line[:40] in html for line in item.findings)  # the handout asks; it does not tell


def test_the_teachers_page_lists_every_item_and_where_it_is_used():
    text = (ROOT / "lessons" / "warm-ups.md").read_text(encoding="utf-8")
    for item in tasks.warmups():
        assert item.title in text and item.findings[0][:40] in text
    for q in WARMUPS:
        assert f"`{q.id}`" in text


def test_a_too_short_warm_up_answer_says_what_is_missing_before_the_findings_open(tmp_path, monkeypatch):
    """"idk" in both boxes is saved but is no real attempt: the student is told so, instead of the findings
    staying shut with no reason given; real sentences open them."""
    from newslit.notebook import reveal

    monkeypatch.setattr(reveal, "_WAITING", type(reveal._WAITING)(list))
    view = question("n04a-warmup", AnswerStore(tmp_path, "Ana"))
    block = reveal.After("n04a-warmup", lambda: None)
    for field in view.fields:
        field.value = "idk"
    assert not block.filled
    assert "more word" in view.feedback.value and "waiting below" in view.feedback.value
    view.fields[0].value = "The council's road closure page says the fair is on Saturday 21 June, not the 12th."
    view.fields[1].value = "No, because the date in the post is wrong and came from a copy with no author."
    assert block.filled and "more word" not in view.feedback.value
