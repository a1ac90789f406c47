"""The module as a download or an nbgitpuller pull leaves it: the tracked files in some folder, and
`newslit` NOT installed. A kernel started there by a Python that has the dependencies (pandas,
ipywidgets, matplotlib, Jupyter) but not newslit must load the package from the copy
(``notebooks/newslit.py`` hands over to the copy's ``newslit/``) and draw a question exactly as the
stored notebook shows it, or say clearly what to do. This checks the route, not the notebooks: the
notebooks are executed by strict nbval (empty and pre-filled) and in the browser tests, and what they
call is the same package code, so a kernel that got the copy's package runs them the same way.

The Python without newslit is a throw-away virtual environment whose one ``.pth`` line adds the
project venv's site-packages to its path. Lines of a ``.pth`` file add folders without processing the
``.pth`` files inside them, so the editable install's finder (``__editable___newslit_*_finder``,
installed by a ``.pth`` in that site-packages) is never loaded.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
def tracked_copy(target: Path) -> Path:
    """Copy the module's files as a clone would have them: what git tracks, plus new files it does not
    ignore (no venv, no answers, no build output)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def python_without_newslit(folder: Path) -> Path:
    """A venv with every dependency of the project venv on its path, but no newslit install."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    (Path(purelib) / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PYTHONNOUSERSITE="1", **extra)
    return env


# A probe notebook run by a real kernel of the Python without newslit, from the copy's notebooks/ (a
# kernel starts in its notebook's folder): which Python and which newslit it got, where answers go,
# and one question drawn as notebook 00 draws it. Two cells, not a whole notebook: the notebooks
# themselves are executed by strict nbval (twice) and in the browser tests.
KERNEL_RUNNER = textwrap.dedent("""
    import json, sys
    import nbformat
    from nbclient import NotebookClient
    folder, cells = sys.argv[1], json.loads(sys.argv[2])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": folder}}).execute()
    print(json.dumps([[o for o in c.outputs] for c in nb.cells]))
""")
PROBE = ("import sys, newslit as nl\nfrom newslit.answers.store import default_folder, module_root\n"
         "print(sys.executable); print(nl.__file__); print(module_root()); print(default_folder())")
QUESTION = "n00-practice-choice"


def stored_output(notebook: Path, call: str) -> dict:
    """The stored output of the code cell whose source is ``call`` (nbformat joins multi-line strings)."""
    import nbformat

    cell = next(c for c in nbformat.read(str(notebook), as_version=4).cells
                if c.cell_type == "code" and c.source.strip().removeprefix("import newslit as nl; ") == call)
    (output,) = cell.outputs
    return output["data"]


@pytest.fixture(scope="module")
def copy_and_python(tmp_path_factory):
    base = tmp_path_factory.mktemp("copied")
    copy = tracked_copy(base / "news-module")
    python = python_without_newslit(base / "python-without-newslit")
    return copy, python


def in_folder(python: Path, folder: Path, code: str, **env) -> subprocess.CompletedProcess:
    """``python -c code`` started in ``folder``, as a kernel starts in its notebook's folder."""
    return subprocess.run([str(python), "-c", code], cwd=folder, env=clean_env(**env), capture_output=True,
                          text=True, timeout=300)


def test_the_copy_is_what_a_download_gives(copy_and_python):
    copy, _ = copy_and_python
    for left_out in (".git", ".venv", "answers", "test-results"):
        assert not (copy / left_out).exists(), left_out
    assert (copy / "run.py").is_file() and (copy / "newslit" / "__init__.py").is_file()
    assert (copy / "notebooks" / "newslit.py").is_file(), "the hand-over to ../newslit must be in the copy"


def test_the_python_really_lacks_newslit(copy_and_python):
    _, python = copy_and_python
    check = subprocess.run([str(python), "-c", "import pandas, ipywidgets, nbclient; import newslit"],
                           cwd=python.parent, env=clean_env(), capture_output=True, text=True)
    assert "No module named 'newslit'" in check.stderr, check.stderr[-2000:]


def test_a_kernel_in_the_copy_loads_the_copys_package_and_draws_a_question(copy_and_python, tmp_path):
    copy, python = copy_and_python
    answers = tmp_path / "answers"
    env = clean_env(NEWSLIT_ANSWERS=str(answers), JUPYTER_PATH="", JUPYTER_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([str(python), "-c", KERNEL_RUNNER, str(copy / "notebooks"),
                           json.dumps([PROBE, f'nl.ask("{QUESTION}")'])],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    probe, asked = json.loads(done.stdout.strip().splitlines()[-1])
    assert [o["output_type"] for o in probe] == ["stream"], probe  # no error, no stderr
    executable, package, root, folder = probe[0]["text"].splitlines()
    assert Path(executable).parent == python.parent, "the kernel ran the Python without newslit"
    assert Path(package) == copy / "newslit" / "__init__.py", "the package came from the copy"
    assert Path(root) == copy and Path(folder) == answers
    (shown,) = asked
    stored = stored_output(copy / "notebooks" / "00-start-here.ipynb", f'nl.ask("{QUESTION}")')
    for mime in ("text/plain", "text/html"):
        assert shown["data"][mime] == stored[mime], f"the question is drawn as the stored notebook shows it ({mime})"


def test_the_teacher_folder_loads_the_copys_package_and_its_sample_class(copy_and_python):
    copy, python = copy_and_python
    done = in_folder(python, copy / "notebooks" / "teacher", textwrap.dedent("""
        import json, newslit
        from newslit.classroom import load as classroom
        cls = classroom.load_class(classroom.sample_class_folder())
        print(json.dumps([newslit.__file__, str(classroom.sample_class_folder()), len(cls.answers), len(cls.skipped)]))
    """))
    assert done.returncode == 0 and done.stderr == "", done.stderr[-3000:]
    package, sample, students, skipped = json.loads(done.stdout)
    assert Path(package) == copy / "newslit" / "__init__.py"
    assert Path(sample).is_relative_to(copy / "notebooks" / "teacher") and students > 10 and skipped == 0


def test_the_hand_over_says_what_to_do_when_the_package_folder_is_missing(tmp_path, copy_and_python):
    _, python = copy_and_python
    notebooks = tmp_path / "only-notebooks"
    notebooks.mkdir()
    shutil.copy2(ROOT / "notebooks" / "newslit.py", notebooks / "newslit.py")
    check = subprocess.run([str(python), "-c", "import newslit"], cwd=notebooks, env=clean_env(),
                           capture_output=True, text=True)
    assert check.returncode != 0
    assert "python3 run.py" in check.stderr and "run.py, newslit/ and notebooks/" in check.stderr


def test_every_notebook_folder_hands_over_through_the_one_hand_over(copy_and_python, tmp_path):
    """Each folder that holds notebooks needs a hand-over (a kernel starts in its notebook's folder),
    and those below notebooks/ run notebooks/newslit.py rather than copy it: a changed
    notebooks/newslit.py is what every folder runs."""
    copy, python = copy_and_python
    folders = sorted({p.parent for p in (copy / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts})
    assert copy / "notebooks" in folders and len(folders) > 1
    changed = tmp_path / "changed"
    shutil.copytree(copy / "notebooks", changed / "notebooks")
    (changed / "notebooks" / "newslit.py").write_text('raise ImportError("the one hand-over ran")\n', encoding="utf-8")
    for folder in folders:
        moved = changed / folder.relative_to(copy)
        assert (moved / "newslit.py").is_file(), f"{folder.relative_to(copy)} has no hand-over"
        done = in_folder(python, moved, "import newslit")
        assert "the one hand-over ran" in done.stderr, (folder, done.stderr[-2000:])


def test_notebooks_copied_out_of_the_module_use_the_installed_package(tmp_path):
    """E.g. a hub image with newslit installed and only notebooks/ handed out (or the browser tests'
    served copy): the hand-over finds no ../newslit and falls back to the installed package."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    for folder in (tmp_path / "notebooks", tmp_path / "notebooks" / "teacher"):
        found = subprocess.run([sys.executable, "-c", "import newslit.questions.entries as q, newslit; "
                                "print(newslit.__file__); print(len(q.catalogue()))"],
                               cwd=folder, env=clean_env(), capture_output=True, text=True)
        package, count = found.stdout.split()
        assert Path(package) == ROOT / "newslit" / "__init__.py", found.stderr[-2000:]
        assert int(count) > 0
