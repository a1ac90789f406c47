"""The two widgets around the questions: typing your name, and making the file you hand in.

Both follow the rules of ``newslit.notebook.widgets``: their ``text/plain`` and ``text/html`` renderings are
fixed text (never the name, a path or the time), and what changes appears only in widget values.
"""
from __future__ import annotations

import base64
import html
import weakref
from pathlib import Path

import ipywidgets as widgets

from newslit.answers import who as student
from newslit.answers.store import checkout_root, hub_user
from newslit.notebook.style import style_tag

STYLE = {"description_width": "initial"}


# Every live panel that shows who is saving: refreshed together whenever the name changes in any of them,
# so the hand-in button never says an old name (helper-15 saw "Saving as root" there after typing a name).
_SHOWING_WHO: weakref.WeakSet = weakref.WeakSet()


def follow_who(panel) -> None:
    """``panel.refresh_who()`` is called whenever the name changes (a panel of this module, or notebook
    07's article workbench). Held weakly: a panel that is gone is forgotten."""
    _SHOWING_WHO.add(panel)


def refresh_who() -> None:
    """The name changed (typed, switched or confirmed): every panel that says who is saving says it again."""
    for panel in list(_SHOWING_WHO):
        panel.refresh_who()


class _Panel:
    """A widget box with fixed plain-text and HTML renderings."""

    plain = ""

    def __init__(self, children):
        self.box = widgets.VBox([widgets.HTML(style_tag()), *children],
                                layout=widgets.Layout(border="1px solid #bbb", padding="6px 10px", margin="6px 0",
                                                      max_width="54em"))
        self.box.add_class("newslit-panel")

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.box._repr_mimebundle_()
        bundle["text/plain"] = self.plain
        bundle["text/html"] = f"<p><em>{html.escape(self.plain)}</em></p>"
        return bundle

    def __repr__(self) -> str:
        return self.plain


class NameEntry(_Panel):
    plain = "[your name] Type your name (and class, if your teacher asks). Run the notebook to see the boxes."

    def __init__(self):
        profile = student.read_profile()
        self.name = widgets.Text(value=profile.get("name", ""), description="Your name", continuous_update=False,
                                 placeholder="First name and last initial", style=STYLE)
        self.class_name = widgets.Text(value=profile.get("class", ""), description="Class or period (optional)",
                                       continuous_update=False, style=STYLE)
        self.status = widgets.HTML()
        hub = hub_user()
        note = (f"You are logged in to JupyterHub as <strong>{html.escape(hub)}</strong>: your answers are always "
                "saved under that login. The name you type is the name your teacher sees."
                if hub else "Your name is kept on this computer login only, and each answer file is yours.")
        for widget in (self.name, self.class_name):
            widget.observe(self._save, "value")
        self.use_other = widgets.Button(description="Use", layout=widgets.Layout(width="auto", display="none"))
        self.use_other.on_click(self._use_other)
        super().__init__([self.name, self.class_name, self.status, self.use_other,
                          widgets.HTML(f"<small>{note}</small>")])
        if profile.get("name"):
            self.status.value = f"<span role='status'>&#10003; Saving as {html.escape(profile['name'])}.</span>"

    def _save(self, _change=None) -> None:
        if not self.name.value.strip():
            self.status.value = "<span role='status'>Please type your name.</span>"
            return
        try:
            profile = student.save_profile(self.name.value, self.class_name.value)
        except (ValueError, OSError) as error:
            self.status.value = f"<span role='status' style='color:#a00000'>&#9888; {html.escape(str(error))}</span>"
            return
        # Where a hub login (or $NEWSLIT_STUDENT) decides the file, the typed name is only shown: say it.
        typed = f" (<strong>{html.escape(profile['name'])}</strong>)" if student.decided_elsewhere() else ""
        self.status.value = (f"<span role='status' style='color:#1a6e1a'>&#10003; Name saved{typed}. "
                             f"{saving_as_text()}</span>")
        self._offer_close_name(profile["name"])
        refresh_who()

    def _offer_close_name(self, typed: str) -> None:
        """A new name close to one that already has answers: ask, with one button to use that one."""
        if hub_user() or student.current_store().answers():
            self.use_other.layout.display = "none"
            return
        close = student.close_names(typed)
        if not close:
            self.use_other.layout.display = "none"
            return
        self.use_other.description = f"Use {close[0]}"
        self.use_other.tooltip = f"Save your answers under {close[0]}, which already has answers"
        self.use_other.layout.display = None
        self.status.value = (f"<span role='status' style='color:#8a4b00'>&#9888; Answers are already saved as "
                             f"<strong>{html.escape(close[0])}</strong> on this computer, and none as "
                             f"<strong>{html.escape(typed)}</strong>. If {html.escape(close[0])} is you, press "
                             f"\u201cUse {html.escape(close[0])}\u201d. If you are someone new, carry on.</span>")

    def _use_other(self, _button=None) -> None:
        name = self.use_other.description.removeprefix("Use ")
        self.name.value = name  # saves through _save


def saving_as_text() -> str:
    """Who this notebook saves as, and where, in plain words (HTML-escaped)."""
    if student.needs_confirmation():
        return "Not saving yet: first confirm your name at the top of this notebook."
    store = student.current_store()
    folder = _where(Path(getattr(store, "folder", student.default_folder())))
    name = html.escape(store.student)
    if hub_user():  # the login decides the file; a typed name is only shown beside it
        return (f"Saving as <strong>{html.escape(hub_user())}</strong> (your JupyterHub login), in "
                f"<code>{html.escape(folder)}</code>.")
    if not student.typed_name():  # nobody typed a name on this login: the computer's login name is used
        return (f"Saving as <strong>{name}</strong>, this computer's login name, in <code>{html.escape(folder)}"
                "</code>. If that is not you, type your own name in the box below (or in notebook 00).")
    return f"Saving as <strong>{name}</strong>, in <code>{html.escape(folder)}</code>."


class SavingAs(_Panel):
    """The top of every notebook: whose answers these are and where they go, with one step to confirm or
    to switch student on a shared computer login."""

    plain = "[saving as] Who your answers are saved as, and where. Run the notebook to see it."

    def __init__(self):
        self.text = widgets.HTML()
        self.yes = widgets.Button(description="Yes, that's me", button_style="success",
                                  layout=widgets.Layout(width="auto"))
        self.other = widgets.Text(description="Someone else? Type your name", continuous_update=False,
                                  style=STYLE, placeholder="First name and last initial")
        self.word = widgets.Text(description="Teacher's word that opens the findings (or leave it empty)",
                                 continuous_update=False, style=STYLE, placeholder="type it and press Enter")
        self.word_status = widgets.HTML()
        self.yes.on_click(self._confirm)
        self.other.observe(self._switch, "value")
        self.word.observe(self._release, "value")
        super().__init__([self.text, widgets.HBox([self.yes]), self.other, self.word, self.word_status])
        self.refresh()
        _SHOWING_WHO.add(self)

    def refresh_who(self) -> None:
        self.refresh()

    def refresh(self, note: str = "") -> None:
        if student.needs_confirmation():
            name = html.escape(student.read_profile()["name"])
            self.text.value = (f"<span role='status'><strong>Is this you: {name}?</strong> Someone typed this name "
                               "on this computer. Press the green button if it is you; if not, type your own name "
                               "below. Until then, nothing you answer here is saved.</span>")
            self.yes.description = f"Yes, I am {student.read_profile()['name']}"
            self.yes.layout.display = None
        else:
            self.text.value = f"<span role='status'>{saving_as_text()}{note}</span>"
            self.yes.layout.display = "none"
        if student.decided_elsewhere():
            self.other.layout.display = "none"

    def _confirm(self, _button=None) -> None:
        student.confirm()
        refresh_who()
        self.refresh(" Thank you. Your saved answers show in this notebook's questions now, and answers you "
                     "gave before pressing the button are saved.")

    def _release(self, _change=None) -> None:
        """The teacher's release word (``newslit.answers.release``): opens a lesson's answers on this login."""
        from newslit.answers import release
        from newslit.notebook import reveal

        word = self.word.value.strip()
        if not word:
            return
        lesson = release.enter_word(word)
        if lesson is None:
            self.word_status.value = ("<span role='status'>That is not a release word. Check the spelling "
                                      "with your teacher.</span>")
            return
        opened = reveal.released_now(lesson)
        self.word_status.value = (f"<span role='status'>&#10003; Lesson {html.escape(lesson)} is open on this "
                                  f"computer: {opened} hidden part{'s' if opened != 1 else ''} shown now. Parts "
                                  "lower down appear when you run their cells.</span>")
        self.word.value = ""

    def _switch(self, _change=None) -> None:
        if not self.other.value.strip():
            return
        try:
            student.save_profile(self.other.value)
        except (ValueError, OSError) as error:
            self.text.value = f"<span role='status' style='color:#a00000'>&#9888; {html.escape(str(error))}</span>"
            return
        refresh_who()
        self.refresh(" Use Run → Run All Cells to see this student's saved answers in this notebook.")


class HandIn(_Panel):
    plain = "[hand in] A button that makes the one file you hand in. Run the notebook to see it."

    def __init__(self):
        self.button = widgets.Button(description="Make my hand-in file",  # no icon: its glyph joins the name
                                     tooltip="Write all your answers into one file to hand in",
                                     layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML()
        self.who = widgets.HTML()
        self.button.on_click(self._export)
        super().__init__([self.who, self.button, self.status])
        self.refresh_who()
        _SHOWING_WHO.add(self)

    def refresh_who(self) -> None:
        try:
            self.who.value = f"<small>{saving_as_text()}</small>"
        except (OSError, ValueError):
            self.who.value = ""

    def _export(self, _button=None) -> None:
        self.refresh_who()
        store = student.current_store()
        try:
            target = store.export(store.folder / "hand-in" / f"{store.path.stem}.json")
        except (OSError, ValueError) as error:
            self.status.value = f"<span role='status' style='color:#a00000'>&#9888; {html.escape(str(error))}</span>"
            return
        shown = _where(target)
        count = len(store.answers())
        links = " ".join(_download_link(path, label) for path, label in
                         ((target, "Download my hand-in file (.json)"),
                          (target.with_suffix(".html"), "Download the readable copy (.html)")))
        self.status.value = (
            f"<span role='status' style='color:#1a6e1a'>&#10003; Done: {count} answer{'s' if count != 1 else ''} in "
            f"<code>{html.escape(shown)}</code> and a readable copy, "
            f"<code>{html.escape(target.with_suffix('.html').name)}"
            "</code>. Hand in the .json file (or upload the .html copy if your teacher asks for it). The letters "
            "and numbers after your name keep your file apart from another student's with the same name.</span>"
            f"<p>{links}</p>")


DOWNLOAD_LIMIT = 5_000_000  # bytes; a bigger file is handed in through the file browser


def _download_link(path: Path, label: str) -> str:
    """A link that downloads the file from the page itself (a data: address), so it works the same in
    JupyterLab, Notebook 7, Voilà and on a hub, whatever folder the server shows."""
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    if len(data) > DOWNLOAD_LIMIT:
        return f"<small>{html.escape(path.name)} is too large to download here: use the file browser.</small>"
    kind = "application/json" if path.suffix == ".json" else "text/html"
    return (f"<a download='{html.escape(path.name, quote=True)}' href='data:{kind};base64,"
            f"{base64.b64encode(data).decode('ascii')}' style='margin-right:1em'>&#11015; {html.escape(label)}</a>")


def _where(target: Path) -> str:
    """A hand-in file as a student can find it: from the module's folder, else from their home."""
    for base, prefix in ((checkout_root(), ""), (Path.home(), "~/")):
        if base is not None and target.is_relative_to(base):
            return prefix + target.relative_to(base).as_posix()
    return str(target)


def name_entry() -> None:
    """Display the name box (notebook 00)."""
    from IPython.display import display

    display(NameEntry())


def saving_as() -> None:
    """Display who this notebook saves as, and where (the top of every notebook)."""
    from IPython.display import display

    display(SavingAs())


def hand_in() -> None:
    """Display the hand-in button (the end of every notebook)."""
    from IPython.display import display

    display(HandIn())


class TrustCompare(_Panel):
    """The student's trust rating from 01 beside the one from 06, as a small chart in a widget.

    The chart lives in an HTML widget's value (an <img> with its alt text), so nothing stored depends on the
    student's answers; it is redrawn when the student presses the button (or the cell is run).
    """

    plain = ("[your two trust ratings] A small chart of your trust rating from 01 beside your rating now. "
             "Run the notebook and rate your trust above to see it.")

    def __init__(self, before_id: str, after_id: str):
        self.before_id, self.after_id = before_id, after_id
        self.image = widgets.HTML(layout=widgets.Layout(max_width="500px"))  # an <img> with alt text
        self.text = widgets.HTML()
        self.button = widgets.Button(description="Update my chart",  # no icon: its glyph joins the name
                                     layout=widgets.Layout(width="auto"))
        self.button.on_click(self.update)
        super().__init__([self.button, self.image, self.text])
        self.update()

    def update(self, _button=None) -> None:
        from newslit.notebook.charts import cached, trust_pair

        try:
            saved = student.current_store().answers()
        except (OSError, ValueError) as error:
            self.text.value = f"<span role='status' style='color:#a00000'>&#9888; {html.escape(str(error))}</span>"
            return
        values = [saved.get(qid, {}).get("value") if isinstance(saved.get(qid), dict) else None
                  for qid in (self.before_id, self.after_id)]
        before, after = (v if isinstance(v, int) and not isinstance(v, bool) else None for v in values)
        # The two ratings decide the picture, so it is cached under them like the notebooks' charts.
        chart = cached(f"trust_pair-{before}-{after}", lambda: trust_pair(before, after))
        self.image.value = chart.img_html()
        self.text.value = ("<p role='status'><strong>What the chart shows:</strong> "
                           f"{html.escape(chart.description)}</p>")


def trust_compare() -> None:
    """Display the before/after trust chart (notebook 06), using the catalogue's trust questions."""
    from IPython.display import display

    from newslit.questions.entries import catalogue

    by_measure = {q.get("tags", {}).get("measure"): q.id for q in catalogue().values()}
    display(TrustCompare(by_measure["trust-before"], by_measure["trust-after"]))


class YourAnswer(_Panel):
    """A student's own saved answer to an earlier question, shown where a notebook refers back to it.

    Like ``TrustCompare``, the answer lives only in a widget's value, so nothing stored in the notebook
    depends on it; everything the student typed is escaped."""

    def __init__(self, question_id: str):
        from newslit.questions.entries import get

        self.q = get(question_id)
        self.plain = (f"[your earlier answer] Your answer to '{self.q.label}' (notebook {self.q.notebook}). "
                      "Run the notebook to see it.")
        self.text = widgets.HTML()
        super().__init__([self.text])
        self.update()

    def describe(self, value) -> str:
        from newslit.questions.kinds import get_kind

        if value is None:
            return (f"You have not answered this in notebook {html.escape(self.q.notebook)} yet "
                    "(or it was saved under another name).")
        parts = []
        if isinstance(value, dict) and "value" in value and "low" in self.q.raw:  # a place on a line
            parts.append(f"You placed yourself at <strong>{html.escape(str(value['value']))}</strong> on the line from "
                         f"'{html.escape(self.q.get('low', ''))}' ({self.q.get('min', 0)}) to "
                         f"'{html.escape(self.q.get('high', ''))}' ({self.q.get('max', 100)}).")
        elif isinstance(value, str):
            parts.append(html.escape(value))
        parts += [f"{html.escape(str(label))}: {html.escape(str(text))}"
                  for label, text in get_kind(self.q.kind).written_parts(self.q, value) if text]
        return "<br>".join(parts) or html.escape(str(value))

    def update(self) -> None:
        try:
            value = student.current_store().answers().get(self.q.id)
        except (OSError, ValueError) as error:
            self.text.value = f"<span role='status' style='color:#a00000'>&#9888; {html.escape(str(error))}</span>"
            return
        self.text.value = (f"<p role='status'><strong>Your answer in notebook {html.escape(self.q.notebook)}</strong> "
                           f"({html.escape(self.q.label)}):<br>{self.describe(value)}</p>")


def your_answer(question_id: str) -> None:
    """Display the student's own earlier answer to ``question_id`` (e.g. 02's in 03b)."""
    from IPython.display import display

    display(YourAnswer(question_id))
