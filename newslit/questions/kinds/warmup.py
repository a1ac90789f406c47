"""``warmup``: a five-minute warm-up: check one new short post with its pages, then write a line or two.

A ``task`` with one fixed item instead of a counterbalanced pair: the catalogue entry names its item
(``post = "number"``, one of ``newslit.source.tasks.warmup_ids()``), every student gets the same one, and
the answer names it as the task's does (``{"post": "number", field id: text …}``). Warm-ups are quick
practice on new material (a habit of leaving the page, not a score): no key and no measure; what a careful
check finds is bound to the question with ``nl.after`` and shown once it is answered. On paper the
handout prints the post and its pages, so the warm-up works without a screen.
"""
from __future__ import annotations

from newslit.questions.kinds import register
from newslit.questions.kinds.task import POST, Task, post_and_pages_html


class Warmup(Task):
    name = "warmup"
    fields = ("fields", "post")

    def check(self, entry):
        from newslit.source import tasks

        problems = [p for p in super().check(entry) if "tags.measure" not in p]
        if (entry.get("tags") or {}).get("measure"):
            problems.append("a warm-up is practice: it has no tags.measure")
        if entry.get("post") not in tasks.warmup_ids():
            problems.append(f"needs post = one of {', '.join(tasks.warmup_ids())}")
        return problems

    def post_for(self, q, name, saved):
        return q.get("post")

    def posts(self, q):
        return (q.get("post"),)

    def handout_html(self, q):
        """The post and its pages in full (a handout has no search box), then the boxes to write in."""
        from newslit.source import tasks

        return post_and_pages_html(tasks.post(q.get("post"))) + super(Task, self).handout_html(q)

    def no_key_lines(self, q):
        from newslit.source import tasks

        post = tasks.post(q.get("post"))
        return ["**No key:** practice, not marked. A careful check finds:", "",
                *[f"- {line}" for line in post.findings], ""]

    def sample_answer(self, q, student):
        value = {POST: q.get("post"), **{f["id"]: student.field_answer(f["id"]) for f in q.get("fields")}}
        return value, value, 1


WARMUP = register(Warmup())
