"""The before-and-after task on screen: the student's post, a search over its pages, three boxes.

``nl.ask("n01-task")`` (notebook 01) and ``nl.ask("n07-task")`` (notebook 07a) draw a ``TaskView``: which
post the student gets is decided by ``newslit.source.tasks.assigned_post`` (half the class gets each post
first; the second task takes the other one). The post is evidence, so it shows before the answer; its
pages show only as the results of a search the student types (``newslit.notebook.packet``). What a
careful check of both posts finds (``task_findings``) is bound to the second task with ``nl.after``:
showing it after the first task would tell half the class what to find in their second post.
A lesson's warm-up (kind ``warmup``) draws the same view with its one fixed item, and binds that item's
findings to itself: ``nl.after("n04a-warmup", nl.task_findings, "copied-story")``.
"""
from __future__ import annotations

import ipywidgets as widgets

from newslit.notebook import packet
from newslit.notebook.style import full_width
from newslit.notebook.widgets import FormView
from newslit.questions.entries import catalogue
from newslit.questions.kinds import esc, get_kind
from newslit.questions.kinds.task import POST
from newslit.source import tasks


def _saved_tasks(store) -> dict:
    """The student's saved answers to the two tasks, by measure (none while the name waits for confirmation)."""
    saved = {}
    for q in catalogue().values():
        measure = (q.get("tags") or {}).get("measure")
        if measure in (tasks.BEFORE, tasks.AFTER):
            try:
                saved[measure] = store.load(q.id)
            except (OSError, ValueError):
                saved[measure] = None
    return saved


def post_html(post: tasks.Post) -> str:
    """The post as a card (invented, and labelled so)."""
    paragraphs = "".join(f"<p style='margin:.3em 0'>{esc(p)}</p>" for p in post.text.split("\n\n"))
    return (f"<div class='newslit-task-post' role='group' aria-label='The post to check' style='border:2px solid "
            f"#555;border-radius:8px;padding:.4em .9em;margin:.4em 0;max-width:40em'>"
            f"<p style='margin:.2em 0'><strong>{esc(post.account)}</strong> · <small>{esc(post.date)}</small></p>"
            f"{paragraphs}<p style='margin:.2em 0;color:#444'><small>Invented for practice: the post, the "
            f"pages and the groups are made up.</small></p></div>")


class TaskView(FormView):
    """A form, with the post it is about and a search over the post's pages above its boxes."""

    def build(self):
        store = self.store
        name = getattr(store, "login", None) or getattr(store, "student", "") or ""
        self.post = tasks.post(get_kind(self.q.kind).post_for(self.q, name, _saved_tasks(store)))
        self.post_card = widgets.HTML(post_html(self.post), layout=full_width())
        self.query = widgets.Text(description="Search the pages for", placeholder="a name, a group, a number",
                                  continuous_update=False, style={"description_width": "initial"},
                                  layout=widgets.Layout(flex="1 1 16em", width="auto", min_width="0", max_width="36em"))
        self.query.observe(lambda change: self.search(), "value")
        self.go = widgets.Button(description="Search", layout=widgets.Layout(width="auto"))
        self.go.on_click(lambda _button: self.search())
        # in this box, no width of 100%: with a widget's side margins it would run 4px past a narrow cell (200% zoom)
        self.results = widgets.HTML(layout=widgets.Layout(max_width="52em"))
        intro = widgets.HTML(
            f"<p style='margin:.4em 0 .2em'><strong>Search the web pages about this post</strong><br>The groups "
            f"in the post are invented, so a web search finds nothing. Search here instead: {len(self.post.pages)} "
            "invented web pages. Search for one word or name at a time.</p>", layout=widgets.Layout(max_width="52em"))
        search_row = widgets.HBox([self.query, self.go], layout=widgets.Layout(flex_flow="row wrap"))
        search_box = widgets.VBox([intro, search_row, self.results], layout=widgets.Layout(max_width="100%"))
        search_box.add_class("newslit-task-search")
        return [self.post_card, search_box, *super().build()]

    def search(self) -> None:
        self.results.value = packet.results_html(list(self.post.pages), self.query.value)

    def value(self):
        filled = super().value()
        return {POST: self.post.id, **filled} if filled is not None else None

    def show(self, value):
        super().show({k: v for k, v in value.items() if k != POST})


class Findings:
    """What a careful check of each post finds (shown after the second task, or after a warm-up)."""

    def __init__(self, post_ids: tuple[str, ...]):
        self.posts = tuple(tasks.post(p) for p in post_ids) if post_ids else tasks.posts()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.plain(), "text/html": self.html()}

    def plain(self) -> str:
        lines = []
        for post in self.posts:
            lines += [f"{post.title}:"] + [f"  - {line}" for line in post.findings]
        return "\n".join(lines)

    def html(self) -> str:
        return "".join(f"<h4 style='margin:.6em 0 .2em'>{esc(post.title)}</h4><ul style='margin:.2em 0'>"
                       + "".join(f"<li>{esc(line)}</li>" for line in post.findings) + "</ul>"
                       for post in self.posts)


def task_findings(*post_ids: str) -> Findings:
    """What a careful check finds: of the posts named (a warm-up's item), or of both task posts (the
    notebook binds those to the second task)."""
    return Findings(post_ids)
