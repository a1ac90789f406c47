"""Answers filed per article: notebook 07's questions are asked again for every article a student checks.

An answer to catalogue question ``n07-verdict`` about the article with key ``3f2a9c0d1e7b`` is saved
as ``n07-verdict.3f2a9c0d1e7b`` in the student's one answer file (``keyed_id``), so a student who checks
two articles keeps both, and the hand-in file and the class report can tell them apart
(``split_keyed``). ``ARTICLE_RECORD`` (``n07-article.<key>``) holds what the student chose: the title and
where it came from, and for a pasted or uploaded article its passages, so the teacher can read it.

``KeyedStore`` is an answer store seen through one article: the question views save and load through
it by their catalogue id, unchanged. It also tells listeners when an answer is saved (notebook 07 opens
the next step, or rebuilds a sort from the claims just written).
"""
from __future__ import annotations

import re

ARTICLE_RECORD = "n07-article"
_KEYED = re.compile(r"^(?P<question>[A-Za-z0-9][A-Za-z0-9_-]*)\.(?P<key>[0-9a-f]{12})$")


def keyed_id(question_id: str, key: str) -> str:
    """The id an answer about one article is saved under."""
    if not re.fullmatch(r"[0-9a-f]{12}", key or ""):
        raise ValueError(f"not an article key: {key!r}")
    return f"{question_id}.{key}"


def article_record(article, origin: str) -> dict:
    """What ``ARTICLE_RECORD`` holds for ``article`` (an ``AnyArticle``) chosen from ``origin`` ("practice",
    "class", "upload" or "pasted"): for a pasted or uploaded article its passages too, the only copy."""
    record = {"title": article.title or "(no title)", "origin": origin, "file": article.source_name or "",
              "words": article.words}
    if origin in ("upload", "pasted"):
        record["passages"] = [[p.id, p.kind, p.text] for p in article.passages]
    return record


def split_keyed(saved_id: str) -> tuple[str, str | None]:
    """``("n07-verdict", "3f2a9c0d1e7b")`` for a keyed id; ``(saved_id, None)`` for any other."""
    match = _KEYED.match(saved_id)
    return (match["question"], match["key"]) if match else (saved_id, None)


class KeyedStore:
    """One article's view of an answer store (the same file, the same locks and limits)."""

    def __init__(self, store, key: str):
        """``store``: an answer store, or a function returning the current one (a student who types another
        name after choosing the article saves into their own file)."""
        self._base = store if callable(store) else (lambda: store)
        self.key = key
        self._listeners: list = []

    @property
    def base(self):
        return self._base()

    def _id(self, question_id: str) -> str:
        return keyed_id(question_id, self.key)

    def on_save(self, listener) -> None:
        """``listener(question_id, value)`` after each save through this view (by catalogue id)."""
        self._listeners.append(listener)

    def _tell(self, question_id: str, value) -> None:
        for listener in list(self._listeners):
            listener(question_id, value)

    def load(self, question_id: str):
        return self.base.load(self._id(question_id))

    def records(self) -> dict:
        prefix = f".{self.key}"
        return {qid[: -len(prefix)]: record for qid, record in self.base.records().items() if qid.endswith(prefix)}

    def save(self, question_id: str, value) -> dict:
        result = self.base.save(self._id(question_id), value)
        self._tell(question_id, value)
        return result

    def save_soon(self, question_id: str, value, on_saved=None) -> None:
        self.base.save_soon(self._id(question_id), value, on_saved=on_saved)
        self._tell(question_id, value)

    def mark_shown(self, question_id: str) -> bool:
        return self.base.mark_shown(self._id(question_id))

    def __getattr__(self, name):  # everything else (folder, student, flush …) is the store's own
        return getattr(self.base, name)
