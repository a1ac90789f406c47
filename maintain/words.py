"""The "Words for today" box at the top of each student notebook, written from one table.

    .venv/bin/python -m maintain.words      # rewrite the box in every student notebook, then store them

``newslit/content/words.csv`` explains each hard word once, in plain language (its ``forms`` are the
spellings to look for). For every student notebook this tool finds which of those words a student
meets in it (the Markdown and the stored table and chart text, not the code) and writes one Markdown
cell right after the notebook's title, marked ``metadata.newslit.words_for_today``. Run it whenever a
notebook's text or the table changes; ``tests/test_words.py`` fails while a box is out of date.
"""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

from newslit import questions
from newslit.answers.store import module_root
from newslit.source import content

MARK = "words_for_today"


def _is_box(cell: dict) -> bool:
    return bool(((cell.get("metadata") or {}).get("newslit") or {}).get(MARK))


def visible_text(nb: dict) -> str:
    """What a student reads in a notebook: Markdown cells and stored HTML/plain outputs, without the box."""
    parts = []
    for cell in nb["cells"]:
        if _is_box(cell):
            continue
        if cell["cell_type"] == "markdown":
            parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                parts.append(re.sub(r"<[^>]+>", " ", "".join(data["text/html"])))
    return html.unescape(" ".join(parts))


def words_in(text: str) -> list[dict]:
    """The rows of the words table whose forms occur in ``text`` (whole words, any case), in table order."""
    return [row for row in content.table("words").reset_index().to_dict("records") if _mentions(row, text)]


_ASK = re.compile(r'nl\.ask\("([^"]+)"\)')


def asked_about(nb: dict) -> str:
    """The prompts of the notebook's keyed questions that ask what a word means: such a word is not explained
    in the box, or the box would answer the question before it is asked (``n00-practice-choice`` asks what
    'read laterally' means). A word a question merely uses ('projection' in 04b) is explained as usual."""
    from newslit.questions import get

    ids = [qid for cell in nb["cells"] if cell["cell_type"] == "code" for qid in _ASK.findall("".join(cell["source"]))]
    return " ".join(get(qid).prompt for qid in ids if get(qid).has_key and _ASKS_MEANING.search(get(qid).prompt))


_ASKS_MEANING = re.compile(r"\bmean(?:s|ing)?\b", re.IGNORECASE)  # "What does that mean?"


def _mentions(row: dict, text: str) -> bool:
    forms = content.split_list(row["forms"])
    return any(re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text, re.IGNORECASE) for form in forms)


def box_source(rows: list[dict]) -> str:
    lines = ["**Words for today.** Hard words you will meet in this notebook:", ""]
    lines += [f"- **{row['term']}**: {row['meaning']}." for row in rows]
    return "\n".join(lines)


def update(nb: dict) -> bool:
    """Put the current box in ``nb`` (after the title cell); True when the notebook changed."""
    questions = asked_about(nb)
    rows = [row for row in words_in(visible_text(nb)) if not _mentions(row, questions)]
    boxes = [i for i, cell in enumerate(nb["cells"]) if _is_box(cell)]
    if not rows:
        for i in reversed(boxes):
            del nb["cells"][i]
        return bool(boxes)
    source = box_source(rows)
    if boxes:
        cell = nb["cells"][boxes[0]]
        if "".join(cell["source"]) == source:
            return False
    else:
        cell = {"cell_type": "markdown", "id": "words-for-today", "metadata": {"newslit": {MARK: True}}}
        nb["cells"].insert(1, cell)
    lines = source.split("\n")
    cell["source"] = [line + "\n" for line in lines[:-1]] + [lines[-1]]
    return True


def student_notebooks() -> list[Path]:
    return questions.student_notebooks(module_root() / "notebooks")


def main() -> int:
    changed = []
    for path in student_notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        if update(nb):
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            changed.append(path.name)
    print("updated: " + (", ".join(changed) if changed else "nothing") + (
        "; now store them: python3 run.py store" if changed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
