"""newslit.notebook.widgets: every kind driven headlessly (set values, fire handlers, check store and renderings)."""
import json
import time

import pytest

from newslit.answers.store import AnswerStore
from newslit.notebook import reveal, widgets
from newslit.notebook.studentui import HandIn, NameEntry
from newslit.questions import entries as questions

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return AnswerStore(tmp_path, "Widget Tester")


def _one_of_each():
    seen = {}
    for q in questions.catalogue().values():
        seen.setdefault(q.kind, q.id)
    return seen


KINDS = _one_of_each()


def answer(view, variant=1):
    """Drive the widgets as a student would, per kind; return the value the store should hold."""
    q = view.q
    if q.kind == "text":
        view.area.value = "The page names no writer and gives no date at all, which I find odd."
        view.store.flush()
        return view.area.value
    if q.kind == "choice":
        view.radio.value = q.get("options")[variant]
        return q.get("options")[variant]
    if q.kind == "choices":
        view.boxes[0].value = True
        view.boxes[2].value = True
        if view.check_button is not None:  # keyed ticks save on "Check my answer"
            view.check_button.click()
        return [q.get("options")[0], q.get("options")[2]]
    if q.kind == "scale":
        view.number.value = "35"
        view.reason.value = "tired"
        view.store.flush()
        return {"value": 35, "reason": "tired"}
    if q.kind == "classify":
        first = q.get("items")[0]
        view.choosers[0].value = first["accept"][0]
        return {first["id"]: first["accept"][0]}
    if q.kind == "form":
        for field in view.fields:
            field.value = "filled"
        view.store.flush()
        return {f["id"]: "filled" for f in q.get("fields")}
    if q.kind in ("task", "warmup"):  # a form about the post the student was given
        for field in view.fields:
            field.value = "filled"
        view.store.flush()
        return {"post": view.post.id, **{f["id"]: "filled" for f in q.get("fields")}}
    raise AssertionError(q.kind)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_saves_and_shows_status(kind, store):
    """Every kind saves as the student works (keyed ticks: on "Check my answer") and says so."""
    view = widgets.question(KINDS[kind], store)
    assert "Not answered yet" in view.status.value
    assert view.feedback.value == "", "no feedback before the student answers"
    expected = answer(view)
    assert store.load(view.q.id) == expected
    assert "Saved" in view.status.value


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_reloads_after_a_restart_without_saving_again(kind, store):
    first = widgets.question(KINDS[kind], store)
    expected = answer(first)
    record = json.loads(store.path.read_text(encoding="utf-8"))["answers"][first.q.id]
    mtime = store.path.stat().st_mtime_ns
    time.sleep(0.01)
    again = widgets.question(KINDS[kind], store)  # a new kernel draws the question again
    assert again.value() == expected
    assert "saved answer is shown" in again.status.value
    assert store.path.stat().st_mtime_ns == mtime, "drawing a saved answer never saves"
    assert json.loads(store.path.read_text(encoding="utf-8"))["answers"][first.q.id] == record


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_renderings_come_from_the_catalogue_only(kind, store):
    view = widgets.question(KINDS[kind], store)
    before = view._repr_mimebundle_()
    answer(view)
    after = view._repr_mimebundle_()
    assert set(before) == {"text/plain", "text/html", WIDGET_VIEW}
    assert before["text/plain"] == after["text/plain"] == widgets.render_text(view.q)
    assert before["text/html"] == after["text/html"] == widgets.render_html(view.q)
    assert "Widget Tester" not in after["text/plain"] + after["text/html"]
    assert repr(view) == widgets.render_text(view.q)
    assert view.q.prompt in after["text/plain"]


ROLES = {"Textarea": "textbox", "Text": "textbox", "BoundedIntText": "spinbutton", "Checkbox": "checkbox"}


def labelled_inputs(view) -> list[tuple[str, str]]:
    """(ARIA role, visible name) of every input in the drawn widgets, as a browser would name them:
    a radio group by its options' labels (a sorting row's group by its item), the others by their
    description (no unnamed slider handle)."""
    found = []
    for widget in _walk(view.box):
        name = widget.__class__.__name__
        if name == "RadioButtons":
            found += [("radio", label) for label in widget._options_labels]
        elif name == "SortRow":  # a sorting row: its radios, in a group named by the item
            assert widget.item.strip() and widget.number > 0
            found += [("radio", label) for label, _value in widget.options]
        elif name in ROLES:
            found.append((ROLES[name], widget.description))
        elif name == "Button":  # "Show me" / "Compare with a model answer": not an answer input, but named
            assert widget.description.strip()
        else:
            assert name in ("VBox", "HBox", "HTML", "Label"), f"an input of an unchecked kind: {name}"
    return found


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_input_has_the_visible_label_the_catalogue_gives(kind, store):
    view = widgets.question(KINDS[kind], store)
    found = labelled_inputs(view)
    assert found and all(label.strip() for _, label in found)
    assert found == widgets.accessible_inputs(view.q), "the names the browser tests look inputs up by"


def test_every_option_of_a_choice_saves_and_is_shown_again(store):
    """Choosing each option by its visible label saves that option; a new view (a re-run) shows it chosen."""
    q = questions.get(KINDS["choice"])
    for label in q.get("options"):
        view = widgets.question(q.id, store)
        view.radio.label = label
        assert store.load(q.id) == label
        again = widgets.question(q.id, store)
        assert again.radio.label == label and again.value() == label and "saved answer" in again.status.value


def test_every_category_of_every_sorting_item_saves_and_is_shown_again(store):
    """Each item's row of radios, by label: the category's id is saved for that item only, the other
    items keep their answers, and a new view shows every row as saved."""
    q = questions.get(KINDS["classify"])
    categories = {c["label"]: c["id"] for c in q.get("categories")}
    expected = {}
    for row, item in enumerate(q.get("items")):
        for label, category in categories.items():
            view = widgets.question(q.id, store)
            view.choosers[row].value = category
            expected[item["id"]] = category
            assert store.load(q.id) == expected, (item["id"], label)
    again = widgets.question(q.id, store)
    shown = {item["id"]: chooser.value for item, chooser in zip(q.get("items"), again.choosers)}
    assert shown == {item["id"]: list(categories.values())[-1] for item in q.get("items")}
    assert again.value() == expected and "saved answer" in again.status.value


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_choice_feedback_marks_right_and_wrong(store):
    view = widgets.question("n00-practice-choice", store)
    key = view.q.get("key")
    wrong = next(o for o in view.q.get("options") if o != key)
    view.radio.value = wrong
    assert "Not quite" in view.feedback.value
    view.radio.value = key
    assert "Right" in view.feedback.value
    record = json.loads(store.path.read_text(encoding="utf-8"))["answers"][view.q.id]
    assert record["first"] == wrong and record["attempts"] == 2


def test_choices_feedback_counts_missing_options(store):
    view = widgets.question("n00-practice-choices", store)
    view.boxes[0].value = True
    view.check_button.click()
    assert "1 more right option" in view.feedback.value
    view.boxes[1].value = True
    view.check_button.click()
    assert "All the right options" in view.feedback.value


def test_keyed_ticks_are_one_attempt_saved_and_marked_only_when_checked(store):
    """Ticking marks nothing and saves nothing (ticking through the options cannot find the key); "Check my
    answer" saves the set as one attempt; what is bound to the question opens only for the right set."""
    view = widgets.question("n00-practice-choices", store)
    key, options = view.q.get("key"), view.q.get("options")
    opened = []
    block = type("Block", (), {"fill": lambda self: opened.append(True)})()
    reveal.wait_for(view.q.id, block)
    for box in view.boxes:
        box.value = box.description in key
    assert store.load(view.q.id) is None and view.feedback.value == ""
    assert not opened, "the right ticks, unchecked, open nothing"
    for box in view.boxes:
        box.value = box.description == next(o for o in options if o not in key)
    view.check_button.click()
    assert view.feedback.value and not opened and view.more.layout.display != "none"
    view.boxes[0].value = not view.boxes[0].value
    assert view.feedback.value == "" and view.more.layout.display == "none", "feedback of the old ticks goes"
    for box in view.boxes:
        box.value = box.description in key
    view.check_button.click()
    assert opened == [True]
    record = json.loads(store.path.read_text(encoding="utf-8"))["answers"][view.q.id]
    assert set(record["value"]) == set(key) and record["attempts"] == 2 and set(record["first"]) - set(key)
    again = widgets.question("n00-practice-choices", store)
    assert [b.value for b in again.boxes] == [b.value for b in view.boxes] and again.feedback.value


def test_checking_nothing_ticked_saves_nothing(store):
    view = widgets.question("n00-practice-choices", store)
    view.check_button.click()
    assert store.load(view.q.id) is None and "Tick" in view.status.value


def test_unkeyed_ticks_save_at_once(store):
    unkeyed = next(q for q in questions.catalogue().values() if q.kind == "choices" and not q.has_key)
    view = widgets.question(unkeyed.id, store)
    assert view.check_button is None
    view.boxes[0].value = True
    assert store.load(unkeyed.id) == [view.boxes[0].description]


def test_classify_accepts_every_defensible_category(store):
    view = widgets.question("n00-practice-classify", store)
    for item, dropdown in zip(view.q.get("items"), view.choosers):
        for category in item["accept"]:
            dropdown.value = category
            assert "Right" in view.feedback.value.split("</div>")[-2]


def test_text_offers_the_model_answer_only_after_a_real_attempt_and_a_click(store):
    view = widgets.question("n00-practice-text", store)
    model = view.q.get("model_answer")
    for not_yet in ("a few words", "asdf jkl qwer uiop zxcv bnm asdfgh jkjkjk lkjh mnb", view.q.prompt):
        view.area.value = not_yet
        assert view.more.layout.display == "none" and model not in view.feedback.value
    view.area.value = "The page gives no writer and no date, so I cannot tell who stands behind it."
    assert view.more.layout.display != "none" and view.more.description == widgets.COMPARE
    assert "A model answer" not in view.feedback.value, "the model answer waits for the button"
    view.more.click()
    assert "A model answer" in view.feedback.value and view.more.layout.display == "none"


def test_a_save_error_is_shown_not_raised(store, monkeypatch):
    view = widgets.question("n00-practice-choice", store)
    monkeypatch.setattr(store, "save", lambda *a: (_ for _ in ()).throw(ValueError("the disk said no")))
    view.radio.value = view.q.get("options")[0]
    assert "Not saved" in view.status.value and "the disk said no" in view.status.value


def test_too_long_text_is_refused_with_a_message(store):
    view = widgets.question("n00-practice-text", store)
    view.area.value = "x" * 25_000
    assert "limit is 20,000" in view.status.value


def test_unknown_question_is_refused():
    with pytest.raises(KeyError):
        widgets.question("n99-nothing")


def test_name_entry_saves_the_profile_and_escapes_messages(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLIT_PROFILE", str(tmp_path / "profile.json"))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    entry = NameEntry()
    entry.name.value = "Zoë <b>K<b>"
    assert "&lt;b&gt;" in entry.status.value and "<b>K" not in entry.status.value
    assert json.loads((tmp_path / "profile.json").read_text(encoding="utf-8"))["name"] == "Zoë <b>K<b>"
    entry.name.value = "../../etc"
    assert "cannot contain" in entry.status.value
    assert entry._repr_mimebundle_()["text/plain"] == NameEntry.plain


def test_hand_in_exports_the_current_students_answers(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(tmp_path / "answers"))
    monkeypatch.setenv("NEWSLIT_STUDENT", "Hand In Tester")
    from newslit.answers import who as student

    student.current_store().save("n00-practice-text", "done")
    panel = HandIn()
    panel._export()
    assert "1 answer in" in panel.status.value
    files = list((tmp_path / "answers" / "hand-in").glob("*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text(encoding="utf-8"))["student"] == "Hand In Tester"
    assert files[0].with_suffix(".html").exists()


def test_trust_compare_draws_the_students_two_ratings(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(tmp_path / "answers"))
    monkeypatch.setenv("NEWSLIT_STUDENT", "Trust Tester")
    from newslit.answers import who as student
    from newslit.notebook.studentui import TrustCompare

    panel = TrustCompare("n01-trust", "n06-trust")
    assert "nothing to compare" in panel.text.value
    store = student.current_store()
    store.save("n01-trust", {"value": 70, "reason": "sounds official"})
    store.save("n06-trust", {"value": 35, "reason": "names were wrong"})
    panel.update()
    assert "70 in notebook 01 and is 35 now: it went down by 35 points" in panel.text.value
    assert "data:image/png;base64,iVBOR" in panel.image.value and "alt=" in panel.image.value
    assert panel._repr_mimebundle_()["text/plain"] == TrustCompare.plain


def test_the_hand_in_panel_says_the_new_name_once_it_is_changed_elsewhere(tmp_path, monkeypatch):
    """A name switched in the 'Saving as' panel shows at once on the hand-in button (no stale name)."""
    from newslit.notebook import studentui

    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("NEWSLIT_STUDENT", raising=False)
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(tmp_path / "answers"))
    monkeypatch.setenv("NEWSLIT_PROFILE", str(tmp_path / "profile.json"))
    top, hand_in = studentui.SavingAs(), studentui.HandIn()
    top.other.value = "Maya K"
    assert "Maya K" in hand_in.who.value and "Maya K" in top.text.value


def test_a_login_name_nobody_typed_is_said_to_be_one(tmp_path, monkeypatch):
    from newslit.notebook import studentui

    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("NEWSLIT_STUDENT", raising=False)
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(tmp_path / "answers"))
    monkeypatch.setenv("NEWSLIT_PROFILE", str(tmp_path / "profile.json"))
    assert "this computer's login name" in studentui.saving_as_text()
    top = studentui.SavingAs()
    top.other.value = "Maya K"
    assert "login name" not in studentui.saving_as_text() and "Maya K" in studentui.saving_as_text()


def test_a_jupyter_without_anywidget_still_sorts(store, monkeypatch):
    """A downloaded copy in a Jupyter that has only pandas, ipywidgets and matplotlib: the sorting rows
    fall back to ipywidgets' RadioButtons, and answers save and show again the same way."""
    import sys

    monkeypatch.setitem(sys.modules, "newslit.notebook.sortrow", None)  # importing it raises ImportError
    monkeypatch.setitem(sys.modules, "anywidget", None)
    view = widgets.question("n00-practice-classify", store)
    assert all(type(c).__name__ == "RadioButtons" for c in view.choosers)
    first = view.q.get("items")[0]
    view.choosers[0].value = first["accept"][0]
    assert store.load(view.q.id) == {first["id"]: first["accept"][0]}
    again = widgets.question("n00-practice-classify", store)
    assert again.choosers[0].value == first["accept"][0]


def test_a_rating_starts_empty_and_takes_only_a_whole_number_on_the_scale(store):
    """No number is there before the student types one (the middle of the scale was, and could never be
    saved); a word or a number off the scale is refused with a message and saves nothing."""
    view = widgets.question(KINDS["scale"], store)
    low, high = view.q.get("min"), view.q.get("max")
    assert view.number.value == "" and "Not answered yet" in view.status.value
    for wrong in ("fifty", str(high + 1), "3.5"):
        view.number.value = wrong
        view.store.flush()
        assert store.load(view.q.id) is None and "is not a whole number" in view.status.value
    view.number.value = f" {(low + high) // 2} "
    view.store.flush()
    assert store.load(view.q.id) == {"value": (low + high) // 2, "reason": ""}
    again = widgets.question(KINDS["scale"], store)
    assert again.number.value == str((low + high) // 2), "a saved rating is shown again"
