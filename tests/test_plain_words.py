"""Plain words (issue 15 #7): no row code (C37, S20 …) and no evidence tag ([R], (I)) in anything a student
reads: a student notebook's Markdown, its stored outputs, what its ``nl.after`` blocks show once they open,
and the student-facing fields of the question catalogue."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import newslit
from newslit.notebook.reveal import output_bundles
from newslit.questions.entries import catalogue, student_notebooks

ROOT = Path(__file__).resolve().parent.parent
ROW_CODE = re.compile(r"\b[CSATNVDG]\d\d\b|\[[RIM]\]|\([RIM]\)")
STUDENT_FIELDS = ("prompt", "label", "options", "feedback", "hint", "model_answer", "frame", "items", "fields",
                  "categories", "key", "reason_label", "low", "high")


def _visible(html_text: str) -> str:
    return re.sub(r"<[^>]+>", " ", html_text)


def _after_texts(source: str) -> list[str]:
    call = ast.parse(source.strip().split(";")[-1].strip(), mode="eval").body
    block = getattr(newslit, call.args[1].attr)
    args = [ast.literal_eval(a) for a in call.args[2:]]
    return [_visible(o["data"].get("text/html", o["data"].get("text/plain", "")))
            for o in output_bundles(block, args, {})]


def student_texts(path: Path) -> list[str]:
    texts = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            texts.append(source)
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                texts.append(_visible("".join(data["text/html"])))
        if "nl.after(" in source:
            texts += _after_texts(source)
    return texts


@pytest.mark.parametrize("path", student_notebooks(ROOT / "notebooks"), ids=lambda p: p.stem)
def test_no_row_code_or_evidence_tag_in_what_a_student_reads(path):
    found = [(m.group(0), text[max(0, m.start() - 40):m.end() + 20]) for text in student_texts(path)
             for m in ROW_CODE.finditer(text)]
    assert found == []


def test_no_row_code_in_the_questions_students_see():
    found = []
    for q in catalogue().values():
        if q.notebook != "teacher":
            blob = json.dumps({k: q.raw.get(k) for k in STUDENT_FIELDS}, ensure_ascii=False)
            found += [(q.id, m.group(0)) for m in ROW_CODE.finditer(blob)]
    assert found == []


def test_the_check_finds_a_row_code():
    assert ROW_CODE.search("see sources S05") and ROW_CODE.search("how sure: R (read)") is None
    assert ROW_CODE.search("(I) our guess") and ROW_CODE.search("Part C and P8") is None
