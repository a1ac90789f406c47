"""newslit.source.privacy: the deny-list that keeps the two prisoners unidentified."""
import json
import subprocess
from pathlib import Path

import pytest

from newslit.source import privacy
from newslit.source.article import SEED_NAME

ROOT = Path(__file__).resolve().parent.parent
# The only files allowed to hold deny-list material: the list itself and its tests.
EXEMPT = {"newslit/source/privacy.py", "tests/test_privacy.py", f"seeds/{SEED_NAME}"}


@pytest.mark.parametrize("text", [
    "He is a 26-year-old soldier.", "aged 21", "born 2005", "a scout-sniper", "the rifleman",
    "his jaw", "bandaged hands", "a military ID in someone else's name",
])
def test_identifying_descriptions_are_refused_for_everyone(text):
    assert privacy.problems(text, "teachers")
    assert privacy.problems(text, "students")


@pytest.mark.parametrize("text", ["reports of self-harm", "the PD Notebook programme", "watching pornography"])
def test_teacher_only_subjects_are_refused_for_students(text):
    assert privacy.problems(text, "students")
    assert not privacy.problems(text, "teachers")


def test_names_are_matched_by_digest_in_any_case():
    # The digests are of the surnames; check the mechanism with a known digest of our own.
    probe = "zqxj"
    digest = privacy._digest(probe)
    original = privacy.NAME_HASHES
    try:
        privacy.NAME_HASHES = original | {digest}
        assert privacy.named("A ZQXJ said") == ["ZQXJ"]
        assert privacy.problems("zqxj", "teachers")
    finally:
        privacy.NAME_HASHES = original


def test_a_standards_code_is_not_taken_for_a_name():
    # "ZQXJ.9-10.8" has the shape of a Common Core code ("RI.9-10.8"); the bare word is still found.
    original = privacy.NAME_HASHES
    try:
        privacy.NAME_HASHES = original | {privacy._digest("zqxj")}
        assert privacy.named("Standards: ZQXJ.9-10.8 and W.9-10.1") == []
        assert privacy.named("ZQXJ. 9 soldiers") == ["ZQXJ"]
        assert privacy.named("Zqxj.9-10.8") == ["Zqxj"]
    finally:
        privacy.NAME_HASHES = original


def test_ordinary_lesson_text_passes():
    text = ("Korean reports describe both remarks as coming from the same soldier. The article names "
            "Sokil Park, Daniel Tudor, Mark Galeotti and Rob Bauer. Right-wing? No. Brian, Rita, Riga.")
    assert privacy.problems(text, "students") == []


def test_bad_audience_is_refused():
    with pytest.raises(ValueError):
        privacy.problems("text", "parents")


def _tracked_text_files():
    try:
        listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        listed = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts]
    for name in filter(None, listed):
        path = ROOT / name
        if name in EXEMPT or not path.is_file() or path.suffix in (".png", ".jpg", ".pdf"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        yield name, _without_images(text) if path.suffix == ".ipynb" else text


def _without_images(notebook_text: str) -> str:
    """A notebook's text without its base64 pictures, whose random letters are not words."""
    notebook = json.loads(notebook_text)
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            for mime in [m for m in output.get("data", {}) if m.startswith("image/")]:
                del output["data"][mime]
    return json.dumps(notebook, ensure_ascii=False)


def test_no_file_of_the_module_identifies_the_prisoners():
    found = {name: privacy.problems(text, "teachers") for name, text in _tracked_text_files()}
    assert {k: v for k, v in found.items() if v} == {}
