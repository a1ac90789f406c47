"""``text``: a free-text answer, saved as the student types.

Catalogue fields: an optional ``model_answer`` (offered once the student has made a real attempt:
``complete``), an optional ``frame`` (a sentence starter shown under the box) and ``min_words``, and
no ``key``. The answer is one string. On paper it gets ruled lines (more when the prompt asks for a
number of words); the class report lists every answer.
"""
from __future__ import annotations

import math
import re

from newslit.questions.kinds import STATIC_LINE, Kind, handout_lines, register

_TEXT_LINES = ((re.compile(r"(\d+)\s*(?:to|-|–)\s*(\d+)\s*words", re.IGNORECASE), None),
               (re.compile(r"one per line|as many .* as you can", re.IGNORECASE), 8))


def text_lines(q) -> int:
    """How many ruled lines a text answer gets on paper: from a word count in the prompt, else a default."""
    for pattern, lines in _TEXT_LINES:
        match = pattern.search(q.prompt)
        if match:
            return lines or math.ceil(int(match.group(2)) / 10) + 1
    return 5


MIN_WORDS = 10  # words of a real attempt at a written question, unless the catalogue says ``min_words``


def min_words(q) -> int:
    return int(q.get("min_words", MIN_WORDS))


class Text(Kind):
    name = "text"
    view = "newslit.notebook.widgets:TextView"
    written = True
    answer_is_text = True

    def check(self, entry):
        return ["a text question has no key"] if "key" in entry else []

    def complete(self, q, value):
        """A real written attempt (``questions.attempt``): enough words, mostly words, not copied."""
        if not isinstance(value, str):
            return False
        from newslit.questions import attempt

        return attempt.check(value, min_words=self.word_target(q), prompt=q.prompt, frame=q.get("frame", "")).ok

    def word_target(self, q):
        return min_words(q)

    def example_answer(self, q, variant=0):
        return f"Example answer {variant}: the article does not say who wrote it or when."

    def text_parts(self, q):
        return ["____"]

    def static_html(self, q):
        return STATIC_LINE * 4

    def inputs(self, q):
        return [("textbox", q.label)]

    def handout_html(self, q):
        return handout_lines(text_lines(q))

    def no_key_lines(self, q):
        return [] if q.get("model_answer") else ["**No key:** an open answer; judge it with the rubric.", ""]

    def written_parts(self, q, value):
        return [("", value)]

    def sample_answer(self, q, student):
        value = student.sentence(q)
        first = " ".join(value.split()[:student.rng.randint(2, 5)])
        return first, value, student.rng.randint(2, 9)


TEXT = register(Text())
