"""How hard the students' prose is to read: Flesch–Kincaid grade of a notebook's own text.

Measured with textstat's ``flesch_kincaid_grade`` on the Markdown cells of a student notebook and
the text of its questions (prompts, options, feedback, model answers), after removing what is not
the module's own prose: quotations (the article's words and sources'
words), inline code, passage ids, link targets, headings' numbering and Markdown marks. The aim
is grade 9–10; ``python -m maintain.readability`` prints the figure per notebook.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from newslit.questions.entries import notebook_key

_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|(?<![A-Za-z])‘[^’\n]*’(?![A-Za-z])|(?<![A-Za-z])'[^'\n]{2,}?'(?![A-Za-z])")
_CODE = re.compile(r"`[^`]*`")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_#>|]+")
_IDS = re.compile(r"\b(?:P[1-9]|Q[0-7][qa]?|S[2-4]|TOC|H)\b")


def student_prose(notebook: dict) -> str:
    """The notebook's own Markdown prose, one sentence-ish unit per line, without quotations."""
    lines = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        text = _LINK.sub(r"\1", text)
        text = _CODE.sub("", text)
        text = _QUOTED.sub("", text)
        text = _IDS.sub("", text)
        text = _MARKS.sub("", text)
        for line in text.split("\n"):
            if line.lstrip().startswith("#"):
                continue  # headings are labels, not prose
            line = line.strip(" -·:").strip()
            if len(line.split()) >= 3:  # headings of one or two words are not prose
                lines.append(line if line[-1] in ".?!" else line + ".")
    return "\n".join(lines)


def question_prose(notebook_id: str) -> str:
    """The students' text of a notebook's questions: prompts, options, feedback and model answers."""
    from newslit.questions.entries import for_notebook

    parts = []
    for q in for_notebook(notebook_id):
        parts.append(q.prompt)
        parts += list(q.get("options", []))
        parts += list(q.get("feedback", {}).values())
        parts += [item["text"] + ". " + item.get("why", "") for item in q.get("items", [])]
        if q.get("model_answer"):
            parts.append(q.get("model_answer"))
    text = _QUOTED.sub("", "\n".join(parts))
    return "\n".join(p if p.rstrip()[-1:] in ".?!" else p + "." for p in text.split("\n") if p.strip())


def grade(text: str) -> float:
    import textstat

    return float(textstat.flesch_kincaid_grade(text))


def notebook_grade(path: Path) -> float:
    """Grade of a student notebook's prose together with its questions' text."""
    path = Path(path)
    prose = student_prose(json.loads(path.read_text(encoding="utf-8")))
    return grade(prose + "\n" + question_prose(notebook_key(path)))


def main(argv: list[str]) -> int:
    from maintain.store import notebook_paths

    paths = [Path(a) for a in argv] or [p for p in notebook_paths() if notebook_key(p)]
    for path in paths:
        print(f"{path.name}: Flesch–Kincaid grade {notebook_grade(path):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
