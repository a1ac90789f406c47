"""Answers never go to the wrong name: a shared login confirms before saving, close names are questioned,
and every notebook says whose answers it saves and where (newslit.answers.who, notebook.studentui)."""
import json

import pytest

from newslit.answers import AnswerSaveError, AnswerStore, who
from newslit.notebook import studentui


@pytest.fixture
def login(tmp_path, monkeypatch):
    """One computer login, no JupyterHub, no $NEWSLIT_STUDENT: the profile decides."""
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(tmp_path / "answers"))
    monkeypatch.setenv("NEWSLIT_PROFILE", str(tmp_path / "profile.json"))
    monkeypatch.delenv("NEWSLIT_STUDENT", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setattr(who, "_STORES", {})
    monkeypatch.setattr(who, "_HELD", {})
    monkeypatch.setattr(who, "_confirmed", None)
    return tmp_path


def typed_elsewhere(login, name):
    """Another notebook (another kernel) typed this name: the profile has it, this kernel did not type it."""
    who.save_profile(name)
    who._confirmed = None
    who._STORES.clear()


def test_a_name_typed_in_this_notebook_saves_at_once(login):
    who.save_profile("Ana")
    assert not who.needs_confirmation()
    who.current_store().save("n00-practice-text", "mine")
    assert AnswerStore(login / "answers", "Ana").load("n00-practice-text") == "mine"


def test_a_name_typed_elsewhere_saves_nothing_until_confirmed(login):
    AnswerStore(login / "answers", "Ana").save("n01-trust", {"value": 35, "reason": "Ana's own"})
    typed_elsewhere(login, "Ana")
    assert who.needs_confirmation()
    held = who.current_store()
    assert held.load("n01-trust") is None, "someone else's answers are not shown before confirming"
    with pytest.raises(AnswerSaveError, match="confirm your name"):
        held.save("n02-correction", "typed before confirming")
    with pytest.raises(AnswerSaveError):
        held.export(login / "x.json")
    assert AnswerStore(login / "answers", "Ana").load("n02-correction") is None, "nothing written yet"
    who.confirm()
    assert not who.needs_confirmation()
    store = AnswerStore(login / "answers", "Ana")
    assert store.load("n02-correction") == "typed before confirming", "held answers are saved on confirming"
    assert store.load("n01-trust") == {"value": 35, "reason": "Ana's own"}


def test_switching_student_is_typing_a_name_and_it_keeps_the_others_answers(login):
    typed_elsewhere(login, "Ana")
    who.save_profile("Ben")
    who.current_store().save("n00-practice-text", "Ben's")
    assert AnswerStore(login / "answers", "Ben").load("n00-practice-text") == "Ben's"
    assert AnswerStore(login / "answers", "Ana").load("n00-practice-text") is None


def test_the_same_name_typed_again_needs_no_new_confirmation_elsewhere(login):
    who.save_profile("Ana")
    first = who.read_profile()["name_id"]
    who.save_profile("ana ")
    assert who.read_profile()["name_id"] == first


def test_on_a_hub_or_with_the_variable_the_login_decides(login, monkeypatch):
    typed_elsewhere(login, "Ana")
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    assert not who.needs_confirmation()
    monkeypatch.delenv("JUPYTERHUB_USER")
    monkeypatch.setenv("NEWSLIT_STUDENT", "Test Student")
    assert not who.needs_confirmation()


@pytest.mark.parametrize("typed", ["Jordan M.", "jordn", "Jordon", "JordanM", "jordan m"])
def test_a_close_name_is_found(login, typed):
    AnswerStore(login / "answers", "Jordan").save("n00-practice-text", "x")
    assert who.close_names(typed) == ["Jordan"]


@pytest.mark.parametrize("typed", ["Jordan", " jordan ", "JORDAN", "Maria", "Jo", "Jordanna Smith"])
def test_the_same_name_or_a_different_one_is_not_questioned(login, typed):
    AnswerStore(login / "answers", "Jordan").save("n00-practice-text", "x")
    assert who.close_names(typed) == []


def test_a_file_with_no_answers_or_a_foreign_file_is_no_close_name(login):
    folder = login / "answers"
    folder.mkdir()
    (folder / "x.json").write_text(json.dumps({"kind": "other", "student": "Jordan", "answers": {"a": 1}}))
    (folder / "y.json").write_text("not json")
    assert who.close_names("Jordan M.") == []


def test_the_name_box_offers_the_existing_close_name(login):
    AnswerStore(login / "answers", "Jordan").save("n00-practice-text", "x")
    box = studentui.NameEntry()
    box.name.value = "Jordan M."
    assert box.use_other.layout.display is None and box.use_other.description == "Use Jordan"
    assert "already saved as" in box.status.value
    box._use_other()
    assert who.read_profile()["name"] == "Jordan"
    assert box.use_other.layout.display == "none"


def test_the_banner_asks_then_says_whose_answers_and_where(login):
    typed_elsewhere(login, "Ana")
    banner = studentui.SavingAs()
    assert "Is this you: Ana?" in banner.text.value and banner.yes.layout.display is None
    assert "Ana" not in banner._repr_mimebundle_()["text/plain"], "the stored rendering never holds a name"
    banner._confirm()
    assert "Saving as <strong>Ana</strong>" in banner.text.value and banner.yes.layout.display == "none"
    banner.other.value = "Ben"
    assert "Saving as <strong>Ben</strong>" in banner.text.value


def test_a_typed_name_is_escaped_in_the_banner(login):
    typed_elsewhere(login, "<b>Eve & co")
    banner = studentui.SavingAs()
    assert "<b>Eve" not in banner.text.value and "&lt;b&gt;Eve &amp; co" in banner.text.value


def test_the_hand_in_offers_download_links_that_hold_the_files(login):
    import base64
    import html as html_lib
    import re

    who.save_profile("Ana")
    who.current_store().save("n00-practice-text", "my answer")
    panel = studentui.HandIn()
    assert "Saving as <strong>Ana</strong>" in panel.who.value
    panel._export()
    links = dict(re.findall(r"<a download='([^']+)' href='data:[^;]+;base64,([^']+)'", panel.status.value))
    stem = who.current_store().path.stem
    assert set(links) == {f"{stem}.json", f"{stem}.html"}
    exported = json.loads(base64.b64decode(next(v for k, v in links.items() if k.endswith(".json"))))
    assert exported["answers"]["n00-practice-text"]["value"] == "my answer"
    assert "my answer" in html_lib.unescape(base64.b64decode(next(v for k, v in links.items()
                                                                  if k.endswith(".html"))).decode())


@pytest.mark.parametrize("typed", ["Jordan M.", "Ana", "Who?"])
def test_the_name_box_says_the_name_once_and_never_doubles_a_stop(login, typed):
    box = studentui.NameEntry()
    box.name.value = typed
    assert ".." not in box.status.value and "?." not in box.status.value
    assert box.status.value.count(typed) == 1


def test_on_a_hub_the_name_box_says_the_typed_name_and_the_login_that_decides(login, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "s1234")
    box = studentui.NameEntry()
    box.name.value = "Ana <b>B."
    assert "(<strong>Ana &lt;b&gt;B.</strong>)" in box.status.value, "typed name shown, escaped"
    assert "<strong>s1234</strong> (your JupyterHub login)" in box.status.value and ".." not in box.status.value


def test_notebook_07_brings_back_the_article_once_the_name_is_confirmed(login, monkeypatch):
    """07b opened on a shared login after 07a: nothing of Ana's shows until she confirms her name; then her
    article and her answers about it come back at once, without running the notebook again."""
    from newslit.answers.keyed import ARTICLE_RECORD, article_record, keyed_id
    from newslit.notebook import ownarticle
    from newslit.source import any_article, articles

    offer = next(o for o in articles.available()[0] if o.practice)
    article = any_article.load_file(offer.path)
    ana = AnswerStore(login / "answers", "Ana")
    ana.save(keyed_id(ARTICLE_RECORD, article.key), article_record(article, "practice"))
    verdict = {"claim": "Partly true", "evidence": "the survey page", "not_found": "no traffic report",
               "reasoning": "one number was changed"}
    ana.save(keyed_id("n07-verdict", article.key), verdict)
    typed_elsewhere(login, "Ana")
    import weakref

    bench = ownarticle.Workbench()
    monkeypatch.setattr(ownarticle, "_BENCH", bench)
    monkeypatch.setattr(studentui, "_SHOWING_WHO", weakref.WeakSet())  # only this notebook's panels
    studentui.follow_who(bench)
    question = ownarticle.OwnQuestion("n07-verdict")
    assert bench.article is None and question.view is None, "nothing of Ana's before she confirms"
    studentui.SavingAs()._confirm()
    assert bench.article is not None and bench.article.key == article.key
    assert question.view is not None and question.view.value() == verdict


def _drawn_before_confirming(login, monkeypatch, question_id: str):
    """Ana saved n01-trust, then her name was typed in another notebook; ``question_id`` is drawn now."""
    import weakref

    from newslit.notebook.widgets import view_class
    from newslit.questions.entries import get

    AnswerStore(login / "answers", "Ana").save("n01-trust", {"value": 60, "reason": "it names no author"})
    typed_elsewhere(login, "Ana")
    monkeypatch.setattr(studentui, "_SHOWING_WHO", weakref.WeakSet())
    q = get(question_id)
    return view_class(q.kind)(q)


def test_a_question_shows_its_saved_answer_once_the_name_is_confirmed(login, monkeypatch):
    """After a kernel restart on a shared login the boxes wait, saying why; pressing "Yes, I am …" fills them
    with the saved answers at once (no second Run All), and nothing saved is replaced."""
    view = _drawn_before_confirming(login, monkeypatch, "n01-trust")
    assert view.value() != {"value": 60, "reason": "it names no author"}
    assert "confirm your name" in view.status.value and "Not answered yet" not in view.status.value
    studentui.SavingAs()._confirm()
    assert view.value() == {"value": 60, "reason": "it names no author"}
    assert "saved answer is shown" in view.status.value
    assert AnswerStore(login / "answers", "Ana").load("n01-trust") == {"value": 60, "reason": "it names no author"}


def test_a_question_with_nothing_saved_stops_asking_for_the_name_once_it_is_confirmed(login, monkeypatch):
    """Confirming the name on a question with no saved answer: its line no longer says "confirm your name"."""
    view = _drawn_before_confirming(login, monkeypatch, "n00-practice-text")
    assert "confirm your name" in view.status.value
    studentui.SavingAs()._confirm()
    assert "confirm your name" not in view.status.value and "Not answered yet" in view.status.value
