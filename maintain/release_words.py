"""Rebuild ``newslit/content/release.csv``, the hashes of the teacher's release words.

    .venv/bin/python -m maintain.release_words

The words are in ``maintain/lessons/release-words.toml`` (teacher-only); the module ships only their
hashes (``newslit.answers.release.word_hash``), so nothing a student has holds a word.
"""
from __future__ import annotations

import tomllib

from newslit.answers.release import word_hash
from newslit.answers.store import module_root

WORDS = module_root() / "maintain" / "lessons" / "release-words.toml"
HASHES = module_root() / "newslit" / "content" / "release.csv"


def words() -> dict[str, str]:
    return tomllib.loads(WORDS.read_text(encoding="utf-8"))["words"]


def table() -> str:
    rows = (f"{lesson},{word_hash(lesson, word)}\n" for lesson, word in sorted(words().items()))
    return "lesson,hash\n" + "".join(rows)


if __name__ == "__main__":
    HASHES.write_text(table(), encoding="utf-8", newline="\n")
    print(f"wrote {HASHES}")
