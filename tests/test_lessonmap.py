"""lessons/prompt-map.md: every PEDAGOGY prompt is used by a question or left out with a reason."""
from maintain import lessonmap
from newslit.answers.store import module_root


def test_every_prompt_is_used_or_explained():
    assert lessonmap.problems() == []
    assert len(lessonmap.prompts()) == 42  # 38 prompts and four exit tickets


def test_the_map_file_is_current():
    path = module_root() / lessonmap.OUTPUT
    assert path.read_text(encoding="utf-8") == lessonmap.render(), "run: .venv/bin/python -m maintain.lessonmap"


def test_a_used_prompt_names_its_questions():
    used = lessonmap.uses()
    assert "n01-trust" in used["Q-02"] and "n06-trust" in used["Q-37"]
