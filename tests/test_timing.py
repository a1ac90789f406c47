"""maintain.timing: the timing model's rules, and its table and check."""
from pathlib import Path

from maintain import timing
from newslit.questions import Question

ROOT = Path(__file__).resolve().parent.parent


def q(kind="choice", prompt="Which one?", **raw):
    return Question(id="t", notebook="00", kind=kind, prompt=prompt, label="t", raw=raw)


def test_answer_time_grows_with_options_items_and_fields():
    assert timing.answer_minutes(q("form", fields=[{}] * 6)) > timing.answer_minutes(q("form", fields=[{}] * 2))
    assert timing.answer_minutes(q("classify", items=[{}] * 9)) > timing.answer_minutes(q("classify", items=[{}] * 3))


def test_minutes_named_in_the_prompt_and_word_targets_win():
    assert timing.answer_minutes(q("text", "In four minutes, write as many questions as you can.")) == 4
    brief = timing.answer_minutes(q("text", "Write a corrected brief of 150 to 250 words."))
    assert brief == 200 / timing.WRITING_WPM


def test_a_search_task_takes_at_least_the_search_minutes():
    plain = timing.answer_minutes(q("form", "Fill in the row.", fields=[{}] * 3))
    search = timing.answer_minutes(q("form", "Search for the group. Fill in the row.", fields=[{}] * 3))
    assert search == plain + timing.SEARCH_MINUTES
    assert timing.answer_minutes(q("form", "Spend five minutes in a new tab.", fields=[{}])) == 5


def test_optional_questions_are_left_out_of_the_core_path():
    assert timing.is_optional(q(prompt="Optional. Read P9 again."))
    assert not timing.is_optional(q(prompt="Read P9 again; this is not optional."))


def test_the_estimate_of_a_stored_notebook_counts_its_words_and_questions():
    e = timing.estimate(ROOT / "notebooks" / "00-start-here.ipynb")
    assert e.words > 500 and e.questions >= 6
    assert e.minutes(timing.WPM_SLOW) > e.minutes() > timing.OVERHEAD_MINUTES
    assert e.minutes(full=True) >= e.minutes()


def test_check_flags_a_notebook_far_from_the_trials():
    near = timing.Estimate("00", words=0, answering=23.0, answering_full=23.0, questions=6, optional=0)
    far = timing.Estimate("00", words=0, answering=60.0, answering_full=60.0, questions=6, optional=0)
    assert timing.check([near]) == [] and timing.check([far])
    assert "| 00 |" in timing.table([near], with_trials=True)


def test_every_lesson_fits_the_period_and_says_no_less_than_the_model():
    """Each student notebook's core path is at most 40 minutes at 130 words a minute, and the time the
    notebook (and its plan) states is not shorter than the model's estimate: never pretend."""
    from maintain import lessonplans

    for path in timing.student_notebooks(ROOT):
        estimate = timing.estimate(path)
        stated, _ = lessonplans.notebook_timing(estimate.notebook)
        assert round(estimate.minutes()) <= 40, estimate.notebook
        assert stated >= round(estimate.minutes()), (estimate.notebook, stated, round(estimate.minutes()))
