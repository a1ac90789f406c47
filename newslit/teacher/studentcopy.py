"""A copy of the module that students can be given: ``python -m newslit student-copy [--out DIR]``.

The copy (default ``build/student-copy/``) is built from an allow-list, so nothing new leaks into it
by accident. It holds ``run.py`` and the install files, ``seeds/``, the practice articles of notebook 07
(``articles/``, without the teacher notes), the student notebooks (00 … 07, as stored), and the ``newslit``
package with:

* its modules and the templates its pages are written from (``newslit/templates/*.html.j2``), as
  they are;
* every content table filtered to the rows whose ``audience`` is ``students``, and no web address of
  a reference marked ``never-project`` (its address spells out P6's claim);
* the question catalogue without teacher questions and without the fields only teachers use
  (``source``, and every teaching tag except the ones student code reads, ``STUDENT_TAGS``). Keys,
  feedback, model answers and the reasons of sorting items stay: the notebooks show them as
  formative feedback after a student answers, so they must be there for the notebooks to work;
* nothing of ``maintain/`` (the lesson-planning data and the tools that write ``lessons/``: plans,
  answer keys, rubric), which is not part of the package.

Left out: ``lessons/``, ``notebooks/teacher/``, ``tests/``, ``benchmarks/``, ``.ci/``, ``answers/``,
``build/``, the virtual environment and version control. A README written for students says what
the copy is. Built in a temporary folder, then moved into place.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import time
import tomllib
from importlib import resources
from pathlib import Path

from newslit import __version__
from newslit.answers.store import module_root
from newslit.source.articles import TEACHER_NOTE
from newslit.source.content import COLUMNS
from newslit.teacher.handouts import build_folder, student_notebooks

DEFAULT_OUT = Path("build") / "student-copy"
MARKER = ".newslit-student-copy"
TOP_FILES = ("run.py", "requirements.txt", "requirements-test.txt", "requirements-hub.txt", "constraints.txt",
             "pyproject.toml", ".gitignore", ".gitattributes", "LICENSE", "LICENSE.md")
FOLDERS = ("seeds", "articles")
# lesson-planning tools and data (content/lessons/ is never copied)
CODE_PACKAGES = ("source", "questions", "questions/kinds", "answers", "notebook", "classroom", "teacher", "templates",
                 "live")
CODE_SUFFIXES = (".py", ".html.j2", ".json", ".js")  # modules, the templates pages are written from, JupyterLab
# settings, the live class view's script
TEACHER_FIELDS = ("source",)
STUDENT_TAGS = ("measure",)  # newslit.notebook.studentui finds the two trust ratings by tags.measure
AUDIENCE = "students"

README = """# Reading the news critically: student copy

This is the **student copy** of the module. It holds the notebooks (00 to 07), the article they are
about, and the small Python package that runs them. The teacher's guide, the lesson plans, the class
report, teacher-only notes and the tests are not in it: your teacher has the full module.

## Start

    python3 run.py

(On Windows: `py run.py`.) The first time, it sets up a `.venv/` folder, which takes a minute or two.
Then JupyterLab opens `notebooks/00-start-here.ipynb`. Work through the notebooks in order, 00 to 07.
You do not need to write any code.

## Your answers

Every answer is saved while you work, in the `answers/` folder beside this file (one file per
student). The last cell of each notebook makes the one file you hand in to your teacher.

## The rubric

`rubric.md` shows the four levels (Beginning, Developing, Proficient, Advanced) your teacher uses
for the final brief in notebook 06, with a short example at each level.

## About the feedback

Some questions give feedback once you have answered. That feedback is part of the notebooks, so it
is in this copy too. Reading it before you try only takes the practice away from you.

## Content note

The module is about a real news story: war, and two soldiers held as prisoners of war. No images of
them are shown and nothing here names them. If the topic is hard for you, talk to your teacher about
the other task.

Built from newslit {version}. Only `python3 run.py` and `python3 run.py voila` are meant for this
copy; the test and benchmark commands need the full module.
"""


# ---------------------------------------------------------------- content tables

def filter_table(name: str, text: str) -> str:
    """A content CSV with only the students' rows (a table without an audience column is kept whole)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = COLUMNS.get(name)
    if not columns or "audience" not in columns:
        return text
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        if row["audience"].strip() != AUDIENCE:
            continue
        if row.get("caution", "").strip() == "never-project":
            row = {**row, "url": ""}  # the address itself is teacher-only (it spells out P6's claim)
        writer.writerow(row)
    return out.getvalue()


# ---------------------------------------------------------------- question catalogue

def student_entry(entry: dict) -> dict:
    """One catalogue entry as students get it: no teacher fields, only the tags student code reads."""
    kept = {k: v for k, v in entry.items() if k not in TEACHER_FIELDS and k != "tags"}
    tags = {k: v for k, v in (entry.get("tags") or {}).items() if k in STUDENT_TAGS}
    if tags:
        kept["tags"] = tags
    return kept


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else json.dumps(name, ensure_ascii=False)


def toml_value(value) -> str:
    """A TOML value (strings, whole numbers, booleans, lists, inline tables): what the catalogue uses."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[\n" + "".join(f"  {toml_value(v)},\n" for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def catalogue_file(entries: list[dict], heading: str) -> str:
    """A catalogue TOML file of these entries; checked by reading it back."""
    blocks = [f"# {heading}\n"]
    for entry in entries:
        blocks.append("[[question]]\n" + "".join(f"{_key(k)} = {toml_value(v)}\n" for k, v in entry.items()))
    text = "\n".join(blocks)
    if tomllib.loads(text).get("question", []) != entries:
        raise ValueError(f"{heading}: the written catalogue does not read back the same")
    return text


def student_catalogue(text: str, name: str) -> str:
    entries = [student_entry(e) for e in tomllib.loads(text).get("question", []) if e.get("notebook") != "teacher"]
    return catalogue_file(entries, f"Student copy of {name}: teacher fields ({', '.join(TEACHER_FIELDS)}, "
                                   "teaching tags) left out. Schema: newslit/questions/entries.py.")


# ---------------------------------------------------------------- the copy

def _package_files():
    """(relative path, text) of every file of the package the copy keeps, changed for students."""
    package = resources.files("newslit")
    for folder, prefix in [(package, "newslit")] + [(package.joinpath(sub), f"newslit/{sub}") for sub in CODE_PACKAGES]:
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.endswith(CODE_SUFFIXES):
                yield f"{prefix}/{item.name}", item.read_text(encoding="utf-8")
    content = package.joinpath("content")
    for item in sorted(content.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".csv"):
            yield f"newslit/content/{item.name}", filter_table(item.name[:-4], item.read_text(encoding="utf-8"))
        elif item.name.endswith(".md"):
            yield f"newslit/content/{item.name}", item.read_text(encoding="utf-8")
    for sub in ("tasks", "tasks/warmups"):  # the before-and-after task and the warm-ups: what students check
        for item in sorted(content.joinpath(sub).iterdir(), key=lambda p: p.name):
            if item.name.endswith((".toml", ".md")):
                yield f"newslit/content/{sub}/{item.name}", item.read_text(encoding="utf-8")
    questions = content.joinpath("questions")
    for item in sorted(questions.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            yield (f"newslit/content/questions/{item.name}",
                   student_catalogue(item.read_text(encoding="utf-8"), item.name))


def write_copy(root: Path, target: Path) -> int:
    """Fill ``target`` (an empty folder) with the student copy; returns how many files were written."""
    count = 0
    for name in TOP_FILES:
        if (root / name).is_file():
            shutil.copy2(root / name, target / name)
            count += 1
    for folder in FOLDERS:
        shutil.copytree(root / folder, target / folder,
                        ignore=shutil.ignore_patterns("__pycache__", ".*", TEACHER_NOTE))
        count += sum(1 for p in (target / folder).rglob("*") if p.is_file())
    (target / "notebooks").mkdir()
    for path in student_notebooks(root):
        shutil.copy2(path, target / "notebooks" / path.name)
        count += 1
    shim = root / "notebooks" / "newslit.py"  # lets the notebooks find ../newslit/ with nothing installed
    if shim.is_file():
        shutil.copy2(shim, target / "notebooks" / shim.name)
        count += 1
    for relative, text in _package_files():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")
        count += 1
    rubric = root / "lessons" / "rubric.md"  # student-safe; notebook 06's self-assessment uses its levels
    if rubric.is_file():
        shutil.copy2(rubric, target / "rubric.md")
        count += 1
    (target / "README.md").write_text(README.format(version=__version__), encoding="utf-8")
    (target / MARKER).write_text("Built by `python -m newslit student-copy`; safe to replace.\n", encoding="utf-8")
    return count + 2


def build(out: Path, root: Path | None = None) -> int:
    """Write the student copy into ``out`` (built beside it first, then moved into place)."""
    root = root or module_root()
    return build_folder(out, MARKER, lambda folder: write_copy(root, folder))


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, default=None,
                        help=f"folder to write into (default: {DEFAULT_OUT}/ at the module's root)")


def run(args) -> int:
    out = (args.out or module_root() / DEFAULT_OUT).resolve()
    start = time.perf_counter()
    try:
        count = build(out)
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Wrote the student copy ({count} files) to {out} in {time.perf_counter() - start:.1f} s.")
    print("It has no lessons/, teacher notebook, teacher-only rows or teacher notes; give students this folder.")
    return 0
