"""Is a written answer a real attempt? The check a model answer waits for.

A model answer is the conclusion; shown too early it replaces the thinking (FINDINGS §1). So a
written question shows its "Compare with a model answer" button only after an answer that

* has at least ``min_words`` words (the question's ``min_words``, else the kind's default);
* is less than half copied: under half of its words sit in a run of three or more words that is also
  in the prompt or the sentence frame (so a pasted prompt or a frame left unfilled does not count);
* is mostly words: at least half of its words are English words or close to one (a word of the
  article or the catalogue, or a common word, allowing a letter or two wrong), so a keyboard mash
  does not count while an English-language learner's misspelt answer does.

Plain Python, no widgets: the widget asks ``check`` and shows its ``reason`` as a hint.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import NamedTuple

WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)?|\d+")
COPY_RUN = 3          # words in a row that count as copied
MAX_COPIED = 0.5      # share of copied words at which an answer is not an attempt
MIN_KNOWN = 0.5       # share of (nearly) known words an attempt needs
CLOSE = 0.75          # difflib ratio for "close to a known word" (one or two letters wrong)
COMMON = """a about above after again against all almost also always am an and another any are as at
be because been before being below between both but by can cannot could did do does doing done down
during each either enough even ever every few first for from get gets give given go going good got
had has have having he her here hers him his how however i if in into is it its itself just know
known last least less like likely many may maybe me might more most much must my never new next no
nobody not nothing now of off often on once one only or other others our out over own people
perhaps place put rather really said same say says see seem seems she should show shows since so
some someone something sometimes still story such sure take than that the their them then there
these they thing things think this those though through time to too true trust under until up upon
us use used very want was way we well were what when where whether which while who whom whose why
will with without word words would wrong yes yet you your yours check checked checking search
searched find found look looked read reader readers write wrote written writer source sources fact
facts news article page site website real fake copy copied name names number numbers quote quoted
report reports reported maybe believe because prove proof evidence different same agree because
""".split()


class Attempt(NamedTuple):
    ok: bool
    reason: str  # empty when ok; else one plain sentence saying what is missing


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text or "")]


def at_least_words(text: str, need: int) -> bool:
    """Whether ``words(text)`` finds at least ``need`` words, cheaply (the class report asks it of whole
    classes): most answers have plenty of plain space-separated words, and only the others are parsed."""
    plain = sum(1 for token in (text or "").split() if token.isascii() and token.isalpha())
    return plain >= need or len(WORD.findall(text or "")) >= need


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Known words: common English, the article's words and the catalogue's (built once)."""
    from newslit.questions.entries import catalogue
    from newslit.source.article import load_article

    found = set(COMMON)
    found.update(words(" ".join(p.text for p in load_article().passages)))
    for q in catalogue().values():
        found.update(words(" ".join(str(q.get(f, "")) for f in ("prompt", "model_answer", "frame"))))
    return frozenset(w for w in found if not w.isdigit())


@lru_cache(maxsize=4096)
def _known(word: str) -> bool:
    if word.isdigit() or word in vocabulary():
        return True
    if len(word) < 3:
        return False
    same_start = [w for w in vocabulary() if w[:1] == word[:1] and abs(len(w) - len(word)) <= 2]
    return bool(difflib.get_close_matches(word, same_start, n=1, cutoff=CLOSE))


def copied_share(answer: list[str], *given: str) -> float:
    """Share of the answer's words inside a run of ``COPY_RUN`` words that is also in a given text."""
    if len(answer) < COPY_RUN:
        return 0.0
    runs = set()
    for text in given:
        w = words(text)
        runs.update(tuple(w[i:i + COPY_RUN]) for i in range(len(w) - COPY_RUN + 1))
    copied = [False] * len(answer)
    for i in range(len(answer) - COPY_RUN + 1):
        if tuple(answer[i:i + COPY_RUN]) in runs:
            copied[i:i + COPY_RUN] = [True] * COPY_RUN
    return sum(copied) / len(answer)


def check(text: str, *, min_words: int, prompt: str = "", frame: str = "") -> Attempt:
    """Whether ``text`` is a real attempt at a question with this prompt and sentence frame."""
    found = words(text)
    if len(found) < min_words:
        more = min_words - len(found)
        return Attempt(False, f"Write {more} more word{'s' if more != 1 else ''} in your own words first.")
    if copied_share(found, prompt, frame) >= MAX_COPIED:
        return Attempt(False, "Most of this is copied from the question or the sentence starter. "
                              "Fill it in with your own words.")
    real = [w for w in found if len(w) > 1 or w in ("a", "i")]
    if not real or sum(map(_known, real)) / len(real) < MIN_KNOWN:
        return Attempt(False, "Write real sentences first: most of these are not words.")
    return Attempt(True, "")
