"""Notebook 07, "Your own article": the module's moves on an article the student or teacher chooses.

One ``Workbench`` per kernel holds the article in use. The notebook's one-line calls each display a
live block that follows it:

* ``choose_article()``: the articles on offer by title (``newslit.source.articles``), a file upload (a
  page saved by a browser, or a text file) and a box to paste text into;
* ``own_article()``: the article as passages with ids, and what the page says about itself;
* ``ask(question_id)`` (``newslit.notebook.widgets``) of a question of notebook 07 draws an ``OwnQuestion``:
  saved for this article (``newslit.answers.keyed``); the sort (``items_from``) sorts the student's own
  five claims;
* ``own_findings()``: what the page makes visible (quotes and whom the page credits, hedge words,
  numbers, names, what the page does not say) as tables and a chart. Evidence, not a verdict, yet it
  opens only once the student has picked and sorted five claims of this article, so the student reads
  and chooses before the tool does;
* ``search_sources()``: for a practice article, a search box over its source packet (the invented pages it
  was written from: its people cannot be found online), showing a page only when a search finds it; for
  any other article, how to search in a new tab.

What a notebook stores and nbval compares is each block's plain placeholder (the same whatever the
answers folder holds); the article, the tables and the questions' saved answers arrive live. The last
article chosen comes back after a restart (its ``n07-article`` record is the newest).
"""
from __future__ import annotations

import ipywidgets as widgets

from newslit.answers import who as student
from newslit.answers.keyed import ARTICLE_RECORD, KeyedStore, article_record, keyed_id, split_keyed
from newslit.notebook import packet, studentui
from newslit.notebook.reveal import note_html, output_bundles
from newslit.notebook.style import full_width, style_tag
from newslit.questions.entries import Question, get
from newslit.questions.kinds import esc, get_kind
from newslit.questions.kinds.classify import with_own_items
from newslit.source import any_article, articles

NONE_CHOSEN = "No article chosen yet: choose one in Part A, then this fills in."
UPLOAD_TYPES = ".html,.htm,.mhtml,.mht,.txt,.md"


class Workbench:
    """The article in use in this kernel, and the blocks that follow it."""

    def __init__(self):
        self.article: any_article.AnyArticle | None = None
        self.analysis: any_article.Analysis | None = None
        self.origin = ""
        self.store: KeyedStore | None = None
        self.blocks: list = []

    # -- choosing
    def use(self, article: any_article.AnyArticle, origin: str, *, remember: bool = True) -> None:
        """Work on ``article`` from now on ("practice", "class", "upload" or "pasted"); every block redraws."""
        self.article, self.origin = article, origin
        self.analysis = any_article.analyse(article)
        self.store = KeyedStore(student.current_store, article.key)  # the name typed now decides the file
        self.store.on_save(self._answered)
        if remember:
            self._remember()
        for block in list(self.blocks):
            block.draw()

    def _remember(self) -> None:
        """Save which article this is (and, for a pasted or uploaded one, its passages) under its key."""
        record = article_record(self.article, self.origin)
        base = student.current_store()
        try:
            base.save(keyed_id(ARTICLE_RECORD, self.article.key), record)
        except ValueError:  # too long to keep in the answer file: keep the title; choose it again after a restart
            record.pop("passages", None)
            base.save(keyed_id(ARTICLE_RECORD, self.article.key), record)

    def restore(self) -> bool:
        """While no article is in use in this kernel: bring back the article chosen last (the newest
        ``n07-article`` record). True when it did (every block has then drawn it). Nothing is brought
        back while the notebook waits for the student to confirm their name (``who.needs_confirmation``):
        the confirmation tries again (``refresh_who``)."""
        if self.article is not None or student.needs_confirmation():
            return False
        try:
            records = student.current_store().records()
        except (OSError, ValueError):
            return False
        chosen = sorted(((r.get("saved", ""), qid, r.get("value")) for qid, r in records.items()
                         if split_keyed(qid)[0] == ARTICLE_RECORD and isinstance(r.get("value"), dict)), reverse=True)
        for _saved, qid, value in chosen:
            article = self._reopen(split_keyed(qid)[1], value)
            if article is not None:
                self.use(article, value.get("origin", ""), remember=False)
                return True
        return False

    @staticmethod
    def _reopen(key: str, record: dict):
        passages = record.get("passages")
        if isinstance(passages, list) and passages:
            try:
                article = any_article.AnyArticle(
                    passages=[any_article.AnyPassage(str(i), str(k), str(t)) for i, k, t in passages],
                    title=record.get("title"), source_kind=record.get("origin", "pasted"))
            except (TypeError, ValueError):
                return None
            return article if article.key == key else None
        for offer in articles.available()[0]:
            if offer.key == key:
                return any_article.load_file(offer.path)
        return None

    def _answered(self, question_id: str, value) -> None:
        for block in list(self.blocks):
            block.answered(question_id, value)

    def refresh_who(self) -> None:
        """The student typed, switched or confirmed their name (``studentui.refresh_who``): bring back their
        article, or draw the one in use again with their saved answers."""
        if self.article is None:
            self.restore()
        elif self.store is not None:
            for block in list(self.blocks):
                block.draw()


_BENCH = Workbench()
studentui.follow_who(_BENCH)


def workbench() -> Workbench:
    return _BENCH


class Live:
    """A block that follows the article in use: a placeholder is stored, the content arrives live."""

    placeholder = "This fills in once you choose an article in Part A."
    name = "own"  # a CSS class: newslit-<name>
    shown_as = "your article"  # the plain-text placeholder's first words
    panel = True  # styled and measured as one of the module's panels (a question is its own box instead)

    def __init__(self):
        self.out = widgets.Output(layout=widgets.Layout(max_width="100%"))
        self.note = widgets.HTML(self._note_html(self.placeholder), layout=full_width())
        self.style = widgets.HTML(style_tag())  # the module's stylesheet (newslit.notebook.style) for this box
        self.box = widgets.VBox([self.style, self.note, self.out], layout=widgets.Layout(max_width="100%"))
        if self.panel:
            self.box.add_class("newslit-panel")
        self.box.add_class(f"newslit-{self.name}")
        # A cell run again replaces its block: the old one is no longer on screen and stops redrawing.
        _BENCH.blocks = [block for block in _BENCH.blocks if block.slot != self.slot] + [self]
        if not _BENCH.restore() and _BENCH.article is not None:
            self.draw()

    @staticmethod
    def _note_html(text: str) -> str:
        return note_html(esc(text))

    @property
    def slot(self) -> str:
        """Which block of the notebook this is: one per kind of block, one per question."""
        return self.name

    def say(self, text: str) -> None:
        self.note.value = self._note_html(text) if text else ""
        self.note.layout.display = None if text else "none"

    def draw(self) -> None:
        raise NotImplementedError

    def answered(self, question_id: str, value) -> None:
        """An answer about this article was saved (most blocks do nothing)."""

    def static(self) -> dict:
        """What is stored, printed and compared by nbval: the same whatever the answers folder holds."""
        return {"text/plain": f"[{self.shown_as}] {self.placeholder}", "text/html": self._note_html(self.placeholder)}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {**self.box._repr_mimebundle_(), **self.static()}

    def __repr__(self) -> str:
        return self.static()["text/plain"]


# ---------------------------------------------------------------- Part A: choose


class Chooser(Live):
    """The articles on offer, an upload and a paste box; says which article is in use."""

    placeholder = "The articles to choose from appear here when the notebook runs."
    name = "own-choose"
    shown_as = "choose an article"

    def __init__(self):
        self.offers, problems = articles.available()
        options = [(self._title(o), o.key) for o in self.offers]
        self.pick = widgets.RadioButtons(options=options, value=None, description="", layout=full_width())
        self.pick.observe(self._picked, "value")
        self.upload = widgets.FileUpload(accept=UPLOAD_TYPES, multiple=False, description="Upload a saved page",
                                         layout=widgets.Layout(width="auto"))
        self.upload.observe(self._uploaded, "value")
        self.paste = widgets.Textarea(description="Or paste the article's text", rows=4, layout=full_width(),
                                      placeholder="Paste the headline and the text here.",
                                      style={"description_width": "initial"})
        self.use_paste = widgets.Button(description="Use the pasted text", layout=widgets.Layout(width="auto"))
        self.use_paste.on_click(self._pasted)
        self.status = widgets.HTML(layout=full_width())
        warning = ("<p style='color:#333'><small>Left out (could not be read): "
                   + esc("; ".join(problems)) + "</small></p>") if problems else ""
        self.controls = [
            widgets.HTML(f"<p style='margin:.2em 0'><strong>Articles for this class</strong><br>"
                         f"Choose one:</p>{warning}", layout=full_width()),
            self.pick,
            widgets.HTML("<p style='margin:.6em 0 .2em'><strong>Or your own article</strong><br>Save the page "
                         "from your browser (File, then Save page as), then upload the file here.</p>",
                         layout=full_width()),
            self.upload, self.paste, self.use_paste, self.status]
        super().__init__()
        self.say("")
        self.box.children = [self.style, *self.controls, self.note, self.out]

    @staticmethod
    def _title(offer: articles.Offer) -> str:
        return f"{offer.title} (practice: invented)" if offer.practice else offer.title

    def _picked(self, change) -> None:
        offer = next((o for o in self.offers if o.key == change["new"]), None)
        if offer is None or (_BENCH.article is not None and _BENCH.article.key == offer.key):
            return
        self._load(lambda: any_article.load_file(offer.path), "practice" if offer.practice else "class")

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = str(upload.get("name", "upload"))
        self._load(lambda: any_article.load_bytes(bytes(upload["content"]), name=name), "upload")

    def _pasted(self, _button=None) -> None:
        self._load(lambda: any_article.load_text(self.paste.value), "pasted")

    def _load(self, read, origin: str) -> None:
        try:
            article = read()
        except any_article.ArticleInputError as error:
            self.status.value = (f"<p role='status' style='color:#a00000'>&#9888; {esc(error)} Your answers "
                                 f"are safe: nothing was changed.</p>")
            return
        try:
            _BENCH.use(article, origin)
        except (OSError, ValueError) as error:
            self.status.value = f"<p role='status' style='color:#a00000'>&#9888; Not saved: {esc(error)}</p>"
            return
        self._show_status()

    def _show_status(self) -> None:
        article = _BENCH.article
        notes = "".join(f"<li>{esc(n)}</li>" for n in article.notes)
        self.status.value = (f"<p role='status' style='margin:.4em 0'><strong>Working on:</strong> "
                             f"{esc(article.title or '(no title)')} ({article.words} words). Your answers below "
                             f"are saved for this article; choose another and they wait for you here.</p>"
                             + (f"<ul>{notes}</ul>" if notes else ""))
        if article.key in [o.key for o in self.offers] and self.pick.value != article.key:
            self.pick.value = article.key

    def draw(self) -> None:
        self._show_status()


def choose_article() -> None:
    """Part A: choose the article (the notebook's one-line call)."""
    from IPython.display import display

    display(Chooser())


# ---------------------------------------------------------------- the article, passage by passage


class ArticleView(Live):
    placeholder = "The article you choose in Part A appears here, passage by passage."
    name = "own-article"
    shown_as = "the article"

    def draw(self) -> None:
        article = _BENCH.article
        facts = [("Site", article.site), ("Author", article.author), ("Date", article.date)]
        head = " · ".join(f"{label}: {esc(value) if value else '<em>not given</em>'}" for label, value in facts)
        rows = "".join(
            f"<p style='margin:.3em 0'><strong>{esc(p.id)}</strong> "
            f"{'<strong>' + esc(p.text) + '</strong>' if p.kind != 'body' else esc(p.text)}</p>"
            for p in article.passages)
        practice = (f"<p><strong>{esc(article.practice_note)}</strong></p>" if article.practice_note else "")
        self.out.outputs = ({"output_type": "display_data", "metadata": {}, "data": {
            "text/plain": article.full_text,
            "text/html": f"<div style='max-width:52em'>{practice}<p><small>{head}</small></p>{rows}</div>"}},)
        self.say("")


def own_article() -> None:
    from IPython.display import display

    display(ArticleView())


# ---------------------------------------------------------------- questions, per article


class OwnQuestion(Live):
    """One catalogue question, saved for the article in use (a new article: the view is built again)."""

    name = "own-question"
    panel = False

    def __init__(self, question_id: str):
        self.q = get(question_id)
        self.placeholder = f"“{self.q.label}” appears here once you choose an article in Part A."
        self.view = None
        super().__init__()
        self.box.add_class(f"newslit-own-{self.q.id}")

    @property
    def slot(self) -> str:
        return f"{self.name}:{self.q.id}"

    def static(self) -> dict:
        """The question itself, as every notebook stores and prints a question (its inputs arrive live)."""
        from newslit.notebook.widgets import render_html, render_text

        return {"text/plain": render_text(self.q), "text/html": render_html(self.q)}

    def _needs(self) -> Question | None:
        return get(self.q.get("items_from")) if self.q.get("items_from") else None

    def draw(self) -> None:
        from newslit.notebook.widgets import view_class

        needs = self._needs()
        question = self.q
        if needs is not None:
            claims = _BENCH.store.load(needs.id)
            if not get_kind(needs.kind).complete(needs, claims):
                self.view = None
                self.box.children = [self.style, self.note, self.out]
                self.say(f"First write your five claims above, in “{needs.label}”. Then they appear here to sort.")
                return
            question = with_own_items(self.q, claims)
        self.view = view_class(question.kind)(question, _BENCH.store)
        self.say("")
        # The view is a child of the box, not displayed into an Output widget: under Voilà, a display
        # captured by an Output widget while a cell runs makes its executor (nbclient's Output mimic) send
        # a comm message to the kernel on the shell channel, and the render sometimes hung there for good
        # (voila-dashboards/voila#1428; seen as 07b never finishing in Voilà, about one load in five).
        self.box.children = [self.style, self.note, self.view.box]

    def answered(self, question_id: str, value) -> None:
        needs = self._needs()
        if needs is None or question_id != needs.id:
            return
        if not get_kind(needs.kind).complete(needs, value):
            return
        if self.view is None:
            self.draw()
            return
        for chooser, item in zip(getattr(self.view, "choosers", ()), with_own_items(self.q, value).get("items")):
            if hasattr(chooser, "item"):
                chooser.item = item["text"]  # the sorting row follows the claim as it is edited


# ---------------------------------------------------------------- what the page makes visible


class Findings(Live):
    """Tables and a chart of what the rules found; they open once the student has picked and sorted five claims
    of this article (they list quotes, numbers and hedges: clues the student should look for first)."""

    placeholder = "What the page makes visible opens here once you have sorted your five claims."
    name = "own-findings"
    shown_as = "what the page makes visible"
    after = "n07-sort"

    def draw(self) -> None:
        from newslit.answers import release

        q = get(self.after)
        if not release.released(q.notebook) and not get_kind(q.kind).complete(q, _BENCH.store.load(q.id)):
            self.out.outputs = ()
            self.say(f"This opens once you have answered “{q.label}” for this article.")
            return
        from newslit.notebook import owntables

        self.out.outputs = output_bundles(owntables.show_all, (_BENCH.article, _BENCH.analysis), {})
        self.say("")

    def answered(self, question_id: str, value) -> None:
        if question_id == self.after and not self.out.outputs:
            self.draw()


def own_findings() -> None:
    from IPython.display import display

    display(Findings())


# ---------------------------------------------------------------- Part D: leave the page (search the packet)


class PacketSearch(Live):
    """A search box over a practice article's source packet (its invented web), or, for any other article,
    how to search in a new tab. The packet's pages show only as the results of a search the student types."""

    placeholder = "A search box for the practice articles' sources appears here once you choose an article."
    name = "own-search"
    shown_as = "search"

    def __init__(self):
        self.pages: list[articles.SourcePage] = []
        self.query = widgets.Text(description="Search the sources for", placeholder="a name, a group, a number",
                                  continuous_update=False, style={"description_width": "initial"},
                                  layout=full_width("36em"))
        self.query.observe(lambda change: self.search(), "value")
        self.go = widgets.Button(description="Search", layout=widgets.Layout(width="auto"))
        self.go.on_click(lambda _button: self.search())
        self.results = widgets.HTML(layout=full_width())
        self.intro = widgets.HTML(layout=full_width())
        self.row = widgets.HBox([self.query, self.go], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__()

    def draw(self) -> None:
        self.pages = articles.packet_for(_BENCH.article.key)
        self.results.value = ""
        if not self.pages:
            self.box.children = [self.style, self.note, self.out]
            self.say("This article has no source packet: search in a new browser tab. Put a name in quotes, add a "
                     "word about who they might be, and read what other sites say about them.")
            return
        self.intro.value = (
            "<p style='margin:.2em 0'><strong>Search the practice sources</strong><br>The people and groups in a "
            "practice article are invented, so a web search finds nothing. Search here instead: these are the "
            f"{len(self.pages)} invented web pages it was written from. Search for one word or name at a time.</p>")
        self.say("")
        self.box.children = [self.style, self.intro, self.row, self.results, self.note, self.out]

    def search(self) -> None:
        if self.pages:
            self.results.value = packet.results_html(self.pages, self.query.value)


def search_sources() -> None:
    """Part D: search the practice article's sources (the notebook's one-line call)."""
    from IPython.display import display

    display(PacketSearch())
