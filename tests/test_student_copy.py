"""newslit.studentcopy: a copy of the module for students, without teacher materials, that still works."""
import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from newslit import __main__ as cli
from newslit import content, privacy, questions, studentcopy
from newslit.article import SEED_NAME

ROOT = Path(__file__).resolve().parent.parent
STUDENT_NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
NEVER = ("lessons", "notebooks/teacher", "tests", "benchmarks", ".ci", "answers", "build", ".git", ".venv",
         "test-results", "newslit/content/prompts.csv", "newslit/content/lessons", "newslit/lessonmap.py",
         "newslit/lessonplans.py")


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    out = tmp_path_factory.mktemp("copy") / "student-copy"
    studentcopy.build(out)
    return out


def in_copy(copy: Path, code: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run Python code with the copy's package first on the path, from a folder outside the module."""
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONNOUSERSITE="1")
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=copy / "notebooks", env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_the_copy_leaves_out_teacher_materials_and_build_output(copy):
    for name in NEVER:
        assert not (copy / name).exists(), name
    assert sorted(p.name for p in (copy / "notebooks").iterdir()) == sorted(STUDENT_NOTEBOOKS + ["newslit.py"])
    assert (copy / "seeds" / SEED_NAME).read_bytes() == (ROOT / "seeds" / SEED_NAME).read_bytes()
    assert (copy / "run.py").exists() and (copy / "requirements.txt").exists()
    # The rubric is the one file of lessons/ students get: notebook 06's self-assessment uses its levels.
    assert (copy / "rubric.md").read_bytes() == (ROOT / "lessons" / "rubric.md").read_bytes()
    assert not list(copy.rglob("__pycache__"))


def test_readme_says_it_is_the_student_copy(copy):
    readme = (copy / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# ") and "student copy" in readme.splitlines()[0].lower()
    assert "python3 run.py" in readme and "lessons/" not in readme


def test_content_tables_hold_only_the_students_rows(copy):
    checked = 0
    for name in content.TABLES:
        path = copy / "newslit" / "content" / f"{name}.csv"
        text = path.read_text(encoding="utf-8")
        header = text.splitlines()[0].split(",")
        assert header == content.COLUMNS[name]
        if "audience" not in header:
            continue
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(text)))
        assert {r["audience"] for r in rows} == {"students"}, name
        assert [r["id"] for r in rows] == list(content.table(name, "students").index), name
        checked += 1
    assert checked >= 8
    assert len(content.table("claims")) > len(content.table("claims", "students"))  # there were rows to drop


def test_catalogue_keeps_feedback_and_drops_teacher_fields(copy):
    entries = []
    for path in sorted((copy / "newslit" / "content" / "questions").glob("*.toml")):
        entries += tomllib.loads(path.read_text(encoding="utf-8"))["question"]
    original = [q for q in questions.catalogue().values() if q.notebook != "teacher"]
    assert [e["id"] for e in entries] == [q.id for q in original]
    for entry, q in zip(entries, original):
        assert "source" not in entry and set(entry.get("tags", {})) <= set(studentcopy.STUDENT_TAGS)
        expected = {k: v for k, v in q.raw.items() if k not in ("source", "tags")}
        assert {k: v for k, v in entry.items() if k != "tags"} == expected, q.id
    assert sum("feedback" in e for e in entries) >= 10 and sum("model_answer" in e for e in entries) >= 10
    measures = {e["tags"]["measure"] for e in entries if "tags" in e}
    assert {"trust-before", "trust-after"} <= measures
    assert any(q.get("source") for q in original)  # there were teacher fields to drop


def test_toml_writer_reads_back_awkward_strings():
    entry = {"id": "x", "prompt": 'He said "hi"\\ and left\n\ttab — ’quote’', "options": ["a", "b"],
             "feedback": {'a "quoted" option': "yes", "b": "no"}, "step": 5, "private": True,
             "items": [{"id": "i", "accept": ["a"], "why": "because"}]}
    text = studentcopy.catalogue_file([entry], "test")
    assert tomllib.loads(text)["question"] == [entry]


def test_deny_list_passes_on_every_file_of_the_copy(copy):
    exempt = {copy / "newslit" / "privacy.py", copy / "seeds" / SEED_NAME}
    checked = 0
    for path in sorted(copy.rglob("*")):
        if not path.is_file() or path in exempt:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            nb = json.loads(text)
            for cell in nb["cells"]:
                for output in cell.get("outputs", []):
                    output.get("data", {}).pop("image/png", None)
            text = json.dumps(nb, ensure_ascii=False)
        assert privacy.problems(text, "students") == [], path.relative_to(copy)
        checked += 1
    assert checked > 40


def test_the_copys_package_imports_and_validates(copy):
    result = in_copy(copy, """
        import json, newslit
        from newslit import content, questions
        print(json.dumps({"file": newslit.__file__, "content": content.validate(),
                          "questions": questions.validate(), "count": len(questions.catalogue())}))
    """)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(report["file"]).resolve().is_relative_to(copy.resolve())
    assert report["content"] == [] and report["questions"] == []
    assert report["count"] == len([q for q in questions.catalogue().values() if q.notebook != "teacher"])


def test_rebuild_replaces_the_copy_but_not_a_foreign_folder(tmp_path, capsys):
    out = tmp_path / "student-copy"
    assert cli.main(["student-copy", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    (out / "lessons").mkdir()
    assert cli.main(["student-copy", "--out", str(out)]) == 0
    assert not (out / "lessons").exists()
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError):
        studentcopy.build(foreign)
    assert cli.main(["student-copy", "--out", str(foreign)]) == 1
    assert "not an earlier build" in capsys.readouterr().err
    assert (foreign / "notes.txt").exists()


@pytest.mark.slow
def test_every_notebook_call_works_from_the_copy(copy):
    """Each code cell of every student notebook, run in one process against the copy's filtered content."""
    result = in_copy(copy, """
        import json, pathlib, newslit
        assert pathlib.Path(newslit.__file__).resolve().is_relative_to(pathlib.Path.cwd().parent.resolve())
        for path in sorted(pathlib.Path.cwd().glob("[0-9][0-9]-*.ipynb")):
            namespace = {}
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
                if cell["cell_type"] == "code":
                    exec("".join(cell["source"]), namespace)
            print("ran", path.name)
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.count("ran ") == len(STUDENT_NOTEBOOKS)


@pytest.mark.slow
def test_one_notebook_executes_from_the_copy_as_stored(copy):
    """02 (claims: teacher rows were dropped) runs in a real kernel from the copy; its outputs match."""
    result = in_copy(copy, """
        import json, nbformat
        from nbclient import NotebookClient
        nb = nbformat.read("02-claims.ipynb", as_version=4)
        stored = [[o.get("data", {}).get("text/plain") for o in c.get("outputs", [])]
                  for c in nb.cells if c.cell_type == "code"]
        nb.cells.append(nbformat.v4.new_code_cell("import newslit; print(newslit.__file__)"))
        NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
        ran = [[o.get("data", {}).get("text/plain") for o in c.get("outputs", []) if o.output_type != "stream"]
               for c in nb.cells[:-1] if c.cell_type == "code"]
        print(json.dumps({"same": ran == stored, "module": nb.cells[-1].outputs[0]["text"].strip()}))
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(report["module"]).resolve().is_relative_to(copy.resolve())
    assert report["same"]
