"""lessons/: plans, keys, rubric, standards and source packet are generated, current and consistent."""
import re

import pytest

from maintain import lessonplans
from newslit.answers.store import module_root
from newslit.questions.entries import Question, catalogue, for_notebook
from newslit.source import privacy

ROOT = module_root()
STALE = "run: .venv/bin/python -m maintain.lessonplans"


def _read(path) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def _plan(notebook: str) -> str:
    return _read(lessonplans.LESSONS / f"{lessonplans.notebook_files()[notebook]}.md")


@pytest.mark.parametrize("path", sorted(str(p) for p in lessonplans.outputs()))
def test_every_generated_file_is_current(path):
    expected = lessonplans.outputs()[lessonplans.Path(path)]
    assert (ROOT / path).exists(), STALE
    assert _read(path) == expected, STALE


def test_the_lesson_data_has_no_problems():
    assert lessonplans.problems() == []


@pytest.mark.parametrize("notebook", lessonplans.NOTEBOOKS)
def test_each_plan_keys_every_question_of_its_notebook(notebook):
    plan = _plan(notebook)
    key = plan[plan.index("## Answer key"):]
    keyed = re.findall(r"^#### `([^`]+)`", key, flags=re.MULTILINE)
    assert keyed == [q.id for q in for_notebook(notebook)]
    for q in for_notebook(notebook):
        section = key[key.index(f"#### `{q.id}`"):]
        section = section[:section.find("\n#### ", 1)] if "\n#### " in section[1:] else section
        if q.private:
            assert "Private check-in: no key" in section
        elif "key" in q.raw:
            keys = [q.get("key")] if isinstance(q.get("key"), str) else q.get("key")
            assert f"**Key** ({q.certainty})" in section and all(k in section for k in keys)
        if q.get("model_answer"):
            assert f"**Model answer** (certainty: {q.certainty or 'open'})" in section


@pytest.mark.parametrize("notebook", lessonplans.NOTEBOOKS)
def test_each_plan_has_every_part_a_teacher_needs(notebook):
    plan = _plan(notebook)
    for heading in ("## Objectives", "## Standards", "## Timing", "## Materials", "## Procedure",
                    "## Discussion prompts", "## Support and challenge", "## Exit ticket", "## Answer key",
                    "## What to watch for"):
        assert heading in plan, heading
    total = int(re.search(r"\| \*\*total\*\* \| \*\*(\d+)\*\* \|", plan).group(1))
    assert total == lessonplans.notebook_timing(notebook)[0]
    if notebook in ("03a", "03b", "04b"):  # the lessons where students read laterally
        assert "### Think-aloud: lateral reading" in plan


def test_no_plan_states_an_m_point_as_settled():
    for notebook in lessonplans.NOTEBOOKS:
        for line in _plan(notebook).splitlines():
            assert not ("[M]" in line and "settled" in line), line


def test_a_settled_key_resting_on_an_m_row_is_caught(monkeypatch):
    # An unconfirmed [M] row (made here from S14); a settled question citing it must be refused, shown as M.
    real_rows = lessonplans._rows

    def rows_with_an_m_row(table):
        rows = real_rows(table)
        if table == "sources":
            rows = {**rows, "S14": {**rows["S14"], "evidence": "M", "status": "likely"}}
        return rows

    monkeypatch.setattr(lessonplans, "_rows", rows_with_an_m_row)
    fake = Question(id="n03-fake", notebook="03a", kind="text", prompt="p", label="l", certainty="settled",
                    raw={"source": "sources S14", "model_answer": "m"})
    monkeypatch.setattr(lessonplans, "catalogue", lambda: {**catalogue(), fake.id: fake})
    assert any("n03-fake" in p and "[M]" in p for p in lessonplans.problems())
    text, _ = lessonplans.render_key(fake)
    assert "[M] likely" in text and "[M] settled" not in text


def test_cited_rows_expands_ranges_and_ignores_passage_ids():
    assert lessonplans.cited_rows("claims C10-C12; N01, S2 and P8; sources S22 (S22)") == [
        ("claims", "C10"), ("claims", "C11"), ("claims", "C12"), ("numbers", "N01"), ("sources", "S22")]


def test_notebook_timing_is_read_from_the_notebook():
    assert lessonplans.notebook_timing("05") == (40, {"Part A": 10, "Part B": 19, "exit ticket": 4})
    assert lessonplans.notebook_timing("03a")[1]["check-in and exit ticket"] == 8


def test_the_rubric_has_four_levels_five_criteria_and_an_example_at_each_level():
    text = _read("lessons/rubric.md")
    levels = ["Beginning", "Developing", "Proficient", "Advanced"]
    assert "| criterion | " + " | ".join(levels) + " |" in text
    rows = [line for line in text.splitlines() if line.startswith("| **")]
    labels = [f["label"] for f in catalogue()["n06-self"].get("fields")]
    assert [re.match(r"\| \*\*(.+?)\*\* \|", r).group(1) for r in rows] == labels
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert len(cells) == 5 and all(cells), row
    for level in levels:
        assert re.search(rf"^### {level} \(\d+ words\)$", text, flags=re.MULTILINE), level
    assert privacy.problems(text, "students") == []


def test_a_rubric_missing_a_level_is_caught(monkeypatch):
    data = lessonplans.rubric()
    del data["criterion"][0]["Advanced"]
    data["example"] = data["example"][:3]
    monkeypatch.setattr(lessonplans, "rubric", lambda: data)
    found = lessonplans._rubric_problems()
    assert any("Advanced descriptor" in p for p in found) and any("one example answer per level" in p for p in found)


def test_the_source_packet_is_safe_for_students_and_cites_only_known_addresses():
    text = _read("lessons/source-packet.md")
    assert privacy.problems(text, "students") == []
    urls = {row["url"] for row in lessonplans.references().values() if row["audience"] == "students"}
    linked = re.findall(r"<(https?://[^>]+)>", text)
    assert linked and set(linked) <= urls
    assert not re.search(r"youtube|youtu\.be|t\.me/|/status/|tiktok", text, flags=re.IGNORECASE)
    for block in text.split("\n### ")[1:]:
        assert re.search(r"\*\*Date:\*\* \S", block), block[:80]


def test_every_lateral_reading_question_has_a_packet_section(monkeypatch):
    covered = {q for s in lessonplans.packet()["section"] for q in s["questions"]}
    assert {"n03-archyde", "n03-name-park", "n04-isw-trace", "n04-victorian", "n02-one-other"} <= covered
    data = lessonplans.packet()
    data["section"] = [s for s in data["section"] if "n03-archyde" not in s["questions"]]
    monkeypatch.setattr(lessonplans, "packet", lambda: data)
    assert any("n03-archyde has no section" in p for p in lessonplans._packet_problems())


def test_the_standards_table_lists_every_code_the_plans_use():
    text = _read("lessons/standards.md")
    statuses = {row.split(" | ")[0].lstrip("| "): row.split(" | ")[3] for row in text.splitlines()
                if row.startswith("| ") and not row.startswith("| code") and " | " in row}
    for notebook in lessonplans.NOTEBOOKS:
        for code in lessonplans.lesson(notebook)["standards"]:
            assert statuses.get(code) in ("verified", "partly verified"), code
    assert "not verified" in statuses.values()  # unverified codes are marked, not silently dropped


def test_the_guide_links_every_teacher_file_and_covers_what_the_issue_asks():
    text = _read("lessons/README.md")
    for nb in lessonplans.NOTEBOOKS:
        assert f"]({lessonplans.notebook_files()[nb]}.md)" in text
    for target in ("rubric.md", "standards.md", "source-packet.md", "jupyterhub.md"):
        assert f"]({target})" in text
    for phrase in ("python3 run.py", "python3 run.py voila", "python3 run.py handouts", "build/handouts/",
                   "python3 run.py student-copy", "Binder", "vanish", "Chromebook", "## Licence",
                   "Transfer goal", "Essential questions", "Three lessons", "One lesson", "## Preparation",
                   "Alternative task", "Deleted", "Privacy when projecting", "determined student"):
        assert phrase in text, phrase
    assert privacy.problems(text, "students") == []


def test_what_students_read_in_the_packet_and_rubric_is_plain():
    from maintain import readability

    packet = " ".join(item["text"] for s in lessonplans.packet()["section"] for item in s["item"])
    data = lessonplans.rubric()
    rubric = " ".join([e["text"] for e in data["example"]]
                      + [c[lvl] for c in data["criterion"] for lvl in data["levels"]])
    assert readability.grade(packet) <= 10.5
    assert readability.grade(rubric) <= 10.5
