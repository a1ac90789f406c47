"""``form``: a short form of labelled fields, each a line of text.

Catalogue fields: ``fields`` (each a unique ``id`` and a ``label``) and an optional ``model_answer``
(shown once every field is filled in); no key. The answer is ``{field id: text}``. The class report
lists what was written, field by field; the CSV has one column per field.
"""
from __future__ import annotations

import re

from newslit.questions.kinds import STATIC_LINE, Kind, esc, handout_lines, parts_by_name, register

_LONG_FIELD = re.compile(r"\?|\bwhy\b|\bhow\b|sentence|reason|evidence|version|what they|who they are|could not find|"
                         r"first appeared", re.IGNORECASE)


class Form(Kind):
    name = "form"
    fields = ("fields",)
    view = "newslit.notebook.widgets:FormView"
    written = True

    def long_field(self, field: dict) -> bool:
        """A field for a sentence or more (a why, a how, a rewrite): a box of several lines, on screen and paper."""
        return bool(_LONG_FIELD.search(field["label"]))

    def answer_parts(self, q, value):
        if not isinstance(value, dict):
            return super().answer_parts(q, value)
        labels = {f["id"]: f["label"] for f in q.get("fields")}
        return [(labels.get(key, str(key)), text) for key, text in value.items()]

    def check(self, entry):
        fields = entry.get("fields", [])
        ids = [f.get("id") for f in fields]
        problems = [] if fields else ["needs fields"]
        if len(set(ids)) != len(ids) or not all(ids) or not all(f.get("label") for f in fields):
            problems.append("every field needs a unique id and a label")
        return problems

    def complete(self, q, value):
        """Every field filled, and together a real attempt (at least two words a field)."""
        fields = [f["id"] for f in q.get("fields")]
        if not isinstance(value, dict) or not all(str(value.get(f, "")).strip() for f in fields):
            return False
        from newslit.questions import attempt

        labels = " ".join(f["label"] for f in q.get("fields"))
        text = " . ".join(str(value[f]) for f in fields)
        return attempt.check(text, min_words=self.word_target(q), prompt=q.prompt + " . " + labels,
                             frame=q.get("frame", "")).ok

    def word_target(self, q):
        """At least two words a field, unless the catalogue says ``min_words``."""
        return int(q.get("min_words", 2 * len(q.get("fields"))))

    def example_answer(self, q, variant=0):
        return {f["id"]: f"Example {f['id']} {variant}" for f in q.get("fields")}

    def text_parts(self, q):
        return [f"{f['label']}: ____" for f in q.get("fields")]

    def static_html(self, q):
        return "".join(f"<p>{esc(f['label'])}</p>{STATIC_LINE}" for f in q.get("fields"))

    def inputs(self, q):
        return [("textbox", f["label"]) for f in q.get("fields")]

    def handout_html(self, q):
        return "".join(f"<div class='field'><div class='label'>{esc(f['label'])}</div>"
                       f"{handout_lines(2 if self.long_field(f) else 1)}</div>" for f in q.get("fields"))

    def no_key_lines(self, q):
        return [] if q.get("model_answer") else ["**No key:** an open answer; judge it with the rubric.", ""]

    def written_parts(self, q, value):
        if not isinstance(value, dict):
            return []
        labels = {f["id"]: f["label"] for f in q.get("fields", [])}
        order = [k for k in labels if k in value] + sorted(k for k in value if k not in labels)
        return [(labels.get(k, k), value[k]) for k in order]

    def written_text(self, q, value):
        return " ".join(text for text in value.values() if isinstance(text, str)) if isinstance(value, dict) else ""

    def csv_columns(self, q, qid, values):
        return parts_by_name(q, qid, values, [f["id"] for f in q.get("fields", [])])

    def sample_answer(self, q, student):
        value = {f["id"]: student.field_answer(f["id"]) for f in q.get("fields")}
        first = dict(list(value.items())[:1])
        return first, value, len(value)


FORM = register(Form())
