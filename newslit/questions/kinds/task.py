"""``task``: the before-and-after task: check one short post with its pages, then write three fields.

A ``form`` whose answer also says which post the student checked: ``{"post": "phones", field id: text …}``.
Which post a student gets is decided in ``newslit.source.tasks`` (half the class gets each first; the
second task takes the other post). Catalogue fields: ``fields``, as for a form, and ``tags.measure``
(``task-before`` or ``task-after``); no key and no model answer: teachers score the answers with
three of the rubric's criteria, without knowing which came first (``newslit.classroom.scoring``).
The task is about its own post, never about the article a student chose, so in notebook 07a it is not
saved per article (``about_the_article``).
"""
from __future__ import annotations

from newslit.questions.kinds import esc, handout_lines, parts_by_name, register
from newslit.questions.kinds.form import Form

POST = "post"  # the answer's key that names the post checked


def _post_title(post_id) -> str:
    from newslit.source import tasks

    try:
        return tasks.post(post_id).title
    except KeyError:
        return str(post_id)


def post_and_pages_html(post) -> str:
    """A post and all its pages, for paper (a handout has no search box): the warm-ups' handouts and the
    task's own sheets (``newslit.teacher.handouts``) print it."""
    def paragraphs(text: str) -> str:
        return "".join(f"<p>{esc(x)}</p>" for x in text.split("\n\n"))

    pages = "".join(f"<div class='page'><p><strong>{esc(p.title)}</strong> · {esc(p.outlet)} · {esc(p.date)}"
                    f"</p>{paragraphs(p.text)}</div>" for p in post.pages)
    return (f"<div class='post'><p><strong>{esc(post.account)}</strong> · {esc(post.date)}</p>{paragraphs(post.text)}"
            f"</div><p><em>The pages (invented, like the post): read only the ones you would look up.</em></p>{pages}")


class Task(Form):
    name = "task"
    view = "newslit.notebook.task:TaskView"
    about_the_article = False

    def check(self, entry):
        from newslit.source import tasks

        problems = super().check(entry)
        if (entry.get("tags") or {}).get("measure") not in (tasks.BEFORE, tasks.AFTER):
            problems.append(f"needs tags.measure = {tasks.BEFORE!r} or {tasks.AFTER!r}")
        if any(f.get("id") == POST for f in entry.get("fields", [])):
            problems.append(f"a field may not be called {POST!r} (the answer's post)")
        return problems

    def post_for(self, q, name: str, saved: dict) -> str:
        """The post this student checks: ``saved`` holds their saved task answers by measure."""
        from newslit.source import tasks

        return tasks.assigned_post((q.get("tags") or {}).get("measure"), name, saved)

    def posts(self, q) -> tuple[str, ...]:
        """The posts an answer to ``q`` may name."""
        from newslit.source import tasks

        return tasks.post_ids()

    def complete(self, q, value):
        return isinstance(value, dict) and value.get(POST) in self.posts(q) and super().complete(q, value)

    def example_answer(self, q, variant=0):
        posts = self.posts(q)
        return {POST: posts[variant % len(posts)], **super().example_answer(q, variant)}

    def answer_parts(self, q, value):
        if not isinstance(value, dict):
            return super().answer_parts(q, value)
        rest = {k: v for k, v in value.items() if k != POST}
        return [("The post I checked", _post_title(value.get(POST))), *super().answer_parts(q, rest)]

    def written_parts(self, q, value):
        if not isinstance(value, dict):
            return []
        rest = {k: v for k, v in value.items() if k != POST}
        return [("The post checked", _post_title(value.get(POST))), *super().written_parts(q, rest)]

    def written_text(self, q, value):
        rest = {k: v for k, v in value.items() if k != POST} if isinstance(value, dict) else value
        return super().written_text(q, rest)

    def static_html(self, q):
        return ("<p><em>A short post, and a search over the pages you need to check it, appear here when the "
                "notebook runs.</em></p>" + super().static_html(q))

    def text_parts(self, q):
        return ["(A short post and a search over its pages appear here when the notebook runs.)",
                *super().text_parts(q)]

    def inputs(self, q):
        return [("textbox", "Search the pages for"), *super().inputs(q)]

    def handout_html(self, q):
        label = esc("The post I checked (your teacher gives you a sheet with one post and its pages)")
        return f"<div class='field'><div class='label'>{label}</div>{handout_lines(1)}</div>" + super().handout_html(q)

    def no_key_lines(self, q):
        return ["**No key:** scored blind with three rubric criteria; see "
                "[the before-and-after task](before-and-after-task.md).", ""]

    def csv_columns(self, q, qid, values):
        return parts_by_name(q, qid, values, [POST, *(f["id"] for f in q.get("fields", []))])

    def sample_answer(self, q, student):
        from newslit.source import tasks

        after = (q.get("tags") or {}).get("measure") == tasks.AFTER
        first = tasks.first_post(student.name)
        chosen = tasks.other_post(first) if after else first
        value = {POST: chosen, **{f["id"]: student.task_answer(chosen, f["id"], after) for f in q.get("fields")}}
        return value, value, 1


TASK = register(Task())
