"""Ask before telling: a block that answers a question appears only once the student has answered it.

In a notebook, one line binds a block (a key table, a verdict chart, a passage's correction) to the
question it would give away::

    nl.after("n02-sort", nl.claims_table, "C04", "C17")

What is displayed is one bundle with two renderings:

* ``text/plain`` and ``text/html``: a short placeholder built from the catalogue ("Shown here once
  you have answered 'Sort the claims'"). This is what strict nbval compares, what a notebook opened
  without running shows and what a handout prints, whatever the answers folder holds;
* the live widget: an ``Output`` that stays **empty** until the question is answered, so before that
  the block's content is in no stored output and in nothing sent to the browser (the block is not
  even computed). When the student's answer completes the question (``Kind.complete``: a sort with
  every item sorted, a found key or "Show me", a real written attempt), the block is computed in the
  kernel and put into the ``Output``, live, in JupyterLab, Notebook 7 and Voilà. Run again or after a
  restart, an answered question's block appears at once.

A teacher's release (``newslit.answers.release``) opens every block of a lesson. The question views
call ``answered(question_id, value)`` after each change; ``shown(question_id)`` after "Show me".
"""
from __future__ import annotations

import contextvars
import threading
from collections import defaultdict

import ipywidgets as widgets

from newslit.answers import release
from newslit.answers import who as student
from newslit.questions.entries import Question, get
from newslit.questions.kinds import esc, get_kind

# question id -> blocks not yet shown (held here: display keeps only the widget, not the block)
_WAITING: dict[str, list] = defaultdict(list)
_SHOWN_THIS_SESSION: set[str] = set()  # "Show me" pressed in this kernel (also saved; see widgets)


def placeholder_text(q: Question) -> str:
    return f"[shown after {q.id}] This appears here {get_kind(q.kind).opens_when(q, f'“{q.label}”')}."


def note_html(inner_html: str) -> str:
    """The dashed box that stands where a block will appear (``inner_html`` is already escaped)."""
    return (f"<div class='newslit-after' style='border:1px dashed #767676;border-radius:6px;padding:.4em .8em;"
            f"max-width:52em;color:#333'>{inner_html}</div>")


def placeholder_html(q: Question) -> str:
    return note_html(f"Opens after you answer: this appears here "
                     f"{get_kind(q.kind).opens_when(q, f'<strong>“{esc(q.label)}”</strong>')}.")


def is_open(q: Question, value=None, *, shown: bool | None = None) -> bool:
    """Whether what is bound to ``q`` may be shown: the lesson is released, "Show me" was pressed, or
    the answer (``value``, else the saved one) completes the question."""
    if release.released(q.notebook):
        return True
    store = student.current_store()
    if shown is None:
        shown = was_shown(store, q.id)
    if shown:
        return True
    if value is None:
        try:
            value = store.load(q.id)
        except (OSError, ValueError):
            return False
    return value is not None and get_kind(q.kind).complete(q, value)


def was_shown(store, question_id: str) -> bool:
    """"Show me" was pressed on this question, in this kernel or before (saved with the answer)."""
    if question_id in _SHOWN_THIS_SESSION:
        return True
    try:
        record = store.records().get(question_id)
    except (OSError, ValueError, AttributeError):
        return False
    return bool(record and record.get("shown"))


def _quiet_shell(InteractiveShell):
    """Outside a kernel (the timing model, tests): an IPython shell that keeps no history file."""
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    return InteractiveShell.instance(config=config)


_CAPTURE: contextvars.ContextVar[list | None] = contextvars.ContextVar("newslit_capture", default=None)
_CAPTURING = threading.RLock()


class _CapturingPublisher:
    """The shell's display publisher while a block is drawn: what the drawing code displays is kept, and
    everything else goes to the real publisher. IPython's ``capture_output`` swaps in a publisher that
    lacks ``set_parent``, so a widget message the kernel dispatched meanwhile (a click on the next
    question, while a chart was drawn) failed in ipykernel and was lost: seen as an answer never saved."""

    def __init__(self, original):
        object.__setattr__(self, "_original", original)

    def publish(self, data, metadata=None, *args, **kwargs):
        sink = _CAPTURE.get()
        if sink is None:
            return self._original.publish(data, metadata, *args, **kwargs)
        sink.append({"output_type": "display_data", "data": data, "metadata": metadata or {}})
        return None

    def clear_output(self, *args, **kwargs):
        if _CAPTURE.get() is None:
            return self._original.clear_output(*args, **kwargs)
        return None

    def __getattr__(self, name):
        return getattr(self._original, name)

    def __setattr__(self, name, value):
        setattr(self._original, name, value)


def output_bundles(block, args, kwargs) -> tuple[dict, ...]:
    """Run ``block`` and collect what it displays and returns, as Output-widget outputs. Only this call's
    displays are collected (a context variable marks them); the shell's publisher is put back after."""
    from IPython.core.getipython import get_ipython
    from IPython.core.interactiveshell import InteractiveShell

    shell = get_ipython() or _quiet_shell(InteractiveShell)
    outputs: list[dict] = []
    with _CAPTURING:
        original = shell.display_pub
        if not isinstance(original, _CapturingPublisher):
            shell.display_pub = _CapturingPublisher(original)
        token = _CAPTURE.set(outputs)
        try:
            result = block(*args, **kwargs)
        finally:
            _CAPTURE.reset(token)
            shell.display_pub = original
    if result is not None:
        data, metadata = shell.display_formatter.format(result)
        outputs.append({"output_type": "display_data", "data": data, "metadata": metadata})
    return tuple(outputs)


class After:
    """A block bound to a question: empty until the question is answered (see the module docstring)."""

    def __init__(self, question_id: str, block, *args, **kwargs):
        self.q = get(question_id)
        self._block, self._args, self._kwargs = block, args, kwargs
        self.out = widgets.Output(layout=widgets.Layout(max_width="100%"))
        self.out.add_class("newslit-after")
        self.out.add_class(f"newslit-after-{self.q.id}")
        # While it waits, one visible line says what it waits for (the question's label, nothing of the block).
        self.note = widgets.HTML(placeholder_html(self.q), layout=widgets.Layout(max_width="100%"))
        self.box = widgets.VBox([self.note, self.out], layout=widgets.Layout(max_width="100%"))
        self.filled = False
        if is_open(self.q):
            self.fill()
        else:
            wait_for(self.q.id, self)

    def fill(self) -> None:
        if not self.filled:
            self.out.outputs = output_bundles(self._block, self._args, self._kwargs)
            self.note.value = ""
            self.note.layout.display = "none"
            self.filled = True

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.box._repr_mimebundle_()
        bundle["text/plain"] = placeholder_text(self.q)
        bundle["text/html"] = placeholder_html(self.q)
        return bundle

    def __repr__(self) -> str:
        return placeholder_text(self.q)


def answered(question_id: str, value) -> None:
    """A question view's answer changed: show the blocks it now opens."""
    waiting = _WAITING.get(question_id)
    if not waiting:
        return
    q = get(question_id)
    if is_open(q, value):
        for block in _WAITING.pop(question_id):
            block.fill()


def shown(question_id: str) -> None:
    """The student pressed "Show me": open what is bound to the question."""
    _SHOWN_THIS_SESSION.add(question_id)
    for block in list(_WAITING.get(question_id, ())):
        block.fill()
    _WAITING.pop(question_id, None)


def released_now(lesson: str) -> int:
    """A release word was entered: show every waiting block of that lesson; returns how many."""
    opened = 0
    for question_id in [qid for qid in _WAITING if get(qid).notebook == lesson]:
        for block in _WAITING.pop(question_id):
            block.fill()
            opened += 1
    return opened


def has_waiting(question_id: str) -> bool:
    """Something in this notebook waits for ``question_id`` to be answered (a block, or another question)."""
    return bool(_WAITING.get(question_id))


def wait_for(question_id: str, target) -> None:
    """``target.fill()`` once ``question_id`` is answered (a block, or a question view waiting on another)."""
    if target not in _WAITING[question_id]:
        _WAITING[question_id].append(target)


def unlock_after(question_id: str, view) -> None:
    """Reason first: ``view``'s inputs stay locked until ``question_id`` is answered (then ``view.fill()``)."""
    required = get(question_id)
    if is_open(required):
        view.fill()
    else:
        view.lock(required)
        wait_for(required.id, view)


def after(question_id: str, block, *args, **kwargs) -> None:
    """Display ``block(*args, **kwargs)`` under the question, once the student has answered it."""
    from IPython.display import display

    display(After(question_id, block, *args, **kwargs))
