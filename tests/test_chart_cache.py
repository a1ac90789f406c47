"""newslit.notebook.charts' cache: a re-run shows the same chart without drawing or importing matplotlib."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newslit.notebook import charts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(charts.ENV_CACHE, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_cached_chart_is_the_same_bytes_without_drawing(cache, monkeypatch):
    drawn = charts.cached("words_per_passage", charts.words_per_passage)
    assert len(list(cache.glob("words_per_passage.*.json"))) == 1
    monkeypatch.setattr(charts, "words_per_passage", lambda: pytest.fail("drawn again"))
    again = charts.cached("words_per_passage", charts.words_per_passage)
    assert (again.png, again.title, again.description) == (drawn.png, drawn.title, drawn.description)


def test_a_damaged_entry_is_drawn_again_and_replaced(cache):
    drawn = charts.cached("voices_share", charts.voices_share)
    entry = next(cache.glob("voices_share.*.json"))
    entry.write_text("{ damaged", encoding="utf-8")
    assert charts.cached("voices_share", charts.voices_share).png == drawn.png
    assert entry.read_text(encoding="utf-8").startswith('{"png"')


def test_a_new_key_replaces_the_old_entry_and_off_turns_it_off(cache, monkeypatch):
    charts.cached("claims_by_kind", charts.claims_by_kind)
    old = next(cache.glob("claims_by_kind.*.json"))
    monkeypatch.setattr(charts, "cache_key", lambda name: "0" * 32)
    charts.cached("claims_by_kind", charts.claims_by_kind)
    assert [p.name for p in cache.glob("claims_by_kind.*.json")] == [f"claims_by_kind.{'0' * 32}.json"] != [old.name]
    monkeypatch.setenv(charts.ENV_CACHE, "off")
    assert charts.cache_folder() is None


def test_an_unwritable_cache_still_draws(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(charts.ENV_CACHE, str(blocker / "cache"))
    assert charts.cached("certainty_by_part", charts.certainty_by_part).png.startswith(b"\x89PNG")


def test_the_key_follows_the_code_and_content():
    charts._inputs_digest.cache_clear()
    key = charts.cache_key("words_per_passage")
    assert key != charts.cache_key("voices_share") and len(key) == 32
    assert charts.cache_key("words_per_passage") == key


def test_a_cache_hit_imports_no_matplotlib(cache):
    code = ("import sys, newslit.notebook.charts as c; c.cached('hedges_by_passage', c.hedges_by_passage); "
            "print('matplotlib' in sys.modules)")
    env = {"NEWSLIT_CHART_CACHE": str(cache), "PATH": "/usr/bin:/bin", "HOME": os.environ["HOME"]}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert (first.stdout.strip(), second.stdout.strip()) == ("True", "False")


def test_the_key_covers_every_module_the_charts_are_computed_from():
    """Follow charts' imports of newslit modules (absolute, as the package writes them) to their files."""
    package = ROOT / "newslit"
    covered = {name.removesuffix(".py") for name in charts.CHART_INPUTS}
    todo, seen = ["notebook/charts"], set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        source = (package / f"{module}.py").read_text(encoding="utf-8")
        for home, names in re.findall(r"^\s*from newslit\.?([\w.]*) import ([\w, ]+)", source, re.M):
            for name in names.replace(" ", "").split(","):
                for candidate in (f"{home}.{name}" if home else name, home):
                    path = candidate.replace(".", "/")
                    if candidate and (package / f"{path}.py").is_file():
                        todo.append(path)
                        break
    assert "source/content" in seen and "source/article" in seen, seen
    assert seen <= covered, f"add {sorted(seen - covered)} to charts.CHART_INPUTS"


def test_the_trust_chart_is_cached_under_the_two_ratings(cache, monkeypatch):
    from newslit.answers import who as student
    from newslit.notebook import studentui

    class Saved:
        def __init__(self, ratings):
            self.ratings = ratings

        def answers(self):
            return {qid: {"value": v} for qid, v in self.ratings.items()}

    monkeypatch.setattr(student, "current_store", lambda: Saved({"a": 40, "b": 70}))
    panel = studentui.TrustCompare("a", "b")
    assert "data:image/png;base64,iVBOR" in panel.image.value and "alt=" in panel.image.value
    assert "40 in notebook 01 and is 70 now" in panel.text.value
    assert [p.name.split(".")[0] for p in cache.glob("*.json")] == ["trust_pair-40-70"]
    monkeypatch.setattr(charts, "trust_pair", lambda *a: pytest.fail("drawn again"))
    assert studentui.TrustCompare("a", "b").image.value == panel.image.value
    # A value that is not a whole number (a hand-edited file) counts as not rated, never as part of a file name.
    monkeypatch.undo()
    monkeypatch.setenv(charts.ENV_CACHE, str(cache))
    monkeypatch.setattr(student, "current_store", lambda: Saved({"a": "../x", "b": True}))
    assert "missing" in studentui.TrustCompare("a", "b").text.value
    assert sorted(p.name.split(".")[0] for p in cache.glob("*.json")) == ["trust_pair-40-70", "trust_pair-None-None"]


def test_the_teacher_notebooks_charts_are_cached_by_their_data(cache, monkeypatch, capsys):
    import newslit.classroom.load as cr
    import newslit.classroom.report_charts as rc

    cls = cr.load_class(cr.sample_class_folder())
    rc.plot_right_shares(cls)
    first = capsys.readouterr().out
    assert len(list(cache.glob("report-draw_right_shares-*.json"))) == 1 and "%" in first
    monkeypatch.setattr(rc, "png", lambda *a: pytest.fail("drawn again"))
    rc.plot_right_shares(cls)
    assert capsys.readouterr().out == first
    with pytest.raises(pytest.fail.Exception):
        rc.plot_starters(cls)  # other data: not in the cache, so it has to be drawn
