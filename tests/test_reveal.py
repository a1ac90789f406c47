"""Ask before telling: blocks bound to a question, "Show me", the real-attempt check, the teacher's release."""
import json

import pytest
from IPython.core.interactiveshell import InteractiveShell

from newslit.answers import release
from newslit.answers.store import AnswerStore
from newslit.notebook import reveal, widgets
from newslit.questions import attempt, get
from newslit.questions.kinds import get_kind

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SECRET = "the hidden block's text 4711"


@pytest.fixture(autouse=True)
def shell():
    return reveal._quiet_shell(InteractiveShell)


@pytest.fixture
def store(tmp_path, monkeypatch):
    """The student's store, as ``who.current_store`` gives it to the reveal blocks."""
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv(release.ENV_RELEASE, raising=False)
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(tmp_path / "answers"))
    monkeypatch.setenv("NEWSLIT_STUDENT", "Reveal Tester")
    monkeypatch.setenv("NEWSLIT_PROFILE", str(tmp_path / "profile" / "profile.json"))
    monkeypatch.setattr(reveal, "_WAITING", reveal.defaultdict(list))
    monkeypatch.setattr(reveal, "_SHOWN_THIS_SESSION", set())
    from newslit.answers import who
    return who.current_store()


def block():
    from IPython.display import HTML, display
    display(HTML(f"<p>{SECRET}</p>"))


def outputs_text(after) -> str:
    return json.dumps(after.out.outputs)


# ---------------------------------------------------------------- a real attempt

ATTEMPTS = [  # (answer, is it a real attempt?) for a question asking why the page may not be trustworthy
    ("The page names no writer and no date, so I cannot tell who is responsible for it.", True),
    ("I would search the expert's name in a new tab and see if other sites spell it the same way.", True),
    ("The numbers do not match the report it copies from, so the writer changed them or made a mistake.", True),
    ("It looks like a copy of another story because the names are spelled wrong and the grammar is odd.", True),
    ("No one else has a record of the interview, so I do not trust the answers in it.", True),
    ("The site is not a news outlet I know and the about page says nothing about its reporters.", True),
    ("Two soldiers said different things, but the article joins them into one sentence, which is wrong.", True),
    ("I trust it a little, but only the parts that big outlets like Reuters also reported.", True),
    # English-language learners: misspelt, not copied, real attempts
    ("becuse the artical dont say who make the interveiw, i think is not sure it is real", True),
    ("the writter copy from other site, the name of expert is wrong spell and the number is diferent", True),
    # not attempts
    ("asdf jkl qwer uiop zxcv bnm asdfgh jkjkjk lkjh mnbv", False),
    ("ok", False),
]
PROMPT = "Why might this page not be trustworthy? Give two reasons from what you found."


@pytest.mark.parametrize("text, ok", ATTEMPTS)
def test_the_attempt_check_on_realistic_answers(text, ok):
    assert attempt.check(text, min_words=10, prompt=PROMPT).ok is ok


def test_a_pasted_prompt_or_an_unfilled_frame_is_not_an_attempt():
    frame = "I would not trust this page because … and because … ."
    assert not attempt.check(PROMPT + " " + PROMPT, min_words=10, prompt=PROMPT).ok
    assert not attempt.check("I would not trust this page because it is and because it is bad", min_words=10,
                             prompt=PROMPT, frame=frame).ok
    filled = "I would not trust this page because nobody wrote their name on it and the quotes are split."
    assert attempt.check(filled, min_words=10, prompt=PROMPT, frame=frame).ok


def test_every_failed_attempt_says_what_is_missing():
    for text, ok in ATTEMPTS:
        result = attempt.check(text, min_words=10, prompt=PROMPT)
        assert bool(result.reason) is not ok


# ---------------------------------------------------------------- blocks bound to a question

def test_a_block_is_not_computed_or_sent_before_its_question_is_answered(store):
    view = widgets.question("n00-practice-classify")
    after = reveal.After("n00-practice-classify", block)
    assert after.out.outputs == () and not after.filled
    bundle = after._repr_mimebundle_()
    assert SECRET not in json.dumps(bundle) and WIDGET_VIEW in bundle
    assert "n00-practice-classify" in bundle["text/plain"] and view.q.label in bundle["text/html"]
    items, categories = view.q.get("items"), [c["id"] for c in view.q.get("categories")]
    for chooser in view.choosers[:-1]:
        chooser.value = categories[0]
    assert not after.filled, "a sort opens its block only when every item is sorted"
    view.choosers[-1].value = categories[0]
    assert after.filled and SECRET in outputs_text(after) and len(items) == len(view.choosers)


def test_an_answered_question_shows_its_block_at_once_when_run_again(store):
    q = get("n00-practice-choice")
    store.save(q.id, q.get("key"))
    after = reveal.After(q.id, block)
    assert SECRET in outputs_text(after)
    assert SECRET not in json.dumps({k: v for k, v in after._repr_mimebundle_().items() if k != WIDGET_VIEW}), \
        "the stored renderings are the placeholder whatever the answers folder holds"


def test_a_wrong_choice_opens_nothing_and_names_no_right_answer(store):
    view = widgets.question("n00-practice-choice")
    after = reveal.After(view.q.id, block)
    key = view.q.get("key")
    wrong = next(o for o in view.q.get("options") if o != key)
    view.radio.value = wrong
    assert not after.filled and key not in view.feedback.value
    assert view.more.layout.display != "none" and view.more.description == widgets.SHOW_ME
    view.radio.value = key
    assert after.filled and "Right" in view.feedback.value and view.more.layout.display == "none"


def test_show_me_shows_the_answer_opens_the_blocks_and_is_recorded(store, tmp_path):
    view = widgets.question("n00-practice-choice")
    after = reveal.After(view.q.id, block)
    key = view.q.get("key")
    view.radio.value = next(o for o in view.q.get("options") if o != key)
    view.more.click()
    assert key in view.feedback.value and after.filled
    record = AnswerStore(tmp_path / "answers", "Reveal Tester").records()[view.q.id]
    assert record["shown"] and record["value"] != key, "the report can tell a shown answer from a found one"
    reveal._SHOWN_THIS_SESSION.clear()  # a restart: the saved note still opens the blocks
    assert reveal.After(view.q.id, block).filled


def test_classify_feedback_points_without_naming_the_category(store):
    view = widgets.question("n00-practice-classify")
    labels = {c["id"]: c["label"] for c in view.q.get("categories")}
    item, chooser = view.q.get("items")[0], view.choosers[0]
    wrong = next(c for c in labels if c not in item["accept"])
    chooser.value = wrong
    assert "Not quite" in view.feedback.value
    assert not any(labels[a] in view.feedback.value for a in item["accept"])
    chooser.value = item["accept"][0]
    assert labels[item["accept"][0]] in view.feedback.value


def test_complete_is_defined_by_each_kind():
    text = get("n00-practice-text")
    assert not get_kind("text").complete(text, "too short")
    form = get("n00-practice-form")
    fields = [f["id"] for f in form.get("fields")]
    assert not get_kind("form").complete(form, {fields[0]: "the page has no writer named anywhere"})


# ---------------------------------------------------------------- the teacher's release

def test_a_release_word_opens_its_lesson_on_this_login_only(store, tmp_path):
    q = get("n00-practice-choice")
    waiting = reveal.After(q.id, block)
    assert release.enter_word("not the word") is None and not waiting.filled
    word = "Lighthouse "  # lesson 00's word; case and spaces do not matter
    assert release.word_hash("00", word) == release.shipped_hashes()["00"]
    assert release.enter_word(word) == "00"
    assert reveal.released_now("00") == 1 and waiting.filled
    assert reveal.After(q.id, block).filled, "later blocks of the lesson open at once"
    assert not release.released("01")


def test_a_hub_release_file_opens_a_lesson_for_everyone_who_reads_it(store, tmp_path, monkeypatch):
    folder = tmp_path / "release"
    monkeypatch.setenv(release.ENV_RELEASE, str(folder))
    assert not reveal.After("n00-practice-choice", block).filled
    path = release.release_for_everyone(["00"], folder)
    assert path.stat().st_mode & 0o044, "students must be able to read it"
    assert reveal.After("n00-practice-choice", block).filled
    with pytest.raises(ValueError):
        release.release_for_everyone(["../etc"], folder)


def test_the_release_command(tmp_path, capsys):
    from newslit.__main__ import main

    assert main(["release", "02", "03a", "--folder", str(tmp_path)]) == 0
    assert (tmp_path / release.RELEASE_FILE).read_text().split() == ["02", "03a"]


def test_reason_first_the_choices_open_only_after_a_real_reason(store):
    """A question with two real options (``requires``): its inputs stay locked until the reason question above
    it has a real attempt, then open live; run again with a saved reason, they are open at once."""
    reason = widgets.question("n04-decimated-reason")
    choice = widgets.question("n04-decimated")
    key = choice.q.get("key")
    assert choice.inputs == [] and "First write your reason" in choice.waiting.value
    assert key not in json.dumps([w.get_state() for w in _tree(choice.box)], default=str), \
        "a locked question's options are in no widget state"
    reason.area.value = "asdf jkl"
    assert choice.inputs == [], "a keyboard mash is not a reason"
    reason.area.value = ("P8 kept the three months and the rate of losses but changed killed or wounded "
                         "to decimated, which is not the same")
    assert choice.radio in choice.box.children and choice.waiting.value == ""
    assert reason.more.layout.display == "none", "the model reason waits until the choice is made"
    choice.radio.value = key
    assert reason.more.layout.display != "none" and reason.more.description == widgets.COMPARE
    assert "Right" in choice.feedback.value
    store.flush()  # the reason was typed (debounced save): write it now, as a restart would find it
    again = widgets.question("n04-decimated")
    assert again.radio.value == key, "run again: open at once, with the saved choice"
    assert "appear once you have written your reason" in widgets.render_html(again.q)
    assert key not in widgets.render_html(again.q) + widgets.render_text(again.q)


def _tree(box):
    """Every widget under ``box``."""
    found, todo = [], [box]
    while todo:
        widget = todo.pop()
        found.append(widget)
        todo += list(getattr(widget, "children", ()))
    return found


def test_requires_must_name_an_earlier_question_of_the_same_notebook(monkeypatch):
    from newslit.questions import entries

    raw = list(entries._raw_catalogue())
    i = next(n for n, e in enumerate(raw) if e["id"] == "n04-decimated")
    raw[i] = {**raw[i], "requires": "n05-missing"}
    monkeypatch.setattr(entries, "_raw_catalogue", lambda: tuple(raw))
    assert any("n04-decimated" in p and "requires" in p for p in entries.validate())


def test_a_message_handled_while_a_block_is_drawn_is_not_lost():
    """While a block is drawn, the kernel may handle another message (a click on the next question): its
    ``set_parent`` and its displays go to the real publisher, and only the block's own display is kept."""
    import threading

    from IPython.display import display

    shell = reveal._quiet_shell(InteractiveShell)

    class Publisher:
        def __init__(self):
            self.parents, self.published = [], []

        def set_parent(self, parent):
            self.parents.append(parent)

        def publish(self, data, metadata=None, **kwargs):
            self.published.append(data)

    real, saved = Publisher(), shell.display_pub
    shell.display_pub = real
    try:
        def other_message():
            shell.display_pub.set_parent({"msg_id": "click"})  # what ipykernel does for every message
            display({"text/plain": "from the other message"}, raw=True)

        def block():
            display({"text/plain": "the block's own"}, raw=True)
            thread = threading.Thread(target=other_message)
            thread.start()
            thread.join()

        outputs = reveal.output_bundles(block, (), {})
        assert [o["data"] for o in outputs] == [{"text/plain": "the block's own"}]
        assert real.parents == [{"msg_id": "click"}]
        assert real.published == [{"text/plain": "from the other message"}]
        assert shell.display_pub is real
    finally:
        shell.display_pub = saved
