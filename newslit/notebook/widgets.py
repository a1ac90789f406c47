"""Questions from the catalogue, drawn as ipywidgets that save as the student works.

In a notebook::

    from newslit import ask
    ask("n00-practice-choice")

``ask`` displays one bundle holding three renderings (DESIGN "Questions"):

* the live widgets (JupyterLab, Notebook 7, Voilà);
* ``text/plain``: the question's id, prompt and options, built **from the catalogue only**, so strict
  nbval compares it and a saved answer never changes a stored output;
* ``text/html``: the same question with space to write, shown when the notebook is opened without
  running (the stored widget view is stripped by ``maintain.store``) and in printed handouts.

Every kind saves without a Save button (typing is debounced, choices save at once; keyed ticks, whose
one-by-one marking would give the key away, save as one attempt on "Check my answer"), shows its saved
status, reloads the saved answer when drawn again (after a kernel restart), shows feedback only
after the student answers, labels every input (its accessible name), and works from the keyboard.
Drawing a saved answer never saves. Nothing is printed and no Output widget is used while a cell
runs; feedback and status are widget values.

Each kind's widget class is a ``QuestionView`` subclass here (``TextView``, ``ChoiceView`` …); the
kind names it (``Kind.view`` in ``newslit/questions/kinds/``) and ``view_class`` imports what it
names, so the registry of kinds is the only list of them (``VIEWS`` is that registry seen from here).
The renderings' kind-specific parts come from the kind too (``Kind.text_parts``, ``Kind.static_html``,
``Kind.inputs``); this module draws the frame around them.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from importlib import import_module

import ipywidgets as widgets

from newslit.answers import who as student
from newslit.notebook import reveal
from newslit.notebook.style import full_width, style_tag
from newslit.questions import attempt
from newslit.questions.entries import Question, get
from newslit.questions.kinds import REGISTRY, esc, get_kind

SHOW_ME = "Show me the answer"
CHECK = "Check my answer"
COMPARE = "Compare with a model answer"
CERTAINTY_WORDS = {"settled": "Settled: several independent sources agree.",
                   "likely": "Likely: the evidence points this way, but one link is unread.",
                   "open": "Open: the evidence does not settle this, so more than one answer can be good."}
LABEL_STYLE = {"description_width": "initial"}


# ---------------------------------------------------------------- renderings from the catalogue

def render_text(q: Question) -> str:
    """Plain-text rendering (what nbval compares): id, prompt, and the parts to fill in."""
    lines = [f"[{q.id}] {q.label}" + (" (private)" if q.private else ""), q.prompt]
    lines += ([f"  {line}" for line in get_kind(q.kind).text_parts(q)] if not q.get("requires") else
              ["  (its choices appear once you have written your reason in the question above)"])
    return "\n".join(lines)


def render_html(q: Question) -> str:
    """Static HTML rendering with space to write: no kernel needed, no answer, no key."""
    head = (f"<fieldset class='newslit-static newslit-static-{esc(q.id)}' "
            f"style='border:1px solid #888;border-radius:6px;padding:.6em 1em;"
            f"max-width:52em'><legend><strong>{esc(q.label)}</strong></legend><p>{esc(q.prompt)}</p>")
    body = (get_kind(q.kind).static_html(q) if not q.get("requires") else
            "<p><em>Its choices appear once you have written your reason in the question above.</em></p>")
    note = "<p><small>Run the notebook to answer here; your answer is saved as you work.</small></p>"
    return head + body + note + "</fieldset>"


# ---------------------------------------------------------------- live views

class QuestionView:
    """One question as widgets. Subclasses build the inputs and read/write their value."""

    debounce = False  # True for kinds the student types into

    def __init__(self, question: Question, store=None):
        self.q = question
        self._store = store
        self._drawing = False
        self.status = widgets.HTML(layout=widgets.Layout(margin="0 0 0 .5em"))
        self.state = "empty"  # what the status line says (``_set_status``)
        self.status.add_class("newslit-save-status")  # the save line, told apart from other status lines
        self.feedback = widgets.HTML(layout=full_width())
        self.shown = False      # "Show me" pressed (keyed questions; saved with the answer)
        self.compared = False   # "Compare with a model answer" pressed (written questions)
        self.more = widgets.Button(description=SHOW_ME if question.has_key else COMPARE,
                                   layout=widgets.Layout(width="auto", display="none"))
        self.more.on_click(self._more)
        # Kinds checked on request (keyed ticks): the inputs change nothing until "Check my answer", which
        # saves the ticks as one attempt and marks them. ``_checked`` is the value last saved or restored.
        self._checked = None
        self.check_button = None
        if get_kind(question.kind).checked_on_request(question):
            self.check_button = widgets.Button(description=CHECK, layout=widgets.Layout(width="auto"))
            self.check_button.add_class("newslit-check")
            self.check_button.on_click(self._check)
        prompt = widgets.HTML(f"{style_tag()}<p style='margin:.2em 0'><strong>{esc(question.label)}</strong>"
                              f"{' <em>(private: only you and your teacher see this)</em>' if question.private else ''}"
                              f"<br>{esc(question.prompt)}</p>", layout=full_width())
        self.waiting = widgets.HTML(layout=full_width())
        # Reason first ("requires"): until the reason above is written, the inputs are not even built, so
        # their options are in no widget state (they would give the reason away).
        required = get(question.get("requires")) if question.get("requires") else None
        locked = required is not None and not reveal.is_open(required)
        self.inputs = [] if locked else self.build()
        frame = question.get("frame")
        starter = [widgets.HTML(f"<div style='color:#333'><small>Sentence starter: {esc(frame)}</small></div>",
                                layout=full_width())] if frame else []
        self._parts = (prompt, starter)
        self.box = widgets.VBox(self._children(), layout=widgets.Layout(
            border="1px solid #bbb", padding="6px 10px", margin="6px 0", max_width="54em"))
        self.box.add_class("newslit-question")
        self.box.add_class(f"newslit-q-{question.id}")
        if locked:
            self.lock(required)
            reveal.unlock_after(required.id, self)
        else:
            self.restore()
        if store is None:  # it saves as whoever is working now: follow a confirmed or switched name
            from newslit.notebook.studentui import follow_who

            follow_who(self)

    def refresh_who(self) -> None:
        """The name was confirmed (or switched): show what is saved under it now, without a re-run. An answer
        typed before confirming was saved on confirming, so it is what shows."""
        if self.inputs and not isinstance(self.store, student.HeldStore):
            try:
                saved = self.store.load(self.q.id)
            except (OSError, ValueError):
                return
            if saved is not None:
                self.restore()
            elif self.state == "held":  # nothing saved under the confirmed name yet: not "confirm first" any more
                self._set_status("empty")

    def _choice_waits(self) -> bool:
        """This question is the reason asked first for another, and that one is not answered yet: then
        this view waits for it (``reveal`` calls ``fill`` once it is answered)."""
        from newslit.questions.entries import catalogue

        waiting = [q for q in catalogue().values() if q.get("requires") == self.q.id and not reveal.is_open(q)]
        for q in waiting:
            reveal.wait_for(q.id, self)
        return bool(waiting)

    def _children(self) -> list:
        prompt, starter = self._parts
        check = [widgets.HBox([self.check_button])] if self.check_button is not None and self.inputs else []
        return [prompt, self.waiting, *self.inputs, *check, *starter, widgets.HBox([self.status]), self.feedback,
                widgets.HBox([self.more])]

    # -- to override
    def build(self) -> list:
        raise NotImplementedError

    def value(self):
        """The answer as stored (JSON-safe), or None when nothing is answered."""
        raise NotImplementedError

    def show(self, value) -> None:
        """Put a saved value back into the widgets."""
        raise NotImplementedError

    def feedback_html(self, value) -> str:
        return ""

    # -- shared behaviour
    @property
    def kind(self):
        return get_kind(self.q.kind)

    def complete(self, value) -> bool:
        return value is not None and self.kind.complete(self.q, value)

    def _update(self, value) -> None:
        """Feedback, the extra button and the blocks bound to this question, for the answer now shown."""
        done = self.complete(value)
        if self.q.has_key:  # "Show me" once a try has not found it
            offer = value is not None and not done and not self.shown
        else:  # a model answer to compare with, once a real attempt is written (and, for a reason asked
            # first, once the choice it opens is made: the model reason would give the choice away)
            offer = bool(self.q.get("model_answer")) and done and not self.compared and not self._choice_waits()
        self.more.layout.display = None if offer else "none"
        self.feedback.value = self.feedback_html(value)
        if done:
            reveal.answered(self.q.id, value)

    def _more(self, _button=None) -> None:
        if self.q.has_key:
            self.shown = True
            try:
                self.store.mark_shown(self.q.id)
            except (OSError, ValueError):
                pass  # the answer itself is saved; only the "shown" note is lost
            reveal.shown(self.q.id)
        else:
            self.compared = True
        self._update(self.value())

    def lock(self, required: Question) -> None:
        """Reason first: the inputs wait until ``required`` (the question that asks for the reason) is answered."""
        self._set_status("empty")
        self.waiting.value = (f"<p role='status' style='margin:.2em 0;color:#333'><strong>First write your reason "
                              f"above</strong>, in “{esc(required.label)}”. Then the choices appear here.</p>")

    def fill(self) -> None:
        """The reason is written: the inputs are built and shown (``reveal`` calls this, as it fills a block)."""
        if not self.inputs:
            self.inputs = self.build()
            self.box.children = self._children()
            self.restore()
        else:
            self._update(self.value())  # a reason whose choice is now made: its model answer may show
        self.waiting.value = ""

    @property
    def store(self):
        return self._store if self._store is not None else student.current_store()

    def restore(self) -> None:
        try:
            saved = self.store.load(self.q.id)
        except (OSError, ValueError) as error:
            self._set_status("error", str(error))
            return
        if saved is None:
            self._set_status("held" if isinstance(self.store, student.HeldStore) else "empty")
            return
        self.shown = reveal.was_shown(self.store, self.q.id)
        self._checked = saved
        self._drawing = True
        try:
            self.show(saved)
        except (KeyError, TypeError, ValueError, IndexError):
            self._set_status("empty")  # a saved value that no longer fits the question
            return
        finally:
            self._drawing = False
        self._set_status("saved-earlier")
        self._update(saved)

    def changed(self, _change=None) -> None:
        """Any input changed: save (unless we are drawing a saved answer) and update feedback. A kind checked
        on request only says the change waits for "Check my answer" (back to what was checked: as it was)."""
        if self._drawing:
            return
        value = self.value()
        if self.check_button is not None:
            if self._checked is not None and value == self._checked:
                self._set_status("saved-earlier")
                self._update(value)
            else:
                self._set_status("unchecked")
                self.feedback.value = ""
                self.more.layout.display = "none"
            return
        self._save(value)

    def _check(self, _button=None) -> None:
        """ "Check my answer": save what is ticked now as one attempt and mark it."""
        value = self.value()
        if not value:
            self._set_status("nothing-ticked")
            return
        self._checked = value
        self._save(value)

    def _save(self, value) -> None:
        if value is None:
            return
        try:
            if self.debounce:
                self._set_status("saving")
                self.store.save_soon(self.q.id, value, on_saved=self._saved)
            else:
                self._saved(self.store.save(self.q.id, value))
        except (OSError, ValueError) as error:
            self._set_status("error", str(error))
        self._update(value)

    def _saved(self, result) -> None:
        if isinstance(result, Exception):
            self._set_status("error", str(result))
        else:
            self._set_status("saved")

    def _set_status(self, state: str, message: str = "") -> None:
        texts = {
            "empty": f"<span style='color:#555'>Not answered yet.{self._how_to_answer()}</span>",
            "held": "<span style='color:#555'>Answers saved under your name show here once you confirm your "
                    "name at the top of this notebook.</span>",
            "saving": "<span style='color:#555'>Saving…</span>",
            "unchecked": f"<span style='color:#555'>Not saved yet: press “{CHECK}” to save your ticks and see "
                         "what they get right.</span>",
            "nothing-ticked": "<span style='color:#555'>Tick at least one option, then check.</span>",
            "saved": f"<span style='color:#1a6e1a'>&#10003; Saved at {datetime.now():%H:%M:%S}.</span>",
            "saved-earlier": "<span style='color:#1a6e1a'>&#10003; Your saved answer is shown.</span>",
            "error": f"<span style='color:#a00000'>&#9888; Not saved: {esc(message)}</span>",
        }
        self.state = state
        self.status.value = f"<span role='status'>{texts[state]}</span>"

    def _how_to_answer(self) -> str:
        """What counts as answering, where the inputs alone do not say (a scale starts in the middle)."""
        return ""

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.box._repr_mimebundle_()
        bundle["text/plain"] = render_text(self.q)
        bundle["text/html"] = render_html(self.q)
        return bundle

    def __repr__(self) -> str:  # never the widget's repr, which holds the value
        return render_text(self.q)


def _model_answer(q: Question) -> str:
    certainty = CERTAINTY_WORDS.get(q.certainty, "")
    return (f"<div style='background:#eef3fb;padding:.4em .7em;border-radius:4px'><strong>A model answer.</strong> "
            f"{esc(q.get('model_answer', ''))}"
            + (f"<br><small>{esc(certainty)}</small>" if certainty else "") + "</div>")


def _verdict(right: bool, text: str) -> str:
    mark, colour, word = ("&#10003;", "#1a6e1a", "Right.") if right else ("&#10007;", "#a00000", "Not quite.")
    return f"<div style='color:{colour}'>{mark} <strong>{word}</strong> {esc(text)}</div>"


def _shown_answer(text: str) -> str:
    return f"<div style='color:#222'>&#128161; <strong>The answer.</strong> {esc(text)}</div>"


def _attempt_hint(view, value) -> str:
    """Under a written question with a model answer, or with a block that opens once it is answered: what is
    still missing before it counts as answered (a warm-up's "idk" must not leave the findings shut unsaid)."""
    opens = reveal.has_waiting(view.q.id)
    if not (view.q.get("model_answer") or opens) or view.complete(value):
        return ""
    then = " Then you can compare with a model answer." if view.q.get("model_answer") else \
        " Then the part waiting below opens."
    fields = view.q.get("fields") or []
    if fields:
        if not isinstance(value, dict) or not all(str(value.get(f["id"], "")).strip() for f in fields):
            return f"<small>Fill in every field in your own words.{then}</small>"
        text, need = " . ".join(str(value[f["id"]]) for f in fields), view.q.get("min_words", 2 * len(fields))
        prompt = view.q.prompt + " . " + " ".join(f["label"] for f in fields)
    else:
        text, need, prompt = str(value or ""), view.q.get("min_words", 10), view.q.prompt
    reason = attempt.check(text, min_words=need, prompt=prompt, frame=view.q.get("frame", "")).reason
    return f"<small>{esc(reason)}{esc(then)}</small>"


class TextView(QuestionView):
    debounce = True

    def build(self):
        self.area = widgets.Textarea(description=self.q.label, placeholder="Type your answer here.",
                                     continuous_update=True, rows=4, layout=full_width(), style=LABEL_STYLE)
        self.area.observe(self.changed, "value")
        return [self.area]

    def value(self):
        return self.area.value if self.area.value.strip() else None

    def show(self, value):
        self.area.value = str(value)

    def feedback_html(self, value):
        if not str(value or "").strip():
            return ""
        count = len(attempt.words(str(value)))
        target = words_target(self.q)
        counter = (f"<small>{count} word{'s' if count != 1 else ''}"
                   + (f" (aim for {target[0]} to {target[1]})" if target else "") + ". </small>")
        if self.compared and self.complete(value):
            return counter + _model_answer(self.q)
        return counter + _attempt_hint(self, value)


class ChoiceView(QuestionView):
    def build(self):
        self.radio = widgets.RadioButtons(options=self.q.get("options"), value=None, description="",
                                          layout=full_width())
        self.radio.observe(self.changed, "value")
        return [self.radio]

    def value(self):
        return self.radio.value

    def show(self, value):
        if value not in self.q.get("options"):
            raise ValueError(value)
        self.radio.value = value

    def feedback_html(self, value):
        if value is None:
            return ""
        if "key" not in self.q.raw:
            return _model_answer(self.q)
        key, notes = self.q.get("key"), self.q.get("feedback", {})
        if value == key:
            return _verdict(True, notes.get(value, ""))
        wrong = _verdict(False, notes.get(value, "") + " Try another option.")
        return wrong + (_shown_answer(f"{key}. {notes.get(key, '')}") if self.shown else "")


class ChoicesView(QuestionView):
    def build(self):
        self.boxes = [widgets.Checkbox(value=False, description=option, indent=False, layout=full_width())
                      for option in self.q.get("options")]
        for box in self.boxes:
            box.observe(self.changed, "value")
        return self.boxes

    def value(self):
        return [box.description for box in self.boxes if box.value]

    def show(self, value):
        chosen = set(value)
        for box in self.boxes:
            box.value = box.description in chosen

    def feedback_html(self, value):
        if not value:
            return ""
        if "key" not in self.q.raw:
            return _model_answer(self.q)
        key, notes = set(self.q.get("key")), self.q.get("feedback", {})
        parts = [_verdict(option in key, f"“{option}”: {notes.get(option, '')}") for option in value]  # which tick
        missing = len(key - set(value))
        if missing:
            parts.append(f"<div>{missing} more right option{'s' if missing > 1 else ''} to find. Change your "
                         f"ticks, then press “{CHECK}” again.</div>")
        elif set(value) != key:
            parts.append(f"<div>Untick what does not fit, then press “{CHECK}” again.</div>")
        else:
            parts.append("<div><strong>All the right options, and only those.</strong></div>")
        if self.shown and set(value) != key:
            parts.append(_shown_answer("The options that fit: " + "; ".join(
                o for o in self.q.get("options") if o in key) + "."))
        return "".join(parts)


class ScaleView(QuestionView):
    debounce = True

    def _how_to_answer(self) -> str:
        return f" Type a whole number from {self.q.get('min')} to {self.q.get('max')}."

    def build(self):
        """A labelled text box for the number, empty until the student types one, with the scale's two ends
        spelled out above it. Not a slider: ipywidgets' slider handle cannot be given an accessible name
        (WCAG 4.1.2). Not a number box: a focused number box starts with a number (a student who meant it
        could never save it: typing the same number changes nothing), and the mouse wheel or touchpad changes
        its number while the page scrolls, which saved over a student's rating (helper-19)."""
        low, high = self.q.get("min"), self.q.get("max")
        self.number = widgets.Text(value="", placeholder=f"{low} to {high}", description=self.q.label,
                                   continuous_update=False, style=LABEL_STYLE, layout=widgets.Layout(width="auto"))
        self.number.add_class("newslit-rating")
        ends = widgets.HTML(f"<div style='color:#333'>{low} = {esc(self.q.get('low'))} &nbsp;·&nbsp; "
                            f"{high} = {esc(self.q.get('high'))}</div>", layout=full_width())
        self.reason = widgets.Textarea(description=self.q.get("reason_label", "Why?"), rows=2,
                                       placeholder="A few words are enough.", layout=full_width(), style=LABEL_STYLE)
        for widget in (self.number, self.reason):
            widget.observe(self._typed, "value")
        return [ends, self.number, self.reason]

    def rating(self) -> int | None:
        """The number typed, if it is a whole number on the scale."""
        text = self.number.value.strip()
        try:
            number = int(text)
        except ValueError:
            return None
        return number if self.q.get("min") <= number <= self.q.get("max") else None

    def _typed(self, change):
        if not self._drawing and self.number.value.strip() and self.rating() is None:
            self._set_status("error", f"“{self.number.value.strip()}” is not a whole number from "
                                      f"{self.q.get('min')} to {self.q.get('max')}. Type one and press Enter.")
            return
        self.changed(change)

    def value(self):
        rating = self.rating()
        return None if rating is None else {"value": rating, "reason": self.reason.value}

    def show(self, value):
        self.number.value = str(int(value["value"]))
        self.reason.value = str(value.get("reason", ""))


class ClassifyView(QuestionView):
    """Each item with a row of options, one ``SortRow`` per item (newslit/notebook/sortrow.py): a group
    named by its item for a screen reader. Radio buttons, not drop-down lists: in JupyterLab's command
    mode the arrow keys and letters on a focused <select> move between cells, while each of these
    radios is its own Tab stop and Space picks it, so the question works from the keyboard."""

    def build(self):
        options = [(c["label"], c["id"]) for c in self.q.get("categories")]
        self.items = self.q.get("items")
        try:
            from newslit.notebook.sortrow import SortRow
        except ImportError:  # a Jupyter without anywidget (a downloaded copy): plain rows, no group name
            return self._plain_rows(options)
        self.choosers = [SortRow(number=number, item=item["text"], options=options, layout=full_width())
                         for number, item in enumerate(self.items, start=1)]
        for chooser in self.choosers:
            chooser.observe(self.changed, "value")
        return list(self.choosers)

    def _plain_rows(self, options):
        """ipywidgets' RadioButtons under each item's text: they work, but a screen reader does not hear
        which item a radio belongs to."""
        self.choosers = [widgets.RadioButtons(options=options, value=None, orientation="horizontal",
                                              layout=full_width()) for _ in self.items]
        rows = []
        for number, (item, chooser) in enumerate(zip(self.items, self.choosers), start=1):
            chooser.observe(self.changed, "value")
            rows.append(widgets.HTML(f"<div style='margin-top:.4em'><strong>{number}.</strong> "
                                     f"{esc(item['text'])}</div>", layout=full_width()))
            rows.append(chooser)
        return rows

    def value(self):
        chosen = {item["id"]: c.value for item, c in zip(self.items, self.choosers) if c.value is not None}
        return chosen or None

    def show(self, value):
        for item, chooser in zip(self.items, self.choosers):
            if item["id"] in value:
                chooser.value = value[item["id"]]

    def feedback_html(self, value):
        if not self.q.has_key:  # the student's own items: nothing to mark, a question to think with
            done = sum(1 for item in self.items if item["id"] in value)
            return (f"<p style='margin:.2em 0'><small>{done} of {len(self.items)} sorted.</small> For each one, ask "
                    f"yourself: why this kind, and how would I check it?</p>")
        labels = {c["id"]: c["label"] for c in self.q.get("categories")}
        parts, right_count = [], 0
        for number, item in enumerate(self.items, start=1):
            if item["id"] not in value:
                continue
            right = value[item["id"]] in item["accept"]
            right_count += right
            if right or self.shown:
                accepted = " or ".join(labels[a] for a in item["accept"])
                parts.append(_verdict(right, f"{number}. {accepted}. {item['why']}") if right else
                             _verdict(False, f"{number}. ") + _shown_answer(f"{accepted}. {item['why']}"))
            else:
                parts.append(_verdict(False, f"{number}. {item.get('hint') or LOOK_AGAIN}"))
        done = sum(1 for item in self.items if item["id"] in value)
        parts.append(f"<small>{done} of {len(self.items)} sorted, {right_count} right.</small>")
        return "".join(parts)


class FormView(QuestionView):
    debounce = True

    def build(self):
        self.fields = [(widgets.Textarea(rows=2, description=f["label"], placeholder="…", continuous_update=True,
                                         style=LABEL_STYLE, layout=full_width()) if self.kind.long_field(f) else
                        widgets.Text(description=f["label"], placeholder="…", continuous_update=True,
                                     style=LABEL_STYLE, layout=full_width())) for f in self.q.get("fields")]
        for field in self.fields:
            field.observe(self.changed, "value")
        return self.fields

    def value(self):
        filled = {f["id"]: w.value for f, w in zip(self.q.get("fields"), self.fields)}
        return filled if any(v.strip() for v in filled.values()) else None

    def show(self, value):
        for f, w in zip(self.q.get("fields"), self.fields):
            w.value = str(value.get(f["id"], ""))

    def feedback_html(self, value):
        if self.compared and self.complete(value):
            return _model_answer(self.q)
        return _attempt_hint(self, value)


LOOK_AGAIN = "Look again: what does this sentence do, and how could you check it?"
_WORDS_TARGET = re.compile(r"(\d+)\s*(?:to|-|–)\s*(\d+)\s*words", re.IGNORECASE)


def words_target(q: Question) -> tuple[int, int] | None:
    """The word range a prompt asks for ("150 to 250 words"), for the live word count."""
    match = _WORDS_TARGET.search(q.prompt)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _short(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def accessible_inputs(q: Question) -> list[tuple[str, str]]:
    """The (ARIA role, accessible name) of every input a question draws, from the catalogue (``Kind.inputs``).

    The browser tests find each of these by role and name, so a label that goes missing fails them.
    """
    return get_kind(q.kind).inputs(q)


def view_class(kind_name: str) -> type[QuestionView]:
    """The widget class of a kind: what its ``Kind.view`` names (``"module:Class"``, imported now), or
    the class itself when the kind gives one."""
    view = get_kind(kind_name).view
    if isinstance(view, str):
        module, _, name = view.partition(":")
        view = getattr(import_module(module), name)
    return view


class _Views(Mapping):
    """Kind name -> widget class, for every registered kind: the registry seen from the notebook layer."""

    def __getitem__(self, name: str) -> type[QuestionView]:
        if name not in REGISTRY:
            raise KeyError(name)
        return view_class(name)

    def __iter__(self):
        return iter(list(REGISTRY))

    def __len__(self) -> int:
        return len(REGISTRY)


VIEWS = _Views()


def question(question_id: str, store=None) -> QuestionView:
    """The live view of one catalogue question (not displayed)."""
    q = get(question_id)
    return view_class(q.kind)(q, store)


def ask(question_id: str) -> None:
    """Display one question in the notebook (the one-line call notebooks use)."""
    from IPython.display import display

    if get(question_id).per_article:  # notebook 07: saved for the article in use, drawn once one is chosen
        from newslit.notebook.ownarticle import OwnQuestion

        display(OwnQuestion(question_id))
        return
    display(question(question_id))
