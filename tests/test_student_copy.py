"""newslit.teacher.studentcopy: a copy of the module for students, without teacher materials, that still works."""
import json
import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from newslit import __main__ as cli
from newslit.questions import entries as questions
from newslit.questions.entries import student_notebooks
from newslit.source import articles, content, privacy
from newslit.source.article import SEED_NAME
from newslit.teacher import studentcopy

ROOT = Path(__file__).resolve().parent.parent
STUDENT_NOTEBOOKS = sorted(p.name for p in student_notebooks(ROOT / "notebooks"))
NEVER = ("lessons", "notebooks/teacher", "tests", "benchmarks", ".ci", "answers", "build", ".git", ".venv",
         "test-results", "maintain")


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
    notes = {p.name for p in (ROOT / "articles").glob(articles.TEACHER_NOTE)}
    practice = sorted(p.name for p in (ROOT / "articles").glob("*.md") if p.name not in notes)
    assert sorted(p.name for p in (copy / "articles").iterdir()) == practice  # notebook 07's, no teacher notes
    assert (copy / "run.py").exists() and (copy / "requirements.txt").exists()
    # The rubric is the one file of lessons/ students get: notebook 06's self-assessment uses its levels.
    assert (copy / "rubric.md").read_bytes() == (ROOT / "lessons" / "rubric.md").read_bytes()
    assert not list(copy.rglob("__pycache__"))


def teacher_findings() -> list[str]:
    """The headline of each finding (four words or more) in the practice articles' teacher notes, such as
    "A misattributed quote (P3)"."""
    found = []
    for note in (ROOT / "articles").glob(articles.TEACHER_NOTE):
        findings = note.read_text(encoding="utf-8").split("## What a careful check finds", 1)[1].split("\n## ")[0]
        found += [m.strip(" .").lower() for m in re.findall(r"^\d+\. \*\*(.+?)\*\*", findings, re.M)]
    return [f for f in found if len(f.split()) >= 4]  # "What is missing", "Limits": headings, not findings


def test_no_file_students_get_says_what_the_checks_find(copy):
    """What a teacher note finds is in no file of the copy (the practice articles' README once listed it)."""
    findings = teacher_findings()
    assert len(findings) >= 2
    for path in (p for p in copy.rglob("*") if p.is_file() and p.suffix in (".md", ".ipynb", ".txt", ".toml")):
        text = path.read_text(encoding="utf-8").lower()
        assert not [f for f in findings if f in text], path.relative_to(copy)


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
    exempt = {copy / "newslit" / "source" / "privacy.py", copy / "seeds" / SEED_NAME}
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
        from newslit.source import content
        from newslit.questions import entries as questions
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


def test_the_copy_has_the_stored_notebooks_and_the_modules_code(copy):
    """Only data differs: the notebooks are the stored ones (their outputs passed strict nbval) and
    every module of the package is the module's own."""
    for name in STUDENT_NOTEBOOKS:
        assert (copy / "notebooks" / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes(), name
    modules = sorted(p.relative_to(copy) for p in (copy / "newslit").rglob("*.py"))
    assert modules and all((copy / m).read_bytes() == (ROOT / m).read_bytes() for m in modules)


def _student_views() -> str:
    """Code that prints, as JSON, every content table as students see it (the view every notebook
    call reads: ``content.table(name, "students")``), the viewpoints with their computed shares, and
    each student notebook's first question as drawn."""
    return """
        import json
        from newslit.source import content
        from newslit.questions import entries as questions
        from newslit.notebook import widgets
        views = {name: json.loads(content.table(name, "students").to_json(orient="split")) for name in content.TABLES}
        views["viewpoints+shares"] = json.loads(content.viewpoints("students").to_json(orient="split"))
        firsts = {nb: widgets.question(questions.for_notebook(nb)[0].id)._repr_mimebundle_()
                  for nb in questions.STUDENT_NOTEBOOKS}
        print(json.dumps({"views": views, "questions": {nb: {k: v for k, v in b.items() if k.startswith("text/")}
                                                        for nb, b in firsts.items()}}))
    """


def _blank_teacher_only_addresses(views: dict) -> dict:
    """The module's references with the addresses the copy blanks (caution never-project) blanked."""
    refs = views["references"]
    url, caution = refs["columns"].index("url"), refs["columns"].index("caution")
    refs["data"] = [[("" if i == url and row[caution] == "never-project" else v) for i, v in enumerate(row)]
                    for row in refs["data"]]
    return views


def test_the_copy_computes_what_students_see_in_the_module(copy):
    """Every table view a notebook call reads, and each notebook's first question, are the same from
    the copy's package as from the module's: with the same code (above), the notebooks' outputs are
    the stored ones, which strict nbval checked. No notebook is executed again for this."""
    from_copy = in_copy(copy, _student_views())
    here = subprocess.run([sys.executable, "-c", textwrap.dedent(_student_views())], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert from_copy.returncode == 0 and here.returncode == 0, from_copy.stderr[-3000:] + here.stderr[-3000:]
    copied, module = json.loads(from_copy.stdout.splitlines()[-1]), json.loads(here.stdout.splitlines()[-1])
    assert copied["questions"] == module["questions"]
    expected = _blank_teacher_only_addresses(module["views"])
    for name in expected:
        assert copied["views"][name] == expected[name], name


def test_the_claims_tables_of_02_are_drawn_from_the_copy_as_stored(copy):
    """02's claims tables are where the copy drops the most teacher rows: every claims table 02 draws
    (directly, or once its question is answered through ``nl.after``), drawn from the copy's package with
    IPython's own formatter as a kernel draws it, has the HTML the checkout's package draws, every cell of
    every row (the plain-text rendering depends on the console's width, so only the HTML)."""
    program = """
        import ast, json, nbformat, newslit as nl
        from IPython.core.formatters import DisplayFormatter
        formatter, drawn = DisplayFormatter(), []
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
            call = cell.source.removeprefix("import newslit as nl; ")
            if cell.cell_type != "code" or "claim" not in call:
                continue
            tree = ast.parse(call, mode="eval").body
            if tree.func.attr == "after":  # nl.after(question, nl.table, *args): the table it opens
                function, args = tree.args[1].attr, tree.args[2:]
            else:
                function, args = tree.func.attr, tree.args
            if function.startswith(("claims_table", "claim_")) and function != "claim_kind_counts":
                table = getattr(nl, function)(*[ast.literal_eval(a) for a in args])
                drawn.append([call, formatter.format(table)[0]["text/html"]])
        print(json.dumps({"module": nl.__file__, "drawn": drawn}))
    """
    result = in_copy(copy, program.replace("NOTEBOOK", repr("02-claims.ipynb")))
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(report["module"]).resolve().is_relative_to(copy.resolve())
    here = subprocess.run([sys.executable, "-c", textwrap.dedent(program).replace(
        "NOTEBOOK", repr(str(ROOT / "notebooks" / "02-claims.ipynb")))], capture_output=True, text=True, cwd=ROOT)
    assert here.returncode == 0, here.stderr[-3000:]
    expected = json.loads(here.stdout.strip().splitlines()[-1])["drawn"]
    assert len(report["drawn"]) >= 4 and report["drawn"] == expected
